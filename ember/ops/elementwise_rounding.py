"""Rounding (floor, ceil, round, trunc, frac), signs (sgn, signbit, positive) and the
classification of floating-point values (isnan, isinf, ..., nan_to_num).

Rounding an integral tensor gives a copy of it, as in torch; a bool tensor is an error.
"""
import numpy as np

from ember import _dtype
from ember._creation import zeros_like
from ember._tensor import Tensor
from ember.ops._primitive import primitive
from ember.ops.elementwise_checks import not_implemented


def _zero_grad(grad):
    return zeros_like(grad)


def _pass_through(grad):
    return grad


def _integers_kept(kernel):
    """A dtype_check for a rounding op: integers pass (and are copied), bool has no kernel."""
    def check(input, **settings):
        if input.dtype is _dtype.bool:
            raise not_implemented(kernel, input.dtype)
    return check


def _rounded(function, input):
    if input.dtype.kind in 'iub':
        return input.copy()
    return function(input)


# --- rounding --------------------------------------------------------------------------------

@primitive(dtype_check=_integers_kept('floor_vml_cpu'))
def floor(xp, input):
    return _rounded(xp.floor, input)


@primitive(dtype_check=_integers_kept('ceil_vml_cpu'))
def ceil(xp, input):
    return _rounded(xp.ceil, input)


@primitive(dtype_check=_integers_kept('trunc_vml_cpu'))
def trunc(xp, input):
    return _rounded(xp.trunc, input)


# NOTE: rint rounds half to even, as torch's nearbyint
@primitive(name='round', dtype_check=_integers_kept('round_vml_cpu'))
def round_half_even(xp, input):
    return _rounded(xp.rint, input)


floor.defvjp(_zero_grad)
ceil.defvjp(_zero_grad)
trunc.defvjp(_zero_grad)
round_half_even.defvjp(_zero_grad)


def _check_round_decimals(input, *, decimals):
    # NOTE: decimals=0 runs torch's plain rounding kernel, whose name the error shows
    raise not_implemented('round_vml_cpu' if decimals == 0 else 'round_cpu', input.dtype)


@primitive(name='round', node_name='RoundBackward1', dtype_check=_check_round_decimals)
def round_decimals(xp, input, *, decimals):
    if decimals == 0:
        return xp.rint(input)
    with np.errstate(over='ignore'):
        # 10^|decimals| is computed in double and then used in the input's precision
        scale = np.asarray(np.power(10.0, abs(decimals))).astype(input.dtype)
    if decimals > 0:
        return xp.rint(input * scale) / scale
    return xp.rint(input / scale) * scale


round_decimals.defvjp(_zero_grad)


def round(input, *, decimals=None, out=None):  # noqa: A001 - torch's name
    """Matches `torch.round`."""
    if decimals is None:
        return round_half_even(input, out=out)
    return round_decimals(input, decimals=decimals, out=out)


def fix(input, *, out=None):
    """Matches `torch.fix` (an alias of trunc)."""
    return trunc(input, out=out)


def _check_frac(input):
    raise not_implemented('frac_cpu', input.dtype)


@primitive(dtype_check=_check_frac)
def frac(xp, input):
    return input - xp.trunc(input)


frac.defvjp(_pass_through)


# --- signs -----------------------------------------------------------------------------------

@primitive()
def sgn(xp, input):
    if input.dtype.kind == 'b':
        return input.copy()
    return xp.sign(input)


def _sgn_grad(grad, input, out):
    # the derivative of a real sign is zero; torch's node keeps input and result for complex
    return zeros_like(grad)


sgn.defvjp(_sgn_grad)


# signbit, and the classifications below, have bool results and so no derivative
@primitive()
def signbit(xp, input):
    if input.dtype.kind == 'f':
        return xp.signbit(input)
    return xp.asarray(input < 0)


def positive(input):
    """Matches `torch.positive`: the input itself."""
    if not isinstance(input, Tensor):
        raise TypeError("positive(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if input.dtype is _dtype.bool:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


# --- floating-point classes ------------------------------------------------------------------

def _classify(test, integers):
    """The forward of a classification: `test` on floats, the constant `integers` otherwise."""
    def forward(xp, input):
        if input.dtype.kind in 'fc':
            return test(input)
        return xp.full(xp.shape(input), integers)
    return forward


def _classifier(name, test, integers):
    forward = _classify(test, integers)
    forward.__name__ = name
    return primitive()(forward)


isnan = _classifier('isnan', np.isnan, False)
isinf = _classifier('isinf', np.isinf, False)
isfinite = _classifier('isfinite', np.isfinite, True)
isposinf = _classifier('isposinf', np.isposinf, False)
isneginf = _classifier('isneginf', np.isneginf, False)


@primitive(name='nan_to_num')
def _nan_to_num(xp, input, *, nan, posinf, neginf):
    if input.dtype.kind not in 'fc':
        return input.copy()
    info = np.finfo(input.dtype)
    with np.errstate(over='ignore'):
        # replacements take the input's dtype, overflowing to inf as in torch
        values = [np.asarray(v).astype(input.dtype) for v in
                  (nan, info.max if posinf is None else posinf,
                   info.min if neginf is None else neginf)]
    result = xp.where(xp.isnan(input), values[0], input)
    result = xp.where(xp.isposinf(input), values[1], result)
    return xp.where(xp.isneginf(input), values[2], result)


def _nan_to_num_grad(grad, input):
    return grad * isfinite(input)


_nan_to_num.defvjp(_nan_to_num_grad)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    """Matches `torch.nan_to_num`."""
    return _nan_to_num(input, nan=nan, posinf=posinf, neginf=neginf, out=out)


def nan_to_num_(input, nan=0.0, posinf=None, neginf=None):
    """Matches `torch.nan_to_num_`."""
    return _nan_to_num.inplace(input, nan=nan, posinf=posinf, neginf=neginf)
