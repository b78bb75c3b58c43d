"""Broadcasting: of shapes (broadcast_shapes), of tensors (broadcast_to, broadcast_tensors) and
into grids (meshgrid), with torch's error messages. Broadcast tensors are expanded views."""

__all__ = ['broadcast_shapes', 'broadcast_to', 'broadcast_tensors', 'meshgrid']
import math
from collections.abc import Sequence

import numpy as np

from ember._size import Size
from ember._tensor import Tensor, legacy_type_name
from ember.ops._dispatch import broadcast_error
from ember.ops.shape import expand, expand_to, int_list, view, warn_once


def broadcast_pair(shape_a, shape_b):
    """The broadcast of two shapes; torch's "size of tensor a" error if there is none."""
    message = broadcast_error(shape_a, shape_b)
    if message:
        raise RuntimeError(message)
    ndim = max(len(shape_a), len(shape_b))
    padded_a = (1,) * (ndim - len(shape_a)) + tuple(shape_a)
    padded_b = (1,) * (ndim - len(shape_b)) + tuple(shape_b)
    return tuple(b if a == 1 else a for a, b in zip(padded_a, padded_b))


def broadcast_shapes(*shapes):
    """Matches `torch.broadcast_shapes`."""
    shapes = [(shape,) if isinstance(shape, int) else shape
              for shape in shapes if shape is not None]
    for shape in shapes:
        if not isinstance(shape, Sequence):
            raise RuntimeError(f"Input shapes should be of type ints, a tuple of ints, or a list "
                               f"of ints, got {shape}")
    common = [1] * max((len(shape) for shape in shapes), default=0)
    # torch's order of checks, and so its messages: shape by shape, each from its last dim
    for position, shape in enumerate(shapes):
        for i in range(-1, -1 - len(shape), -1):
            size = shape[i]
            if size == common[i]:
                continue
            if common[i] == 1:
                if size < 0:
                    raise ValueError("Attempting to broadcast a dimension with negative length!")
                common[i] = size
            if size != 1 and common[i] != size:
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {size} at {i}! Mismatching "
                    f"argument at index {position} had {shape}; but expected shape should be "
                    f"broadcastable to {common}")
    for position, size in enumerate(common):
        if not isinstance(size, int):
            raise TypeError(f"torch.Size() takes an iterable of 'int' (item {position} is "
                            f"'{type(size).__name__}')")
    return Size(tuple(common))


def broadcast_to(input, size):
    """Matches `torch.broadcast_to`."""
    return expand(input, int_list(size, 'broadcast_to', 'size', 2))


def _check_tensors(tensors):
    for position, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {position} in argument 0, but got "
                            f"{type(t).__name__}")


def broadcast_tensors(*tensors):
    """Matches `torch.broadcast_tensors`: a tensor already of the common shape is returned as it
    is, the others are expanded views."""
    _check_tensors(tensors)
    shape = ()
    for t in tensors:
        shape = broadcast_pair(shape, t.shape)
    return tuple(t if t.shape == shape else expand_to(t, size=shape) for t in tensors)


def meshgrid(*tensors, indexing=None):
    """Matches `torch.meshgrid`, including its warning, once, when `indexing` is left out."""
    if len(tensors) == 1 and isinstance(tensors[0], (tuple, list)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warn_once("torch.meshgrid: in an upcoming release, it will be required to pass the "
                  "indexing argument.")
    _check_tensors(tensors)
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if any(t.dtype is not tensors[0].dtype for t in tensors):
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    if indexing not in (None, 'ij', 'xy'):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but '
                           f'received: {indexing}')
    for t in tensors:
        if t.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but "
                               f"got: {_cpp_repr(t)}")
    # 'xy' is 'ij' with the first two inputs, and so the first two grids, swapped
    swap = indexing == 'xy' and len(tensors) > 1
    order = [1, 0] + list(range(2, len(tensors))) if swap else list(range(len(tensors)))
    ordered = [tensors[i] for i in order]
    shape = tuple(t.numel() for t in ordered)
    grids = []
    for position, t in enumerate(ordered):
        line = tuple(size if d == position else 1 for d, size in enumerate(shape))
        grids.append(expand_to(view(t, size=line), size=shape))
    return tuple(grids[i] for i in order)


def _cpp_repr(t):
    """A 2-D tensor as torch's C++ code prints it in messages (larger ones approximately)."""
    data = t.detach().numpy()
    if data.dtype == np.bool_:
        data = data.astype(np.int64)
        kind = 'CPUBoolType'
    else:
        kind = f'torch.{legacy_type_name(t.dtype)}Tensor'
    finite = np.abs(data[np.isfinite(data)].astype(np.float64))
    nonzero = finite[finite > 0]
    low = math.floor(math.log10(nonzero.min())) + 1 if nonzero.size else 1
    high = math.floor(math.log10(nonzero.max())) + 1 if nonzero.size else 1
    if np.all(finite == np.round(finite)) and high <= 9:
        width, style = high + 1, '.0f'
    elif high - low > 4 or high > 5 or high < -4:
        width, style = 11, '.4e'
    else:
        width, style = 7 if high <= 0 else high + 6, '.4f'
    rows = data.reshape(-1, data.shape[-1]) if data.ndim else data.reshape(1, 1)
    lines = [' '.join(f'{value:{width}{style}}' for value in row) for row in rows]
    return '\n'.join(lines) + f"\n[ {kind}{{{','.join(str(s) for s in data.shape)}}} ]"
