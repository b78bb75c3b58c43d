"""Normalization functions: batch, instance, layer, group, RMS and local response norm."""
import numpy as np

import ember
from ember._size import Size
from ember.autograd.grad_mode import no_grad
from ember.ops import nn_norm

__all__ = ['batch_norm', 'instance_norm', 'layer_norm', 'group_norm', 'rms_norm',
           'local_response_norm']


def _verify_batch_size(size):
    count = size[0]
    for s in size[2:]:
        count *= s
    if count == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size "
                         f"{size}")


def _verify_spatial_size(size):
    count = 1
    for s in size[2:]:
        count *= s
    if count == 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size "
                         f"{size}")


def _check_float(function, name, position, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{function}(): argument '{name}' (position {position}) must be float, "
                        f"not {type(value).__name__}")


def _batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps):
    """torch.batch_norm (without F.batch_norm's argument checks)."""
    if input.numel() == 0:
        # NOTE: torch returns early on empty input: a copy, scaled and shifted by the first
        # entries of weight and bias, and leaves the running statistics alone
        out = input.clone()
        if weight is not None:
            out = out * weight[0]
        if bias is not None:
            out = out + bias[0]
        return out
    return nn_norm.native_batch_norm(input, weight, bias, running_mean, running_var,
                                     training=training, momentum=momentum, eps=eps)[0]


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """Matches `torch.nn.functional.batch_norm`."""
    if training:
        _verify_batch_size(input.size())
    if training and eps <= 0.0:
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    elif eps < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    _check_float('batch_norm', 'momentum', 7, momentum)
    if training and (running_mean is None) != (running_var is None):
        raise ValueError("running_mean and running_var must either both be None or neither be "
                         "None")
    return _batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps)


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-5):
    """Matches `torch.nn.functional.instance_norm`."""
    if use_input_stats:
        _verify_spatial_size(input.size())
    if not use_input_stats and (running_mean is None or running_var is None):
        raise RuntimeError("Expected running_mean and running_var to be defined when "
                           "use_input_stats is false")
    # each (sample, channel) pair is a channel of one batch-norm call
    b, c = input.shape[0], input.shape[1]
    shape = (1, b * c) + tuple(input.shape[2:])
    repeated = [None if t is None else t.repeat(b)
                for t in (weight, bias, running_mean, running_var)]
    out = _batch_norm(input.contiguous().view(shape), *repeated, use_input_stats, momentum, eps)
    with no_grad():
        for target, source in zip((running_mean, running_var), repeated[2:]):
            if target is not None:
                target.copy_(source.view(b, c).mean(0))
    return out.view(input.shape)


def _shape_tuple(function, value):
    if isinstance(value, (tuple, list, Size)) and all(
            isinstance(s, int) and not isinstance(s, bool) for s in value):
        return tuple(value)
    raise TypeError(f"{function}(): argument 'normalized_shape' (position 2) must be tuple of "
                    f"ints, not {type(value).__name__}")


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Matches `torch.nn.functional.layer_norm`."""
    normalized_shape = _shape_tuple('layer_norm', normalized_shape)
    return nn_norm.native_layer_norm(input, weight, bias, normalized_shape=normalized_shape,
                                     eps=eps)[0]


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Matches `torch.nn.functional.group_norm`."""
    if input.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{input.dim()}")
    size = list(input.size())
    _verify_batch_size([size[0] * size[1] // num_groups, num_groups] + size[2:])
    return nn_norm.native_group_norm(input, weight, bias, group=num_groups, eps=eps)[0]


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """Matches `torch.nn.functional.rms_norm`."""
    shape = list(_shape_tuple('rms_norm', normalized_shape))
    ndim = input.dim()
    if ndim < len(shape) or list(input.shape[ndim - len(shape):]) != shape:
        expected = ', '.join(str(s) for s in shape)
        raise RuntimeError(f"Given normalized_shape={shape}, expected input with shape "
                           f"[*{expected}], but got input of size{list(input.shape)}")
    if weight is not None and list(weight.shape) != shape:
        raise RuntimeError("Expected weight to be of same shape as normalized_shape, but got "
                           f"weight of shape {list(weight.shape)} and normalized_shape = {shape}")
    if not input.is_floating_point():
        raise NotImplementedError(f'"rms_norm" not implemented for '
                                  f"'{nn_norm.type_name(input)}'")
    if eps is None:
        eps = float(np.finfo(str(input.dtype).split('.')[-1]).eps)
    dims = tuple(range(ndim - 1, ndim - 1 - len(shape), -1))
    result = input * (input.pow(2).mean(dims, keepdim=True) + eps).rsqrt()
    return result if weight is None else result * weight


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """Matches `torch.nn.functional.local_response_norm` (its window sum is computed as a sum
    of shifted copies rather than by average pooling)."""
    ndim = input.dim()
    if ndim < 3:
        # NOTE: torch's message has a run of spaces in it
        raise ValueError(f"Expected 3D or higher dimensionality                          input "
                         f"(got {ndim} dimensions)")
    if input.numel() == 0:
        return input
    squares = input.mul(input)
    channels = input.shape[1]
    before, after = size // 2, (size - 1) // 2
    pad_shape = list(input.shape)
    parts = []
    if before:
        pad_shape[1] = before
        parts.append(ember.zeros(pad_shape, dtype=input.dtype))
    parts.append(squares)
    if after:
        pad_shape[1] = after
        parts.append(ember.zeros(pad_shape, dtype=input.dtype))
    padded = ember.cat(parts, 1) if len(parts) > 1 else squares
    window = padded.narrow(1, 0, channels)
    for offset in range(1, size):
        window = window + padded.narrow(1, offset, channels)
    div = (window / size).mul(alpha).add(k).pow(beta)
    return input / div
