"""Statistics and integration: cov, corrcoef, trapezoid, cumulative_trapezoid, renorm, pdist."""
import math
import warnings

import numpy as np

from ember import _dtype
from ember._creation import tensor, zeros_like
from ember._tensor import Tensor, legacy_type_name, wrap_dim
from ember.ops import pointwise as _pw
from ember.ops._primitive import primitive
from ember.ops.diagonal import diagonal
from ember.ops.elementwise_clamp import clip
from ember.ops.joining import narrow
from ember.ops.linalg import mm
from ember.ops.linalg_norms import _vector_norm_grad, vector_norm, vector_norm_op
from ember.ops.nn_loss import div_by_number
from ember.ops.reduction import sum as _sum
from ember.ops.scan import cumsum
from ember.ops.scatter_index import index_add

__all__ = ['cov', 'corrcoef', 'trapezoid', 'trapz', 'cumulative_trapezoid', 'renorm', 'pdist']


# --- cov, corrcoef -----------------------------------------------------------------------------

def _check_weights(name, weights, observations, integral):
    if weights.ndim > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got "
                           f"{name} with {weights.ndim} dimensions")
    if weights.numel() != observations:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are "
                           f"observations in the input but got {weights.numel()} != "
                           f"{observations}")
    if integral and weights._data.dtype.kind not in 'iu':
        raise RuntimeError(f"cov(): expected {name} to have integral dtype but got {name} with "
                           f"{legacy_type_name(weights.dtype)} dtype")
    if not integral and not weights.is_floating_point():
        raise RuntimeError(f"cov(): expected {name} to have floating point dtype but got {name} "
                           f"with {legacy_type_name(weights.dtype)} dtype")
    if weights.numel() and bool(np.any(weights._data < 0)):
        raise RuntimeError(f"cov(): {name} cannot be negative")


def cov(input, *, correction=1, fweights=None, aweights=None):
    """Matches `torch.cov`."""
    if input.ndim > 2:
        raise RuntimeError("cov(): expected input to have two or fewer dimensions but got an "
                           f"input with {input.ndim} dimensions")
    observations_by_variables = input if input.ndim == 2 else input.view(1, -1)
    observations = observations_by_variables.shape[1]
    weights = None
    if fweights is not None:
        _check_weights('fweights', fweights, observations, True)
        weights = fweights
    if aweights is not None:
        _check_weights('aweights', aweights, observations, False)
        weights = aweights if weights is None else weights * aweights
    x = observations_by_variables
    if weights is None:
        weight_sum = float(observations)
        average = _sum(x, 1) / weight_sum
    else:
        weight_sum = _sum(weights)
        average = _sum(x * weights, 1) / weight_sum
    if weights is not None and correction != 0:
        if aweights is None:
            norm_factor = weight_sum - correction
        else:
            norm_factor = weight_sum - correction * _sum(weights * aweights) / weight_sum
    else:
        norm_factor = weight_sum - correction
    if float(norm_factor if not isinstance(norm_factor, Tensor) else norm_factor.item()) <= 0:
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less "
                      "than the number of observations.", UserWarning, stacklevel=2)
        norm_factor = norm_factor * 0
    centred = x - average.unsqueeze(1)
    weighted = centred if weights is None else centred * weights
    return (mm(centred, weighted.t()) / norm_factor).squeeze()


def corrcoef(input):
    """Matches `torch.corrcoef`."""
    covariance = cov(input)
    if covariance.ndim == 0:
        return covariance / covariance
    deviation = _pw.sqrt(diagonal(covariance))
    covariance = covariance / deviation.view(-1, 1)
    covariance = covariance / deviation.view(1, -1)
    return clip(covariance, -1, 1)


# --- trapezoid, cumulative_trapezoid -------------------------------------------------------------

@primitive(node_name='MulBackward1')
def _mul_by_number(xp, input, *, other):
    """`input * other` for a Python number, recorded as torch's C++ code records it."""
    dtype = _dtype.result_type_of([_dtype.FROM_NP[np.result_type(input)]], [],
                                  [_dtype.scalar_dtype(other)])
    return (input * other).astype(dtype.np, copy=False)


_mul_by_number.defvjp(lambda grad, other: _mul_by_number(grad, other=other))


def _trapezoid_arguments(name, y, x, dx, dim):
    if x is not None and dx is not None:
        raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, "
                        f"Tensor, dx={type(dx).__name__}), but expected one of:\n"
                        f" * (Tensor y, Tensor x, *, int dim = -1)\n"
                        f" * (Tensor y, *, Number dx = 1, int dim = -1)\n")
    if x is not None and not isinstance(x, Tensor):
        raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, "
                        f"{type(x).__name__}), but expected one of:\n"
                        f" * (Tensor y, Tensor x, *, int dim = -1)\n"
                        f" * (Tensor y, *, Number dx = 1, int dim = -1)\n")
    if y.ndim == 0:
        if name == 'cumulative_trapezoid':
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
        shown = dim if x is None else wrap_dim(dim, 0)
        raise IndexError(f"Dimension specified as {shown} but tensor has no dimensions")
    return wrap_dim(dim, y.ndim)


def _spacing(name, y, x, dim):
    """The differences of `x` along `dim`, shaped to broadcast against y's pairs."""
    length = y.shape[dim]
    if x.ndim == 1:
        if x.shape[0] != length:
            raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
        spacing = narrow(x, 0, 1, length - 1) - narrow(x, 0, 0, length - 1)
        shape = [1] * y.ndim
        shape[dim] = length - 1
        return spacing.view(shape)
    if x.shape[dim] != length:
        raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
    xdim = x.ndim - y.ndim + dim
    return narrow(x, xdim, 1, length - 1) - narrow(x, xdim, 0, length - 1)


def trapezoid(y, x=None, *, dx=None, dim=-1):
    """Matches `torch.trapezoid`."""
    dim = _trapezoid_arguments('trapezoid', y, x, dx, dim)
    length = y.shape[dim]
    if length == 0:
        return zeros_like(_sum(y, dim))
    if x is None:
        ends = narrow(y, dim, 0, 1).squeeze(dim) + narrow(y, dim, length - 1, 1).squeeze(dim)
        inner = _sum(y, dim) - _mul_by_number(ends, other=0.5)
        return _mul_by_number(inner, other=1 if dx is None else dx)
    pairs = narrow(y, dim, 1, length - 1) + narrow(y, dim, 0, length - 1)
    return div_by_number(_sum(_spacing('trapezoid', y, x, dim) * pairs, dim), other=2.0)


def trapz(y, x=None, *, dx=None, dim=-1):
    """Matches `torch.trapz` (torch's older name for trapezoid)."""
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """Matches `torch.cumulative_trapezoid`."""
    dim = _trapezoid_arguments('cumulative_trapezoid', y, x, dx, dim)
    length = y.shape[dim]
    if length == 0:
        return cumsum(y, dim)
    pairs = narrow(y, dim, 1, length - 1) + narrow(y, dim, 0, length - 1)
    if x is None:
        step = 1 if dx is None else dx
        return cumsum(_mul_by_number(pairs, other=step / 2), dim)
    spacing = _spacing('cumulative_trapezoid', y, x, dim)
    return div_by_number(cumsum(spacing * pairs, dim), other=2.0)


# --- renorm ----------------------------------------------------------------------------------

def _reduced_dims(ndim, dim):
    return tuple(d for d in range(ndim) if d != dim)


def _check_renorm(input, *, p, dim, maxnorm):
    if p <= 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm:g}")
    if input.ndim <= 1:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {input.ndim} "
                           "dimensions")
    if not (input.is_floating_point() or input.is_complex()):
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {legacy_type_name(input.dtype)}")


@primitive(name='renorm', check=_check_renorm)
def renorm_op(xp, input, *, p, dim, maxnorm):
    dims = _reduced_dims(np.ndim(input), dim)
    norm = vector_norm_op.forward(xp, input, ord=p, dim=dims, keepdim=True, dtype=None)
    dtype = np.result_type(input).type
    factor = xp.where(norm > maxnorm, dtype(maxnorm) / (norm + dtype(1e-7)), dtype(1))
    return (input * factor).astype(np.result_type(input), copy=False)


def _renorm_grad(grad, input, p, dim, maxnorm):
    dims = _reduced_dims(input.ndim, dim)
    norm = vector_norm(input, p, dims, True)
    along = _sum(input * grad, dims, True)
    norm_grad = _vector_norm_grad(along, input, norm, p, dims, True)
    inverse = 1 / (norm + 1e-7)
    factor = inverse * maxnorm
    return _pw.where(norm > maxnorm, factor * grad - factor * inverse * norm_grad, grad)


renorm_op.defvjp(_renorm_grad)


def _renorm_settings(input, p, dim, maxnorm):
    return {'p': float(p), 'dim': wrap_dim(dim, input.ndim), 'maxnorm': float(maxnorm)}


def renorm(input, p, dim, maxnorm, *, out=None):
    """Matches `torch.renorm`."""
    settings = _renorm_settings(input, p, dim, maxnorm)
    if out is not None:
        return renorm_op(input, out=out, **settings)
    return renorm_op(input, **settings)


def renorm_inplace(input, p, dim, maxnorm):
    """Matches `Tensor.renorm_`."""
    return renorm_op.inplace(input, **_renorm_settings(input, p, dim, maxnorm))



# --- pdist -----------------------------------------------------------------------------------

def _check_pdist(input, *, p):
    if input.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.ndim}D")
    if not input.is_floating_point():
        raise RuntimeError("pdist only supports floating-point dtypes")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")


def _pairs(rows):
    return np.triu_indices(rows, 1)


@primitive(name='pdist', check=_check_pdist)
def pdist_op(xp, input, *, p):
    first, second = _pairs(input.shape[0])
    difference = input[first] - input[second]
    return vector_norm_op.forward(xp, difference, ord=p, dim=(1,), keepdim=False, dtype=None)


def _pdist_grad(grad, input, out, p):
    first, second = (tensor(index) for index in _pairs(input.shape[0]))
    difference = input[first] - input[second]
    distance = out.unsqueeze(1)
    grad = grad.unsqueeze(1)
    if p == 0:
        return zeros_like(input)
    if p == 1:
        pair_grad = _pw.sign(difference) * grad
    elif p == 2:
        pair_grad = _pw.where(distance == 0, 0, difference / distance) * grad
    elif math.isinf(p):
        # every coordinate that attains the maximum gets the whole gradient, as in torch
        attains = (_pw.abs(difference) == distance).to(difference.dtype)
        pair_grad = _pw.sign(difference) * attains * grad
    else:
        magnitude = _pw.abs(difference)
        scaled = _pw.sign(difference) * _pw.where(magnitude == 0, 0, magnitude ** (p - 1))
        pair_grad = _pw.where(distance == 0, 0, scaled / distance ** (p - 1)) * grad
    result = zeros_like(input)
    result = index_add(result, 0, first, pair_grad)
    return index_add(result, 0, second, -pair_grad)


pdist_op.defvjp(_pdist_grad)


def pdist(input, p=2):
    """Matches `torch.pdist`.

    NOTE: torch's backward for an input with no rows crashes the process (segmentation
    fault); ember's gives an empty gradient."""
    return pdist_op(input, p=float(p))
