"""Joining and splitting along a dim: cat and its aliases, the stacks, atleast_*d, unbind, split,
chunk, tensor_split and its directional forms, narrow.

The pieces a split makes are views of its input; split and chunk make them in one op with one
node (SplitBackward0), as torch does, while tensor_split and narrow make each piece a slice."""

__all__ = ['cat', 'concat', 'concatenate', 'stack', 'hstack', 'vstack', 'row_stack', 'dstack',
           'column_stack', 'atleast_1d', 'atleast_2d', 'atleast_3d', 'unbind', 'split',
           'split_with_sizes', 'chunk', 'tensor_split', 'hsplit', 'vsplit', 'dsplit', 'narrow']
from ember import _dtype
from ember._creation import zeros
from ember._tensor import Tensor, legacy_type_name, wrap_dim
from ember.ops._primitive import VARIABLE, Promote, primitive
from ember.ops.indexing import select_index, slice_dim
from ember.ops.shape import _is_int, int_arg, int_list, reshape, unsqueeze_dim


def _tensor_list(tensors, name):
    if isinstance(tensors, Tensor) or not all(isinstance(t, Tensor) for t in tensors):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                        f"not {type(tensors).__name__}")
    return tuple(tensors)


# --- cat -------------------------------------------------------------------------------------

def _check_cat(*tensors, dim):
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    reference = None
    for position, t in enumerate(tensors):
        shape = t._data.shape
        if not shape:
            raise RuntimeError(f"zero-dimensional tensor (at position {position}) cannot be "
                               "concatenated")
        if shape == (0,):
            continue  # torch skips legacy empty tensors
        if reference is None:
            reference = shape
            continue
        if len(shape) != len(reference):
            raise RuntimeError(
                f"Tensors must have same number of dimensions: got {len(reference)} and "
                f"{len(shape)}")
        for d, (expected, got) in enumerate(zip(reference, shape)):
            if d != dim and expected != got:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {dim}. Expected size "
                    f"{expected} but got size {got} for tensor number {position} in the list.")


@primitive(Promote.COMMON, name='cat', check=_check_cat, node_name='CatBackward0')
def cat_tensors(xp, *tensors, dim):
    kept = [t for t in tensors if t.shape != (0,)] or list(tensors[:1])
    return xp.concatenate(kept, axis=dim)


def _cat_grad(grad, tensors_shape, dim):
    grads = []
    start = 0
    for shape in tensors_shape:
        if shape == (0,):
            grads.append(zeros((0,), dtype=grad.dtype))
            continue
        end = start + shape[dim]
        grads.append(slice_dim(grad, dim=dim, start=start, end=end, step=1))
        start = end
    return grads


cat_tensors.defvjp(_cat_grad)


def cat(tensors, dim=0, *, out=None):
    """Matches `torch.cat`."""
    return _cat(_tensor_list(tensors, 'cat'), dim, out)


def _cat(tensors, dim, out):
    ndim = next((t.ndim for t in tensors if t.shape != (0,)), 1)
    if out is not None:
        return cat_tensors(*tensors, dim=wrap_dim(dim, ndim), out=out)
    return cat_tensors(*tensors, dim=wrap_dim(dim, ndim))


def concat(tensors, dim=0, *, out=None):
    """Matches `torch.concat`."""
    return _cat(_tensor_list(tensors, 'concat'), dim, out)


def concatenate(tensors, axis=0, out=None):
    """Matches `torch.concatenate`."""
    return _cat(_tensor_list(tensors, 'concatenate'), axis, out)


# --- stack and its directional forms ---------------------------------------------------------

def _check_stack(*tensors, dim):
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    first = tensors[0]._data.shape
    for position, t in enumerate(tensors[1:], 1):
        if t._data.shape != first:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(first)} at entry 0 and {list(t._data.shape)} at entry "
                               f"{position}")


@primitive(Promote.COMMON, check=_check_stack, node_name='StackBackward0')
def stack_tensors(xp, *tensors, dim):
    return xp.stack(tensors, axis=dim)


def _stack_grad(grad, dim):
    return unbind(grad, dim)


stack_tensors.defvjp(_stack_grad)


def stack(tensors, dim=0, *, out=None):
    """Matches `torch.stack`."""
    tensors = _tensor_list(tensors, 'stack')
    ndim = tensors[0].ndim + 1 if tensors else 1
    if out is not None:
        return stack_tensors(*tensors, dim=wrap_dim(dim, ndim), out=out)
    return stack_tensors(*tensors, dim=wrap_dim(dim, ndim))


def _non_empty(tensors, name):
    tensors = _tensor_list(tensors, name)
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return tensors


def hstack(tensors, *, out=None):
    """Matches `torch.hstack`."""
    tensors = atleast_1d(_non_empty(tensors, 'hstack'))
    return _cat(tensors, 0 if tensors[0].ndim == 1 else 1, out)


def vstack(tensors, *, out=None):
    """Matches `torch.vstack`."""
    return _cat(atleast_2d(_non_empty(tensors, 'vstack')), 0, out)


def row_stack(tensors, *, out=None):
    """Matches `torch.row_stack`."""
    # NOTE: torch names vstack in row_stack's message for an empty list
    tensors = _tensor_list(tensors, 'row_stack')
    return _cat(atleast_2d(_non_empty(tensors, 'vstack')), 0, out)


def dstack(tensors, *, out=None):
    """Matches `torch.dstack`."""
    return _cat(atleast_3d(_non_empty(tensors, 'dstack')), 2, out)


def column_stack(tensors, *, out=None):
    """Matches `torch.column_stack`."""
    tensors = _non_empty(tensors, 'column_stack')
    columns = tuple(reshape(t, (t.numel(), 1)) if t.ndim <= 1 else t for t in tensors)
    return _cat(columns, 1, out)


def _at_least(tensors, name, make):
    """atleast_Nd's handling of its arguments: one tensor, one sequence, or several tensors."""
    if len(tensors) == 1:
        single = tensors[0]
        if isinstance(single, Tensor):
            return make(single)
        if not isinstance(single, (tuple, list)):
            kind = type(single).__name__
            raise TypeError(
                f"{name}() received an invalid combination of arguments - got ({kind}), but "
                f"expected one of:\n * (Tensor input)\n      didn't match because some of the "
                f"arguments have invalid types: (!{kind}!)\n * (tuple of Tensors tensors)\n"
                f"      didn't match because some of the arguments have invalid types: "
                f"(!{kind}!)\n")
        tensors = single
    for position, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {position} in argument 0, but got "
                            f"{type(t).__name__}")
    return tuple(make(t) for t in tensors)


def _one_d(t):
    return reshape(t, (1,)) if t.ndim == 0 else t


def _two_d(t):
    if t.ndim == 0:
        return reshape(t, (1, 1))
    return unsqueeze_dim(t, dim=0) if t.ndim == 1 else t


def _three_d(t):
    ndim = t.ndim
    if ndim == 0:
        return reshape(t, (1, 1, 1))
    if ndim == 1:
        return unsqueeze_dim(unsqueeze_dim(t, dim=0), dim=2)
    return unsqueeze_dim(t, dim=2) if ndim == 2 else t


def atleast_1d(*tensors):
    """Matches `torch.atleast_1d`."""
    return _at_least(tensors, 'atleast_1d', _one_d)


def atleast_2d(*tensors):
    """Matches `torch.atleast_2d`."""
    return _at_least(tensors, 'atleast_2d', _two_d)


def atleast_3d(*tensors):
    """Matches `torch.atleast_3d`."""
    return _at_least(tensors, 'atleast_3d', _three_d)


# --- unbind and split ------------------------------------------------------------------------

def _unbind_output_view(index, settings):
    return select_index, {'dim': settings['dim'], 'index': index}


@primitive(view=True, outputs=VARIABLE, output_view=_unbind_output_view,
           node_name='UnbindBackward0')
def unbind_dim(xp, input, *, dim):
    prefix = (slice(None),) * dim
    return tuple(input[prefix + (i, Ellipsis)] for i in range(input.shape[dim]))


def _unbind_grad(grads, input_shape, dim):
    slice_shape = input_shape[:dim] + input_shape[dim + 1:]
    like = next(g for g in grads if g is not None)
    filled = [g if g is not None else zeros(slice_shape, dtype=like.dtype) for g in grads]
    return stack_tensors(*filled, dim=dim)


unbind_dim.defvjp(_unbind_grad)


def unbind(input, dim=0):
    """Matches `torch.unbind`."""
    return unbind_dim(input, dim=wrap_dim(dim, input.ndim))


def _piece_bounds(sizes):
    bounds = []
    start = 0
    for size in sizes:
        bounds.append((start, start + size))
        start += size
    return bounds


def _split_output_view(index, settings):
    start, end = _piece_bounds(settings['sizes'])[index]
    return slice_dim, {'dim': settings['dim'], 'start': start, 'end': end, 'step': 1}


def _split_forward(input, sizes, dim):
    prefix = (slice(None),) * dim
    return tuple(input[prefix + (slice(start, end),)] for start, end in _piece_bounds(sizes))


def _split_grad(grads, input_shape, sizes, dim):
    like = next(g for g in grads if g is not None)
    filled = []
    for grad, size in zip(grads, sizes):
        if grad is None:
            grad = zeros(input_shape[:dim] + (size,) + input_shape[dim + 1:], dtype=like.dtype)
        filled.append(grad)
    return cat_tensors(*filled, dim=dim)


# `sizes` holds every piece's size for both ops: the pieces' views need them
@primitive(name='split', view=True, outputs=VARIABLE, output_view=_split_output_view,
           node_name='SplitBackward0')
def split_equal(xp, input, *, sizes, dim):
    return _split_forward(input, sizes, dim)


@primitive(name='split_with_sizes', view=True, outputs=VARIABLE,
           output_view=_split_output_view, node_name='SplitWithSizesBackward0')
def split_with_sizes_dim(xp, input, *, sizes, dim):
    return _split_forward(input, sizes, dim)


split_equal.defvjp(_split_grad)
split_with_sizes_dim.defvjp(_split_grad)


def _equal_pieces(input, split_size, dim):
    if input.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    if split_size < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got "
                           f"split_size={split_size}")
    dim = wrap_dim(dim, input.ndim)
    size = input.shape[dim]
    if split_size == 0 and size != 0:
        raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension "
                           f"size of {size}")
    count = max(-(-size // split_size), 1) if split_size else 1
    sizes = tuple(min(split_size, size - i * split_size) for i in range(count))
    return split_equal(input, sizes=sizes, dim=dim)


def split_with_sizes(input, split_sizes, dim=0):
    """Matches `torch.split_with_sizes`."""
    sizes = int_list(split_sizes, 'split_with_sizes', 'split_sizes', 2)
    if input.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    dim = wrap_dim(dim, input.ndim)
    total = input.shape[dim]
    if any(size < 0 for size in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative "
                           f"entries, but got split_sizes={list(sizes)}")
    if sum(sizes) != total:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {total} "
                           f"(input tensor's size at dimension {dim}), but got "
                           f"split_sizes={list(sizes)}")
    return split_with_sizes_dim(input, sizes=sizes, dim=dim)


def split(tensor, split_size_or_sections, dim=0):
    """Matches `torch.split` (and `Tensor.split`)."""
    size = split_size_or_sections
    if isinstance(size, Tensor) and size.ndim == 0:
        size = int(size.item())
    if isinstance(size, Tensor) or not _is_int(size):
        return split_with_sizes(tensor, size, dim)
    return _equal_pieces(tensor, int(size), dim)


def chunk(input, chunks, dim=0):
    """Matches `torch.chunk`."""
    chunks = int_arg(chunks, 'chunk', 'chunks', 2)
    dim = int_arg(dim, 'chunk', 'dim', 3)
    if input.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    dim = wrap_dim(dim, input.ndim)
    size = input.shape[dim]
    split_size = -(-size // chunks)
    if split_size == 0 and size == 0:
        # every chunk of an empty dim is empty, and torch makes all `chunks` of them
        return split_with_sizes_dim(input, sizes=(0,) * chunks, dim=dim)
    return _equal_pieces(input, split_size, dim)


# --- slices: tensor_split, its directional forms, narrow -------------------------------------

def _slices(input, dim, bounds):
    return tuple(slice_dim(input, dim=dim, start=start, end=end, step=1)
                 for start, end in bounds)


def _section_bounds(size, sections):
    if sections <= 0:
        raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
    small, extra = divmod(size, sections)
    return _piece_bounds([small + 1 if i < extra else small for i in range(sections)])


def _index_bounds(size, indices):
    bounds = []
    start = 0
    for index in tuple(indices) + (size,):
        begin, end, _ = slice(start, index).indices(size)
        bounds.append((begin, max(end, begin)))
        start = index
    return bounds


def tensor_split(input, indices_or_sections, dim=0):
    """Matches `torch.tensor_split`."""
    if input.ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a "
                           "tensor with 0 dims")
    split = indices_or_sections
    if isinstance(split, Tensor):
        if split.dtype is not _dtype.int64:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to have dtype "
                               f"of long, but got {legacy_type_name(split.dtype)}")
        if split.ndim > 1:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to be a "
                               f"zero-dimensional or one-dimensional tensor, but got a tensor "
                               f"with {split.ndim} dims")
        split = int(split.item()) if split.ndim == 0 else tuple(split.tolist())
    elif _is_int(split):
        split = int(split)
    elif isinstance(split, (tuple, list)) and all(_is_int(i) for i in split):
        split = tuple(int(i) for i in split)
    else:
        kind = type(split).__name__
        raise TypeError(
            f"tensor_split() received an invalid combination of arguments - got (Tensor, "
            f"{kind}), but expected one of:\n * (Tensor input, tuple of ints indices, int dim = "
            f"0)\n * (Tensor input, Tensor tensor_indices_or_sections, int dim = 0)\n * (Tensor "
            f"input, int sections, int dim = 0)\n")
    dim = wrap_dim(dim, input.ndim)
    size = input.shape[dim]
    if isinstance(split, int):
        return _slices(input, dim, _section_bounds(size, split))
    return _slices(input, dim, _index_bounds(size, split))


def _directional_split(input, indices_or_sections, name, min_ndim, dim):
    ndim = input.ndim
    if ndim < min_ndim:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {min_ndim} dimension, "
                           f"but got a tensor with {ndim} dimensions!")
    split = indices_or_sections
    if not (_is_int(split) or isinstance(split, (tuple, list))):
        kind = type(split).__name__
        raise TypeError(
            f"{name}() received an invalid combination of arguments - got (Tensor, {kind}), but "
            f"expected one of:\n * (Tensor input, int sections)\n      didn't match because "
            f"some of the arguments have invalid types: (Tensor, !{kind}!)\n * (Tensor input, "
            f"tuple of ints indices)\n      didn't match because some of the arguments have "
            f"invalid types: (Tensor, !{kind}!)\n")
    if _is_int(split):
        size = input.shape[dim]
        sections = int(split)
        if sections == 0 or size % sections:
            raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but "
                               f"the size of the dimension {size} is not divisible by the "
                               f"split_size {sections}!")
        return tensor_split(input, sections, dim)
    return tensor_split(input, split, dim)


def hsplit(input, indices_or_sections):
    """Matches `torch.hsplit`."""
    return _directional_split(input, indices_or_sections, 'hsplit', 1, 1 if input.ndim > 1 else 0)


def vsplit(input, indices_or_sections):
    """Matches `torch.vsplit`."""
    return _directional_split(input, indices_or_sections, 'vsplit', 2, 0)


def dsplit(input, indices_or_sections):
    """Matches `torch.dsplit`."""
    return _directional_split(input, indices_or_sections, 'dsplit', 3, 2)


def narrow(input, dim, start, length):
    """Matches `torch.narrow`."""
    if isinstance(start, Tensor):
        if start.ndim or start._data.dtype.kind not in 'iu':
            raise RuntimeError("start must be an 0-dim integral Tensor.")
        start = int(start.item())
    if input.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    dim = wrap_dim(dim, input.ndim)
    size = input.shape[dim]
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], "
                         f"but got {start})")
    if start < 0:
        start += size
    if start > size - length:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                           f"({size}).")
    return slice_dim(input, dim=dim, start=start, end=start + length, step=1)
