"""Smooth activations: elu (selu, celu), gelu, silu, mish, softplus, log_sigmoid and glu.

Each is one kernel with its own node, as in torch (EluBackward0, GeluBackward0...). Where torch
differentiates through a backward kernel of its own (EluBackwardBackward0...), so does ember;
silu and mish, like torch's, use a fused kernel for plain backward and a composite of ember
ops when the graph of the derivative is being recorded.
"""

__all__ = ['selu', 'selu_', 'celu', 'celu_']

import math

from ember._tensor import Tensor, legacy_type_name, wrap_dim
from ember.autograd import grad_mode
from ember.ops._primitive import primitive
from ember.ops.joining import cat
from ember.ops.nn_activation import float_kernel
from ember.ops.special_functions import erf as _erf_array

_grad_state = grad_mode.state

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


# --- elu, selu, celu -------------------------------------------------------------------------

def _elu_kernel(xp, input, alpha, scale, input_scale):
    return xp.where(input <= 0, xp.expm1(input * input_scale) * (alpha * scale), input * scale)


_check_elu = float_kernel('elu_cpu')


@primitive(dtype_check=_check_elu)
def elu(xp, input, *, alpha=1.0, scale=1.0, input_scale=1.0):
    return _elu_kernel(xp, input, alpha, scale, input_scale)


def _elu_grad(grad, input, alpha, scale, input_scale):
    return elu_backward(grad, input, alpha=alpha, scale=scale, input_scale=input_scale,
                        is_result=False)


elu.defvjp(_elu_grad)


def _negative_slope_inplace():
    return RuntimeError(
        "In-place elu backward calculation is triggered with a negative slope which is not "
        "supported. This is caused by calling in-place forward function with a negative slope, "
        "please call out-of-place version instead.")


# in-place forms save their result, not their input: nodes of their own names
@primitive(dtype_check=_check_elu, name='elu_', node_name='EluBackward1')
def elu_inplace(xp, input, *, alpha=1.0, scale=1.0, input_scale=1.0):
    return _elu_kernel(xp, input, alpha, scale, input_scale)


def _elu_inplace_grad(grad, out, alpha, scale, input_scale):
    if alpha < 0:
        raise _negative_slope_inplace()
    return elu_backward(grad, out, alpha=alpha, scale=scale, input_scale=input_scale,
                        is_result=True)


elu_inplace.defvjp(_elu_inplace_grad)


def _check_celu(input, *, alpha=1.0):
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")


@primitive(check=_check_celu, dtype_check=_check_elu, name='celu')
def celu_op(xp, input, *, alpha=1.0):
    return _elu_kernel(xp, input, alpha, 1.0, 1.0 / alpha)


def _celu_grad(grad, input, alpha):
    return elu_backward(grad, input, alpha=alpha, scale=1.0, input_scale=1.0 / alpha,
                        is_result=False)


celu_op.defvjp(_celu_grad)


@primitive(check=_check_celu, dtype_check=_check_elu, name='celu_', node_name='CeluBackward1')
def celu_inplace(xp, input, *, alpha=1.0):
    return _elu_kernel(xp, input, alpha, 1.0, 1.0 / alpha)


def _celu_inplace_grad(grad, out, alpha):
    if alpha < 0:
        raise _negative_slope_inplace()
    return elu_backward(grad, out, alpha=alpha, scale=1.0, input_scale=1.0 / alpha,
                        is_result=True)


celu_inplace.defvjp(_celu_inplace_grad)


@primitive(node_name='EluBackwardBackward0')
def elu_backward(xp, grad_output, self_or_result, *, alpha, scale, input_scale, is_result):
    """elu's derivative from its input, or from its result when `is_result`."""
    negative = self_or_result <= 0
    if is_result:
        inside = grad_output * input_scale * (self_or_result + alpha * scale)
    else:
        inside = grad_output * input_scale * (alpha * scale) * xp.exp(self_or_result
                                                                      * input_scale)
    return xp.where(negative, inside, grad_output * scale)


def _elu_backward_grad_output_grad(grad, self_or_result, alpha, scale, input_scale, is_result):
    return elu_backward(grad, self_or_result, alpha=alpha, scale=scale,
                        input_scale=input_scale, is_result=is_result)


def _elu_backward_self_grad(grad, grad_output, self_or_result, alpha, scale, input_scale,
                            is_result):
    negative = (self_or_result < 0).to(grad.dtype)
    if is_result:
        return grad * grad_output * input_scale * negative
    return elu_backward(grad * grad_output * input_scale, self_or_result, alpha=alpha,
                        scale=scale, input_scale=input_scale, is_result=False) * negative


elu_backward.defvjp(_elu_backward_grad_output_grad, _elu_backward_self_grad)


def selu(input):
    """Matches `torch.selu`."""
    return elu(input, alpha=SELU_ALPHA, scale=SELU_SCALE)


def selu_(input):
    """Matches `torch.selu_`."""
    return elu_inplace.inplace(input, alpha=SELU_ALPHA, scale=SELU_SCALE)


def celu(input, alpha=1.0):
    """Matches `torch.celu`."""
    return celu_op(input, alpha=alpha)


def celu_(input, alpha=1.0):
    """Matches `torch.celu_`."""
    return celu_inplace.inplace(input, alpha=alpha)


# --- gelu ------------------------------------------------------------------------------------

_SQRT_2_OVER_PI = math.sqrt(2 / math.pi)        # torch's kBeta for the tanh approximation
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)      # the normal density's factor
_KAPPA = 0.044715


def _check_gelu(input, *, approximate='none'):
    if approximate not in ('none', 'tanh'):
        raise RuntimeError("approximate argument must be either none or tanh.")


@primitive(check=_check_gelu, dtype_check=float_kernel('GeluKernelImpl'))
def gelu(xp, input, *, approximate='none'):
    if approximate == 'tanh':
        inner = _SQRT_2_OVER_PI * (input + _KAPPA * input * input * input)
        return 0.5 * input * (1 + xp.tanh(inner))
    return input * 0.5 * (1 + _erf_array(input * math.sqrt(0.5)))


def _gelu_grad(grad, input, approximate):
    return gelu_backward(grad, input, approximate=approximate)


gelu.defvjp(_gelu_grad)


@primitive(node_name='GeluBackwardBackward0')
def gelu_backward(xp, grad_output, input, *, approximate='none'):
    if approximate == 'tanh':
        square = input * input
        tanh_inner = xp.tanh(_SQRT_2_OVER_PI * (input + _KAPPA * square * input))
        left_derivative = 0.5 * (1 + tanh_inner)
        right_derivative = (0.5 * input * (1 - tanh_inner * tanh_inner) * _SQRT_2_OVER_PI
                            * (1 + 3 * _KAPPA * square))
        return grad_output * (left_derivative + right_derivative)
    cdf = 0.5 * (1 + _erf_array(input * math.sqrt(0.5)))
    pdf = xp.exp(-0.5 * input * input) * _INV_SQRT_2PI
    return grad_output * (cdf + input * pdf)


def _gelu_backward_input_grad(grad, grad_output, input, approximate):
    if approximate == 'tanh':
        half_input = 0.5 * input
        tanh_inner = (_SQRT_2_OVER_PI * (input + _KAPPA * input.pow(3))).tanh()
        sech_square = 1 - tanh_inner * tanh_inner
        slope = _SQRT_2_OVER_PI * (1 + 3 * _KAPPA * input * input)
        first = 0.5 * sech_square * slope
        second = half_input * slope * (-2 * sech_square * tanh_inner * slope)
        third = half_input * sech_square * (6 * _KAPPA * _SQRT_2_OVER_PI * input)
        return grad * grad_output * (first + first + second + third)
    square = input * input
    pdf = _INV_SQRT_2PI * (-0.5 * square).exp()
    return grad * grad_output * (2 * pdf - square * pdf)


gelu_backward.defvjp(_gelu_grad, _gelu_backward_input_grad)


# --- silu and mish ---------------------------------------------------------------------------

def _sigmoid_array(xp, input):
    return 1 / (1 + xp.exp(-input))


@primitive(dtype_check=float_kernel('silu_cpu'))
def silu(xp, input):
    return input / (1 + xp.exp(-input))


def _silu_grad(grad, input):
    if not _grad_state.enabled:
        return silu_backward(grad, input)
    # recorded for a higher derivative: ops ember can differentiate again, as torch does
    sigmoid = input.sigmoid()
    return grad * sigmoid * (1 + input * (1 - sigmoid))


silu.defvjp(_silu_grad)


@primitive()
def silu_backward(xp, grad_output, input):
    sigmoid = _sigmoid_array(xp, input)
    return grad_output * sigmoid * (1 + input * (1 - sigmoid))


@primitive(dtype_check=float_kernel('mish_cpu'))
def mish(xp, input):
    return input * xp.tanh(xp.log1p(xp.exp(input)))


def _mish_grad(grad, input):
    if not _grad_state.enabled:
        return mish_backward(grad, input)
    sigmoid = input.sigmoid()
    tanh_softplus = input.exp().log1p().tanh()
    return grad * (tanh_softplus + input * sigmoid * (1 - tanh_softplus * tanh_softplus))


mish.defvjp(_mish_grad)


@primitive()
def mish_backward(xp, grad_output, input):
    sigmoid = _sigmoid_array(xp, input)
    tanh_softplus = xp.tanh(xp.log1p(xp.exp(input)))
    return grad_output * (tanh_softplus + input * sigmoid * (1 - tanh_softplus * tanh_softplus))


# --- softplus and log_sigmoid ----------------------------------------------------------------

@primitive(dtype_check=float_kernel('softplus_cpu'))
def softplus(xp, input, *, beta=1.0, threshold=20.0):
    scaled = input * beta
    return xp.where(scaled > threshold, input, xp.log1p(xp.exp(scaled)) / beta)


def _softplus_grad(grad, input, beta, threshold):
    return softplus_backward(grad, input, beta=beta, threshold=threshold)


softplus.defvjp(_softplus_grad)


@primitive(node_name='SoftplusBackwardBackward0')
def softplus_backward(xp, grad_output, input, *, beta, threshold):
    scaled = input * beta
    z = xp.exp(scaled)
    return xp.where(scaled > threshold, grad_output, grad_output * z / (z + 1))


def _softplus_backward_input_grad(grad, grad_output, input, beta, threshold):
    scaled = input * beta
    sigmoid = scaled.sigmoid()
    return (grad * grad_output) * sigmoid * (1 - sigmoid) * (scaled < threshold).to(
        grad.dtype) * beta


softplus_backward.defvjp(_softplus_grad, _softplus_backward_input_grad)


@primitive(dtype_check=float_kernel('log_sigmoid_cpu'), node_name='LogSigmoidBackward0')
def log_sigmoid(xp, input):
    # log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)): no overflow on either side
    return xp.minimum(input, 0) - xp.log1p(xp.exp(-xp.abs(input)))


def _log_sigmoid_grad(grad, input):
    return log_sigmoid_backward(grad, input)


log_sigmoid.defvjp(_log_sigmoid_grad)


@primitive(node_name='LogSigmoidBackwardBackward0')
def log_sigmoid_backward(xp, grad_output, input):
    z = xp.exp(-xp.abs(input))
    negative = input < 0
    return grad_output * xp.where(negative, 1 - z / (1 + z), z / (1 + z))


def _log_sigmoid_backward_input_grad(grad, grad_output, input):
    sigmoid = input.sigmoid()
    return (grad * grad_output) * (sigmoid - 1) * sigmoid


log_sigmoid_backward.defvjp(_log_sigmoid_grad, _log_sigmoid_backward_input_grad)


# --- glu -------------------------------------------------------------------------------------

def _check_glu(input, *, dim=-1):
    if not isinstance(input, Tensor):
        return
    axis = wrap_dim(dim, input.ndim)
    data = input._data
    if data.dtype.kind != 'f':
        raise NotImplementedError(f'"glu_cpu" not implemented for '
                                  f"'{legacy_type_name(input.dtype)}'")
    if data.ndim and data.shape[axis] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {axis} is size "
                           f"{data.shape[axis]}")


def _halves(xp, input, dim):
    axis = dim % input.ndim
    half = input.shape[axis] // 2
    return xp.split(input, [half], axis=axis)


@primitive(check=_check_glu)
def glu(xp, input, *, dim=-1):
    first, second = _halves(xp, input, dim)
    return first * _sigmoid_array(xp, second)


def _glu_grad(grad, input, dim):
    return glu_backward(grad, input, dim=dim)


glu.defvjp(_glu_grad)


@primitive(node_name='GluBackwardBackward0')
def glu_backward(xp, grad_output, input, *, dim):
    first, second = _halves(xp, input, dim)
    sigmoid = _sigmoid_array(xp, second)
    first_grad = grad_output * sigmoid
    second_grad = first_grad * (1 - sigmoid) * first
    return xp.concatenate([first_grad, second_grad], axis=dim % input.ndim)


def _glu_backward_grad_output_grad(grad, input, dim):
    dim = dim % input.dim()
    half = input.shape[dim] // 2
    sizes = list(input.shape)
    sizes[dim] = half
    ones = input.new_ones(sizes)
    products = grad * glu_backward(ones, input, dim=dim)
    return products.narrow(dim, 0, half) + products.narrow(dim, half, half)


def _glu_backward_input_grad(grad, grad_output, input, dim):
    dim = dim % input.dim()
    half = input.shape[dim] // 2
    first = input.narrow(dim, 0, half)
    sigmoid = input.narrow(dim, half, half).sigmoid()
    one_minus = 1 - sigmoid
    sigmoid_slope = sigmoid * one_minus
    grad_first = grad.narrow(dim, 0, half)
    grad_second = grad.narrow(dim, half, half)
    first_half = grad_second * grad_output * sigmoid_slope
    curvature = sigmoid_slope * one_minus - sigmoid * sigmoid_slope
    second_half = (grad_second * first * grad_output * curvature
                   + grad_first * grad_output * sigmoid_slope)
    return cat([first_half, second_half], dim)


glu_backward.defvjp(_glu_backward_grad_output_grad, _glu_backward_input_grad)
