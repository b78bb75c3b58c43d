"""Sorting and selection: sort, argsort, msort, topk, kthvalue, median, nanmedian, mode,
unique, unique_consecutive.

Indices among tied values follow torch's CPU kernels (Note [Tie order of torch's CPU
kernels] in _selection.py): NumPy's stable sorts give them wherever the order is unique or
torch's algorithm is stable, and the slices with ties are replayed through torch's steps.
"""

__all__ = ['sort', 'argsort', 'msort', 'topk', 'kthvalue', 'median', 'nanmedian', 'mode',
           'unique', 'unique_consecutive']
import numpy as np

from ember import return_types
from ember._tensor import legacy_type_name, wrap_dim
from ember.ops import _selection
from ember.ops._primitive import primitive
from ember.ops._selection import value_selecting_backward
from ember.ops.reduction import (check_nonempty_dims, evenly_distribute_backward, int_dim,
                                 invalid_arguments)

_STABLE_SLICE = 16        # std::sort is an insertion sort, which is stable, up to this length
_RADIX_SORT_NUMEL = 32768  # from here torch radix-sorts 1-d integer tensors, stably
_PARTIAL_SORT_RATIO = 64  # topk partially sorts (so sorts its result) when k * 64 <= size


def _rows(input, dim):
    """`input` with `dim` last, as a 2-d array of slices, and a function restoring the shape."""
    moved = np.moveaxis(input, dim, -1)
    shape = moved.shape

    def restore(rows, length=shape[-1]):
        return np.moveaxis(rows.reshape(shape[:-1] + (length,)), -1, dim)
    return moved.reshape(_numel(shape[:-1]), shape[-1]), restore


def _numel(shape):
    count = 1
    for size in shape:
        count *= size
    return count


def _isnan(array):
    return array != array


def _stable_order(rows, descending):
    """Indices sorting each row stably: NaN last ascending, first descending."""
    if not descending:
        return np.argsort(rows, axis=-1, kind='stable')
    n = rows.shape[-1]
    # reversing, sorting ascending and reversing back keeps ties in their original order
    return n - 1 - np.argsort(rows[:, ::-1], axis=-1, kind='stable')[:, ::-1]


def _has_ties(sorted_rows):
    """Per row: whether two neighbours in sorted order are equal (NaNs count as equal)."""
    left, right = sorted_rows[:, :-1], sorted_rows[:, 1:]
    return ((left == right) | (_isnan(left) & _isnan(right))).any(axis=-1)


# --- sort ------------------------------------------------------------------------------------

def _sort(input, dim, descending, stable):
    if input.ndim == 0:
        return input.copy(), np.int64(0)
    rows, restore = _rows(input, dim)
    order = _stable_order(rows, descending)
    n = rows.shape[-1]
    radix = input.ndim == 1 and input.dtype.kind in 'iu' and not descending and \
        input.size >= _RADIX_SORT_NUMEL
    if not (stable or n <= _STABLE_SLICE or radix):
        less = _selection.descending_nan_first if descending else _selection.ascending_nan_last
        tied = np.nonzero(_has_ties(np.take_along_axis(rows, order, axis=-1)))[0]
        for row in tied:
            order[row] = _selection.std_sort(rows[row].tolist(), less)
    indices = restore(order)
    return np.take_along_axis(input, indices, axis=dim), indices


@primitive(name='sort', outputs=2, differentiable_outputs=(0,), node_name='SortBackward0')
def sort_dim(xp, input, *, dim=-1, descending=False):
    return _sort(input, dim, descending, False)


@primitive(name='sort', outputs=2, differentiable_outputs=(0,), node_name='SortBackward1')
def sort_stable(xp, input, *, stable, dim=-1, descending=False):
    return _sort(input, dim, descending, stable)


def _sort_grad(grad, out1, input_shape, dim):
    return value_selecting_backward(grad[0], dim, out1, input_shape, True)


sort_dim.defvjp(_sort_grad)
sort_stable.defvjp(_sort_grad)


_SORT_OVERLOADS = (
    'Tensor input, *, bool stable, int dim = -1, bool descending = False, tuple of Tensors out '
    '= None',
    'Tensor input, int dim = -1, bool descending = False, *, tuple of Tensors out = None')
_ARGSORT_OVERLOADS = (
    'Tensor input, *, bool stable, int dim = -1, bool descending = False, Tensor out = None',
    'Tensor input, int dim = -1, bool descending = False')


def _sort_dim(name, input, dim, descending, overloads):
    if isinstance(dim, bool) or not isinstance(dim, int):
        args = (input, dim) if descending is False else (input, dim, descending)
        raise invalid_arguments(name, args, overloads)
    return wrap_dim(dim, input.ndim)


def sort(input, dim=-1, descending=False, *, stable=None):
    """Matches `torch.sort`."""
    dim = _sort_dim('sort', input, dim, descending, _SORT_OVERLOADS)
    if stable is None:
        return return_types.sort(sort_dim(input, dim=dim, descending=descending))
    return return_types.sort(sort_stable(input, stable=bool(stable), dim=dim,
                                         descending=descending))


@primitive(name='argsort')
def _argsort(xp, input, *, dim=-1, descending=False, stable=False):
    return _sort(input, dim, descending, stable)[1]


def argsort(input, dim=-1, descending=False, *, stable=False):
    """Matches `torch.argsort`."""
    dim = _sort_dim('argsort', input, dim, descending, _ARGSORT_OVERLOADS)
    return _argsort(input, dim=dim, descending=descending, stable=stable)


def msort(input):
    """Matches `torch.msort`: sort along dim 0."""
    return sort_dim(input, dim=0)[0]


# --- topk and kthvalue -----------------------------------------------------------------------

def _check_topk(input, *, k, dim, largest=True, sorted=True):
    data = input._data
    size = data.shape[dim] if data.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    if data.dtype.kind == 'b':
        raise RuntimeError("topk does not support bool dtypes on CPU")


@primitive(name='topk', outputs=2, differentiable_outputs=(0,), check=_check_topk)
def topk_dim(xp, input, *, k, dim, largest=True, sorted=True):
    if input.ndim == 0:
        return input.copy(), np.int64(0)
    rows, restore = _rows(input, dim)
    order = _stable_order(rows, largest)[:, :k + 1]
    if sorted or k * _PARTIAL_SORT_RATIO <= rows.shape[-1]:
        replay = np.nonzero(_has_ties(np.take_along_axis(rows, order, axis=-1)))[0]
    else:
        # unsorted results come in whatever order torch's selection leaves them
        replay = range(rows.shape[0])
    order = order[:, :k].copy()
    for row in replay:
        order[row] = _selection.topk_order(rows[row].tolist(), k, largest, sorted)
    indices = restore(order, k)
    return np.take_along_axis(input, indices, axis=dim), indices


def _topk_grad(grad, out1, input_shape, dim):
    return value_selecting_backward(grad[0], dim, out1, input_shape, True)


topk_dim.defvjp(_topk_grad)


def topk(input, k, dim=-1, largest=True, sorted=True):
    """Matches `torch.topk`."""
    dim = int_dim('topk', dim, input.ndim, 3)
    return return_types.topk(topk_dim(input, k=k, dim=dim, largest=largest, sorted=sorted))


def _not_implemented_for_bool(kernel):
    def check(input, **settings):
        if input._data.dtype.kind == 'b':
            raise NotImplementedError(f'"{kernel}" not implemented for '
                                      f"'{legacy_type_name(input.dtype)}'")
    return check


def _check_kthvalue(input, *, k, dim, keepdim=False):
    data = input._data
    if data.ndim:
        check_nonempty_dims('kthvalue', input, (dim,))
    if not 1 <= k <= (data.shape[dim] if data.ndim else 1):
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {dim}")
    _not_implemented_for_bool('kthvalue_cpu')(input)


@primitive(name='kthvalue', outputs=2, differentiable_outputs=(0,), check=_check_kthvalue)
def kthvalue_dim(xp, input, *, k, dim, keepdim=False):
    if input.ndim == 0:
        return input.copy(), np.int64(0)
    rows, restore = _rows(input, dim)
    order = _stable_order(rows, False)
    values = rows[np.arange(rows.shape[0]), order[:, k - 1]]
    # the k-th value's index is unique unless the value occurs more than once
    matches = (rows == values[:, None]) | (_isnan(rows) & _isnan(values)[:, None])
    indices = order[:, k - 1].copy()
    for row in np.nonzero(matches.sum(axis=-1) > 1)[0]:
        indices[row] = _selection.quickselect_index(rows[row].tolist(), k - 1)
    return _selected(input, dim, keepdim, restore, values, indices)


def _selected(input, dim, keepdim, restore, values, indices):
    """(values, indices) of one element per slice, shaped as a reduction over `dim`."""
    values, indices = restore(values, 1), restore(indices, 1)
    if not keepdim:
        values, indices = values.squeeze(dim), indices.squeeze(dim)
    return values.astype(input.dtype), indices.astype(np.int64)


def _value_selecting_grad(grad, out1, input_shape, dim, keepdim):
    return value_selecting_backward(grad[0], dim, out1, input_shape, keepdim)


kthvalue_dim.defvjp(_value_selecting_grad)


def kthvalue(input, k, dim=-1, keepdim=False):
    """Matches `torch.kthvalue`."""
    dim = int_dim('kthvalue', dim, input.ndim, 3)
    return return_types.kthvalue(kthvalue_dim(input, k=k, dim=dim, keepdim=keepdim))


# --- median, nanmedian, mode -----------------------------------------------------------------

def _median_all(input, ignore_nan):
    data = input.reshape(-1)
    if not ignore_nan and _isnan(data).any():
        return data[_isnan(data)][0]
    if ignore_nan:
        data = data[~_isnan(data)]
    if data.size == 0:
        # NOTE: torch's median of nothing is NaN, or for integers the lowest value, or True
        kind = input.dtype
        if kind.kind == 'b':
            return np.True_
        return kind.type(np.nan if kind.kind == 'f' else np.iinfo(kind).min)
    return np.sort(data)[(data.size - 1) // 2]


def _check_median_all(input):
    if input._data.size:
        _not_implemented_for_bool('median_cpu')(input)


@primitive(name='median', check=_check_median_all)
def median_all(xp, input):
    return _median_all(input, False)


@primitive(name='nanmedian', check=_check_median_all, node_name='NanmedianBackward0')
def nanmedian_all(xp, input):
    return _median_all(input, True)


def _median_all_grad(grad, out, input):
    return evenly_distribute_backward(grad, input, out)


median_all.defvjp(_median_all_grad)
nanmedian_all.defvjp(_median_all_grad)


def _check_median_dim(input, *, dim, keepdim=False):
    if input._data.ndim:
        check_nonempty_dims('median', input, (dim,))
    _not_implemented_for_bool('median_out')(input)


def _median_dim(input, dim, keepdim, ignore_nan):
    """torch's median along a dim: the lower median, ties broken by position (torch orders
    equal values by index here); the first NaN for median, the NaNs left out for
    nanmedian."""
    if input.ndim == 0:
        return input.copy(), np.int64(0)
    rows, restore = _rows(input, dim)
    order = _stable_order(rows, False)
    nans = _isnan(rows)
    n = rows.shape[-1]
    if ignore_nan:
        # NOTE: torch's kernel reads outside the slice when every value is NaN; its index is
        #       then arbitrary, and ember reports the first
        position = np.maximum((n - nans.sum(axis=-1) - 1) // 2, 0)
        indices = order[np.arange(rows.shape[0]), position]
    else:
        indices = np.where(nans.any(axis=-1), np.argmax(nans, axis=-1), order[:, (n - 1) // 2])
    values = rows[np.arange(rows.shape[0]), indices]
    return _selected(input, dim, keepdim, restore, values, indices)


@primitive(name='median', outputs=2, differentiable_outputs=(0,), check=_check_median_dim,
           node_name='MedianBackward1')
def median_dim(xp, input, *, dim, keepdim=False):
    return _median_dim(input, dim, keepdim, False)


@primitive(name='nanmedian', outputs=2, differentiable_outputs=(0,),
           check=_check_median_dim, node_name='NanmedianBackward1')
def nanmedian_dim(xp, input, *, dim, keepdim=False):
    return _median_dim(input, dim, keepdim, True)


median_dim.defvjp(_value_selecting_grad)
nanmedian_dim.defvjp(_value_selecting_grad)

_WHOLE = object()  # median's dim when none is given: torch rejects dim=None


def _median_call(name, whole, along, input, dim, keepdim):
    if dim is _WHOLE:
        return whole(input)
    values, indices = along(input, dim=int_dim(name, dim, input.ndim, 2), keepdim=keepdim)
    return getattr(return_types, name)((values, indices))


def median(input, dim=_WHOLE, keepdim=False):
    """Matches `torch.median`."""
    return _median_call('median', median_all, median_dim, input, dim, keepdim)


def nanmedian(input, dim=_WHOLE, keepdim=False):
    """Matches `torch.nanmedian`."""
    return _median_call('nanmedian', nanmedian_all, nanmedian_dim, input, dim, keepdim)


def _check_mode(input, *, dim, keepdim=False):
    if input._data.ndim:
        check_nonempty_dims('mode', input, (dim,))


@primitive(name='mode', outputs=2, differentiable_outputs=(0,), check=_check_mode)
def mode_dim(xp, input, *, dim, keepdim=False):
    if input.ndim == 0:
        return input.copy(), np.int64(0)
    rows, restore = _rows(input, dim)
    n = rows.shape[-1]
    order = _stable_order(rows, False)
    ordered = np.take_along_axis(rows, order, axis=-1)
    # where all values differ, each occurs once: the mode is the smallest
    values, indices = ordered[:, 0].copy(), order[:, 0].copy()
    has_nan = _isnan(rows).any(axis=-1)
    tied = _has_ties(ordered) | has_nan
    stable = tied & ~has_nan & (n <= _STABLE_SLICE)
    if stable.any():
        values[stable], indices[stable] = _stable_mode(rows[stable], order[stable])
    for row in np.nonzero(tied & ~stable)[0]:
        values[row], indices[row] = _selection.mode_of(rows[row].tolist())
    return _selected(input, dim, keepdim, restore, values, indices)


def _stable_mode(rows, order):
    """The mode of rows that torch sorts stably (no NaN, at most 16 elements): the smallest of
    the most frequent values, at the last place it occurs."""
    counts = (rows[:, :, None] == rows[:, None, :]).sum(axis=-1)
    counts = np.take_along_axis(counts, order, axis=-1)
    first = np.argmax(counts == counts.max(axis=-1, keepdims=True), axis=-1)
    picked = np.arange(rows.shape[0])
    values = np.take_along_axis(rows, order, axis=-1)[picked, first]
    places = np.where(rows == values[:, None], np.arange(rows.shape[-1]), -1)
    return values, places.max(axis=-1)


mode_dim.defvjp(_value_selecting_grad)


def mode(input, dim=-1, keepdim=False):
    """Matches `torch.mode`."""
    return return_types.mode(mode_dim(input, dim=int_dim('mode', dim, input.ndim, 2),
                                      keepdim=keepdim))


# --- unique ----------------------------------------------------------------------------------

def _not_differentiable(name):
    def formula(grad):
        raise NotImplementedError(f"the derivative for '{name}' is not implemented.")
    return formula


def _unique_flat(input):
    data = input.reshape(-1)
    order = np.argsort(data, kind='stable')
    ordered = data[order]
    # NaNs are all distinct, as in torch
    starts = np.ones(ordered.size, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    groups = np.cumsum(starts) - 1
    inverse = np.empty(data.size, dtype=np.int64)
    inverse[order] = groups
    counts = np.diff(np.append(np.nonzero(starts)[0], ordered.size))
    return ordered[starts], inverse.reshape(input.shape), counts.astype(np.int64)


@primitive(outputs=3, differentiable_outputs=(0,), name='_unique2',
           node_name='Unique2Backward0')
def unique_all(xp, input):
    return _unique_flat(input)


unique_all.defvjp(_not_differentiable('_unique2'))


def _check_unique_dim(input, *, dim):
    shape = input._data.shape
    empty = [d for d, size in enumerate(shape) if size == 0]
    if len(empty) > 1:
        # NOTE: torch's message ends with a space
        raise RuntimeError("Number of zero sized dimensions is more than one, so unique cannot "
                           "be applied ")
    if empty and empty[0] != dim:
        raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique "
                           "cannot be applied")


def _slices_along(input, dim):
    """`input` as one row per index of `dim`, each row the slice flattened."""
    moved = np.moveaxis(input, dim, 0)
    return moved.reshape(moved.shape[0], _numel(moved.shape[1:])), moved.shape[1:]


def _unique_slices(input, dim, consecutive):
    rows, rest = _slices_along(input, dim)
    n = rows.shape[0]
    if consecutive or not rows.shape[1]:
        order = np.arange(n)
    elif _isnan(rows).any():
        # torch sorts the slices with std::sort, comparing them element by element with < and
        # >, so that NaNs stay wherever the sort leaves them
        order = np.array(_selection.std_sort([tuple(row) for row in rows.tolist()],
                                             _selection.lexicographic_less), dtype=np.int64)
    else:
        order = np.lexsort(rows.T[::-1])
    ordered = rows[order]
    starts = np.ones(n, dtype=bool)
    if n:
        starts[1:] = (ordered[1:] != ordered[:-1]).any(axis=1) if rows.shape[1] else False
    groups = np.cumsum(starts) - 1
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = groups
    counts = np.diff(np.append(np.nonzero(starts)[0], n)).astype(np.int64)
    kept = ordered[starts].reshape((int(starts.sum()),) + rest)
    return np.moveaxis(kept, 0, dim), inverse, counts


@primitive(outputs=3, differentiable_outputs=(0,), name='unique_dim', check=_check_unique_dim,
           node_name='UniqueDimBackward0')
def unique_dim(xp, input, *, dim):
    return _unique_slices(input, dim, False)


unique_dim.defvjp(_not_differentiable('unique_dim'))


def _check_unique_consecutive(input, *, dim=None):
    if dim is not None:
        _check_unique_dim(input, dim=dim)


@primitive(outputs=3, differentiable_outputs=(0,), name='unique_consecutive',
           check=_check_unique_consecutive)
def unique_consecutive_dims(xp, input, *, dim=None):
    if dim is not None:
        return _unique_slices(input, dim, True)
    data = input.reshape(-1)
    starts = np.ones(data.size, dtype=bool)
    starts[1:] = data[1:] != data[:-1]
    inverse = (np.cumsum(starts) - 1).astype(np.int64).reshape(input.shape)
    counts = np.diff(np.append(np.nonzero(starts)[0], data.size)).astype(np.int64)
    return data[starts], inverse, counts


unique_consecutive_dims.defvjp(_not_differentiable('unique_consecutive'))


def _unique_dim_arg(input, dim):
    if not input.ndim:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return wrap_dim(dim, input.ndim)


def _unique_result(outputs, return_inverse, return_counts):
    values, inverse, counts = outputs
    if not return_inverse and not return_counts:
        return values
    result = (values,)
    if return_inverse:
        result += (inverse,)
    if return_counts:
        result += (counts,)
    return result


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """Matches `torch.unique` (whose CPU results are sorted even when sorted=False)."""
    if dim is None:
        outputs = unique_all(input)
    else:
        outputs = unique_dim(input, dim=_unique_dim_arg(input, dim))
    return _unique_result(outputs, return_inverse, return_counts)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """Matches `torch.unique_consecutive`."""
    if dim is not None:
        dim = _unique_dim_arg(input, dim)
    outputs = unique_consecutive_dims(input, dim=dim)
    return _unique_result(outputs, return_inverse, return_counts)
