"""Table rows for ember.nn.functional's poolings (nn_conv)."""
import numpy as np

from tests.opinfo.core import OpInfo, Sample, func

WITH_INTS = ('float32', 'float64', 'int64')


def _functional(name, samples, errors=None, **kw):
    return OpInfo(f'nn.functional.{name}', func(f'nn.functional.{name}'), samples,
                  errors=errors, **kw)


def _ties(make, *shape):
    """Values from {-2, -1, 0, 1, 2}: windows with tied maxima."""
    return np.round(make(*shape))


def _with_nans(make, *shape):
    array = make(*shape)
    array.flat[::5] = np.nan
    return array


# --- max pooling -----------------------------------------------------------------------------

def _max_pool2d_samples(make):
    return [Sample((make(2, 3, 6, 6), 2)),
            Sample((make(2, 3, 7, 6), 3), {'stride': 2, 'padding': 1}),
            Sample((make(1, 2, 7, 8), (2, 3)), {'stride': (1, 2), 'dilation': (2, 1)}),
            Sample((make(1, 2, 7, 7), 3), {'stride': 2, 'ceil_mode': True}),
            Sample((make(1, 2, 6, 6), 3), {'stride': 2, 'padding': 1, 'ceil_mode': True}),
            Sample((make(2, 5, 5), 2), {'stride': 1}, note='unbatched, overlapping windows'),
            Sample((make(1, 2, 6, 6), 2), {'return_indices': True}),
            Sample((make(1, 2, 5, 5), 3), {'padding': 1, 'stride': 2, 'return_indices': True}),
            Sample((make(0, 2, 4, 4), 2), note='empty batch'),
            Sample((_ties(make, 2, 2, 6, 6), 2), {'return_indices': True},
                   note='ties: the first in row-major order', gradcheck=False),
            Sample((_ties(make, 1, 2, 6, 6), 3), {'stride': 1, 'padding': 1},
                   note='ties, overlapping windows', gradcheck=False),
            Sample((_with_nans(make, 1, 2, 6, 6), 3), {'stride': 1, 'return_indices': True},
                   note='NaN: the last NaN wins', gradcheck=False),
            Sample((np.full((1, 1, 3, 4), -np.inf), 2), {'padding': 1, 'return_indices': True},
                   note='all -inf with padding', gradcheck=False)]


def _max_pool2d_errors(make):
    x = make(2, 3, 6, 6)
    return [Sample((x, 7), note='kernel larger than input'),
            Sample((x, 3), {'padding': 2}, note='padding over half the kernel'),
            Sample((x, 2), {'padding': 2, 'dilation': 3}, note='padding over half, dilated'),
            Sample((x, 2), {'stride': 0}, note='stride 0'),
            Sample((x, 0), note='kernel 0'),
            Sample((x, -1), {'stride': 1}, note='negative kernel'),
            Sample((x, 2), {'dilation': 0}, note='dilation 0'),
            Sample((x, 2), {'padding': -1}, note='negative padding'),
            Sample((x, (2, 2, 2)), note='three kernel sizes'),
            Sample((x, 2), {'stride': (1, 1, 1)}, note='three strides'),
            Sample((make(6, 6), 2), note='2-d input'),
            Sample((make(2, 0, 4, 4), 2), note='no channels'),
            Sample((x, 2.0), note='float kernel')]


def _max_pool1d_samples(make):
    return [Sample((make(2, 3, 8), 2)),
            Sample((make(2, 3, 9), 3), {'stride': 2, 'padding': 1}),
            Sample((make(2, 3, 9), 2), {'dilation': 2, 'ceil_mode': True}),
            Sample((make(3, 8), 3), {'stride': 1, 'return_indices': True}, note='unbatched'),
            Sample((_ties(make, 2, 2, 8), 2), {'return_indices': True}, gradcheck=False)]


def _max_pool1d_errors(make):
    x = make(2, 3, 6)
    return [Sample((x, 7), note='kernel larger than input'),
            Sample((x, 3), {'padding': 2}, note='padding over half the kernel'),
            Sample((x, 2), {'stride': 0}, note='stride 0'),
            Sample((x, 0), note='kernel 0'),
            Sample((x, 2), {'dilation': 0}, note='dilation 0'),
            Sample((x, 2), {'padding': -1}, note='negative padding'),
            Sample((x, (2, 2)), note='two kernel sizes'),
            Sample((make(2, 3, 6, 6), 2), note='4-d input'),
            Sample((make(2, 0, 6), 2), note='no channels'),
            Sample((x, 7), {'return_indices': True}, note='kernel too large, with indices'),
            Sample((make(2, 3, 6, 6), 2), {'return_indices': True}, note='4-d, with indices')]


# --- average pooling -------------------------------------------------------------------------

def _avg_pool2d_samples(make):
    return [Sample((make(2, 3, 6, 6), 2)),
            Sample((make(2, 3, 7, 6), 3), {'stride': 2, 'padding': 1}),
            Sample((make(1, 2, 7, 7), 3), {'stride': 2, 'padding': 1, 'ceil_mode': True}),
            Sample((make(1, 2, 7, 7), 3), {'stride': 2, 'padding': 1, 'ceil_mode': True,
                                           'count_include_pad': False}),
            Sample((make(1, 2, 6, 5), (2, 3)), {'stride': 1, 'divisor_override': 5}),
            Sample((make(2, 5, 5), 2), {'stride': 1}, note='unbatched, overlapping windows'),
            Sample((make(0, 2, 4, 4), 2), note='empty batch')]


def _avg_pool2d_errors(make):
    x = make(2, 3, 6, 6)
    return [Sample((x, 7), note='kernel larger than input'),
            Sample((x, 3), {'padding': 2}, note='padding over half the kernel'),
            Sample((x, 2), {'stride': 0}, note='stride 0'),
            Sample((x, 2), {'divisor_override': 0}, note='divisor 0'),
            Sample((x, (2, 2, 2)), note='three kernel sizes'),
            Sample((make(6, 6), 2), note='2-d input')]


def _avg_pool1d_samples(make):
    return [Sample((make(2, 3, 8), 2)),
            Sample((make(2, 3, 9), 3), {'stride': 2, 'padding': 1, 'ceil_mode': True}),
            Sample((make(2, 3, 9), 3), {'stride': 2, 'padding': 1, 'count_include_pad': False}),
            Sample((make(3, 8), 3), {'stride': 1}, note='unbatched')]


def _avg_pool1d_errors(make):
    x = make(2, 3, 6)
    return [Sample((x, 7), note='kernel larger than input'),
            Sample((x, (2, 2)), note='two kernel sizes'),
            Sample((make(2, 3, 6, 6), 2), note='4-d input'),
            Sample((x, 2), {'padding': -1}, note='negative padding')]


def _lp_pool2d_samples(make):
    positive = make(2, 3, 6, 6, low=0.5, high=2.0)
    return [Sample((positive, 2, 2)), Sample((positive, 3.0, (2, 3)), {'stride': 1}),
            Sample((make(2, 3, 7, 7), 1, 3), {'stride': 2, 'ceil_mode': True}),
            Sample((make(2, 3, 6, 6), float('inf'), 2), gradcheck=False)]


def _lp_pool1d_samples(make):
    positive = make(2, 3, 8, low=0.5, high=2.0)
    return [Sample((positive, 2, 2)), Sample((positive, 3.0, 3), {'stride': 1})]


# --- adaptive pooling ------------------------------------------------------------------------

def _adaptive_avg_pool2d_samples(make):
    return [Sample((make(2, 3, 7, 8), 3)), Sample((make(2, 3, 6, 6), (4, 5))),
            Sample((make(2, 3, 5, 7), (2, None))), Sample((make(3, 5, 7), (6, 9)),
                                                          note='unbatched, larger output'),
            Sample((make(2, 3, 5, 5), 1), note='1x1: a mean')]


def _adaptive_avg_pool2d_errors(make):
    return [Sample((make(2, 3, 5, 5), (2, 2, 2)), note='three output sizes'),
            Sample((make(2, 3, 5, 5), -1), note='negative output size'),
            Sample((make(5, 5), 2), note='2-d input'),
            Sample((make(2, 3, 0, 5), 2), note='empty spatial dim')]


def _adaptive_max_pool2d_samples(make):
    return [Sample((make(2, 3, 7, 8), 3)), Sample((make(2, 3, 6, 6), (4, 5))),
            Sample((make(3, 5, 7), (6, 9)), {'return_indices': True}, note='unbatched'),
            Sample((make(2, 3, 5, 7), (None, 3)), {'return_indices': True}),
            Sample((_ties(make, 2, 2, 6, 6), 4), {'return_indices': True}, gradcheck=False),
            Sample((_with_nans(make, 1, 2, 6, 6), 4), {'return_indices': True},
                   note='NaN: the last NaN wins', gradcheck=False)]


def _adaptive_max_pool2d_errors(make):
    return [Sample((make(2, 3, 5, 5), (2, 2, 2)), note='three output sizes'),
            Sample((make(5, 5), 2), note='2-d input'),
            Sample((make(2, 3, 0, 5), 2), note='empty spatial dim')]


def _adaptive_1d_samples(make):
    return [Sample((make(2, 3, 9), 4)), Sample((make(3, 5), 7), note='unbatched'),
            Sample((make(2, 3, 8), 1))]


def _adaptive_max_pool1d_samples(make):
    return _adaptive_1d_samples(make) + [
        Sample((make(2, 3, 9), 4), {'return_indices': True})]


def _adaptive_1d_errors(make):
    return [Sample((make(2, 3, 5, 5), 2), note='4-d input'),
            Sample((make(2, 3, 5), (2, 2)), note='two output sizes')]


OPS = [
    _functional('max_pool2d', _max_pool2d_samples, _max_pool2d_errors, dtypes=WITH_INTS),
    _functional('max_pool1d', _max_pool1d_samples, _max_pool1d_errors),
    _functional('avg_pool2d', _avg_pool2d_samples, _avg_pool2d_errors, dtypes=WITH_INTS),
    _functional('avg_pool1d', _avg_pool1d_samples, _avg_pool1d_errors),
    _functional('lp_pool2d', _lp_pool2d_samples),
    _functional('lp_pool1d', _lp_pool1d_samples),
    _functional('adaptive_avg_pool2d', _adaptive_avg_pool2d_samples,
                _adaptive_avg_pool2d_errors),
    _functional('adaptive_avg_pool1d', _adaptive_1d_samples, _adaptive_1d_errors),
    _functional('adaptive_max_pool2d', _adaptive_max_pool2d_samples,
                _adaptive_max_pool2d_errors),
    _functional('adaptive_max_pool1d', _adaptive_max_pool1d_samples, _adaptive_1d_errors),
]
