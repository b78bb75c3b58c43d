"""Reductions: sum, mean, prod, max and min in their forms, all, any, count_nonzero; and
sum_to for broadcasting."""

__all__ = ['sum', 'mean', 'prod', 'max', 'min', 'amax', 'amin', 'aminmax', 'argmax', 'argmin',
           'all', 'any', 'count_nonzero']

import numpy as np

from ember import return_types
from ember._creation import ones
from ember._tensor import Tensor, legacy_type_name, wrap, wrap_dim
from ember.ops._dispatch import run
from ember.ops._transforms import active as _transforms
from ember.ops._primitive import primitive
from ember.ops._selection import (evenly_distribute_backward, scale_grad_by_count,
                                  value_selecting_backward)
from ember.ops.shape import view


def reduction_dims(dim, ndim):
    """A sorted tuple of non-negative dims from torch's `dim` argument (int or sequence);
    empty for a 0-d tensor, whose dim 0 or -1 reduces nothing."""
    if isinstance(dim, (tuple, list)):
        dims = tuple(sorted(wrap_dim(d, ndim) for d in dim))
        if len(set(dims)) != len(dims):
            duplicate = next(d for d in dims if dims.count(d) > 1)
            raise RuntimeError(f"dim {duplicate} appears multiple times in the list of dims")
    else:
        dims = (wrap_dim(dim, ndim),)
    return dims if ndim else ()


def all_dims(dim, ndim):
    """Reduced dims for ops where None or an empty sequence means every dim."""
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        return tuple(range(ndim))
    return reduction_dims(dim, ndim)


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


def _accumulated(result, input, dtype):
    """A product computed in torch's accumulator dtype, as the result dtype torch gives:
    float16 again for float16 input."""
    return result if dtype is not None or input.dtype != np.float16 else \
        result.astype(np.float16)


def expand_reduced(grad, input_shape, dims, keepdim):
    """A reduction's gradient broadcast back over the dims it reduced."""
    if not keepdim and input_shape:
        for d in dims:
            grad = grad.unsqueeze(d)
    return grad.expand(input_shape)


def restore_reduced(tensor, input_shape, dims, keepdim):
    """A reduction's result with its reduced dims put back as size 1 (for broadcasting)."""
    if not keepdim and input_shape:
        for d in dims:
            tensor = tensor.unsqueeze(d)
    return tensor


def int_dim(name, dim, ndim, position=None):
    """A dim that must be an int, wrapped; torch's TypeError for anything else."""
    if isinstance(dim, bool) or not isinstance(dim, int):
        where = '' if position is None else f' (position {position})'
        raise TypeError(f"{name}(): argument 'dim'{where} must be int, not "
                        f"{type(dim).__name__}")
    return wrap_dim(dim, ndim)


def invalid_arguments(name, args, overloads, keywords=None):
    """torch's TypeError for arguments that match none of an op's overloads."""
    described = ['Tensor' if isinstance(a, Tensor) else type(a).__name__ for a in args]
    described += [f'{k}={type(v).__name__}' for k, v in (keywords or {}).items()]
    got = ', '.join(described)
    expected = ''.join(f' * ({overload})\n' for overload in overloads)
    return TypeError(f"{name}() received an invalid combination of arguments - got ({got}), "
                     f"but expected one of:\n{expected}")


def check_nonempty_dims(name, input, dims, separator='()'):
    """torch's IndexError for reducing over a dim of size 0 in an op with no identity."""
    shape = input._data.shape
    for d in dims:
        if shape[d] == 0:
            raise IndexError(f"{name}{separator}: Expected reduction dim {d} to have non-zero "
                             "size.")


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
        if keepdim:
            return sum_dim(input, dim=tuple(range(input.ndim)), keepdim=True, dtype=dtype)
        return sum_all(input, dtype=dtype)
    return sum_dim(input, dim=reduction_dims(dim, input.ndim), keepdim=keepdim, dtype=dtype)


def sum_to(tensor, shape):
    """Sum `tensor` over the dims that broadcasting added or stretched, to get `shape`."""
    grad_shape = tensor._data.shape
    lead = len(grad_shape) - len(shape)
    dims = tuple(range(lead)) + tuple(
        lead + i for i, size in enumerate(shape) if size == 1 and grad_shape[lead + i] != 1)
    if not tensor._requires_grad and tensor._view is None and not _transforms:
        # nothing to record: the common case in backward, worth skipping two dispatches
        if dims:
            data = sum_dim.forward(np, tensor._data, dim=dims, keepdim=True)
            return wrap(data.reshape(shape) if lead else data)
        return wrap(tensor._data.reshape(shape)) if lead else tensor
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
        if keepdim:
            return mean_dim(input, dim=tuple(range(input.ndim)), keepdim=True, dtype=dtype)
        return mean_all(input, dtype=dtype)
    return mean_dim(input, dim=reduction_dims(dim, input.ndim), keepdim=keepdim, dtype=dtype)


# --- prod ------------------------------------------------------------------------------------

@primitive(name='prod', node_name='ProdBackward0')
def prod_all(xp, input, *, dtype=None):
    return _accumulated(input.prod(dtype=_accumulator_dtype(input, dtype)), input, dtype)


def _prod_all_grad(grad, out, input):
    if input.ndim == 0:
        return grad
    if not bool(input.eq(0).any()):
        return grad * (out / input)
    return prod_safe_zeros_backward(grad, input.reshape(-1), 0).reshape(input.shape)


prod_all.defvjp(_prod_all_grad)


@primitive(name='prod', node_name='ProdBackward1')
def prod_dim(xp, input, *, dim, keepdim=False, dtype=None):
    if input.ndim == 0:
        target = dtype.np if dtype is not None else \
            np.int64 if input.dtype.kind in 'biu' else input.dtype
        return input.astype(target)
    result = input.prod(axis=dim, keepdims=keepdim, dtype=_accumulator_dtype(input, dtype))
    return _accumulated(result, input, dtype)


def _prod_dim_grad(grad, out, input, dim, keepdim):
    if input.ndim == 0:
        return grad
    if not keepdim:
        grad = grad.unsqueeze(dim)
        out = out.unsqueeze(dim)
    if not bool(input.eq(0).any()):
        return grad * (out / input)
    return prod_safe_zeros_backward(grad, input, dim)


prod_dim.defvjp(_prod_dim_grad)


def prod_safe_zeros_backward(grad, input, dim):
    """d prod / d input_i as the product of the elements before i times those after it,
    which needs no division and so holds where input has zeros."""
    from ember.ops.indexing import slice_dim
    from ember.ops.joining import cat
    from ember.ops.rearrange import flip_dims
    from ember.ops.scan import cumprod
    size = input.shape[dim]
    if input.numel() == 0:
        return grad.expand(input.shape)
    if size == 1:
        return grad
    ones_shape = list(input.shape)
    ones_shape[dim] = 1
    unit = ones(ones_shape, dtype=grad.dtype)
    before = cumprod(cat([unit, slice_dim(input, dim=dim, start=0, end=size - 1, step=1)], dim),
                     dim)
    rest = flip_dims(slice_dim(input, dim=dim, start=1, end=size, step=1), dims=(dim,))
    after = flip_dims(cumprod(cat([unit, rest], dim), dim), dims=(dim,))
    return grad * (before * after)


_WHOLE = object()  # prod's dim when none is given: torch rejects dim=None


def prod(input, dim=_WHOLE, keepdim=False, *, dtype=None):
    """Matches `torch.prod`."""
    if dim is _WHOLE:
        return prod_all(input, dtype=dtype)
    if isinstance(dim, bool) or not isinstance(dim, int):
        raise invalid_arguments('prod', (input, dim), (
            'Tensor input, *, torch.dtype dtype = None',
            'Tensor input, int dim, bool keepdim = False, *, torch.dtype dtype = None, '
            'Tensor out = None'))
    return prod_dim(input, dim=wrap_dim(dim, input.ndim), keepdim=keepdim, dtype=dtype)


# --- max and min -----------------------------------------------------------------------------

def _check_full_extremum(name):
    def check(input):
        if input._data.size == 0:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                               "input.numel() == 0. Specify the reduction dim with the 'dim' "
                               "argument.")
    return check


@primitive(name='max', node_name='MaxBackward1', check=_check_full_extremum('max'))
def max_all(xp, input):
    return input.max()


@primitive(name='min', node_name='MinBackward1', check=_check_full_extremum('min'))
def min_all(xp, input):
    return input.min()


def _extremum_all_grad(grad, out, input):
    return evenly_distribute_backward(grad, input, out)


max_all.defvjp(_extremum_all_grad)
min_all.defvjp(_extremum_all_grad)


def _extremum_dim(input, dim, keepdim, pick):
    if input.ndim == 0:
        return input.copy(), np.int64(0)
    indices = pick(input, axis=dim, keepdims=True)
    values = np.take_along_axis(input, indices, axis=dim)
    if not keepdim:
        values, indices = values.squeeze(dim), indices.squeeze(dim)
    return values, indices


def _check_dim_nonempty(name):
    def check(input, *, dim, keepdim=False):
        check_nonempty_dims(name, input, (dim,) if input._data.ndim else ())
    return check


# NumPy's argmax and argmin report the first of tied elements and the first NaN, as torch does
@primitive(name='max', node_name='MaxBackward0', outputs=2, differentiable_outputs=(0,),
           check=_check_dim_nonempty('max'))
def max_dim(xp, input, *, dim, keepdim=False):
    return _extremum_dim(input, dim, keepdim, np.argmax)


@primitive(name='min', node_name='MinBackward0', outputs=2, differentiable_outputs=(0,),
           check=_check_dim_nonempty('min'))
def min_dim(xp, input, *, dim, keepdim=False):
    return _extremum_dim(input, dim, keepdim, np.argmin)


def _extremum_dim_grad(grad, out1, input_shape, dim, keepdim):
    return value_selecting_backward(grad[0], dim, out1, input_shape, keepdim)


max_dim.defvjp(_extremum_dim_grad)
min_dim.defvjp(_extremum_dim_grad)

_EXTREMUM_OVERLOADS = ('Tensor input, *, Tensor out = None',
                       'Tensor input, Tensor other, *, Tensor out = None',
                       'Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = '
                       'None')


def _extremum(name, full, along, binary, input, args, kwargs):
    if not args and not kwargs:
        return full(input)
    if args and isinstance(args[0], Tensor) or 'other' in kwargs:
        return binary(input, *args, **kwargs)
    return _extremum_along(name, along, input, *args, **kwargs)


def _extremum_along(name, along, input, dim, keepdim=False):
    if isinstance(dim, bool) or not isinstance(dim, int):
        raise invalid_arguments(name, (input, dim), _EXTREMUM_OVERLOADS)
    values, indices = along(input, dim=wrap_dim(dim, input.ndim), keepdim=keepdim)
    return getattr(return_types, name)((values, indices))


def max(input, *args, **kwargs):
    """Matches `torch.max`: max(input), max(input, dim, keepdim=False) and max(input, other)."""
    return _extremum('max', max_all, max_dim, _maximum, input, args, kwargs)


def min(input, *args, **kwargs):
    """Matches `torch.min`: min(input), min(input, dim, keepdim=False) and min(input, other)."""
    return _extremum('min', min_all, min_dim, _minimum, input, args, kwargs)


def _maximum(input, other):
    from ember.ops.elementwise import maximum
    return maximum(input, other)


def _minimum(input, other):
    from ember.ops.elementwise import minimum
    return minimum(input, other)


# --- amax, amin, aminmax ---------------------------------------------------------------------

def _check_aminmax(input, *, dim, keepdim=False):
    check_nonempty_dims('aminmax', input, dim, '')


@primitive(name='amax')
def amax_dims(xp, input, *, dim, keepdim=False):
    return input.max(axis=dim, keepdims=keepdim)


@primitive(name='amin')
def amin_dims(xp, input, *, dim, keepdim=False):
    return input.min(axis=dim, keepdims=keepdim)


def _amax_amin_grad(grad, out, input, dim, keepdim):
    return scale_grad_by_count(grad, out, input, dim, keepdim)


amax_dims.defvjp(_amax_amin_grad)
amin_dims.defvjp(_amax_amin_grad)


def _amax_like_dims(name, input, dim):
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        if input.numel() == 0:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                               "input.numel() == 0. Specify the reduction dim with the 'dim' "
                               "argument.")
        return tuple(range(input.ndim))
    dims = reduction_dims(dim, input.ndim)
    shape = input.shape
    for given in (dim if isinstance(dim, (tuple, list)) else (dim,)):
        # NOTE: torch names the dim as it was given, negative or not
        if shape and shape[wrap_dim(given, input.ndim)] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {given} to have non-zero size.")
    return dims


def amax(input, dim=(), keepdim=False):
    """Matches `torch.amax`."""
    return amax_dims(input, dim=_amax_like_dims('amax', input, dim), keepdim=keepdim)


def amin(input, dim=(), keepdim=False):
    """Matches `torch.amin`."""
    return amin_dims(input, dim=_amax_like_dims('amin', input, dim), keepdim=keepdim)


@primitive(name='aminmax', outputs=2, check=_check_aminmax)
def aminmax_dims(xp, input, *, dim, keepdim=False):
    return input.min(axis=dim, keepdims=keepdim), input.max(axis=dim, keepdims=keepdim)


def _aminmax_grad(grads, out, input, dim, keepdim):
    result = None
    for grad, extremum in zip(grads, out):
        if grad is not None:
            part = scale_grad_by_count(grad, extremum, input, dim, keepdim)
            result = part if result is None else result + part
    return result


aminmax_dims.defvjp(_aminmax_grad)


def aminmax(input, *, dim=None, keepdim=False):
    """Matches `torch.aminmax`."""
    if dim is None:
        if input.numel() == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as "
                               "the operation has no identity.")
        dims = tuple(range(input.ndim))
    else:
        dim = int_dim('aminmax', dim, input.ndim)
        dims = (dim,) if input.ndim else ()
    return return_types.aminmax(aminmax_dims(input, dim=dims, keepdim=keepdim))


# --- argmax and argmin -----------------------------------------------------------------------

def _check_arg_extremum(name):
    def check(input, *, dim=None, keepdim=False):
        data = input._data
        if data.dtype.kind == 'b':
            raise RuntimeError(f"{name}(): does not support bool input")
        if dim is None:
            if data.size == 0:
                raise IndexError(f"{name}(): Expected reduction dim to be specified for "
                                 "input.numel() == 0.")
        elif data.ndim:
            check_nonempty_dims(name, input, (dim,))
    return check


def _arg_extremum(pick, input, dim, keepdim):
    if dim is None:
        index = pick(input)
        return np.reshape(index, (1,) * input.ndim) if keepdim else index
    if input.ndim == 0:
        return np.int64(0)
    return pick(input, axis=dim, keepdims=keepdim)


@primitive(name='argmax', check=_check_arg_extremum('argmax'))
def _argmax(xp, input, *, dim=None, keepdim=False):
    return _arg_extremum(np.argmax, input, dim, keepdim)


@primitive(name='argmin', check=_check_arg_extremum('argmin'))
def _argmin(xp, input, *, dim=None, keepdim=False):
    return _arg_extremum(np.argmin, input, dim, keepdim)


def argmax(input, dim=None, keepdim=False):
    """Matches `torch.argmax`."""
    dim = None if dim is None else int_dim('argmax', dim, input.ndim, 2)
    return _argmax(input, dim=dim, keepdim=keepdim)


def argmin(input, dim=None, keepdim=False):
    """Matches `torch.argmin`."""
    dim = None if dim is None else int_dim('argmin', dim, input.ndim, 2)
    return _argmin(input, dim=dim, keepdim=keepdim)


# --- all, any, count_nonzero -----------------------------------------------------------------

def _logical_reduction(reduce, input, dim, keepdim):
    result = reduce(input, axis=dim, keepdims=keepdim)
    # torch keeps uint8 for uint8 input; every other dtype gives bool
    return result.astype(np.uint8) if input.dtype == np.uint8 else result


@primitive(name='all')
def all_dims_op(xp, input, *, dim=None, keepdim=False):
    return _logical_reduction(np.all, input, dim, keepdim)


@primitive(name='any')
def any_dims_op(xp, input, *, dim=None, keepdim=False):
    return _logical_reduction(np.any, input, dim, keepdim)


def _logical_dims(dim, ndim):
    # NOTE: an empty dim list reduces nothing here, unlike in sum
    if dim is None:
        return None
    return reduction_dims(dim, ndim)


def all(input, dim=None, keepdim=False):
    """Matches `torch.all`."""
    dims = _logical_dims(dim, input.ndim)
    if dims is None and keepdim:
        dims = tuple(range(input.ndim))
    return all_dims_op(input, dim=dims, keepdim=keepdim)


def any(input, dim=None, keepdim=False):
    """Matches `torch.any`."""
    dims = _logical_dims(dim, input.ndim)
    if dims is None and keepdim:
        dims = tuple(range(input.ndim))
    return any_dims_op(input, dim=dims, keepdim=keepdim)


@primitive(name='count_nonzero')
def _count_nonzero(xp, input, *, dim):
    return np.int64(xp.count_nonzero(input, axis=dim)) if not dim else \
        xp.count_nonzero(input, axis=dim).astype(np.int64)


def count_nonzero(input, dim=None):
    """Matches `torch.count_nonzero`."""
    return _count_nonzero(input, dim=all_dims(dim, input.ndim))
