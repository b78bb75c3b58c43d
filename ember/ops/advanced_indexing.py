"""Indexing keys in full: `x[key]` and `x[key] = value` for any key, and torch.index_put.

Note [Reading an indexing key]
As in torch, a key is read left to right against a running dim of the indexed tensor:
integers (and 0-d integer tensors) select, slices slice, None unsqueezes, all as views; a bool
(or 0-d bool tensor) unsqueezes and indexes the new dim with [0] or []; tensors, lists and
arrays are index tensors, a bool or uint8 mask covering as many dims as it has. The views are
taken first; the index tensors then pick from the view in one `index` op (IndexBackward0),
with NumPy's rules for where the indexed dims go, which are torch's too. Before that, masks
become the positions of their true elements and all index tensors are broadcast together
(torch's expandTensors), so an op's key is a tuple of slices and int64 arrays. Assignment
writes with `index_put` (IndexPutBackward0).
"""
import collections.abc
import numbers
import warnings

import numpy as np

from ember import _dtype
from ember._creation import zeros
from ember._tensor import Tensor, c_type_name, legacy_type_name, wrap
from ember.ops._primitive import primitive
from ember.ops.indexing import copy_, fill_tensor, select_index, slice_dim
from ember.ops.shape import alias, expand, unsqueeze_dim, view_shape

_INVALID_INDEX = ("only integers, slices (`:`), ellipsis (`...`), None and long or byte "
                  "Variables are valid indices (got {})")
_SEQUENCE_AS_TUPLE = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed "
    "in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be "
    "interpreted as tensor index, x[torch.tensor(seq)], which will result either in an error or "
    "a different result")
_UINT8_INDEX = ("indexing with dtype torch.uint8 is now deprecated, please use a dtype "
                "torch.bool instead.")
_MASK_DTYPES = (np.dtype(np.bool_), np.dtype(np.uint8))
_INDEX_DTYPES = (np.dtype(np.int64), np.dtype(np.int32)) + _MASK_DTYPES


# --- the ops ---------------------------------------------------------------------------------

@primitive()
def index(xp, input, *, indices):
    return np.asarray(input)[indices]


def _index_grad(grad, input_shape, indices):
    return index_put(zeros(input_shape, dtype=grad.dtype), grad, indices=indices,
                     accumulate=True)


index.defvjp(_index_grad)


@primitive()
def index_put(xp, input, values, *, indices, accumulate=False):
    """`input` with input[indices] set to (or, accumulating, increased by) `values`; the key
    is checked by the callers."""
    out = np.array(input, copy=True)
    values = np.asarray(values)
    if accumulate:
        np.add.at(out, indices, values)
    else:
        # a one-element value fills (torch's masked_fill_ case), whatever its dims
        out[indices] = values.reshape(()) if values.size == 1 else values
    return out


def _index_put_input_grad(grad, indices, accumulate):
    # NOTE: torch writes zeros_like(values), which needs only the values' metadata
    return grad if accumulate else index_put(grad, 0.0, indices=indices)


def _index_put_values_grad(grad, indices):
    return index(grad, indices=indices)


index_put.defvjp(_index_put_input_grad, _index_put_values_grad)


# --- reading a key ---------------------------------------------------------------------------

def _is_sequence(obj):
    kind = type(obj)
    return kind is list or kind is tuple or isinstance(obj, (collections.abc.Sequence,
                                                             np.ndarray))


def key_items(key):
    """The key as a tuple of items: torch reads a short list holding a sequence, tensor, slice,
    None or Ellipsis as a tuple (with a deprecation warning)."""
    if isinstance(key, tuple):
        return key
    if isinstance(key, (Tensor, np.ndarray)) or not _is_sequence(key) or len(key) >= 32:
        return (key,)
    for item in key:
        if (isinstance(item, Tensor) or _is_sequence(item) or isinstance(item, slice)
                or item is None or item is Ellipsis):
            warnings.warn(_SEQUENCE_AS_TUPLE, UserWarning, stacklevel=4)
            return tuple(key)
    return (key,)


def _is_bool(item):
    return item is True or item is False


def _count_specified(items):
    count = 0
    for item in items:
        kind = type(item)
        if kind is int or kind is slice:
            count += 1
        elif isinstance(item, Tensor):
            count += item.ndim if item._data.dtype in _MASK_DTYPES else 1
        elif not (item is None or item is Ellipsis or _is_bool(item)):
            count += 1
    return count


def _sequence_index(obj):
    """An index array from a list or NumPy array: bool (and uint8 arrays) stay masks, other
    numbers become int64, as torch converts indexing sequences."""
    if isinstance(obj, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(obj).__name__}'")
    array = np.asarray(obj)
    if array.dtype == np.bool_ or (isinstance(obj, np.ndarray) and array.dtype == np.uint8):
        return array
    if array.dtype == object:
        odd = next(item for item in array.reshape(-1) if not isinstance(item, numbers.Number))
        raise RuntimeError(f"Could not infer dtype of {type(odd).__name__}")
    return array.astype(np.int64)


def _as_int(item):
    """`item` as an integer index, or None if it is no integer."""
    kind = type(item)
    if kind is int:
        return item
    if kind is slice or kind is bool or item is None or item is Ellipsis:
        return None
    if isinstance(item, Tensor):
        data = item._data
        if data.ndim == 0 and data.dtype.kind in 'iu' and data.dtype != np.uint8:
            return int(data)
        return None
    if isinstance(item, (numbers.Integral, np.integer)) and not isinstance(item, np.bool_):
        return int(item)
    return None


def read_key(input, items):
    """Apply the basic items of a key to `input` as views (Note [Reading an indexing key]).
    Returns the view and its index tensors as (dim, array, from_tensor) entries."""
    ndim = input.ndim
    specified = _count_specified(items)
    if specified > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    result = input
    dim = 0
    entries = []
    for position, item in enumerate(items):
        integer = _as_int(item)
        if integer is not None:
            size = result._data.shape[dim]
            if not -size <= integer < size:
                # NOTE: torch names the item's position in the key here, not the dim it indexes
                raise IndexError(f"index {integer} is out of bounds for dimension {position} "
                                 f"with size {size}")
            result = select_index(result, dim=dim, index=integer % size)
        elif isinstance(item, slice):
            result = _slice(result, dim, item)
            dim += 1
        elif item is None:
            result = unsqueeze_dim(result, dim=dim)
            dim += 1
        elif item is Ellipsis:
            dim += ndim - specified
        elif _is_bool(item) or (isinstance(item, Tensor) and item.ndim == 0
                                and item._data.dtype in _MASK_DTYPES):
            result = unsqueeze_dim(result, dim=dim)
            entries.append((dim, np.arange(int(bool(item)), dtype=np.int64), False))
            dim += 1
        elif isinstance(item, Tensor):
            entries.append((dim, item._data, True))
            dim += item.ndim if item._data.dtype in _MASK_DTYPES else 1
        elif _is_sequence(item):
            array = _sequence_index(item)
            entries.append((dim, array, False))
            dim += array.ndim if array.dtype in _MASK_DTYPES else 1
        else:
            raise IndexError(_INVALID_INDEX.format(_type_name(item)))
    return result, entries


def _slice(tensor, dim, item):
    """`tensor` sliced along dim; itself for a slice that keeps everything (as torch skips
    those within a tuple key)."""
    size = tensor._data.shape[dim]
    start, end, step = item.indices(size)
    if step <= 0:
        raise ValueError("step must be greater than zero")
    end = max(end, start)
    if start == 0 and end == size and step == 1:
        return tensor
    return slice_dim(tensor, dim=dim, start=start, end=end, step=step)


def _type_name(value):
    """How torch names a Python type in messages (its C type name)."""
    kind = type(value)
    if kind.__flags__ & (1 << 9) or kind.__module__ == 'builtins':  # a heap type, or builtin
        return kind.__name__
    return f"{kind.__module__}.{kind.__name__}"


def build_key(tensor, entries):
    """The op key for `tensor` from its index entries: type checks, masks turned into the
    positions of their true elements, broadcasting and bounds, each with torch's error."""
    for _, array, from_tensor in entries:
        if from_tensor and array.dtype not in _INDEX_DTYPES:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    shape = tensor._data.shape
    key = [slice(None)] * len(shape)
    arrays = []
    for dim, array, _ in entries:
        if array.dtype in _MASK_DTYPES:
            if array.dtype == np.uint8:
                warnings.warn(_UINT8_INDEX, UserWarning, stacklevel=4)
            check_mask_shape(array, shape, dim)
            for offset, positions in enumerate(np.nonzero(array)):
                key[dim + offset] = positions
                arrays.append((dim + offset, positions))
        else:
            # a private copy (Note [Index settings] in scatter_common.py)
            array = np.array(array, dtype=np.int64)
            key[dim] = array
            arrays.append((dim, array))
    try:
        np.broadcast_shapes(*(a.shape for _, a in arrays))
    except ValueError:
        shapes = ', '.join(str(list(a.shape)) for _, a in arrays)
        raise IndexError("shape mismatch: indexing tensors could not be broadcast together "
                         f"with shapes {shapes}") from None
    _check_bounds(arrays, shape)
    last = max(dim for dim, _ in arrays)
    return tuple(key[:last + 1])


def check_mask_shape(mask, shape, dim):
    for j, size in enumerate(mask.shape):
        if dim + j >= len(shape) or shape[dim + j] != size:
            raise IndexError(f"The shape of the mask {list(mask.shape)} at index {j} does not "
                             f"match the shape of the indexed tensor {list(shape)} at index "
                             f"{dim + j}")


def _check_bounds(arrays, shape):
    """torch's kernel visits the broadcast index elements in order, checking each index tensor
    in turn: the first bad value found is the one reported."""
    sizes = [shape[dim] for dim, _ in arrays]
    if all(not a.size or (-size <= a.min() and a.max() < size)
           for (_, a), size in zip(arrays, sizes)):
        return
    broadcast = np.broadcast_arrays(*(a for _, a in arrays))
    bad = np.stack([(a < -size) | (a >= size) for a, size in zip(broadcast, sizes)], axis=-1)
    if not bad.any():
        return
    flat = bad.reshape(-1, len(arrays))
    element = np.flatnonzero(flat.any(axis=1))[0]
    j = int(np.flatnonzero(flat[element])[0])
    value = broadcast[j].reshape(-1)[element]
    raise IndexError(f"index {value} is out of bounds for dimension {j} with size {sizes[j]}")


def indexed_shape(shape, key):
    """The shape of tensor[key] for a key of slices and int arrays (NumPy's rules)."""
    positions = [d for d, k in enumerate(key) if isinstance(k, np.ndarray)]
    broadcast = np.broadcast_shapes(*(key[d].shape for d in positions))
    rest = [size for d, size in enumerate(shape) if d not in positions]
    first = positions[0]
    if positions == list(range(first, positions[-1] + 1)):
        return tuple(shape[:first]) + broadcast + tuple(shape[positions[-1] + 1:])
    return broadcast + tuple(rest)


# --- reading: x[key] -------------------------------------------------------------------------

def advanced_getitem(input, key):
    """`input[key]` for any key that is not a lone integer, slice, None or Ellipsis."""
    if (input.ndim == 0 and not _is_bool(key) and not isinstance(key, Tensor)
            and _as_int(key) is not None):
        raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                         "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
    view, entries = read_key(input, key_items(key))
    if not entries:
        return alias(input) if view is input else view
    return index(view, indices=build_key(view, entries))


# --- writing: x[key] = value -----------------------------------------------------------------

def value_tensor(input, value):
    """A setitem value as a tensor: numbers become 0-d tensors of input's dtype, as in torch."""
    if isinstance(value, Tensor):
        return value
    kind = type(value)
    if kind is float or kind is int or kind is bool or (
            isinstance(value, (numbers.Integral, float)) and not isinstance(value, np.bool_)):
        return wrap(np.asarray(value).astype(input._data.dtype)[()])
    raise TypeError(f"can't assign a {_type_name(value)} to a "
                    f"torch.{legacy_type_name(input.dtype)}Tensor")


def strip_leading_ones(value):
    """`value` without its leading size-1 dims (a view), as torch's setitem takes it."""
    shape = value.shape
    lead = 0
    while lead < len(shape) and shape[lead] == 1:
        lead += 1
    return view_shape(value, shape[lead:]) if lead else value


def advanced_setitem(input, key, value):
    """`input[key] = value` for any key that is not a lone integer, slice or None."""
    value = value_tensor(input, value)
    if key is False:
        return
    if key is True:
        copy_to(unsqueeze_dim(input, dim=0), value)
        return
    if key is Ellipsis:
        copy_to(input, value)
        return
    view, entries = read_key(input, key_items(key))
    if not entries:
        copy_to(view, value)
        return
    put_into(view, entries, strip_leading_ones(value), accumulate=False)


def put_into(view, entries, values, accumulate, inplace=True):
    """index_put_ (or index_put) of `values` into `view` at the index entries, with torch's
    checks."""
    mask = _masked_fill_mask(view, entries, values, accumulate)
    if mask is not None and mask.dtype != np.bool_:
        raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{c_type_name(_dtype.FROM_NP[mask.dtype])}")
    key = build_key(view, entries)
    if mask is None:
        target = indexed_shape(view._data.shape, key)
        if not _expandable(values._data.shape, target):
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(values.shape)} "
                               f"cannot be broadcast to indexing result of shape {list(target)}")
        if values._data.dtype != view._data.dtype:
            raise RuntimeError(
                "Index put requires the source and destination dtypes match, got "
                f"{legacy_type_name(view.dtype)} for the destination and "
                f"{legacy_type_name(values.dtype)} for the source.")
    if inplace:
        return index_put.inplace(view, values, indices=key, accumulate=accumulate)
    return index_put(view, values, indices=key, accumulate=accumulate)


def _masked_fill_mask(view, entries, values, accumulate):
    """The mask when torch's index_put_ becomes masked_fill_ (one mask, one value, no
    accumulation: the value is then cast to the tensor's dtype), else None."""
    if accumulate or values._data.size != 1 or len(entries) != 1:
        return None
    dim, array, from_tensor = entries[0]
    if not from_tensor or array.dtype not in _MASK_DTYPES:
        return None
    check_mask_shape(array, view._data.shape, dim)
    return array


def _expandable(shape, target):
    if len(shape) > len(target):
        return False
    return all(s == 1 or s == t for s, t in zip(reversed(shape), reversed(target)))


def copy_to(target, value):
    """torch's setitem copy into a view: copy_ of the same shape, fill_ from a 0-d value, else
    copy_ of the value without its leading ones, expanded."""
    if value._data.shape == target._data.shape:
        copy_.inplace(target, value)
    elif value._data.ndim == 0:
        fill_tensor.inplace(target, value)
    else:
        copy_.inplace(target, expand(strip_leading_ones(value), target.shape))


# --- torch.index_put -------------------------------------------------------------------------

def index_put_entries(input, indices, values, name, position):
    """Check the arguments of torch.index_put (or index_put_, or the methods: `position` is
    that of `indices`); the index entries for put_into."""
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"{name}(): argument 'indices' (position {position}) must be tuple of "
                        f"Tensors, not {type(indices).__name__}")
    for number, item in enumerate(indices):
        if not isinstance(item, Tensor):
            raise TypeError(f"expected Tensor as element {number} in argument {position - 1}, "
                            f"but got {type(item).__name__}")
    if not isinstance(values, Tensor):
        raise TypeError(f"{name}(): argument 'values' (position {position + 1}) must be Tensor, "
                        f"not {type(values).__name__}")
    if len(indices) > input.ndim:
        raise IndexError(f"too many indices for tensor of dimension {input.ndim} (got "
                         f"{len(indices)})")
    if not indices:
        raise RuntimeError("sym_strides() called on an undefined Tensor")
    entries = []
    dim = 0
    for item in indices:
        entries.append((dim, item._data, True))
        dim += item.ndim if item._data.dtype in _MASK_DTYPES else 1
    return entries
