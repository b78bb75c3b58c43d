"""Batching rules: how a vmap level computes one primitive on physical tensors.

A rule `rule(level, op, inputs, settings, inplace)` runs with `level` and every transform
inside it inactive, so the ops it calls reach the levels outside (or the kernels directly).
Batched inputs are BatchedTensors of `level`; their `_value` holds the batch in dim 0
(Note [Physical and logical tensors] in _batched.py). A rule returns the op's result(s) as
BatchedTensors of `level`, or, in place, the target.

Families: elementwise ops broadcast after the batched inputs are padded to the logical rank
of the call (so logical dims line up from the right); ops with dim settings get every tensor
input batched and their dims shifted past the batch dim (negative dims need no shift); whole-
tensor reductions flatten each sample; shape ops rewrite their sizes; matrix products fold
the batch into their own batch dims; ops on trailing dims (linalg, layer_norm, padding) take
the physical tensor as it is. Anything else loops over the batch (`fallback`).
"""
import warnings

import numpy as np

from ember import _dtype
from ember._tensor import Tensor
from ember.func._batched import BatchedTensor, batched
from ember.ops import _dispatch
from ember.ops._primitive import Promote

_run = _dispatch.run
_NONE = Promote.NONE

# NOTE: torch raises this for mul_ and most in-place ops, but for add_ it raises the
# broadcasting error of the unbatched target instead; ember raises this one for all
INPLACE_ERROR = (
    "vmap: inplace arithmetic(self, *extra_args) is not possible because there exists a Tensor "
    "`other` in extra_args that has more elements than `self`. This happened due to `other` "
    "being vmapped over but `self` not being vmapped over in a vmap. Please try to use "
    "out-of-place operators instead of inplace arithmetic. If said operator is being called "
    "inside the PyTorch framework, please file a bug report instead.")

RULES = {}  # op -> rule, run with the level inactive
DECOMPOSITIONS = {}  # op -> rule, run with the level active: it calls ops on logical tensors


def _physical(x, level):
    """x's physical tensor if `level` batches it, else None."""
    if type(x) is BatchedTensor and x._level is level:
        return x._value
    return None


def _pad(value, logical_ndim, rank):
    """Physical `value` with size-1 dims after the batch dim up to logical rank `rank`."""
    if logical_ndim >= rank:
        return value
    shape = tuple(value.shape)
    return value.reshape(shape[:1] + (1,) * (rank - logical_ndim) + shape[1:])


def _expanded(x, level, rank=None):
    """x as a physical tensor with the batch dim, broadcast (a view) if `level` does not batch
    it; padded to logical rank `rank` if given."""
    value = _physical(x, level)
    ndim = x._data.ndim
    if value is None:
        shape = tuple(x.shape)
        if rank is not None and rank > ndim:
            shape = (1,) * (rank - ndim) + shape
            x = x.reshape(shape)
        return x.unsqueeze(0).expand((level.batch_size,) + shape)
    return value if rank is None else _pad(value, ndim, rank)


def _target(level, inplace):
    value = _physical(inplace, level)
    if value is None:
        raise RuntimeError(INPLACE_ERROR)
    return value


def _wrap(result, level):
    if isinstance(result, Tensor):
        return batched(result, level)
    return tuple(batched(r, level) for r in result)


# --- elementwise -----------------------------------------------------------------------------

def elementwise(level, op, inputs, settings, inplace):
    rank = 0
    for x in inputs:
        if isinstance(x, Tensor):
            ndim = x._data.ndim
            if ndim > rank:
                rank = ndim
    args = []
    zero_dim_batched = False
    for x in inputs:
        if type(x) is BatchedTensor and x._level is level:
            ndim = x._data.ndim
            if ndim == 0:
                zero_dim_batched = True
            args.append(_pad(x._value, ndim, rank))
        else:
            args.append(x)
    if zero_dim_batched and rank and op.promote is not _NONE:
        args = _promote_logically(op, inputs, args)
    if inplace is not None:
        args[0] = _target(level, inplace)
        _run(op, tuple(args), settings, args[0])
        return inplace
    return batched(_run(op, tuple(args), settings, None), level)


def _promote_logically(op, inputs, args):
    """Cast to the dtype torch picks for the logical tensors: a batched 0-d tensor is
    dimensioned physically and would otherwise win promotions it should lose."""
    dims, zero_dims, scalars = [], [], []
    promoted = op.promote_args or range(len(inputs))
    for index, x in enumerate(inputs):
        if index not in promoted:
            continue
        if isinstance(x, Tensor):
            (dims if x._data.ndim else zero_dims).append(x.dtype)
        elif x is not None:
            scalars.append(_dtype.scalar_dtype(x))
    if len(set(dims + zero_dims)) < 2:
        return args
    target = _dtype.result_type_of(dims, zero_dims, scalars)
    return [a.to(target) if i in promoted and isinstance(a, Tensor) and a.dtype is not target
            else a for i, a in enumerate(args)]


def trailing(level, op, inputs, settings, inplace):
    """Ops on trailing dims that accept any leading dims: the batch is one more of them."""
    value = _physical(inputs[0], level)
    if value is None or any(_physical(x, level) is not None for x in inputs[1:]):
        return fallback(level, op, inputs, settings, inplace)
    args = (value,) + tuple(inputs[1:])
    if inplace is not None:
        _run(op, args, settings, value)
        return inplace
    return _wrap(_run(op, args, settings, None), level)


# --- ops with dim settings -------------------------------------------------------------------

DIM_KEYS = ('dim', 'dims', 'dim0', 'dim1', 'dim2', 'axes')


def _shift(dim):
    if dim is None:
        return None
    if isinstance(dim, (tuple, list)):
        return type(dim)(d + 1 if d >= 0 else d for d in dim)
    return dim + 1 if dim >= 0 else dim


def with_dims(level, op, inputs, settings, inplace):
    """Every tensor input batched and rank-aligned, dim settings shifted past the batch dim."""
    rank = 0
    for x in inputs:
        if isinstance(x, Tensor) and x._data.ndim > rank:
            rank = x._data.ndim
    if inplace is not None:
        _target(level, inplace)
    if op in NO_PAD:
        # 0-d samples, and 0-d indices or sources beside 1-d input, have no dim to batch by
        ndim = inputs[0]._data.ndim
        if ndim == 0 or any(np.ndim(x) != ndim for x in _tensor_args(inputs, settings)):
            return fallback(level, op, inputs, settings, inplace)
        rank = None
    elif rank == 0 and op not in GROWS_RANK:
        return _zero_dim(level, op, inputs, settings, inplace)
    args = tuple(_expanded(x, level, rank) if isinstance(x, Tensor) else x for x in inputs)
    new = {}
    for key, value in settings.items():
        if key in DIM_KEYS:
            value = _shift(value)
        elif isinstance(value, Tensor):
            value = _expanded(value, level)
        elif key == 'index' and op in NO_PAD:
            value = np.broadcast_to(value, (level.batch_size,) + value.shape)
        new[key] = value
    if inplace is not None:
        _run(op, args, new, args[0])
        return inplace
    return _wrap(_run(op, args, new, None), level)


def _tensor_args(inputs, settings):
    found = [x._data for x in inputs if isinstance(x, Tensor)]
    index = settings.get('index')
    if index is not None:
        found.append(index._data if isinstance(index, Tensor) else index)
    return found


GROWS_RANK = set()  # dim ops whose result has more dims than their inputs (unsqueeze, stack)
NO_PAD = set()  # dim ops whose inputs do not broadcast (gather, scatter): no rank alignment
EMPTY_MEANS_ALL = set()  # reductions for which dim=() reduces every dim


def _zero_dim(level, op, inputs, settings, inplace):
    """A dim op on logical 0-d tensors, where dim 0 and -1 name the tensor itself: each sample
    becomes one-element 1-d, and the results 0-d again."""
    args = tuple(_expanded(x, level).reshape(level.batch_size, 1) if isinstance(x, Tensor)
                 else x for x in inputs)
    new = {}
    for key, value in settings.items():
        if key in DIM_KEYS and value is not None:
            value = type(value)(1 for _ in value) if isinstance(value, (tuple, list)) else 1
        elif isinstance(value, Tensor):
            value = _expanded(value, level).reshape(level.batch_size, 1)
        new[key] = value
    result = _run(op, args, new, args[0] if inplace is not None else None)
    if inplace is not None:
        return inplace
    if isinstance(result, Tensor):
        return batched(result.reshape(-1), level)
    return tuple(batched(r.reshape(-1), level) for r in result)


def permute_rule(level, op, inputs, settings, inplace):
    dims = (0,) + tuple(_shift(d) for d in settings['dims'])
    return batched(_run(op, (inputs[0]._value,), {'dims': dims}, None), level)


def reduce_dims(level, op, inputs, settings, inplace):
    """A reduction with `dim`: dim None (or ()) reduces each sample whole."""
    dim = settings.get('dim')
    if dim is not None and (dim != () or op not in EMPTY_MEANS_ALL):
        return with_dims(level, op, inputs, settings, inplace)
    x = inputs[0]
    value = x._value
    ndim = x._data.ndim
    flat = value.reshape(value.shape[0], -1)
    keepdim = settings.get('keepdim', False)
    new = dict(settings)
    new['dim'] = 1 if op in INT_DIM else (1,)
    if keepdim:
        new['keepdim'] = False
    result = _run(op, (flat,) + tuple(inputs[1:]), new, None)
    if keepdim:
        shape = (value.shape[0],) + (1,) * ndim
        result = result.reshape(shape) if isinstance(result, Tensor) else \
            tuple(r.reshape(shape) for r in result)
    return _wrap(result, level)


INT_DIM = set()  # reductions whose dim must be an int


def whole(dim_op, pick=None):
    """A whole-tensor reduction as `dim_op` over each flattened sample."""
    def rule(level, op, inputs, settings, inplace):
        if inputs[0]._data.size == 0:
            return fallback(level, op, inputs, settings, inplace)
        value = inputs[0]._value
        flat = value.reshape(value.shape[0], -1)
        new = dict(settings)
        new['dim'] = 1 if dim_op in INT_DIM else (1,)
        result = _run(dim_op, (flat,), new, None)
        if pick is not None:
            result = result[pick]
        return batched(result, level)
    return rule


def index_rule(level, op, inputs, settings, inplace):
    """x[indices] with unbatched index arrays (an `index` key is slices and int arrays)."""
    value = inputs[0]._value
    indices = settings['indices']
    if not isinstance(indices, tuple):
        indices = (indices,)
    result = _run(op, (value,), {'indices': (slice(None),) + indices}, None)
    # NumPy puts the dims of separated index arrays first, here before the batch dim
    positions = [i for i, key in enumerate(indices) if not isinstance(key, slice)]
    if positions and positions[-1] - positions[0] + 1 != len(positions):
        index_ndim = max(getattr(indices[i], 'ndim', 0) for i in positions)
        result = result.movedim(index_ndim, 0)
    return batched(result, level)


def index_select_rule(level, op, inputs, settings, inplace):
    if _physical(settings['index'], level) is not None:
        return fallback(level, op, inputs, settings, inplace)
    return with_dims(level, op, inputs, settings, inplace)


def embedding_rule(level, op, inputs, settings, inplace):
    weight, indices = inputs
    value = _physical(indices, level)
    if _physical(weight, level) is not None or value is None:
        return fallback(level, op, inputs, settings, inplace)
    return batched(_run(op, (weight, value), settings, None), level)


# --- the fallback: a loop over the batch ------------------------------------------------------

FALLBACK_WARNING = ("There is a performance drop because we have not yet implemented the "
                    "batching rule for {}. Please file us an issue on GitHub so that we can "
                    "prioritize its implementation.")


def fallback(level, op, inputs, settings, inplace):
    if op not in level.warned:
        level.warned.add(op)
        warnings.warn(FALLBACK_WARNING.format(op.name), UserWarning, stacklevel=4)
    from ember.ops.joining import stack
    target = None if inplace is None else _target(level, inplace)
    results = []
    for b in range(level.batch_size):
        args = [_sample(x, level, b) for x in inputs]
        sample_settings = {key: _sample(value, level, b) for key, value in settings.items()}
        if target is None:
            results.append(_run(op, tuple(args), sample_settings, None))
        else:
            args[0] = target.select(0, b)
            _run(op, tuple(args), sample_settings, args[0])
    if target is not None:
        return inplace
    if isinstance(results[0], Tensor):
        return batched(stack(results), level)
    return tuple(batched(stack([r[i] for r in results]), level) for i in range(len(results[0])))


def _sample(x, level, b):
    value = _physical(x, level)
    return x if value is None else value.select(0, b)
