"""Table rows for reductions."""
from tests.opinfo.core import OpInfo, Sample, func, method

WITH_INTS = ('float32', 'float64', 'int64', 'int32')


def _sum_samples(make):
    return [Sample((make(),)), Sample((make(5),)), Sample((make(3, 4),)),
            Sample((make(3, 4),), {'dim': 1}), Sample((make(3, 4),), {'dim': -2}),
            Sample((make(2, 3, 4),), {'dim': (0, 2)}), Sample((make(2, 3, 4),), {'dim': [1]}),
            Sample((make(3, 4),), {'dim': 1, 'keepdim': True}),
            Sample((make(2, 3, 4),), {'dim': (0, 2), 'keepdim': True}),
            Sample((make(0, 3),)), Sample((make(0, 3),), {'dim': 0})]


def _dim_errors(make):
    return [Sample((make(3, 4),), {'dim': 2}, 'dim out of range'),
            Sample((make(3, 4),), {'dim': (0, 0)}, 'repeated dim')]


OPS = [
    OpInfo('sum', func('sum'), _sum_samples, dtypes=WITH_INTS + ('bool',), errors=_dim_errors),
    OpInfo('sum_method', method('sum'), _sum_samples),
    OpInfo('sum_dtype', lambda lib, x: lib.sum(x, dtype=lib.float64),
           lambda make: [Sample((make(3, 4),))]),
    OpInfo('mean', func('mean'), _sum_samples, errors=_dim_errors),
    OpInfo('mean_int', func('mean'), lambda make: [], dtypes=('int64',), differentiable=False,
           errors=lambda make: [Sample((make.index(5, 3),), note='integer input')]),
]
