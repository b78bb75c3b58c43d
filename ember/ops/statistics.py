"""Statistics: variance and standard deviation, norms, logsumexp, and the NaN-ignoring sum
and mean."""

__all__ = ['var', 'std', 'var_mean', 'std_mean', 'norm', 'logsumexp', 'nansum', 'nanmean']
import math
import numbers
import sys
import warnings

import numpy as np

from ember._tensor import Tensor, legacy_type_name
from ember.ops._primitive import Promote, primitive
from ember.ops.pointwise import exp, where
from ember.ops.reduction import (all_dims, expand_reduced, invalid_arguments, reduction_dims,
                                 restore_reduced)


# --- var and std -----------------------------------------------------------------------------

def _float_only(message):
    def check(input, **settings):
        if input._data.dtype.kind not in 'fc':
            raise RuntimeError(message)
    return check


def _reduced_dims(dim, ndim):
    """The dims a var-like op reduces: every dim for None or an empty list."""
    return tuple(range(ndim)) if not dim else dim


def _warn(message):
    """A UserWarning attributed to the first caller outside ember, as torch's are."""
    frame = sys._getframe(1)
    level = 2
    while frame is not None and frame.f_globals.get('__name__', '').startswith('ember.'):
        frame = frame.f_back
        level += 1
    warnings.warn(message, UserWarning, stacklevel=level)


def _moments(name, input, dim, correction, keepdim):
    """(variance, mean) over `dim` in float64, with torch's divisor max(0, n - correction)."""
    # torch accumulates variances in double precision
    data = input.astype(np.float64, copy=False)
    axes = _reduced_dims(dim, input.ndim)
    count = 1
    for d in axes:
        count *= input.shape[d]
    if count - correction <= 0:
        _warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less "
              "than the reduction factor (input numel divided by output numel).")
    mean = data.sum(axis=axes, keepdims=True) / count
    deviation = data - mean
    variance = (deviation * deviation).sum(axis=axes, keepdims=keepdim) / max(0, count - correction)
    if not keepdim:
        mean = mean.reshape(variance.shape)
    return variance, mean


def var_backward(grad, input, dim, correction, keepdim):
    """The derivative of the variance (torch's var_backward, its quirks included)."""
    if input.ndim == 0 or dim is None:
        dof = input.numel() - correction
        if dof <= 0:
            # 2 / dof is infinite: 0 * inf is NaN where the input equals its mean
            return grad * where(input.eq(input.mean()), math.nan, math.inf)
        return (2.0 / dof) * grad * (input - input.mean())
    if not keepdim and input.ndim > 1:
        grad = restore_reduced(grad, input.shape, dim, False)
    count = 1
    for d in dim:
        count *= input.shape[d]
    # NOTE: an empty `dim` reduces every element yet counts as 1 here, as in torch, whose
    #       gradient is then infinite
    scale = _c_divide(2.0, count - correction)
    return scale * grad * (input - input.mean(_reduced_dims(dim, input.ndim), True))


def _c_divide(a, b):
    """a / b for a positive `a` as C computes it: infinite, not an error, when b is zero."""
    return math.inf if b == 0 else a / b


def std_backward(grad, out, input, dim, correction, keepdim):
    """The derivative of the standard deviation: zero where the deviation is zero."""
    grad_var = where(out.eq(0), 0, grad / (out * 2))
    return var_backward(grad_var, input, dim, correction, keepdim)


def _mean_backward(grad, input_shape, dim, keepdim):
    dims = _reduced_dims(dim, len(input_shape))
    count = 1
    for d in dims:
        count *= input_shape[d]
    return expand_reduced(grad, input_shape, dims, keepdim) / count


_VAR_ERROR = 'std and var only support floating point and complex dtypes'


@primitive(name='var', check=_float_only(_VAR_ERROR))
def var_dims(xp, input, *, dim=None, correction=1, keepdim=False):
    return _moments('var', input, dim, correction, keepdim)[0].astype(input.dtype)


def _var_grad(grad, input, dim, correction, keepdim):
    return var_backward(grad, input, dim, correction, keepdim)


var_dims.defvjp(_var_grad)


@primitive(name='std', check=_float_only(_VAR_ERROR))
def std_dims(xp, input, *, dim=None, correction=1, keepdim=False):
    return np.sqrt(_moments('std', input, dim, correction, keepdim)[0]).astype(input.dtype)


def _std_grad(grad, out, input, dim, correction, keepdim):
    return std_backward(grad, out, input, dim, correction, keepdim)


std_dims.defvjp(_std_grad)


@primitive(name='var_mean', outputs=2,
           check=_float_only('var_mean only support floating point and complex dtypes'))
def var_mean_dims(xp, input, *, dim=None, correction=1, keepdim=False):
    variance, mean = _moments('var_mean', input, dim, correction, keepdim)
    return variance.astype(input.dtype), mean.astype(input.dtype)


def _var_mean_grad(grads, input, dim, correction, keepdim):
    grad_var, grad_mean = grads
    result = None
    if grad_var is not None:
        result = var_backward(grad_var, input, dim, correction, keepdim)
    if grad_mean is not None:
        part = _mean_backward(grad_mean, input.shape, dim, keepdim)
        result = part if result is None else result + part
    return result


var_mean_dims.defvjp(_var_mean_grad)


@primitive(name='std_mean', outputs=2,
           check=_float_only('std_mean only support floating point and complex dtypes'))
def std_mean_dims(xp, input, *, dim=None, correction=1, keepdim=False):
    variance, mean = _moments('std_mean', input, dim, correction, keepdim)
    return np.sqrt(variance).astype(input.dtype), mean.astype(input.dtype)


def _std_mean_grad(grads, out, input, dim, correction, keepdim):
    grad_std, grad_mean = grads
    result = None
    if grad_std is not None:
        result = std_backward(grad_std, out[0], input, dim, correction, keepdim)
    if grad_mean is not None:
        part = _mean_backward(grad_mean, input.shape, dim, keepdim)
        result = part if result is None else result + part
    return result


std_mean_dims.defvjp(_std_mean_grad)

_VAR_OVERLOADS = (
    'Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False, *, '
    'Tensor out = None',
    'Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = '
    'False, Tensor out = None',
    'Tensor input, bool unbiased = True')
_VAR_MEAN_OVERLOADS = (
    'Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False',
    'Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False',
    'Tensor input, bool unbiased = True')


def _variance_call(name, op, overloads, input, dim, unbiased, keepdim, correction):
    """Resolve torch's var/std overloads: (dim, unbiased, keepdim), (dim, *, correction,
    keepdim) and (unbiased)."""
    if isinstance(dim, bool):
        if unbiased is not None or correction is not None:
            raise _variance_arguments(name, overloads, input, dim, unbiased, correction)
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise _variance_arguments(name, overloads, input, dim, unbiased, correction)
    if correction is None:
        correction = 0 if unbiased is False else 1
    if dim is not None:
        dim = reduction_dims(dim, input.ndim) if not isinstance(dim, (tuple, list)) or dim \
            else ()
    return op(input, dim=dim, correction=correction, keepdim=keepdim)


def _variance_arguments(name, overloads, input, dim, unbiased, correction):
    # which arguments came as keywords is lost by now: after a dim they are described as
    # positional, without one as keywords (listed as torch lists them when given in order)
    if dim is None:
        args, keywords = (input,), {'correction': correction, 'unbiased': unbiased}
    else:
        args, keywords = (input, dim, unbiased), {'correction': correction}
    return invalid_arguments(name, [a for a in args if a is not None], overloads,
                             {k: v for k, v in keywords.items() if v is not None})


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Matches `torch.var`."""
    return _variance_call('var', var_dims, _VAR_OVERLOADS, input, dim, unbiased, keepdim,
                          correction)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Matches `torch.std`."""
    return _variance_call('std', std_dims, _VAR_OVERLOADS, input, dim, unbiased, keepdim,
                          correction)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Matches `torch.var_mean`."""
    return _variance_call('var_mean', var_mean_dims, _VAR_MEAN_OVERLOADS, input, dim,
                          unbiased, keepdim, correction)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Matches `torch.std_mean`."""
    return _variance_call('std_mean', std_mean_dims, _VAR_MEAN_OVERLOADS, input, dim,
                          unbiased, keepdim, correction)


# --- norms -----------------------------------------------------------------------------------

def _check_norm_dtype(input, dtype):
    if dtype.category < 2:
        raise RuntimeError("linalg.vector_norm: dtype should be floating point or complex, but "
                           f"got {legacy_type_name(dtype)}")
    if input.dtype.category >= 2 and dtype.itemsize < input.dtype.itemsize:
        raise RuntimeError(
            f"linalg.vector_norm: the dtype of the input ({legacy_type_name(input.dtype)}) "
            "should be convertible without narrowing to the specified dtype "
            f"({legacy_type_name(dtype)})")


def norm(input, p='fro', dim=None, keepdim=False, out=None, dtype=None):
    """Matches `torch.norm`, which torch computes with linalg.vector_norm, or with
    linalg.matrix_norm for the nuclear norm."""
    from ember import linalg
    if dtype is not None:
        _check_norm_dtype(input, dtype)
    if isinstance(dim, numbers.Integral):
        dim = [dim]
    if isinstance(p, str):
        if p == 'fro' and (dim is None or len(dim) <= 2):
            return linalg.vector_norm(input, 2, dim, keepdim, dtype=dtype, out=out)
        if p not in ('fro', 'nuc'):
            raise RuntimeError(f"linalg.matrix_norm: Order {p} not supported.")
        dims = list(range(input.ndim)) if dim is None else list(dim)
        return linalg.matrix_norm(input, p, dims, keepdim, dtype=dtype, out=out)
    return linalg.vector_norm(input, 2.0 if p is None else p, dim, keepdim, dtype=dtype,
                              out=out)


# --- logsumexp -------------------------------------------------------------------------------

@primitive(Promote.INT_TO_FLOAT, name='logsumexp')
def logsumexp_dims(xp, input, *, dim, keepdim=False):
    if input.ndim == 0:
        return input.copy()
    shift = input.max(axis=dim, keepdims=True) if input.size else np.zeros(
        [1] * input.ndim, dtype=input.dtype)
    # an infinite maximum would turn input - shift into NaN: shift by zero instead
    shift = np.where(np.isinf(shift), 0, shift).astype(input.dtype)
    total = np.exp(input - shift).sum(axis=dim, keepdims=True)
    result = np.log(total) + shift
    return result if keepdim else result.squeeze(dim)


def _logsumexp_grad(grad, out, input, dim, keepdim):
    if input.ndim:
        grad = restore_reduced(grad, input.shape, dim, keepdim)
        out = restore_reduced(out, input.shape, dim, keepdim)
    return grad * exp(input - out)


logsumexp_dims.defvjp(_logsumexp_grad)


def logsumexp(input, dim, keepdim=False):
    """Matches `torch.logsumexp`."""
    if isinstance(dim, (tuple, list)) and not dim and not keepdim and input.numel() and \
            input.ndim:
        # NOTE: torch reduces every dim for an empty dim list, but then fails to write its
        #       result unless keepdim is set
        ones = ', '.join('1' * input.ndim)
        raise RuntimeError(f"output with shape [] doesn't match the broadcast shape [{ones}]")
    return logsumexp_dims(input, dim=all_dims(dim, input.ndim), keepdim=keepdim)


# --- nansum and nanmean ----------------------------------------------------------------------

@primitive(name='nansum', node_name='NansumBackward0')
def nansum_dims(xp, input, *, dim, keepdim=False, dtype=None):
    if dtype is not None:
        target = dtype.np
    elif input.dtype.kind in 'biu':
        target = np.int64
    else:
        target = input.dtype
    compute = np.float32 if target == np.float16 else target
    result = np.nansum(input.astype(compute, copy=False), axis=dim, keepdims=keepdim)
    return np.asarray(result).astype(target)


def _nansum_grad(grad, input, dim, keepdim):
    return expand_reduced(grad, input.shape, dim, keepdim) * input.eq(input)


nansum_dims.defvjp(_nansum_grad)


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """Matches `torch.nansum`."""
    return nansum_dims(input, dim=all_dims(dim, input.ndim), keepdim=keepdim, dtype=dtype)


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """Matches `torch.nanmean`: nansum divided by the count of non-NaN elements."""
    if not isinstance(input, Tensor):
        raise TypeError(f"nanmean(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if input.dtype.category < 2:
        raise RuntimeError("nanmean(): expected input to have floating point or complex dtype "
                           f"but got {legacy_type_name(input.dtype)}")
    dims = all_dims(dim, input.ndim)
    count = input.eq(input).sum(dims, keepdim)
    return nansum(input, dims, keepdim, dtype=dtype) / count
