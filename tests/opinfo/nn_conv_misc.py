"""Table rows for ember.nn.functional's padding, fold/unfold and resampling (nn_conv)."""
from tests.opinfo.core import OpInfo, Sample, func

WITH_INTS = ('float32', 'float64', 'int64')


def _functional(name, samples, errors=None, **kw):
    return OpInfo(f'nn.functional.{name}', func(f'nn.functional.{name}'), samples,
                  errors=errors, **kw)


# --- pad -------------------------------------------------------------------------------------

def _pad_samples(make):
    x = make(2, 3, 4, 5)
    return [Sample((x, (1, 2))), Sample((x, [1, 0, 2, 1]), {'value': 1.5}),
            Sample((x, (1, 1, 1, 1, 1, 1, 1, 1))), Sample((x, (-1, 2, 0, -2))),
            Sample((x, (-2, -3)), note='all removed'), Sample((make(), ())),
            Sample((make(0, 3), (1, 1)), note='empty'),
            Sample((make(2, 3, 5), (2, 1)), {'mode': 'reflect'}),
            Sample((make(3, 5), (2, 1)), {'mode': 'reflect'}, note='unbatched'),
            Sample((x, (2, 1, 1, 3)), {'mode': 'reflect'}),
            Sample((x, (-1, 1, 2, -2)), {'mode': 'reflect'}),
            Sample((x, (1, 1, -3, 2)), {'mode': 'reflect'}, note='reflection past a removal'),
            Sample((make(1, 2, 3, 4, 3), (1, 1, 1, 2, 2, 1)), {'mode': 'reflect'}),
            Sample((make(2, 3, 5), (3, 1)), {'mode': 'replicate'}),
            Sample((x, (2, 1, 1, 3)), {'mode': 'replicate'}),
            Sample((x, (-2, 4, 1, 0)), {'mode': 'replicate'}),
            Sample((make(2, 3, 4, 3), (1, 2, 1, 0, 2, 1)), {'mode': 'replicate'}),
            Sample((x, (2, 1, 1, 3)), {'mode': 'circular'}),
            Sample((make(2, 3, 5), (-1, 2)), {'mode': 'circular'}),
            Sample((make(2, 3, 5), (2, -1)), {'mode': 'circular'}),
            Sample((make(1, 2, 3, 4, 3), (1, 1, 2, 0, 1, 2)), {'mode': 'circular'})]


def _pad_errors(make):
    x = make(2, 3, 4)
    return [Sample((x, (1, 2, 3)), note='odd padding length'),
            Sample((x, (1,) * 8), note='longer than twice the dims'),
            Sample((x, (-3, -2)), note='removes more than there is'),
            Sample((x, (1, 1)), {'mode': 'foo'}, note='unknown mode'),
            Sample((x, (1, 1)), {'mode': 'reflect', 'value': 1.0}, note='value with reflect'),
            Sample((x, (4, 1)), {'mode': 'reflect'}, note='reflection as long as the dim'),
            Sample((make(2, 3, 4, 5), (1, 1, 4, 1)), {'mode': 'reflect'},
                   note='reflection too long, second dim'),
            Sample((x, (-5, 1)), {'mode': 'reflect'}, note='reflect to nothing'),
            Sample((x, (-4, 0)), {'mode': 'replicate'}, note='replicate to nothing'),
            Sample((make(2, 3, 4, 5), (1, 1)), {'mode': 'reflect'},
                   note='one pair for a 4-d input'),
            Sample((make(4), (1, 1)), {'mode': 'replicate'}, note='1-d input'),
            Sample((make(2, 0, 4), (1, 1)), {'mode': 'reflect'}, note='empty channel dim'),
            Sample((x, (5, 1)), {'mode': 'circular'}, note='wrapping around twice'),
            Sample((x, (-3, -2)), {'mode': 'circular'}, note='circular to less than nothing'),
            Sample((x, (1.5, 1)), note='float padding')]


# --- unfold and fold -------------------------------------------------------------------------

def _unfold_samples(make):
    return [Sample((make(2, 3, 5, 6), 2)),
            Sample((make(2, 3, 5, 6), (2, 3)), {'stride': 2, 'padding': 1, 'dilation': (1, 2)}),
            Sample((make(3, 4, 4), 3), {'padding': 1}, note='unbatched'),
            Sample((make(0, 2, 4, 4), 2), note='empty batch')]


def _unfold_errors(make):
    x = make(2, 3, 5, 5)
    return [Sample((x, 6), note='kernel larger than input'),
            Sample((x, 0), note='kernel 0'), Sample((x, 2), {'stride': 0}, note='stride 0'),
            Sample((x, 2), {'dilation': 0}, note='dilation 0'),
            Sample((x, 2), {'padding': -1}, note='negative padding'),
            Sample((x, (2, 2, 2)), note='three kernel sizes'),
            Sample((make(1, 2, 3, 5, 5), 2), note='5-d input'),
            Sample((make(2, 0, 5, 5), 2), note='no channels')]


def _fold_samples(make):
    return [Sample((make(2, 12, 9), (4, 4), 2)),
            Sample((make(2, 12, 9), (5, 6), (2, 3)), {'stride': 2, 'padding': 1}),
            Sample((make(8, 16), 6, 2), {'dilation': 2, 'stride': 1, 'padding': 0},
                   note='unbatched'),
            Sample((make(0, 4, 9), (4, 4), 2), note='empty batch')]


def _fold_errors(make):
    return [Sample((make(2, 13, 9), (4, 4), 2), note='channels not divisible by the kernel'),
            Sample((make(2, 12, 8), (4, 4), 2), note='wrong block count'),
            Sample((make(2, 12, 9), (4, 4, 4), 2), note='three output sizes'),
            Sample((make(2, 12, 9), (4, 4), 0), note='kernel 0'),
            Sample((make(1, 12, 9, 1), (4, 4), 2), note='4-d input'),
            Sample((make(2, 12, 9), (1, 1), 2), note='output smaller than the kernel')]


# --- interpolate and pixel shuffle -----------------------------------------------------------

def _interpolate_samples(make):
    x, line = make(2, 3, 4, 5), make(2, 3, 5)
    return [Sample((x,), {'scale_factor': 2}), Sample((x,), {'size': (7, 3)}),
            Sample((x,), {'scale_factor': (1.5, 0.7)}),
            Sample((x,), {'scale_factor': 1.7, 'recompute_scale_factor': True}),
            Sample((line,), {'size': 9}), Sample((line,), {'scale_factor': 3}),
            Sample((x,), {'size': (7, 3), 'mode': 'nearest-exact'}),
            Sample((line,), {'scale_factor': 1.5, 'mode': 'nearest-exact'}),
            Sample((x,), {'scale_factor': 2, 'mode': 'bilinear'}),
            Sample((x,), {'size': (7, 3), 'mode': 'bilinear', 'align_corners': True}),
            Sample((x,), {'scale_factor': (1.7, 2.3), 'mode': 'bilinear'}),
            Sample((x,), {'size': (3, 2), 'mode': 'bilinear'}, note='downsampling'),
            Sample((x,), {'size': (1, 1), 'mode': 'bilinear', 'align_corners': True}),
            Sample((line,), {'scale_factor': 2.5, 'mode': 'linear'}),
            Sample((line,), {'size': 8, 'mode': 'linear', 'align_corners': True}),
            Sample((x,), {'size': (3, 2), 'mode': 'area'}),
            Sample((line,), {'scale_factor': 0.6, 'mode': 'area'}),
            Sample((make(0, 3, 4, 4),), {'scale_factor': 2}, note='empty batch')]


def _interpolate_errors(make):
    x = make(2, 3, 4, 5)
    return [Sample((x,), note='neither size nor scale_factor'),
            Sample((x,), {'size': 3, 'scale_factor': 2}, note='both size and scale_factor'),
            Sample((x,), {'size': (3, 3, 3)}, note='three sizes for 2 dims'),
            Sample((x,), {'scale_factor': (2, 2, 2)}, note='three factors for 2 dims'),
            Sample((x,), {'scale_factor': 2, 'align_corners': True},
                   note='align_corners with nearest'),
            Sample((x,), {'size': 3, 'recompute_scale_factor': True}, note='recompute with size'),
            Sample((x,), {'scale_factor': 2, 'mode': 'linear'}, note='linear of 4-d input'),
            Sample((make(2, 3, 5),), {'scale_factor': 2, 'mode': 'bilinear'},
                   note='bilinear of 3-d input'),
            Sample((make(3, 5),), {'scale_factor': 2}, note='2-d input'),
            Sample((x,), {'scale_factor': 0.1}, note='empty output'),
            Sample((x,), {'size': 0, 'mode': 'bilinear'}, note='empty bilinear output'),
            Sample((make(2, 0, 4, 4),), {'scale_factor': 2}, note='no channels'),
            Sample((x,), {'scale_factor': 2, 'antialias': True}, note='antialias with nearest')]


def _pixel_shuffle_samples(make):
    return [Sample((make(2, 8, 3, 4), 2)), Sample((make(9, 2, 2), 3), note='unbatched'),
            Sample((make(1, 2, 4, 2, 3), 2), note='5-d')]


def _pixel_shuffle_errors(make):
    return [Sample((make(2, 7, 3, 3), 2), note='channels not divisible'),
            Sample((make(8, 3), 2), note='2-d input'),
            Sample((make(2, 8, 3, 3), 0), note='factor 0')]


def _pixel_unshuffle_samples(make):
    return [Sample((make(2, 2, 4, 6), 2)), Sample((make(1, 6, 9), 3), note='unbatched')]


def _pixel_unshuffle_errors(make):
    return [Sample((make(2, 2, 5, 6), 2), note='height not divisible'),
            Sample((make(2, 2, 4, 5), 2), note='width not divisible'),
            Sample((make(2, 2, 4, 6), -1), note='negative factor')]


OPS = [
    _functional('pad', _pad_samples, _pad_errors, dtypes=WITH_INTS),
    _functional('unfold', _unfold_samples, _unfold_errors),
    _functional('fold', _fold_samples, _fold_errors),
    _functional('interpolate', _interpolate_samples, _interpolate_errors),
    _functional('pixel_shuffle', _pixel_shuffle_samples, _pixel_shuffle_errors,
                dtypes=WITH_INTS),
    _functional('pixel_unshuffle', _pixel_unshuffle_samples, _pixel_unshuffle_errors),
]
