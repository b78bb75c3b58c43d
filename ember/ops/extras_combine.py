"""Combining tensors: cartesian_prod, combinations, block_diag, vander."""
import itertools

import numpy as np

from ember import _dtype
from ember._creation import empty, tensor
from ember._tensor import Tensor
from ember.ops._primitive import Promote, primitive
from ember.ops.broadcast import meshgrid
from ember.ops.indexing import slice_dim
from ember.ops.joining import stack
from ember.ops.rearrange import flip
from ember.ops.scan import cumprod

__all__ = ['cartesian_prod', 'combinations', 'block_diag', 'vander']


def _vector(t):
    if t.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")
    return t


def cartesian_prod(*tensors):
    """Matches `torch.cartesian_prod`."""
    for t in tensors:
        _vector(t)
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing='ij')
    return stack([grid.flatten() for grid in grids], 1)


def combinations(input, r=2, with_replacement=False):
    """Matches `torch.combinations`."""
    _vector(input)
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return empty((0,), dtype=input.dtype)
    choose = itertools.combinations_with_replacement if with_replacement else \
        itertools.combinations
    chosen = np.array(list(choose(range(input.shape[0]), r)), dtype=np.int64).reshape(-1, r)
    return stack([input[tensor(chosen[:, k])] for k in range(r)], 1)


# --- block_diag ------------------------------------------------------------------------------

def _as_matrix_shape(shape):
    if len(shape) == 0:
        return (1, 1)
    if len(shape) == 1:
        return (1, shape[0])
    return shape


def _check_block_diag(*tensors):
    for index, t in enumerate(tensors):
        if t.ndim > 2:
            raise RuntimeError("torch.block_diag: Input tensors must have 2 or fewer dimensions. "
                               f"Input {index} has {t.ndim} dimensions")


@primitive(Promote.COMMON, name='block_diag', check=_check_block_diag,
           node_name='BlockDiagBackward0')
def block_diag_op(xp, *tensors):
    blocks = [np.reshape(t, _as_matrix_shape(np.shape(t))) for t in tensors]
    rows = sum(b.shape[0] for b in blocks)
    cols = sum(b.shape[1] for b in blocks)
    result = xp.zeros((rows, cols), dtype=np.result_type(*tensors))
    row = col = 0
    for block in blocks:
        result[row:row + block.shape[0], col:col + block.shape[1]] = block
        row += block.shape[0]
        col += block.shape[1]
    return result


def _block_diag_grad(grad, tensors_shape):
    grads = []
    row = col = 0
    for shape in tensors_shape:
        rows, cols = _as_matrix_shape(shape)
        block = slice_dim(slice_dim(grad, dim=0, start=row, end=row + rows, step=1),
                          dim=1, start=col, end=col + cols, step=1)
        grads.append(block.reshape(shape))
        row += rows
        col += cols
    return grads


block_diag_op.defvjp(_block_diag_grad)


def block_diag(*tensors):
    """Matches `torch.block_diag`."""
    if not tensors:
        return empty((1, 0))
    return block_diag_op(*tensors)


# --- vander ------------------------------------------------------------------------------------

def vander(x, N=None, increasing=False):
    """Matches `torch.vander`: powers built by a cumulative product, as torch builds them."""
    if not isinstance(x, Tensor) or x.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    if N is None:
        N = x.shape[0]
    if N < 0:
        raise RuntimeError("N must be non-negative.")
    dtype = x.dtype if _dtype.is_floating(x.dtype) else _dtype.int64
    result = empty((x.shape[0], N), dtype=dtype)
    if N > 0:
        result[:, 0] = 1
    if N > 1:
        # NOTE: torch's cumulative product overwrites the columns it reads, so that backward
        # through vander fails with torch's "modified by an inplace operation" error for any
        # N > 1; ember builds the result the same way and fails the same way
        result[:, 1:] = x.unsqueeze(1)
        result[:, 1:] = cumprod(result[:, 1:], 1)
    if not increasing:
        result = flip(result, (1,))
    return result
