"""Table rows for the ops in ember/ops/diagonal.py."""
from tests.opinfo.core import OpInfo, Sample, func, method
from tests.opinfo.shape import ALL, view_rows, written


def _triangle_samples(make):
    return [Sample((make(3, 4),)), Sample((make(3, 4), 1)), Sample((make(2, 3, 4), -1)),
            Sample((make(3, 4), -5)), Sample((make(3, 4), 7)), Sample((make(0, 3),)),
            Sample((make(3, 4),), {'diagonal': 2})]


def _triangle_errors(make):
    return [Sample((make(3),), note='1-D'), Sample((make(),), note='0-d'),
            Sample((make(3, 4), 1.0), note='float diagonal'),
            Sample((make(3, 4), True), note='bool diagonal')]


def _in_place(name):
    def call(lib, x, *args, **kwargs):
        y = x * 1
        getattr(y, name)(*args, **kwargs)
        return y
    return call


def _diag_samples(make):
    return [Sample((make(4),)), Sample((make(4), 1)), Sample((make(4), -2)),
            Sample((make(3, 4),)), Sample((make(3, 4), 1)), Sample((make(3, 4), -2)),
            Sample((make(3, 4), 5)), Sample((make(0),)), Sample((make(0, 3),)),
            Sample((make(3, 4),), {'diagonal': -1})]


def _diag_errors(make):
    return [Sample((make(2, 3, 4),), note='3-D'), Sample((make(),), note='0-d'),
            Sample((make(3), 1.0), note='float diagonal')]


def _diagonal_samples(make):
    return [Sample((make(3, 4),)), Sample((make(2, 3, 4),)), Sample((make(2, 3, 4), 1)),
            Sample((make(2, 3, 4), -1, 0, 2)), Sample((make(2, 3, 4), 0, 2, 0)),
            Sample((make(2, 3, 4), 2, 2, 0)), Sample((make(2, 3, 4), -2, 2, 1)),
            Sample((make(2, 3, 4), 10)), Sample((make(2, 3, 4), -10)), Sample((make(0, 3),)),
            Sample((make(2, 3, 4),), {'offset': 1, 'dim1': -1, 'dim2': -2})]


def _diagonal_errors(make):
    return [Sample((make(2, 3, 4), 0, 1, 1), note='same dims'),
            Sample((make(2, 3, 4), 0, 1, -2), note='same dims once wrapped'),
            Sample((make(2, 3, 4), 0, 1, 5), note='out of range'),
            Sample((make(3),), note='1-D'), Sample((make(),), note='0-d'),
            Sample((make(3, 4), 1.0), note='float offset'),
            Sample((make(3, 4), 0, 1.0, 0), note='float dim')]


def _diag_embed_samples(make):
    return [Sample((make(2, 3),)), Sample((make(2, 3), 1)), Sample((make(2, 3, 4), -1, 0, 2)),
            Sample((make(2, 3, 4), 0, 0, 3)), Sample((make(2, 3, 4), 2, 3, 0)),
            Sample((make(4),)), Sample((make(0),)), Sample((make(2, 0),), {'offset': 1}),
            Sample((make(2, 3),), {'offset': -2, 'dim1': -1, 'dim2': 0})]


def _diag_embed_errors(make):
    return [Sample((make(2, 3), 0, 1, 1), note='same dims'),
            Sample((make(2, 3), 0, 1, 3), note='out of range'),
            Sample((make(),), note='0-d'),
            Sample((make(2, 3), 1.0), note='float offset')]


def _diagflat_samples(make):
    return [Sample((make(2, 3),)), Sample((make(4), 1)), Sample((make(3), -2)), Sample((make(),)),
            Sample((make(0),)), Sample((make(2, 3),), {'offset': 2})]


def _trace_samples(make):
    return [Sample((make(3, 4),)), Sample((make(4, 3),)), Sample((make(0, 3),)),
            Sample((make(1, 1),))]


def _trace_errors(make):
    return [Sample((make(3),), note='1-D'), Sample((make(2, 3, 4),), note='3-D'),
            Sample((make(),), note='0-d')]


OPS = [
    OpInfo('tril', func('tril'), _triangle_samples, dtypes=ALL, errors=_triangle_errors),
    OpInfo('triu', func('triu'), _triangle_samples, dtypes=ALL, errors=_triangle_errors),
    OpInfo('tril_method', method('tril'), _triangle_samples),
    OpInfo('triu_method', method('triu'), _triangle_samples),
    OpInfo('tril_', _in_place('tril_'), _triangle_samples, dtypes=ALL),
    OpInfo('triu_', _in_place('triu_'), _triangle_samples, dtypes=ALL),
    OpInfo('tril_noncontiguous_view', lambda lib, x: lib.tril(x.mT).reshape(-1),
           lambda make: [Sample((make(2, 3, 4),))]),
    OpInfo('diag', func('diag'), _diag_samples, dtypes=ALL, errors=_diag_errors),
    OpInfo('diag_method', method('diag'), _diag_samples),
    OpInfo('diagonal', func('diagonal'), _diagonal_samples, dtypes=ALL, errors=_diagonal_errors),
    OpInfo('diagonal_method', method('diagonal'), _diagonal_samples),
    OpInfo('diagonal_copy', func('diagonal_copy'), _diagonal_samples, errors=_diagonal_errors),
    OpInfo('diag_embed', func('diag_embed'), _diag_embed_samples, dtypes=ALL,
           errors=_diag_embed_errors),
    OpInfo('diag_embed_method', method('diag_embed'), _diag_embed_samples),
    OpInfo('diagflat', func('diagflat'), _diagflat_samples, dtypes=ALL),
    OpInfo('diagflat_method', method('diagflat'), _diagflat_samples),
    OpInfo('diagflat_noncontiguous', lambda lib, x: lib.diagflat(x.t()),
           lambda make: [Sample((make(2, 3),))]),
    OpInfo('trace', func('trace'), _trace_samples,
           dtypes=('float32', 'float64', 'int64', 'int32', 'float16'), errors=_trace_errors),
    OpInfo('trace_method', method('trace'), _trace_samples),
    OpInfo('trace_of_view', lambda lib, x: lib.trace(x.t()[:, :2]),
           lambda make: [Sample((make(3, 4),))]),
    OpInfo('trace_bool_errors', func('trace'), lambda make: [], dtypes=('bool',),
           errors=lambda make: [Sample((make(3, 3),), note='bool')]),
]
OPS += view_rows('diagonal', lambda lib, x: lib.diagonal(x, 1, -1, 0),
                 lambda make: [Sample((make(2, 3, 4),)), Sample((make(3, 4),))],
                 lambda make: [Sample((make(2, 3, 4), make(1))), Sample((make(3, 4), make(1)))])
OPS += view_rows('diagonal_empty', lambda lib, x: lib.diagonal(x, 5),
                 lambda make: [Sample((make(3, 4),))],
                 lambda make: [Sample((make(3, 4), make(1)))])
OPS += view_rows('diagonal_of_transpose', lambda lib, x: x.t().diagonal(-1),
                 lambda make: [Sample((make(3, 4),))],
                 lambda make: [Sample((make(3, 4), make(3)))])
