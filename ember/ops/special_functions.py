"""Special functions NumPy lacks, vectorised: erf, erfc, erfinv, lgamma, digamma, polygamma.

Arrays (or NumPy scalars) in, arrays out: each function computes in float64 and returns the
input's floating dtype. Values at poles and infinities follow torch's CPU kernels, which are
noted where they differ from the mathematical limit.

Note [Special function algorithms]
- erf and erfc: W. J. Cody's rational Chebyshev approximations (Math. Comp. 1969), on the
  intervals |x| <= 0.46875 (erf), up to 4 and beyond 4 (erfc times exp(x^2)), with exp(-x^2)
  split into two factors so that the square loses no bits.
- erfinv: Winitzki's closed-form estimate, refined by Halley steps on erf(x) = y, or on
  erfc(x) = 1 - |y| when |y| > 0.5 so that the tails keep their relative accuracy.
- lgamma: Taylor series of lgamma about 2 (coefficients zeta(k) - 1) on [0.5, 2.5], reached
  by the recurrence lgamma(x + 1) = lgamma(x) + log(x) from up to x = 15; Stirling's series
  above 15; the reflection formula below 0.
- digamma: recurrence up to x >= 10 and the asymptotic series; reflection below 0.
- polygamma(n >= 1): (-1)^(n+1) n! zeta(n + 1, x), the Hurwitz zeta function summed directly
  until its argument is large and finished by the Euler-Maclaurin formula; trigamma reflects
  below 0.5 as torch does.
"""
import math

import numpy as np

# Bernoulli numbers B_2, B_4, ..., B_24
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510,
              43867 / 798, -174611 / 330, 854513 / 138, -236364091 / 2730)
_EULER_GAMMA = 0.57721566490153286061
_HALF_LOG_2PI = 0.91893853320467274178
_SQRT_PI_INVERSE = 0.56418958354775628695  # 1 / sqrt(pi)
_TWO_OVER_SQRT_PI = 1.1283791670955125739


def _as_float64(x):
    """(x as a float64 array, the dtype to return)."""
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == 'f' else np.dtype(np.float64)
    return x.astype(np.float64), dtype


def _finish(result, dtype):
    return result.astype(dtype, copy=False)


def _polynomial(coefficients, t):
    """coefficients[0] * t^(n-1) + ... + coefficients[-1], by Horner's rule."""
    result = np.full_like(t, coefficients[0])
    for c in coefficients[1:]:
        result = result * t + c
    return result


# --- erf and erfc ----------------------------------------------------------------------------

# Cody's coefficients, highest degree first (the denominators' leading coefficient is 1)
_ERF_P = (1.85777706184603153e-1, 3.16112374387056560e00, 1.13864154151050156e02,
          3.77485237685302021e02, 3.20937758913846947e03)
_ERF_Q = (1.0, 2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
          2.84423683343917062e03)
_ERFC_MID_P = (2.15311535474403846e-8, 5.64188496988670089e-1, 8.88314979438837594e00,
               6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02,
               1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03)
_ERFC_MID_Q = (1.0, 1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
               1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
               3.43936767414372164e03, 1.23033935480374942e03)
_ERFC_TAIL_P = (1.63153871373020978e-2, 3.05326634961232344e-1, 3.60344899949804439e-1,
                1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4)
_ERFC_TAIL_Q = (1.0, 2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
                6.05183413124413191e-2, 2.33520497626869185e-3)
_ERF_SMALL = 0.46875


def _erf_small(x):
    t = x * x
    return x * _polynomial(_ERF_P, t) / _polynomial(_ERF_Q, t)


def _exp_minus_square(y):
    # exp(-y^2) as exp(-r^2) exp(-(y - r)(y + r)), r = y rounded down to 1/16: exact squares
    r = np.trunc(y * 16) / 16
    return np.exp(-r * r) * np.exp(-(y - r) * (y + r))


def _erfc_large(y):
    """erfc(y) for y > 0.46875."""
    result = np.zeros_like(y)  # the value at inf
    mid = y <= 4
    ym = y[mid]
    result[mid] = _polynomial(_ERFC_MID_P, ym) / _polynomial(_ERFC_MID_Q, ym) * \
        _exp_minus_square(ym)
    tail = ~mid & np.isfinite(y)
    yt = y[tail]
    t = 1 / (yt * yt)
    ratio = t * _polynomial(_ERFC_TAIL_P, t) / _polynomial(_ERFC_TAIL_Q, t)
    result[tail] = (_SQRT_PI_INVERSE - ratio) / yt * _exp_minus_square(yt)
    result[np.isnan(y)] = np.nan
    return result


def _erf64(x):
    y = np.abs(x)
    small = y <= _ERF_SMALL
    result = np.empty_like(x)
    result[small] = _erf_small(x[small])
    large = ~small
    result[large] = np.copysign(1 - _erfc_large(y[large]), x[large])
    return result


def _erfc64(x):
    y = np.abs(x)
    small = y <= _ERF_SMALL
    result = np.empty_like(x)
    result[small] = 1 - _erf_small(x[small])
    large = ~small
    tail = _erfc_large(y[large])
    result[large] = np.where(x[large] < 0, 2 - tail, tail)
    return result


def erf(x):
    """The error function."""
    x, dtype = _as_float64(x)
    return _finish(_erf64(x), dtype)


def erfc(x):
    """The complementary error function 1 - erf(x), accurate in the right tail."""
    x, dtype = _as_float64(x)
    return _finish(_erfc64(x), dtype)


# --- erfinv ----------------------------------------------------------------------------------

_WINITZKI_A = 0.147
_HALLEY_STEPS = 3  # from an estimate within 0.2 %: Halley converges cubically


def _halley_erfinv(x, target, complement):
    """Refine x towards erf(x) = target (or erfc(x) = complement, for the tail)."""
    for _ in range(_HALLEY_STEPS):
        if complement is None:
            residual = _erf64(x) - target
        else:
            residual = complement - _erfc64(x)
        step = residual / (_TWO_OVER_SQRT_PI * np.exp(-x * x))
        # Halley's correction: erf'' = -2x erf'
        x = x - step / (1 + x * step)
    return x


def erfinv(y):
    """The inverse of erf on [-1, 1]: nan outside, +-inf at +-1."""
    y, dtype = _as_float64(y)
    a = np.abs(y)
    result = np.where(a == 1, np.inf, np.nan)
    inside = a < 1
    ai = a[inside]
    # Winitzki's estimate: relative error below 0.2 %
    log_term = np.log1p(-ai * ai)
    b = 2 / (np.pi * _WINITZKI_A) + log_term / 2
    x = np.sqrt(np.sqrt(b * b - log_term / _WINITZKI_A) - b)
    tail = ai > 0.5
    x[~tail] = _halley_erfinv(x[~tail], ai[~tail], None)
    x[tail] = _halley_erfinv(x[tail], None, 1 - ai[tail])  # 1 - |y| is exact here
    result[inside] = x
    return _finish(np.copysign(result, y), dtype)


# --- lgamma ----------------------------------------------------------------------------------

def _series_coefficients():
    # lgamma(2 + z) = (1 - gamma) z + sum_{k >= 2} (-1)^k (zeta(k) - 1) / k z^k; zeta(k) - 1 is
    # the Hurwitz zeta(k, 2)
    ks = range(2, 31)
    tails = [float(hurwitz_zeta(k, np.array([2.0]))[0]) for k in ks]
    terms = [(-1) ** k * t / k for k, t in zip(ks, tails)]
    # highest degree first, for _polynomial; the constant term is 0
    return tuple(reversed(terms)) + (1 - _EULER_GAMMA, 0.0)


def _lgamma_near_two(z):
    """lgamma(2 + z) for |z| <= 0.5."""
    return _polynomial(_LGAMMA_SERIES, z)


_STIRLING = tuple(b / (2 * k * (2 * k - 1)) for k, b in enumerate(_BERNOULLI[:8], start=1))
_STIRLING_FROM = 15.0


def _lgamma_stirling(x):
    t = 1 / (x * x)
    correction = _polynomial(_STIRLING[::-1], t) / x
    log_x = np.log(x)
    return x * (log_x - 1) - 0.5 * log_x + _HALF_LOG_2PI + correction


def _lgamma_positive(x):
    """lgamma for finite x > 0."""
    result = np.empty_like(x)
    large = x >= _STIRLING_FROM
    result[large] = _lgamma_stirling(x[large])
    tiny = x < 0.5
    xt = x[tiny]
    # lgamma(x) = lgamma(1 + x) - log(x), and lgamma(1 + x) = lgamma(2 + x) - log1p(x)
    result[tiny] = _lgamma_near_two(xt) - np.log1p(xt) - np.log(xt)
    near_one = (x >= 0.5) & (x < 1.5)
    z = x[near_one] - 1
    result[near_one] = _lgamma_near_two(z) - np.log1p(z)
    middle = (x >= 1.5) & ~large
    xm = x[middle]
    # step down to [1.5, 2.5): lgamma(x) = lgamma(x - m) + log((x - 1) ... (x - m))
    steps = np.floor(xm - 1.5)
    product = np.ones_like(xm)
    for k in range(1, int(steps.max(initial=0)) + 1):
        product = np.where(steps >= k, product * (xm - k), product)
    result[middle] = _lgamma_near_two(xm - steps - 2) + np.log(product)
    return result


def _abs_sin_pi(x):
    """|sin(pi x)|, accurate for large x: x - round(x), in [-0.5, 0.5], is exact."""
    return np.abs(np.sin(np.pi * (x - np.round(x))))


def lgamma(x):
    """log |Gamma(x)|: inf at the poles (0 and the negative integers) and at +-inf."""
    x, dtype = _as_float64(x)
    result = np.full_like(x, np.inf)
    result[np.isnan(x)] = np.nan
    positive = np.isfinite(x) & (x > 0)
    result[positive] = _lgamma_positive(x[positive])
    negative = np.isfinite(x) & (x < 0) & (x != np.floor(x))
    xn = x[negative]
    # reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
    result[negative] = np.log(np.pi / _abs_sin_pi(xn)) - _lgamma_positive(1 - xn)
    return _finish(result, dtype)


# --- digamma ---------------------------------------------------------------------------------

# psi(x) ~ log(x) - 1/(2x) - sum B_2k / (2k x^2k)
_DIGAMMA_SERIES = tuple(b / (2 * k) for k, b in enumerate(_BERNOULLI[:8], start=1))
_DIGAMMA_FROM = 10.0


def _digamma_positive(x):
    """digamma for x > 0 (inf allowed)."""
    shift = np.zeros_like(x)
    x = x.copy()
    for _ in range(int(_DIGAMMA_FROM)):
        low = x < _DIGAMMA_FROM
        if not low.any():
            break
        shift = np.where(low, shift - 1 / x, shift)
        x = np.where(low, x + 1, x)
    t = 1 / (x * x)
    return shift + np.log(x) - 0.5 / x - t * _polynomial(_DIGAMMA_SERIES[::-1], t)


def digamma(x):
    """The logarithmic derivative of Gamma: nan at the negative integers and -inf, and, as
    torch, -inf at +0 and +inf at -0."""
    x, dtype = _as_float64(x)
    result = np.full_like(x, np.nan)
    zero = x == 0
    result[zero] = np.copysign(np.inf, -x[zero])
    positive = x > 0
    result[positive] = _digamma_positive(x[positive])
    negative = (x < 0) & (x != np.trunc(x))
    xn = x[negative]
    # reflection: psi(1 - x) - psi(x) = pi cot(pi x); the fraction of x keeps tan accurate
    fraction = xn - np.trunc(xn)
    result[negative] = _digamma_positive(1 - xn) - np.pi / np.tan(np.pi * fraction)
    return _finish(result, dtype)


# --- polygamma -------------------------------------------------------------------------------

_DIRECT_TERMS_AT_ONCE = 64
_CHUNK = 1 << 20


def hurwitz_zeta(s, q):
    """zeta(s, q) = sum_k (q + k)^-s for an integer s >= 2 and float64 q: inf at the poles
    q = 0, -1, -2, ... and -inf; as torch, nan at q = +inf."""
    result = np.full_like(q, np.nan)
    pole = (q <= 0) & (q == np.floor(q))
    result[pole] = np.inf
    fine = np.isfinite(q) & ~pole
    q = q[fine]
    # sum directly until q + n >= start, then finish with Euler-Maclaurin
    start = max(10.0, s + 2.0)
    terms = np.maximum(np.ceil(start - q), 0)
    total = np.zeros_like(q)
    few = terms <= _DIRECT_TERMS_AT_ONCE
    for k in range(int(terms[few].max(initial=0))):
        total = np.where(k < terms, total + np.power(q + k, -float(s)), total)
    for index in np.flatnonzero(~few):
        # a q far below 0 needs many terms: sum them as arrays, a chunk at a time
        acc = 0.0
        for first in range(0, int(terms[index]), _CHUNK):
            k = np.arange(first, min(first + _CHUNK, int(terms[index])), dtype=np.float64)
            acc += np.power(q[index] + k, -float(s)).sum()
        total[index] = acc
    a = q + terms
    power = np.power(a, -float(s))
    tail = np.power(a, 1.0 - s) / (s - 1) + power / 2
    rising = float(s)  # s (s + 1) ... (s + 2j - 2)
    inverse_a = 1 / a
    factor = power * inverse_a  # a^(-s - 2j + 1)
    factorial = 2.0  # (2j)!
    for j, bernoulli in enumerate(_BERNOULLI, start=1):
        tail = tail + bernoulli / factorial * rising * factor
        rising *= (s + 2 * j - 1) * (s + 2 * j)
        factor = factor * inverse_a * inverse_a
        factorial *= (2 * j + 1) * (2 * j + 2)
    result[fine] = total + tail
    return result


def _trigamma(x, dtype):
    result = np.full_like(x, np.nan)
    result[x == np.inf] = 0.0
    low = x < 0.5
    # NOTE: sin(pi x) unreduced and in the input's precision, as torch computes it: at the
    # poles (0, -1, -2, ...) the result is then huge but finite, and the same as torch's
    pi = dtype.type(np.pi)
    sine = np.sin(pi * x[low].astype(dtype))
    reflected = (pi * pi / (sine * sine)).astype(np.float64)
    result[low] = reflected - hurwitz_zeta(2, 1 - x[low])
    high = (x >= 0.5) & np.isfinite(x)
    result[high] = hurwitz_zeta(2, x[high])
    return result


def polygamma(n, x):
    """The n-th derivative of digamma, n >= 0."""
    if n == 0:
        return digamma(x)
    x, dtype = _as_float64(x)
    if n == 1:
        return _finish(_trigamma(x, dtype), dtype)
    sign = 1.0 if n % 2 else -1.0
    return _finish(sign * float(math.factorial(n)) * hurwitz_zeta(n + 1, x), dtype)


_LGAMMA_SERIES = _series_coefficients()
