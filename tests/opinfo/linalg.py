"""Table rows for matrix products, contractions, cross products, distances and norms."""
import math
import operator as op
import warnings

import numpy as np

from tests.opinfo.core import Check, OpInfo, Sample, func, method, operator

WITH_INTS = ('float32', 'float64', 'int64')
INF = math.inf


def _matmul_samples(make):
    shapes = [((4,), (4,)), ((3, 4), (4,)), ((4,), (4, 5)), ((3, 4), (4, 5)),
              ((2, 3, 4), (4,)), ((2, 3, 4), (4, 5)), ((4,), (2, 4, 5)), ((3, 4), (2, 4, 5)),
              ((2, 3, 4), (2, 4, 5)), ((2, 1, 3, 4), (5, 4, 2)), ((2, 3, 4), (1, 4, 5))]
    return [Sample((make(*a), make(*b)), note=f'{a}@{b}') for a, b in shapes]


def _matmul_errors(make):
    return [Sample((make(2, 3), make(4, 5)), note='2d'), Sample((make(3), make(4)), note='1d'),
            Sample((make(2, 3), make(4)), note='mv'), Sample((make(3), make(4, 5)), note='vm'),
            Sample((make(2, 2, 3), make(2, 4, 5)), note='bmm'),
            Sample((make(2, 2, 3), make(3, 3, 4)), note='batch broadcast'),
            Sample((make(), make(3)), note='0-d')]


def _quiet(call):
    """`call` with the deprecation warnings of torch.cross (without dim) and chain_matmul, which
    both libraries give, kept out of the test report."""
    def quiet(lib, *args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', UserWarning)
            return call(lib, *args, **kwargs)
    quiet.__name__ = call.__name__
    return quiet


def _inplace(name):
    """Call the in-place method on a non-leaf copy, so that autograd records it."""
    def call(lib, x, *args, **kwargs):
        return getattr(x * 1, name)(*args, **kwargs)
    call.__name__ = name
    return call


# --- fused products --------------------------------------------------------------------------

def _addmm_samples(make):
    return [Sample((make(3, 5), make(3, 4), make(4, 5))),
            Sample((make(5), make(3, 4), make(4, 5)), note='broadcast input'),
            Sample((make(), make(3, 4), make(4, 5)), note='0-d input'),
            Sample((make(3, 5), make(3, 4), make(4, 5)), {'beta': 0.5, 'alpha': 2}),
            Sample((make(3, 5), make(3, 4), make(4, 5)), {'beta': 0}),
            Sample((make(0, 5), make(0, 4), make(4, 5)), note='empty'),
            Sample((make(3, 5), make(3, 0), make(0, 5)), note='empty inner dim')]


def _addmm_errors(make):
    return [Sample((make(3, 5), make(3, 4), make(3, 5)), note='shapes'),
            Sample((make(3, 5), make(4), make(4, 5)), note='1-d mat1'),
            Sample((make(3, 5), make(3, 4), make(4, 5, 1)), note='3-d mat2'),
            Sample((make(4, 4), make(3, 4), make(4, 5)), note='input shape')]


def _addmv_samples(make):
    return [Sample((make(3), make(3, 4), make(4))),
            Sample((make(1), make(3, 4), make(4)), note='broadcast input'),
            Sample((make(), make(3, 4), make(4)), note='0-d input'),
            Sample((make(3), make(3, 4), make(4)), {'beta': 2, 'alpha': 0.5}),
            Sample((make(3), make(3, 4), make(4)), {'beta': 0}),
            Sample((make(3), make(3, 0), make(0)), note='empty')]


def _addmv_errors(make):
    return [Sample((make(3), make(3, 4), make(5)), note='vec size'),
            Sample((make(4), make(3, 4), make(4)), note='input size'),
            Sample((make(3, 3), make(3, 4), make(4)), note='2-d input'),
            Sample((make(3), make(4), make(4)), note='1-d mat')]


def _addr_samples(make):
    return [Sample((make(3, 4), make(3), make(4))),
            Sample((make(4), make(3), make(4)), note='broadcast input'),
            Sample((make(), make(3), make(4)), note='0-d input'),
            Sample((make(3, 4), make(3), make(4)), {'beta': 0.5, 'alpha': -2}),
            Sample((make(3, 4), make(3), make(4)), {'beta': 0}),
            Sample((make(0, 4), make(0), make(4)), note='empty')]


def _addr_errors(make):
    return [Sample((make(3, 4), make(3, 1), make(4)), note='2-d vec1'),
            Sample((make(3, 3), make(3), make(4)), note='input shape'),
            Sample((make(2, 3, 4), make(3), make(4)), note='3-d input')]


def _baddbmm_samples(make):
    return [Sample((make(2, 3, 5), make(2, 3, 4), make(2, 4, 5))),
            Sample((make(3, 5), make(2, 3, 4), make(2, 4, 5)), note='broadcast input'),
            Sample((make(2, 3, 5), make(2, 3, 4), make(2, 4, 5)), {'beta': 0.5, 'alpha': 3}),
            Sample((make(2, 3, 5), make(2, 3, 4), make(2, 4, 5)), {'beta': 0}),
            Sample((make(0, 3, 5), make(0, 3, 4), make(0, 4, 5)), note='no batches')]


def _baddbmm_errors(make):
    return [Sample((make(2, 3, 5), make(2, 3, 4), make(2, 3, 5)), note='shapes'),
            Sample((make(2, 3, 5), make(2, 3, 4), make(3, 4, 5)), note='batches'),
            Sample((make(3, 3, 5), make(2, 3, 4), make(2, 4, 5)), note='input shape'),
            Sample((make(2, 3), make(2, 3), make(3, 2)), note='2-d batches')]


def _addbmm_samples(make):
    return [Sample((make(3, 5), make(2, 3, 4), make(2, 4, 5))),
            Sample((make(5), make(2, 3, 4), make(2, 4, 5)), note='broadcast input'),
            Sample((make(3, 5), make(2, 3, 4), make(2, 4, 5)), {'beta': -1, 'alpha': 0.5}),
            Sample((make(3, 5), make(2, 3, 4), make(2, 4, 5)), {'beta': 0}),
            Sample((make(3, 5), make(0, 3, 4), make(0, 4, 5)), note='no batches')]


def _addbmm_errors(make):
    return [Sample((make(3, 5), make(2, 3, 4), make(2, 3, 5)), note='shapes'),
            Sample((make(3, 5), make(2, 3, 4), make(3, 4, 5)), note='batches'),
            Sample((make(4, 5), make(2, 3, 4), make(2, 4, 5)), note='input shape'),
            Sample((make(3, 5), make(3, 4), make(2, 4, 5)), note='2-d batch1')]


# --- other products --------------------------------------------------------------------------

def _vdot_samples(make):
    return [Sample((make(4), make(4))), Sample((make(0), make(0)), note='empty')]


def _vdot_errors(make):
    return [Sample((make(4), make(5)), note='sizes'), Sample((make(2, 2), make(2, 2)), note='2-d')]


def _inner_samples(make):
    return [Sample((make(4), make(4))), Sample((make(3, 4), make(4))),
            Sample((make(2, 3, 4), make(5, 4))), Sample((make(), make(3, 4)), note='0-d'),
            Sample((make(3, 4), make()), note='0-d other'), Sample((make(0, 4), make(2, 4)))]


def _kron_samples(make):
    return [Sample((make(2, 3), make(3, 2))), Sample((make(3), make(2))),
            Sample((make(2, 3), make(4)), note='fewer dims'),
            Sample((make(2), make(2, 1, 3)), note='fewer dims first'),
            Sample((make(), make(3)), note='0-d'), Sample((make(0, 2), make(2, 2)), note='empty')]


def _einsum_samples(make):
    equations = [
        ('ij,jk->ik', (3, 4), (4, 5)), ('ij,jk', (3, 4), (4, 5)), ('ii', (3, 3)),
        ('ii->i', (3, 3)), ('ij->', (3, 4)), ('ij->ji', (3, 4)), ('ij', (3, 4)),
        ('ij,ij->ij', (3, 4), (3, 4)), ('i,i', (4,), (4,)), ('i,j->ij', (3,), (4,)),
        ('bij,bjk->bik', (2, 3, 4), (2, 4, 5)), ('...ij,...jk', (2, 3, 4), (4, 5)),
        ('b...,b...->b', (2, 3, 4), (2, 3, 4)), ('ij,jk,kl->il', (2, 3), (3, 4), (4, 2)),
        ('iij->j', (3, 3, 2)), ('ij,kj,j->ik', (2, 3), (4, 3), (3,)),
        ('i,i->', (1,), (4,)), ('ai,bi->ab', (2, 1), (3, 4)), ('ij,jk->ik', (0, 3), (3, 2)),
        ('Ab,bc->Ac', (2, 3), (3, 2)), ('i j , j k -> i k', (2, 3), (3, 2))]
    samples = [Sample((equation,) + tuple(make(*shape) for shape in shapes), note=equation)
               for equation, *shapes in equations]
    samples.append(Sample(('ij,jk->ik', [make(2, 3), make(3, 4)]), note='operand list'))
    return samples


def _einsum_errors(make):
    return [Sample(('ij,jk', make(2, 3)), note='fewer operands'),
            Sample(('ijk', make(2, 3)), note='dims'),
            Sample(('ij,jk', make(2, 3), make(4, 2)), note='sizes'),
            Sample(('ij->k', make(2, 3)), note='unknown output'),
            Sample(('ij->ii', make(2, 3)), note='repeated output'),
            Sample(('i1', make(2, 3)), note='bad subscript'),
            Sample(('ii', make(2, 3)), note='diagonal sizes'),
            Sample(('i', make(2), make(2)), note='more operands'),
            Sample(('...i,...i', make(2, 3), make(4, 3)), note='ellipsis sizes'),
            Sample(('ii',), note='no operand')]


def _einsum_sublist(lib, a, b):
    return lib.einsum(a, [0, 1], b, [1, 2], [0, 2])


def _tensordot_samples(make):
    return [Sample((make(3, 4), make(4, 5)), {'dims': 1}),
            Sample((make(2, 3, 4), make(3, 4, 5))),
            Sample((make(2, 3, 4), make(4, 3, 5)), {'dims': ([1, 2], [1, 0])}),
            Sample((make(2, 3), make(3, 2)), {'dims': ([0], [1])}),
            Sample((make(2, 3), make(4, 5)), {'dims': 0}),
            Sample((make(2, 1), make(4, 5)), {'dims': ([1], [0])}, note='size-1 dim'),
            Sample((make(2, 4), make(1, 5)), {'dims': ([1], [0])}, note='size-1 other dim'),
            Sample((make(2, 3, 4), make(4, 3)), {'dims': ([-1, -2], [0, 1])}),
            Sample((make(0, 3), make(3, 2)), {'dims': 1})]


def _tensordot_errors(make):
    return [Sample((make(2, 3), make(4, 3)), {'dims': ([1], [0])}, note='sizes'),
            Sample((make(2, 3), make(3, 3)), {'dims': -1}, note='negative dims'),
            Sample((make(2, 3), make(3, 3)), {'dims': 3}, note='too many dims'),
            Sample((make(2, 3), make(3, 3)), {'dims': ([0, 1], [0])}, note='lengths'),
            Sample((make(2, 3), make(3, 3)), {'dims': 'a'}, note='bad dims'),
            Sample((make(2, 3), make(3, 2)), {'dims': (1, 0)}, note='ints in a tuple'),
            Sample((make(3, 3), make(3, 3)), {'dims': ([0, 0], [0, 1])}, note='repeated dim')]


# --- cross products and distances ------------------------------------------------------------

def _cross_samples(make):
    return [Sample((make(3), make(3))), Sample((make(4, 3), make(4, 3))),
            Sample((make(4, 3), make(1, 3)), note='broadcast'),
            Sample((make(3, 2), make(3, 2)), {'dim': 0}),
            Sample((make(2, 3, 4), make(2, 3, 4)), {'dim': -2}),
            Sample((make(0, 3), make(0, 3)), note='empty')]


def _cross_errors(make):
    return [Sample((make(2, 2), make(2, 2)), note='length'),
            Sample((make(2, 3), make(4, 3)), note='broadcast'),
            Sample((make(3), make(2, 3)), note='dims'),
            Sample((make(2, 3), make(2, 3)), {'dim': 2}, note='dim out of range'),
            Sample((make(3, 2), make(3, 2)), {'dim': 1}, note='dim length')]


def _torch_cross_samples(make):
    return [Sample((make(4, 3), make(4, 3)), {'dim': 1}),
            Sample((make(3, 4), make(3, 4)), {'dim': 0}),
            Sample((make(3, 4), make(3, 4)), note='first dim of size 3'),
            Sample((make(2, 3), make(2, 3)), note='first dim of size 3')]


def _cdist_samples(make):
    return [Sample((make(3, 2), make(4, 2))), Sample((make(3, 2), make(4, 2)), {'p': 1.0}),
            Sample((make(3, 2), make(4, 2)), {'p': 0.0}),
            Sample((make(3, 2), make(4, 2)), {'p': INF}),
            Sample((make(3, 2), make(4, 2)), {'p': 3.0}),
            Sample((make(3, 2), make(4, 2)), {'p': 1.5}),
            Sample((make(2, 3, 2), make(4, 2)), note='batch'),
            Sample((make(2, 1, 3, 2), make(3, 4, 2)), {'p': 1.0}, note='broadcast batch'),
            Sample((make(30, 2), make(4, 2)), {'p': 1.0}, note='many rows, p=1'),
            Sample((make(3, 2), make(4, 2)), {'compute_mode': 'donot_use_mm_for_euclid_dist'}),
            Sample((make(0, 2), make(4, 2)), note='empty'),
            Sample((make(3, 0), make(4, 0)), note='no columns')]


def _cdist_mm_samples(make):
    return [Sample((make(30, 2), make(4, 2)), note='many rows'),
            Sample((make(3, 2), make(4, 2)), {'compute_mode': 'use_mm_for_euclid_dist'}),
            Sample((make(2, 3, 2), make(2, 4, 2)), {'compute_mode': 'use_mm_for_euclid_dist'}),
            Sample((make(2, 3, 2), make(4, 2)), {'compute_mode': 'use_mm_for_euclid_dist'},
                   note='broadcast batch')]


def _cdist_errors(make):
    return [Sample((make(3), make(3)), note='1-d'),
            Sample((make(3, 2), make(3, 4)), note='columns'),
            Sample((make(3, 2), make(3, 2)), {'p': -1.0}, note='negative p'),
            Sample((make(2, 3, 2), make(3, 3, 2)), {'compute_mode': 'use_mm_for_euclid_dist'},
                   note='batch'),
            Sample((make(3, 2), make(3, 2)), {'compute_mode': 'mm'}, note='mode')]


# --- chains of products ----------------------------------------------------------------------

def _multi_dot_call(lib, *tensors):
    return lib.linalg.multi_dot(list(tensors))


def _multi_dot_samples(make):
    chains = [[(3, 4), (4, 5)], [(4,), (4, 5)], [(3, 4), (4,)], [(4,), (4,)],
              [(2, 3), (3, 4), (4, 5)], [(5, 3), (3, 4), (4, 2)], [(3,), (3, 4), (4,)],
              [(2, 3), (3, 4), (4, 5), (5, 2)], [(6, 2), (2, 5), (5, 1), (1, 4), (4, 3)],
              [(0, 3), (3, 2)]]
    return [Sample(tuple(make(*shape) for shape in chain), note=str(chain)) for chain in chains]


def _multi_dot_errors(make):
    return [Sample((make(3, 3),), note='one tensor'),
            Sample((make(2, 3, 3), make(3, 3)), note='3-d first'),
            Sample((make(3, 3), make(3), make(3, 3)), note='1-d middle'),
            Sample((make(3, 3), make(3, 3, 3)), note='3-d last'),
            Sample((make(3, 3), make(4, 3)), note='shapes')]


def _chain_matmul_samples(make):
    chains = [[(3, 4)], [(3, 4), (4, 5)], [(2, 3), (3, 4), (4, 5), (5, 2)]]
    return [Sample(tuple(make(*shape) for shape in chain), note=str(chain)) for chain in chains]


def _chain_matmul_errors(make):
    return [Sample((make(3, 3), make(3)), note='1-d'), Sample((), note='none'),
            Sample((make(3, 3), make(4, 3)), note='shapes')]


# --- norms -----------------------------------------------------------------------------------

def _vector_norm_samples(make):
    x = make(3, 4)
    with_zero = make(5)
    with_zero[2] = 0
    samples = [Sample((x,), {'ord': ord}, note=f'ord={ord}')
               for ord in (2, 1, 3, 0.5, 1.5, INF, -INF, -1, 0)]
    return samples + [
        Sample((make(2, 3, 4),), {'dim': 1}), Sample((make(2, 3, 4),), {'dim': (0, 2)}),
        Sample((make(2, 3, 4),), {'dim': -1, 'keepdim': True}),
        Sample((make(2, 3, 4),), {'ord': INF, 'dim': (1, 2), 'keepdim': True}),
        Sample((make(2, 3, 4),), {'ord': 3, 'dim': 0}), Sample((make(),)),
        Sample((make(),), {'ord': INF}), Sample((make(0, 3),)),
        Sample((make(0, 3),), {'ord': INF, 'dim': 1}),
        Sample((with_zero,), {'ord': 2}, note='a zero'), Sample((with_zero,), {'ord': 1.5}),
        Sample((with_zero,), {'ord': 3}), Sample((with_zero,), {'ord': 0.5}),
        Sample((make(1, 3, 1),), {'dim': (0, 2)}, note='size-1 dims'),
        Sample((make(1, 3, 1),), {'ord': 3, 'dim': (0, 2), 'keepdim': True}),
        Sample((np.zeros((3,)),), note='zero vector', gradcheck=False)]


def _vector_norm_errors(make):
    return [Sample((make(0),), {'ord': INF}, note='empty inf'),
            Sample((make(0, 3),), {'ord': -1, 'dim': 0}, note='empty dim'),
            Sample((make(3, 4),), {'dim': 2}, note='dim out of range'),
            Sample((make(3, 4),), {'dim': (0, 0)}, note='repeated dim')]


def _vector_norm_float64(lib, x, **kwargs):
    return lib.linalg.vector_norm(x, dtype=lib.float64, **kwargs)


def _matrix_norm_samples(make):
    return [Sample((make(3, 4),), {'ord': ord}, note=f'ord={ord}')
            for ord in ('fro', 'nuc', 2, -2, 1, -1, INF, -INF)] + [
        Sample((make(2, 3, 4),)), Sample((make(2, 3, 4),), {'ord': 'nuc', 'keepdim': True}),
        Sample((make(2, 3, 4),), {'ord': 2, 'dim': (0, 2)}),
        Sample((make(2, 3, 4),), {'ord': -2, 'dim': (2, 0), 'keepdim': True}),
        Sample((make(2, 3, 4),), {'ord': 1, 'dim': (2, 1)}),
        Sample((make(2, 3, 4),), {'ord': INF, 'dim': (0, 1), 'keepdim': True}),
        Sample((make(2, 3, 4),), {'ord': -1, 'dim': (-1, -3)})]


def _matrix_norm_errors(make):
    return [Sample((make(3, 3),), {'ord': 3}, note='order'),
            Sample((make(3, 3),), {'ord': 'foo'}, note='order name'),
            Sample((make(3),), note='1-d'),
            Sample((make(3, 3),), {'dim': (0, 0)}, note='same dims'),
            Sample((make(3, 3, 3),), {'dim': (0, 1, 2)}, note='three dims')]


def _norm_samples(make):
    return [Sample((make(4),)), Sample((make(3, 4),)), Sample((make(2, 3, 4),)),
            Sample((make(4),), {'ord': 1}), Sample((make(4),), {'ord': INF}),
            Sample((make(3, 4),), {'ord': 'fro'}), Sample((make(3, 4),), {'ord': 'nuc'}),
            Sample((make(3, 4),), {'ord': 2}), Sample((make(3, 4),), {'ord': -INF}),
            Sample((make(2, 3, 4),), {'dim': 1}), Sample((make(2, 3, 4),), {'ord': 3, 'dim': 1}),
            Sample((make(2, 3, 4),), {'ord': 1, 'dim': (0, 1), 'keepdim': True}),
            Sample((make(2, 3, 4),), {'dim': (1, 2)})]


def _norm_errors(make):
    return [Sample((make(2, 3, 3),), {'ord': 2}, note='3-d with ord'),
            Sample((make(2, 3, 3),), {'dim': (0, 1, 2)}, note='three dims'),
            Sample((make(2, 3, 3),), {'ord': 'fro'}, note='3-d with fro')]


OPS = [
    OpInfo('matmul', func('matmul'), _matmul_samples, dtypes=('float32', 'float64', 'int64'),
           errors=_matmul_errors),
    OpInfo('matmul_operator', operator(op.matmul), _matmul_samples),
    OpInfo('mm', func('mm'), lambda make: [Sample((make(3, 4), make(4, 5)))],
           errors=lambda make: [Sample((make(3, 4), make(5, 5)), note='shapes'),
                                Sample((make(3), make(3, 5)), note='1-d')]),
    OpInfo('mv', func('mv'), lambda make: [Sample((make(3, 4), make(4)))],
           errors=lambda make: [Sample((make(3, 4), make(5)), note='shapes')]),
    OpInfo('dot', func('dot'), lambda make: [Sample((make(4), make(4)))],
           errors=lambda make: [Sample((make(4), make(5)), note='shapes'),
                                Sample((make(2, 2), make(2, 2)), note='2-d')]),
    OpInfo('bmm', func('bmm'), lambda make: [Sample((make(2, 3, 4), make(2, 4, 5)))],
           errors=lambda make: [Sample((make(2, 3, 4), make(3, 4, 5)), note='batch'),
                                Sample((make(3, 4), make(4, 5)), note='2-d')]),
    OpInfo('outer', func('outer'), lambda make: [Sample((make(3), make(4)))]),
    OpInfo('ger', func('ger'),
           lambda make: [Sample((make(3), make(4))), Sample((make(0), make(2)), note='empty')]),
    OpInfo('Tensor.ger', method('ger'), lambda make: [Sample((make(3), make(4)))]),
    OpInfo('linalg.matmul', func('linalg.matmul'), _matmul_samples, errors=_matmul_errors),
    OpInfo('addmm', func('addmm'), _addmm_samples, dtypes=WITH_INTS, errors=_addmm_errors),
    OpInfo('Tensor.addmm', method('addmm'), _addmm_samples),
    OpInfo('Tensor.addmm_', _inplace('addmm_'), lambda make: _addmm_samples(make)[3:5]),
    OpInfo('addmv', func('addmv'), _addmv_samples, dtypes=WITH_INTS, errors=_addmv_errors),
    OpInfo('Tensor.addmv', method('addmv'), _addmv_samples),
    OpInfo('Tensor.addmv_', _inplace('addmv_'), lambda make: _addmv_samples(make)[3:5]),
    OpInfo('addmv_', lambda lib, x, *args, **kwargs: lib.addmv_(x * 1, *args, **kwargs),
           lambda make: _addmv_samples(make)[3:5]),
    OpInfo('addr', func('addr'), _addr_samples, dtypes=WITH_INTS[:2], errors=_addr_errors),
    OpInfo('Tensor.addr', method('addr'), _addr_samples),
    OpInfo('Tensor.addr_', _inplace('addr_'), lambda make: _addr_samples(make)[3:5]),
    OpInfo('baddbmm', func('baddbmm'), _baddbmm_samples, dtypes=WITH_INTS,
           errors=_baddbmm_errors),
    OpInfo('Tensor.baddbmm', method('baddbmm'), _baddbmm_samples),
    OpInfo('Tensor.baddbmm_', _inplace('baddbmm_'), lambda make: _baddbmm_samples(make)[2:4]),
    OpInfo('addbmm', func('addbmm'), _addbmm_samples, dtypes=WITH_INTS, errors=_addbmm_errors),
    OpInfo('Tensor.addbmm', method('addbmm'), _addbmm_samples),
    OpInfo('Tensor.addbmm_', _inplace('addbmm_'), lambda make: _addbmm_samples(make)[2:4]),
    OpInfo('vdot', func('vdot'), _vdot_samples, dtypes=WITH_INTS, errors=_vdot_errors),
    OpInfo('Tensor.vdot', method('vdot'), _vdot_samples),
    OpInfo('inner', func('inner'), _inner_samples, dtypes=WITH_INTS,
           errors=lambda make: [Sample((make(2, 3), make(2, 4)), note='last dims')]),
    OpInfo('Tensor.inner', method('inner'), _inner_samples),
    OpInfo('kron', func('kron'), _kron_samples, dtypes=WITH_INTS),
    OpInfo('Tensor.kron', method('kron'), _kron_samples),
    OpInfo('einsum', func('einsum'), _einsum_samples, dtypes=WITH_INTS, errors=_einsum_errors),
    OpInfo('einsum_sublist', _einsum_sublist, lambda make: [Sample((make(2, 3), make(3, 4)))]),
    OpInfo('tensordot', func('tensordot'), _tensordot_samples, dtypes=WITH_INTS,
           errors=_tensordot_errors),
    OpInfo('linalg.cross', func('linalg.cross'), _cross_samples, dtypes=WITH_INTS,
           errors=_cross_errors),
    OpInfo('cross', _quiet(func('cross')), _torch_cross_samples,
           errors=lambda make: [Sample((make(2, 2), make(2, 2)), note='no dim of size 3')]),
    OpInfo('Tensor.cross', _quiet(method('cross')), _torch_cross_samples),
    OpInfo('cdist', func('cdist'), _cdist_samples, errors=_cdist_errors,
           skips={Check.SECOND_ORDER: "torch has no derivative for _cdist_backward"}),
    OpInfo('cdist_mm', func('cdist'), _cdist_mm_samples),
    OpInfo('linalg.multi_dot', _multi_dot_call, _multi_dot_samples, dtypes=WITH_INTS,
           errors=_multi_dot_errors),
    OpInfo('chain_matmul', _quiet(func('chain_matmul')), _chain_matmul_samples,
           errors=_chain_matmul_errors),
    OpInfo('linalg.vector_norm', func('linalg.vector_norm'), _vector_norm_samples,
           errors=_vector_norm_errors),
    OpInfo('linalg.vector_norm_dtype', _vector_norm_float64,
           lambda make: [Sample((make(3, 4),)), Sample((make(3, 4),), {'ord': INF, 'dim': 1})],
           dtypes=('float32',)),
    OpInfo('linalg.matrix_norm', func('linalg.matrix_norm'), _matrix_norm_samples,
           errors=_matrix_norm_errors),
    OpInfo('linalg.norm', func('linalg.norm'), _norm_samples, errors=_norm_errors),
]

