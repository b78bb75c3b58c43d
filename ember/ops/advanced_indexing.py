"""Advanced indexing: integer-tensor, list and boolean-mask indices, read and assigned.

As in torch, the basic parts of a key (integers, slices, None) are applied first as views;
the tensor indices then select from that view in one `index` op (IndexBackward0), with
NumPy's rules for where the indexed dims go, which are torch's too. Assignment is index_put_.
"""
import numbers

import numpy as np

from ember._creation import zeros
from ember._tensor import Tensor
from ember.ops._primitive import primitive
from ember.ops.indexing import select_index, slice_dim
from ember.ops.shape import unsqueeze_dim

_INVALID_INDEX = ("only integers, slices (`:`), ellipsis (`...`), None and long or byte "
                  "Variables are valid indices (got {})")


def _as_index_array(key):
    """An int64 or bool array for a tensor, list or bool index; IndexError for other types."""
    if isinstance(key, Tensor):
        array = key._data
    elif isinstance(key, (list, np.ndarray)):
        array = np.asarray(key)
        if array.dtype.kind == 'f' and array.size == 0:
            array = array.astype(np.int64)
    elif isinstance(key, (bool, np.bool_)):
        array = np.asarray(key)
    else:
        raise IndexError(_INVALID_INDEX.format(type(key).__name__))
    if array.dtype.kind == 'b' or array.dtype == np.uint8 and isinstance(key, Tensor):
        return array.astype(bool)
    if array.dtype.kind not in 'iu':
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    return array.astype(np.int64, copy=False)


def _dims_used(key):
    """How many dims of the indexed tensor an index consumes."""
    if key is None or key is Ellipsis:
        return 0
    if isinstance(key, (slice, numbers.Integral)) and not isinstance(key, (bool, np.bool_)):
        return 1
    array = _as_index_array(key)
    if array.dtype == bool:
        return array.ndim  # a mask covers as many dims as it has; a bool scalar adds one
    return 1


def split_key(input, items):
    """Apply the basic parts of `items` to `input` as views; return (view, numpy key)."""
    ndim = input.ndim
    consumed = sum(_dims_used(k) for k in items)
    if consumed > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    result = input
    dim = 0
    key = []
    seen_ellipsis = False
    for k in items:
        if k is None:
            result = unsqueeze_dim(result, dim=dim)
            key.append(slice(None))
            dim += 1
        elif k is Ellipsis:
            skipped = 0 if seen_ellipsis else ndim - consumed
            key.extend([slice(None)] * skipped)
            dim += skipped
            seen_ellipsis = True
        elif isinstance(k, slice):
            size = result.shape[dim]
            start, end, step = k.indices(size)
            if step <= 0:
                raise ValueError("step must be greater than zero")
            end = max(end, start)
            if not (start == 0 and end == size and step == 1):
                result = slice_dim(result, dim=dim, start=start, end=end, step=step)
            key.append(slice(None))
            dim += 1
        elif isinstance(k, numbers.Integral) and not isinstance(k, (bool, np.bool_)):
            size = result.shape[dim]
            if not -size <= k < size:
                raise IndexError(f"index {k} is out of bounds for dimension {dim} with size "
                                 f"{size}")
            result = select_index(result, dim=dim, index=int(k) % size)
        else:
            array = _as_index_array(k)
            if array.dtype == bool and array.ndim == 0:
                # a bool scalar adds a dim of size 1 (True) or 0 (False)
                result = unsqueeze_dim(result, dim=dim)
                key.append(np.arange(int(array)))
                dim += 1
                continue
            if array.dtype == bool:
                _check_mask(array, result.shape, dim)
                dim += array.ndim
            else:
                dim += 1
            key.append(array)
    return result, tuple(key)


def _check_mask(mask, shape, dim):
    for j, size in enumerate(mask.shape):
        if dim + j >= len(shape) or shape[dim + j] != size:
            raise IndexError(f"The shape of the mask {list(mask.shape)} at index {j} does not "
                             f"match the shape of the indexed tensor {list(shape)} at index "
                             f"{dim + j}")


def _check_bounds(key, shape):
    dim = 0
    position = 0
    for k in key:
        if isinstance(k, np.ndarray) and k.dtype != bool:
            size = shape[dim]
            if k.size and (k.max() >= size or k.min() < -size):
                bad = k.max() if k.max() >= size else k.min()
                raise IndexError(f"index {bad} is out of bounds for dimension {position} with "
                                 f"size {size}")
            position += 1
            dim += 1
        elif isinstance(k, np.ndarray):
            dim += k.ndim
            position += 1
        else:
            dim += 1


def _check_index(input, *, indices):
    _check_bounds(indices, input._data.shape)


@primitive(check=_check_index)
def index(xp, input, *, indices):
    return input[indices]


def _index_grad(grad, input_shape, indices):
    return index_put(zeros(input_shape, dtype=grad.dtype), grad, indices=indices,
                     accumulate=True)


index.defvjp(_index_grad)


def _check_index_put(input, values, *, indices, accumulate=False):
    _check_bounds(indices, input._data.shape)


@primitive(check=_check_index_put)
def index_put(xp, input, values, *, indices, accumulate=False):
    out = xp.array(input, copy=True)
    if accumulate:
        xp.add.at(out, indices, values)
    else:
        out[indices] = values
    return out


def _index_put_input_grad(grad, indices, accumulate):
    return grad if accumulate else index_put(grad, 0.0, indices=indices)


def _index_put_values_grad(grad, indices):
    return index(grad, indices=indices)


index_put.defvjp(_index_put_input_grad, _index_put_values_grad)


def advanced_getitem(input, items):
    """`input[items]` when items hold tensor, list or bool indices."""
    view, key = split_key(input, items)
    return index(view, indices=key)


def advanced_setitem(input, items, value):
    """`input[items] = value` when items hold tensor, list or bool indices."""
    view, key = split_key(input, items)
    index_put.inplace(view, value, indices=key)
