"""What the gather/scatter and index_* ops share: index arrays, argument checks, reductions.

Note [Index settings]
An op's index (or mask) is a setting, not an input: an int64 (or bool) array copied from the
user's tensor when the op is called. Like torch's non-differentiable index arguments it then
takes no place in the node's next_functions (so "invalid gradient at index N" counts as torch
does), and the copy keeps a later in-place change of the user's index tensor from changing the
gradient. Formulas pass the same array on to the ops they call.
"""
import numbers

import numpy as np

from ember._tensor import Tensor, legacy_type_name

INDEX_DTYPES = (np.dtype(np.int64), np.dtype(np.int32))


def require_tensor(value, op_name, arg_name, position):
    """torch's TypeError for a non-Tensor where the signature wants a Tensor."""
    if not isinstance(value, Tensor):
        raise TypeError(f"{op_name}(): argument '{arg_name}' (position {position}) must be "
                        f"Tensor, not {type(value).__name__}")


def require_number(value, op_name):
    """A TypeError for a fill value that is neither a number nor a tensor (torch's message
    lists its overloads; this one only names the culprit)."""
    if not isinstance(value, (Tensor, numbers.Number)):
        raise TypeError(f"{op_name}() received an invalid combination of arguments - got "
                        f"value of type {type(value).__name__}, but expected a Number or a "
                        "Tensor")


def index_array(index):
    """A private int64 copy of an index tensor's values (Note [Index settings])."""
    return np.array(index._data, dtype=np.int64)


def mask_array(mask):
    """A private bool copy of a mask tensor's values (Note [Index settings])."""
    return np.array(mask._data, dtype=bool)


def legacy_name_of(array):
    """torch's C++ scalar-type name ('Long', 'Float') of an array's dtype."""
    from ember import _dtype
    return legacy_type_name(_dtype.FROM_NP[array.dtype])


def nonempty_size(shape, d):
    """torch's ensure_nonempty_size: 1 for a 0-d tensor, else the size at d (which may raise)."""
    if not shape:
        return 1
    if d >= len(shape):
        bound = len(shape)
        raise IndexError(f"Dimension out of range (expected to be in range of [{-bound}, "
                         f"{bound - 1}], but got {d})")
    return shape[d]


def run(op, inputs, settings, out=None):
    """Run a checked op call, writing into `out` if one is given."""
    if out is None:
        return op(*inputs, **settings)
    return op(*inputs, **settings, out=out)


def writable_copy(input):
    """A copy of `input` to write into, and a view of it with at least one dim."""
    out = np.array(input, copy=True)
    return out, (out.reshape(1) if out.ndim == 0 else out)


def at_least_1d(array):
    """A 0-d array (or NumPy scalar) as one element along a single dim; others unchanged."""
    array = np.asarray(array)
    return array.reshape(1) if array.ndim == 0 else array


def element_coords(index, dim):
    """Fancy-index coordinates naming, for each element of `index`, the element its value
    addresses: the element's own position, with the position along `dim` replaced by the value."""
    ndim = index.ndim
    coords = []
    for d in range(ndim):
        if d == dim:
            coords.append(index)
        else:
            shape = [1] * ndim
            shape[d] = index.shape[d]
            coords.append(np.arange(index.shape[d]).reshape(shape))
    return tuple(coords)


def leading_block(array, shape):
    """The block of `array` at its origin with the given shape (the part an index uses)."""
    array = at_least_1d(array)
    return array[tuple(slice(0, size) for size in shape)]


def first_out_of_bounds(index, size):
    """The first index value (in C order, as torch reports it) outside [0, size)."""
    bad = (index < 0) | (index >= size)
    if not bad.any():
        return None
    return index[bad][0]


# --- reductions shared by scatter_reduce and index_reduce ------------------------------------

REDUCE_UFUNCS = {'sum': np.add, 'mean': np.add, 'prod': np.multiply, 'amax': np.maximum,
                 'amin': np.minimum}
# torch's kernels also take 'max' and 'min' (its derivative formulas do not)
REDUCE_ALIASES = {'max': 'amax', 'min': 'amin'}


def reduction_identity(reduce, dtype):
    """The value a reduction starts from where `include_self=False`."""
    if reduce == 'prod':
        return 1
    if reduce in ('sum', 'mean'):
        return 0
    if dtype.kind == 'f':
        return -np.inf if reduce == 'amax' else np.inf
    if dtype.kind == 'b':
        return reduce != 'amax'
    info = np.iinfo(dtype)
    return info.min if reduce == 'amax' else info.max


def divide_by_count(out, count):
    """A mean's sum divided by its count: floor division for integers, as in torch."""
    if out.dtype.kind in 'fc':
        return (out / count).astype(out.dtype, copy=False)
    return np.floor_divide(out, count)
