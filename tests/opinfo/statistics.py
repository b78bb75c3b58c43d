"""Table rows for the ops in ember/ops/statistics.py: var, std, var_mean, std_mean, norm,
logsumexp, nansum, nanmean."""
import math

import numpy as np

from tests.opinfo.core import OpInfo, Sample, func, method

WITH_INTS = ('float32', 'float64', 'int64', 'int32')
NAN = np.nan


def _variance_samples(make):
    constant = np.full((3, 4), 0.5)
    return [Sample((make(5),)), Sample((make(3, 4),)), Sample((make(3, 4), 1)),
            Sample((make(3, 4),), {'dim': -2, 'keepdim': True}),
            Sample((make(2, 3, 4), (0, 2))), Sample((make(2, 3, 4),), {'dim': [1]}),
            Sample((make(3, 4), 1, False)), Sample((make(3, 4), 0, True, True)),
            Sample((make(3, 4), False)), Sample((make(3, 4), True)),
            Sample((make(3, 4),), {'correction': 0}),
            Sample((make(3, 4),), {'dim': 1, 'correction': 2.5, 'keepdim': True}),
            Sample((make(3, 4),), {'unbiased': False, 'dim': 0}),
            Sample((make(3, 4),), {'keepdim': True}),
            Sample((make(),), {'correction': 0}), Sample((make(),), {'dim': 0, 'correction': 0}),
            Sample((make(),), note='no degrees of freedom', gradcheck=False),
            Sample((make(1, 4), 0), note='no degrees of freedom', gradcheck=False),
            Sample((make(2, 3),), {'correction': 6}, note='negative dof', gradcheck=False),
            Sample((make(2, 3),), {'dim': 1, 'correction': 4}, gradcheck=False),
            Sample((make(3, 4), []), note='empty dims', gradcheck=False),
            Sample((constant,), note='zero variance', gradcheck=False),
            Sample((constant, 1), note='zero variance', gradcheck=False),
            Sample((make(0, 3), 1)), Sample((make(0, 3), 0), gradcheck=False),
            Sample((make(0, 3),), gradcheck=False)]


def _variance_errors(make):
    # NOTE: torch lists keyword arguments in its message in reverse order
    return [Sample((make(3, 4),), {'unbiased': True, 'correction': 1}, 'both correction and '
                   'unbiased'),
            Sample((make(3, 4), (1, 1)), note='repeated dim'),
            Sample((make(3, 4), 2), note='dim out of range')]


def _integer_errors(make):
    return [Sample((make(3, 4),), note='integer input')]


# --- norm ------------------------------------------------------------------------------------

def _norm_samples(make):
    zeros = np.zeros((3, 4))
    zeros[0, 0] = 1.5
    ties = np.array([[1.0, -2.0, 2.0], [0.5, -0.5, 0.25]])
    samples = [Sample((make(),)), Sample((make(5),)), Sample((make(3, 4),)),
               Sample((make(3, 4), 'fro')), Sample((make(3, 4), 'fro', 1)),
               Sample((make(2, 3, 4), 'fro', (0, 2), True)), Sample((make(3, 4), None)),
               Sample((make(3, 4),), {'dim': 1, 'keepdim': True}),
               Sample((make(2, 3, 4),), {'p': 2, 'dim': (0, 1)}),
               Sample((make(3, 4),), {'p': 2, 'dim': []}),
               Sample((make(0, 3), 2, 1)), Sample((make(0, 3),)),
               Sample((make(3, 4),), {'dtype': 'float64'}),
               Sample((make(3, 4), 'nuc')), Sample((make(2, 3, 4), 'nuc', (2, 0), True)),
               Sample((zeros,), note='norm at zero', gradcheck=False),
               Sample((zeros, 2, 1), note='norm at zero', gradcheck=False)]
    for p in (1, 3, 0.5, 1.5, 2.5, 0, -1, math.inf, -math.inf):
        samples.append(Sample((make(3, 4), p)))
        samples.append(Sample((make(2, 3, 4), p, 1, True)))
        samples.append(Sample((zeros, p, 0), note='zeros', gradcheck=False))
    for p in (math.inf, -math.inf):
        samples.append(Sample((ties, p), note='ties share the gradient', gradcheck=False))
        samples.append(Sample((ties, p, 1), note='ties share the gradient', gradcheck=False))
    return samples


def _norm_call(lib, input, *args, **kwargs):
    if 'dtype' in kwargs:
        kwargs['dtype'] = getattr(lib, kwargs['dtype'])
    return lib.norm(input, *args, **kwargs)


def _norm_errors(make):
    return [Sample((make(3, 4), 'abc'), note='bad order'),
            Sample((make(3, 4), 'fro', (0, 1, 0)), note='three dims'),
            Sample((make(3, 4), 'nuc', 1), note='nuclear norm of one dim'),
            Sample((make(0, 3), math.inf), note='inf norm of nothing'),
            Sample((make(0, 3), -1, 0), note='negative norm over an empty dim'),
            Sample((make(3, 4),), {'dtype': 'int64'}, 'integer dtype'),
            Sample((make(3, 4), 2, 2), note='dim out of range')]


# --- logsumexp, nansum, nanmean --------------------------------------------------------------

def _logsumexp_samples(make):
    infinite = make(3, 4)
    infinite[0] = -np.inf
    infinite[1, 2] = np.inf
    return [Sample((make(5), 0)), Sample((make(3, 4), 1)), Sample((make(3, 4), -2, True)),
            Sample((make(2, 3, 4), (0, 2))), Sample((make(2, 3, 4),), {'dim': [1, 2],
                                                                        'keepdim': True}),
            Sample((make(), 0)), Sample((make(0, 3), 1)), Sample((make(0, 3), 0)),
            Sample((make(3, 4), (), True), note='no dims: all of them'), Sample((make(), ())),
            Sample((make(3, 4, low=20, high=40), 1), note='large values'),
            Sample((infinite, 1), note='infinities', gradcheck=False)]


def _nan_samples(make):
    nans = make(3, 4)
    nans.flat[::3] = NAN
    all_nan = make(3, 4)
    all_nan[1] = NAN
    return [Sample((make(),)), Sample((make(3, 4),)), Sample((nans,)), Sample((nans, 1)),
            Sample((nans,), {'dim': (0, 1), 'keepdim': True}), Sample((nans, 0, True)),
            Sample((all_nan, 1), note='all NaN', gradcheck=False),
            Sample((nans,), {'keepdim': True}), Sample((make(), 0)),
            Sample((make(0, 3),)), Sample((make(0, 3), 1)), Sample((nans, ()))]


OPS = [
    OpInfo('var', func('var'), _variance_samples, errors=_variance_errors),
    OpInfo('std', func('std'), _variance_samples, errors=_variance_errors),
    OpInfo('var_method', method('var'), _variance_samples),
    OpInfo('std_method', method('std'), _variance_samples),
    OpInfo('var_mean', func('var_mean'), _variance_samples, errors=_variance_errors),
    OpInfo('std_mean', func('std_mean'), _variance_samples, errors=_variance_errors),
    OpInfo('var_int', func('var'), lambda make: [], dtypes=('int64',), differentiable=False,
           errors=_integer_errors),
    OpInfo('std_mean_int', func('std_mean'), lambda make: [], dtypes=('int64',),
           differentiable=False, errors=_integer_errors),
    OpInfo('var_mean_int', func('var_mean'), lambda make: [], dtypes=('bool',),
           differentiable=False, errors=_integer_errors),
    OpInfo('norm', _norm_call, _norm_samples, errors=_norm_errors),
    OpInfo('norm_method', method('norm'), lambda make: [
        Sample((make(3, 4),)), Sample((make(3, 4), 1, 1, True)), Sample((make(3, 4), math.inf))]),
    OpInfo('norm_int', _norm_call, lambda make: [], dtypes=('int64',),
           differentiable=False, errors=_integer_errors),
    OpInfo('norm_narrowing', _norm_call, lambda make: [], dtypes=('float64',),
           differentiable=False,
           errors=lambda make: [Sample((make(3),), {'dtype': 'float32'}, 'narrowing dtype')]),
    OpInfo('logsumexp', func('logsumexp'), _logsumexp_samples,
           errors=lambda make: [Sample((make(3, 4), (1, 1)), note='repeated dim'),
                                Sample((make(3, 4), ()), note='no dims, no keepdim')]),
    OpInfo('logsumexp_method', method('logsumexp'), _logsumexp_samples),
    OpInfo('logsumexp_int', func('logsumexp'),
           lambda make: [Sample((make(3, 4), 1)), Sample((make(), 0))],
           dtypes=('int64', 'bool'), differentiable=False),
    OpInfo('nansum', func('nansum'), _nan_samples, dtypes=WITH_INTS + ('bool',),
           errors=lambda make: [Sample((make(3, 4), (1, 1)), note='repeated dim')]),
    OpInfo('nansum_method', method('nansum'), _nan_samples),
    OpInfo('nansum_dtype', lambda lib, x, *args: lib.nansum(x, *args, dtype=lib.float64),
           lambda make: [Sample((make(3, 4),)), Sample((make(3, 4), 1))],
           dtypes=('float32', 'int64')),
    OpInfo('nanmean', func('nanmean'), _nan_samples),
    OpInfo('nanmean_method', method('nanmean'), _nan_samples),
    OpInfo('nanmean_int', func('nanmean'), lambda make: [], dtypes=('int64',),
           differentiable=False, errors=_integer_errors),
]
