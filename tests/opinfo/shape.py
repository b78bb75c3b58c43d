"""Table rows for shape and view ops."""
from tests.opinfo.core import Check, OpInfo, Sample, func, method

VIEW_NEEDS_STRIDES = {Check.NONCONTIGUOUS: "view() of non-contiguous memory raises, as in torch"}

ALL = ('float32', 'float64', 'int64', 'bool')


def _reshape_samples(make):
    return [Sample((make(3, 4), (4, 3))), Sample((make(3, 4), (-1,))), Sample((make(), (1, 1))),
            Sample((make(2, 3, 4), (6, -1))), Sample((make(0, 3), (3, 0)))]


def _reshape_errors(make):
    return [Sample((make(3, 4), (5,)), note='wrong size'),
            Sample((make(3, 4), (-1, -1)), note='two inferred'),
            Sample((make(3, 4), (-2, 6)), note='negative')]


def _transpose_samples(make):
    return [Sample((make(3, 4), 0, 1)), Sample((make(2, 3, 4), -1, 0)),
            Sample((make(2, 3, 4), 1, 1))]


def _permute_samples(make):
    return [Sample((make(2, 3, 4), (2, 0, 1))), Sample((make(3, 4), (1, 0))),
            Sample((make(), ()))]


def _squeeze_samples(make):
    return [Sample((make(3, 1, 4, 1),)), Sample((make(3, 1, 4),), {'dim': 1}),
            Sample((make(3, 1, 4),), {'dim': 0}), Sample((make(1, 3, 1),), {'dim': (0, 2)}),
            Sample((make(),),)]


def _expand_samples(make):
    return [Sample((make(3, 1), 3, 4)), Sample((make(4), 2, 3, 4)), Sample((make(), 2, 2)),
            Sample((make(3, 1), -1, 5))]


def _expand_errors(make):
    return [Sample((make(3), 2, 4), note='mismatch'), Sample((make(2, 3), 3), note='too few')]


def _flatten_samples(make):
    return [Sample((make(2, 3, 4),)), Sample((make(2, 3, 4), 1)), Sample((make(2, 3, 4), 0, 1)),
            Sample((make(),)), Sample((make(5),))]


OPS = [
    OpInfo('reshape', func('reshape'), _reshape_samples, dtypes=ALL, errors=_reshape_errors),
    OpInfo('reshape_noncontiguous', lambda lib, x: x.t().reshape(-1),
           lambda make: [Sample((make(3, 4),))]),
    OpInfo('view', lambda lib, x, shape: x.view(shape), _reshape_samples, dtypes=ALL,
           errors=lambda make: [Sample((make(3, 4), (5,)), note='wrong size')],
           skips=VIEW_NEEDS_STRIDES),
    OpInfo('view_varargs', lambda lib, x: x.view(2, -1), lambda make: [Sample((make(3, 4),))],
           skips=VIEW_NEEDS_STRIDES),
    OpInfo('view_of_transpose', lambda lib, x: x.t().view(-1),
           lambda make: [Sample((make(1, 4),))],
           errors=lambda make: [Sample((make(3, 4),), note='not viewable')]),
    OpInfo('flatten', func('flatten'), _flatten_samples, dtypes=ALL),
    OpInfo('unflatten', func('unflatten'), lambda make: [Sample((make(2, 6), 1, (3, 2))),
                                                         Sample((make(6), 0, (-1, 3)))]),
    OpInfo('t', func('t'), lambda make: [Sample((make(3, 4),)), Sample((make(5),)),
                                         Sample((make(),))], dtypes=ALL,
           errors=lambda make: [Sample((make(2, 3, 4),), note='3-D')]),
    OpInfo('T', lambda lib, x: x.T, lambda make: [Sample((make(3, 4),))]),
    OpInfo('mT', lambda lib, x: x.mT, lambda make: [Sample((make(2, 3, 4),))]),
    OpInfo('transpose', func('transpose'), _transpose_samples, dtypes=ALL,
           errors=lambda make: [Sample((make(3, 4), 0, 2), note='dim out of range')]),
    OpInfo('permute', func('permute'), _permute_samples, dtypes=ALL,
           errors=lambda make: [Sample((make(3, 4), (0, 0)), note='duplicate'),
                                Sample((make(3, 4), (0,)), note='too few')]),
    OpInfo('permute_varargs', lambda lib, x: x.permute(1, 0), lambda make: [Sample((make(3, 4),))]),
    OpInfo('unsqueeze', func('unsqueeze'),
           lambda make: [Sample((make(3, 4), 0)), Sample((make(3, 4), -1)), Sample((make(), 0))],
           dtypes=ALL, errors=lambda make: [Sample((make(3, 4), 3), note='dim out of range')]),
    OpInfo('squeeze', func('squeeze'), _squeeze_samples, dtypes=ALL),
    OpInfo('expand', method('expand'), _expand_samples, dtypes=ALL, errors=_expand_errors),
    OpInfo('expand_as', method('expand_as'), lambda make: [Sample((make(3, 1), make(2, 3, 4)))]),
    OpInfo('clone', func('clone'), lambda make: [Sample((make(3, 4),)), Sample((make(),))],
           dtypes=ALL),
    OpInfo('contiguous', lambda lib, x: x.t().contiguous(), lambda make: [Sample((make(3, 4),))]),
    OpInfo('to_double', lambda lib, x: x.to(lib.float64), lambda make: [Sample((make(3, 4),))],
           dtypes=('float32',)),
    OpInfo('double', method('double'), lambda make: [Sample((make(3, 4),))],
           dtypes=('float32', 'int64')),
    OpInfo('float', method('float'), lambda make: [Sample((make(3, 4),))],
           dtypes=('float64', 'int64', 'bool'),
           skips={Check.GRADCHECK: 'rounds to float32, too coarse for central differences'}),
    OpInfo('long', method('long'), lambda make: [Sample((make(3, 4),))], dtypes=('float32',),
           differentiable=False),
]
