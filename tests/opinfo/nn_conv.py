"""Table rows for ember.nn.functional's convolutions (nn_conv)."""
import warnings

from tests.opinfo.core import OpInfo, Sample, func

warnings.filterwarnings('ignore', message="Using padding='same' with even kernel lengths")


def _functional(name, samples, errors=None, **kw):
    return OpInfo(f'nn.functional.{name}', func(f'nn.functional.{name}'), samples,
                  errors=errors, **kw)


# --- conv1d/2d/3d ----------------------------------------------------------------------------

def _conv2d_samples(make):
    return [Sample((make(2, 3, 5, 6), make(4, 3, 3, 3), make(4))),
            Sample((make(2, 3, 5, 6), make(4, 3, 3, 2)), {'stride': 2, 'padding': 1}),
            Sample((make(1, 3, 6, 5), make(2, 3, 2, 3), make(2)),
                   {'stride': (2, 1), 'padding': (1, 0), 'dilation': (1, 2)}),
            Sample((make(2, 4, 5, 5), make(6, 2, 3, 3), make(6)), {'groups': 2}),
            Sample((make(1, 4, 4, 4), make(4, 1, 2, 2)), {'groups': 4, 'padding': 1}),
            Sample((make(2, 3, 5, 4), make(4, 3, 3, 3), make(4)), {'padding': 'same'}),
            Sample((make(1, 2, 5, 4), make(3, 2, 2, 3)), {'padding': 'same'},
                   note='even kernel: padded on the right'),
            Sample((make(1, 2, 5, 5), make(3, 2, 3, 3)), {'padding': 'same', 'dilation': 2}),
            Sample((make(2, 3, 5, 4), make(4, 3, 3, 3)), {'padding': 'valid'}),
            Sample((make(3, 5, 4), make(4, 3, 2, 2), make(4)), note='unbatched'),
            Sample((make(2, 3, 4, 4), make(5, 3, 1, 1), make(5)), note='1x1 kernel'),
            Sample((make(0, 3, 4, 4), make(2, 3, 3, 3), make(2)), note='empty batch'),
            Sample((make(2, 3, 3, 3), make(2, 3, 3, 3), make(2)), note='kernel as large as input'),
            Sample((make(1, 2, 7, 7), make(2, 2, 3, 3)), {'stride': 3, 'dilation': 2})]


def _conv2d_errors(make):
    x = make(2, 3, 6, 6)
    return [Sample((x, make(4, 2, 3, 3)), note='wrong channel count'),
            Sample((x, make(4, 3, 7, 7)), note='kernel larger than input'),
            Sample((x, make(4, 3, 3, 3)), {'dilation': 3}, note='dilated kernel too large'),
            Sample((x, make(4, 3, 3, 3)), {'padding': 'foo'}, note='bad padding string'),
            Sample((x, make(4, 3, 3, 3)), {'padding': 'same', 'stride': 2}, note='same strided'),
            Sample((x, make(4, 3, 3, 3)), {'groups': 2}, note='groups do not divide'),
            Sample((make(2, 4, 6, 6), make(3, 2, 3, 3)), {'groups': 2},
                   note='out channels not divisible by groups'),
            Sample((x, make(4, 3, 3, 3)), {'groups': 0}, note='groups 0'),
            Sample((x, make(4, 3, 3, 3)), {'stride': 0}, note='stride 0'),
            Sample((x, make(4, 3, 3, 3)), {'padding': -1}, note='negative padding'),
            Sample((x, make(4, 3, 3, 3)), {'dilation': 0}, note='dilation 0'),
            Sample((x, make(4, 3, 3, 3)), {'stride': (1, 1, 1)}, note='three strides'),
            Sample((x, make(4, 3, 3, 3), make(5)), note='bias of the wrong size'),
            Sample((x, make(4, 3, 3)), note='3-d weight'),
            Sample((x, make(4, 3)), note='2-d weight'),
            Sample((make(3, 6), make(4, 3, 3, 3)), note='2-d input'),
            Sample((make(1, 2, 3, 6, 6), make(4, 3, 3, 3)), note='5-d input'),
            Sample((make(2, 3, 0, 6), make(4, 3, 3, 3)), {'padding': 2},
                   note='empty spatial dim'),
            Sample((x, make(4, 3, 3, 3)), {'padding': 1.5}, note='float padding'),
            Sample((x, 3), note='weight not a tensor')]


def _conv1d_samples(make):
    return [Sample((make(2, 3, 7), make(4, 3, 3), make(4))),
            Sample((make(2, 3, 7), make(4, 3, 2)), {'stride': 2, 'padding': 1, 'dilation': 2}),
            Sample((make(2, 4, 6), make(4, 2, 3), make(4)), {'groups': 2, 'padding': 'same'}),
            Sample((make(1, 2, 6), make(3, 2, 4)), {'padding': 'same'}, note='even kernel'),
            Sample((make(3, 6), make(2, 3, 3)), note='unbatched'),
            Sample((make(2, 3, 5), make(2, 3, 3)), {'padding': 'valid'})]


def _conv1d_errors(make):
    return [Sample((make(2, 3, 6), make(4, 2, 3)), note='wrong channel count'),
            Sample((make(2, 3, 2), make(4, 3, 3)), note='kernel larger than input'),
            Sample((make(2, 3, 6, 6), make(4, 3, 3)), note='4-d input'),
            Sample((make(2, 3, 6), make(4, 3, 3, 3)), note='4-d weight')]


def _conv3d_samples(make):
    return [Sample((make(1, 2, 4, 3, 4), make(3, 2, 2, 2, 2), make(3)), {'padding': 1}),
            Sample((make(2, 3, 4, 4), make(2, 2, 2, 1, 2)), {'stride': (2, 1, 1)},
                   note='unbatched')]


# --- transposed convolutions -----------------------------------------------------------------

def _conv_transpose2d_samples(make):
    return [Sample((make(2, 3, 4, 3), make(3, 2, 3, 3), make(2))),
            Sample((make(2, 3, 3, 4), make(3, 2, 3, 2), make(2)),
                   {'stride': 2, 'padding': 1, 'output_padding': 1}),
            Sample((make(1, 4, 3, 3), make(4, 1, 2, 3), make(2)),
                   {'groups': 2, 'stride': (2, 3), 'output_padding': (1, 2)}),
            Sample((make(1, 2, 3, 3), make(2, 2, 3, 3)), {'dilation': 2, 'padding': 2}),
            Sample((make(1, 2, 3, 3), make(2, 3, 2, 2)), {'dilation': 2, 'output_padding': 1},
                   note='output_padding below the dilation, not the stride'),
            Sample((make(3, 4, 3), make(3, 2, 2, 2)), note='unbatched'),
            Sample((make(0, 3, 3, 3), make(3, 2, 2, 2), make(2)), note='empty batch')]


def _conv_transpose2d_errors(make):
    x = make(2, 3, 4, 4)
    return [Sample((x, make(4, 2, 3, 3)), note='wrong channel count'),
            Sample((x, make(3, 2, 3, 3)), {'output_padding': 1},
                   note='output_padding not below stride or dilation'),
            Sample((x, make(3, 2, 3, 3), make(3)), note='bias of the wrong size'),
            Sample((x, make(3, 2, 3, 3)), {'groups': 2}, note='groups do not divide'),
            Sample((x, make(3, 2, 3, 3)), {'output_padding': -1},
                   note='negative output_padding'),
            Sample((make(3, 4), make(3, 2, 3, 3)), note='2-d input'),
            Sample((x, 3), note='weight not a tensor'),
            Sample((x, make(3, 2, 3, 3)), {'stride': 'a'}, note='string stride')]


def _conv_transpose1d_samples(make):
    return [Sample((make(2, 3, 5), make(3, 2, 3), make(2)), {'stride': 2, 'output_padding': 1}),
            Sample((make(1, 4, 4), make(4, 1, 2)), {'groups': 2, 'dilation': 2, 'padding': 1}),
            Sample((make(3, 4), make(3, 2, 3)), note='unbatched')]


OPS = [
    _functional('conv2d', _conv2d_samples, _conv2d_errors),
    _functional('conv1d', _conv1d_samples, _conv1d_errors),
    _functional('conv3d', _conv3d_samples),
    _functional('conv_transpose2d', _conv_transpose2d_samples, _conv_transpose2d_errors),
    _functional('conv_transpose1d', _conv_transpose1d_samples),
]
