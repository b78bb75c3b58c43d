"""Table rows for reductions: sum, mean, prod, max and min in their forms, all, any,
count_nonzero."""
import numpy as np

from tests.opinfo.core import OpInfo, Sample, func, method

WITH_INTS = ('float32', 'float64', 'int64', 'int32')
ALL_KINDS = WITH_INTS + ('bool',)
NAN = np.nan


def _sum_samples(make):
    return [Sample((make(),)), Sample((make(5),)), Sample((make(3, 4),)),
            Sample((make(3, 4),), {'dim': 1}), Sample((make(3, 4),), {'dim': -2}),
            Sample((make(2, 3, 4),), {'dim': (0, 2)}), Sample((make(2, 3, 4),), {'dim': [1]}),
            Sample((make(3, 4),), {'dim': 1, 'keepdim': True}),
            Sample((make(2, 3, 4),), {'dim': (0, 2), 'keepdim': True}),
            Sample((make(0, 3),)), Sample((make(0, 3),), {'dim': 0}),
            Sample((make(),), {'dim': 0}), Sample((make(),), {'dim': -1, 'keepdim': True})]


def _dim_errors(make):
    return [Sample((make(3, 4),), {'dim': 2}, 'dim out of range'),
            Sample((make(3, 4),), {'dim': (0, 0)}, 'repeated dim')]


def _ties(make, *shape):
    """Values from {-2, -1, 0, 1, 2}: many ties."""
    return np.round(make(*shape))


def _with_nans(make, *shape):
    array = make(*shape)
    array.flat[::3] = NAN
    return array


# --- prod ------------------------------------------------------------------------------------

def _prod_samples(make):
    one_zero = make(3, 4)
    one_zero[1, 2] = 0
    two_zeros = make(3, 4)
    two_zeros[1, 0] = two_zeros[1, 3] = 0
    two_zeros[2, 1] = 0
    return [Sample((make(),)), Sample((make(5),)), Sample((make(3, 4),)),
            Sample((make(0, 3),)), Sample((one_zero,)), Sample((two_zeros,)),
            Sample((make(3, 4), 1)), Sample((make(3, 4), -2, True)),
            Sample((make(2, 3, 4),), {'dim': 1, 'keepdim': True}),
            Sample((make(),), {'dim': 0}), Sample((make(0, 3), 0)), Sample((make(3, 1), 1)),
            Sample((one_zero, 1)), Sample((one_zero, 0)), Sample((two_zeros, 1)),
            Sample((two_zeros,), {'dim': 0, 'keepdim': True})]


def _prod_errors(make):
    return [Sample((make(3, 4), (0, 1)), note='tuple dim'),
            Sample((make(3, 4), 2), note='dim out of range')]


# --- max and min -----------------------------------------------------------------------------

def _extremum_all_samples(make):
    ties = np.array([[1.0, 2.0, 2.0], [0.5, 2.0, -1.0]])
    nans = np.array([[1.0, NAN, 2.0], [NAN, 0.5, -1.0]])
    return [Sample((make(),)), Sample((make(5),)), Sample((make(3, 4),)),
            Sample((make(2, 3, 4),)),
            Sample((ties,), note='ties share the gradient', gradcheck=False),
            Sample((-ties,), note='ties share the gradient', gradcheck=False),
            Sample((nans,), note='NaNs share the gradient', gradcheck=False)]


def _extremum_dim_samples(make):
    return [Sample((make(5), 0)), Sample((make(3, 4), 1)), Sample((make(3, 4),), {'dim': -2}),
            Sample((make(3, 4), 0, True)), Sample((make(2, 3, 4),), {'dim': 1, 'keepdim': True}),
            Sample((make(), 0)), Sample((make(),), {'dim': -1, 'keepdim': True}),
            Sample((make(0, 3), 1)),
            Sample((_ties(make, 4, 6), 1), note='first of tied elements', gradcheck=False),
            Sample((_ties(make, 4, 6), 0, True), note='ties', gradcheck=False),
            Sample((_with_nans(make, 4, 5), 1), note='NaN wins', gradcheck=False)]


def _extremum_errors(make):
    return [Sample((make(0, 3),), note='empty input, no dim'),
            Sample((make(0, 3), 0), note='empty reduced dim'),
            Sample((make(3, 4), (0, 1)), note='tuple dim'),
            Sample((make(3, 4), 2), note='dim out of range')]


def _binary_samples(make):
    return [Sample((make(3, 4), make(3, 4))), Sample((make(3, 4), make(4))),
            Sample((make(), make(3))), Sample((_ties(make, 3, 4), _ties(make, 3, 4)),
                                              gradcheck=False)]


# --- amax, amin, aminmax ---------------------------------------------------------------------

def _amax_samples(make):
    return [Sample((make(),)), Sample((make(5),)), Sample((make(3, 4),)),
            Sample((make(3, 4), 1)), Sample((make(3, 4),), {'dim': -2, 'keepdim': True}),
            Sample((make(2, 3, 4), (0, 2))), Sample((make(2, 3, 4),), {'dim': [1, 2]}),
            Sample((make(2, 3, 4), ()), note='empty dims reduce all'),
            Sample((make(3, 4),), {'dim': (), 'keepdim': True}),
            Sample((make(), 0)), Sample((make(0, 3), 1)),
            Sample((_ties(make, 4, 5),), note='ties share the gradient', gradcheck=False),
            Sample((_ties(make, 4, 5), 1), note='ties share the gradient', gradcheck=False),
            Sample((_ties(make, 3, 4, 2), (0, 2), True), note='ties', gradcheck=False),
            Sample((_with_nans(make, 4, 5), 1), note='NaN', gradcheck=False)]


def _amax_errors(make):
    return [Sample((make(0, 3),), note='empty input, no dim'),
            Sample((make(0, 3), 0), note='empty reduced dim'),
            Sample((make(0, 3), (1, -2)), note='empty reduced dim, named as given'),
            Sample((make(3, 4), (1, 1)), note='repeated dim')]


def _aminmax_samples(make):
    return [Sample((make(),)), Sample((make(5),)), Sample((make(3, 4),)),
            Sample((make(3, 4),), {'dim': 1}), Sample((make(3, 4),), {'keepdim': True}),
            Sample((make(2, 3, 4),), {'dim': -2, 'keepdim': True}),
            Sample((make(),), {'dim': 0}), Sample((make(0, 3),), {'dim': 1}),
            Sample((_ties(make, 4, 5),), note='ties share the gradient', gradcheck=False),
            Sample((_ties(make, 4, 5),), {'dim': 0}, note='ties', gradcheck=False)]


def _aminmax_errors(make):
    return [Sample((make(0, 3),), note='empty input, no dim'),
            Sample((make(0, 3),), {'dim': 0}, note='empty reduced dim'),
            Sample((make(3, 4),), {'dim': (0, 1)}, note='tuple dim')]


# --- argmax, argmin --------------------------------------------------------------------------

def _arg_samples(make):
    return [Sample((make(),)), Sample((make(3, 4),)), Sample((make(3, 4), 1)),
            Sample((make(3, 4),), {'dim': 0, 'keepdim': True}),
            Sample((make(3, 4),), {'keepdim': True}), Sample((make(), 0)),
            Sample((make(0, 3), 1)), Sample((_ties(make, 4, 6), 1), note='first of ties'),
            Sample((_ties(make, 4, 6),), note='first of ties'),
            Sample((_with_nans(make, 4, 5), 1), note='NaN wins')]


def _arg_errors(make):
    return [Sample((make(0, 3),), note='empty input, no dim'),
            Sample((make(0, 3), 0), note='empty reduced dim'),
            Sample((make(3, 4), (0,)), note='tuple dim')]


def _arg_bool_errors(make):
    return [Sample((make(3, 4),), note='bool input')]


# --- all, any, count_nonzero -----------------------------------------------------------------

def _logical_samples(make):
    zeros = make(3, 4)
    zeros[0] = 0
    zeros[:, 1] = 0
    return [Sample((make(),)), Sample((make(3, 4),)), Sample((zeros,)), Sample((zeros, 1)),
            Sample((zeros,), {'dim': 0, 'keepdim': True}), Sample((zeros, (0, 1))),
            Sample((make(2, 3, 4),), {'dim': (0, 2), 'keepdim': True}),
            Sample((zeros, ()), note='empty dims reduce nothing'),
            Sample((make(3, 4),), {'keepdim': True}), Sample((make(), 0)),
            Sample((make(0, 3),)), Sample((make(0, 3), 0)), Sample((make(0, 3), 1))]


def _count_nonzero_samples(make):
    zeros = make(3, 4)
    zeros[0] = 0
    zeros[:, 1] = 0
    return [Sample((make(),)), Sample((zeros,)), Sample((zeros, 1)),
            Sample((zeros,), {'dim': (0, 1)}), Sample((zeros, ())), Sample((make(), 0)),
            Sample((make(0, 3),)), Sample((make(0, 3), 0))]


OPS = [
    OpInfo('sum', func('sum'), _sum_samples, dtypes=ALL_KINDS, errors=_dim_errors),
    OpInfo('sum_method', method('sum'), _sum_samples),
    OpInfo('sum_dtype', lambda lib, x: lib.sum(x, dtype=lib.float64),
           lambda make: [Sample((make(3, 4),))]),
    OpInfo('mean', func('mean'), _sum_samples, errors=_dim_errors),
    OpInfo('mean_int', func('mean'), lambda make: [], dtypes=('int64',), differentiable=False,
           errors=lambda make: [Sample((make.index(5, 3),), note='integer input')]),
    OpInfo('prod', func('prod'), _prod_samples, dtypes=ALL_KINDS, errors=_prod_errors),
    OpInfo('prod_method', method('prod'), _prod_samples),
    OpInfo('prod_dtype', lambda lib, x, *args: lib.prod(x, *args, dtype=lib.float64),
           lambda make: [Sample((make(3, 4),)), Sample((make(3, 4), 1))],
           dtypes=('float32', 'int64')),
    OpInfo('max', func('max'), _extremum_all_samples, dtypes=ALL_KINDS,
           errors=_extremum_errors),
    OpInfo('max_dim', func('max'), _extremum_dim_samples, dtypes=ALL_KINDS),
    OpInfo('max_method', method('max'), _extremum_dim_samples),
    OpInfo('max_binary', func('max'), _binary_samples, dtypes=WITH_INTS),
    OpInfo('min', func('min'), _extremum_all_samples, dtypes=ALL_KINDS,
           errors=_extremum_errors),
    OpInfo('min_dim', func('min'), _extremum_dim_samples, dtypes=ALL_KINDS),
    OpInfo('min_method', method('min'), _extremum_dim_samples),
    OpInfo('min_binary', func('min'), _binary_samples, dtypes=WITH_INTS),
    OpInfo('amax', func('amax'), _amax_samples, dtypes=ALL_KINDS, errors=_amax_errors),
    OpInfo('amax_method', method('amax'), _amax_samples),
    OpInfo('amin', func('amin'), _amax_samples, dtypes=ALL_KINDS, errors=_amax_errors),
    OpInfo('aminmax', func('aminmax'), _aminmax_samples, dtypes=ALL_KINDS,
           errors=_aminmax_errors),
    OpInfo('aminmax_method', method('aminmax'), _aminmax_samples),
    OpInfo('argmax', func('argmax'), _arg_samples, dtypes=WITH_INTS, differentiable=False,
           errors=_arg_errors),
    OpInfo('argmin', func('argmin'), _arg_samples, dtypes=WITH_INTS, differentiable=False,
           errors=_arg_errors),
    OpInfo('argmax_method', method('argmax'), _arg_samples, differentiable=False),
    OpInfo('argmax_bool', func('argmax'), lambda make: [], dtypes=('bool',),
           differentiable=False, errors=_arg_bool_errors),
    OpInfo('argmin_bool', func('argmin'), lambda make: [], dtypes=('bool',),
           differentiable=False, errors=_arg_bool_errors),
    OpInfo('all', func('all'), _logical_samples, dtypes=ALL_KINDS, differentiable=False,
           errors=_dim_errors),
    OpInfo('any', func('any'), _logical_samples, dtypes=ALL_KINDS, differentiable=False,
           errors=_dim_errors),
    OpInfo('all_method', method('all'), _logical_samples, differentiable=False),
    OpInfo('any_method', method('any'), _logical_samples, differentiable=False),
    OpInfo('count_nonzero', func('count_nonzero'), _count_nonzero_samples, dtypes=ALL_KINDS,
           differentiable=False, errors=_dim_errors),
    OpInfo('count_nonzero_method', method('count_nonzero'), _count_nonzero_samples,
           differentiable=False),
]
