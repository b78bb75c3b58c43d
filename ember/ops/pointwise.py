"""Elementwise arithmetic, powers, exponentials, trigonometry and activations.

Each forward is followed by its derivative formulas (Note [Formula parameters]). The
formulas follow torch's (tools/autograd/derivatives.yaml) term for term, including the order
of operations, so that gradients agree to the last bit where the arithmetic allows.
"""

__all__ = ['add', 'sub', 'rsub', 'mul', 'div', 'true_divide', 'floor_divide', 'remainder', 'neg', 'pow', 'sqrt', 'rsqrt', 'reciprocal', 'square', 'exp', 'log', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'relu_', 'abs', 'sign', 'where']
import numpy as np

from ember._creation import zeros_like
from ember._tensor import Tensor, legacy_type_name
from ember.ops._primitive import Promote, primitive

COMMON = Promote.COMMON
TO_FLOAT = Promote.INT_TO_FLOAT


def _is_bool(x):
    if isinstance(x, Tensor):
        return x._data.dtype.kind == 'b'
    return type(x) is bool


def _check_alpha(input, other, *, alpha=1):
    if isinstance(alpha, float) and not any(
            isinstance(x, Tensor) and x._data.dtype.kind in 'fc' for x in (input, other)):
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating "
                           "point number.")


def _check_sub(input, other, *, alpha=1):
    if _is_bool(input) and _is_bool(other):
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                           "supported. Use the `^` or `logical_xor()` operator instead.")
    if _is_bool(input) or _is_bool(other):
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")
    _check_alpha(input, other, alpha=alpha)


def _check_neg(input):
    if input._data.dtype.kind == 'b':
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If "
                           "you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")


def _pass_through(grad):
    return grad


def _scaled(grad, alpha):
    return grad if alpha == 1 else grad * alpha


def _negated_scaled(grad, alpha):
    return -grad if alpha == 1 else grad * -alpha


# --- arithmetic ------------------------------------------------------------------------------

@primitive(COMMON, dtype_check=_check_alpha)
def add(xp, input, other, *, alpha=1):
    return input + other if alpha == 1 else input + other * alpha


add.defvjp(_pass_through, _scaled)


@primitive(COMMON, dtype_check=_check_sub)
def sub(xp, input, other, *, alpha=1):
    return input - other if alpha == 1 else input - other * alpha


sub.defvjp(_pass_through, _negated_scaled)


# NOTE: `number - tensor`; torch names this overload's node RsubBackward1
@primitive(COMMON, dtype_check=_check_sub, node_name='RsubBackward1')
def rsub(xp, input, other, *, alpha=1):
    return other - input if alpha == 1 else other - input * alpha


rsub.defvjp(_negated_scaled, _scaled)


@primitive(COMMON)
def mul(xp, input, other):
    return input * other


def _mul_input_grad(grad, other):
    return grad * other


def _mul_other_grad(grad, input):
    return grad * input


mul.defvjp(_mul_input_grad, _mul_other_grad)


@primitive(TO_FLOAT, node_name='DivBackward0')
def true_divide(xp, input, other):
    return input / other


def _div_input_grad(grad, other):
    return grad / other


def _div_other_grad(grad, input, other):
    return -grad * ((input / other) / other)


true_divide.defvjp(_div_input_grad, _div_other_grad)


def _check_rounding_mode(input, other, *, rounding_mode):
    if rounding_mode not in ('trunc', 'floor'):
        raise ValueError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but "
                         f"found '{rounding_mode}'")
    _check_integer_divisor(input, other)


@primitive(COMMON, check=_check_rounding_mode, node_name='DivBackward2')
def div_rounding(xp, input, other, *, rounding_mode):
    if rounding_mode == 'floor':
        return xp.floor_divide(input, other)
    if np.result_type(input, other).kind in 'fc':
        return xp.trunc(input / other)
    # integers: floor division, moved towards zero where the signs differ and it is inexact
    quotient = xp.floor_divide(input, other)
    return quotient + ((xp.remainder(input, other) != 0) & ((input < 0) ^ (other < 0)))


def _zero_grad_of_input(grad):
    return zeros_like(grad)


# rounded quotients are piecewise constant: their derivative is zero wherever it exists
div_rounding.defvjp(_zero_grad_of_input, _zero_grad_of_input)


def div(input, other, *, rounding_mode=None):
    """Matches `torch.div`."""
    if rounding_mode is None:
        return true_divide(input, other)
    return div_rounding(input, other, rounding_mode=rounding_mode)


def _check_integer_divisor(input, other):
    if isinstance(other, Tensor):
        data = other._data
        if data.dtype.kind in 'iub' and isinstance(input, Tensor) and \
                input._data.dtype.kind in 'iub' and not data.all():
            raise RuntimeError("ZeroDivisionError")
    elif other == 0 and type(other) is int and isinstance(input, Tensor) and \
            input._data.dtype.kind in 'iub':
        raise RuntimeError("ZeroDivisionError")


# floor_divide has no derivative in torch: its result's grad_fn is NotImplemented
@primitive(COMMON, dtype_check=_check_integer_divisor)
def floor_divide(xp, input, other):
    return xp.floor_divide(input, other)


@primitive(COMMON, dtype_check=_check_integer_divisor, node_name='RemainderBackward0')
def remainder_scalar(xp, input, other):
    return xp.remainder(input, other)


@primitive(COMMON, dtype_check=_check_integer_divisor, node_name='RemainderBackward1')
def remainder_tensor(xp, input, other):
    return xp.remainder(input, other)


def _remainder_other_grad(grad, input, other):
    return -grad * div_rounding(input, other, rounding_mode='floor')


remainder_scalar.defvjp(_pass_through, None)
remainder_tensor.defvjp(_pass_through, _remainder_other_grad)


# torch has no derivative for number % tensor: its grad_fn is NotImplemented
@primitive(COMMON, name='remainder')
def remainder_of_number(xp, input, other):
    return xp.remainder(input, other)


def remainder(input, other):
    """Matches `torch.remainder`."""
    if not isinstance(input, Tensor):
        return remainder_of_number(input, other)
    if isinstance(other, Tensor):
        return remainder_tensor(input, other)
    return remainder_scalar(input, other)


@primitive(dtype_check=_check_neg)
def neg(xp, input):
    return -input


def _neg_grad(grad):
    return -grad


neg.defvjp(_neg_grad)


# --- powers ----------------------------------------------------------------------------------

def _check_integer_power(input, exponent):
    if isinstance(input, Tensor) and input._data.dtype.kind in 'iu':
        if isinstance(exponent, Tensor):
            negative = exponent._data.dtype.kind in 'iu' and (exponent._data < 0).any()
        else:
            negative = type(exponent) is int and exponent < 0
        if negative:
            raise RuntimeError("Integers to negative integer powers are not allowed.")


@primitive(COMMON, dtype_check=_check_integer_power, node_name='PowBackward0')
def pow_tensor_scalar(xp, input, exponent):
    return input ** exponent


def _pow_scalar_exponent_grad(grad, input, exponent):
    if not isinstance(exponent, Tensor) and exponent == 0:
        return zeros_like(grad)
    return grad * (exponent * input ** (exponent - 1))


pow_tensor_scalar.defvjp(_pow_scalar_exponent_grad, None)


@primitive(COMMON, dtype_check=_check_integer_power, node_name='PowBackward1')
def pow_tensor_tensor(xp, input, exponent):
    return input ** exponent


def _pow_exponent_grad(grad, out, input, exponent):
    zero_base = (input == 0) & (exponent >= 0)
    return grad * where(zero_base, 0, out * log(input))


pow_tensor_tensor.defvjp(_pow_scalar_exponent_grad, _pow_exponent_grad)


@primitive(COMMON, node_name='PowBackward2')
def pow_scalar_tensor(xp, input, exponent):
    return input ** exponent


def _pow_scalar_base_grad(grad, out, input, exponent):
    log_base = float(np.log(float(input)))
    if input == 0:
        return grad * where(exponent >= 0, 0, out * log_base)
    return grad * (out * log_base)


pow_scalar_tensor.defvjp(None, _pow_scalar_base_grad)


def pow(input, exponent):
    """Matches `torch.pow`."""
    if not isinstance(input, Tensor):
        return pow_scalar_tensor(input, exponent)
    if isinstance(exponent, Tensor):
        return pow_tensor_tensor(input, exponent)
    return pow_tensor_scalar(input, exponent)


@primitive(TO_FLOAT)
def sqrt(xp, input):
    return xp.sqrt(input)


def _sqrt_grad(grad, out):
    return grad / (2 * out)


sqrt.defvjp(_sqrt_grad)


@primitive(TO_FLOAT)
def rsqrt(xp, input):
    return 1 / xp.sqrt(input)


def _rsqrt_grad(grad, out):
    return -0.5 * grad * out ** 3


rsqrt.defvjp(_rsqrt_grad)


@primitive(TO_FLOAT)
def reciprocal(xp, input):
    return 1 / input


def _reciprocal_grad(grad, out):
    return -grad * (out * out)


reciprocal.defvjp(_reciprocal_grad)


def square(input):
    """Matches `torch.square` (which torch computes, and differentiates, as input ** 2)."""
    return pow_tensor_scalar(input, 2)


# --- exponentials and logarithms -------------------------------------------------------------

@primitive(TO_FLOAT)
def exp(xp, input):
    return xp.exp(input)


def _exp_grad(grad, out):
    return grad * out


exp.defvjp(_exp_grad)


@primitive(TO_FLOAT)
def log(xp, input):
    return xp.log(input)


def _log_grad(grad, input):
    return grad / input


log.defvjp(_log_grad)


# --- trigonometric and hyperbolic ------------------------------------------------------------

@primitive(TO_FLOAT)
def sin(xp, input):
    return xp.sin(input)


def _sin_grad(grad, input):
    return grad * cos(input)


sin.defvjp(_sin_grad)


@primitive(TO_FLOAT)
def cos(xp, input):
    return xp.cos(input)


def _cos_grad(grad, input):
    return grad * -sin(input)


cos.defvjp(_cos_grad)


@primitive(TO_FLOAT)
def tanh(xp, input):
    return xp.tanh(input)


def _tanh_grad(grad, out):
    return tanh_backward(grad, out)


tanh.defvjp(_tanh_grad)


@primitive(node_name='TanhBackwardBackward0')
def tanh_backward(xp, grad_output, output):
    """The derivative of tanh given its output: one kernel, as in torch."""
    return grad_output * (1 - output * output)


def _tanh_backward_grad_output_grad(grad, output):
    return tanh_backward(grad, output)


def _tanh_backward_output_grad(grad, grad_output, output):
    return grad * -2 * output * grad_output


tanh_backward.defvjp(_tanh_backward_grad_output_grad, _tanh_backward_output_grad)


# --- activations -----------------------------------------------------------------------------

@primitive(TO_FLOAT)
def sigmoid(xp, input):
    # exp overflows to inf for very negative input, and 1 / inf is the right 0
    return 1 / (1 + xp.exp(-input))


def _sigmoid_grad(grad, out):
    return sigmoid_backward(grad, out)


sigmoid.defvjp(_sigmoid_grad)


@primitive(node_name='SigmoidBackwardBackward0')
def sigmoid_backward(xp, grad_output, output):
    """The derivative of sigmoid given its output: one kernel, as in torch."""
    return grad_output * (1 - output) * output


def _sigmoid_backward_grad_output_grad(grad, output):
    return sigmoid_backward(grad, output)


def _sigmoid_backward_output_grad(grad, grad_output, output):
    return grad * grad_output * (-2 * output + 1)


sigmoid_backward.defvjp(_sigmoid_backward_grad_output_grad, _sigmoid_backward_output_grad)


@primitive()
def relu(xp, input):
    kind = input.dtype.kind
    if kind == 'b':
        raise RuntimeError("Boolean inputs not supported for relu")
    if kind == 'c':
        raise NotImplementedError("clamp is not supported for complex types")
    # NOTE: maximum, not where(x > 0, x, 0): maximum keeps NaN, as torch does
    return xp.maximum(input, 0)


def relu_(input):
    """Matches `torch.relu_`."""
    return relu.inplace(input)


def _relu_grad(grad, out):
    return threshold_backward(grad, out, threshold=0)


relu.defvjp(_relu_grad)


@primitive(node_name='ThresholdBackwardBackward0')
def threshold_backward(xp, grad_output, input, *, threshold):
    """`grad_output` where input > threshold, else 0: the derivative of relu-like ops."""
    keep = input > threshold
    dtype = getattr(grad_output, 'dtype', None)
    if type(grad_output) is xp.ndarray and dtype.kind == 'f' and type(keep) is xp.ndarray:
        # masking the bits is branch-free, unlike where(), which is slow on a random mask;
        # it also gives +0.0 (not -0.0) and drops NaN where the mask is off, as torch does
        bits = _UNSIGNED_OF_SIZE[dtype.itemsize]
        mask = -keep.view(xp.uint8).astype(bits)
        return (grad_output.view(bits) & mask).view(dtype)
    return xp.where(keep, grad_output, 0).astype(grad_output.dtype)


_UNSIGNED_OF_SIZE = {2: np.uint16, 4: np.uint32, 8: np.uint64}


def _threshold_backward_grad(grad, input, threshold):
    return threshold_backward(grad, input, threshold=threshold)


threshold_backward.defvjp(_threshold_backward_grad, _zero_grad_of_input)


@primitive()
def abs(xp, input):
    return xp.abs(input)


def _abs_grad(grad, input):
    return grad * sign(input)


abs.defvjp(_abs_grad)


@primitive()
def sign(xp, input):
    if input.dtype.kind == 'b':
        return input.copy()
    # NOTE: not xp.sign: torch's sign of NaN is 0, NumPy's is NaN
    return ((input > 0).astype(input.dtype) - (input < 0)).astype(input.dtype)


# --- selection -------------------------------------------------------------------------------

def _check_where(condition, input, other):
    if not isinstance(condition, Tensor) or condition._data.dtype.kind != 'b':
        dtype = condition.dtype if isinstance(condition, Tensor) else None
        raise RuntimeError("where expected condition to be a boolean tensor, but got a tensor "
                           f"with dtype {legacy_type_name(dtype) if dtype else 'Float'}")


@primitive(COMMON, check=_check_where, promote_args=(1, 2))
def where(xp, condition, input, other):
    return xp.where(condition, input, other)


def _where_input_grad(grad, condition):
    return where(condition, grad, 0)


def _where_other_grad(grad, condition):
    return where(condition, 0, grad)


where.defvjp(None, _where_input_grad, _where_other_grad)


sign.defvjp(_zero_grad_of_input)
