"""Slices chosen by a vector of indices along a dim: index_select, index_add, index_copy,
index_fill and index_reduce.

Indices are settings (Note [Index settings] in scatter_common.py), checked in the public
functions in the order torch checks them.
"""
import warnings

import numpy as np

from ember._creation import ones_like, zeros, zeros_like
from ember._tensor import Tensor, wrap_dim
from ember.ops._primitive import primitive
from ember.ops.scatter_common import (INDEX_DTYPES, REDUCE_UFUNCS, at_least_1d,
                                      divide_by_count, index_array, legacy_name_of,
                                      reduction_identity, require_number, require_tensor,
                                      run, writable_copy)
from ember.ops.scatter_gather import TWO_ZEROS, prod_src_grad
from ember.ops.scatter_masked import masked_fill

__all__ = ['index_select', 'index_add', 'index_copy', 'index_fill', 'index_reduce']


def _slices(dim, index):
    """The fancy-index key selecting the slices `index` names along `dim`."""
    return (slice(None),) * dim + (index.reshape(-1),)


# --- index_select ----------------------------------------------------------------------------

@primitive()
def _index_select(xp, input, *, dim, index):
    data = np.asarray(input)
    if data.ndim == 0:
        return data.copy()
    return np.take(data, index.reshape(-1), axis=dim)


def _index_select_grad(grad, input_shape, dim, index):
    return _index_add(zeros(input_shape, dtype=grad.dtype), grad, dim=dim, index=index)


_index_select.defvjp(_index_select_grad)


def _check_index_select(input, dim, data):
    """index_select's checks of the index array `data`; the dim and the int64 index."""
    dim = wrap_dim(dim, input.ndim)
    if data.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if input.ndim == 0 and data.size != 1:
        raise RuntimeError("index_select(): Index to scalar can have only 1 value, got "
                           f"{data.size} value(s)")
    if data.dtype not in INDEX_DTYPES:
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    array = np.array(data, dtype=np.int64).reshape(-1)
    shape = input.shape
    if input.ndim > 1:
        if not array.size:
            return dim, array
        # torch's kernels differ: an empty input or dim 1 report the first bad index
        if not input._data.size or dim == 1:
            size = shape[dim]
            if not input._data.size and size <= 0:
                raise RuntimeError("index_select(): self indexing axis dim should be positive")
            bad = (array < 0) | (array >= size)
            if bad.any():
                raise RuntimeError(f"INDICES element is out of DATA bounds, id={array[bad][0]} "
                                   f"axis_dim={size}")
            return dim, array
    size = shape[dim] if shape else 1
    if ((array < 0) | (array >= size)).any():
        raise IndexError("index out of range in self")
    return dim, array


def index_select(input, dim, index, *, out=None):
    """Matches `torch.index_select`."""
    require_tensor(input, 'index_select', 'input', 1)
    return run(*index_select_call(input, dim, index, 3), out)


def index_select_call(input, dim, index, position):
    """(op, inputs, settings) of a checked index_select call; `position` is that of `index`
    (the functions and the methods number their arguments differently in messages)."""
    require_tensor(index, 'index_select', 'index', position)
    dim, index = _check_index_select(input, dim, index._data)
    return _index_select, (input,), {'dim': dim, 'index': index}


# --- index_add and index_reduce --------------------------------------------------------------

@primitive()
def _index_add(xp, input, source, *, dim, index, alpha=1):
    out, view = writable_copy(input)
    values = at_least_1d(source)
    if alpha != 1:
        values = values * np.asarray(alpha).astype(values.dtype)
    np.add.at(view, _slices(dim, index), values)
    return out


def _pass_through(grad):
    return grad


def _selected_grad(grad, source, dim, index):
    # a 0-d source goes with a 0-d input, whose gradient is selected by a 0-d index
    return _index_select(grad, dim=dim, index=index if source.ndim else index.reshape(()))


def _index_add_source_grad(grad, source, dim, index, alpha):
    grad = _selected_grad(grad, source, dim, index)
    return grad if alpha == 1 else grad * alpha


_index_add.defvjp(_pass_through, _index_add_source_grad)


def check_index_func(input, dim, index, source, func):
    """The checks torch's index_add and index_reduce share; returns (dim, index array)."""
    dim = wrap_dim(dim, input.ndim)
    data = index._data
    if data.ndim > 1:
        raise IndexError(
            f"{func}_(): Index is supposed to be a vector, but got dim: {data.ndim} with type: "
            f"{legacy_name_of(data)} and size: {list(data.shape)}")
    if data.dtype not in INDEX_DTYPES:
        raise RuntimeError(f"{func}_(): Expected dtype int32/int64 for index but got: "
                           f"{legacy_name_of(data)}")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f"{func}_(): self ({legacy_name_of(input._data)}) and source "
                           f"({legacy_name_of(source._data)}) must have the same scalar type")
    if not (dim == 0 or dim < source.ndim):
        raise RuntimeError(f"{func}_(): Indexing dim {dim} is out of bounds of the source tensor "
                         f"with dim {source.ndim}")
    source_size = source.shape[dim] if source.ndim else 1
    if data.size != source_size:
        raise RuntimeError(f"{func}_(): Number of indices ({data.size}) should be equal to "
                           f"source.size(dim): ({source_size}), for dim: {dim}")
    self_sizes, source_sizes = list(input.shape), list(source.shape)
    if source.ndim and input.ndim:
        del self_sizes[dim], source_sizes[dim]
    if self_sizes != source_sizes:
        raise RuntimeError(
            "source tensor shape must match self tensor shape, excluding the specified "
            f"dimension. Got self.shape = {list(input.shape)} source.shape = "
            f"{list(source.shape)}")
    return dim, index_array(index).reshape(-1)


def _check_slice_bounds(index, dim, size, error=RuntimeError, prefix=''):
    bad = (index < 0) | (index >= size)
    if bad.any():
        raise error(f"{prefix}index {index[bad][0]} is out of bounds for dimension {dim} with "
                    f"size {size}")


def index_add(input, dim, index, source, *, alpha=1, out=None):
    """Matches `torch.index_add`."""
    return run(*index_add_call(input, dim, index, source, alpha, 3), out)


def index_add_call(input, dim, index, source, alpha, position):
    """(op, inputs, settings) of a checked index_add call (see index_select_call)."""
    require_tensor(index, 'index_add', 'index', position)
    require_tensor(source, 'index_add', 'source', position + 1)
    dim, index = check_index_func(input, dim, index, source, 'index_add')
    _check_slice_bounds(index, dim, input.shape[dim] if input.ndim else 1)
    return _index_add, (input, source), {'dim': dim, 'index': index, 'alpha': alpha}


def _check_index_reduce_dtype(input, source, *, dim, index, reduce, include_self=True):
    if input._data.dtype != np.bool_:
        return
    if not include_self and index.size:
        raise NotImplementedError(
            "\"index_reduce_func_exclude_input_init\" not implemented for 'Bool'")
    if reduce == 'mean':
        raise NotImplementedError("\"div_floor_cpu\" not implemented for 'Bool'")


@primitive(dtype_check=_check_index_reduce_dtype)
def _index_reduce(xp, input, source, *, dim, index, reduce, include_self=True):
    out, view = writable_copy(input)
    if not index.size:
        return out
    key = _slices(dim, index)
    if not include_self:
        view[key] = reduction_identity(reduce, out.dtype)
    REDUCE_UFUNCS[reduce].at(view, key, at_least_1d(source))
    if reduce != 'mean':
        return out
    count = np.ones_like(out) if include_self else np.zeros_like(out)
    np.add.at(count.reshape(view.shape), key, 1)
    count[count == 0] = 1
    return divide_by_count(out, count)


def _index_reduce_input_grad(grad, input, source, out, dim, index, reduce, include_self):
    return index_reduce_backward(grad, input, source, out, dim, index, reduce, include_self,
                                 True)


def _index_reduce_source_grad(grad, input, source, out, dim, index, reduce, include_self):
    return index_reduce_backward(grad, input, source, out, dim, index, reduce, include_self,
                                 False)


_index_reduce.defvjp(_index_reduce_input_grad, _index_reduce_source_grad)


def index_reduce_backward(grad, input, source, result, dim, index, reduce, include_self,
                          for_input):
    """torch's index_reduce_backward, for `input` (for_input) or for `source`."""
    def selected(t):
        return _index_select(t, dim=dim, index=index)

    def added(t, other):
        return _index_add(t, other, dim=dim, index=index)

    def multiplied(t, other):
        return _index_reduce(t, other, dim=dim, index=index, reduce='prod',
                             include_self=include_self)

    if reduce == 'prod':
        if for_input:
            masked_input = masked_fill(input, input == 0, 1)
            grad_input = grad * multiplied(masked_input, source) / masked_input
        else:
            return prod_src_grad(grad, input, source, result, selected, added, multiplied,
                                 TWO_ZEROS.format('index_reduce', 'source', 'source'))
    elif reduce == 'mean':
        count = added(ones_like(grad) if include_self else zeros_like(grad), ones_like(source))
        count = masked_fill(count, count == 0, 1)
        if not for_input:
            return selected(grad) / selected(count)
        grad_input = grad / count
    else:
        value = selected(result)
        input_is_result = (input == result).to(input.dtype)
        source_is_result = (source == value).to(input.dtype)
        grad_distributed = grad / added(input_is_result, source_is_result)
        if not for_input:
            return source_is_result * selected(grad_distributed)
        grad_input = input_is_result * grad_distributed
    if not include_self:
        grad_input = _index_fill(grad_input, dim=dim, index=index, value=0)
    return grad_input


_REDUCTIONS = ('prod', 'mean', 'amax', 'amin')


def index_reduce(input, dim, index, source, reduce, *, include_self=True, out=None):
    """Matches `torch.index_reduce`."""
    return run(*index_reduce_call(input, dim, index, source, reduce, include_self, 3), out)


def index_reduce_call(input, dim, index, source, reduce, include_self, position):
    """(op, inputs, settings) of a checked index_reduce call (see index_select_call)."""
    require_tensor(index, 'index_reduce', 'index', position)
    require_tensor(source, 'index_reduce', 'source', position + 1)
    if reduce not in _REDUCTIONS:
        raise RuntimeError("index_reduce(): Expected reduce to be one of prod, mean, amax or "
                           f"amin but got {reduce}.")
    dim, index = check_index_func(input, dim, index, source, 'index_reduce')
    warnings.warn("index_reduce() is in beta and the API may change at any time.",
                  UserWarning, stacklevel=3)
    size = input.shape[dim] if input.ndim else 1
    if ((index < 0) | (index >= size)).any():
        raise IndexError("index out of range in self")
    return _index_reduce, (input, source), {'dim': dim, 'index': index, 'reduce': reduce,
                                            'include_self': include_self}


# --- index_copy ------------------------------------------------------------------------------

@primitive()
def _index_copy(xp, input, source, *, dim, index):
    out, view = writable_copy(input)
    view[_slices(dim, index)] = source
    return out


def _index_copy_input_grad(grad, dim, index):
    return _index_fill(grad, dim=dim, index=index, value=0)


def _index_copy_source_grad(grad, source, dim, index):
    return _selected_grad(grad, source, dim, index)


_index_copy.defvjp(_index_copy_input_grad, _index_copy_source_grad)


def _check_index_copy(input, dim, index, source):
    dim = wrap_dim(dim, input.ndim)
    data = index._data
    if data.ndim >= 2:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {data.ndim})")
    count = data.size
    if source.ndim == 0 and count != 1:
        raise IndexError("index_copy_(): When source is scalar, index should have one element "
                         f"(got {count})")
    if source.ndim != input.ndim and source.ndim and input.ndim:
        raise IndexError(
            "index_copy_(): When source and destination are not scalars, their dimensionality "
            f"must match. Source dimensionality ({source.ndim}), destination dimensionality "
            f"({input.ndim})")
    if data.dtype != np.int64:
        raise RuntimeError("index_copy_(): Expected a long tensor for index, but got "
                           f"{legacy_name_of(data)}")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(
            "index_copy_(): self and source expected to have the same dtype, but got (self) "
            f"{legacy_name_of(input._data)} and (source) {legacy_name_of(source._data)}")
    self_sliced = [s for d, s in enumerate(input.shape) if d != dim]
    source_sliced = [s for d, s in enumerate(source.shape) if d != dim]
    if self_sliced != source_sliced:
        raise RuntimeError(
            "index_copy_(): Source/destination tensor must have same slice shapes. Destination "
            f"slice shape: {_sizes(self_sliced)} at dimension {dim} and source slice shape: "
            f"{_sizes(source_sliced)} at dimension 0.")
    if source.ndim and count != source.shape[dim]:
        raise IndexError(f"index_copy_(): Number of indices ({count}) should be equal to "
                         f"source.size(dim) ({source.shape[dim]})")
    array = index_array(index).reshape(-1)
    size = input.shape[dim] if input.ndim else 1
    _check_slice_bounds(array, dim, size, IndexError, 'index_copy_(): ')
    return dim, array


def _sizes(sizes):
    # how torch prints a std::vector of sizes
    return ' '.join(str(s) for s in sizes)


def index_copy(input, dim, index, source, *, out=None):
    """Matches `torch.index_copy`."""
    return run(*index_copy_call(input, dim, index, source, 3), out)


def index_copy_call(input, dim, index, source, position):
    """(op, inputs, settings) of a checked index_copy call (see index_select_call)."""
    require_tensor(index, 'index_copy', 'index', position)
    require_tensor(source, 'index_copy', 'source', position + 1)
    dim, index = _check_index_copy(input, dim, index, source)
    return _index_copy, (input, source), {'dim': dim, 'index': index}


# --- index_fill ------------------------------------------------------------------------------

@primitive(name='index_fill', node_name='IndexFillBackward0')
def _index_fill(xp, input, *, dim, index, value):
    out, view = writable_copy(input)
    view[_slices(dim, index)] = np.asarray(value).astype(out.dtype)
    return out


def _index_fill_input_grad(grad, dim, index):
    return _index_fill(grad, dim=dim, index=index, value=0)


_index_fill.defvjp(_index_fill_input_grad)


@primitive(name='index_fill', node_name='IndexFillBackward1')
def _index_fill_tensor(xp, input, value, *, dim, index):
    out, view = writable_copy(input)
    view[_slices(dim, index)] = np.asarray(value).astype(out.dtype)
    return out


def _index_fill_value_grad(grad, dim, index):
    # NOTE: torch's formula selects with index_select, whose checks refuse the negative
    #       indices index_fill accepts: backward then raises index_select's error
    dim, distinct = _check_index_select(grad, dim, _distinct(index))
    return _index_select(grad, dim=dim, index=distinct).sum()


def _distinct(index):
    # the index is a setting array (Note [Index settings] in scatter_common.py), not a
    # tensor: NumPy may read it
    return np.unique(index)


_index_fill_tensor.defvjp(_index_fill_input_grad, _index_fill_value_grad)


def index_fill(input, dim, index, value):
    """Matches `torch.index_fill`."""
    return run(*index_fill_call(input, dim, index, value, 3))


def index_fill_call(input, dim, index, value, position):
    """(op, inputs, settings) of a checked index_fill call (see index_select_call)."""
    require_tensor(index, 'index_fill', 'index', position)
    require_number(value, 'index_fill')
    if isinstance(value, Tensor) and value.ndim:
        raise RuntimeError("index_fill_ only supports a 0-dimensional value tensor, but got "
                           f"tensor with {value.ndim} dimension(s).")
    if index._data.dtype != np.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    dim = wrap_dim(dim, max(input.ndim, 1))
    if index.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    array = index_array(index).reshape(-1)
    size = input.shape[dim] if input.ndim else 1
    bad = (array < -size) | (array >= size)
    if bad.any():
        raise IndexError(f"index {array[bad][0]} is out of bounds for dimension {dim} with "
                         f"size {size}")
    if isinstance(value, Tensor):
        return _index_fill_tensor, (input, value), {'dim': dim, 'index': array}
    return _index_fill, (input,), {'dim': dim, 'index': array, 'value': value}
