"""Batch, layer and group normalization: torch's native_* kernels, each returning the output
and the statistics its derivative reuses (mean and inverse standard deviation).

Note [Normalization derivatives]
The three share one derivative. With x_hat = (x - mean) * invstd over a group of n values
and g the incoming gradient times the affine weight,
    dx = invstd * (g - mean(g) - x_hat * mean(g * x_hat))
(in batch norm's eval mode the statistics are constants and dx = invstd * g); the weight's
gradient sums grad * x_hat and the bias's sums grad, over the dims each is broadcast along.
When the derivative is computed without a graph (the usual backward), one NumPy kernel
computes it from the saved statistics. When a graph is wanted (create_graph=True), the same
formula is written in ember ops with the statistics recomputed from the input, so that it
is differentiable to any order; torch does the same for group norm.
"""
import math

import numpy as np

from ember._creation import zeros
from ember._tensor import wrap_dim
from ember.autograd import grad_mode
from ember.ops._primitive import primitive
from ember.ops.nn_loss import refuse_grad, type_name

__all__ = []

_grad_state = grad_mode.state


# --- checks ----------------------------------------------------------------------------------

def check_parameter_dtypes(kernel, input, *parameters):
    """torch's CPU errors for parameters whose dtype differs from the input's."""
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{type_name(input)}\'')
    defined = [p for p in parameters if p is not None]
    if not defined:
        return
    if defined[0].dtype != input.dtype:
        # torch's mixed-precision path: float parameters for a half-precision input
        if any(type_name(p) != 'Float' for p in defined):
            raise RuntimeError("mixed dtype (CPU): expect parameter to have scalar type of "
                               "Float")
        if type_name(input) not in ('Half', 'BFloat16'):
            raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")
        return
    for p in defined[1:]:
        if p.dtype != input.dtype:
            raise RuntimeError(f"expected scalar type {type_name(input)} but found "
                               f"{type_name(p)}")


def _check_batch_norm(input, weight, bias, running_mean, running_var, *, training, momentum,
                      eps):
    refuse_grad('native_batch_norm', 'running_mean', running_mean)
    refuse_grad('native_batch_norm', 'running_var', running_var)
    features = input.shape[1] if input.ndim > 1 else 0
    for name, t in (('running_mean', running_mean), ('running_var', running_var)):
        if t is not None:
            _check_features(name, features, t)
        elif not training:
            raise RuntimeError(f"{name} must be defined in evaluation mode")
    for name, t in (('weight', weight), ('bias', bias)):
        if t is not None:
            _check_features(name, features, t)
    check_parameter_dtypes('batch_norm', input, weight, bias, running_mean, running_var)
    wrap_dim(1, input.ndim)  # torch's IndexError for input without a channel dim


def _check_features(name, expected, t):
    if t.numel() != expected:
        raise RuntimeError(f"{name} should contain {expected} elements not {t.numel()}")


def _check_layer_norm(input, weight, bias, *, normalized_shape, eps):
    shape = list(normalized_shape)
    if not shape:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., "
                           "containing at least one element, but got normalized_shape = []")
    for name, t in (('weight', weight), ('bias', bias)):
        if t is not None and list(t.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got "
                               f"{name} of shape {list(t.shape)} and normalized_shape = {shape}")
    if input.ndim < len(shape) or list(input.shape[input.ndim - len(shape):]) != shape:
        expected = ', '.join(['*'] + [str(s) for s in shape])
        raise RuntimeError(f"Given normalized_shape={shape}, expected input with shape "
                           f"[{expected}], but got input of size{list(input.shape)}")
    check_parameter_dtypes('LayerNormKernelImpl', input, weight, bias)


def _check_group_norm(input, weight, bias, *, group, eps):
    channels = input.shape[1]
    if channels % group:
        raise RuntimeError("Expected number of channels in input to be divisible by num_groups, "
                           f"but got input of shape {list(input.shape)} and num_groups={group}")
    if weight is not None and (weight.ndim != 1 or weight.numel() != channels):
        raise RuntimeError("Expected weight to be a vector of size equal to the number of "
                           f"channels in input, but got weight of shape {list(weight.shape)} "
                           f"and input of shape {list(input.shape)}")
    if bias is not None and (bias.ndim != 1 or bias.numel() != channels):
        # NOTE: torch's message shows the weight's shape ([0] without a weight), not the bias's
        shown = list(weight.shape) if weight is not None else [0]
        raise RuntimeError("Expected bias to be a vector of size equal to the number of "
                           f"channels in input, but got bias of shape {shown} and input of "
                           f"shape {list(input.shape)}")
    check_parameter_dtypes('GroupNormKernelImpl', input, weight, bias)


# --- shared kernels --------------------------------------------------------------------------

def _channel_shape(ndim, size):
    """The shape that broadcasts a per-channel vector (dim 1) against an ndim-d input."""
    return (1, size) + (1,) * (ndim - 2)


def _moments(x, axes):
    """(mean, biased variance) over `axes`, kept as size-1 dims."""
    with np.errstate(invalid='ignore', divide='ignore'):
        mean = x.mean(axes, keepdims=True) if x.size else np.full(
            [1 if a in axes else s for a, s in enumerate(x.shape)], np.nan, x.dtype)
        centered = x - mean
        var = (centered * centered).mean(axes, keepdims=True) if x.size else mean
    return mean, var


def _input_grad_kernel(g, x, mean, invstd, axes):
    """Note [Normalization derivatives], on arrays; g already scaled by the weight."""
    x_hat = (x - mean) * invstd
    with np.errstate(invalid='ignore', divide='ignore'):
        mean_g = g.mean(axes, keepdims=True)
        mean_gx = (g * x_hat).mean(axes, keepdims=True)
    return invstd * (g - mean_g - x_hat * mean_gx)


def input_grad_composite(g, x, axes, eps):
    """Note [Normalization derivatives], in ember ops with statistics recomputed from x."""
    mean = x.mean(axes, keepdim=True)
    centered = x - mean
    invstd = ((centered * centered).mean(axes, keepdim=True) + eps).rsqrt()
    x_hat = centered * invstd
    return invstd * (g - g.mean(axes, keepdim=True) - x_hat * (g * x_hat).mean(axes, keepdim=True))


def normalized_composite(x, axes, eps):
    mean = x.mean(axes, keepdim=True)
    centered = x - mean
    return centered * ((centered * centered).mean(axes, keepdim=True) + eps).rsqrt()


@primitive(name='native_norm_backward_input')
def normalization_input_grad(xp, grad, input, mean, invstd, *, axes):
    """The input's gradient from the saved statistics (Note [Normalization derivatives])."""
    return _input_grad_kernel(grad, input, mean, invstd, axes).astype(input.dtype, copy=False)


@primitive(name='native_norm_backward_affine')
def normalization_affine_grad(xp, grad, input, mean, invstd, *, axes):
    """sum(grad * x_hat) over `axes`: the affine weight's gradient, before reshaping."""
    return (grad * ((input - mean) * invstd)).sum(axes).astype(input.dtype, copy=False)


@primitive(name='native_norm_backward_bias')
def affine_bias_grad(xp, grad, input, *, axes):
    """grad summed over `axes`: the bias's gradient. Its node also takes the input, on which
    it does not depend, so that with create_graph=True the gradient is part of the graph as
    torch's (which comes from a node that takes the input) is."""
    return grad.sum(axes) if axes else grad.copy()


def _bias_grad_grad_output_grad(grad, input_shape, axes):
    shape = [1 if d in axes else s for d, s in enumerate(input_shape)]
    return grad.reshape(shape).expand(input_shape)


def _unused_input_grad(grad, input_shape):
    return zeros(input_shape, dtype=grad.dtype)


affine_bias_grad.defvjp(_bias_grad_grad_output_grad, _unused_input_grad)


@primitive(name='native_norm_backward_scale')
def constant_stats_input_grad(xp, grad, input, invstd):
    """grad * invstd: the input's gradient when the statistics are constants (batch norm in
    eval mode). It takes the input for the same reason as affine_bias_grad."""
    return (grad * invstd).astype(input.dtype, copy=False)


def _constant_stats_grad_grad(grad, input, invstd):
    return constant_stats_input_grad(grad, input, invstd)


constant_stats_input_grad.defvjp(_constant_stats_grad_grad, _unused_input_grad, None)


# --- batch norm ------------------------------------------------------------------------------

def _batch_axes(ndim):
    return (0,) + tuple(range(2, ndim))


@primitive(check=_check_batch_norm, outputs=3, differentiable_outputs=(0,),
           node_name='NativeBatchNormBackward0')
def native_batch_norm(xp, input, weight, bias, running_mean, running_var, *, training, momentum,
                      eps):
    channels = input.shape[1]
    shape = _channel_shape(input.ndim, channels)
    if training:
        axes = _batch_axes(input.ndim)
        mean, var = _moments(input, axes)
        mean, var = mean.reshape(channels), var.reshape(channels)
        count = input.size // max(channels, 1)
        invstd = 1 / xp.sqrt(var + eps)
        # torch's kernel writes the running statistics in place; the unbiased variance goes in
        with np.errstate(invalid='ignore', divide='ignore'):
            if running_mean is not None:
                running_mean[...] = momentum * mean + (1 - momentum) * running_mean
            if running_var is not None:
                unbiased = var * (count / (count - 1)) if count > 1 else var * math.inf
                running_var[...] = momentum * unbiased + (1 - momentum) * running_var
    else:
        mean = running_mean.reshape(channels).copy()
        invstd = 1 / xp.sqrt(running_var.reshape(channels) + eps)
    mean = mean.astype(input.dtype, copy=False)
    invstd = invstd.astype(input.dtype, copy=False)
    alpha = invstd if weight is None else invstd * weight
    beta = -mean * alpha if bias is None else bias - mean * alpha
    out = input * alpha.reshape(shape) + beta.reshape(shape)
    return out.astype(input.dtype, copy=False), mean, invstd


def _bn_input_grad(grad, input, weight, out1, out2, training, eps):
    grad = grad[0]
    ndim = input.ndim
    shape = _channel_shape(ndim, input.shape[1])
    axes = _batch_axes(ndim)
    if weight is not None:
        grad = grad * weight.reshape(shape)
    if not training:
        return constant_stats_input_grad(grad, input, out2.detach().reshape(shape))
    if _grad_state.enabled:
        return input_grad_composite(grad, input, axes, eps)
    return normalization_input_grad(grad, input, out1.reshape(shape), out2.reshape(shape),
                                    axes=axes)


def _bn_weight_grad(grad, input, out1, out2, training, eps):
    grad = grad[0]
    ndim = input.ndim
    shape = _channel_shape(ndim, input.shape[1])
    axes = _batch_axes(ndim)
    if _grad_state.enabled:
        if training:
            x_hat = normalized_composite(input, axes, eps)
        else:
            x_hat = (input - out1.detach().reshape(shape)) * out2.detach().reshape(shape)
        return (grad * x_hat).sum(axes)
    return normalization_affine_grad(grad, input, out1.detach().reshape(shape),
                                     out2.detach().reshape(shape), axes=axes)


def _bn_bias_grad(grad, input):
    return affine_bias_grad(grad[0], input, axes=_batch_axes(input.ndim))


native_batch_norm.defvjp(_bn_input_grad, _bn_weight_grad, _bn_bias_grad, None, None)


# --- layer norm ------------------------------------------------------------------------------

def _layer_axes(ndim, normalized_shape):
    return tuple(range(ndim - len(normalized_shape), ndim))


@primitive(check=_check_layer_norm, outputs=3, differentiable_outputs=(0,),
           node_name='NativeLayerNormBackward0')
def native_layer_norm(xp, input, weight, bias, *, normalized_shape, eps):
    mean, var = _moments(input, _layer_axes(input.ndim, normalized_shape))
    rstd = (1 / xp.sqrt(var + eps)).astype(input.dtype, copy=False)
    out = (input - mean) * rstd
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out.astype(input.dtype, copy=False), mean, rstd


def _ln_input_grad(grad, input, weight, out1, out2, normalized_shape, eps):
    grad = grad[0]
    axes = _layer_axes(input.ndim, normalized_shape)
    if weight is not None:
        grad = grad * weight
    if _grad_state.enabled:
        return input_grad_composite(grad, input, axes, eps)
    return normalization_input_grad(grad, input, out1, out2, axes=axes)


def _ln_weight_grad(grad, input, out1, out2, normalized_shape, eps):
    grad = grad[0]
    batch_axes = tuple(range(input.ndim - len(normalized_shape)))
    if _grad_state.enabled:
        axes = _layer_axes(input.ndim, normalized_shape)
        product = grad * normalized_composite(input, axes, eps)
        # NOTE: not sum(()) when there is no batch dim: an empty dim list sums every dim
        return product.sum(batch_axes) if batch_axes else product
    return normalization_affine_grad(grad, input, out1, out2, axes=batch_axes)


def _ln_bias_grad(grad, input, normalized_shape):
    batch_axes = tuple(range(input.ndim - len(normalized_shape)))
    return affine_bias_grad(grad[0], input, axes=batch_axes)


native_layer_norm.defvjp(_ln_input_grad, _ln_weight_grad, _ln_bias_grad)


# --- group norm ------------------------------------------------------------------------------

def _grouped_shape(shape, group):
    return (shape[0], group, -1)


@primitive(check=_check_group_norm, outputs=3, differentiable_outputs=(0,),
           node_name='NativeGroupNormBackward0')
def native_group_norm(xp, input, weight, bias, *, group, eps):
    n = input.shape[0]
    grouped = input.reshape(n, group, -1) if input.size else input.reshape(n, group, 0)
    mean, var = _moments(grouped, (2,))
    rstd = (1 / xp.sqrt(var + eps)).astype(input.dtype, copy=False)
    out = ((grouped - mean) * rstd).reshape(input.shape)
    shape = _channel_shape(input.ndim, input.shape[1])
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out.astype(input.dtype, copy=False), mean.reshape(n, group), rstd.reshape(n, group)


def _group_view(t, group):
    n = t.shape[0]
    return t.reshape(n, group, -1) if t.numel() else t.reshape(n, group, 0)


def _gn_input_grad(grad, input, weight, out1, out2, group, eps):
    grad = grad[0]
    if weight is not None:
        grad = grad * weight.reshape(_channel_shape(input.ndim, input.shape[1]))
    grouped_grad, grouped_input = _group_view(grad, group), _group_view(input, group)
    if _grad_state.enabled:
        result = input_grad_composite(grouped_grad, grouped_input, (2,), eps)
    else:
        n = input.shape[0]
        result = normalization_input_grad(grouped_grad, grouped_input, out1.reshape(n, group, 1),
                                          out2.reshape(n, group, 1), axes=(2,))
    return result.reshape(input.shape)


def _gn_weight_grad(grad, input, out1, out2, group, eps):
    grad = grad[0]
    grouped = _group_view(input, group)
    if _grad_state.enabled:
        x_hat = normalized_composite(grouped, (2,), eps)
    else:
        n = input.shape[0]
        x_hat = (grouped - out1.reshape(n, group, 1)) * out2.reshape(n, group, 1)
    return (grad * x_hat.reshape(input.shape)).sum(_batch_axes(input.ndim))


def _gn_bias_grad(grad, input_shape):
    return grad[0].sum(_batch_axes(len(input_shape)))


native_group_norm.defvjp(_gn_input_grad, _gn_weight_grad, _gn_bias_grad)
