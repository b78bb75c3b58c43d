"""Small math torch users reach for: deg2rad, rad2deg, sinc, ldexp, heaviside, gcd, lcm, dist,
logcumsumexp, diff and Tensor.sum_to_size."""
import math

import numpy as np

from ember import _dtype
from ember._creation import empty_like, ones, zeros_like
from ember._tensor import Tensor, legacy_type_name, wrap_dim
from ember.ops import pointwise as _pw
from ember.ops._primitive import Promote, primitive
from ember.ops.comparison import eq, logical_xor
from ember.ops.diagonal import triu
from ember.ops.linalg import matmul
from ember.ops.rearrange import movedim
from ember.ops.elementwise_checks import not_implemented, tensor_arguments
from ember.ops.elementwise_rounding import floor
from ember.ops.elementwise_unary import exp2
from ember.ops.joining import cat, narrow
from ember.ops.linalg_norms import _vector_norm_grad, vector_norm_op
from ember.ops.reduction import int_dim, sum as _sum

__all__ = ['angle', 'deg2rad', 'deg2rad_', 'rad2deg', 'rad2deg_', 'sinc', 'sinc_', 'ldexp',
           'ldexp_', 'heaviside', 'gcd', 'gcd_', 'lcm', 'lcm_', 'dist', 'logcumsumexp', 'diff']

TO_FLOAT = Promote.INT_TO_FLOAT
_DEGREE = math.pi / 180


# --- angles, sinc, ldexp -----------------------------------------------------------------------

def _real_angle_only(input):
    if input.is_complex():
        raise NotImplementedError("ember: angle of a complex tensor is not supported")


@primitive(TO_FLOAT, check=_real_angle_only)
def angle(xp, input):
    # NOTE: not np.angle: it gives pi for -0.0, torch gives 0 (only x < 0 has angle pi)
    dtype = np.result_type(input).type
    return xp.where(input != input, input, xp.where(input < 0, dtype(math.pi), dtype(0)))


def _angle_grad(grad):
    return zeros_like(grad)


angle.defvjp(_angle_grad)


@primitive(TO_FLOAT, node_name='Deg2RadBackward0')
def deg2rad(xp, input):
    return input * input.dtype.type(_DEGREE)


deg2rad.defvjp(lambda grad: grad * _DEGREE)


@primitive(TO_FLOAT, node_name='Rad2DegBackward0')
def rad2deg(xp, input):
    return input * input.dtype.type(1 / _DEGREE)


rad2deg.defvjp(lambda grad: grad * (1 / _DEGREE))


def deg2rad_(input):
    """Matches `torch.deg2rad_`."""
    return deg2rad.inplace(input)


def rad2deg_(input):
    """Matches `torch.rad2deg_`."""
    return rad2deg.inplace(input)


@primitive(TO_FLOAT)
def sinc(xp, input):
    # NOTE: not np.sinc: it computes pi * x in float64 whatever the input's dtype; torch
    # computes in the input's dtype (so sinc(1.0) in float32 is -2.78e-08, not 0)
    scaled = input * input.dtype.type(math.pi)
    with np.errstate(invalid='ignore', divide='ignore'):
        result = xp.sin(scaled) / scaled
    return xp.where(input == 0, input.dtype.type(1), result)


def _sinc_grad(grad, input):
    scaled = input * math.pi
    slope = (_pw.cos(scaled) * scaled - _pw.sin(scaled)) / (scaled * input)
    return grad * _pw.where(eq(input, 0), 0, slope)


sinc.defvjp(_sinc_grad)


def sinc_(input):
    """Matches `torch.sinc_`."""
    return sinc.inplace(input)


@primitive(TO_FLOAT, check=tensor_arguments('ldexp', 'input', 'other'))
def ldexp(xp, input, other):
    return input * xp.exp2(other)


def _ldexp_input_grad(grad, other):
    if other.is_floating_point():
        return grad * exp2(other)
    # NOTE: torch raises 2 to an integral `other` in integers, so that a negative exponent
    # gives a gradient of 0 (2 ** -1 == 0); floor(exp2) reproduces that
    return grad * floor(exp2(other))


def _ldexp_other_grad(grad, out):
    return grad * out * math.log(2)


ldexp.defvjp(_ldexp_input_grad, _ldexp_other_grad)


def ldexp_(input, other):
    """Matches `torch.ldexp_`."""
    return ldexp.inplace(input, other)


# --- heaviside, gcd, lcm: no derivatives --------------------------------------------------------

def _check_heaviside(input, values):
    tensor_arguments('heaviside', 'input', 'values')(input, values)
    if input.dtype is not values.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")


@primitive(check=_check_heaviside)
def heaviside(xp, input, values):
    dtype = np.result_type(input)
    result = xp.where(input == 0, values, (input > 0).astype(dtype))
    return xp.asarray(result, dtype=dtype)


def _integral_check(kernel, name):
    arguments = tensor_arguments(name, 'input', 'other')

    def check(input, other):
        arguments(input, other)
        for x in (input, other):
            if x._data.dtype.kind not in 'iu':
                raise not_implemented(kernel, x.dtype)
    return check


@primitive(Promote.COMMON, check=_integral_check('gcd_cpu', 'gcd'))
def gcd(xp, input, other):
    return xp.gcd(input, other)


@primitive(Promote.COMMON, check=_integral_check('lcm_cpu', 'lcm'))
def lcm(xp, input, other):
    return xp.lcm(input, other)


def gcd_(input, other):
    """Matches `torch.gcd_`."""
    return gcd.inplace(input, other)


def lcm_(input, other):
    """Matches `torch.lcm_`."""
    return lcm.inplace(input, other)


# --- dist ------------------------------------------------------------------------------------

def _check_dist(input, other, *, p):
    tensor_arguments('dist', 'input', 'other')(input, other)


def _dist_dtype_check(input, other, *, p):
    for x in (input, other):
        if x._data.dtype.kind not in 'fc':
            raise RuntimeError("norm(): input dtype should be either floating point or complex. "
                               f"Got {legacy_type_name(x.dtype)} instead.")


@primitive(Promote.COMMON, node_name='DistBackward0', check=_check_dist,
           dtype_check=_dist_dtype_check)
def dist_op(xp, input, other, *, p):
    return vector_norm_op.forward(xp, xp.asarray(input - other), ord=p, dim=None,
                                  keepdim=False, dtype=None)


def _dist_input_grad(grad, input, other, out, p):
    # None (no gradient) for p == 0, as torch's norm derivative gives
    return _vector_norm_grad(grad, input - other, out, p, None, False)


def _dist_other_grad(grad, input, other, out, p):
    # NOTE: for p == 0 torch negates the missing gradient and fails with "Expected a proper
    # Tensor but got None" when `other`'s gradient is asked for. ember's engine runs every
    # formula of a node, also those of inputs not asked for, so raising here would break
    # input's gradient too: `other` gets no gradient instead
    result = _dist_input_grad(grad, input, other, out, p)
    return None if result is None else -result


dist_op.defvjp(_dist_input_grad, _dist_other_grad)


def dist(input, other, p=2):
    """Matches `torch.dist`."""
    return dist_op(input, other, p=float(p))


# --- logcumsumexp ------------------------------------------------------------------------------

def _check_logcumsumexp(input, *, dim):
    if input._data.dtype.kind not in 'fc':
        raise not_implemented('logcumsumexp_out_cpu', input.dtype)


@primitive(name='logcumsumexp', check=_check_logcumsumexp)
def logcumsumexp_op(xp, input, *, dim):
    if np.ndim(input) == 0:
        return np.asarray(input).copy()
    return xp.logaddexp.accumulate(input, axis=dim)


def _logcumsumexp_grad(grad, input, out, dim):
    if input.ndim == 0:
        return grad
    # d out_j / d x_i = exp(x_i - out_j) for i <= j: never above 1, since out_j >= x_i.
    # NOTE: not exp(x) * reversed_cumsum(grad * exp(-out)), which is the same sum but
    # overflows once |x| nears 88 (float32); the (n, n) weights cost O(n^2) per slice instead
    # but stay linear in grad, so that second derivatives and forward tangents follow from it
    x = movedim(input, dim, -1).unsqueeze(-1)
    totals = movedim(out, dim, -1).unsqueeze(-2)
    length = input.shape[dim]
    upper = triu(ones((length, length), dtype=_dtype.bool))
    exponent = _pw.where(upper, x - totals, 0)
    weights = _pw.where(upper, _pw.exp(exponent), 0)
    gathered = matmul(weights, movedim(grad, dim, -1).unsqueeze(-1)).squeeze(-1)
    return movedim(gathered, -1, dim)


logcumsumexp_op.defvjp(_logcumsumexp_grad)


def logcumsumexp(input, dim, *, out=None):
    """Matches `torch.logcumsumexp`."""
    dim = int_dim('logcumsumexp', dim, input.ndim, 2)
    if out is not None:
        return logcumsumexp_op(input, dim=dim, out=out)
    return logcumsumexp_op(input, dim=dim)


# --- diff, sum_to_size ----------------------------------------------------------------------------

def _diff_operand(name, value, input, dim):
    if not isinstance(value, Tensor):
        raise TypeError(f"diff(): argument '{name}' must be Tensor, not {type(value).__name__}")
    if value.ndim != input.ndim:
        raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    return value


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """Matches `torch.diff`."""
    tensor_arguments('diff', 'input')(input)
    if input.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    dim = wrap_dim(dim, input.ndim)
    if n == 0:
        # torch returns a copy of `input` alone (without prepend and append)
        return empty_like(input).copy_(input)
    parts = [input]
    if prepend is not None:
        parts.insert(0, _diff_operand('prepend', prepend, input, dim))
    if append is not None:
        parts.append(_diff_operand('append', append, input, dim))
    result = cat(parts, dim) if len(parts) > 1 else input
    for _ in range(n):
        length = result.shape[dim]
        if length == 0:
            break
        later = narrow(result, dim, 1, length - 1)
        earlier = narrow(result, dim, 0, length - 1)
        if result.dtype.np.kind == 'b':
            result = logical_xor(later, earlier)
        else:
            result = later - earlier
    return result


def sum_to_size(input, *size):
    """Matches `Tensor.sum_to_size`."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    shape = tuple(input.shape)
    leading = len(shape) - len(size)
    expandable = leading >= 0 and all(
        want == have or want == 1 for want, have in zip(size, shape[leading:]))
    if not expandable:
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.")
    if not size:
        return _sum(input)
    if tuple(size) == shape:
        return input
    dims = tuple(range(leading)) + tuple(
        leading + i for i, want in enumerate(size) if want == 1 and shape[leading + i] != 1)
    result = _sum(input, dims, True)
    if leading:
        result = result.view(tuple(size))
    return result

