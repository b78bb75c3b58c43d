"""Shape ops: views (view, transpose, permute, squeeze, unsqueeze, expand, alias) and the
copies torch makes when a view is impossible (reshape of a non-contiguous tensor, clone, to)."""

__all__ = ['reshape', 'flatten', 'unflatten', 't', 'transpose', 'permute', 'unsqueeze', 'squeeze', 'clone']
import numbers

import numpy as np

from ember._tensor import Tensor, legacy_type_name, wrap_dim
from ember.ops._primitive import primitive


def parse_shape(shape, name='shape'):
    """A tuple of ints from `*shape` arguments (ints, or one sequence)."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    parsed = []
    for index, size in enumerate(shape):
        if isinstance(size, Tensor):
            size = size.item()
        if not isinstance(size, numbers.Integral):
            raise TypeError(f"reshape(): argument '{name}' failed to unpack the object at pos "
                            f"{index + 1} with error \"type must be tuple of ints,but got "
                            f"{type(size).__name__}\"")
        parsed.append(int(size))
    return tuple(parsed)


def infer_size(shape, numel):
    """`shape` with its -1 filled in, raising torch's errors for impossible shapes."""
    inferred = None
    known = 1
    for index, size in enumerate(shape):
        if size == -1:
            if inferred is not None:
                raise RuntimeError("only one dimension can be inferred")
            inferred = index
        elif size < 0:
            raise RuntimeError(f"invalid shape dimension {size} at index {index} of shape "
                               f"{list(shape)}")
        else:
            known *= size
    if inferred is None:
        if known != numel:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        return tuple(shape)
    if known == 0:
        if numel == 0:
            raise RuntimeError(
                f"cannot reshape tensor of 0 elements into shape {list(shape)} because the "
                "unspecified dimension size -1 can be any value and is ambiguous")
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    if numel % known:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return tuple(shape[:inferred]) + (numel // known,) + tuple(shape[inferred + 1:])


def _pass_through(grad):
    return grad


# --- reshaping -------------------------------------------------------------------------------

@primitive(view=True)
def view(xp, input, *, size):
    try:
        return input.reshape(size, copy=False)
    except ValueError:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead.") \
            from None


def _reshape_grad(grad, input_shape):
    return reshape(grad, input_shape)


view.defvjp(_reshape_grad)


@primitive(node_name='UnsafeViewBackward0')
def unsafe_view(xp, input, *, size):
    return input.reshape(size)


unsafe_view.defvjp(_reshape_grad)


def _viewable(array, shape):
    if type(array) is not np.ndarray or array.flags.c_contiguous:
        return True
    try:
        np.reshape(array, shape, copy=False)
    except ValueError:
        return False
    return True


def reshape(input, *shape):
    """Matches `torch.reshape`: a view when the memory allows one, else a copy."""
    size = infer_size(parse_shape(shape), input._data.size)
    if _viewable(input._data, size):
        return view(input, size=size)
    return unsafe_view(clone(input), size=size)


def view_shape(input, *shape):
    """Matches `Tensor.view(*shape)`."""
    return view(input, size=infer_size(parse_shape(shape), input._data.size))


def flatten(input, start_dim=0, end_dim=-1):
    """Matches `torch.flatten`."""
    ndim = input.ndim
    if ndim == 0:
        return reshape(input, (1,))
    start, end = wrap_dim(start_dim, ndim), wrap_dim(end_dim, ndim)
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:
        return input
    shape = input.shape
    middle = 1
    for size in shape[start:end + 1]:
        middle *= size
    return reshape(input, shape[:start] + (middle,) + shape[end + 1:])


def unflatten(input, dim, sizes):
    """Matches `torch.unflatten`."""
    dim = wrap_dim(dim, input.ndim)
    shape = input.shape
    sizes = infer_size(tuple(sizes), shape[dim])
    return view(input, size=shape[:dim] + sizes + shape[dim + 1:])


@primitive(node_name='AliasBackward0', view=True)
def alias(xp, input):
    return input.view()


alias.defvjp(_pass_through)


# --- transposition ---------------------------------------------------------------------------

def _check_t(input):
    if input._data.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is "
                           f"{input._data.ndim}D")


@primitive(view=True, check=_check_t)
def t(xp, input):
    return input.T


def _t_grad(grad):
    return t(grad)


t.defvjp(_t_grad)


@primitive(view=True, node_name='TransposeBackward0')
def transpose_dims(xp, input, *, dim0, dim1):
    return input.swapaxes(dim0, dim1)


def _transpose_grad(grad, dim0, dim1):
    return transpose_dims(grad, dim0=dim0, dim1=dim1)


transpose_dims.defvjp(_transpose_grad)


def transpose(input, dim0, dim1):
    """Matches `torch.transpose`."""
    ndim = input.ndim
    return transpose_dims(input, dim0=wrap_dim(dim0, ndim), dim1=wrap_dim(dim1, ndim))


@primitive(view=True, node_name='PermuteBackward0')
def permute_dims(xp, input, *, dims):
    return input.transpose(dims)


def _permute_grad(grad, dims):
    inverse = [0] * len(dims)
    for position, d in enumerate(dims):
        inverse[d] = position
    return permute_dims(grad, dims=tuple(inverse))


permute_dims.defvjp(_permute_grad)


def permute(input, *dims):
    """Matches `torch.permute`."""
    dims = parse_shape(dims, 'dims')
    ndim = input.ndim
    if len(dims) != ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the "
            "length of the desired ordering of dimensions i.e. input.dim() = "
            f"{ndim} is not equal to len(dims) = {len(dims)}")
    dims = tuple(wrap_dim(d, ndim) for d in dims)
    if len(set(dims)) != ndim:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return permute_dims(input, dims=dims)


# --- adding and removing size-1 dims ---------------------------------------------------------

@primitive(view=True, node_name='UnsqueezeBackward0')
def unsqueeze_dim(xp, input, *, dim):
    shape = input.shape
    return input.reshape(shape[:dim] + (1,) + shape[dim:])


def _unsqueeze_grad(grad, dim):
    return squeeze_dim(grad, dim=dim)


unsqueeze_dim.defvjp(_unsqueeze_grad)


def unsqueeze(input, dim):
    """Matches `torch.unsqueeze`."""
    return unsqueeze_dim(input, dim=wrap_dim(dim, input.ndim + 1))


@primitive(view=True, node_name='SqueezeBackward0')
def squeeze_all(xp, input):
    return input.squeeze()


@primitive(view=True, node_name='SqueezeBackward1')
def squeeze_dim(xp, input, *, dim):
    return input.squeeze(dim) if input.shape[dim] == 1 else input.view()


@primitive(view=True, node_name='SqueezeBackward2')
def squeeze_dims(xp, input, *, dims):
    return input.squeeze(tuple(d for d in dims if input.shape[d] == 1))


# NOTE: torch's matmul squeezes its vector-matrix product in place, hence a node of its own
@primitive(view=True, node_name='SqueezeBackward4')
def squeeze_result(xp, input, *, dim):
    return input.squeeze(dim)


for _squeeze in (squeeze_all, squeeze_dim, squeeze_dims, squeeze_result):
    _squeeze.defvjp(_reshape_grad)


def squeeze(input, dim=None):
    """Matches `torch.squeeze`."""
    ndim = input.ndim
    if dim is None:
        return squeeze_all(input)
    if isinstance(dim, (tuple, list)):
        return squeeze_dims(input, dims=tuple(wrap_dim(d, ndim) for d in dim))
    return squeeze_dim(input, dim=wrap_dim(dim, ndim))


# --- broadcasting ----------------------------------------------------------------------------

@primitive(view=True, node_name='ExpandBackward0')
def expand_to(xp, input, *, size):
    return xp.broadcast_to(input, size)


def _expand_grad(grad, input_shape):
    from ember.ops.reduction import sum_to
    return sum_to(grad, input_shape)


expand_to.defvjp(_expand_grad)


def expand(input, *sizes):
    """Matches `Tensor.expand`."""
    sizes = parse_shape(sizes, 'size')
    shape = input.shape
    if len(sizes) < len(shape):
        raise RuntimeError(
            f"expand(torch.{legacy_type_name(input.dtype)}Tensor{{{list(shape)}}}, "
            f"size={list(sizes)}): the number "
            f"of sizes provided ({len(sizes)}) must be greater or equal to the number of "
            f"dimensions in the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    target = list(sizes)
    for i, size in enumerate(shape):
        wanted = sizes[lead + i]
        if wanted == -1:
            target[lead + i] = size
        elif size != 1 and size != wanted:
            raise RuntimeError(
                f"The expanded size of the tensor ({wanted}) must match the existing size "
                f"({size}) at non-singleton dimension {lead + i}.  Target sizes: "
                f"{list(sizes)}.  Tensor sizes: {list(shape)}")
    return expand_to(input, size=tuple(target))


# --- copies ----------------------------------------------------------------------------------

@primitive(node_name='CloneBackward0')
def clone_tensor(xp, input, *, order='K'):
    return input.copy(order=order)


clone_tensor.defvjp(_pass_through)


def clone(input, *, memory_format=None):
    """Matches `torch.clone` (keeping the input's memory layout, as torch's default does)."""
    return clone_tensor(input)


def contiguous(input, memory_format=None):
    """Matches `Tensor.contiguous`: the tensor itself when already contiguous."""
    if input.is_contiguous():
        return input
    return clone_tensor(input, order='C')


@primitive(node_name='ToCopyBackward0')
def to_dtype(xp, input, *, dtype):
    return input.astype(dtype.np)


# the engine casts every gradient to its input's dtype
to_dtype.defvjp(_pass_through)


@primitive(node_name='CopyBackwards')
def copy_to_new(xp, input):
    return input.copy()


copy_to_new.defvjp(_pass_through)
