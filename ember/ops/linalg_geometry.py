"""Cross products (linalg.cross, torch.cross) and pairwise distances (torch.cdist)."""

import math
import warnings

import numpy as np

from ember._tensor import c_type_name, legacy_type_name, wrap_dim
from ember.ops._primitive import primitive
from ember.ops.broadcast import broadcast_pair
from ember.ops.linalg import matmul
from ember.ops.linalg_common import mT, write_out
from ember.ops.shape import expand, view


# --- cross products --------------------------------------------------------------------------

def _check_cross(input, other, *, dim):
    if input.ndim != other.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    wrapped = wrap_dim(dim, input.ndim)
    if input.shape[wrapped] != 3 or other.shape[wrapped] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got "
                           f"{input.shape[wrapped]} and {other.shape[wrapped]}")
    broadcast_pair(tuple(input.shape), tuple(other.shape))
    if input._data.dtype != other._data.dtype:
        raise RuntimeError(f"expected scalar type {legacy_type_name(input.dtype)} but found "
                           f"{legacy_type_name(other.dtype)}")


@primitive(check=_check_cross, name='linalg_cross', node_name='LinalgCrossBackward0')
def cross_op(xp, input, other, *, dim):
    return xp.cross(input, other, axis=dim)


def _cross_input_grad(grad, other, dim):
    return cross_op(other, grad, dim=dim)


def _cross_other_grad(grad, input, dim):
    return cross_op(grad, input, dim=dim)


cross_op.defvjp(_cross_input_grad, _cross_other_grad)


def linalg_cross(input, other, *, dim=-1, out=None):
    """Matches `torch.linalg.cross`."""
    return write_out('linalg_cross', cross_op(input, other, dim=dim), out)


def cross(input, other, dim=None, *, out=None):
    """Matches `torch.cross`: without `dim`, the first dim of size 3 (deprecated in torch, with
    the same warning)."""
    if dim is None:
        warnings.warn("Using torch.cross without specifying the dim arg is deprecated.\nPlease "
                      "either pass the dim explicitly or simply use torch.linalg.cross.\nThe "
                      "default value of dim will change to agree with that of linalg.cross in a "
                      "future release.", UserWarning, stacklevel=2)
        dim = next((d for d, size in enumerate(input.shape) if size == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    return linalg_cross(input, other, dim=dim, out=out)


# --- cdist -----------------------------------------------------------------------------------

_MODES = {'use_mm_for_euclid_dist_if_necessary': 0, 'use_mm_for_euclid_dist': 1,
          'donot_use_mm_for_euclid_dist': 2}


def _check_cdist_dtypes(x1, x2, p):
    for name, x in (('X1', x1), ('X2', x2)):
        if x._data.dtype.kind != 'f':
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{legacy_type_name(x.dtype)}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")


def _check_cdist(x1, x2, *, p):
    _check_cdist_dtypes(x1, x2, p)
    if x1._data.dtype == np.float16:
        raise NotImplementedError('"cdist" not implemented for \'Half\'')
    if x1._data.dtype != x2._data.dtype:
        raise RuntimeError(f"expected scalar type {legacy_type_name(x1.dtype)} but found "
                           f"{legacy_type_name(x2.dtype)}")


def _differences(x1, x2):
    """x1[..., i, :] - x2[..., j, :] for every pair (i, j), batch dims broadcast."""
    return x1[..., :, None, :] - x2[..., None, :, :]


@primitive(check=_check_cdist, name='_cdist_forward', node_name='CdistBackward0')
def cdist_op(xp, x1, x2, *, p):
    magnitude = xp.abs(_differences(x1, x2))
    if p == 0:
        result = xp.sum(magnitude != 0, axis=-1, dtype=x1.dtype)
    elif p == 1:
        result = xp.sum(magnitude, axis=-1)
    elif p == 2:
        result = xp.sqrt(xp.sum(magnitude * magnitude, axis=-1))
    elif math.isinf(p):
        result = xp.max(magnitude, axis=-1, initial=0)
    else:
        power = x1.dtype.type(p)
        result = xp.sum(magnitude ** power, axis=-1) ** (1 / power)
    return result.astype(x1.dtype, copy=False)


def _cdist_x1_grad(grad, x1, x2, out, p):
    return cdist_backward(grad, x1, x2, out, p=p)


def _cdist_x2_grad(grad, x1, x2, out, p):
    return cdist_backward(mT(grad), x2, x1, mT(out), p=p)


cdist_op.defvjp(_cdist_x1_grad, _cdist_x2_grad)


@primitive(name='_cdist_backward', node_name='CdistBackwardBackward0')
def cdist_backward(xp, grad, x1, x2, dist, *, p):
    """The gradient of cdist for x1, as torch's kernel computes it (zero where the distance
    is zero)."""
    diff = _differences(x1, x2)
    grad, dist = grad[..., None], dist[..., None]
    with xp.errstate(divide='ignore', invalid='ignore'):
        if p == 0:
            pair = xp.zeros_like(diff)
        elif p == 1:
            pair = grad * xp.sign(diff)
        elif math.isinf(p):
            pair = grad * xp.sign(diff) * (xp.abs(diff) == dist)
        elif p < 2:
            pair = xp.sign(diff) * xp.abs(diff) ** (p - 1) * grad / dist ** (p - 1)
        elif p == 2:
            pair = grad * diff / dist
        else:
            pair = diff * xp.abs(diff) ** (p - 2) * grad / dist ** (p - 1)
        if p not in (0, 1) and not math.isinf(p):
            pair = xp.where(dist == 0, 0, pair)
    return pair.sum(axis=-2).astype(x1.dtype, copy=False)


def _no_double_backward(grad):
    raise NotImplementedError("the derivative for '_cdist_backward' is not implemented.")


cdist_backward.defvjp(_no_double_backward, _no_double_backward, _no_double_backward,
                      _no_double_backward)


@primitive(name='_euclidean_dist', node_name='EuclideanDistBackward0')
def euclidean_dist(xp, x1, x2):
    """Distances through one matrix product, |x1|² - 2 x1·x2 + |x2|², as torch computes them
    for many rows."""
    norm1 = xp.sum(x1 * x1, axis=-1, keepdims=True)
    norm2 = xp.sum(x2 * x2, axis=-1, keepdims=True)
    left = xp.concatenate([x1 * -2, norm1, xp.ones_like(norm1)], axis=-1)
    right = xp.concatenate([x2, xp.ones_like(norm2), norm2], axis=-1)
    squares = left @ xp.swapaxes(right, -1, -2)
    return xp.sqrt(xp.maximum(squares, x1.dtype.type(1e-30)))


def _euclidean_ratio(grad, out):
    from ember.ops.comparison import eq
    from ember.ops.pointwise import where
    return where(eq(out, 0), 0, grad / out)


def _euclidean_x1_grad(grad, x1, x2, out):
    ratio = _euclidean_ratio(grad, out)
    return x1 * ratio.sum(-1, True) - matmul(ratio, x2)


def _euclidean_x2_grad(grad, x1, x2, out):
    ratio = _euclidean_ratio(grad, out)
    return x2 * ratio.sum(-2, False).unsqueeze(-1) - matmul(mT(ratio), x1)


euclidean_dist.defvjp(_euclidean_x1_grad, _euclidean_x2_grad)


def cdist(x1, x2, p=2.0, compute_mode='use_mm_for_euclid_dist_if_necessary'):
    """Matches `torch.cdist`, including its switch to a matrix product for p=2 on more than 25
    rows."""
    if compute_mode not in _MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    mode = _MODES[compute_mode]
    for name, x in (('X1', x1), ('X2', x2)):
        if x.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: "
                               f"{x.ndim}D")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: "
                           f"{x1.shape[-1]} X2: {x2.shape[-1]}")
    r1, r2 = x1.shape[-2], x2.shape[-2]
    use_mm = p == 2 and (mode == 1 or (mode == 0 and (r1 > 25 or r2 > 25)))
    if x1.numel() == 0 or x2.numel() == 0 or not use_mm:
        return cdist_op(x1, x2, p=float(p))
    _check_cdist_dtypes(x1, x2, p)
    if x1._data.dtype != x2._data.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{c_type_name(x1.dtype)} != {c_type_name(x2.dtype)}")
    batch = broadcast_pair(tuple(x1.shape[:-2]), tuple(x2.shape[:-2]))
    columns = x1.shape[-1]
    if all(size == 1 for size in batch):
        dist = euclidean_dist(x1, x2)
    else:
        dist = euclidean_dist(expand(x1, batch + (r1, columns)), expand(x2, batch + (r2, columns)))
    return view(dist, size=batch + (r1, r2))

