"""Shape ops: views (view, transpose, permute, squeeze, unsqueeze, expand, alias) and the
copies torch makes when a view is impossible (reshape of a non-contiguous tensor, clone, to);
also the argument parsing torch's shape arguments share."""

__all__ = ['reshape', 'flatten', 'unflatten', 'ravel', 't', 'transpose', 'permute', 'unsqueeze',
           'squeeze', 'clone']
import numbers
import sys
import warnings

import numpy as np

from ember._tensor import Tensor, legacy_type_name, wrap_dim
from ember.ops._primitive import primitive


def _is_int(value):
    """Whether torch's argument parser takes `value` as an int (bools it does not)."""
    if isinstance(value, Tensor):
        return value._data.ndim == 0 and value._data.dtype.kind in 'iu'
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def parse_shape(shape, name='shape', op='reshape'):
    """A tuple of ints from `*shape` arguments (ints, or one sequence)."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    parsed = []
    for index, size in enumerate(shape):
        if not _is_int(size):
            raise TypeError(f"{op}(): argument '{name}' failed to unpack the object at pos "
                            f"{index + 1} with error \"type must be tuple of ints,but got "
                            f"{type(size).__name__}\"")
        parsed.append(int(size))
    return tuple(parsed)


def int_list(value, op, name, position, allow_int=False):
    """A tuple of ints from a sequence argument, with torch's messages for other types;
    `allow_int`: a single int stands for a one-element list (torch's `int[1]` arguments)."""
    if allow_int and _is_int(value) and not isinstance(value, (tuple, list)):
        return (int(value),)
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"{op}(): argument '{name}' (position {position}) must be tuple of "
                        f"ints, not {type(value).__name__}")
    if value and not _is_int(value[0]):
        raise TypeError(f"{op}(): argument '{name}' (position {position}) must be tuple of "
                        f"ints, but found element of type {type(value[0]).__name__} at pos 0")
    return parse_shape((value,), name, op)


def int_arg(value, op, name, position):
    """An int argument, with torch's message for other types."""
    if not _is_int(value):
        raise TypeError(f"{op}(): argument '{name}' (position {position}) must be int, not "
                        f"{type(value).__name__}")
    return int(value)


def wrap_dims(dims, ndim):
    """Non-negative dims in the given order, with torch's error for a repeated dim."""
    wrapped = []
    for d in dims:
        d = wrap_dim(d, ndim)
        if d in wrapped:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        wrapped.append(d)
    return tuple(wrapped)


_warned = set()


def warn_once(message):
    """`warn`, the first time only: torch gives these deprecation warnings once a process."""
    if message not in _warned:
        _warned.add(message)
        warn(message)


def warn(message):
    """A UserWarning attributed to the first caller outside ember, as torch's are."""
    frame = sys._getframe(1)
    level = 2
    while frame is not None and frame.f_globals.get('__name__', '').startswith('ember.'):
        frame = frame.f_back
        level += 1
    warnings.warn(message, UserWarning, stacklevel=level)


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


def _shape_argument(shape, op, name):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        return int_list(shape[0], op, name, 2)
    return parse_shape(shape, name, op)


def one_way(args, keyword, op, name):
    """The arguments of a function taking a sequence as `name=...` or positionally."""
    if keyword is None:
        return args
    if args:
        raise TypeError(f"{op}() got multiple values for argument '{name}'")
    return (keyword,)


def reshape(input, *args, shape=None):
    """Matches `torch.reshape` (and `Tensor.reshape`, whose sizes may come one by one): a view
    when the memory allows one, else a copy."""
    shape = one_way(args, shape, 'reshape', 'shape')
    size = infer_size(_shape_argument(shape, 'reshape', 'shape'), input._data.size)
    if _viewable(input._data, size):
        return view(input, size=size)
    return unsafe_view(clone(input), size=size)


def view_shape(input, *shape, size=None):
    """Matches `Tensor.view(*shape)`."""
    shape = _shape_argument(one_way(shape, size, 'view', 'size'), 'view', 'size')
    return view(input, size=infer_size(shape, input._data.size))


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
    sizes = int_list(sizes, 'unflatten', 'sizes', 3)
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    dim = wrap_dim(dim, input.ndim)
    shape = input.shape
    try:
        if not shape:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        sizes = infer_size(sizes, shape[dim])
    except (RuntimeError, IndexError) as error:
        # NOTE: torch's own message for other errors ends with a C++ stack trace, left out here
        if 'is invalid for input of size' in str(error):
            raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to "
                               f"the size of dim {dim} ({shape[dim]}) in the input tensor") \
                from None
        raise RuntimeError(f"unflatten got an unexpected error:\n{error}") from None
    return view(input, size=shape[:dim] + sizes + shape[dim + 1:])


def ravel(input):
    """Matches `torch.ravel`."""
    return view(contiguous(input), size=(input._data.size,))


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
    return input.swapaxes(dim0, dim1) if input.ndim else input.view()


def _transpose_grad(grad, dim0, dim1):
    return transpose_dims(grad, dim0=dim0, dim1=dim1)


transpose_dims.defvjp(_transpose_grad)


def transpose(input, dim0, dim1):
    """Matches `torch.transpose`."""
    return swap_dims(input, dim0, dim1, 'transpose', ('dim0', 'dim1'))


def swap_dims(input, dim0, dim1, op, names):
    """transpose and its aliases, whose messages name their own arguments."""
    dim0, dim1 = int_arg(dim0, op, names[0], 2), int_arg(dim1, op, names[1], 3)
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


def permute(input, *args, dims=None):
    """Matches `torch.permute` (and `Tensor.permute`, whose dims may come one by one)."""
    dims = parse_shape(one_way(args, dims, 'permute', 'dims'), 'dims', 'permute')
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
    dim = int_arg(dim, 'unsqueeze', 'dim', 2)
    return unsqueeze_dim(input, dim=wrap_dim(dim, input.ndim + 1))


@primitive(view=True, node_name='SqueezeBackward0')
def squeeze_all(xp, input):
    return input.squeeze()


@primitive(view=True, node_name='SqueezeBackward1')
def squeeze_dim(xp, input, *, dim):
    return input.squeeze(dim) if input.ndim and input.shape[dim] == 1 else input.view()


@primitive(view=True, node_name='SqueezeBackward2')
def squeeze_dims(xp, input, *, dims):
    return input.squeeze(tuple(d for d in dims if input.ndim and input.shape[d] == 1))


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
        return squeeze_dims(input, dims=wrap_dims(dim, ndim))
    return squeeze_dim(input, dim=wrap_dim(dim, ndim))


# --- broadcasting ----------------------------------------------------------------------------

@primitive(view=True, node_name='ExpandBackward0')
def expand_to(xp, input, *, size):
    out = xp.broadcast_to(input, size)
    if out.size and any(s == 0 and n > 1 for s, n in zip(out.strides, out.shape)):
        return out  # read-only, so writing through it raises torch's internal-overlap error
    # nothing is repeated: torch allows writing through such an expand
    return xp.lib.stride_tricks.as_strided(input, out.shape, out.strides)


def _expand_grad(grad, input_shape):
    from ember.ops.reduction import sum_to
    return sum_to(grad, input_shape)


expand_to.defvjp(_expand_grad)


def expand(input, *sizes, size=None):
    """Matches `Tensor.expand`."""
    sizes = parse_shape(one_way(sizes, size, 'expand', 'size'), 'size', 'expand')
    shape = input.shape
    if len(sizes) < len(shape):
        raise RuntimeError(
            f"expand(torch.{legacy_type_name(input.dtype)}Tensor{{{list(shape)}}}, "
            f"size={list(sizes)}): the number "
            f"of sizes provided ({len(sizes)}) must be greater or equal to the number of "
            f"dimensions in the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    target = list(sizes)
    # torch checks from the last dim backwards, so that is the mismatch it reports
    for i in range(len(sizes) - 1, -1, -1):
        wanted = sizes[i]
        if i < lead:
            # NOTE: for a 0-d input torch reports any negative size as an overflow, below
            if wanted == -1 and shape:
                raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a "
                                   f"leading, non-existing dimension {i}")
            continue
        size = shape[i - lead]
        if wanted == -1:
            target[i] = size
        elif size != 1 and size != wanted:
            raise RuntimeError(
                f"The expanded size of the tensor ({wanted}) must match the existing size "
                f"({size}) at non-singleton dimension {i}.  Target sizes: "
                f"{list(sizes)}.  Tensor sizes: {list(shape)}")
    if any(size < 0 for size in target):
        raise RuntimeError("numel: integer multiplication overflow")
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
