"""Piecewise-linear activations: hardtanh (relu6), leaky_relu, threshold, hardshrink,
softshrink, hardsigmoid, hardswish and prelu.

Each has its own kernel and node, as in torch (HardtanhBackward0...), and a backward kernel
of its own (HardtanhBackwardBackward0...) whose derivative follows torch's formulas.
"""

__all__ = ['threshold', 'threshold_', 'hardshrink', 'prelu']

import numpy as np

from ember._creation import zeros_like
from ember._tensor import Tensor, legacy_type_name
from ember.ops._primitive import primitive
from ember.ops.elementwise_compare import _format_double
from ember.ops.pointwise import threshold_backward, where


def float_kernel(kernel):
    """A dtype_check raising torch's error for a kernel with only floating-point versions."""
    def check(input, *args, **settings):
        for x in (input,) + args:
            if isinstance(x, Tensor) and x._data.dtype.kind not in 'f':
                raise NotImplementedError(f'"{kernel}" not implemented for '
                                          f"'{legacy_type_name(x.dtype)}'")
    return check


def _zero_grad(grad):
    return zeros_like(grad)


def _integral_bound(value):
    # NOTE: integer tensors take the bounds truncated towards zero, as torch's kernels do
    return int(value)


# --- hardtanh and relu6 ----------------------------------------------------------------------

def _check_hardtanh(input, *, min_val=-1.0, max_val=1.0):
    if not isinstance(input, Tensor):
        return
    kind = input._data.dtype.kind
    if kind == 'b':
        raise RuntimeError("Bool inputs not supported for hardtanh")
    if kind == 'c':
        raise NotImplementedError("clamp is not supported for complex types")
    if kind == 'u' and (min_val < 0 or max_val < 0):
        raise RuntimeError("cannot do hardtanh on an unsigned type with negative limits")


@primitive(check=_check_hardtanh)
def hardtanh(xp, input, *, min_val=-1.0, max_val=1.0):
    if input.dtype.kind in 'iu':
        min_val, max_val = _integral_bound(min_val), _integral_bound(max_val)
        return xp.minimum(xp.maximum(input, min_val), max_val).astype(input.dtype)
    return xp.minimum(xp.maximum(input, min_val), max_val)


def _hardtanh_grad(grad, input, min_val, max_val):
    return hardtanh_backward(grad, input, min_val=min_val, max_val=max_val)


hardtanh.defvjp(_hardtanh_grad)


@primitive(node_name='HardtanhBackwardBackward0')
def hardtanh_backward(xp, grad_output, input, *, min_val, max_val):
    inside = (input > min_val) & (input < max_val)
    return xp.where(inside, grad_output, 0).astype(grad_output.dtype)


hardtanh_backward.defvjp(_hardtanh_grad, _zero_grad)


# --- leaky_relu ------------------------------------------------------------------------------

@primitive(dtype_check=float_kernel('leaky_relu_cpu'))
def leaky_relu(xp, input, *, negative_slope=0.01):
    return xp.where(input > 0, input, input * negative_slope)


def _leaky_relu_grad(grad, input, negative_slope):
    return leaky_relu_backward(grad, input, negative_slope=negative_slope)


leaky_relu.defvjp(_leaky_relu_grad)


# the in-place form saves its result, not its input: a node of its own name
@primitive(dtype_check=float_kernel('leaky_relu_cpu'), name='leaky_relu_',
           node_name='LeakyReluBackward1')
def leaky_relu_inplace(xp, input, *, negative_slope=0.01):
    return xp.where(input > 0, input, input * negative_slope)


def _leaky_relu_inplace_grad(grad, out, negative_slope):
    if negative_slope < 0:
        raise RuntimeError(
            "In-place leakyReLu backward calculation is triggered with a negative slope which "
            "is not supported. This is caused by calling in-place forward function with a "
            "negative slope, please call out-of-place version instead. File an issue at "
            "https://github.com/pytorch/pytorch if you do require supporting in-place leakRelu "
            "backward calculation with negative slope")
    return leaky_relu_backward(grad, out, negative_slope=negative_slope)


leaky_relu_inplace.defvjp(_leaky_relu_inplace_grad)


@primitive(node_name='LeakyReluBackwardBackward0')
def leaky_relu_backward(xp, grad_output, input, *, negative_slope):
    return xp.where(input > 0, grad_output, grad_output * negative_slope)


leaky_relu_backward.defvjp(_leaky_relu_grad, _zero_grad)


# --- threshold -------------------------------------------------------------------------------

def _threshold_kernel(xp, input, threshold, value):
    if input.dtype.kind in 'iu':
        threshold, value = _integral_bound(threshold), _integral_bound(value)
    # NOTE: `input <= threshold` picks value, so that NaN passes through as in torch
    return xp.where(input <= threshold, value, input).astype(input.dtype)


def _check_threshold(input, *, threshold, value):
    if isinstance(input, Tensor) and input._data.dtype.kind in 'bc':
        raise NotImplementedError(f'"threshold_cpu" not implemented for '
                                  f"'{legacy_type_name(input.dtype)}'")


@primitive(check=_check_threshold, name='threshold')
def threshold_op(xp, input, *, threshold, value):
    return _threshold_kernel(xp, input, threshold, value)


# the in-place form differentiates the same way under another node name
@primitive(check=_check_threshold, name='threshold_', node_name='ThresholdBackward1')
def threshold_inplace(xp, input, *, threshold, value):
    return _threshold_kernel(xp, input, threshold, value)


def _threshold_grad(grad, input, threshold):
    return threshold_backward(grad, input, threshold=threshold)


threshold_op.defvjp(_threshold_grad)
threshold_inplace.defvjp(_threshold_grad)


def threshold(input, threshold, value):
    """Matches `torch.threshold`."""
    return threshold_op(input, threshold=threshold, value=value)


def threshold_(input, threshold, value):
    """Matches `torch.threshold_`."""
    return threshold_inplace.inplace(input, threshold=threshold, value=value)


# --- shrinking -------------------------------------------------------------------------------

def _outside(input, lambd):
    """Where |input| > lambd; NaN counts as outside, so that the kernels pass it through."""
    return ~((input >= -lambd) & (input <= lambd))


@primitive(dtype_check=float_kernel('hardshrink_cpu'), name='hardshrink')
def hardshrink_op(xp, input, *, lambd=0.5):
    return xp.where(_outside(input, lambd), input, 0).astype(input.dtype)


def hardshrink(input, lambd=0.5):
    """Matches `torch.hardshrink`."""
    return hardshrink_op(input, lambd=lambd)


def _check_softshrink(input, *, lambd=0.5):
    if not isinstance(input, Tensor):
        return
    kind = input._data.dtype.kind
    if kind != 'f':
        raise NotImplementedError(f'"softshrink_check" not implemented for '
                                  f"'{legacy_type_name(input.dtype)}'")
    largest = float(np.finfo(input._data.dtype).max)
    if not 0 <= lambd <= largest:
        raise RuntimeError(f"lambda must be in range [0, {_format_double(largest)}] for input "
                           f"dtype {legacy_type_name(input.dtype)}, but found "
                           f"{_format_double(lambd)}")


@primitive(check=_check_softshrink)
def softshrink(xp, input, *, lambd=0.5):
    shifted = xp.where(input > lambd, input - lambd, input + lambd)
    return xp.where(_outside(input, lambd), shifted, 0).astype(input.dtype)


# NOTE: torch has two kernels, hardshrink_backward and softshrink_backward, with one formula;
# the node is named after the one the caller's op uses
def _shrink_backward(node_name):
    @primitive(node_name=node_name, name=node_name[:-len('BackwardBackward0')].lower()
               + '_backward')
    def backward(xp, grad_output, input, *, lambd):
        return xp.where(_outside(input, lambd), grad_output, 0).astype(grad_output.dtype)

    def grad_output_grad(grad, input, lambd):
        return backward(grad, input, lambd=lambd)
    backward.defvjp(grad_output_grad, _zero_grad)
    return backward


hardshrink_backward = _shrink_backward('HardshrinkBackwardBackward0')
softshrink_backward = _shrink_backward('SoftshrinkBackwardBackward0')


def _hardshrink_grad(grad, input, lambd):
    return hardshrink_backward(grad, input, lambd=lambd)


def _softshrink_grad(grad, input, lambd):
    return softshrink_backward(grad, input, lambd=lambd)


hardshrink_op.defvjp(_hardshrink_grad)
softshrink.defvjp(_softshrink_grad)


# --- hardsigmoid and hardswish ---------------------------------------------------------------

@primitive(dtype_check=float_kernel('hardsigmoid_cpu'))
def hardsigmoid(xp, input):
    return xp.minimum(xp.maximum(input + 3, 0), 6) / 6


def _hardsigmoid_grad(grad, input):
    return hardsigmoid_backward(grad, input)


hardsigmoid.defvjp(_hardsigmoid_grad)


# torch has no derivative for hardsigmoid's backward: its grad_fn is NotImplemented
@primitive()
def hardsigmoid_backward(xp, grad_output, input):
    inside = (input > -3) & (input < 3)
    return xp.where(inside, grad_output / 6, 0).astype(grad_output.dtype)


@primitive(dtype_check=float_kernel('hardswish_cpu'))
def hardswish(xp, input):
    return input * xp.minimum(xp.maximum(input + 3, 0), 6) / 6


def _hardswish_grad(grad, input):
    return hardswish_backward(grad, input)


hardswish.defvjp(_hardswish_grad)


@primitive(node_name='HardswishBackwardBackward0')
def hardswish_backward(xp, grad_output, input):
    middle = xp.where(input <= 3, grad_output * (input / 3 + 0.5), grad_output)
    return xp.where(input < -3, 0, middle).astype(grad_output.dtype)


def _hardswish_backward_input_grad(grad, grad_output, input):
    return where((input > -3) & (input < 3), grad * grad_output / 3.0, 0)


hardswish_backward.defvjp(_hardswish_grad, _hardswish_backward_input_grad)


# --- prelu -----------------------------------------------------------------------------------

def _check_prelu(input, weight):
    if input._data.dtype is not weight._data.dtype:
        raise RuntimeError("prelu: Type promoting not supported. Got "
                           f"{legacy_type_name(input.dtype)} and "
                           f"{legacy_type_name(weight.dtype)}")


@primitive(name='_prelu_kernel', dtype_check=float_kernel('prelu_cpu'))
def prelu_kernel(xp, input, weight):
    return xp.where(input > 0, input, weight * input)


def _prelu_input_grad(grad, input, weight):
    return prelu_kernel_backward(grad, input, weight)[0]


def _prelu_weight_grad(grad, input, weight):
    return prelu_kernel_backward(grad, input, weight)[1]


prelu_kernel.defvjp(_prelu_input_grad, _prelu_weight_grad)


@primitive(name='_prelu_kernel_backward', outputs=2)
def prelu_kernel_backward(xp, grad_output, input, weight):
    positive = input > 0
    input_grad = xp.where(positive, grad_output, weight * grad_output)
    weight_grad = xp.where(positive, 0, input * grad_output)
    return input_grad, weight_grad.astype(input_grad.dtype)


def _prelu_backward_grad_output_grad(grad, input, weight):
    grad_input, grad_weight = grad
    if grad_input is None:
        return where(input >= 0, 0, grad_weight * input)
    if grad_weight is None:
        return where(input >= 0, grad_input, grad_input * weight)
    return where(input >= 0, grad_input, grad_input * weight + grad_weight * input)


def _prelu_backward_input_grad(grad, grad_output, input):
    if grad[1] is None:
        return zeros_like(input)
    return where(input >= 0, 0, grad_output * grad[1])


def _prelu_backward_weight_grad(grad, grad_output, input):
    if grad[0] is None:
        return zeros_like(input)
    return where(input >= 0, 0, grad_output * grad[0])


prelu_kernel_backward.defvjp(_prelu_backward_grad_output_grad, _prelu_backward_input_grad,
                             _prelu_backward_weight_grad)


def prelu(input, weight):
    """Matches `torch.prelu`."""
    for name, x, position in (('input', input, 1), ('weight', weight, 2)):
        if not isinstance(x, Tensor):
            raise TypeError(f"prelu(): argument '{name}' (position {position}) must be Tensor, "
                            f"not {type(x).__name__}")
    _check_prelu(input, weight)
    ndim = input.dim()
    count = weight.numel()
    if count != 1:
        if ndim == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        channels = input.shape[1] if ndim > 1 else 1
        if channels != count:
            raise RuntimeError("Mismatch of parameter numbers and input channel size. Found "
                               f"parameter numbers = {count} and channel size = {channels}.")
    if weight.dim() > 1:
        raise RuntimeError("prelu: Expected `weight` to be a scalar or 1D tensor, but got: "
                           f"ndim = {weight.dim()}")
    if ndim != weight.dim():
        shape = [1] * ndim
        if ndim > 1:
            shape[1] = count
        weight = weight.reshape(shape)
    return prelu_kernel(input, weight)
