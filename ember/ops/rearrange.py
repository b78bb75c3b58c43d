"""Rearranging: dims (movedim, swapaxes, T, mT, H, mH, adjoint) and elements (repeat, tile,
repeat_interleave, flip, roll, rot90)."""

__all__ = ['movedim', 'moveaxis', 'swapaxes', 'swapdims', 'adjoint', 'tile', 'repeat_interleave',
           'flip', 'fliplr', 'flipud', 'roll', 'rot90']
import numpy as np

from ember._creation import zeros
from ember._tensor import Tensor, legacy_type_name, wrap, wrap_dim
from ember.ops._primitive import primitive
from ember.ops.advanced_indexing import index_put
from ember.ops.shape import (_is_int, alias, clone_tensor, expand_to, flatten, int_arg, int_list,
                             one_way, parse_shape, permute_dims, swap_dims, transpose_dims,
                             unsqueeze_dim, view, warn_once, wrap_dims)


def _c_order(array):
    """`array` in C order, as torch lays out the results of most copying ops."""
    return array if array.flags.c_contiguous else array.copy(order='C')


def _flip_copy(array, dims):
    # NOTE: order='K' keeps the input's layout, as torch's flip does
    return array[tuple(slice(None, None, -1) if d in dims else slice(None)
                       for d in range(array.ndim))].copy(order='K')


# --- dims ------------------------------------------------------------------------------------

def movedim(input, source, destination):
    """Matches `torch.movedim`."""
    return _move_dims(input, source, destination, 'movedim')


def moveaxis(input, source, destination):
    """Matches `torch.moveaxis`."""
    return _move_dims(input, source, destination, 'moveaxis')


def _move_dims(input, source, destination, op):
    ndim = input.ndim
    if isinstance(source, (tuple, list)) and isinstance(destination, (tuple, list)):
        source = int_list(source, op, 'source', 2)
        destination = int_list(destination, op, 'destination', 3)
    elif _is_int(source) and _is_int(destination):
        source, destination = (int(source),), (int(destination),)
    else:
        raise TypeError(f"{op}(): source and destination must both be ints or both be "
                        f"tuples of ints, got {type(source).__name__} and "
                        f"{type(destination).__name__}")
    if len(source) != len(destination):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({list(source)} dims) should "
            f"contain the same number of dims as destination ({list(destination)} dims)")
    wrapped_source = tuple(wrap_dim(d, ndim) for d in source)
    wrapped_destination = tuple(wrap_dim(d, ndim) for d in destination)
    if len(set(wrapped_source)) != len(source):
        raise RuntimeError(f"movedim: repeated dim in `source` ({list(source)})")
    if len(set(wrapped_destination)) != len(destination):
        raise RuntimeError(f"movedim: repeated dim in `destination` ({list(destination)})")
    if ndim == 0:
        return alias(input)
    order = [None] * ndim
    for s, d in zip(wrapped_source, wrapped_destination):
        order[d] = s
    rest = iter(d for d in range(ndim) if d not in wrapped_source)
    dims = tuple(next(rest) if d is None else d for d in order)
    return permute_dims(input, dims=dims)


def swapaxes(input, axis0, axis1):
    """Matches `torch.swapaxes`."""
    return swap_dims(input, axis0, axis1, 'swapaxes', ('axis0', 'axis1'))


def swapdims(input, dim0, dim1):
    """Matches `torch.swapdims`."""
    return swap_dims(input, dim0, dim1, 'swapdims', ('dim0', 'dim1'))


_IDENTITY_ON_0D = 'is deprecated on 0-D tensors. This function is the identity in these cases.'
_CONJ_ON_0D = 'is deprecated on 0-D tensors. Consider using x.conj().'


def reverse_dims(input):
    """Matches `Tensor.T`."""
    ndim = input.ndim
    if ndim == 0:
        warn_once(f'Tensor.T {_IDENTITY_ON_0D}')
    elif ndim != 2:
        warn_once("The use of `x.T` on tensors of dimension other than 2 to reverse their shape "
                  "is deprecated and it will throw an error in a future release. Consider `x.mT` "
                  "to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, "
                  "-1))` to reverse the dimensions of a tensor.")
    return permute_dims(input, dims=tuple(reversed(range(ndim))))


def _check_real(input, name):
    if input._data.dtype.kind == 'c':
        raise NotImplementedError(f"{name} of a complex tensor needs conjugation, which ember "
                                  "does not support yet")


def _swap_last_dims(input, name, zero_d_warning, conjugate):
    """The last two dims swapped; a 0-D tensor is returned as it is, with torch's warning."""
    ndim = input.ndim
    if ndim == 0:
        warn_once(zero_d_warning)
        return input
    if ndim < 2:
        raise RuntimeError(f"tensor.{name} is only supported on matrices or batches of "
                           f"matrices. Got {ndim}-D tensor.")
    if conjugate:
        _check_real(input, name)
    return transpose_dims(input, dim0=ndim - 2, dim1=ndim - 1)


def matrix_transpose(input):
    """Matches `Tensor.mT`."""
    return _swap_last_dims(input, 'mT', f'Tensor.mT {_IDENTITY_ON_0D}', conjugate=False)


def matrix_adjoint(input):
    """Matches `Tensor.mH`."""
    return _swap_last_dims(input, 'mH', f'Tensor.mH {_CONJ_ON_0D}', conjugate=True)


def adjoint(input):
    """Matches `torch.adjoint`."""
    return _swap_last_dims(input, 'adjoint()', f'adjoint() {_CONJ_ON_0D}', conjugate=True)


def conjugate_transpose(input):
    """Matches `Tensor.H`."""
    ndim = input.ndim
    if ndim == 0:
        warn_once(f'Tensor.H {_CONJ_ON_0D}')
        return input
    if ndim != 2:
        hint = '' if ndim < 2 else ' For batches of matrices, consider using tensor.mH'
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got "
                           f"{ndim}-D tensor.{hint}")
    _check_real(input, 'tensor.H')
    return transpose_dims(input, dim0=0, dim1=1)


# --- repeating -------------------------------------------------------------------------------

def _check_repeat(input, *, repeats):
    ndim = input._data.ndim
    if len(repeats) < ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number "
                           "of dimensions of tensor")
    shape = (1,) * (len(repeats) - ndim) + input._data.shape
    target = [size * r for size, r in zip(shape, repeats)]
    for size in target:
        if size < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {size}: "
                               f"{target}")


@primitive(check=_check_repeat, node_name='RepeatBackward0')
def repeat_tensor(xp, input, *, repeats):
    return _c_order(xp.tile(input, repeats))


def _repeat_grad(grad, input_shape, repeats):
    if 0 in repeats:
        return zeros(input_shape, dtype=grad.dtype)
    lead = len(repeats) - len(input_shape)
    if lead:
        grad = grad.sum(tuple(range(lead)))
    # each repeated dim of size r * s becomes (r, s), and the r copies are summed
    sizes = []
    summed = []
    for size, r in zip(input_shape, repeats[lead:]):
        if r != 1:
            summed.append(len(sizes))
            sizes.append(r)
        sizes.append(size)
    if summed:
        grad = grad.reshape(sizes).sum(summed)
    return grad


repeat_tensor.defvjp(_repeat_grad)


def repeat(input, *args, repeats=None):
    """Matches `Tensor.repeat` (torch has no function of that name)."""
    repeats = parse_shape(one_way(args, repeats, 'repeat', 'repeats'), 'repeats', 'repeat')
    return repeat_tensor(input, repeats=repeats)


def tile(input, dims):
    """Matches `torch.tile`."""
    dims = int_list(dims, 'tile', 'dims', 2)
    missing = input.ndim - len(dims)
    if missing > 0:
        dims = (1,) * missing + dims
    return repeat_tensor(input, repeats=dims)


@primitive(name='index_select', node_name='IndexSelectBackward0')
def index_select_dim(xp, input, *, dim, index):
    return xp.take(input, index, axis=dim)


def _index_select_grad(grad, input_shape, dim, index):
    key = (slice(None),) * dim + (index,)
    return index_put(zeros(input_shape, dtype=grad.dtype), grad, indices=key, accumulate=True)


index_select_dim.defvjp(_index_select_grad)


def _repeat_indices(repeats, output_size):
    """`torch.repeat_interleave(repeats)`: each index i repeated repeats[i] times."""
    if not isinstance(repeats, Tensor):
        raise TypeError(f"repeat_interleave(): argument 'repeats' (position 1) must be Tensor, "
                        f"not {type(repeats).__name__}")
    data = repeats._data
    if data.ndim != 1:
        raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
    if data.dtype not in (np.int32, np.int64):
        raise NotImplementedError(f'"repeat_interleave_cpu" not implemented for '
                                  f"'{legacy_type_name(repeats.dtype)}'")
    if data.size == 0:
        return np.zeros(0, dtype=data.dtype)
    total = int(data.sum())
    if output_size is not None:
        if output_size < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {output_size}: "
                               f"[{output_size}]")
        if output_size != total:
            raise RuntimeError("allocated size does not match required size")
    # NOTE: torch checks this only without output_size (and crashes with one that matches)
    if (data < 0).any():
        raise RuntimeError("repeats can not be negative")
    return np.repeat(np.arange(data.size, dtype=data.dtype), data)


def _repeat_by_tensor(input, repeats, dim, output_size):
    if repeats.ndim > 1:
        raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
    given = dim
    if dim is None:
        input, dim = flatten(input), 0
    elif input.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    else:
        dim = wrap_dim(dim, input.ndim)
    size = input.shape[dim]
    counts = repeats._data.reshape(-1)
    if repeats.ndim == 0 or counts.size == 1:
        counts = np.broadcast_to(counts, (size,))
    elif counts.size != size:
        raise RuntimeError(f"repeats must have the same size as input along dim, but got "
                           f"repeats.size(0) = {counts.size} and input.size("
                           f"{0 if given is None else given}) = {size}")
    index = _repeat_indices(wrap(counts), output_size).astype(np.int64)
    return index_select_dim(input, dim=dim, index=index)


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Matches `torch.repeat_interleave`, including its one-argument form
    `repeat_interleave(repeats)`."""
    if repeats is None:
        if dim is not None:
            raise TypeError("repeat_interleave(): dim needs an input and repeats")
        return wrap(_repeat_indices(input, output_size))
    if isinstance(repeats, Tensor):
        return _repeat_by_tensor(input, repeats, dim, output_size)
    if not _is_int(repeats):
        raise TypeError(f"repeat_interleave(): argument 'repeats' must be Tensor or int, not "
                        f"{type(repeats).__name__}")
    repeats = int(repeats)
    if dim is None:
        input, dim = flatten(input), 0
    else:
        dim = wrap_dim(dim, input.ndim)
    if repeats < 0:
        raise RuntimeError("Repeats must be non-negative")
    # each element gets a new dim next to it, stretched to `repeats` and merged back in
    stretched = unsqueeze_dim(input, dim=wrap_dim(dim + 1, input.ndim + 1))
    shape = input.shape
    if output_size is not None and output_size != shape[dim] * repeats:
        raise RuntimeError(f"repeat_interleave: Invalid output_size, expected "
                           f"{shape[dim] * repeats} but got {output_size}")
    stretched = expand_to(stretched, size=shape[:dim + 1] + (repeats,) + shape[dim + 1:])
    merged = shape[:dim] + (shape[dim] * repeats,) + shape[dim + 1:]
    return view(clone_tensor(stretched, order='C'), size=merged)


# --- flipping and rolling --------------------------------------------------------------------

@primitive(node_name='FlipBackward0')
def flip_dims(xp, input, *, dims):
    if not dims or input.ndim == 0:
        return input.copy()
    return _flip_copy(input, dims)


def _flip_grad(grad, dims):
    return flip_dims(grad, dims=dims)


flip_dims.defvjp(_flip_grad)


def flip(input, dims):
    """Matches `torch.flip` (and `Tensor.flip`, whose dims may come one by one)."""
    dims = int_list(dims, 'flip', 'dims', 2)
    return flip_dims(input, dims=wrap_dims(dims, input.ndim))


def fliplr(input):
    """Matches `torch.fliplr`."""
    if input.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip_dims(input, dims=(1,))


def flipud(input):
    """Matches `torch.flipud`."""
    if input.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip_dims(input, dims=(0,))


@primitive(node_name='RollBackward0')
def roll_dims(xp, input, *, shifts, dims):
    if not dims:
        return _c_order(xp.roll(input, shifts[0]))
    return _c_order(xp.roll(input, shifts, axis=dims))


def _roll_grad(grad, shifts, dims):
    return roll_dims(grad, shifts=tuple(-s for s in shifts), dims=dims)


roll_dims.defvjp(_roll_grad)


def roll(input, shifts, dims=None):
    """Matches `torch.roll`."""
    shifts = int_list(shifts, 'roll', 'shifts', 2, allow_int=True)
    dims = () if dims is None else int_list(dims, 'roll', 'dims', 3, allow_int=True)
    if not shifts:
        raise RuntimeError("`shifts` required")
    if dims or len(shifts) != 1:
        if len(shifts) != len(dims):
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                               f"dims:{len(dims)}")
        if input.ndim == 0:
            raise IndexError(f"Dimension specified as {dims[0]} but tensor has no dimensions")
        dims = tuple(wrap_dim(d, input.ndim) for d in dims)
    return roll_dims(input, shifts=shifts, dims=dims)


@primitive(node_name='Rot90Backward0')
def rot90_dims(xp, input, *, k, dims):
    first, second = dims
    turns = k % 4
    # torch's layouts: a flip (which keeps the input's layout) then a transposed view
    if turns == 1:
        return _flip_copy(input, (second,)).swapaxes(first, second)
    if turns == 2:
        return _flip_copy(input, dims)
    if turns == 3:
        return _flip_copy(input, (first,)).swapaxes(first, second)
    return input.copy(order='C')


def _rot90_grad(grad, k, dims):
    return rot90_dims(grad, k=-k, dims=dims)


rot90_dims.defvjp(_rot90_grad)


def rot90(input, k=1, dims=(0, 1)):
    """Matches `torch.rot90`."""
    k = int_arg(k, 'rot90', 'k', 2)
    dims = int_list(dims, 'rot90', 'dims', 3)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    ndim = input.ndim
    if ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {ndim}")
    if dims[0] == dims[1] or abs(dims[0] - dims[1]) == ndim:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} "
                           f"and dim1 = {dims[1]}")
    return rot90_dims(input, k=k, dims=(wrap_dim(dims[0], ndim), wrap_dim(dims[1], ndim)))
