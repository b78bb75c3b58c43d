"""Rows for the convolution, padding, upsampling and fold layers."""
from tests.nn.moduleinfo.core import ModuleInfo, arrays


def _input(*shape):
    return lambda rng: (arrays(rng, *shape),)


def _row(name, make, shape, **kw):
    return ModuleInfo(name, make, _input(*shape), **kw)


def _conv_errors(rng):
    return [(arrays(rng, 2, 4, 6, 6),), (arrays(rng, 3, 6),), (arrays(rng, 2, 3, 2, 2),)]


def _conv1d_errors(rng):
    return [(arrays(rng, 2, 4, 6),), (arrays(rng, 2, 3, 6, 6),)]


def _transpose_with_size(rng):
    return (arrays(rng, 2, 3, 4, 4), (9, 10))


def _transpose_size_errors(rng):
    return [(arrays(rng, 2, 3, 4, 4), (20, 20)), (arrays(rng, 2, 3, 4, 4), (9, 10, 11))]


MODULES = [
    _row('Conv2d', lambda nn: nn.Conv2d(3, 4, 3), (2, 3, 6, 5), errors=_conv_errors),
    _row('Conv2d_options', lambda nn: nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=1,
                                                 dilation=(1, 2), groups=2, bias=False),
         (2, 4, 7, 6)),
    _row('Conv2d_same', lambda nn: nn.Conv2d(2, 3, (2, 3), padding='same'), (2, 2, 5, 5)),
    _row('Conv2d_valid_unbatched', lambda nn: nn.Conv2d(2, 3, 2, padding='valid'), (2, 5, 4)),
    _row('Conv2d_reflect', lambda nn: nn.Conv2d(2, 3, 3, padding=(1, 2),
                                                padding_mode='reflect'), (2, 2, 5, 5)),
    _row('Conv2d_replicate', lambda nn: nn.Conv2d(2, 3, 3, padding=1,
                                                  padding_mode='replicate'), (2, 2, 5, 5)),
    _row('Conv2d_circular', lambda nn: nn.Conv2d(2, 3, 3, padding=1, padding_mode='circular'),
         (2, 2, 5, 5)),
    _row('Conv2d_same_reflect', lambda nn: nn.Conv2d(2, 3, 4, padding='same',
                                                     padding_mode='reflect'), (2, 2, 6, 6)),
    _row('Conv1d', lambda nn: nn.Conv1d(3, 4, 3, stride=2, padding=1), (2, 3, 9),
         errors=_conv1d_errors),
    _row('Conv1d_circular', lambda nn: nn.Conv1d(2, 4, 3, padding=2, dilation=2, groups=2,
                                                 padding_mode='circular'), (2, 2, 7)),
    _row('Conv3d', lambda nn: nn.Conv3d(2, 3, (2, 2, 1), padding=1), (1, 2, 3, 4, 3)),
    _row('ConvTranspose2d', lambda nn: nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1,
                                                          output_padding=1), (2, 3, 4, 4)),
    _row('ConvTranspose2d_groups', lambda nn: nn.ConvTranspose2d(4, 6, (2, 3), groups=2,
                                                                 dilation=2, bias=False),
         (2, 4, 3, 3)),
    ModuleInfo('ConvTranspose2d_output_size', lambda nn: nn.ConvTranspose2d(3, 2, 3, stride=2),
               _transpose_with_size, errors=_transpose_size_errors),
    _row('ConvTranspose1d', lambda nn: nn.ConvTranspose1d(3, 2, 3, stride=3, padding=1),
         (2, 3, 5)),
    _row('ConvTranspose3d', lambda nn: nn.ConvTranspose3d(2, 2, 2, stride=2), (1, 2, 2, 3, 2)),
    # padding
    _row('ZeroPad2d', lambda nn: nn.ZeroPad2d((1, 2, 0, 3)), (2, 3, 4, 4)),
    _row('ZeroPad1d', lambda nn: nn.ZeroPad1d(2), (2, 3, 4)),
    _row('ConstantPad1d', lambda nn: nn.ConstantPad1d((2, -1), 3.5), (2, 3, 4)),
    _row('ConstantPad2d', lambda nn: nn.ConstantPad2d(1, -1.0), (3, 4, 4)),
    _row('ConstantPad3d', lambda nn: nn.ConstantPad3d((1, 0, 0, 1, 1, 1), 2.0), (1, 2, 3, 3, 3)),
    _row('ReflectionPad1d', lambda nn: nn.ReflectionPad1d((2, 1)), (2, 3, 4)),
    _row('ReflectionPad2d', lambda nn: nn.ReflectionPad2d(2), (2, 3, 4, 5)),
    _row('ReflectionPad3d', lambda nn: nn.ReflectionPad3d(1), (1, 2, 3, 3, 3)),
    _row('ReplicationPad1d', lambda nn: nn.ReplicationPad1d((3, 1)), (2, 3, 4)),
    _row('ReplicationPad2d', lambda nn: nn.ReplicationPad2d((1, 2, 3, 0)), (3, 4, 5)),
    _row('ReplicationPad3d', lambda nn: nn.ReplicationPad3d(1), (1, 2, 3, 3, 3)),
    _row('CircularPad1d', lambda nn: nn.CircularPad1d(2), (2, 3, 4)),
    _row('CircularPad2d', lambda nn: nn.CircularPad2d((1, 2, 2, 1)), (2, 3, 4, 5),
         errors=lambda rng: [(arrays(rng, 4, 5),)]),
    _row('CircularPad3d', lambda nn: nn.CircularPad3d(1), (1, 2, 3, 3, 3)),
    # resampling and fold
    _row('Upsample', lambda nn: nn.Upsample(scale_factor=2), (2, 3, 4, 5)),
    _row('Upsample_bilinear', lambda nn: nn.Upsample(size=(7, 3), mode='bilinear'),
         (2, 3, 4, 5)),
    _row('Upsample_linear', lambda nn: nn.Upsample(scale_factor=2.5, mode='linear',
                                                   align_corners=True), (2, 3, 4)),
    _row('UpsamplingNearest2d', lambda nn: nn.UpsamplingNearest2d(size=(6, 7)), (2, 3, 4, 5)),
    _row('UpsamplingBilinear2d', lambda nn: nn.UpsamplingBilinear2d(scale_factor=(2, 1.5)),
         (2, 3, 4, 5)),
    _row('PixelShuffle', lambda nn: nn.PixelShuffle(2), (2, 8, 3, 3)),
    _row('PixelUnshuffle', lambda nn: nn.PixelUnshuffle(2), (2, 2, 4, 6)),
    _row('Unfold', lambda nn: nn.Unfold((2, 3), dilation=1, padding=1, stride=2), (2, 3, 5, 6)),
    _row('Fold', lambda nn: nn.Fold((4, 5), 2), (2, 12, 12)),
]
