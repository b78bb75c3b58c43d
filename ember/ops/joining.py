"""Joining and splitting along a dim: cat, stack, unbind."""

__all__ = ['cat', 'stack', 'unbind']
from ember._creation import zeros
from ember._tensor import Tensor, wrap_dim
from ember.ops._primitive import VARIABLE, Promote, primitive
from ember.ops.indexing import select_index, slice_dim


def _tensor_list(tensors, name):
    if isinstance(tensors, Tensor) or not all(isinstance(t, Tensor) for t in tensors):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                        f"not {type(tensors).__name__}")
    return tuple(tensors)


def _check_cat(*tensors, dim):
    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
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


@primitive(Promote.COMMON, check=_check_cat, node_name='CatBackward0')
def concatenate(xp, *tensors, dim):
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


concatenate.defvjp(_cat_grad)


def cat(tensors, dim=0, *, out=None):
    """Matches `torch.cat`."""
    tensors = _tensor_list(tensors, 'cat')
    ndim = next((t.ndim for t in tensors if t.shape != (0,)), 1)
    if out is not None:
        return concatenate(*tensors, dim=wrap_dim(dim, ndim), out=out)
    return concatenate(*tensors, dim=wrap_dim(dim, ndim))


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
