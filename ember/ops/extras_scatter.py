"""select_scatter, slice_scatter, diagonal_scatter: a copy of `input` with one view of it
replaced by `src`.

Each op is one primitive, keyed by a `region`: an index tuple into the input (select, slice)
or, for the diagonal, the dims and offset. The derivative for `input` is the same op writing
zeros; for `src`, the matching view of the gradient.
"""
import numpy as np

from ember._creation import zeros
from ember._tensor import wrap_dim
from ember.ops._primitive import primitive
from ember.ops.diagonal import diagonal
from ember.ops.indexing import select

__all__ = ['select_scatter', 'slice_scatter', 'diagonal_scatter']


def _region_view(array, region):
    """The view of `array` a region names (writable when `array` is)."""
    if region[0] == 'diagonal':
        _, offset, dim1, dim2 = region
        moved = np.moveaxis(array, (dim1, dim2), (-2, -1))
        rows, cols = moved.shape[-2], moved.shape[-1]
        length = max(0, min(rows + min(offset, 0), cols - max(offset, 0)))
        first = np.arange(length) + max(-offset, 0)
        second = np.arange(length) + max(offset, 0)
        return moved, (Ellipsis, first, second)
    return array, region[1]


def _region_shape(shape, region):
    moved, key = _region_view(np.broadcast_to(np.zeros((), dtype=np.int8), shape), region)
    return moved[key].shape


def _check(input, src, *, region):
    expected = _region_shape(input.shape, region)
    if tuple(src.shape) != expected:
        raise RuntimeError("expected src to have a size equal to the slice of self. src size = "
                           f"{list(src.shape)}, slice size = {list(expected)}")


def _scatter(input, src, region):
    out = np.array(input, copy=True)
    moved, key = _region_view(out, region)
    moved[key] = src
    return out


def _input_grad(op):
    def grad_of_input(grad, src_shape, region):
        return op(grad, zeros(src_shape, dtype=grad.dtype), region=region)
    return grad_of_input


@primitive(name='select_scatter', check=_check)
def select_scatter_op(xp, input, src, *, region):
    return _scatter(input, src, region)


def _select_src_grad(grad, region):
    dim = next(i for i, k in enumerate(region[1]) if not isinstance(k, slice))
    return select(grad, dim, region[1][dim])


select_scatter_op.defvjp(_input_grad(select_scatter_op), _select_src_grad)


@primitive(name='slice_scatter', check=_check)
def slice_scatter_op(xp, input, src, *, region):
    return _scatter(input, src, region)


def _slice_src_grad(grad, region):
    return grad[region[1]]


slice_scatter_op.defvjp(_input_grad(slice_scatter_op), _slice_src_grad)


@primitive(name='diagonal_scatter', check=_check)
def diagonal_scatter_op(xp, input, src, *, region):
    return _scatter(input, src, region)


def _diagonal_src_grad(grad, region):
    _, offset, dim1, dim2 = region
    return diagonal(grad, offset, dim1, dim2)


diagonal_scatter_op.defvjp(_input_grad(diagonal_scatter_op), _diagonal_src_grad)


def select_scatter(input, src, dim, index):
    """Matches `torch.select_scatter`."""
    dim = wrap_dim(dim, input.ndim)
    size = input.shape[dim]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{list(input.shape)} at dimension {dim}")
    key = [slice(None)] * input.ndim
    key[dim] = index % size
    return select_scatter_op(input, src, region=('select', tuple(key)))


def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    """Matches `torch.slice_scatter`."""
    dim = wrap_dim(dim, input.ndim)
    key = [slice(None)] * input.ndim
    key[dim] = slice(start, end, step)
    return slice_scatter_op(input, src, region=('slice', tuple(key)))


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    """Matches `torch.diagonal_scatter`."""
    dim1, dim2 = wrap_dim(dim1, input.ndim), wrap_dim(dim2, input.ndim)
    return diagonal_scatter_op(input, src, region=('diagonal', offset, dim1, dim2))
