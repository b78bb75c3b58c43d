"""vmap: a function transform that batches every op instead of looping over samples."""
import functools
import itertools

from ember._tensor import Tensor, wrap_dim
from ember.func import _pytree
from ember.func._batched import BatchedTensor, batched
from ember.func._rules import RULES, DECOMPOSITIONS, fallback
from ember.func._rules_table import RANDOM
from ember.ops import _transforms

_active = _transforms.active
_call_below = _transforms.call_below
_counter = itertools.count(1)

RANDOM_ERROR = ("vmap: called random operation while in randomness error mode. Please either "
                "use the 'same' or 'different' randomness flags on vmap or perform the "
                "randomness operation out of vmap")
INPLACE_DIFFERENT_ERROR = (
    "vmap: Cannot ask for different inplace randomness on an unbatched tensor. This will appear "
    "like same randomness. If this is necessary for your usage, please file an issue with "
    "functorch.")


class VmapLevel:
    """One active vmap: the transform that batches the ops called while it is innermost."""

    __slots__ = ('batch_size', 'randomness', 'number', 'order', 'warned', 'private')

    def __init__(self, batch_size, randomness, private=False):
        self.batch_size = batch_size
        self.randomness = randomness
        # a jacobian's level over basis vectors: only those vectors are batched by it
        # (Note [Private levels] in _grad.py)
        self.private = private
        self.number = 1 + sum(type(t) is VmapLevel for t in _active)
        self.order = next(_counter)
        self.warned = set()

    def process(self, op, inputs, settings, inplace):
        for x in inputs:
            if type(x) is BatchedTensor and x._level is self:
                break
        else:
            if not settings or not any(type(v) is BatchedTensor and v._level is self
                                       for v in settings.values()):
                if op in RANDOM and self.randomness != 'same':
                    if self.randomness == 'error':
                        raise RuntimeError(RANDOM_ERROR)
                    if inplace is not None:
                        raise RuntimeError(INPLACE_DIFFERENT_ERROR)
                    return _different_randomness(self, op, inputs, settings)
                return _call_below(self, op, inputs, settings, inplace)
        if op in RANDOM:
            if self.randomness == 'error':
                raise RuntimeError(RANDOM_ERROR)
            if self.randomness == 'same':
                return _same_randomness(self, op, inputs, settings, inplace)
        decomposition = DECOMPOSITIONS.get(op)
        if decomposition is not None:
            return decomposition(self, op, inputs, settings, inplace)
        rule = RULES.get(op, fallback)
        index = _active.index(self)
        above = _active[index:]
        del _active[index:]
        try:
            return rule(self, op, inputs, settings, inplace)
        finally:
            _active[index:] = above


def _same_randomness(level, op, inputs, settings, inplace):
    """One random draw for a sample, shared by the whole batch."""
    index = _active.index(level)
    above = _active[index:]
    del _active[index:]
    try:
        args = tuple(x._value.select(0, 0) if type(x) is BatchedTensor and x._level is level
                     else x for x in inputs)
        if inplace is not None:
            target = inplace._value
            sample = args[0].clone()
            _transforms._dispatch.run(op, (sample,) + args[1:], settings, sample)
            target.copy_(sample.expand(target.shape))
            return inplace
        out = _transforms._dispatch.run(op, args, settings, None)
        return batched(out.unsqueeze(0).expand((level.batch_size,) + tuple(out.shape)), level)
    finally:
        _active[index:] = above


def _different_randomness(level, op, inputs, settings):
    """A draw from unbatched inputs, one per sample: the op runs on the inputs expanded to
    the batch."""
    index = _active.index(level)
    above = _active[index:]
    del _active[index:]
    try:
        size = level.batch_size
        args = tuple(x.unsqueeze(0).expand((size,) + tuple(x.shape)) if isinstance(x, Tensor)
                     else x for x in inputs)
        return batched(_transforms._dispatch.run(op, args, settings, None), level)
    finally:
        _active[index:] = above


def current_levels():
    """The active vmap levels, outermost first."""
    return [t for t in _active if type(t) is VmapLevel]


# --- the public transform --------------------------------------------------------------------

def vmap(func, in_dims=0, out_dims=0, randomness='error', *, chunk_size=None):
    """Matches `torch.func.vmap`."""
    return vmap_level(func, in_dims, out_dims, randomness, chunk_size, private=False)


def vmap_level(func, in_dims, out_dims, randomness, chunk_size, private):
    """vmap, with the level marked private or not."""
    @functools.wraps(func)
    def vmapped(*args, **kwargs):
        if randomness not in ('error', 'different', 'same'):
            raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', "
                               f"or 'same'. Got {randomness}")
        if chunk_size is not None and chunk_size <= 0:
            raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got "
                             f"{chunk_size})")
        name = _name(func)
        flat_args, args_spec, flat_dims, batch_size = _read_inputs(name, in_dims, args)
        if chunk_size is None or chunk_size >= batch_size:
            return _run_vmap(func, name, flat_args, args_spec, flat_dims, batch_size,
                             out_dims, randomness, kwargs, private)
        chunks = []
        for start in range(0, batch_size, chunk_size):
            size = min(chunk_size, batch_size - start)
            chunk_args = [a if d is None else a.narrow(d, start, size)
                          for a, d in zip(flat_args, flat_dims)]
            chunks.append(_run_vmap(func, name, chunk_args, args_spec, flat_dims, size,
                                    out_dims, randomness, kwargs, private))
        return _concat_chunks(chunks, out_dims)
    return vmapped


def _name(func):
    return getattr(func, '__name__', repr(func))


def _read_inputs(name, in_dims, args):
    if not isinstance(in_dims, (int, tuple)) or isinstance(in_dims, bool):
        raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): expected `in_dims` "
                         "to be int or a (potentially nested) tuple matching the structure of "
                         f"inputs, got: {type(in_dims)}.")
    if not args:
        raise ValueError(f"vmap({name})(<inputs>): got no inputs. Maybe you forgot to add "
                         "inputs, or you are trying to vmap over a function with no inputs. The "
                         "latter is unsupported.")
    flat_args, args_spec = _pytree.tree_flatten(args)
    flat_dims = _pytree.broadcast_prefix(in_dims, args)
    if flat_dims is None:
        raise ValueError(
            f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): in_dims is not compatible with "
            f"the structure of `inputs`. in_dims has structure "
            f"{_pytree.tree_flatten(in_dims)[1]} but inputs has structure {args_spec}.")
    sizes = []
    for arg, dim in zip(flat_args, flat_dims):
        if dim is None:
            continue
        if not isinstance(dim, int) or isinstance(dim, bool):
            raise ValueError(
                f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): in_dims must be int or None "
                f"for each input, got: {dim}.")
        if not isinstance(arg, Tensor):
            raise ValueError(
                f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={dim} for an "
                f"input but the input is of type {type(arg)}. We cannot vmap over non-Tensor "
                "arguments, please use None as the respective in_dim")
        ndim = arg.dim()
        if not -ndim <= dim < ndim:
            raise ValueError(
                f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={dim} for some "
                f"input, but that input is a Tensor of dimensionality {ndim} so expected in_dim "
                f"to satisfy -{ndim} <= in_dim < {ndim}.")
        sizes.append(arg.shape[dim])
    if not sizes:
        raise ValueError(
            f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): at least one input must be a "
            "Tensor that is vmapped over (in_dim is not None), got none.")
    if any(size != sizes[0] for size in sizes):
        raise ValueError("vmap: Expected all tensors to have the same size in the mapped "
                         f"dimension, got sizes {sizes} for the mapped dimension")
    return flat_args, args_spec, flat_dims, sizes[0]


def _run_vmap(func, name, flat_args, args_spec, flat_dims, batch_size, out_dims, randomness,
              kwargs, private):
    level = VmapLevel(batch_size, randomness, private)
    inputs = [arg if dim is None else batched(arg.movedim(dim, 0) if dim else arg, level)
              for arg, dim in zip(flat_args, flat_dims)]
    _transforms.push(level)
    try:
        outputs = func(*_pytree.tree_unflatten(inputs, args_spec), **kwargs)
    finally:
        _transforms.pop(level)
    return _write_outputs(name, level, outputs, out_dims)


def _write_outputs(name, level, outputs, out_dims):
    if not isinstance(out_dims, (int, tuple, list)) and out_dims is not None \
            or isinstance(out_dims, bool):
        raise ValueError(f"vmap({name}, ..., out_dims={out_dims}): `out_dims` must be an int, "
                         "None or a python collection of ints representing where in the outputs "
                         "the vmapped dimension should appear.")
    flat, spec = _pytree.tree_flatten(outputs, none_is_leaf=True)
    dims = _pytree.broadcast_prefix(out_dims, outputs, none_is_leaf=True)
    if dims is None:
        raise ValueError(
            f"vmap({name}, ..., out_dims={out_dims})(<inputs>): out_dims is not compatible "
            f"with the structure of `outputs`. out_dims has structure "
            f"{_pytree.tree_flatten(out_dims)[1]} but outputs has structure {spec}.")
    results = []
    for out, dim in zip(flat, dims):
        if not isinstance(out, Tensor):
            if dim is None:
                results.append(out)
                continue
            raise ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type "
                             f"{type(out)}. Did you mean to set out_dims= to None for output?")
        is_batched = type(out) is BatchedTensor and out._level is level
        if dim is None:
            if is_batched:
                raise ValueError(f"vmap({name}, ...): `{name}` can not return a BatchedTensor "
                                 "when out_dim is None")
            results.append(out)
            continue
        if is_batched:
            value = out._value
        else:
            value = out.unsqueeze(0).expand((level.batch_size,) + tuple(out.shape))
        dim = wrap_dim(dim, value.dim())
        results.append(value.movedim(0, dim) if dim else value)
    return _pytree.tree_unflatten(results, spec)


def _concat_chunks(chunks, out_dims):
    from ember.ops.joining import cat
    flats = [_pytree.tree_flatten(chunk, none_is_leaf=True) for chunk in chunks]
    spec = flats[0][1]
    dims = _pytree.broadcast_prefix(out_dims, chunks[0], none_is_leaf=True)
    leaves = []
    for index, dim in enumerate(dims):
        parts = [flat[index] for flat, _ in flats]
        leaves.append(parts[0] if dim is None else cat(parts, dim))
    return _pytree.tree_unflatten(leaves, spec)

