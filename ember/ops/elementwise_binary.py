"""Binary elementwise math: atan2, hypot, logaddexp(2), maximum/minimum, fmax/fmin, copysign,
fmod, xlogy and float_power.

Ops whose torch signature takes only tensors raise torch's TypeError for a number; ops with a
number overload (copysign, fmod, xlogy) have a primitive per overload, as torch has a node per
overload (CopysignBackward0 for a tensor `other`, CopysignBackward1 for a number).
"""
import numpy as np

from ember import _dtype
from ember._creation import zeros_like
from ember._tensor import Tensor, legacy_type_name
from ember.ops._primitive import Promote, primitive
from ember.ops.conversion import to
from ember.ops.elementwise_checks import (common_dtype, invalid_combination, not_implemented,
                                          tensor_arguments)
from ember.ops.elementwise_rounding import isnan
from ember.ops.pointwise import (div, exp, pow, pow_scalar_tensor, pow_tensor_scalar,
                                 pow_tensor_tensor, where)

COMMON = Promote.COMMON
TO_FLOAT = Promote.INT_TO_FLOAT


def _tensors_on_floats(name, kernel):
    """A check: both arguments tensors, and a kernel that exists for floating types only."""
    arguments = tensor_arguments(name, 'input', 'other')

    def check(input, other):
        arguments(input, other)
        dtype = common_dtype(input, other)
        if not dtype.is_floating_point:
            raise not_implemented(kernel, dtype)
    return check


def _pass_through(grad):
    return grad


def _zero_grad(grad):
    return zeros_like(grad)


# --- angles and norms ------------------------------------------------------------------------

@primitive(TO_FLOAT, check=tensor_arguments('atan2', 'input', 'other'))
def atan2(xp, input, other):
    return xp.arctan2(input, other)


def _atan2_input_grad(grad, input, other):
    return grad * other * (input * input + other * other).reciprocal()


def _atan2_other_grad(grad, input, other):
    return grad * -input * (input * input + other * other).reciprocal()


atan2.defvjp(_atan2_input_grad, _atan2_other_grad)


_check_arctan2 = tensor_arguments('arctan2', 'input', 'other')


def arctan2(input, other, *, out=None):
    """Matches `torch.arctan2` (an alias of atan2)."""
    _check_arctan2(input, other)
    return atan2(input, other, out=out)


@primitive(COMMON, check=_tensors_on_floats('hypot', 'hypot_cpu'))
def hypot(xp, input, other):
    return xp.hypot(input, other)


def _hypot_input_grad(grad, input, out):
    return grad * input / out


def _hypot_other_grad(grad, other, out):
    return grad * other / out


hypot.defvjp(_hypot_input_grad, _hypot_other_grad)


# --- log-sum-exp -----------------------------------------------------------------------------

@primitive(COMMON, check=_tensors_on_floats('logaddexp', 'logaddexp_cpu'))
def logaddexp(xp, input, other):
    return xp.logaddexp(input, other)


def _logaddexp_input_grad(grad, input, other):
    return grad / (1 + exp(other - input))


def _logaddexp_other_grad(grad, input, other):
    return grad / (1 + exp(input - other))


logaddexp.defvjp(_logaddexp_input_grad, _logaddexp_other_grad)


@primitive(COMMON, check=_tensors_on_floats('logaddexp2', 'logaddexp2_cpu'))
def logaddexp2(xp, input, other):
    return xp.logaddexp2(input, other)


def _logaddexp2_input_grad(grad, input, other):
    return grad / (1 + pow(2, other - input))


def _logaddexp2_other_grad(grad, input, other):
    return grad / (1 + pow(2, input - other))


logaddexp2.defvjp(_logaddexp2_input_grad, _logaddexp2_other_grad)


# --- maximum and minimum ---------------------------------------------------------------------

# NaN propagates through maximum/minimum and is ignored by fmax/fmin, as in NumPy
@primitive(COMMON, check=tensor_arguments('maximum', 'input', 'other'))
def maximum(xp, input, other):
    return xp.maximum(input, other)


@primitive(COMMON, check=tensor_arguments('minimum', 'input', 'other'))
def minimum(xp, input, other):
    return xp.minimum(input, other)


def _halved_at_ties(grad, input, other):
    return where(input == other, grad / 2, grad)


def _maximum_input_grad(grad, input, other):
    return where(input < other, 0, _halved_at_ties(grad, input, other))


def _maximum_other_grad(grad, input, other):
    return where(input > other, 0, _halved_at_ties(grad, input, other))


maximum.defvjp(_maximum_input_grad, _maximum_other_grad)
minimum.defvjp(_maximum_other_grad, _maximum_input_grad)


@primitive(COMMON, check=tensor_arguments('fmax', 'input', 'other'))
def fmax(xp, input, other):
    return xp.fmax(input, other)


def _fmax_input_grad(grad, input, other):
    return where((input >= other) | isnan(other), grad, 0)


def _fmax_other_grad(grad, input, other):
    return where((input >= other) | isnan(other), 0, grad)


fmax.defvjp(_fmax_input_grad, _fmax_other_grad)


@primitive(COMMON, check=tensor_arguments('fmin', 'input', 'other'))
def fmin(xp, input, other):
    return xp.fmin(input, other)


def _fmin_input_grad(grad, input, other):
    return where((input <= other) | isnan(other), grad, 0)


def _fmin_other_grad(grad, input, other):
    return where((input <= other) | isnan(other), 0, grad)


fmin.defvjp(_fmin_input_grad, _fmin_other_grad)


# --- sign transfer and remainders ------------------------------------------------------------

_TENSOR_OR_NUMBER_OTHER = ('Tensor input, Tensor other, *, Tensor out = None',
                           'Tensor input, Number other, *, Tensor out = None')


def _is_number(x):
    return isinstance(x, (int, float, bool, np.number, np.bool_))


def _overloads(name, tensor_variant, number_variant, input, other, out):
    if isinstance(input, Tensor):
        if isinstance(other, Tensor):
            return tensor_variant(input, other, out=out)
        if _is_number(other):
            return number_variant(input, other, out=out)
    raise invalid_combination(name, (input, other), _TENSOR_OR_NUMBER_OTHER)


@primitive(TO_FLOAT, name='copysign', node_name='CopysignBackward0')
def copysign_tensor(xp, input, other):
    return xp.copysign(input, other)


@primitive(TO_FLOAT, name='copysign', node_name='CopysignBackward1')
def copysign_number(xp, input, other):
    return xp.copysign(input, other)


def _copysign_input_grad(grad, input, out):
    return grad * where(input == 0, 0, out / input)


copysign_tensor.defvjp(_copysign_input_grad, _zero_grad)
copysign_number.defvjp(_copysign_input_grad, None)


def copysign(input, other, *, out=None):
    """Matches `torch.copysign`."""
    return _overloads('copysign', copysign_tensor, copysign_number, input, other, out)


def copysign_(input, other):
    """Matches `Tensor.copysign_`."""
    if isinstance(other, Tensor):
        return copysign_tensor.inplace(input, other)
    return copysign_number.inplace(input, other)


def _check_fmod(input, other):
    dtype = common_dtype(input, other)
    if dtype is _dtype.bool:
        raise not_implemented('fmod_cpu', dtype)
    if dtype.is_floating_point:
        return
    divisor = other._data if isinstance(other, Tensor) else other
    if not np.all(divisor):
        raise RuntimeError("ZeroDivisionError")


@primitive(COMMON, name='fmod', node_name='FmodBackward0', dtype_check=_check_fmod)
def fmod_number(xp, input, other):
    return xp.fmod(input, other)


@primitive(COMMON, name='fmod', node_name='FmodBackward1', dtype_check=_check_fmod)
def fmod_tensor(xp, input, other):
    return xp.fmod(input, other)


def _fmod_other_grad(grad, input, other):
    return -grad * div(input, other, rounding_mode='trunc')


fmod_number.defvjp(_pass_through, None)
fmod_tensor.defvjp(_pass_through, _fmod_other_grad)


def fmod(input, other, *, out=None):
    """Matches `torch.fmod`."""
    return _overloads('fmod', fmod_tensor, fmod_number, input, other, out)


def fmod_(input, other):
    """Matches `Tensor.fmod_`."""
    if isinstance(other, Tensor):
        return fmod_tensor.inplace(input, other)
    return fmod_number.inplace(input, other)


# --- xlogy -----------------------------------------------------------------------------------

def _xlogy(xp, input, other):
    # a number operand takes the tensor's dtype before any arithmetic, as in torch
    dtype = np.result_type(input, other)
    input, other = xp.asarray(input, dtype=dtype), xp.asarray(other, dtype=dtype)
    product = input * xp.log(other)
    # 0 * log(y) is 0, even where log(y) is infinite, unless y is NaN
    product = xp.where(input == 0, dtype.type(0), product)
    return xp.where(xp.isnan(other), dtype.type(np.nan), product)


@primitive(TO_FLOAT, name='xlogy', node_name='XlogyBackward0')
def xlogy_tensor(xp, input, other):
    return _xlogy(xp, input, other)


@primitive(TO_FLOAT, name='xlogy', node_name='XlogyBackward1')
def xlogy_number_input(xp, input, other):
    return _xlogy(xp, input, other)


@primitive(TO_FLOAT, name='xlogy', node_name='XlogyBackward2')
def xlogy_number_other(xp, input, other):
    return _xlogy(xp, input, other)


def _xlogy_input_grad(grad, input, other):
    return where((input == 0) & (other <= 0), 0, xlogy_tensor(grad, other))


def _xlogy_other_grad(grad, input, other):
    return grad * input / other


def _xlogy_number_other_input_grad(grad, input, other):
    if other > 0:
        return xlogy_number_other(grad, other)
    return where(input == 0, 0, xlogy_number_other(grad, other))


xlogy_tensor.defvjp(_xlogy_input_grad, _xlogy_other_grad)
xlogy_number_input.defvjp(None, _xlogy_other_grad)
xlogy_number_other.defvjp(_xlogy_number_other_input_grad, None)

_XLOGY_SIGNATURES = ('Tensor input, Tensor other, *, Tensor out = None',
                     'Number self, Tensor other, *, Tensor out = None',
                     'Tensor input, Number other, *, Tensor out = None')


def xlogy(input, other, *, out=None):
    """Matches `torch.xlogy`."""
    if isinstance(input, Tensor):
        if isinstance(other, Tensor):
            return xlogy_tensor(input, other, out=out)
        if _is_number(other):
            return xlogy_number_other(input, other, out=out)
    elif _is_number(input) and isinstance(other, Tensor):
        return xlogy_number_input(input, other, out=out)
    raise invalid_combination('xlogy', (input, other), _XLOGY_SIGNATURES)


def xlogy_(input, other):
    """Matches `torch.xlogy_`."""
    if isinstance(other, Tensor):
        return xlogy_tensor.inplace(input, other)
    return xlogy_number_other.inplace(input, other)


# --- float_power -----------------------------------------------------------------------------

def _double_dtype(input, exponent):
    """float64, or complex128 when either operand is complex."""
    for x in (input, exponent):
        if isinstance(x, complex) or isinstance(x, Tensor) and x.dtype.is_complex:
            return _dtype.complex128
    return _dtype.float64


def _cast(x, dtype):
    return to(x, dtype) if isinstance(x, Tensor) else x


def float_power(input, exponent, *, out=None):
    """Matches `torch.float_power`: pow computed in double (complex double for complex)."""
    if not isinstance(input, Tensor) and not isinstance(exponent, Tensor):
        raise invalid_combination('float_power', (input, exponent), (
            'Tensor input, Tensor exponent, *, Tensor out = None',
            'Number self, Tensor exponent, *, Tensor out = None',
            'Tensor input, Number exponent, *, Tensor out = None'))
    dtype = _double_dtype(input, exponent)
    input, exponent = _cast(input, dtype), _cast(exponent, dtype)
    if out is None:
        return pow(input, exponent)
    if not isinstance(input, Tensor):
        return pow_scalar_tensor(input, exponent, out=out)
    if isinstance(exponent, Tensor):
        return pow_tensor_tensor(input, exponent, out=out)
    return pow_tensor_scalar(input, exponent, out=out)


def float_power_(input, exponent):
    """Matches `Tensor.float_power_`: the base must already be double."""
    dtype = _double_dtype(input, exponent)
    if input.dtype is not dtype:
        raise RuntimeError(f"the base given to float_power_ has dtype "
                           f"{legacy_type_name(input.dtype)} but the operation's result "
                           f"requires dtype {legacy_type_name(dtype)}")
    if isinstance(exponent, Tensor):
        return pow_tensor_tensor.inplace(input, _cast(exponent, dtype))
    return pow_tensor_scalar.inplace(input, exponent)
