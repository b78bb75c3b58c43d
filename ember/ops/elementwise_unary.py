"""Exponentials and logarithms, trigonometric and hyperbolic functions, logit and the special
functions (erf, erfc, erfinv, lgamma, digamma, polygamma).

All promote integral and bool inputs to the default float dtype. Each forward is followed by
its derivative, written as torch writes it (tools/autograd/derivatives.yaml).
"""
import numpy as np

from ember._tensor import Tensor
from ember.autograd.grad_mode import is_grad_enabled
from ember.ops import special_functions as special
from ember.ops._primitive import Promote, primitive
from ember.ops.pointwise import exp, where

TO_FLOAT = Promote.INT_TO_FLOAT
_LN2 = 0.6931471805599453
_LN10 = 2.3025850929940456
_TWO_OVER_SQRT_PI = 1.1283791670955126  # 2 / sqrt(pi)
_HALF_SQRT_PI = 0.886226925452758  # sqrt(pi) / 2


# --- exponentials and logarithms -------------------------------------------------------------

@primitive(TO_FLOAT)
def exp2(xp, input):
    return xp.exp2(input)


def _exp2_grad(grad, out):
    return grad * out * _LN2


exp2.defvjp(_exp2_grad)


@primitive(TO_FLOAT)
def expm1(xp, input):
    return xp.expm1(input)


def _expm1_grad(grad, out):
    return grad * (out + 1)


expm1.defvjp(_expm1_grad)


@primitive(TO_FLOAT)
def log2(xp, input):
    return xp.log2(input)


def _log2_grad(grad, input):
    return grad / (input * _LN2)


log2.defvjp(_log2_grad)


@primitive(TO_FLOAT)
def log10(xp, input):
    return xp.log10(input)


def _log10_grad(grad, input):
    return grad / (input * _LN10)


log10.defvjp(_log10_grad)


@primitive(TO_FLOAT, node_name='Log1PBackward0')
def log1p(xp, input):
    return xp.log1p(input)


def _log1p_grad(grad, input):
    return grad / (input + 1)


log1p.defvjp(_log1p_grad)


# --- trigonometric ---------------------------------------------------------------------------

@primitive(TO_FLOAT)
def tan(xp, input):
    return xp.tan(input)


def _tan_grad(grad, out):
    return grad * (1 + out ** 2)


tan.defvjp(_tan_grad)


@primitive(TO_FLOAT)
def asin(xp, input):
    return xp.arcsin(input)


def _asin_grad(grad, input):
    return grad * (-input * input + 1).rsqrt()


asin.defvjp(_asin_grad)


@primitive(TO_FLOAT)
def acos(xp, input):
    return xp.arccos(input)


def _acos_grad(grad, input):
    return grad * -((-input * input + 1).rsqrt())


acos.defvjp(_acos_grad)


@primitive(TO_FLOAT)
def atan(xp, input):
    return xp.arctan(input)


def _atan_grad(grad, input):
    return grad / (input * input + 1)


atan.defvjp(_atan_grad)


# --- hyperbolic ------------------------------------------------------------------------------

@primitive(TO_FLOAT)
def sinh(xp, input):
    return xp.sinh(input)


def _sinh_grad(grad, input):
    return grad * cosh(input)


sinh.defvjp(_sinh_grad)


@primitive(TO_FLOAT)
def cosh(xp, input):
    return xp.cosh(input)


def _cosh_grad(grad, input):
    return grad * sinh(input)


cosh.defvjp(_cosh_grad)


@primitive(TO_FLOAT)
def asinh(xp, input):
    return xp.arcsinh(input)


def _asinh_grad(grad, input):
    return grad * (input ** 2 + 1).rsqrt()


asinh.defvjp(_asinh_grad)


@primitive(TO_FLOAT)
def acosh(xp, input):
    return xp.arccosh(input)


def _acosh_grad(grad, input):
    return grad * (input * input - 1).rsqrt()


acosh.defvjp(_acosh_grad)


@primitive(TO_FLOAT)
def atanh(xp, input):
    return xp.arctanh(input)


def _atanh_grad(grad, input):
    return grad * 1 / (1 - input ** 2)


atanh.defvjp(_atanh_grad)


def _no_inplace_derivative(name):
    """The formula of an in-place op torch records but cannot differentiate."""
    def formula(grad):
        raise NotImplementedError(
            f"the derivative for 'inplace version of {name}' is not implemented.")
    return formula


# NOTE: torch records asinh_, acosh_ and atanh_ with nodes of their own (AsinhBackward1...)
# whose backward raises; ember keeps that, and the forwards are the out-of-place ones
@primitive(TO_FLOAT, name='asinh_', node_name='AsinhBackward1')
def asinh_inplace(xp, input):
    return xp.arcsinh(input)


@primitive(TO_FLOAT, name='acosh_', node_name='AcoshBackward1')
def acosh_inplace(xp, input):
    return xp.arccosh(input)


@primitive(TO_FLOAT, name='atanh_', node_name='AtanhBackward1')
def atanh_inplace(xp, input):
    return xp.arctanh(input)


asinh_inplace.defvjp(_no_inplace_derivative('asinh'))
acosh_inplace.defvjp(_no_inplace_derivative('acosh'))
atanh_inplace.defvjp(_no_inplace_derivative('atanh'))


# --- logit -----------------------------------------------------------------------------------

@primitive(TO_FLOAT, name='logit')
def logit_op(xp, input, *, eps=None):
    if eps is not None and eps >= 0:
        # the bounds in the input's precision, as torch computes them
        low = np.asarray(eps).astype(input.dtype)
        high = np.asarray(1 - low).astype(input.dtype)
        input = xp.where(input < low, low, xp.where(input > high, high, input))
    return xp.log(input / (1 - input))


def _logit_grad(grad, input, eps):
    derivative = grad / (input * (1 - input))
    # NOTE: torch differentiates with a kernel, but with create_graph with a formula that
    # differs at NaN inputs (0, not NaN, with eps) and for a negative eps (taken as bounds)
    if is_grad_enabled():
        if eps is None:
            return where((input >= 0.0) & (input <= 1.0), derivative, float('nan'))
        return where((input >= eps) & (input <= 1.0 - eps), derivative, 0)
    if eps is None or eps < 0:
        return where((input < 0.0) | (input > 1.0), float('nan'), derivative)
    return where((input < eps) | (input > 1.0 - eps), 0, derivative)


logit_op.defvjp(_logit_grad)


def logit(input, eps=None, *, out=None):
    """Matches `torch.logit`."""
    return logit_op(input, eps=eps, out=out)


# --- error functions -------------------------------------------------------------------------

@primitive(TO_FLOAT)
def erf(xp, input):
    return special.erf(input)


def _erf_grad(grad, input):
    return _TWO_OVER_SQRT_PI * exp(-(input ** 2)) * grad


erf.defvjp(_erf_grad)


@primitive(TO_FLOAT)
def erfc(xp, input):
    return special.erfc(input)


def _erfc_grad(grad, input):
    return -_TWO_OVER_SQRT_PI * exp(-(input ** 2)) * grad


erfc.defvjp(_erfc_grad)


@primitive(TO_FLOAT)
def erfinv(xp, input):
    return special.erfinv(input)


def _erfinv_grad(grad, input):
    return _HALF_SQRT_PI * exp(erfinv(input) ** 2) * grad


erfinv.defvjp(_erfinv_grad)


# --- gamma family ----------------------------------------------------------------------------

@primitive(TO_FLOAT)
def lgamma(xp, input):
    return special.lgamma(input)


def _lgamma_grad(grad, input):
    return grad * digamma(input)


lgamma.defvjp(_lgamma_grad)


@primitive(TO_FLOAT)
def digamma(xp, input):
    return special.digamma(input)


def _digamma_grad(grad, input):
    return grad * _polygamma(input, n=1)


digamma.defvjp(_digamma_grad)


def _check_polygamma(input, *, n):
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")


@primitive(TO_FLOAT, name='polygamma', check=_check_polygamma)
def _polygamma(xp, input, *, n):
    return special.polygamma(n, input)


def _polygamma_grad(grad, input, n):
    return grad * _polygamma(input, n=n + 1)


_polygamma.defvjp(_polygamma_grad)


def polygamma(n, input, *, out=None):
    """Matches `torch.polygamma`."""
    if type(n) is not int:
        raise TypeError("polygamma(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    if not isinstance(input, Tensor):
        raise TypeError("polygamma(): argument 'input' (position 2) must be Tensor, not "
                        f"{type(input).__name__}")
    return _polygamma(input, n=n, out=out)


# the in-place form has a node of its own in torch, with the same formula
@primitive(TO_FLOAT, name='polygamma_', node_name='PolygammaBackward1',
           check=_check_polygamma)
def _polygamma_inplace(xp, input, *, n):
    return special.polygamma(n, input)


_polygamma_inplace.defvjp(_polygamma_grad)


def polygamma_(input, n):
    """Matches `Tensor.polygamma_`."""
    return _polygamma_inplace.inplace(input, n=n)
