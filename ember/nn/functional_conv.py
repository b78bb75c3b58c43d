"""Convolution, pooling, padding, resampling and fold/unfold functions.

The primitives and torch's argument checks live in ember/ops/nn_conv*.py; this module is the
public surface, with torch's signatures.
"""
from ember.ops import nn_conv_adaptive as _adaptive
from ember.ops import nn_conv_args as _conv
from ember.ops import nn_conv_fold as _fold
from ember.ops import nn_conv_pad as _pad
from ember.ops import nn_conv_pool_args as _pool
from ember.ops import nn_conv_resample as _resample

__all__ = ['conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d',
           'conv_transpose3d', 'max_pool1d', 'max_pool2d', 'max_pool1d_with_indices',
           'max_pool2d_with_indices', 'avg_pool1d', 'avg_pool2d', 'lp_pool1d', 'lp_pool2d',
           'adaptive_avg_pool1d', 'adaptive_avg_pool2d', 'adaptive_max_pool1d',
           'adaptive_max_pool2d', 'adaptive_max_pool1d_with_indices',
           'adaptive_max_pool2d_with_indices', 'unfold', 'fold', 'pad', 'interpolate',
           'upsample', 'upsample_nearest', 'upsample_bilinear', 'pixel_shuffle',
           'pixel_unshuffle']


# --- convolution -----------------------------------------------------------------------------

def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Matches `torch.nn.functional.conv1d`."""
    return _conv.conv('conv1d', 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Matches `torch.nn.functional.conv2d`."""
    return _conv.conv('conv2d', 2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Matches `torch.nn.functional.conv3d`."""
    return _conv.conv('conv3d', 3, input, weight, bias, stride, padding, dilation, groups)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
                     groups=1, dilation=1):
    """Matches `torch.nn.functional.conv_transpose1d`."""
    return _conv.conv_transpose('conv_transpose1d', 1, input, weight, bias, stride, padding,
                                output_padding, groups, dilation)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
                     groups=1, dilation=1):
    """Matches `torch.nn.functional.conv_transpose2d`."""
    return _conv.conv_transpose('conv_transpose2d', 2, input, weight, bias, stride, padding,
                                output_padding, groups, dilation)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
                     groups=1, dilation=1):
    """Matches `torch.nn.functional.conv_transpose3d`."""
    return _conv.conv_transpose('conv_transpose3d', 3, input, weight, bias, stride, padding,
                                output_padding, groups, dilation)


# --- pooling ---------------------------------------------------------------------------------

def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """Matches `torch.nn.functional.max_pool1d`."""
    return _pool.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode,
                            return_indices)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """Matches `torch.nn.functional.max_pool2d`."""
    return _pool.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode,
                            return_indices)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):
    """Matches `torch.nn.functional.max_pool1d_with_indices`."""
    return _pool.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):
    """Matches `torch.nn.functional.max_pool2d_with_indices`."""
    return _pool.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    """Matches `torch.nn.functional.avg_pool1d`."""
    return _pool.avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """Matches `torch.nn.functional.avg_pool2d`."""
    return _pool.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                            divisor_override)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Matches `torch.nn.functional.lp_pool1d`."""
    return _pool.lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 1)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Matches `torch.nn.functional.lp_pool2d`."""
    return _pool.lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 2)


def adaptive_avg_pool1d(input, output_size):
    """Matches `torch.nn.functional.adaptive_avg_pool1d`."""
    return _adaptive.adaptive_avg_pool1d(input, output_size)


def adaptive_avg_pool2d(input, output_size):
    """Matches `torch.nn.functional.adaptive_avg_pool2d`."""
    return _adaptive.adaptive_avg_pool2d(input, output_size)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """Matches `torch.nn.functional.adaptive_max_pool1d`."""
    return _adaptive.adaptive_max_pool1d(input, output_size, return_indices)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Matches `torch.nn.functional.adaptive_max_pool2d`."""
    return _adaptive.adaptive_max_pool2d(input, output_size, return_indices)


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=False):
    """Matches `torch.nn.functional.adaptive_max_pool1d_with_indices`."""
    return _adaptive.adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    """Matches `torch.nn.functional.adaptive_max_pool2d_with_indices`."""
    return _adaptive.adaptive_max_pool2d(input, output_size, True)


# --- fold, padding, resampling ---------------------------------------------------------------

def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Matches `torch.nn.functional.unfold`."""
    return _fold.unfold(input, kernel_size, dilation, padding, stride)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Matches `torch.nn.functional.fold`."""
    return _fold.fold(input, output_size, kernel_size, dilation, padding, stride)


def pad(input, pad, mode='constant', value=None):
    """Matches `torch.nn.functional.pad`."""
    return _pad.pad(input, pad, mode, value)


def interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Matches `torch.nn.functional.interpolate` for the nearest, nearest-exact, linear,
    bilinear and area modes (not bicubic, trilinear, lanczos or antialias)."""
    return _resample.interpolate(input, size, scale_factor, mode, align_corners,
                                 recompute_scale_factor, antialias)


def upsample(input, size=None, scale_factor=None, mode='nearest', align_corners=None):
    """Matches `torch.nn.functional.upsample` (deprecated there: it warns)."""
    from ember.ops.shape import warn
    warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.")
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Matches `torch.nn.functional.upsample_nearest` (deprecated there: it warns)."""
    from ember.ops.shape import warn
    warn("`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` "
         "instead.")
    return interpolate(input, size, scale_factor, mode='nearest')


def upsample_bilinear(input, size=None, scale_factor=None):
    """Matches `torch.nn.functional.upsample_bilinear` (deprecated there: it warns)."""
    from ember.ops.shape import warn
    warn("`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` "
         "instead.")
    return interpolate(input, size, scale_factor, mode='bilinear', align_corners=True)


def pixel_shuffle(input, upscale_factor):
    """Matches `torch.nn.functional.pixel_shuffle`."""
    return _resample.pixel_shuffle(input, upscale_factor)


def pixel_unshuffle(input, downscale_factor):
    """Matches `torch.nn.functional.pixel_unshuffle`."""
    return _resample.pixel_unshuffle(input, downscale_factor)
