"""Bits of numbers: bitwise shifts, frexp, nextafter; unravel_index; mvlgamma."""
import math

import numpy as np

from ember import return_types
from ember._creation import zeros_like
from ember._tensor import Tensor
from ember.ops import special_functions as _special
from ember.ops._primitive import Promote, primitive
from ember.ops.elementwise_checks import not_implemented
from ember.ops.elementwise_unary import digamma

__all__ = ['bitwise_left_shift', 'bitwise_right_shift', 'frexp', 'nextafter', 'unravel_index',
           'mvlgamma']


# --- shifts ------------------------------------------------------------------------------------

def _shift_check(kernel):
    def check(input, other):
        for x in (input, other):
            if isinstance(x, Tensor):
                if x._data.dtype.kind not in 'iu':
                    raise not_implemented(kernel, x.dtype)
            elif isinstance(x, (bool, float)):
                raise not_implemented(kernel, _dtype_of_number(x))
    return check


def _dtype_of_number(value):
    from ember import _dtype
    return _dtype.scalar_dtype(value)


def _bits(array):
    return np.dtype(np.result_type(array)).itemsize * 8


@primitive(Promote.COMMON, name='bitwise_left_shift', check=_shift_check('lshift_cpu'))
def bitwise_left_shift(xp, input, other):
    # torch shifts by any amount: by the width or more (or by a negative amount) gives 0
    shift = xp.asarray(other)
    bits = _bits(input)
    valid = (shift >= 0) & (shift < bits)
    with np.errstate(all='ignore'):
        shifted = xp.left_shift(input, xp.where(valid, shift, 0))
    return xp.where(valid, shifted, 0).astype(np.result_type(input), copy=False)


@primitive(Promote.COMMON, name='bitwise_right_shift', check=_shift_check('rshift_cpu'))
def bitwise_right_shift(xp, input, other):
    # a shift by the width or more keeps only the sign (0 or -1), as torch's does
    shift = xp.asarray(other)
    bits = _bits(input)
    clipped = xp.where((shift >= 0) & (shift < bits), shift, bits - 1)
    return xp.right_shift(input, clipped).astype(np.result_type(input), copy=False)


# --- frexp, nextafter ------------------------------------------------------------------------

def _check_frexp(input):
    if input._data.dtype.kind != 'f':
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")


@primitive(outputs=2, differentiable_outputs=(0,), name='frexp', check=_check_frexp)
def frexp_op(xp, input):
    mantissa, exponent = xp.frexp(input)
    return mantissa, np.asarray(exponent).astype(np.int32)


def _frexp_grad(grad, out1):
    return grad[0] / (2.0 ** out1)


frexp_op.defvjp(_frexp_grad)


def frexp(input, *, out=None):
    """Matches `torch.frexp`: (mantissa, exponent), the exponent in int32."""
    mantissa, exponent = frexp_op(input)
    if out is not None:
        out[0].copy_(mantissa)
        out[1].copy_(exponent)
        return return_types.frexp((out[0], out[1]))
    return return_types.frexp((mantissa, exponent))


def _check_nextafter(input, other):
    for x in (input, other):
        if not isinstance(x, Tensor):
            raise TypeError(f"nextafter(): argument 'other' (position 2) must be Tensor, not "
                            f"{type(x).__name__}")
    kind = np.result_type(input._data, other._data)
    if kind.kind != 'f':
        raise not_implemented('nextafter_cpu', input.dtype if input._data.dtype.kind != 'f'
                              else other.dtype)


@primitive(Promote.COMMON, name='nextafter', check=_check_nextafter)
def nextafter(xp, input, other):
    return xp.nextafter(input, other)


def _nextafter_input_grad(grad):
    return grad


def _nextafter_other_grad(grad):
    return zeros_like(grad)


# torch passes the gradient through to input unchanged (the step is negligible)
nextafter.defvjp(_nextafter_input_grad, _nextafter_other_grad)


# --- unravel_index -----------------------------------------------------------------------------

def unravel_index(indices, shape):
    """Matches `torch.unravel_index`: indices out of range wrap around, as torch's do."""
    from ember._creation import tensor
    if isinstance(shape, int):
        shape = (shape,)
    shape = tuple(shape)
    if indices._data.dtype.kind not in 'iu':
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices.dtype}")
    if any(size < 0 for size in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {shape}")
    if not shape:
        return ()
    flat = np.asarray(indices._data).astype(np.int64)
    if flat.size and 0 in shape:
        # NOTE: torch's integer division by the empty dim fails with this bare message
        raise RuntimeError("ZeroDivisionError")
    strides = np.cumprod((1,) + shape[:0:-1])[::-1]
    return tuple(tensor(np.asarray((flat // stride) % size if size else flat * 0))
                 for stride, size in zip(strides, shape))


# --- mvlgamma ------------------------------------------------------------------------------------

def _check_mvlgamma(input, *, p):
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")


@primitive(Promote.INT_TO_FLOAT, name='mvlgamma', check=_check_mvlgamma)
def mvlgamma_op(xp, input, *, p):
    x = np.asarray(input)
    offsets = np.arange(p, dtype=x.dtype) * x.dtype.type(-0.5)
    terms = _special.lgamma(x[..., None] + offsets)
    constant = x.dtype.type(p * (p - 1) / 4 * math.log(math.pi))
    return (terms.sum(-1) + constant).astype(x.dtype, copy=False)


def _mvlgamma_grad(grad, input, p):
    total = digamma(input)
    for j in range(1, p):
        total = total + digamma(input - j / 2)
    return grad * total


mvlgamma_op.defvjp(_mvlgamma_grad)


def mvlgamma(input, p):
    """Matches `torch.mvlgamma`."""
    return mvlgamma_op(input, p=p)

