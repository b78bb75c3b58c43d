"""Table rows for gather, scatter, scatter_add, scatter_reduce, take_along_dim and the index_*
ops (ember/ops/scatter_gather.py and scatter_index.py); the masked ops, take, put, nonzero and
index_put are with indexing's rows (tests/opinfo/indexing.py)."""
import numpy as np

from tests.opinfo.core import Check, Index, OpInfo, Sample, func

ALL = ('float32', 'float64', 'int64', 'bool')
NUMERIC = ('float32', 'float64', 'int64')


def idx(*rows, dtype=None):
    """An index (or mask) argument from literal values."""
    return Index(np.array(rows[0] if len(rows) == 1 else rows, dtype=dtype))


# distinct along dim 0 within each column, and with repeats
UNIQUE = idx([0, 1, 2, 1], [2, 0, 1, 0])
REPEATED = idx([0, 0, 2, 0], [0, 1, 0, 2])
EMPTY = Index(np.zeros((0, 4), dtype=np.int64))


def inplace(name, *extra, **settings):
    """Call the in-place method on a non-leaf copy, so that autograd records it."""
    def call(lib, x, *args, **kwargs):
        return getattr(x.clone(), name)(*args, *extra, **settings, **kwargs)
    call.__name__ = name
    return call


def _backward(call):
    """`call`, then its backward (for errors torch raises only there)."""
    def run(lib, x, *args):
        x = x.detach().requires_grad_()
        out = call(lib, x, *args)
        return lib.autograd.grad(out, x, lib.ones_like(out))
    return run


def _double_backward(call):
    """`call`, then a second-order backward through it."""
    def run(lib, x, *args):
        x = x.detach().requires_grad_()
        out = call(lib, x, *args)
        first, = lib.autograd.grad(out, x, lib.ones_like(out), create_graph=True)
        return lib.autograd.grad(first, x, lib.ones_like(first))
    return run


# --- gather ----------------------------------------------------------------------------------

def _gather_samples(make):
    return [Sample((make(3, 4), 0, REPEATED)),
            Sample((make(3, 4), 1, make.index(4, 3, 2)), {'sparse_grad': False}),
            Sample((make(3, 4), -1, make.index(4, 2, 6)), note='index longer along dim'),
            Sample((make(2, 3, 4), 1, make.index(3, 2, 2, 3))),
            Sample((make(), 0, idx([0, 0])), note='0-d input'),
            Sample((make(5), 0, idx(3)), note='0-d index'),
            Sample((make(3, 4), 1, Index(np.zeros((3, 0), dtype=np.int64))), note='empty'),
            Sample((make(0, 4), 1, Index(np.zeros((0, 2), dtype=np.int64))), note='empty input')]


def _gather_errors(make):
    return [Sample((make(3, 4), 0, idx([[3]])), note='out of range'),
            Sample((make(3, 4), 0, idx([[0, 7], [5, 0]])), note='first bad in C order'),
            Sample((make(3, 4), 0, idx([[-1]])), note='negative'),
            Sample((make(3, 4), 0, idx([0])), note='ndim'),
            Sample((make(3, 4), 0, Index(np.zeros((2, 5), dtype=np.int64))), note='size'),
            Sample((make(3, 4), 2, idx([[0]])), note='dim'),
            Sample((make(3, 4), 0, idx([[0]], dtype=np.float32)), note='float index'),
            Sample((make(3, 4), 0, idx([[0]], dtype=np.uint8)), note='uint8 index'),
            Sample((make(0, 4), 0, idx([[0]])), note='empty input'),
            Sample((make(3, 4), 0, [[0]]), note='list index')]


def _int32_index(name):
    def call(lib, x, dim, index, *args, **kwargs):
        return getattr(lib, name)(x, dim, index.int(), *args, **kwargs)
    return call


# --- scatter ---------------------------------------------------------------------------------

def _scatter_samples(make):
    return [Sample((make(3, 4), 0, UNIQUE, make(2, 4))),
            Sample((make(3, 4), 1, idx([3, 0], [1, 2], [0, 3]), make(3, 2))),
            Sample((make(3, 4), 0, REPEATED, make(2, 4)), note='repeated indices',
                   gradcheck=False),
            Sample((make(2, 3, 4), -1, make.index(4, 2, 3, 1), make(2, 3, 1))),
            Sample((make(), 0, idx([0]), make(1)), note='0-d input'),
            Sample((make(3, 4), 0, EMPTY, make(0, 4)), note='empty index')]


def _scatter_errors(make):
    return [Sample((make(3, 4), 0, idx([[3, 0, 0, 0]]), make(1, 4)), note='out of range'),
            Sample((make(3, 4), 0, idx([[-1, 0, 0, 0]]), make(1, 4)), note='negative'),
            Sample((make(3, 4), 0, idx([0, 1]), make(2, 4)), note='index ndim'),
            Sample((make(3, 4), 0, UNIQUE, make(4)), note='src ndim'),
            Sample((make(3, 4), 0, UNIQUE, make()), note='0-d src'),
            Sample((make(3, 4), 0, UNIQUE, make(2, 2)), note='src smaller than index'),
            Sample((make(3, 4), 0, Index(np.zeros((2, 5), dtype=np.int64)), make(3, 5)),
                   note='index larger than self'),
            Sample((make(3, 4), 0, idx([[0]], dtype=np.uint8), make(1, 1)), note='uint8'),
            Sample((make(3, 4), 0, idx([[0.5]], dtype=np.float64), make(1, 1)), note='float')]


def _scatter_value(lib, x, dim, index, value=2.5, **kwargs):
    return lib.scatter(x, dim, index, value=value, **kwargs)


def _scatter_value_samples(make):
    return [Sample((make(3, 4), 0, REPEATED)), Sample((make(3, 4), 1, UNIQUE, -3)),
            Sample((make(), 0, idx([0, 0]))), Sample((make(3, 4), 0, EMPTY))]


def _src_dtype(lib, x, dim, index, src):
    return lib.scatter(x, dim, index, src.double())


def _add_src_dtype(lib, x, dim, index, src):
    return lib.scatter_add(x, dim, index, src.double())


def _reduce_src_dtype(lib, x, dim, index, src):
    return lib.scatter_reduce(x, dim, index, src.double(), 'sum')


_NOT_DIFFERENTIABLE = {'differentiable': False}


def _legacy_reduce(reduce):
    def call(lib, x, dim, index, src, **kwargs):
        return lib.scatter(x, dim, index, src, reduce=reduce, **kwargs)
    return call


def _legacy_value_reduce(reduce):
    def call(lib, x, dim, index):
        return lib.scatter(x, dim, index, 1.5, reduce=reduce)
    return call


def _scatter_add_into(lib, src, x, dim, index):
    return lib.scatter_add(x, dim, index, src)


def _scatter_add_samples(make):
    return [Sample((make(3, 4), 0, REPEATED, make(2, 4))),
            Sample((make(3, 4), -1, make.index(4, 3, 6), make(3, 6))),
            Sample((make(), 0, idx([0, 0]), make(2)), note='0-d input'),
            Sample((make(3), 0, idx(2), make()), note='0-d index and src'),
            Sample((make(3, 4), 0, EMPTY, make(0, 4)), note='empty index')]


# --- scatter_reduce --------------------------------------------------------------------------

REDUCTIONS = ('sum', 'prod', 'mean', 'amax', 'amin')


def _scatter_reduce(reduce, include_self):
    def call(lib, x, dim, index, src):
        return lib.scatter_reduce(x, dim, index, src, reduce, include_self=include_self)
    call.__name__ = f'scatter_reduce_{reduce}'
    return call


def _with_zeros(make):
    """A product's inputs holding zeros: one in `input`, one alone in a slot of `src`."""
    x = make(3, 4)
    x[0, 0] = 0
    src = make(2, 4)
    src[0, 1] = 0
    return x, src


def _scatter_reduce_samples(make):
    x, src = _with_zeros(make)
    return [Sample((make(3, 4), 0, REPEATED, make(2, 4))),
            Sample((make(3, 4), 1, make.index(4, 3, 5), make(3, 5))),
            Sample((x, 0, REPEATED, src), note='zeros'),
            Sample((make(), 0, idx([0, 0]), make(2)), note='0-d input'),
            Sample((make(3, 4), 0, EMPTY, make(0, 4)), note='empty index')]


def _scatter_reduce_errors(make):
    return [Sample((make(3, 4), 0, REPEATED, make(2, 4), 'max_'), note='unknown reduction'),
            Sample((make(3, 4), 0, REPEATED, make(2, 4), 'add'), note='legacy name'),
            Sample((make(3, 4), 0, idx([[3, 0, 0, 0]]), make(1, 4), 'amax'), note='bounds')]


def _scatter_reduce_max(lib, x, dim, index, src):
    return lib.scatter_reduce(x, dim, index, src, 'max')


def _two_zeros(lib, src, index, x):
    return lib.scatter_reduce(x, 0, index, src * lib.tensor([[0.], [0.]]), 'prod')


SCATTER_REDUCE_OPS = [
    OpInfo(f"scatter_reduce_{reduce}{'' if include_self else '_exclude_self'}",
           _scatter_reduce(reduce, include_self), _scatter_reduce_samples,
           dtypes=NUMERIC if reduce == 'mean' else ALL)
    for reduce in REDUCTIONS for include_self in (True, False)] + [
    OpInfo('scatter_reduce_inplace', inplace('scatter_reduce_', 'amax'),
           lambda make: [Sample((make(3, 4), 0, REPEATED, make(2, 4)))], dtypes=NUMERIC),
    OpInfo('scatter_reduce_max_alias', _scatter_reduce_max,
           lambda make: [Sample((make(3, 4), 0, REPEATED, make(2, 4)))], differentiable=False),
    OpInfo('scatter_reduce_backward_errors', _backward(_scatter_reduce_max), lambda make: [],
           errors=lambda make: [Sample((make(3, 4), 0, REPEATED, make(2, 4)),
                                       note="'max' has no derivative")]),
    OpInfo('scatter_reduce_errors', func('scatter_reduce'), lambda make: [],
           errors=_scatter_reduce_errors),
    OpInfo('scatter_reduce_dtype_errors', _reduce_src_dtype, lambda make: [],
           errors=lambda make: [Sample((make(3, 4), 0, REPEATED, make(2, 4)))]),
    OpInfo('scatter_reduce_bool_mean_errors', _scatter_reduce('mean', True), lambda make: [],
           dtypes=('bool',),
           errors=lambda make: [Sample((make(3, 4), 0, REPEATED, make(2, 4))),
                                Sample((make(3, 4), 0, EMPTY, make(0, 4)), note='empty')]),
    OpInfo('scatter_reduce_double_backward_errors', _double_backward(_two_zeros),
           lambda make: [],
           errors=lambda make: [Sample((make(2, 4), idx([[0, 0, 1, 2]] * 2), make(3, 4)),
                                       note='two zeros in a slot')]),
]


# --- take_along_dim --------------------------------------------------------------------------

def _take_along_dim_samples(make):
    return [Sample((make(3, 4), idx([0], [3], [1]), 1)),
            Sample((make(3, 4), idx([[0, 3, 3, 1, 2]]), 1), note='broadcast'),
            Sample((make(3, 1), idx([[0]] * 3), -1), note='broadcast input'),
            Sample((make(3, 4), idx([[0, -1, 5, 9]]), 1), note='wrapping')]


def _take_along_flat_samples(make):
    return [Sample((make(3, 4), idx([[0, 11], [5, 3]]))),
            Sample((make(3, 4), idx([2, 0]), None), note='dim None'),
            Sample((make(), idx(0)), note='0-d')]


def _take_along_dim_errors(make):
    return [Sample((make(3, 4), idx([0, 1]), 1), note='ndim'),
            Sample((make(3, 4), idx([[0], [1]]), 1), note='broadcast'),
            Sample((make(3, 4), idx([12])), note='flat index out of range'),
            Sample((make(), idx(0), 0), note='0-d with a dim'),
            Sample((make(3, 0), idx([[0]] * 3), 1), note='empty dim'),
            Sample((make(3, 4), idx([[0]], dtype=np.int32), 1), note='int32 with a dim')]


OPS = [
    OpInfo('gather', func('gather'), _gather_samples, dtypes=ALL, errors=_gather_errors),
    OpInfo('gather_int32_index', _int32_index('gather'),
           lambda make: [Sample((make(3, 4), 1, make.index(4, 3, 2)))]),
    OpInfo('Tensor.gather', lambda lib, x, dim, index: x.gather(dim, index),
           lambda make: [Sample((make(3, 4), 1, make.index(4, 3, 2)))],
           errors=lambda make: [Sample((make(3, 4), 1, [[0]]), note='list index')]),
    OpInfo('scatter', func('scatter'), _scatter_samples, dtypes=ALL, errors=_scatter_errors),
    OpInfo('scatter_int32_index', _int32_index('scatter'),
           lambda make: [Sample((make(3, 4), 0, UNIQUE, make(2, 4)))]),
    OpInfo('scatter_dtype_errors', _src_dtype, lambda make: [],
           errors=lambda make: [Sample((make(3, 4), 0, UNIQUE, make(2, 4)))]),
    OpInfo('scatter_value', _scatter_value, _scatter_value_samples, dtypes=ALL,
           errors=lambda make: [Sample((make(3, 4), 0, idx([[5]])), note='out of range'),
                                Sample((make(3, 4), 0, Index(np.zeros((4, 5), dtype=np.int64))),
                                       note='index larger than self')]),
    OpInfo('scatter_', inplace('scatter_'), _scatter_samples, dtypes=ALL),
    OpInfo('scatter_value_', inplace('scatter_', value=-1.5),
           lambda make: [Sample((make(3, 4), 0, REPEATED)), Sample((make(), 0, idx([0])))]),
    OpInfo('scatter_reduce_add', _legacy_reduce('add'),
           lambda make: [Sample((make(3, 4), 0, REPEATED, make(2, 4)))], dtypes=ALL,
           **_NOT_DIFFERENTIABLE),
    OpInfo('scatter_reduce_legacy_errors', _legacy_reduce('mean'), lambda make: [],
           errors=lambda make: [Sample((make(3, 4), 0, REPEATED, make(2, 4)),
                                       note='unknown reduction')]),
    OpInfo('scatter_reduce_multiply', _legacy_reduce('multiply'),
           lambda make: [Sample((make(3, 4), 0, REPEATED, make(2, 4)))], dtypes=NUMERIC,
           **_NOT_DIFFERENTIABLE),
    OpInfo('scatter_value_reduce_add', _legacy_value_reduce('add'),
           lambda make: [Sample((make(3, 4), 0, REPEATED))], dtypes=NUMERIC,
           **_NOT_DIFFERENTIABLE),
    OpInfo('scatter_value_reduce_multiply', _legacy_value_reduce('multiply'),
           lambda make: [Sample((make(3, 4), 1, REPEATED))], dtypes=NUMERIC,
           **_NOT_DIFFERENTIABLE),
    OpInfo('scatter_reduce_legacy_backward_errors', _backward(_legacy_reduce('add')),
           lambda make: [],
           errors=lambda make: [Sample((make(3, 4), 0, REPEATED, make(2, 4)))]),
    OpInfo('scatter_add', func('scatter_add'), _scatter_add_samples, dtypes=ALL,
           errors=lambda make: [Sample((make(3, 4), 0, UNIQUE, make(2, 2)), note='src'),
                                Sample((make(3, 4), 0, idx([[9]]), make(1, 1)), note='bounds')]),
    OpInfo('scatter_add_dtype_errors', _add_src_dtype, lambda make: [],
           errors=lambda make: [Sample((make(3, 4), 0, UNIQUE, make(2, 4)))]),
    OpInfo('scatter_add_', inplace('scatter_add_'), _scatter_add_samples, dtypes=ALL),
    OpInfo('scatter_add_larger_src', func('scatter_add'),
           lambda make: [Sample((make(3, 4), 0, UNIQUE, make(3, 5)))], dtypes=ALL,
           differentiable=False),
    OpInfo('scatter_add_larger_src_backward_errors', _backward(_scatter_add_into),
           lambda make: [],
           errors=lambda make: [Sample((make(3, 5), make(3, 4), 0, UNIQUE),
                                       note='gradient of index shape for a larger src')]),
    OpInfo('take_along_dim', func('take_along_dim'), _take_along_dim_samples, dtypes=ALL,
           errors=_take_along_dim_errors),
    OpInfo('take_along_dim_flat', func('take_along_dim'), _take_along_flat_samples, dtypes=ALL,
           skips={Check.NONCONTIGUOUS: 'without a dim torch views the input as 1-d, which a '
                                       'non-contiguous input refuses (an error row checks it)'}),
    OpInfo('take_along_dim_flat_errors', lambda lib, x, i: lib.take_along_dim(x.t(), i),
           lambda make: [],
           errors=lambda make: [Sample((make(3, 4), idx([0])), note='non-contiguous input')]),
    OpInfo('Tensor.take_along_dim', lambda lib, x, i, *args: x.take_along_dim(i, *args),
           lambda make: [Sample((make(3, 4), idx([0], [3], [1]), 1))]),
] + SCATTER_REDUCE_OPS


# --- index_select, index_add, index_copy, index_fill, index_reduce ---------------------------

ROWS = idx([2, 0, 2])


def _index_select_samples(make):
    return [Sample((make(3, 4), 0, ROWS)), Sample((make(3, 4), 1, idx([3]))),
            Sample((make(2, 3, 4), -1, idx([0, 3, 3]))),
            Sample((make(3, 4), 1, idx(2)), note='0-d index'),
            Sample((make(), 0, idx([0])), note='0-d input'),
            Sample((make(3, 4), 0, idx([], dtype=np.int64)), note='empty index'),
            Sample((make(0, 3), 1, idx([2])), note='empty input')]


def _index_select_errors(make):
    return [Sample((make(3, 4), 0, idx([[0]])), note='2-d index'),
            Sample((make(), 0, idx([0, 0])), note='0-d input, two indices'),
            Sample((make(3, 4), 0, idx([0], dtype=np.uint8)), note='uint8'),
            Sample((make(3, 4), 0, idx([3])), note='out of range'),
            Sample((make(3, 4), 0, idx([-1])), note='negative'),
            Sample((make(2, 3, 4), 1, idx([0, 5, -1])), note='dim 1 reports the value'),
            Sample((make(2, 3, 0), 2, idx([0])), note='empty input along dim')]


def _index_add_samples(make):
    return [Sample((make(3, 4), 0, idx([1, 1]), make(2, 4))),
            Sample((make(3, 4), -1, idx([3, 0, 3]), make(3, 3)), {'alpha': 2.5}),
            Sample((make(2, 3, 4), 1, idx([2, 2, 0, 1]), make(2, 4, 4)), {'alpha': -1}),
            Sample((make(), 0, idx([0]), make()), note='0-d'),
            Sample((make(3, 4), 0, idx([], dtype=np.int64), make(0, 4)), note='empty')]


def _index_func_errors(make):
    return [Sample((make(3, 4), 0, idx([[0, 1]]), make(2, 4)), note='2-d index'),
            Sample((make(3, 4), 0, idx([0, 1], dtype=np.uint8), make(2, 4)), note='uint8'),
            Sample((make(3, 4), 0, idx([0, 1]), make(3, 4)), note='count'),
            Sample((make(3, 4), 0, idx([0, 1]), make(2, 3)), note='slice shape'),
            Sample((make(3, 4), 1, idx([0, 1]), make(2)), note='dim beyond source'),
            Sample((make(3, 4), 0, idx([3, 0]), make(2, 4)), note='out of range'),
            Sample((make(3, 4), 0, idx([-1, 0]), make(2, 4)), note='negative')]


def _index_copy_samples(make):
    return [Sample((make(3, 4), 0, idx([2, 0]), make(2, 4))),
            Sample((make(3, 4), 1, idx([1, 1]), make(3, 2)), note='repeated', gradcheck=False),
            Sample((make(3), 0, idx([1]), make()), note='0-d source'),
            Sample((make(), 0, idx(0), make()), note='0-d'),
            Sample((make(3, 4), 0, idx([], dtype=np.int64), make(0, 4)), note='empty')]


def _index_copy_errors(make):
    return [Sample((make(3, 4), 0, idx([[0, 1]]), make(2, 4)), note='2-d index'),
            Sample((make(3), 0, idx([0, 1]), make()), note='0-d source, two indices'),
            Sample((make(3, 4), 0, idx([0, 1]), make(8)), note='dims'),
            Sample((make(3, 4), 0, idx([0, 1]), make(2, 3)), note='slice shape'),
            Sample((make(3, 4, 5), 0, idx([0, 1]), make(2, 3, 2)), note='slice shapes'),
            Sample((make(3, 4), 0, idx([0, 1]), make(3, 4)), note='count'),
            Sample((make(3, 4), 0, idx([3, 0]), make(2, 4)), note='out of range'),
            Sample((make(3, 4), 0, idx([-1, 0]), make(2, 4)), note='negative')]


def _index_fill_samples(make):
    return [Sample((make(3, 4), 1, idx([1, 3, 1]), -1.5)),
            Sample((make(3, 4), 0, idx([-1]), 2), note='negative index'),
            Sample((make(3, 4), 1, idx(0), 0.5), note='0-d index'),
            Sample((make(), 0, idx([0]), 1.0), note='0-d input'),
            Sample((make(3, 4), 0, idx([], dtype=np.int64), 1.0), note='empty')]


def _index_fill_tensor_samples(make):
    return [Sample((make(3, 4), 1, idx([1, 3, 1]), make())),
            Sample((make(), -1, idx([0]), make()), note='0-d input')]


def _index_fill_errors(make):
    return [Sample((make(3, 4), 0, idx([[0]]), 1.0), note='2-d index'),
            Sample((make(3, 4), 0, idx([3]), 1.0), note='out of range'),
            Sample((make(3, 4), 0, idx([-4]), 1.0), note='negative out of range'),
            Sample((make(3, 4), 0, idx([0], dtype=np.int32), 1.0), note='int32'),
            Sample((make(3, 4), 0, idx([0]), make(1)), note='1-d value')]


def _index_op(name, *extra, **settings):
    def call(lib, x, dim, index, *args, **kwargs):
        return getattr(lib, name)(x, dim, index, *args, *extra, **settings, **kwargs)
    return call


def _int32_source_dtype(name):
    def call(lib, x, dim, index, source):
        return getattr(lib, name)(x, dim, index.int(), source.double())
    return call


def _fill_negative_tensor(lib, value, x):
    return lib.index_fill(x, 1, lib.tensor([-1, 3]), value)


def _index_reduce_samples(make):
    x, source = make(3, 4), make(3, 4)
    x[0, 0], source[1, 2] = 0, 0
    return [Sample((make(3, 4), 0, idx([1, 1]), make(2, 4))),
            Sample((make(3, 4), -1, idx([3, 0, 3]), make(3, 3))),
            Sample((x, 0, idx([0, 0, 2]), source), note='zeros'),
            Sample((make(), 0, idx([0]), make()), note='0-d'),
            Sample((make(3, 4), 0, idx([], dtype=np.int64), make(0, 4)), note='empty')]


INDEX_REDUCTIONS = ('prod', 'mean', 'amax', 'amin')

OPS += [
    OpInfo('index_select', func('index_select'), _index_select_samples, dtypes=ALL,
           errors=_index_select_errors),
    OpInfo('index_select_int32_index', _int32_index('index_select'),
           lambda make: [Sample((make(3, 4), 1, idx([3, 0])))]),
    OpInfo('index_add', func('index_add'), _index_add_samples, errors=_index_func_errors),
    OpInfo('index_add_dtypes', func('index_add'),
           lambda make: [Sample((make(3, 4), 0, idx([1, 1]), make(2, 4)))], dtypes=ALL),
    OpInfo('index_add_', inplace('index_add_', alpha=2),
           lambda make: [Sample((make(3, 4), 0, idx([1, 1]), make(2, 4)))]),
    OpInfo('index_add_errors', _int32_source_dtype('index_add'), lambda make: [],
           errors=lambda make: [Sample((make(3, 4), 0, idx([1]), make(1, 4)), note='dtype')]),
    OpInfo('index_copy', func('index_copy'), _index_copy_samples, dtypes=ALL,
           errors=_index_copy_errors),
    OpInfo('index_copy_', inplace('index_copy_'), _index_copy_samples),
    OpInfo('index_copy_errors', _int32_source_dtype('index_copy'), lambda make: [],
           errors=lambda make: [Sample((make(3, 4), 0, idx([1]), make(1, 4)), note='int32')]),
    OpInfo('index_fill', func('index_fill'), _index_fill_samples, dtypes=ALL,
           errors=_index_fill_errors),
    OpInfo('index_fill_tensor', func('index_fill'), _index_fill_tensor_samples, dtypes=ALL),
    OpInfo('index_fill_', inplace('index_fill_'), _index_fill_samples),
    OpInfo('index_fill_tensor_', inplace('index_fill_'), _index_fill_tensor_samples),
    OpInfo('index_fill_backward_errors', _backward(_fill_negative_tensor), lambda make: [],
           errors=lambda make: [Sample((make(), make(3, 4)), note='negative index')]),
] + [OpInfo(f"index_reduce_{reduce}{'' if include_self else '_exclude_self'}",
            _index_op('index_reduce', reduce, include_self=include_self), _index_reduce_samples,
            dtypes=NUMERIC)
     for reduce in INDEX_REDUCTIONS for include_self in (True, False)] + [
    OpInfo('index_reduce_', inplace('index_reduce_', 'amax'),
           lambda make: [Sample((make(3, 4), 0, idx([1, 1]), make(2, 4)))]),
    OpInfo('index_reduce_errors', func('index_reduce'), lambda make: [],
           errors=lambda make: [Sample((make(3, 4), 0, idx([1]), make(1, 4), 'sum'),
                                       note='no sum'),
                                Sample((make(3, 4), 0, idx([3]), make(1, 4), 'amax'),
                                       note='out of range')]),
]

