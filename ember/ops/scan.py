"""Cumulative ops: cumsum, cumprod, cummax, cummin."""

__all__ = ['cumsum', 'cumprod', 'cummax', 'cummin']

import numpy as np

from ember import return_types
from ember._creation import ones, zeros
from ember.ops._primitive import primitive
from ember.ops.indexing import select_index, slice_dim
from ember.ops.joining import cat, stack
from ember.ops.reduction import int_dim


def _accumulator_dtype(input, dtype):
    if dtype is not None:
        return dtype.np
    return np.int64 if input.dtype.kind in 'biu' else input.dtype


def _scan(accumulate, input, dim, dtype):
    target = _accumulator_dtype(input, dtype)
    if input.ndim == 0:
        return np.asarray(input).astype(target)
    if target == np.float16:
        # torch accumulates float16 in float32, rounding each result
        return accumulate(input, axis=dim, dtype=np.float32).astype(np.float16)
    return accumulate(input, axis=dim, dtype=target)


def reversed_cumsum(tensor, dim):
    """Sums from each position to the end along `dim`: flip, cumsum, flip, as torch does."""
    from ember.ops.rearrange import flip_dims
    return flip_dims(cumsum(flip_dims(tensor, dims=(dim,)), dim), dims=(dim,))


# --- cumsum ----------------------------------------------------------------------------------

@primitive(name='cumsum')
def cumsum_dim(xp, input, *, dim, dtype=None):
    return _scan(np.cumsum, input, dim, dtype)


def _cumsum_grad(grad, dim):
    if grad.numel() <= 1 or grad.shape[dim] == 1:
        return grad
    return reversed_cumsum(grad, dim)


cumsum_dim.defvjp(_cumsum_grad)


def cumsum(input, dim, *, dtype=None):
    """Matches `torch.cumsum`."""
    return cumsum_dim(input, dim=int_dim('cumsum', dim, input.ndim, 2), dtype=dtype)


def cumsum_inplace(input, dim, *, dtype=None):
    """Matches `Tensor.cumsum_`."""
    return cumsum_dim.inplace(input, dim=int_dim('cumsum_', dim, input.ndim, 1), dtype=dtype)


# --- cumprod ---------------------------------------------------------------------------------

@primitive(name='cumprod')
def cumprod_dim(xp, input, *, dim, dtype=None):
    return _scan(np.cumprod, input, dim, dtype)


def _cumprod_grad(grad, out, input, dim):
    if input.numel() <= 1 or input.shape[dim] == 1:
        return grad
    if not bool(input.eq(0).any()):
        return reversed_cumsum(out * grad, dim) / input
    return _cumprod_zeros_backward(grad, input, dim)


cumprod_dim.defvjp(_cumprod_grad)


def _cumprod_zeros_backward(grad, input, dim):
    """cumprod's gradient without dividing by the input: with P_i the product of the elements
    before i, grad_i = P_i * S_i where S_i = g_i + x_(i+1) * S_(i+1)."""
    size = input.shape[dim]
    ones_shape = list(input.shape)
    ones_shape[dim] = 1
    unit = ones(ones_shape, dtype=grad.dtype)
    before = cumprod(cat([unit, slice_dim(input, dim=dim, start=0, end=size - 1, step=1)], dim),
                     dim)
    grad = grad.expand(input.shape)
    suffix = [select_index(grad, dim=dim, index=size - 1)]
    for i in range(size - 2, -1, -1):
        suffix.append(select_index(grad, dim=dim, index=i)
                      + select_index(input, dim=dim, index=i + 1) * suffix[-1])
    return before * stack(suffix[::-1], dim)


def cumprod(input, dim, *, dtype=None):
    """Matches `torch.cumprod`."""
    return cumprod_dim(input, dim=int_dim('cumprod', dim, input.ndim, 2), dtype=dtype)


def cumprod_inplace(input, dim, *, dtype=None):
    """Matches `Tensor.cumprod_`."""
    return cumprod_dim.inplace(input, dim=int_dim('cumprod_', dim, input.ndim, 1), dtype=dtype)


# --- cummax and cummin -----------------------------------------------------------------------

def _running_extremum(input, dim, accumulate):
    """Running extremum and, as torch reports it, the last position holding it (the last NaN,
    once there is one)."""
    if input.ndim == 0:
        return input.copy(), np.int64(0)
    values = accumulate(input, axis=dim)
    marked = (input == values) | (input != input)
    shape = [1] * input.ndim
    shape[dim] = input.shape[dim]
    positions = np.arange(input.shape[dim]).reshape(shape)
    indices = np.maximum.accumulate(np.where(marked, positions, 0), axis=dim)
    return values, indices.astype(np.int64)


@primitive(name='cummax', outputs=2, differentiable_outputs=(0,))
def cummax_dim(xp, input, *, dim):
    return _running_extremum(input, dim, np.maximum.accumulate)


@primitive(name='cummin', outputs=2, differentiable_outputs=(0,))
def cummin_dim(xp, input, *, dim):
    return _running_extremum(input, dim, np.minimum.accumulate)


def _cummaxmin_grad(grad, out1, input, dim):
    if input.numel() == 0:
        # NOTE: torch returns the (empty) input itself here, so its gradient has a graph
        return input
    from ember.ops.scatter import scatter_add
    return scatter_add(zeros(input.shape, dtype=grad[0].dtype), dim, out1, grad[0])


cummax_dim.defvjp(_cummaxmin_grad)
cummin_dim.defvjp(_cummaxmin_grad)


def cummax(input, dim):
    """Matches `torch.cummax`."""
    dim = int_dim('cummax', dim, input.ndim, 2)
    return return_types.cummax(cummax_dim(input, dim=dim))


def cummin(input, dim):
    """Matches `torch.cummin`."""
    dim = int_dim('cummin', dim, input.ndim, 2)
    return return_types.cummin(cummin_dim(input, dim=dim))
