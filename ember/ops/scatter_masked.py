"""Masks and flat indices: masked_fill, masked_select, masked_scatter, take, put, nonzero.

Masks and indices are settings (Note [Index settings] in scatter_common.py). The out-of-place
masked ops broadcast input and mask together, as torch's do; their in-place forms only
broadcast the mask to the input.
"""
import numpy as np

from ember._creation import zeros, zeros_like
from ember._tensor import Tensor, c_type_name, legacy_type_name
from ember.ops._dispatch import broadcast_error
from ember.ops._primitive import primitive
from ember.ops.broadcast import broadcast_pair
from ember.ops.scatter_common import (index_array, mask_array, require_number,
                                      require_tensor, run)

__all__ = ['masked_fill', 'masked_select', 'masked_scatter', 'take', 'put', 'nonzero',
           'nonzero_static', 'argwhere']


def _check_broadcast(shape_a, shape_b):
    message = broadcast_error(shape_a, shape_b)
    if message:
        raise RuntimeError(message)


def _broadcast(array, mask):
    """`array` and `mask` broadcast together (read-only views)."""
    return np.broadcast_arrays(np.asarray(array), mask)


# --- masked_fill -----------------------------------------------------------------------------

@primitive(name='masked_fill', node_name='MaskedFillBackward0')
def _masked_fill_scalar(xp, input, *, mask, value):
    input = np.asarray(input)
    return np.where(mask, np.asarray(value).astype(input.dtype), input)


def _masked_out_grad(grad, mask):
    return _masked_fill_scalar(grad, mask=mask, value=0)


_masked_fill_scalar.defvjp(_masked_out_grad)


@primitive(name='masked_fill', node_name='MaskedFillBackward1')
def _masked_fill_tensor(xp, input, value, *, mask):
    input = np.asarray(input)
    return np.where(mask, np.asarray(value).astype(input.dtype), input)


def _masked_fill_value_grad(grad, mask):
    return _masked_select(grad, mask=mask).sum()


_masked_fill_tensor.defvjp(_masked_out_grad, _masked_fill_value_grad)


def masked_fill(input, mask, value):
    """Matches `torch.masked_fill`."""
    return run(*masked_fill_call(input, mask, value, False))


def masked_fill_call(input, mask, value, inplace, position=2):
    """(op, inputs, settings) of a checked masked_fill call, or of masked_fill_ (whose checks
    come in another order); `position` is that of `mask` (the functions and the methods number
    their arguments differently in messages)."""
    require_tensor(mask, 'masked_fill', 'mask', position)
    require_number(value, 'masked_fill')
    if not inplace:
        # the out-of-place op broadcasts the mask and input first
        _check_broadcast(mask.shape, input.shape)
    if isinstance(value, Tensor) and value.ndim:
        raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got "
                           f"tensor with {value.ndim} dimension(s).")
    if mask._data.dtype != np.bool_:
        raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{c_type_name(mask.dtype)}")
    if inplace:
        _check_broadcast(input.shape, mask.shape)
    if isinstance(value, Tensor):
        return _masked_fill_tensor, (input, value), {'mask': mask_array(mask)}
    return _masked_fill_scalar, (input,), {'mask': mask_array(mask), 'value': value}


# --- masked_select and masked_scatter --------------------------------------------------------

@primitive(name='masked_select')
def _masked_select(xp, input, *, mask):
    values, mask = _broadcast(input, mask)
    return values[mask]


def _masked_select_grad(grad, input, mask):
    # torch scatters into zeros of the broadcast shape, so its node keeps self
    shape = broadcast_pair(input.shape, mask.shape)
    return _masked_scatter(zeros(shape, dtype=grad.dtype), grad, mask=mask)


_masked_select.defvjp(_masked_select_grad)


def masked_select(input, mask, *, out=None):
    """Matches `torch.masked_select`."""
    return run(*masked_select_call(input, mask, 2), out)


def masked_select_call(input, mask, position):
    """(op, inputs, settings) of a checked masked_select call (see masked_fill_call)."""
    require_tensor(mask, 'masked_select', 'mask', position)
    if mask._data.dtype != np.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    _check_broadcast(mask.shape, input.shape)
    return _masked_select, (input,), {'mask': mask_array(mask)}


@primitive(name='masked_scatter')
def _masked_scatter(xp, input, source, *, mask):
    values, mask = _broadcast(input, mask)
    out = np.array(values, copy=True)
    out[mask] = np.asarray(source).reshape(-1)[:np.count_nonzero(mask)]
    return out


def _masked_scatter_source_grad(grad, mask, source_shape):
    return _masked_scatter_backward(grad, mask=mask, sizes=source_shape)


_masked_scatter.defvjp(_masked_out_grad, _masked_scatter_source_grad)


@primitive(name='masked_scatter_backward')
def _masked_scatter_backward(xp, grad_output, *, mask, sizes):
    """The gradient of masked_scatter for its source: the masked elements, padded with zeros."""
    values, mask = _broadcast(grad_output, mask)
    selected = values[mask]
    numel = int(np.prod(sizes))
    padded = np.zeros(numel, dtype=selected.dtype)
    padded[:selected.size] = selected
    return padded.reshape(sizes)


def _masked_scatter_backward_grad(grad, grad_output, mask):
    return _masked_scatter(zeros_like(grad_output), grad, mask=mask)


_masked_scatter_backward.defvjp(_masked_scatter_backward_grad)


def _check_mask_expands(input_shape, mask):
    """torch's expand_inplace of the mask to self's shape, with its messages."""
    shape = mask.shape
    if len(shape) > len(input_shape):
        raise RuntimeError(
            f"expand(CPU{legacy_type_name(mask.dtype)}Type{{{list(shape)}}}, "
            f"size={list(input_shape)}): the number of sizes provided ({len(input_shape)}) must "
            "be greater or equal to the number of dimensions in the tensor "
            f"({len(shape)})")
    lead = len(input_shape) - len(shape)
    for i, size in enumerate(shape):
        wanted = input_shape[lead + i]
        if size != 1 and size != wanted:
            raise RuntimeError(
                f"The expanded size of the tensor ({wanted}) must match the existing size "
                f"({size}) at non-singleton dimension {lead + i}.  Target sizes: "
                f"{list(input_shape)}.  Tensor sizes: {list(shape)}")


def masked_scatter(input, mask, source):
    """Matches `torch.masked_scatter`."""
    return run(*masked_scatter_call(input, mask, source, False))


def masked_scatter_call(input, mask, source, inplace, position=2):
    """(op, inputs, settings) of a checked masked_scatter (or masked_scatter_) call (see
    masked_fill_call)."""
    require_tensor(mask, 'masked_scatter', 'mask', position)
    require_tensor(source, 'masked_scatter', 'source', position + 1)
    if not inplace:
        _check_broadcast(mask.shape, input.shape)
    if source._data.dtype != input._data.dtype:
        raise RuntimeError("masked_scatter: expected self and source to have same dtypes but "
                           f"got{legacy_type_name(input.dtype)} and "
                           f"{legacy_type_name(source.dtype)}")
    if inplace:
        _check_mask_expands(input.shape, mask)
    if mask._data.dtype != np.bool_:
        raise RuntimeError("masked_scatter_ only supports boolean masks, but got mask with "
                           f"dtype {legacy_type_name(mask.dtype)}")
    mask = mask_array(mask)
    shape = broadcast_pair(input.shape, mask.shape)
    if np.count_nonzero(np.broadcast_to(mask, shape)) > source._data.size:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    return _masked_scatter, (input, source), {'mask': mask}


# --- take and put ----------------------------------------------------------------------------

def _check_flat_bounds(index, numel):
    bad = (index < -numel) | (index >= numel)
    if bad.any():
        raise IndexError(f"out of range: tried to access index {index[bad][0]} on a tensor of "
                         f"{numel} elements.")


@primitive()
def _take(xp, input, *, index):
    return np.asarray(input).reshape(-1)[index]


def _take_grad(grad, input, index):
    # torch puts into zeros_like(self), so its node keeps self
    return _put(zeros(input.shape, dtype=grad.dtype), grad, index=index, accumulate=True)


_take.defvjp(_take_grad)


def _check_long_index(index, op_name):
    if index._data.dtype != np.int64:
        raise RuntimeError(f"{op_name}(): Expected a long tensor for index, but got "
                           f"{legacy_type_name(index.dtype)}")


def take(input, index, *, out=None):
    """Matches `torch.take`."""
    require_tensor(input, 'take', 'input', 1)
    return run(*take_call(input, index, 2), out)


def take_call(input, index, position):
    """(op, inputs, settings) of a checked take call (see masked_fill_call)."""
    require_tensor(index, 'take', 'index', position)
    _check_long_index(index, 'take')
    array = index_array(index)
    if array.size:
        if not input._data.size:
            raise IndexError("take(): tried to take from an empty tensor")
        _check_flat_bounds(array, input._data.size)
    return _take, (input,), {'index': array}


@primitive()
def _put(xp, input, source, *, index, accumulate=False):
    out = np.array(input, copy=True, order='C')  # so that flattening gives a view
    flat = out.reshape(-1)
    values = np.asarray(source).reshape(-1)
    if accumulate:
        np.add.at(flat, index.reshape(-1), values)
    else:
        flat[index.reshape(-1)] = values
    return out


def _put_input_grad(grad, source, index, accumulate):
    if accumulate:
        return grad
    return _put(grad, zeros_like(source), index=index, accumulate=False)


def _put_source_grad(grad, source, index):
    return _take(grad, index=index).reshape(source.shape)


_put.defvjp(_put_input_grad, _put_source_grad)


def put(input, index, source, accumulate=False):
    """Matches `torch.put`."""
    return run(*put_call(input, index, source, accumulate))


def put_call(input, index, source, accumulate, position=2):
    """(op, inputs, settings) of a checked put call (see masked_fill_call)."""
    require_tensor(index, 'put', 'index', position)
    require_tensor(source, 'put', 'source', position + 1)
    _check_long_index(index, 'put_')
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(
            "put_(): self and source expected to have the same dtype, but got self.dtype = "
            f"{legacy_type_name(input.dtype)} and source.dtype = "
            f"{legacy_type_name(source.dtype)}")
    if source._data.size != index._data.size:
        raise IndexError(
            "put_(): Expected source and index to have the same number of elements, but got "
            f"source.numel() = {source._data.size}, index.numel() = {index._data.size}")
    array = index_array(index)
    if array.size:
        if not input._data.size:
            raise IndexError("put_(): Tried to put elements into an empty tensor")
        _check_flat_bounds(array.reshape(-1), input._data.size)
    return _put, (input, source), {'index': array, 'accumulate': accumulate}


# --- nonzero ---------------------------------------------------------------------------------

# integer results: no derivative, and so no node
@primitive()
def _nonzero(xp, input):
    return np.argwhere(np.asarray(input)).astype(np.int64, copy=False)


def nonzero(input, *, out=None, as_tuple=False):
    """Matches `torch.nonzero`."""
    require_tensor(input, 'nonzero', 'input', 1)
    if as_tuple:
        from ember.ops.joining import unbind
        if input.ndim == 0:
            input = input.reshape(1)
        return unbind(_nonzero(input), 1)
    return run(_nonzero, (input,), {}, out)


@primitive()
def _nonzero_static(xp, input, *, size, fill_value):
    found = np.argwhere(np.asarray(input)).astype(np.int64, copy=False)[:size]
    out = np.full((size, found.shape[1]), fill_value, dtype=np.int64)
    out[:len(found)] = found
    return out


def nonzero_static(input, *, size, fill_value=-1):
    """Matches `torch.nonzero_static`."""
    require_tensor(input, 'nonzero_static', 'input', 1)
    if size < 0:
        raise RuntimeError("nonzero_static: 'size' must be an non-negative integer")
    return _nonzero_static(input, size=size, fill_value=fill_value)


def argwhere(input):
    """Matches `torch.argwhere`."""
    return nonzero(input)
