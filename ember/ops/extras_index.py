"""Counting and searching: bincount, histc, isin, bucketize, searchsorted, tril_indices and
triu_indices. None has a derivative."""
import numpy as np

from ember import _dtype, return_types
from ember._creation import tensor
from ember._tensor import Tensor, legacy_type_name, wrap
from ember.ops._primitive import primitive
from ember.ops.elementwise_checks import not_implemented

__all__ = ['bincount', 'histc', 'histogram', 'isin', 'bucketize', 'searchsorted', 'tril_indices',
           'triu_indices']


# --- bincount, histc -----------------------------------------------------------------------------

def _check_bincount(input, weights, *, minlength):
    if input._data.dtype.kind not in 'iu':
        raise not_implemented('bincount_cpu', input.dtype)
    data = input._data
    if data.ndim != 1 or (data.size and data.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is not None and (weights.ndim != 1 or weights.shape[0] != data.shape[0]):
        raise RuntimeError("weights should be 1-d and have the same length as input")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")


@primitive(name='bincount', check=_check_bincount)
def bincount_op(xp, input, weights, *, minlength):
    if weights is None:
        return xp.bincount(input, minlength=minlength).astype(np.int64)
    dtype = weights.dtype if weights.dtype == np.float32 else np.float64
    return xp.bincount(input, weights, minlength=minlength).astype(dtype)


def bincount(input, weights=None, minlength=0):
    """Matches `torch.bincount`: float32 weights give float32 counts, other weights float64."""
    return bincount_op(input, weights, minlength=minlength)


def histc(input, bins=100, min=0, max=0, *, out=None):  # noqa: A002 - torch's names
    """Matches `torch.histc`."""
    data = input._data
    if data.dtype.kind not in 'f':
        raise not_implemented('histogram_cpu', input.dtype)
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    dtype = data.dtype.type
    low, high = dtype(min), dtype(max)
    if low == high and data.size:
        low, high = data.min(), data.max()
    if low == high:
        low, high = low - 1, high + 1
    if not (np.isfinite(low) and np.isfinite(high)):
        raise RuntimeError(f"torch.histc: range of [{_c_float(low)}, {_c_float(high)}] is not "
                           "finite")
    if low > high:
        raise RuntimeError("torch.histc: max must be larger than min")
    values = np.ravel(data)
    values = values[(values >= low) & (values <= high)]
    # the bin is computed in the input's dtype, in the order torch's kernel computes it
    position = ((values - low) * dtype(bins) / (high - low)).astype(np.int64)
    position[position == bins] = bins - 1
    counts = np.bincount(position, minlength=bins).astype(data.dtype)
    result = wrap(counts)
    if out is not None:
        out.copy_(result)
        return out
    return result


def histogram(input, bins, *, range=None, weight=None, density=False, out=None):  # noqa: A002
    """Matches `torch.histogram` for a bin count or a tensor of bin edges."""
    data = input._data
    if data.dtype.kind != 'f':
        raise not_implemented('histogramdd', input.dtype)
    dtype = data.dtype.type
    if isinstance(bins, Tensor):
        if bins.dtype is not input.dtype:
            raise RuntimeError(
                "torch.histogramdd: input tensor and bins tensors should have the same dtype, "
                f"but got input with dtype {_c_type(input.dtype)} and bins for dimension 0 "
                f"with dtype {_c_type(bins.dtype)}")
        edges = np.asarray(bins._data)
    else:
        if bins <= 0:
            raise RuntimeError("torch.histogram(): bins must be > 0, but got "
                               f"{bins} for dimension 0")
        if range is not None:
            low, high = dtype(range[0]), dtype(range[1])
        elif data.size:
            low, high = data.min(), data.max()
        else:
            low, high = dtype(0), dtype(1)
        if low > high:
            raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got min "
                               f"{_c_float(low)} max {_c_float(high)} for dimension 0")
        if low == high:
            low, high = low - dtype(0.5), high + dtype(0.5)
        from ember._creation import linspace
        edges = linspace(float(low), float(high), bins + 1, dtype=input.dtype)._data
    result = return_types.histogram(histogram_op(input, wrap(np.array(edges)), weight,
                                                 density=density))
    if out is not None:
        out[0].copy_(result.hist)
        out[1].copy_(result.bin_edges)
        return return_types.histogram((out[0], out[1]))
    return result


# torch records the op but gives it no derivative (grad_fn NotImplemented)
@primitive(name='histogram', outputs=2)
def histogram_op(xp, input, edges, weight, *, density):
    count = edges.shape[0] - 1
    values = np.ravel(input)
    inside = (values >= edges[0]) & (values <= edges[-1])
    position = np.searchsorted(edges, values[inside], side='right') - 1
    position[position == count] = count - 1
    selected = None if weight is None else np.ravel(weight)[inside]
    dtype = np.result_type(input)
    hist = np.bincount(position, selected, minlength=count)[:count].astype(dtype)
    if density:
        hist = (hist / (hist.sum() * np.diff(edges))).astype(dtype)
    return hist, np.array(edges)


def _c_type(dtype):
    """A dtype as torch's C++ messages name it ('float', 'double')."""
    return {'Float': 'float', 'Double': 'double', 'Half': 'c10::Half'}.get(
        legacy_type_name(dtype), legacy_type_name(dtype))


def _c_float(value):
    """A float as torch's message prints it."""
    if np.isnan(value):
        # NOTE: torch's range reduction yields the CPU's default NaN, whose sign bit is set
        return '-nan'
    return f'{float(value):g}'


# --- isin ----------------------------------------------------------------------------------

def _isin_operand(value):
    if isinstance(value, Tensor):
        if value._data.dtype.kind == 'b':
            raise RuntimeError("Unsupported input type encountered for isin(): Bool")
        return value._data
    return np.asarray(value)


def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """Matches `torch.isin`."""
    a, b = _isin_operand(elements), _isin_operand(test_elements)
    found = np.isin(a, b, invert=invert)
    return wrap(np.asarray(found))


# --- bucketize, searchsorted -------------------------------------------------------------------

def _search(boundaries, values, right, out_int32):
    """Search each row of `boundaries` (a 1-d array, or leading dims matching `values`')."""
    dtype = np.int32 if out_int32 else np.int64
    side = 'right' if right else 'left'
    common = np.result_type(boundaries, values)
    boundaries = boundaries.astype(common, copy=False)
    values = np.asarray(values).astype(common, copy=False)
    if boundaries.ndim == 1:
        return np.searchsorted(boundaries, values, side=side).astype(dtype)
    result = np.empty(values.shape, dtype=dtype)
    for index in np.ndindex(*values.shape[:-1]):
        result[index] = np.searchsorted(boundaries[index], values[index], side=side)
    return result


def bucketize(input, boundaries, *, out_int32=False, right=False, out=None):
    """Matches `torch.bucketize`."""
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    values = input._data if isinstance(input, Tensor) else input
    return _finish(wrap(_search(boundaries._data, values, right, out_int32)), out)


def searchsorted(sorted_sequence, values, *, out_int32=False, right=False, side=None, out=None,
                 sorter=None):
    """Matches `torch.searchsorted`."""
    if side is not None:
        if side not in ('left', 'right'):
            raise RuntimeError("torch.searchsorted(): side can only be 'left' or 'right' but got "
                               f"{side}")
        if right and side == 'left':
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, "
                               "got side of left while right was True")
        right = side == 'right'
    boundaries = sorted_sequence._data
    if sorter is not None:
        boundaries = np.take_along_axis(boundaries, sorter._data, axis=-1)
    if isinstance(values, Tensor):
        data = values._data
        if boundaries.ndim != 1 and (
                boundaries.shape[:-1] != data.shape[:-1] or data.ndim != boundaries.ndim):
            raise RuntimeError(
                "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                "dimensions of boundaries tensor and input value tensor must match, but we got "
                f"boundaries tensor {list(boundaries.shape)} and input value tensor "
                f"{list(data.shape)}")
    else:
        data = values
    return _finish(wrap(_search(boundaries, data, right, out_int32)), out)


def _finish(result, out):
    if out is None:
        return result
    out.copy_(result)
    return out


# --- tril_indices, triu_indices --------------------------------------------------------------

def _triangle_indices(name, select, row, col, offset, dtype):
    if row < 0:
        raise RuntimeError(f"row must be non-negative, got{row}")
    if col < 0:
        raise RuntimeError(f"col must be non-negative, got{col}")
    if dtype.category != _dtype.INTEGRAL:
        raise NotImplementedError(f'"{name}" not implemented for \'{legacy_type_name(dtype)}\'')
    rows, cols = select(row, offset, col)
    return tensor(np.stack([rows, cols]).astype(dtype.np).reshape(2, -1))


def tril_indices(row, col, offset=0, *, dtype=_dtype.int64, device='cpu', layout=None):
    """Matches `torch.tril_indices`."""
    return _triangle_indices('tril_indices', np.tril_indices, row, col, offset, dtype)


def triu_indices(row, col, offset=0, *, dtype=_dtype.int64, device='cpu', layout=None):
    """Matches `torch.triu_indices`."""
    return _triangle_indices('triu_indices', np.triu_indices, row, col, offset, dtype)
