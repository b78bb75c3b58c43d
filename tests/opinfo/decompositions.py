"""Table rows for inverses, determinants, solvers, decompositions, pinv and lstsq.

Decompositions are unique only up to signs, so their rows compare functions that do not depend
on the signs (as torch's own OpInfo tests do): canonical forms with a positive diagonal,
absolute values, or U f(S) Vh. Inputs are built well-conditioned, with distinct singular
values and eigenvalues, except in samples marked gradcheck=False (degenerate points).
"""
import warnings

import numpy as np

from tests.opinfo.core import OpInfo, Sample, func, method


def _quiet(call):
    """`call` with the deprecation warnings of torch.cholesky and torch.qr, which both
    libraries give, kept out of the test report."""
    def quiet(lib, *args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', UserWarning)
            return call(lib, *args, **kwargs)
    quiet.__name__ = getattr(call, '__name__', 'call')
    return quiet


def _regular(make, *batch, n=3):
    """Square matrices far from singular: small entries plus a dominant diagonal."""
    return make(*batch, n, n, low=-0.5, high=0.5) + n * np.eye(n)


def _singular(make, n=3):
    """A rank n-1 matrix with distinct singular values. Its zero row makes the LU factors of
    both it and its transpose (torch factors either, by memory layout) meet an exactly zero
    pivot, in any arithmetic, so that its determinant is exactly zero everywhere."""
    a = make(n, n)
    a[1] = 0
    return a


def _conditioned(make, *shape):
    """A matrix with well-separated singular values between 0.8 and 2: decompositions of it,
    and their gradients, are well-conditioned even in float32."""
    *batch, m, n = shape
    k = min(m, n)
    u = np.linalg.qr(make(*batch, m, m))[0][..., :k]
    v = np.linalg.qr(make(*batch, n, n))[0][..., :k]
    return (u * np.linspace(2.0, 0.8, k)) @ np.swapaxes(v, -1, -2)


def _hermitian(make, *shape, low=0.8):
    """A symmetric matrix with well-separated eigenvalues of magnitudes at least `low`."""
    *batch, n, _ = shape
    q = np.linalg.qr(make(*batch, n, n))[0]
    values = np.linspace(low, 2.0, n) * np.resize([1, -1], n)
    return (q * values) @ np.swapaxes(q, -1, -2)


def _symmetric(lib, a):
    return (a + a.mT) / 2


def _spd(lib, a):
    return a @ a.mT


def _singular_errors(name):
    def errors(make):
        rows = np.array([[0.0, 0.0], [1.0, 1.0]])
        return [Sample((rows,), note='singular'),
                Sample((rows.T.copy(),), note='singular, other pivot'),
                Sample((np.zeros((3, 3)),), note='zeros'),
                Sample((np.stack([np.eye(2), np.zeros((2, 2))]),), note='batch'),
                Sample((make(2, 3),), note='not square'), Sample((make(3),), note='1-d')]
    errors.__name__ = f'{name}_errors'
    return errors


# --- inverses and determinants ---------------------------------------------------------------

def _inv_samples(make):
    return [Sample((_regular(make),)), Sample((_regular(make, 2),), note='batch'),
            Sample((_regular(make, 2, 1, n=2),), note='batch of 1x2'),
            Sample((_regular(make, n=1),)), Sample((make(0, 0),), note='empty'),
            Sample((make(2, 0, 0),), note='batch of empty')]


def _inv_ex_call(lib, a, **kwargs):
    return tuple(lib.linalg.inv_ex(a, **kwargs))


def _det_samples(make):
    mixed = np.stack([_regular(make), _singular(make)])
    return [Sample((make(3, 3),)), Sample((make(2, 3, 3),), note='batch'),
            Sample((make(1, 1),)), Sample((make(0, 0),), note='empty'),
            Sample((_singular(make),), note='singular', gradcheck=False),
            Sample((mixed,), note='regular and singular', gradcheck=False),
            Sample((np.zeros((2, 2)),), note='zero matrix', gradcheck=False)]


def _det_errors(make):
    return [Sample((make(2, 3),), note='not square'), Sample((make(3),), note='1-d')]


def _slogdet_call(lib, a):
    return tuple(lib.linalg.slogdet(a))


def _slogdet_samples(make):
    negative = _regular(make)
    negative[[0, 1]] = negative[[1, 0]]
    return [Sample((_regular(make),)), Sample((negative,), note='negative determinant'),
            Sample((_regular(make, 2),), note='batch'), Sample((make(0, 0),), note='empty')]


def _logdet_samples(make):
    negative = _regular(make)
    negative[[0, 1]] = negative[[1, 0]]
    return [Sample((_regular(make),)), Sample((_regular(make, 2),), note='batch'),
            Sample((np.stack([_regular(make), negative]),), note='a negative determinant',
                   gradcheck=False)]


# --- solvers ---------------------------------------------------------------------------------

def _solve_samples(make):
    return [Sample((_regular(make), make(3))), Sample((_regular(make), make(3, 2))),
            Sample((_regular(make, 2), make(3)), note='batch, one vector'),
            Sample((_regular(make, 2), make(2, 3)), note='batch of vectors'),
            Sample((_regular(make, 2), make(4, 1, 3, 2)), note='broadcast'),
            Sample((_regular(make), make(2, 3)), {'left': False}),
            Sample((_regular(make, 2), make(4, 3)), {'left': False}),
            Sample((make(0, 0), make(0, 2)), note='empty')]


def _solve_errors(make):
    return [Sample((np.zeros((2, 2)), make(2)), note='singular'),
            Sample((np.stack([np.eye(2), np.zeros((2, 2))]), make(2, 2)), note='batch'),
            Sample((_regular(make, n=2), make(3)), note='shapes'),
            Sample((_regular(make, n=2), make(3, 2)), note='matrix shapes'),
            Sample((_regular(make, n=2), make(2, 3)), {'left': False}, note='right shapes'),
            Sample((make(2, 3), make(2)), note='not square'),
            Sample((_regular(make, 2, n=2), make(3, 2, 2)), note='batch broadcast')]


def _solve_triangular_samples(make):
    lower = _regular(make)
    return [Sample((lower, make(3, 2)), {'upper': False}),
            Sample((lower, make(3, 2)), {'upper': True}),
            Sample((lower, make(2, 3)), {'upper': True, 'left': False}),
            Sample((lower, make(3, 2)), {'upper': False, 'unitriangular': True}),
            Sample((lower, make(3, 4)), {'upper': True, 'unitriangular': True}),
            Sample((_regular(make, 2), make(3, 1)), {'upper': False}, note='broadcast')]


def _solve_triangular_errors(make):
    return [Sample((make(2, 2), make(2)), {'upper': True}, note='1-d B'),
            Sample((make(2, 3), make(2, 2)), {'upper': True}, note='not square'),
            Sample((make(2, 2), make(3, 2)), {'upper': True}, note='shapes')]


# --- cholesky --------------------------------------------------------------------------------

def _cholesky_call(name, **settings):
    def call(lib, a, **kwargs):
        target = lib.linalg.cholesky if name == 'linalg' else lib.cholesky
        return target(_spd(lib, a), **settings, **kwargs)
    call.__name__ = f'{name}_cholesky'
    return call


def _cholesky_ex_call(lib, a, **kwargs):
    return tuple(lib.linalg.cholesky_ex(_spd(lib, a), **kwargs))


def _cholesky_samples(make):
    return [Sample((_regular(make),)), Sample((_regular(make, 2),), note='batch'),
            Sample((_regular(make, n=1),)), Sample((make(0, 0),), note='empty')]


def _not_positive_definite(name):
    def errors(make):
        return [Sample((-np.eye(3),), note='negative'),
                Sample((np.array([[1.0, 2.0], [2.0, 1.0]]),), note='second minor'),
                Sample((np.stack([np.eye(2), -np.eye(2)]),), note='batch'),
                Sample((make(2, 3),), note='not square')]
    errors.__name__ = f'{name}_errors'
    return errors


def _cholesky_info_call(lib, a):
    return lib.linalg.cholesky_ex(a).info


def _cholesky_inverse_call(lib, a, upper=False):
    # the factor's other triangle is not read: its derivative is zero only through triu/tril
    return lib.cholesky_inverse(a.triu() if upper else a.tril(), upper)


def _cholesky_inverse_samples(make):
    return [Sample((_regular(make),)), Sample((_regular(make), True), note='upper'),
            Sample((_regular(make, 2),), note='batch'), Sample((make(0, 0),), note='empty')]


def _cholesky_inverse_errors(make):
    return [Sample((make(3),), note='1-d'), Sample((make(2, 3),), note='not square'),
            Sample((np.zeros((2, 2, 2)),), note='zero diagonal')]


def _cholesky_solve_call(lib, b, a, upper=False):
    return lib.cholesky_solve(b, a.triu() if upper else a.tril(), upper)


def _cholesky_solve_samples(make):
    return [Sample((make(3, 2), _regular(make))), Sample((make(3, 2), _regular(make), True)),
            Sample((make(2, 3, 2), _regular(make)), note='batch'),
            Sample((make(3, 2), _regular(make, 2)), note='batch of factors'),
            Sample((make(0, 2), make(0, 0)), note='empty')]


def _cholesky_solve_errors(make):
    return [Sample((make(3, 2), make(3)), note='1-d factor'),
            Sample((make(3, 2), make(2, 3)), note='not square'),
            Sample((make(3, 2), make(2, 2)), note='shapes'),
            Sample((make(2, 3, 2), make(4, 3, 3)), note='batch')]


# --- QR --------------------------------------------------------------------------------------

def _canonical_qr(lib, Q, R):
    """Q and R with R's diagonal made positive: independent of LAPACK's choice of signs."""
    k = min(Q.shape[-1], R.shape[-2])
    signs = lib.diagonal(R, 0, -2, -1)[..., :k].sign()
    return Q[..., :k] * signs.unsqueeze(-2), R[..., :k, :] * signs.unsqueeze(-1)


def _qr_call(lib, a, mode='reduced'):
    Q, R = lib.linalg.qr(a, mode)
    return _canonical_qr(lib, Q, R)


def _qr_samples(make):
    c = _conditioned
    return [Sample((c(make, 3, 3),)), Sample((c(make, 4, 3),)), Sample((c(make, 3, 4),)),
            Sample((c(make, 2, 4, 3),), note='batch'),
            Sample((c(make, 3, 4),), {'mode': 'complete'}),
            Sample((c(make, 3, 3),), {'mode': 'complete'})]


def _qr_r_call(lib, a):
    R = lib.linalg.qr(a, 'r').R
    return R.abs()


def _qr_errors(make):
    return [Sample((make(3),), note='1-d'), Sample((make(3, 3),), {'mode': 'foo'}, note='mode')]


def _torch_qr_call(lib, a, *args):
    Q, R = lib.qr(a, *args)
    return _canonical_qr(lib, Q, R)


# --- SVD -------------------------------------------------------------------------------------

def _svd_call(lib, a, full_matrices=True):
    U, S, Vh = lib.linalg.svd(a, full_matrices)
    k = S.shape[-1]
    U, Vh = U[..., :k], Vh[..., :k, :]
    # U f(S) Vh and the magnitudes of the singular vectors are independent of their signs
    return (U * S.sqrt().unsqueeze(-2)) @ Vh, S, U.abs(), Vh.abs()


def _svd_samples(make):
    c = _conditioned
    return [Sample((c(make, 3, 3),)), Sample((c(make, 4, 3),)), Sample((c(make, 3, 4),)),
            Sample((c(make, 2, 4, 3),), note='batch'),
            Sample((c(make, 4, 3),), {'full_matrices': False}),
            Sample((c(make, 3, 4),), {'full_matrices': False})]


def _svd_sum_call(lib, a):
    """Singular vectors only through U Vh: exercises the formula without S's gradient."""
    U, S, Vh = lib.linalg.svd(a, False)
    return U @ Vh


def _svd_errors(make):
    return [Sample((make(3),), note='1-d')]


def _torch_svd_call(lib, a, *args):
    U, S, V = lib.svd(a, *args)
    k = S.shape[-1]
    if len(args) == 2 and not args[1]:
        return S
    return (U[..., :k] * S.unsqueeze(-2)) @ V[..., :k].mT, S, U[..., :k].abs(), V[..., :k].abs()


def _torch_svd_samples(make):
    c = _conditioned
    return [Sample((c(make, 4, 3),)), Sample((c(make, 3, 4),), note='some=True'),
            Sample((c(make, 4, 3), False), note='some=False'),
            Sample((c(make, 2, 3, 3), True, False), note='compute_uv=False')]


# --- symmetric eigendecomposition ------------------------------------------------------------

def _eigh_call(lib, a, *args):
    values, vectors = lib.linalg.eigh(_symmetric(lib, a), *args)
    return values, vectors.abs()


def _eigh_samples(make):
    h = _hermitian
    return [Sample((h(make, 3, 3),)), Sample((h(make, 2, 4, 4),), note='batch'),
            Sample((h(make, 3, 3), 'U')), Sample((h(make, 1, 1),)),
            Sample((h(make, 0, 0),), note='empty')]


def _eigvalsh_call(lib, a, *args):
    return lib.linalg.eigvalsh(_symmetric(lib, a), *args)


def _eigh_errors(make):
    return [Sample((make(2, 3),), note='not square'),
            Sample((make(2, 2), 'X'), note='UPLO')]


# --- pinv and lstsq --------------------------------------------------------------------------

def _pinv_samples(make):
    c = _conditioned
    low_rank = make(4, 1) @ make(1, 3)
    return [Sample((c(make, 3, 3),)), Sample((c(make, 4, 3),)), Sample((c(make, 3, 4),)),
            Sample((c(make, 2, 4, 3),), note='batch'), Sample((c(make, 3, 3),), {'atol': 0.1}),
            Sample((c(make, 3, 3),), {'rtol': 0.2}), Sample((c(make, 3, 3), 0.3), note='rcond'),
            Sample((make(0, 3),), note='empty'),
            # pinv's derivative holds where the rank is locally constant, not at a rank drop
            Sample((low_rank,), note='rank 1', gradcheck=False)]


def _pinv_hermitian_call(lib, a, **kwargs):
    return lib.linalg.pinv(_symmetric(lib, a), hermitian=True, **kwargs)


def _lstsq_call(lib, a, b, *args, **kwargs):
    return tuple(lib.linalg.lstsq(a, b, *args, **kwargs))


def _lstsq_samples(make):
    c = _conditioned
    return [Sample((c(make, 4, 3), make(4, 2))), Sample((c(make, 4, 3), make(4)), note='vector'),
            Sample((c(make, 3, 3), make(3, 2))), Sample((c(make, 3, 4), make(3, 2)), note='wide'),
            Sample((c(make, 2, 4, 3), make(2, 4, 2)), note='batch'),
            Sample((c(make, 2, 4, 3), make(2, 4)), note='batch of vectors'),
            Sample((c(make, 1, 4, 3), make(2, 4, 2)), note='broadcast input'),
            Sample((c(make, 2, 4, 3), make(1, 4, 2)), note='broadcast'),
            Sample((c(make, 4, 3), make(4, 2)), {'driver': 'gelsd'}),
            Sample((c(make, 4, 3), make(4)), {'driver': 'gelss'}),
            Sample((c(make, 2, 4, 3), make(2, 4, 2)), {'driver': 'gels'}),
            Sample((c(make, 3, 4), make(3, 2)), {'driver': 'gelsd'}, note='wide'),
            Sample((c(make, 4, 3), make(4, 2), 0.1), {'driver': 'gelsd'}, note='rcond')]


def _lstsq_errors(make):
    return [Sample((make(3), make(3)), note='1-d'),
            Sample((make(3, 2), make(2, 2)), note='rows'),
            Sample((make(3, 2), make(3, 2)), {'driver': 'foo'}, note='driver'),
            Sample((make(2, 4, 3), make(4, 2)), note='vector batch'),
            Sample((make(2, 4, 3), make(3, 4, 2)), note='batch')]


# --- matrix_power ----------------------------------------------------------------------------

def _matrix_power_samples(make):
    return [Sample((_regular(make), n), note=f'n={n}') for n in (0, 1, 2, 3, 5, 6, -1, -2, -3)] + [
        Sample((_regular(make, 2), 4), note='batch'), Sample((make(0, 0), 2), note='empty')]


def _matrix_power_errors(make):
    return [Sample((make(2, 3), 2), note='not square'), Sample((make(3), 2), note='1-d'),
            Sample((np.zeros((2, 2)), -1), note='singular'),
            Sample((np.zeros((2, 2)), -2), note='singular, squared')]


OPS = [
    OpInfo('linalg.inv', func('linalg.inv'), _inv_samples, errors=_singular_errors('inv')),
    OpInfo('inverse', func('inverse'), _inv_samples, errors=_singular_errors('inverse')),
    OpInfo('Tensor.inverse', method('inverse'), _inv_samples),
    OpInfo('linalg.inv_ex', _inv_ex_call, _inv_samples,
           errors=lambda make: [Sample((np.zeros((2, 2)),), {'check_errors': True})]),
    OpInfo('linalg.inv_ex_info', lambda lib, a: lib.linalg.inv_ex(a).info,
           lambda make: [Sample((np.zeros((2, 2)),)),
                         Sample((np.array([[0.0, 0.0], [1.0, 1.0]]),)),
                         Sample((np.stack([np.eye(3), _singular(make)]),))],
           differentiable=False),
    OpInfo('linalg.det', func('linalg.det'), _det_samples, errors=_det_errors),
    OpInfo('det', func('det'), _det_samples, errors=_det_errors),
    OpInfo('Tensor.det', method('det'), _det_samples),
    OpInfo('linalg.slogdet', _slogdet_call, _slogdet_samples, errors=_det_errors),
    OpInfo('slogdet', lambda lib, a: tuple(lib.slogdet(a)), _slogdet_samples),
    OpInfo('Tensor.slogdet', lambda lib, a: tuple(a.slogdet()), _slogdet_samples),
    OpInfo('logdet', func('logdet'), _logdet_samples, errors=_det_errors),
    OpInfo('Tensor.logdet', method('logdet'), _logdet_samples),
    OpInfo('linalg.solve', func('linalg.solve'), _solve_samples, errors=_solve_errors),
    OpInfo('linalg.solve_triangular', func('linalg.solve_triangular'),
           _solve_triangular_samples, errors=_solve_triangular_errors),
    OpInfo('linalg.cholesky', _cholesky_call('linalg'), _cholesky_samples),
    OpInfo('linalg.cholesky_upper', _cholesky_call('linalg', upper=True), _cholesky_samples),
    OpInfo('linalg.cholesky_errors', func('linalg.cholesky'), lambda make: [],
           errors=_not_positive_definite('linalg_cholesky')),
    OpInfo('linalg.cholesky_ex', _cholesky_ex_call, _cholesky_samples),
    OpInfo('linalg.cholesky_ex_errors', func('linalg.cholesky_ex'), lambda make: [],
           errors=lambda make: [Sample((-np.eye(2),), {'check_errors': True})]),
    OpInfo('linalg.cholesky_ex_info', _cholesky_info_call,
           lambda make: [Sample((-np.eye(3),)), Sample((np.array([[1.0, 2.0], [2.0, 1.0]]),)),
                         Sample((np.stack([np.eye(2), -np.eye(2)]),))],
           differentiable=False),
    OpInfo('cholesky', _quiet(_cholesky_call('torch')), _cholesky_samples),
    OpInfo('cholesky_errors', _quiet(func('cholesky')), lambda make: [],
           errors=_not_positive_definite('cholesky')),
    OpInfo('cholesky_upper', _quiet(_cholesky_call('torch', upper=True)), _cholesky_samples),
    OpInfo('Tensor.cholesky', _quiet(lambda lib, a: _spd(lib, a).cholesky()), _cholesky_samples),
    OpInfo('cholesky_inverse', _cholesky_inverse_call, _cholesky_inverse_samples),
    OpInfo('cholesky_inverse_errors', func('cholesky_inverse'), lambda make: [],
           errors=_cholesky_inverse_errors),
    OpInfo('Tensor.cholesky_inverse', lambda lib, a: a.tril().cholesky_inverse(),
           lambda make: [Sample((_regular(make),))]),
    OpInfo('cholesky_solve', _cholesky_solve_call, _cholesky_solve_samples),
    OpInfo('cholesky_solve_errors', func('cholesky_solve'), lambda make: [],
           errors=_cholesky_solve_errors),
    OpInfo('Tensor.cholesky_solve', lambda lib, b, a: b.cholesky_solve(a.tril()),
           lambda make: [Sample((make(3, 2), _regular(make)))]),
    OpInfo('linalg.qr', _qr_call, _qr_samples, errors=_qr_errors),
    OpInfo('linalg.qr_r', _qr_r_call, lambda make: [Sample((make(4, 3),))],
           differentiable=False),
    OpInfo('qr', _quiet(_torch_qr_call), lambda make: [Sample((make(4, 3),)),
                                               Sample((make(3, 4), False))]),
    OpInfo('Tensor.qr', _quiet(lambda lib, a: _canonical_qr(lib, *a.qr())),
           lambda make: [Sample((make(4, 3),))]),
    OpInfo('linalg.svd', _svd_call, _svd_samples, errors=_svd_errors),
    OpInfo('linalg.svd_vectors', _svd_sum_call, lambda make: [Sample((make(3, 3),)),
                                                              Sample((make(4, 3),)),
                                                              Sample((make(3, 4),))]),
    OpInfo('linalg.svdvals', func('linalg.svdvals'),
           lambda make: [Sample((make(3, 4),)), Sample((make(2, 4, 3),)), Sample((make(0, 3),))],
           errors=_svd_errors),
    OpInfo('svd', _torch_svd_call, _torch_svd_samples,
           errors=lambda make: [Sample((make(3),), note='1-d')]),
    OpInfo('svd_zero_vectors', lambda lib, a: tuple(lib.svd(a, True, False))[::2],
           lambda make: [Sample((make(2, 4, 3),))], differentiable=False),
    OpInfo('Tensor.svd', lambda lib, a: _torch_svd_call(lib, a), lambda make: [
        Sample((make(3, 3),))]),
    OpInfo('linalg.eigh', _eigh_call, _eigh_samples, errors=_eigh_errors),
    OpInfo('linalg.eigvalsh', _eigvalsh_call, _eigh_samples, errors=_eigh_errors),
    OpInfo('linalg.pinv', func('linalg.pinv'), _pinv_samples,
           errors=lambda make: [Sample((make(3),), note='1-d')]),
    OpInfo('linalg.pinv_hermitian', _pinv_hermitian_call,
           lambda make: [Sample((_hermitian(make, 3, 3),)), Sample((_hermitian(make, 2, 3, 3),)),
                         Sample((_hermitian(make, 3, 3),), {'atol': 0.5})]),
    OpInfo('pinverse', func('pinverse'), lambda make: [Sample((make(4, 3),)),
                                                       Sample((make(3, 3), 0.2))]),
    OpInfo('Tensor.pinverse', method('pinverse'), lambda make: [Sample((make(3, 4),))]),
    OpInfo('linalg.lstsq', _lstsq_call, _lstsq_samples, errors=_lstsq_errors),
    OpInfo('linalg.matrix_power', func('linalg.matrix_power'), _matrix_power_samples,
           errors=_matrix_power_errors),
    OpInfo('matrix_power', func('matrix_power'), _matrix_power_samples),
    OpInfo('Tensor.matrix_power', method('matrix_power'), _matrix_power_samples),
    OpInfo('linalg.diagonal', func('linalg.diagonal'),
           lambda make: [Sample((make(3, 4),)), Sample((make(2, 3, 4),), {'offset': 1}),
                         Sample((make(2, 3, 4),), {'dim1': 0, 'dim2': 2, 'offset': -1})],
           errors=lambda make: [Sample((make(3),), note='1-d')]),
]
