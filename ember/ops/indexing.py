"""Indexing: `x[key]` and `x[key] = value`.

Basic indices (integers, slices, None, Ellipsis) become a chain of view ops, as in torch: each
integer a select, each non-trivial slice a slice, each None an unsqueeze. Assigning through
them is an in-place copy into that view (Note [Views and in-place ops]).
"""

__all__ = ['select']
import numbers

import numpy as np

from ember._creation import zeros, zeros_like
from ember._tensor import Tensor, wrap_dim
from ember.ops._primitive import primitive
from ember.ops._views import _view_assign
from ember.ops.shape import alias, expand, unsqueeze_dim


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


def _is_integer(key):
    if isinstance(key, Tensor):
        return key._data.ndim == 0 and key._data.dtype.kind in 'iu'
    return isinstance(key, numbers.Integral) and not isinstance(key, (bool, np.bool_))


def _is_basic(key):
    return key is None or key is Ellipsis or isinstance(key, slice) or _is_integer(key)


def getitem(input, key):
    """Matches `Tensor.__getitem__`."""
    single = not isinstance(key, tuple)
    items = (key,) if single else key
    if not all(_is_basic(k) for k in items):
        from ember.ops.advanced_indexing import advanced_getitem
        return advanced_getitem(input, items)
    result = _basic_index(input, items, single)
    return alias(input) if result is input else result


def _basic_index(input, items, single):
    ndim = input.ndim
    consumed = sum(1 for k in items if k is not None and k is not Ellipsis)
    if consumed > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    result = input
    dim = 0
    seen_ellipsis = False
    for original_dim, k in _with_original_dims(items, ndim, consumed):
        if k is None:
            result = unsqueeze_dim(result, dim=dim)
            dim += 1
        elif k is Ellipsis:
            if not seen_ellipsis:
                dim += ndim - consumed
            seen_ellipsis = True
        elif isinstance(k, slice):
            size = result.shape[dim]
            start, end, step = k.indices(size)
            if step <= 0:
                raise ValueError("step must be greater than zero")
            end = max(end, start)
            if single or not (start == 0 and end == size and step == 1):
                result = slice_dim(result, dim=dim, start=start, end=end, step=step)
            dim += 1
        else:
            index = int(k)
            size = result.shape[dim]
            if not -size <= index < size:
                raise IndexError(f"index {index} is out of bounds for dimension {original_dim} "
                                 f"with size {size}")
            result = select_index(result, dim=dim, index=index % size)
    return result


def _with_original_dims(items, ndim, consumed):
    """Pair each index with the dim of the original tensor it applies to (for messages)."""
    dim = 0
    for k in items:
        yield dim, k
        if k is Ellipsis:
            dim += ndim - consumed
        elif k is not None:
            dim += 1


def setitem(input, key, value):
    """Matches `Tensor.__setitem__`."""
    single = not isinstance(key, tuple)
    items = (key,) if single else key
    if not all(_is_basic(k) for k in items):
        from ember.ops.advanced_indexing import advanced_setitem
        advanced_setitem(input, items, value)
        return
    target = _basic_index(input, items, single)
    if target is input:
        target = alias(input)
    if isinstance(value, Tensor):
        if value.shape != target.shape:
            value = expand(value, target.shape)
        copy_.inplace(target, value)
    else:
        fill(target, value)


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
