"""Indexing: `x[key]` and `x[key] = value` for the simplest keys, and in-place copy and fill.

Basic indices (integers, slices, None, Ellipsis) become a chain of view ops, as in torch: each
integer a select, each non-trivial slice a slice, each None an unsqueeze. Assigning through
them is an in-place copy into that view (Note [Views and in-place ops]). A lone integer, slice
or None is handled here; every other key is read in advanced_indexing.py
(Note [Reading an indexing key]).
"""

__all__ = ['select']
import numbers

import numpy as np

from ember._creation import zeros, zeros_like
from ember._tensor import Tensor, wrap_dim
from ember.ops._primitive import primitive
from ember.ops._views import _view_assign
from ember.ops.shape import alias, unsqueeze_dim


@primitive(view=True, node_name='SelectBackward0')
def select_index(xp, input, *, dim, index):
    return input[(slice(None),) * dim + (index, Ellipsis)]


def _select_grad(grad, input_shape, dim, index):
    chain = ((select_index, {'dim': dim, 'index': index}),)
    return _view_assign(zeros(input_shape, dtype=grad.dtype), grad, chain=chain)


select_index.defvjp(_select_grad)


@primitive(view=True, node_name='SliceBackward0')
def slice_dim(xp, input, *, dim, start, end, step):
    return input[(slice(None),) * dim + (slice(start, end, step),)]


def _slice_grad(grad, input_shape, dim, start, end, step):
    chain = ((slice_dim, {'dim': dim, 'start': start, 'end': end, 'step': step}),)
    return _view_assign(zeros(input_shape, dtype=grad.dtype), grad, chain=chain)


slice_dim.defvjp(_slice_grad)


def select(input, dim, index):
    """Matches `torch.select`."""
    dim = wrap_dim(dim, input.ndim)
    size = input.shape[dim]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{list(input.shape)} at dimension {dim}")
    return select_index(input, dim=dim, index=index % size)


_ZERO_DIM_INDEX = ("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                   "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")


def _is_int(key):
    kind = type(key)
    if kind is int:
        return True
    if kind is bool or kind is slice or kind is tuple or key is None:
        return False
    return isinstance(key, numbers.Integral) and not isinstance(key, np.bool_)


def _basic_view(input, key):
    """The view a lone integer, slice or None key selects, or None for any other key."""
    if key is None:
        return unsqueeze_dim(input, dim=0)
    if isinstance(key, slice):
        if input.ndim == 0:
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
        size = input._data.shape[0]
        start, end, step = key.indices(size)
        if step <= 0:
            raise ValueError("step must be greater than zero")
        return slice_dim(input, dim=0, start=start, end=max(end, start), step=step)
    if _is_int(key):
        if input.ndim == 0:
            raise IndexError(_ZERO_DIM_INDEX)
        index = int(key)
        size = input._data.shape[0]
        if not -size <= index < size:
            raise IndexError(f"index {index} is out of bounds for dimension 0 with size {size}")
        return select_index(input, dim=0, index=index % size)
    return None


def getitem(input, key):
    """Matches `Tensor.__getitem__` (other keys than these go to advanced_indexing.py)."""
    if key is Ellipsis:
        return alias(input)
    result = _basic_view(input, key)
    if result is not None:
        return result
    from ember.ops.advanced_indexing import advanced_getitem
    return advanced_getitem(input, key)


def setitem(input, key, value):
    """Matches `Tensor.__setitem__`."""
    from ember.ops.advanced_indexing import advanced_setitem, copy_to, value_tensor
    value = value_tensor(input, value)
    target = _basic_view(input, key)
    if target is None:
        advanced_setitem(input, key, value)
    else:
        copy_to(target, value)


# --- in-place copy and fill ------------------------------------------------------------------

@primitive(node_name='CopyBackwards')
def copy_(xp, input, src):
    return xp.broadcast_to(src, input.shape).astype(input.dtype)


def _overwritten_grad(grad):
    return zeros_like(grad)


def _source_grad(grad):
    return grad


copy_.defvjp(_overwritten_grad, _source_grad)


@primitive(node_name='FillBackward2')
def fill_scalar(xp, input, value):
    return xp.full(input.shape, value, dtype=input.dtype)


fill_scalar.defvjp(_overwritten_grad, None)


def _check_fill_value(input, value):
    if value.ndim:
        raise RuntimeError("fill_ only supports 0-dimension value tensor but got tensor with "
                           f"{value.ndim} dimensions.")


@primitive(node_name='FillBackward3', check=_check_fill_value)
def fill_tensor(xp, input, value):
    return xp.full(input.shape, value, dtype=input.dtype)


fill_tensor.defvjp(_overwritten_grad, _source_grad)


def fill(input, value):
    """`Tensor.fill_`: set every element of `input` to `value` (a number or a 0-d tensor)."""
    if isinstance(value, Tensor):
        return fill_tensor.inplace(input, value)
    return fill_scalar.inplace(input, value)


@primitive(node_name='ZeroBackward0')
def zero_(xp, input):
    return xp.zeros_like(input)


zero_.defvjp(_overwritten_grad)
