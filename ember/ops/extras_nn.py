"""torch's top-level names for nn kernels (torch.conv2d, torch.batch_norm, torch.kl_div ...).

They take ATen's argument lists, which differ from torch.nn.functional's: running statistics
after the affine parameters, `cudnn_enabled` flags, and integer reductions (0 none, 1 mean,
2 sum). Each wrapper translates and calls ember.nn.functional, which is imported on first use
(ember/__init__ loads ember.nn lazily).
"""
import warnings

import numpy as np

from ember.ops._primitive import primitive

__all__ = [
    'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d',
    'avg_pool1d', 'max_pool1d', 'max_pool2d', 'max_pool1d_with_indices',
    'adaptive_avg_pool1d', 'adaptive_max_pool1d', 'pixel_shuffle', 'pixel_unshuffle',
    'constant_pad_nd', 'channel_shuffle', 'native_channel_shuffle', 'batch_norm', 'layer_norm',
    'group_norm', 'instance_norm', 'rms_norm',
    'kl_div', 'binary_cross_entropy_with_logits', 'cosine_embedding_loss',
    'hinge_embedding_loss', 'margin_ranking_loss', 'triplet_margin_loss', 'poisson_nll_loss',
]

_REDUCTIONS = {0: 'none', 1: 'mean', 2: 'sum'}
# NOTE: torch's schemas give `reduction=1` (mean) as the default, but its Python bindings read
# an omitted reduction as 0: torch.kl_div(x, t) is unreduced. ember does what torch does
_OMITTED = 0


def _functional():
    from ember.nn import functional
    return functional


def _reduction(value):
    if value not in _REDUCTIONS:
        raise ValueError(f"{value} is not a valid value for reduction")
    return _REDUCTIONS[value]


def _stride(stride):
    # ATen's `stride=[]` means "the kernel size", as functional's None does
    if stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0):
        return None
    return stride


# --- convolution and pooling ---------------------------------------------------------------

def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Matches `torch.conv1d`."""
    return _functional().conv1d(input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Matches `torch.conv2d`."""
    return _functional().conv2d(input, weight, bias, stride, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """Matches `torch.conv3d`."""
    return _functional().conv3d(input, weight, bias, stride, padding, dilation, groups)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """Matches `torch.conv_transpose1d`."""
    return _functional().conv_transpose1d(input, weight, bias, stride, padding, output_padding,
                                          groups, dilation)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """Matches `torch.conv_transpose2d`."""
    return _functional().conv_transpose2d(input, weight, bias, stride, padding, output_padding,
                                          groups, dilation)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """Matches `torch.conv_transpose3d`."""
    return _functional().conv_transpose3d(input, weight, bias, stride, padding, output_padding,
                                          groups, dilation)


def avg_pool1d(input, kernel_size, stride=(), padding=0, ceil_mode=False,
               count_include_pad=True):
    """Matches `torch.avg_pool1d`."""
    return _functional().avg_pool1d(input, kernel_size, _stride(stride), padding, ceil_mode,
                                    count_include_pad)


def max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """Matches `torch.max_pool1d`."""
    return _functional().max_pool1d(input, kernel_size, _stride(stride), padding, dilation,
                                    ceil_mode)


def max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """Matches `torch.max_pool2d`."""
    return _functional().max_pool2d(input, kernel_size, _stride(stride), padding, dilation,
                                    ceil_mode)


def max_pool1d_with_indices(input, kernel_size, stride=(), padding=0, dilation=1,
                            ceil_mode=False):
    """Matches `torch.max_pool1d_with_indices`: a plain (values, indices) tuple."""
    values, indices = _functional().max_pool1d(input, kernel_size, _stride(stride), padding,
                                                dilation, ceil_mode, return_indices=True)
    return values, indices


def adaptive_avg_pool1d(input, output_size):
    """Matches `torch.adaptive_avg_pool1d`."""
    return _functional().adaptive_avg_pool1d(input, output_size)


def adaptive_max_pool1d(input, output_size):
    """Matches `torch.adaptive_max_pool1d`: a plain (values, indices) tuple."""
    values, indices = _functional().adaptive_max_pool1d(input, output_size, return_indices=True)
    return values, indices


def pixel_shuffle(input, upscale_factor):
    """Matches `torch.pixel_shuffle`."""
    return _functional().pixel_shuffle(input, upscale_factor)


def pixel_unshuffle(input, downscale_factor):
    """Matches `torch.pixel_unshuffle`."""
    return _functional().pixel_unshuffle(input, downscale_factor)


def constant_pad_nd(input, pad, value=0):
    """Matches `torch.constant_pad_nd`."""
    return _functional().pad(input, pad, 'constant', value)


def _check_channel_shuffle(input, *, groups):
    if input.ndim <= 2:
        raise RuntimeError("channel_shuffle expects input with > 2 dims, but got input with "
                           f"sizes {list(input.shape)}")
    if groups <= 0:
        raise RuntimeError("Number of groups to divide channels in must be positive. Value of "
                           f"groups:{groups}")
    channels = input.shape[1]
    if channels % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {channels} "
                           f"channels and {groups} groups.")


def _shuffled(xp, input, groups):
    shape = np.shape(input)
    split = (shape[0], groups, shape[1] // groups) + shape[2:]
    return xp.ascontiguousarray(xp.reshape(input, split).swapaxes(1, 2)).reshape(shape)


@primitive(name='channel_shuffle', check=_check_channel_shuffle)
def channel_shuffle_op(xp, input, *, groups):
    return _shuffled(xp, input, groups)


def _channel_shuffle_grad(grad, groups):
    # the inverse permutation is a shuffle with the other factor of the channel count
    channels = grad.shape[1]
    return channel_shuffle_op(grad, groups=channels // groups) if channels else grad


channel_shuffle_op.defvjp(_channel_shuffle_grad)


@primitive(name='native_channel_shuffle', check=_check_channel_shuffle)
def native_channel_shuffle_op(xp, input, *, groups):
    return _shuffled(xp, input, groups)


def channel_shuffle(input, groups):
    """Matches `torch.channel_shuffle`."""
    return channel_shuffle_op(input, groups=groups)


def native_channel_shuffle(input, groups):
    """Matches `torch.native_channel_shuffle` (torch gives it no derivative)."""
    return native_channel_shuffle_op(input, groups=groups)


# --- normalization ---------------------------------------------------------------------------

def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps,
               cudnn_enabled):
    """Matches `torch.batch_norm` (`cudnn_enabled` has no effect on the CPU)."""
    return _functional().batch_norm(input, running_mean, running_var, weight, bias, training,
                                    momentum, eps)


def instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum,
                  eps, cudnn_enabled):
    """Matches `torch.instance_norm` (`cudnn_enabled` has no effect on the CPU)."""
    return _functional().instance_norm(input, running_mean, running_var, weight, bias,
                                       use_input_stats, momentum, eps)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True):
    """Matches `torch.layer_norm`."""
    return _functional().layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True):
    """Matches `torch.group_norm`."""
    return _functional().group_norm(input, num_groups, weight, bias, eps)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """Matches `torch.rms_norm`."""
    return _functional().rms_norm(input, normalized_shape, weight, eps)


# --- losses, with ATen's integer reductions ------------------------------------------------

def kl_div(input, target, reduction=_OMITTED, *, log_target=False):
    """Matches `torch.kl_div`: reduction 1 is the mean over all elements, without the warning
    torch.nn.functional.kl_div gives for it; omitted, no reduction."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        return _functional().kl_div(input, target, reduction=_reduction(reduction),
                                    log_target=log_target)


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None,
                                     reduction=_OMITTED):
    """Matches `torch.binary_cross_entropy_with_logits`."""
    return _functional().binary_cross_entropy_with_logits(
        input, target, weight, reduction=_reduction(reduction), pos_weight=pos_weight)


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=_OMITTED):
    """Matches `torch.cosine_embedding_loss`."""
    return _functional().cosine_embedding_loss(input1, input2, target, margin,
                                               reduction=_reduction(reduction))


def hinge_embedding_loss(input, target, margin=1.0, reduction=_OMITTED):
    """Matches `torch.hinge_embedding_loss`."""
    return _functional().hinge_embedding_loss(input, target, margin,
                                              reduction=_reduction(reduction))


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction=_OMITTED):
    """Matches `torch.margin_ranking_loss`."""
    return _functional().margin_ranking_loss(input1, input2, target, margin,
                                             reduction=_reduction(reduction))


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2.0, eps=1e-06, swap=False,
                        reduction=_OMITTED):
    """Matches `torch.triplet_margin_loss`."""
    return _functional().triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                             reduction=_reduction(reduction))


def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    """Matches `torch.poisson_nll_loss`."""
    return _functional().poisson_nll_loss(input, target, log_input, full, eps=eps,
                                          reduction=_reduction(reduction))
