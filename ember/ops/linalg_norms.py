"""Norms: linalg.vector_norm (one primitive), and linalg.matrix_norm and linalg.norm composed
from it, svdvals, amax and amin as torch composes them."""

import builtins
import math

from ember import _dtype
from ember._tensor import Tensor, legacy_type_name, wrap_dim
from ember.ops._primitive import primitive
from ember.ops.comparison import eq, logical_or, ne
from ember.ops.linalg_common import (check_floating, check_is_matrix, copy_out, format_scalar,
                                     write_out)
from ember.ops.pointwise import abs, pow, sign, where
from ember.ops.reduction import amax_dims, amin_dims, sum
from ember.ops.shape import permute_dims, unsqueeze_dim


def _ord_value(ord):
    if isinstance(ord, complex):
        raise RuntimeError("linalg.vector_norm: Expected a non-complex scalar as the order of "
                           "norm.")
    return float(ord)


def _check_norm_dtype(dtype, input, name):
    if dtype is None:
        return
    wanted, given = legacy_type_name(dtype), legacy_type_name(input.dtype)
    if dtype.category < _dtype.FLOATING:
        raise RuntimeError(f"{name}: dtype should be floating point or complex, but got {wanted}")
    if input.dtype.is_complex != dtype.is_complex:
        kind = 'complex' if input.dtype.is_complex else 'real'
        raise RuntimeError(f"{name}: dtype should be {kind} for {kind} inputs, but got {wanted}")
    if _dtype.promote_types(input.dtype, dtype) is not dtype:
        raise RuntimeError(f"{name}: the dtype of the input ({given}) should be convertible "
                           f"without narrowing to the specified dtype ({wanted})")


def _unsqueeze_reduced(x, dims, ndim):
    """A reduction's result with its reduced dims restored as size 1 (unsqueeze_multiple)."""
    for d in sorted(dims):
        x = unsqueeze_dim(x, dim=d)
    return x


# --- vector norms ----------------------------------------------------------------------------

@primitive(name='linalg_vector_norm', node_name='LinalgVectorNormBackward0')
def vector_norm_op(xp, input, *, ord, dim, keepdim, dtype):
    x = input if dtype is None else input.astype(dtype.np)
    axes = tuple(range(x.ndim)) if dim is None else dim
    result_dtype = x.dtype
    if result_dtype == xp.float16:
        x = x.astype(xp.float32)  # torch accumulates half in float
    magnitude = xp.abs(x)
    if all(x.shape[d] == 1 for d in axes):
        # torch returns |x| itself when every reduced dim has one element
        result = magnitude if ord != 0 else (x != 0).astype(magnitude.dtype)
        if not keepdim:
            result = result.reshape(tuple(s for i, s in enumerate(x.shape) if i not in axes))
        return result.astype(result_dtype, copy=False)
    if ord == math.inf:
        result = xp.max(magnitude, axis=axes, keepdims=keepdim)
    elif ord == -math.inf:
        result = xp.min(magnitude, axis=axes, keepdims=keepdim)
    elif ord == 0:
        result = xp.sum(magnitude != 0, axis=axes, keepdims=keepdim, dtype=magnitude.dtype)
    elif ord == 1:
        result = xp.sum(magnitude, axis=axes, keepdims=keepdim)
    elif ord == 2:
        result = xp.sqrt(xp.sum(magnitude * magnitude, axis=axes, keepdims=keepdim))
    else:
        powers = magnitude ** magnitude.dtype.type(ord)
        result = xp.sum(powers, axis=axes, keepdims=keepdim) ** magnitude.dtype.type(1 / ord)
    return result.astype(result_dtype, copy=False)


def _vector_norm_grad(grad, input, out, ord, dim, keepdim):
    ndim = input.ndim
    norm = out
    if not keepdim and ndim != 0 and dim is not None:
        grad = _unsqueeze_reduced(grad, dim, ndim)
        norm = _unsqueeze_reduced(norm, dim, ndim)
    if ord == 0:
        return None
    if ord == 1:
        return sign(input) * grad
    if ord == 2:
        return grad * where(eq(norm, 0), 0, input / norm)
    magnitude = abs(input)
    if math.isinf(ord):
        # shared evenly among the elements that attain the norm (NaN counts as attaining it)
        mask = logical_or(eq(magnitude, norm), ne(magnitude, magnitude))
        count = sum(mask, tuple(range(ndim)) if dim is None else dim, True)
        return sign(input) * ((grad / count) * mask)
    if ord < 1:
        scaled = sign(input) * where(eq(input, 0), 0, pow(magnitude, ord - 1))
        return scaled * grad * pow(norm, 1 - ord)
    if ord < 2:
        scaled = sign(input) * pow(magnitude, ord - 1)
    else:
        scaled = input * pow(magnitude, ord - 2)
    return scaled * where(eq(norm, 0), 0, grad / pow(norm, ord - 1))


vector_norm_op.defvjp(_vector_norm_grad)


def _norm_dims(dim, ndim):
    """Wrapped reduction dims from an int or a sequence; None (all dims) for None or ()."""
    if dim is None:
        return None
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    if not dims:
        return None
    wrapped = []
    for d in dims:
        d = wrap_dim(d, ndim)
        if d in wrapped:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        wrapped.append(d)
    return tuple(sorted(wrapped))


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None, out=None):
    """Matches `torch.linalg.vector_norm`."""
    if not isinstance(x, Tensor):
        raise TypeError(f"linalg_vector_norm(): argument 'input' (position 1) must be Tensor, "
                        f"not {type(x).__name__}")
    check_floating(x, 'linalg.vector_norm')
    value = _ord_value(ord)
    dims = (dim,) if isinstance(dim, int) else (tuple(dim) if dim is not None else ())
    if x.numel() == 0 and (value < 0 or value == math.inf):
        if not dims:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {format_scalar(ord)} norm "
                               "on an empty tensor because the operation does not have an "
                               "identity")
        for d in dims:
            if x.shape[wrap_dim(d, x.ndim)] == 0:
                raise RuntimeError(f"linalg.vector_norm cannot compute the {format_scalar(ord)} "
                                   f"norm on the dimension {d}because this dimension is empty "
                                   "and the operation does not have an identity")
    _check_norm_dtype(dtype, x, 'linalg.vector_norm')
    result = vector_norm_op(x, ord=value, dim=_norm_dims(dim, x.ndim), keepdim=keepdim,
                            dtype=dtype)
    return write_out('linalg_vector_norm', result, out)


# --- matrix norms ----------------------------------------------------------------------------

def _backshift(dim0, dim1, ndim):
    """The permutation moving dims dim0 and dim1 to the end, in that order."""
    return tuple(d for d in range(ndim) if d not in (dim0, dim1)) + (dim0, dim1)


def _check_matrix_norm(A, dim, dtype, low_precision):
    check_is_matrix(A, 'linalg.matrix_norm')
    check_floating(A, 'linalg.matrix_norm', low_precision)
    dim = list(dim) if isinstance(dim, (tuple, list)) else [dim]
    if len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got "
                           f"{' '.join(str(d) for d in dim)}")
    dim = [wrap_dim(d, A.ndim) for d in dim]
    if dim[0] == dim[1]:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, "
                           f"{dim[1]})")
    _check_norm_dtype(dtype, A, 'linalg.matrix_norm')
    return dim


def _undo_backshift(result, order):
    inverse = [0] * len(order)
    for position, d in enumerate(order):
        inverse[d] = position
    return permute_dims(unsqueeze_dim(result, dim=result.ndim), dims=tuple(inverse))


def matrix_norm(A, ord='fro', dim=(-2, -1), keepdim=False, *, dtype=None, out=None):
    """Matches `torch.linalg.matrix_norm`."""
    from ember.ops.decompositions import svdvals
    if isinstance(ord, str):
        if ord not in ('fro', 'nuc'):
            raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
        dims = _check_matrix_norm(A, dim, dtype, low_precision=ord != 'nuc')
        if ord == 'fro':
            return copy_out(vector_norm(A, 2, dims, keepdim, dtype=dtype), out)
        order = _backshift(dims[0], dims[1], A.ndim)
        source = A if dtype is None else A.to(dtype)
        result = sum(svdvals(permute_dims(source, dims=order)), -1, keepdim)
        if keepdim:
            result = _undo_backshift(result, order)
        return copy_out(result, out)
    if isinstance(ord, complex):
        raise RuntimeError("linalg.matrix_norm: Expected a non-complex scalar as the order of "
                           "norm.")
    value = float(ord)
    if builtins.abs(value) not in (1.0, 2.0, math.inf):
        raise RuntimeError(f"linalg.matrix_norm: Order {format_scalar(ord)} not supported.")
    dims = _check_matrix_norm(A, dim, dtype, low_precision=builtins.abs(value) != 2)
    extreme = amax_dims if value > 0 else amin_dims
    if builtins.abs(value) == 2:
        order = _backshift(dims[0], dims[1], A.ndim)
        source = A if dtype is None else A.to(dtype)
        result = extreme(svdvals(permute_dims(source, dims=order)), dim=(A.ndim - 2,),
                         keepdim=keepdim)
        if keepdim:
            result = _undo_backshift(result, order)
        return copy_out(result, out)
    if value in (math.inf, -math.inf):
        dims.reverse()
    first, second = dims
    if not keepdim and first < second:
        second -= 1
    column_sums = vector_norm(A, 1.0, (first,), keepdim, dtype=dtype)
    return copy_out(extreme(column_sums, dim=(second,), keepdim=keepdim), out)


def norm(input, ord=None, dim=None, keepdim=False, *, out=None, dtype=None):
    """Matches `torch.linalg.norm`."""
    A = input
    if dim is not None:
        dims = [dim] if isinstance(dim, int) else list(dim)
        if len(dims) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. "
                               f"Got {dims}")
    elif ord is not None and A.ndim not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be "
                           f"1D or 2D. Got {A.ndim}D.")
    if isinstance(ord, str):
        return matrix_norm(A, ord, (0, 1) if dim is None else dim, keepdim, dtype=dtype, out=out)
    if ord is not None and ((dim is not None and len(dims) == 2)
                            or (dim is None and A.ndim == 2)):
        return matrix_norm(A, ord, (0, 1) if dim is None else dim, keepdim, dtype=dtype, out=out)
    return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype, out=out)

