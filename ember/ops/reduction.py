"""Reductions: sum and mean over all elements or over dims, and sum_to for broadcasting."""

__all__ = ['sum', 'mean']
import numpy as np

from ember._tensor import legacy_type_name, wrap_dim
from ember.ops._dispatch import run
from ember.ops._primitive import primitive
from ember.ops.shape import view


def reduction_dims(dim, ndim):
    """A sorted tuple of non-negative dims from torch's `dim` argument (int or sequence)."""
    if isinstance(dim, (tuple, list)):
        dims = tuple(sorted(wrap_dim(d, ndim) for d in dim))
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
        return dims
    return (wrap_dim(dim, ndim),)


def _accumulator_dtype(array, dtype):
    """The dtype torch sums in: int64 for integers and bools, float32 for float16."""
    if dtype is not None:
        return dtype.np
    kind = array.dtype.kind
    if kind in 'biu':
        return np.int64
    if array.dtype == np.float16:
        return np.float32
    return None


def expand_reduced(grad, input_shape, dims, keepdim):
    """A reduction's gradient broadcast back over the dims it reduced."""
    if not keepdim and input_shape:
        for d in dims:
            grad = grad.unsqueeze(d)
    return grad.expand(input_shape)


# --- sum -------------------------------------------------------------------------------------

@primitive(node_name='SumBackward0')
def sum_all(xp, input, *, dtype=None):
    result = input.sum(dtype=_accumulator_dtype(input, dtype))
    return result if dtype is not None or input.dtype != np.float16 else result.astype(np.float16)


def _sum_all_grad(grad, input_shape):
    return grad.expand(input_shape)


sum_all.defvjp(_sum_all_grad)


@primitive(node_name='SumBackward1')
def sum_dim(xp, input, *, dim, keepdim=False, dtype=None):
    result = input.sum(axis=dim, keepdims=keepdim, dtype=_accumulator_dtype(input, dtype))
    return result if dtype is not None or input.dtype != np.float16 else result.astype(np.float16)


def _sum_dim_grad(grad, input_shape, dim, keepdim):
    return expand_reduced(grad, input_shape, dim, keepdim)


sum_dim.defvjp(_sum_dim_grad)


def sum(input, dim=None, keepdim=False, *, dtype=None):
    """Matches `torch.sum`."""
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        if keepdim and dim is not None:
            return sum_dim(input, dim=tuple(range(input.ndim)), keepdim=True, dtype=dtype)
        return sum_all(input, dtype=dtype)
    return sum_dim(input, dim=reduction_dims(dim, input.ndim), keepdim=keepdim, dtype=dtype)


def sum_to(tensor, shape):
    """Sum `tensor` over the dims that broadcasting added or stretched, to get `shape`."""
    grad_shape = tensor._data.shape
    lead = len(grad_shape) - len(shape)
    dims = tuple(range(lead)) + tuple(
        lead + i for i, size in enumerate(shape) if size == 1 and grad_shape[lead + i] != 1)
    if dims:
        tensor = run(sum_dim, (tensor,), {'dim': dims, 'keepdim': True}, None)
    if lead:
        tensor = run(view, (tensor,), {'size': tuple(shape)}, None)
    return tensor


# --- mean ------------------------------------------------------------------------------------

def _check_mean(input, *, dim=None, keepdim=False, dtype=None):
    if dtype is None and input._data.dtype.kind not in 'fc':
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating point "
            f"or complex dtype. Got: {legacy_type_name(input.dtype)}")


def _mean(input, dim, keepdim, dtype):
    # NOTE: sum / count rather than ndarray.mean, whose empty-input warning comes from NumPy's
    #       own Python code where ember's warning filter cannot reach it
    if dtype is not None:
        input = input.astype(dtype.np)
    count = input.size if dim is None else int(np.prod([input.shape[d] for d in dim]))
    total = input.sum(axis=dim, keepdims=keepdim,
                      dtype=np.float32 if input.dtype == np.float16 else None)
    return (total / count).astype(input.dtype) if input.dtype == np.float16 else total / count


@primitive(node_name='MeanBackward0', check=_check_mean)
def mean_all(xp, input, *, dtype=None):
    return _mean(input, None, False, dtype)


def _mean_all_grad(grad, input_shape):
    count = 1
    for size in input_shape:
        count *= size
    return (grad / count).expand(input_shape)


mean_all.defvjp(_mean_all_grad)


@primitive(node_name='MeanBackward1', check=_check_mean)
def mean_dim(xp, input, *, dim, keepdim=False, dtype=None):
    return _mean(input, dim, keepdim, dtype)


def _mean_dim_grad(grad, input_shape, dim, keepdim):
    count = 1
    for d in dim:
        count *= input_shape[d]
    return expand_reduced(grad / count, input_shape, dim, keepdim)


mean_dim.defvjp(_mean_dim_grad)


def mean(input, dim=None, keepdim=False, *, dtype=None):
    """Matches `torch.mean`."""
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        return mean_all(input, dtype=dtype)
    return mean_dim(input, dim=reduction_dims(dim, input.ndim), keepdim=keepdim, dtype=dtype)
