"""Table rows for the ops in ember/ops/scan.py: cumsum, cumprod, cummax, cummin and the
in-place cumsum_ and cumprod_."""
import numpy as np

from tests.opinfo.core import OpInfo, Sample, func, method

WITH_INTS = ('float32', 'float64', 'int64', 'int32')
ALL_KINDS = WITH_INTS + ('bool',)


def _scan_samples(make):
    return [Sample((make(5), 0)), Sample((make(3, 4), 1)), Sample((make(3, 4),), {'dim': -2}),
            Sample((make(2, 3, 4), 1)), Sample((make(), 0)), Sample((make(0, 3), 0)),
            Sample((make(0, 3), 1)), Sample((make(3, 1), 1)), Sample((make(1, 1), 0))]


def _cumprod_samples(make):
    one_zero = make(3, 5)
    one_zero[1, 2] = 0
    zeros = make(3, 5)
    zeros[0, 1] = zeros[0, 3] = 0
    zeros[2, 0] = zeros[1, 4] = 0
    return _scan_samples(make) + [Sample((one_zero, 1), note='a zero'),
                                  Sample((zeros, 1), note='zeros'),
                                  Sample((zeros, 0), note='zeros'),
                                  Sample((zeros.reshape(3, 5, 1), 1), note='zeros')]


def _running_extremum_samples(make):
    ties = np.round(make(4, 7))
    nans = np.round(make(3, 8))
    nans[0, 2] = nans[0, 5] = nans[1, 0] = np.nan
    # torch's gradient for an empty input is that input itself, which requires grad
    samples = [sample if sample.args[0].size else
               Sample(sample.args, sample.kwargs, 'empty', gradcheck=False)
               for sample in _scan_samples(make)]
    return samples + [
        Sample((ties, 1), note='ties: the last position', gradcheck=False),
        Sample((ties, 0), note='ties', gradcheck=False),
        Sample((nans, 1), note='NaN: the last NaN', gradcheck=False)]


def _dim_errors(make):
    return [Sample((make(3, 4), 2), note='dim out of range'),
            Sample((make(3, 4), (0,)), note='tuple dim')]


def _inplace(name, **settings):
    def call(lib, x, *args, **kwargs):
        y = x * 1
        return getattr(y, name)(*args, **settings, **kwargs)
    call.__name__ = name
    return call


OPS = [
    OpInfo('cumsum', func('cumsum'), _scan_samples, dtypes=ALL_KINDS, errors=_dim_errors),
    OpInfo('cumsum_method', method('cumsum'), _scan_samples),
    OpInfo('cumsum_dtype', lambda lib, x, dim: lib.cumsum(x, dim, dtype=lib.float64),
           _scan_samples, dtypes=('float64', 'int64', 'bool')),
    OpInfo('cumsum_', _inplace('cumsum_'), _scan_samples, dtypes=WITH_INTS),
    OpInfo('cumprod', func('cumprod'), _cumprod_samples, dtypes=ALL_KINDS, errors=_dim_errors),
    OpInfo('cumprod_method', method('cumprod'), _cumprod_samples),
    OpInfo('cumprod_dtype', lambda lib, x, dim: lib.cumprod(x, dim, dtype=lib.float64),
           _cumprod_samples, dtypes=('float64', 'int32')),
    OpInfo('cumprod_', _inplace('cumprod_'), _cumprod_samples, dtypes=WITH_INTS),
    OpInfo('cummax', func('cummax'), _running_extremum_samples, dtypes=ALL_KINDS,
           errors=_dim_errors),
    OpInfo('cummax_method', method('cummax'), _running_extremum_samples),
    OpInfo('cummin', func('cummin'), _running_extremum_samples, dtypes=ALL_KINDS,
           errors=_dim_errors),
    OpInfo('cummin_method', method('cummin'), _running_extremum_samples),
]
