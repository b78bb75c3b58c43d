"""Elementwise math beyond arithmetic: trigonometric, hyperbolic, rounding, special functions,
clamping and binary math.

The ops live in the elementwise_* modules by kind; this module gathers the public names
(ember/__init__ star-imports `__all__`), torch's aliases and its module-level in-place
functions (torch.erf_, torch.clamp_ ...).
"""
from ember.ops.elementwise_binary import (arctan2, atan2, copysign, float_power, fmax, fmin,
                                          fmod, hypot, logaddexp, logaddexp2, maximum,
                                          minimum, xlogy, xlogy_)
from ember.ops.elementwise_clamp import (clamp, clamp_, clamp_max, clamp_max_, clamp_min,
                                         clamp_min_, clip, clip_)
from ember.ops.elementwise_compare import allclose, equal, isclose
from ember.ops.elementwise_rounding import (ceil, fix, floor, frac, isfinite, isinf, isnan,
                                            isneginf, isposinf, nan_to_num, nan_to_num_,
                                            positive, round, round_decimals, round_half_even,
                                            sgn, signbit, trunc)
from ember.ops.elementwise_ternary import addcdiv, addcmul, lerp
from ember.ops.elementwise_unary import (acos, acosh, acosh_inplace, asin, asinh, asinh_inplace,
                                         atan, atanh, atanh_inplace, cosh, digamma,
                                         erf, erfc, erfinv, exp2, expm1, lgamma, log1p, log2,
                                         log10, logit, logit_op, polygamma, sinh, tan)

__all__ = [
    'exp2', 'expm1', 'log2', 'log10', 'log1p',
    'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh',
    'arcsin', 'arccos', 'arctan', 'arctan2', 'arcsinh', 'arccosh', 'arctanh',
    'logit', 'erf', 'erfc', 'erfinv', 'lgamma', 'digamma', 'polygamma',
    'floor', 'ceil', 'round', 'trunc', 'fix', 'frac',
    'clamp', 'clip', 'clamp_min', 'clamp_max', 'maximum', 'minimum', 'fmax', 'fmin',
    'lerp', 'addcmul', 'addcdiv', 'hypot', 'xlogy', 'logaddexp', 'logaddexp2', 'nan_to_num',
    'copysign', 'fmod', 'float_power', 'sgn', 'signbit', 'positive',
    'isnan', 'isinf', 'isfinite', 'isposinf', 'isneginf', 'isclose', 'allclose', 'equal',
    # in-place functions of torch's namespace
    'exp2_', 'expm1_', 'log2_', 'log10_', 'log1p_', 'tan_', 'asin_', 'acos_', 'atan_',
    'sinh_', 'cosh_', 'asinh_', 'acosh_', 'atanh_', 'arcsin_', 'arccos_', 'arctan_',
    'arcsinh_', 'arccosh_', 'arctanh_', 'logit_', 'erf_', 'erfc_', 'floor_', 'ceil_',
    'round_', 'trunc_', 'fix_', 'frac_', 'clamp_', 'clip_', 'clamp_min_', 'clamp_max_',
    'xlogy_', 'nan_to_num_',
]

# torch's NumPy-style aliases
arcsin = asin
arccos = acos
arctan = atan
arcsinh = asinh
arccosh = acosh
arctanh = atanh


def _inplace(op, name):
    """torch.<name>: `op` written into its input."""
    def inplace(input):
        return op.inplace(input)
    inplace.__name__ = inplace.__qualname__ = name
    inplace.__doc__ = f"Matches `torch.{name}`."
    return inplace


exp2_ = _inplace(exp2, 'exp2_')
expm1_ = _inplace(expm1, 'expm1_')
log2_ = _inplace(log2, 'log2_')
log10_ = _inplace(log10, 'log10_')
log1p_ = _inplace(log1p, 'log1p_')
tan_ = _inplace(tan, 'tan_')
asin_ = arcsin_ = _inplace(asin, 'asin_')
acos_ = arccos_ = _inplace(acos, 'acos_')
atan_ = arctan_ = _inplace(atan, 'atan_')
sinh_ = _inplace(sinh, 'sinh_')
cosh_ = _inplace(cosh, 'cosh_')
asinh_ = arcsinh_ = _inplace(asinh_inplace, 'asinh_')
acosh_ = arccosh_ = _inplace(acosh_inplace, 'acosh_')
atanh_ = arctanh_ = _inplace(atanh_inplace, 'atanh_')
erf_ = _inplace(erf, 'erf_')
erfc_ = _inplace(erfc, 'erfc_')
floor_ = _inplace(floor, 'floor_')
ceil_ = _inplace(ceil, 'ceil_')
trunc_ = fix_ = _inplace(trunc, 'trunc_')
frac_ = _inplace(frac, 'frac_')


def logit_(input, eps=None):
    """Matches `torch.logit_`."""
    return logit_op.inplace(input, eps=eps)


def round_(input, *, decimals=None):
    """Matches `torch.round_`."""
    if decimals is None:
        return round_half_even.inplace(input)
    return round_decimals.inplace(input, decimals=decimals)
