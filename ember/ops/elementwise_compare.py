"""Closeness and equality of whole tensors: isclose, allclose, equal (no derivatives)."""
import numpy as np

from ember import _dtype
from ember._tensor import legacy_type_name
from ember.ops._dispatch import broadcast_error
from ember.ops._primitive import primitive
from ember.ops.elementwise_checks import common_dtype, tensor_arguments


def _format_double(value):
    """A double as C++ streams print it (6 significant digits)."""
    return f'{float(value):g}'


def _closeness_check(name):
    arguments = tensor_arguments(name, 'input', 'other')

    def check(input, other, *, rtol=1e-05, atol=1e-08, equal_nan=False):
        arguments(input, other)
        if input.dtype is not other.dtype:
            raise RuntimeError(f"{legacy_type_name(input.dtype)} did not match "
                               f"{legacy_type_name(other.dtype)}")
        if rtol < 0:
            raise RuntimeError("rtol must be greater than or equal to zero, but got "
                               f"{_format_double(rtol)}")
        if atol < 0:
            raise RuntimeError("atol must be greater than or equal to zero, but got "
                               f"{_format_double(atol)}")
    return check


def _isclose(xp, input, other, rtol, atol, equal_nan):
    rtol, atol = float(rtol), float(atol)  # weak Python numbers keep float32 in float32
    close = xp.equal(input, other)
    floating = np.result_type(input).kind in 'fc'
    if equal_nan and floating:
        close = close | (xp.isnan(input) & xp.isnan(other))
    if rtol == 0 and atol == 0:
        return close
    if not floating:
        # integers are compared in the default float dtype, where a difference cannot wrap
        default = _dtype.default_float().np
        input, other = xp.asarray(input).astype(default), xp.asarray(other).astype(default)
    allowed = atol + xp.abs(rtol * other)
    actual = xp.abs(input - other)
    return close | (xp.isfinite(actual) & (actual <= allowed))


@primitive(name='isclose', check=_closeness_check('isclose'))
def isclose_op(xp, input, other, *, rtol=1e-05, atol=1e-08, equal_nan=False):
    return _isclose(xp, input, other, rtol, atol, equal_nan)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Matches `torch.isclose`."""
    return isclose_op(input, other, rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Matches `torch.allclose`."""
    _closeness_check('allclose')(input, other, rtol=rtol, atol=atol, equal_nan=equal_nan)
    a, b = input._data, other._data
    message = broadcast_error(np.shape(a), np.shape(b))
    if message:
        raise RuntimeError(message)
    return bool(np.all(_isclose(np, a, b, rtol, atol, equal_nan)))


def equal(input, other):
    """Matches `torch.equal`: same shape and equal values (NaN is unequal to itself)."""
    tensor_arguments('equal', 'input', 'other')(input, other)
    if input.shape != other.shape:
        return False
    dtype = common_dtype(input, other).np
    return bool(np.array_equal(input._data.astype(dtype), other._data.astype(dtype)))
