"""Tensor methods: elementwise math beyond arithmetic: trigonometry, rounding, special
functions, clamping."""


class MathMethods:
    """Elementwise math beyond arithmetic: trigonometry, rounding, special functions, clamping."""

    __slots__ = ()

    # --- exponentials and logarithms -------------------------------------------------------

    def exp2(self):
        return _unary.exp2.fast(self)

    def exp2_(self):
        return _unary.exp2.inplace(self)

    def expm1(self):
        return _unary.expm1.fast(self)

    def expm1_(self):
        return _unary.expm1.inplace(self)

    def log2(self):
        return _unary.log2.fast(self)

    def log2_(self):
        return _unary.log2.inplace(self)

    def log10(self):
        return _unary.log10.fast(self)

    def log10_(self):
        return _unary.log10.inplace(self)

    def log1p(self):
        return _unary.log1p.fast(self)

    def log1p_(self):
        return _unary.log1p.inplace(self)

    def logaddexp(self, other):
        return _binary.logaddexp(self, _checks.tensor_argument('logaddexp', 'other', other))

    def logaddexp2(self, other):
        return _binary.logaddexp2(self, _checks.tensor_argument('logaddexp2', 'other', other))

    def xlogy(self, other):
        return _binary.xlogy(self, other)

    def xlogy_(self, other):
        return _binary.xlogy_(self, other)

    # --- trigonometric and hyperbolic ------------------------------------------------------

    def tan(self):
        return _unary.tan.fast(self)

    def tan_(self):
        return _unary.tan.inplace(self)

    def asin(self):
        return _unary.asin.fast(self)

    def asin_(self):
        return _unary.asin.inplace(self)

    arcsin = asin
    arcsin_ = asin_

    def acos(self):
        return _unary.acos.fast(self)

    def acos_(self):
        return _unary.acos.inplace(self)

    arccos = acos
    arccos_ = acos_

    def atan(self):
        return _unary.atan.fast(self)

    def atan_(self):
        return _unary.atan.inplace(self)

    arctan = atan
    arctan_ = atan_

    def atan2(self, other):
        return _binary.atan2(self, _checks.tensor_argument('atan2', 'other', other))

    def atan2_(self, other):
        return _binary.atan2.inplace(self, _checks.tensor_argument('atan2_', 'other', other))

    arctan2 = atan2
    arctan2_ = atan2_

    def sinh(self):
        return _unary.sinh.fast(self)

    def sinh_(self):
        return _unary.sinh.inplace(self)

    def cosh(self):
        return _unary.cosh.fast(self)

    def cosh_(self):
        return _unary.cosh.inplace(self)

    def asinh(self):
        return _unary.asinh.fast(self)

    def asinh_(self):
        return _unary.asinh_inplace.inplace(self)

    arcsinh = asinh
    arcsinh_ = asinh_

    def acosh(self):
        return _unary.acosh.fast(self)

    def acosh_(self):
        return _unary.acosh_inplace.inplace(self)

    arccosh = acosh
    arccosh_ = acosh_

    def atanh(self):
        return _unary.atanh.fast(self)

    def atanh_(self):
        return _unary.atanh_inplace.inplace(self)

    arctanh = atanh
    arctanh_ = atanh_

    def hypot(self, other):
        return _binary.hypot(self, _checks.tensor_argument('hypot', 'other', other))

    def hypot_(self, other):
        return _binary.hypot.inplace(self, _checks.tensor_argument('hypot_', 'other', other))

    # --- special functions -----------------------------------------------------------------

    def logit(self, eps=None):
        return _unary.logit(self, eps)

    def logit_(self, eps=None):
        return _unary.logit_op.inplace(self, eps=eps)

    def erf(self):
        return _unary.erf.fast(self)

    def erf_(self):
        return _unary.erf.inplace(self)

    def erfc(self):
        return _unary.erfc.fast(self)

    def erfc_(self):
        return _unary.erfc.inplace(self)

    def erfinv(self):
        return _unary.erfinv.fast(self)

    def erfinv_(self):
        return _unary.erfinv.inplace(self)

    def lgamma(self):
        return _unary.lgamma.fast(self)

    def lgamma_(self):
        return _unary.lgamma.inplace(self)

    def digamma(self):
        return _unary.digamma.fast(self)

    def digamma_(self):
        return _unary.digamma.inplace(self)

    def polygamma(self, n):
        return _unary.polygamma(n, self)

    def polygamma_(self, n):
        return _unary.polygamma_(self, n)

    # --- rounding and signs ----------------------------------------------------------------

    def floor(self):
        return _rounding.floor.fast(self)

    def floor_(self):
        return _rounding.floor.inplace(self)

    def ceil(self):
        return _rounding.ceil.fast(self)

    def ceil_(self):
        return _rounding.ceil.inplace(self)

    def round(self, *, decimals=None):
        return _rounding.round(self, decimals=decimals)

    def round_(self, *, decimals=None):
        return _elementwise.round_(self, decimals=decimals)

    def trunc(self):
        return _rounding.trunc.fast(self)

    def trunc_(self):
        return _rounding.trunc.inplace(self)

    fix = trunc
    fix_ = trunc_

    def frac(self):
        return _rounding.frac.fast(self)

    def frac_(self):
        return _rounding.frac.inplace(self)

    def sgn(self):
        return _rounding.sgn.fast(self)

    def sgn_(self):
        return _rounding.sgn.inplace(self)

    def signbit(self):
        return _rounding.signbit.fast(self)

    def copysign(self, other):
        return _binary.copysign(self, other)

    def copysign_(self, other):
        return _binary.copysign_(self, other)

    def positive(self):
        return _rounding.positive(self)

    def fmod(self, other):
        return _binary.fmod(self, other)

    def fmod_(self, other):
        return _binary.fmod_(self, other)

    def float_power(self, exponent):
        return _binary.float_power(self, exponent)

    def float_power_(self, exponent):
        return _binary.float_power_(self, exponent)

    # --- floating-point classes ------------------------------------------------------------

    def isnan(self):
        return _rounding.isnan.fast(self)

    def isinf(self):
        return _rounding.isinf.fast(self)

    def isfinite(self):
        return _rounding.isfinite.fast(self)

    def isposinf(self):
        return _rounding.isposinf.fast(self)

    def isneginf(self):
        return _rounding.isneginf.fast(self)

    def nan_to_num(self, nan=0.0, posinf=None, neginf=None):
        return _rounding.nan_to_num(self, nan, posinf, neginf)

    def nan_to_num_(self, nan=0.0, posinf=None, neginf=None):
        return _rounding.nan_to_num_(self, nan, posinf, neginf)

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _compare.isclose(self, _checks.tensor_argument('isclose', 'other', other),
                                rtol, atol, equal_nan)

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _compare.allclose(self, _checks.tensor_argument('allclose', 'other', other),
                                 rtol, atol, equal_nan)

    def equal(self, other):
        return _compare.equal(self, _checks.tensor_argument('equal', 'other', other))

    # --- clamping, extremes and interpolation ----------------------------------------------

    def clamp(self, min=None, max=None):
        return _clamp.clamp(self, min, max)

    def clamp_(self, min=None, max=None):
        return _clamp.clamp_(self, min, max)

    clip = clamp
    clip_ = clamp_

    def clamp_min(self, min):
        return _clamp.clamp_min(self, min)

    def clamp_min_(self, min):
        return _clamp.clamp_min_(self, min)

    def clamp_max(self, max):
        return _clamp.clamp_max(self, max)

    def clamp_max_(self, max):
        return _clamp.clamp_max_(self, max)

    def maximum(self, other):
        return _binary.maximum(self, _checks.tensor_argument('maximum', 'other', other))

    def minimum(self, other):
        return _binary.minimum(self, _checks.tensor_argument('minimum', 'other', other))

    def fmax(self, other):
        return _binary.fmax(self, _checks.tensor_argument('fmax', 'other', other))

    def fmin(self, other):
        return _binary.fmin(self, _checks.tensor_argument('fmin', 'other', other))

    def lerp(self, end, weight):
        return _ternary.lerp(self, end, weight)

    def lerp_(self, end, weight):
        return _ternary.lerp_(self, end, weight)

    def addcmul(self, tensor1, tensor2, *, value=1):
        return _ternary.addcmul(self, _checks.tensor_argument('addcmul', 'tensor1', tensor1),
                                tensor2, value=value)

    def addcmul_(self, tensor1, tensor2, *, value=1):
        return _ternary.addcmul_op.inplace(self, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1, tensor2, *, value=1):
        return _ternary.addcdiv(self, _checks.tensor_argument('addcdiv', 'tensor1', tensor1),
                                tensor2, value=value)

    def addcdiv_(self, tensor1, tensor2, *, value=1):
        return _ternary.addcdiv_op.inplace(self, tensor1, tensor2, value=value)

    # --- small math (ember/ops/extras_math.py) -------------------------------------------------

    def angle(self):
        return _extras_math.angle(self)

    def deg2rad(self):
        return _extras_math.deg2rad(self)

    def deg2rad_(self):
        return _extras_math.deg2rad.inplace(self)

    def rad2deg(self):
        return _extras_math.rad2deg(self)

    def rad2deg_(self):
        return _extras_math.rad2deg.inplace(self)

    def sinc(self):
        return _extras_math.sinc(self)

    def sinc_(self):
        return _extras_math.sinc.inplace(self)

    def ldexp(self, other):
        return _extras_math.ldexp(self, other)

    def ldexp_(self, other):
        return _extras_math.ldexp.inplace(self, other)

    def heaviside(self, values):
        return _extras_math.heaviside(self, values)

    def heaviside_(self, values):
        return _extras_math.heaviside.inplace(self, values)

    def gcd(self, other):
        return _extras_math.gcd(self, other)

    def gcd_(self, other):
        return _extras_math.gcd.inplace(self, other)

    def lcm(self, other):
        return _extras_math.lcm(self, other)

    def lcm_(self, other):
        return _extras_math.lcm.inplace(self, other)

    def dist(self, other, p=2):
        return _extras_math.dist(self, other, p)

    def logcumsumexp(self, dim):
        return _extras_math.logcumsumexp(self, dim)

    def diff(self, n=1, dim=-1, prepend=None, append=None):
        return _extras_math.diff(self, n, dim, prepend, append)

    # --- comparison aliases and in-place comparisons (ember/ops/extras_compare.py) ------------

    def greater(self, other):
        return _cmp.gt(self, other)

    def greater_equal(self, other):
        return _cmp.ge(self, other)

    def less(self, other):
        return _cmp.lt(self, other)

    def less_equal(self, other):
        return _cmp.le(self, other)

    def not_equal(self, other):
        return _cmp.ne(self, other)

    def eq_(self, other):
        return _extras_compare.comparison_inplace(_cmp.eq, self, other)

    def ne_(self, other):
        return _extras_compare.comparison_inplace(_cmp.ne, self, other)

    def lt_(self, other):
        return _extras_compare.comparison_inplace(_cmp.lt, self, other)

    def le_(self, other):
        return _extras_compare.comparison_inplace(_cmp.le, self, other)

    def gt_(self, other):
        return _extras_compare.comparison_inplace(_cmp.gt, self, other)

    def ge_(self, other):
        return _extras_compare.comparison_inplace(_cmp.ge, self, other)

    not_equal_ = ne_
    less_ = lt_
    less_equal_ = le_
    greater_ = gt_
    greater_equal_ = ge_

    def logical_not_(self):
        return _extras_compare.logical_inplace(_cmp.logical_not, self)

    def logical_and_(self, other):
        return _extras_compare.logical_inplace(_cmp.logical_and, self, other)

    def logical_or_(self, other):
        return _extras_compare.logical_inplace(_cmp.logical_or, self, other)

    def logical_xor_(self, other):
        return _extras_compare.logical_inplace(_cmp.logical_xor, self, other)

    def bitwise_not_(self):
        return _extras_compare.bitwise_inplace(_cmp.bitwise_not, self)

    # --- shifts and bits of floats (ember/ops/extras_bits.py) ---------------------------------

    def bitwise_left_shift(self, other):
        return _bits.bitwise_left_shift(self, other)

    def bitwise_left_shift_(self, other):
        return _bits.bitwise_left_shift.inplace(self, other)

    def bitwise_right_shift(self, other):
        return _bits.bitwise_right_shift(self, other)

    def bitwise_right_shift_(self, other):
        return _bits.bitwise_right_shift.inplace(self, other)

    __lshift__ = bitwise_left_shift
    __rshift__ = bitwise_right_shift
    __ilshift__ = bitwise_left_shift_
    __irshift__ = bitwise_right_shift_

    def __rlshift__(self, other):
        return _bits.bitwise_left_shift(other, self)

    def __rrshift__(self, other):
        return _bits.bitwise_right_shift(other, self)

    def frexp(self):
        return _bits.frexp(self)

    def nextafter(self, other):
        return _bits.nextafter(self, other)

    def nextafter_(self, other):
        return _bits.nextafter.inplace(self, other)

    def mvlgamma(self, p):
        return _bits.mvlgamma(self, p)

    def mvlgamma_(self, p):
        return _bits.mvlgamma_op.inplace(self, p=p)

    def bitwise_and_(self, other):
        return _extras_compare.bitwise_inplace(_cmp.bitwise_and, self, other)

    def bitwise_or_(self, other):
        return _extras_compare.bitwise_inplace(_cmp.bitwise_or, self, other)

    def bitwise_xor_(self, other):
        return _extras_compare.bitwise_inplace(_cmp.bitwise_xor, self, other)


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
    global _unary, _binary, _ternary, _rounding, _clamp, _compare, _checks, _elementwise
    global _cmp, _extras_compare, _extras_math, _bits
    from ember.ops import extras_bits as _bits
    from ember.ops import comparison as _cmp
    from ember.ops import extras_compare as _extras_compare
    from ember.ops import extras_math as _extras_math
    from ember.ops import elementwise as _elementwise
    from ember.ops import elementwise_binary as _binary
    from ember.ops import elementwise_checks as _checks
    from ember.ops import elementwise_clamp as _clamp
    from ember.ops import elementwise_compare as _compare
    from ember.ops import elementwise_rounding as _rounding
    from ember.ops import elementwise_ternary as _ternary
    from ember.ops import elementwise_unary as _unary
