"""Table rows for matrix products."""
import operator as op

from tests.opinfo.core import OpInfo, Sample, func, operator


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
]
