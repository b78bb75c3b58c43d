"""gather and the scatter family: reading and writing the elements an index tensor names along
a dim (the index's own position, with the position along `dim` replaced by its value).

Indices are settings (Note [Index settings] in scatter_common.py). The checks run in the
public functions, in the order torch's meta functions and kernels run them, so that the first
error torch would raise is the one raised here.
"""
import warnings

import numpy as np

from ember._creation import ones_like, zeros, zeros_like
from ember._tensor import Tensor, wrap_dim
from ember.autograd.grad_mode import is_grad_enabled
from ember.ops._primitive import primitive
from ember.ops.broadcast import broadcast_pair
from ember.ops.pointwise import where
from ember.ops.scatter_masked import masked_fill
from ember.ops.shape import expand, view_shape
from ember.ops.scatter_common import (INDEX_DTYPES, REDUCE_ALIASES, REDUCE_UFUNCS,
                                      at_least_1d, divide_by_count, element_coords,
                                      first_out_of_bounds, index_array, leading_block,
                                      legacy_name_of, nonempty_size, reduction_identity,
                                      require_number, require_tensor, run, writable_copy)

__all__ = ['gather', 'scatter', 'scatter_add', 'scatter_reduce', 'take_along_dim']


# --- checks ----------------------------------------------------------------------------------

def _check_bounds(index, dim, size):
    bad = first_out_of_bounds(index, size)
    if bad is not None:
        raise RuntimeError(f"index {bad} is out of bounds for dimension {dim} with size {size}")


def check_gather(input, dim, index, position=3):
    """gather's checks; returns the wrapped dim and the index array."""
    require_tensor(index, 'gather', 'index', position)
    dim = wrap_dim(dim, input.ndim)
    data = index._data
    if data.size == 0:
        return dim, index_array(index)
    if data.dtype not in INDEX_DTYPES:
        raise RuntimeError("gather(): Expected dtype int32/int64 for index")
    self_shape, index_shape = input.shape, data.shape
    ndim = max(len(self_shape), 1)
    if ndim != max(len(index_shape), 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    for d in range(ndim):
        if d != dim and nonempty_size(index_shape, d) > nonempty_size(self_shape, d):
            raise RuntimeError(
                f"Size does not match at dimension {d} expected index {list(index_shape)} to be "
                f"no larger than self {list(self_shape)} apart from dimension {dim}")
    array = at_least_1d(index_array(index))
    _check_bounds(array, dim, nonempty_size(self_shape, dim))
    return dim, array.reshape(index_shape)


def check_scatter(input, dim, index, src=None, reduce=None, new_reduce=False, position=3):
    """The checks of torch's scatter meta function (and of its kernel, for bounds); returns
    the wrapped dim and the index array."""
    require_tensor(index, 'scatter', 'index', position)
    dim = wrap_dim(dim, input.ndim)
    data = index._data
    if data.size and data.dtype not in INDEX_DTYPES:
        raise RuntimeError("scatter(): Expected dtype int32/int64 for index")
    if src is not None and src._data.dtype != input._data.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    if data.size:
        _check_scatter_shapes(input.shape, dim, data.shape, None if src is None else src.shape)
    if reduce is not None:
        _check_reduce(reduce, new_reduce)
    array = index_array(index)
    if data.size:
        _check_bounds(at_least_1d(array), dim, nonempty_size(input.shape, dim))
    return dim, array


def _check_scatter_shapes(self_shape, dim, index_shape, src_shape):
    ndim = max(len(self_shape), 1)
    if ndim != max(len(index_shape), 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    wrong = any(d != dim and nonempty_size(index_shape, d) > nonempty_size(self_shape, d)
                for d in range(ndim))
    if not wrong and src_shape is not None:
        # NOTE: torch reads src's sizes up to self's dim count: a src of fewer (non-zero) dims
        # raises IndexError here, before the dim-count check below
        wrong = any(nonempty_size(index_shape, d) > nonempty_size(src_shape, d)
                    for d in range(ndim))
    if src_shape is not None:
        if max(len(src_shape), 1) != max(len(index_shape), 1):
            raise RuntimeError(
                "Index tensor must have the same number of dimensions as src tensor")
        if wrong:
            raise RuntimeError(
                f"Expected index {list(index_shape)} to be no larger than self "
                f"{list(self_shape)} apart from dimension {dim} and to be no larger size than "
                f"src {list(src_shape)}")
    elif wrong:
        raise RuntimeError(f"Expected index {list(index_shape)} to be no larger than self "
                           f"{list(self_shape)} apart from dimension {dim}")


def _check_reduce(reduce, new_reduce):
    if new_reduce:
        if reduce not in REDUCE_UFUNCS and reduce not in REDUCE_ALIASES:
            raise RuntimeError("reduce argument must be either sum, prod, mean, amax or amin, "
                               f"got {reduce}")
    elif reduce not in ('add', 'multiply'):
        raise RuntimeError("reduce argument must be either add or multiply.")


# --- forwards on arrays ----------------------------------------------------------------------

@primitive()
def _gather(xp, input, *, dim, index, sparse_grad=False):
    flat = at_least_1d(index)
    return at_least_1d(input)[element_coords(flat, dim)].reshape(index.shape)


def _gather_grad(grad, input, dim, index):
    # torch's derivative allocates zeros of self's size: the node keeps self, as torch's does
    return _scatter_add(zeros(input.shape, dtype=grad.dtype), grad, dim=dim, index=index)


_gather.defvjp(_gather_grad)


@primitive(name='scatter', node_name='ScatterBackward0')
def _scatter_src(xp, input, src, *, dim, index):
    out, view = writable_copy(input)
    if index.size:
        flat = at_least_1d(index)
        view[element_coords(flat, dim)] = leading_block(src, flat.shape)
    return out


def _scatter_overwritten_grad(grad, dim, index):
    return _scatter_value(grad, dim=dim, index=index, value=0)


def _gathered_grad(grad, dim, index):
    return _gather(grad, dim=dim, index=index)


_scatter_src.defvjp(_scatter_overwritten_grad, _gathered_grad)


@primitive(name='scatter', node_name='ScatterBackward1')
def _scatter_value(xp, input, *, dim, index, value):
    out, view = writable_copy(input)
    if index.size:
        view[element_coords(at_least_1d(index), dim)] = np.asarray(value).astype(out.dtype)
    return out


_scatter_value.defvjp(_scatter_overwritten_grad)


_LEGACY_UFUNCS = {'add': np.add, 'multiply': np.multiply}


# torch has no derivative for scatter with `reduce=`: its grad_fn is NotImplemented
@primitive(name='scatter')
def _scatter_src_reduce(xp, input, src, *, dim, index, reduce):
    out, view = writable_copy(input)
    if index.size:
        flat = at_least_1d(index)
        _LEGACY_UFUNCS[reduce].at(view, element_coords(flat, dim), leading_block(src, flat.shape))
    return out


@primitive(name='scatter')
def _scatter_value_reduce(xp, input, *, dim, index, value, reduce):
    out, view = writable_copy(input)
    if index.size:
        value = np.asarray(value).astype(out.dtype)
        _LEGACY_UFUNCS[reduce].at(view, element_coords(at_least_1d(index), dim), value)
    return out


@primitive(name='scatter_add')
def _scatter_add(xp, input, src, *, dim, index):
    out, view = writable_copy(input)
    if index.size:
        flat = at_least_1d(index)
        np.add.at(view, element_coords(flat, dim), leading_block(src, flat.shape))
    return out


def _pass_through(grad):
    return grad


_scatter_add.defvjp(_pass_through, _gathered_grad)


def _check_reduce_dtype(input, src, *, dim, index, reduce, include_self=True):
    if reduce == 'mean' and input._data.dtype == np.bool_:
        # the kernel refuses bools; without elements to reduce, the division by counts does
        kernel = 'scatter_gather_tensor_cpu_reduce_mean' if index.size else 'div_floor_cpu'
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


@primitive(name='scatter_reduce', dtype_check=_check_reduce_dtype)
def _scatter_reduce(xp, input, src, *, dim, index, reduce, include_self=True):
    out, view = writable_copy(input)
    if not index.size:
        return out
    reduce = REDUCE_ALIASES.get(reduce, reduce)
    flat = at_least_1d(index)
    coords = element_coords(flat, dim)
    if not include_self:
        view[coords] = reduction_identity(reduce, out.dtype)
    REDUCE_UFUNCS[reduce].at(view, coords, leading_block(src, flat.shape))
    if reduce != 'mean':
        return out
    count = np.ones_like(out) if include_self else np.zeros_like(out)
    np.add.at(count.reshape(view.shape), coords, 1)
    count[count == 0] = 1
    return divide_by_count(out, count)


def _scatter_reduce_input_grad(grad, input, src, out, dim, index, reduce, include_self):
    return scatter_reduce_backward(grad, input, src, out, dim, index, reduce, include_self,
                                   True)


def _scatter_reduce_src_grad(grad, input, src, out, dim, index, reduce, include_self):
    return scatter_reduce_backward(grad, input, src, out, dim, index, reduce, include_self,
                                   False)


_scatter_reduce.defvjp(_scatter_reduce_input_grad, _scatter_reduce_src_grad)


TWO_ZEROS = ("{}(): Double backward is unsupported for {} when >1 zeros in {} are scattered "
              "to the same position in self")


def scatter_reduce_backward(grad, input, src, result, dim, index, reduce, include_self,
                            for_input):
    """torch's scatter_reduce_backward, for `input` (for_input) or for `src`."""
    def gathered(t):
        return _gather(t, dim=dim, index=index)

    def added(t, other):
        return _scatter_add(t, other, dim=dim, index=index)

    def multiplied(t, other):
        return _scatter_reduce(t, other, dim=dim, index=index, reduce='prod',
                               include_self=include_self)

    if reduce == 'sum':
        grad_input, grad_src = (grad, None) if for_input else (None, gathered(grad))
    elif reduce == 'prod':
        if for_input:
            masked_input = masked_fill(input, input == 0, 1)
            grad_input = grad * multiplied(masked_input, src) / masked_input
        else:
            grad_src = prod_src_grad(grad, input, src, result, gathered, added, multiplied,
                                     TWO_ZEROS.format('scatter_reduce', 'src', 'src'))
    elif reduce == 'mean':
        count = added(ones_like(grad) if include_self else zeros_like(grad), ones_like(src))
        count = masked_fill(count, count == 0, 1)
        if for_input:
            grad_input = grad / count
        else:
            grad_src = gathered(grad) / gathered(count)
    elif reduce in ('amax', 'amin'):
        value = gathered(result)
        input_is_result = (input == result).to(input.dtype)
        src_is_result = (src == value).to(input.dtype)
        grad_distributed = grad / added(input_is_result, src_is_result)
        if for_input:
            grad_input = (input == result) * grad_distributed
        else:
            grad_src = (src == value) * gathered(grad_distributed)
    else:
        raise RuntimeError("Expected 'reduce' to be one of 'sum', 'prod', 'mean', 'amax', "
                           f"'amin' but got {reduce}.")
    if not for_input:
        return grad_src
    if not include_self:
        grad_input = _scatter_value(grad_input, dim=dim, index=index, value=0)
    return grad_input


def prod_src_grad(grad, input, src, result, gathered, added, reduced, message):
    """The gradient of a product reduction for its source, exact where a source is zero.
    `gathered`, `added` and `reduced` are the op's gather, add and product along its index."""
    src_zero = src == 0
    zeros_per_slot = gathered(added(zeros_like(input), src_zero.to(input.dtype)))
    single_zero = src_zero & (zeros_per_slot == 1)
    # a lone zero's gradient is the product of the others, which result / src cannot give
    masked_src_result = reduced(input, masked_fill(src, single_zero, 1))
    grad_src = where(single_zero, gathered(grad * masked_src_result),
                     gathered(grad * result) / masked_fill(src, src_zero, 1))
    if is_grad_enabled() and (zeros_per_slot > 1).sum().item() > 0:
        grad_src = _delayed_error(grad_src, message=message)
    return grad_src


@primitive(node_name='DelayedError')
def _delayed_error(xp, input, *, message):
    """The identity, whose derivative raises: a gradient that cannot be differentiated again."""
    return np.array(input, copy=True)


def _delayed_error_grad(grad, message):
    raise RuntimeError(message)


_delayed_error.defvjp(_delayed_error_grad)


# --- public functions ------------------------------------------------------------------------

def gather(input, dim, index, *, sparse_grad=False, out=None):
    """Matches `torch.gather` (with sparse_grad=True the gradient is dense all the same)."""
    require_tensor(input, 'gather', 'input', 1)
    return run(*gather_call(input, dim, index, 3), out)


def gather_call(input, dim, index, position):
    """(op, inputs, settings) of a checked gather call; `position` is that of `index` (the
    functions and the methods number their arguments differently in messages)."""
    dim, index = check_gather(input, dim, index, position)
    return _gather, (input,), {'dim': dim, 'index': index}


_REDUCE_DEPRECATION = ("The reduce argument of torch.scatter with Tensor src is deprecated and "
                       "will be removed in a future PyTorch release. Use torch.scatter_reduce "
                       "instead for more reduction options.")


def scatter(input, dim, index, src=None, value=None, *, reduce=None, out=None):
    """Matches `torch.scatter` (a `src` tensor or a number `value`)."""
    return run(*scatter_call(input, dim, index, src, value, reduce, 3), out)


def scatter_call(input, dim, index, src, value, reduce, position):
    """(op, inputs, settings) of a checked scatter call (see gather_call)."""
    if src is not None and value is None and not isinstance(src, Tensor):
        src, value = None, src
    if src is None and value is None:
        raise TypeError("scatter() missing required argument 'src' or 'value'")
    if src is not None:
        require_tensor(src, 'scatter', 'src', position + 1)
    else:
        require_number(value, 'scatter')
    dim, index = check_scatter(input, dim, index, src, reduce, position=position)
    if src is not None:
        if reduce is None:
            return _scatter_src, (input, src), {'dim': dim, 'index': index}
        warnings.warn(_REDUCE_DEPRECATION, UserWarning, stacklevel=4)
        return _scatter_src_reduce, (input, src), {'dim': dim, 'index': index, 'reduce': reduce}
    if isinstance(value, Tensor):
        value = value.item()
    if reduce is None:
        return _scatter_value, (input,), {'dim': dim, 'index': index, 'value': value}
    return _scatter_value_reduce, (input,), {'dim': dim, 'index': index, 'value': value,
                                             'reduce': reduce}


def scatter_add(input, dim, index, src, *, out=None):
    """Matches `torch.scatter_add`."""
    return run(*scatter_add_call(input, dim, index, src, 3), out)


def scatter_add_call(input, dim, index, src, position):
    """(op, inputs, settings) of a checked scatter_add call (see gather_call)."""
    require_tensor(src, 'scatter_add', 'src', position + 1)
    dim, index = check_scatter(input, dim, index, src, position=position)
    return _scatter_add, (input, src), {'dim': dim, 'index': index}


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True, out=None):
    """Matches `torch.scatter_reduce`."""
    return run(*scatter_reduce_call(input, dim, index, src, reduce, include_self, 3), out)


def scatter_reduce_call(input, dim, index, src, reduce, include_self, position):
    """(op, inputs, settings) of a checked scatter_reduce call (see gather_call)."""
    require_tensor(src, 'scatter_reduce', 'src', position + 1)
    dim, index = check_scatter(input, dim, index, src, reduce, new_reduce=True,
                               position=position)
    return _scatter_reduce, (input, src), {'dim': dim, 'index': index, 'reduce': reduce,
                                           'include_self': include_self}


def take_along_dim(input, indices, dim=None, *, out=None):
    """Matches `torch.take_along_dim`: along a dim, indices wrap around the dim's size."""
    require_tensor(input, 'take_along_dim', 'input', 1)
    return run(*take_along_dim_call(input, indices, dim, 2), out)


def take_along_dim_call(input, indices, dim, position):
    """(op, inputs, settings) of a checked take_along_dim call (see gather_call)."""
    require_tensor(indices, 'take_along_dim', 'indices', position)
    if dim is None:
        return gather_call(view_shape(input, -1), 0, view_shape(indices, -1), position + 1)
    if input.ndim != indices.ndim:
        raise RuntimeError(
            "torch.take_along_dim(): input and indices should have the same number of "
            f"dimensions, but got {input.ndim} dimensions for input, and {indices.ndim} "
            "dimensions for indices")
    if indices._data.dtype != np.int64:
        raise RuntimeError("torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{legacy_name_of(indices._data)}")
    dim = wrap_dim(dim, input.ndim)
    if input.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    input_sizes = list(input.shape)
    input_sizes[dim] = indices.shape[dim]
    index_shape = broadcast_pair(tuple(input_sizes), indices.shape)
    index_sizes = list(indices.shape)
    index_sizes[dim] = input.shape[dim]
    input_shape = broadcast_pair(tuple(index_sizes), input.shape)
    size = input.shape[dim]
    index = np.broadcast_to(indices._data, index_shape)
    if size == 0 and index.size:
        raise RuntimeError("ZeroDivisionError")
    # NOTE: torch takes indices modulo the dim's size here (so -1 is the last, and no index is
    #       out of range), unlike gather and unlike take_along_dim without a dim
    index = np.mod(index, size) if size else np.array(index, dtype=np.int64)
    return _gather, (expand(input, input_shape),), {'dim': dim, 'index': index}
