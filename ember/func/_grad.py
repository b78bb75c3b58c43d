"""grad, grad_and_value, vjp and jvp on ember's reverse-mode autograd.

Note [Transforms on physical tensors]
A transform makes fresh leaves for the inputs it differentiates and runs the function on
them. Under vmap each leaf is the plain tensor at the bottom of the input's wrappers,
broadcast to every active vmap level (Note [Physical and logical tensors] in _batched.py): a
sample then owns its copy of an input that vmap shares between samples, and the gradient of
the physical output with respect to the physical leaf holds the per-sample gradients in its
batch dims. A cotangent batched by a vmap level entered after the function ran (jacrev's vmap
over basis vectors) is different: the graph has no such batch dim, so the backward pass runs
under that level with the cotangent still batched, and every derivative formula is batched by
vmap's rules, as torch batches its backward pass.

An input that already requires grad (an outer transform's leaf) gets an alias as leaf, which
keeps the outer graph; gradients are then built with create_graph so outer transforms can
differentiate them (grad(grad(f)), jacfwd(jacrev(f))).

jvp uses the double-vjp identity: vjp(u) = J^T u is linear in u, so the gradient of
<vjp(u), t> with respect to u is J t.

Note [Private levels]
jacrev and jacfwd vmap over basis vectors at a level of their own. Nothing but those vectors
(and what is computed from them) can be batched by it: the level is made after the function's
inputs exist. So leaves need no copy per basis vector there, and the function runs once, not
once per vector; the vectors arrive later as cotangents (or tangents) batched by a level the
graph lacks, which `backprop` handles.
"""
import functools

from ember._tensor import Tensor
from ember.autograd import grad as autograd_grad
from ember.autograd.graph import AccumulateGrad
from ember.autograd.grad_mode import enable_grad
from ember.func import _pytree
from ember.func._batched import align, levels_of, rewrap
from ember.func._vmap import current_levels
from ember.ops import _transforms


class _Nesting:
    depth = 0  # how many transforms are running their function now


class _no_transforms:
    """Run ops on plain tensors directly, out of every transform."""

    def __enter__(self):
        self.saved = _transforms.active[:]
        del _transforms.active[:]

    def __exit__(self, *exc):
        _transforms.active[:] = self.saved


def _check_tensors(values):
    for value in values:
        if not isinstance(value, Tensor):
            raise ValueError(f"Thing passed to transform API must be Tensor, got {type(value)}")


def make_leaves(flat):
    """(levels, physical leaves, the logical inputs the function gets) for tensors `flat`."""
    unwrapped = [levels_of(t) for t in flat]
    levels = [level for level in current_levels()
              if not level.private or any(level is h for _, have in unwrapped for h in have)]
    leaves, wrapped = [], []
    with _no_transforms():
        for physical, have in unwrapped:
            physical = align(physical, have, levels)
            if physical.requires_grad:
                leaf = physical.view_as(physical)
            else:
                leaf = physical.detach().requires_grad_()
            leaves.append(leaf)
            wrapped.append(rewrap(leaf, levels))
    return levels, leaves, wrapped


def _creates_graph(flat):
    return _Nesting.depth > 0 or any(t.requires_grad for t in flat)


def _reaches_outside(outs, leaves):
    """Whether the function's outputs depend on tensors that require grad outside the
    transform (parameters it closes over): torch's transforms keep those differentiable, so
    the gradients are then built with create_graph."""
    own = {id(leaf) for leaf in leaves}
    seen = set()
    stack = [o.grad_fn for o in outs if isinstance(o, Tensor) and o.grad_fn is not None]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if type(node) is AccumulateGrad:
            if id(node.variable) not in own:
                return True
            continue
        stack.extend(fn for fn, _ in node.next_functions if fn is not None)
    return False


def run_nested(func, args, kwargs):
    _Nesting.depth += 1
    try:
        with enable_grad():
            return func(*args, **kwargs)
    finally:
        _Nesting.depth -= 1


def _physical_outputs(levels, outs):
    with _no_transforms():
        return [align(*levels_of(o), levels) for o in outs]


def backprop(levels, outs, leaves, cotangents, create_graph):
    """Gradients of `outs` (logical, from a function run on `leaves`) with cotangents
    `cotangents` (logical, None for ones), as logical tensors of the current levels."""
    # levels the graph lacks but a cotangent has (a jacobian's basis vectors)
    batching = [h for c in cotangents if c is not None for h in levels_of(c)[1]]
    new = [level for level in current_levels() if not any(level is l for l in levels)
           and any(level is h for h in batching)]
    everything = sorted(levels + new, key=lambda level: level.order)
    is_new = [any(level is n for n in new) for level in everything]
    physical_outs = _physical_outputs(levels, outs)
    roots, grads = [], []
    with _no_transforms():
        for out, cotangent in zip(physical_outs, cotangents):
            if not out.requires_grad:
                continue
            if cotangent is None:
                grads.append(out.new_ones(out.shape))
            else:
                value, have = levels_of(cotangent)
                value = align(value, have, everything)
                if new:
                    order = [i for i, flag in enumerate(is_new) if flag] + \
                        [i for i, flag in enumerate(is_new) if not flag]
                    value = value.permute(order + list(range(len(everything), value.dim())))
                grads.append(value)
            roots.append(out)
    if not roots:
        results = [None] * len(leaves)
    elif not new:
        with _no_transforms():
            results = autograd_grad(roots, leaves, grads, retain_graph=True,
                                    create_graph=create_graph, allow_unused=True)
    else:
        grads = [rewrap(g, new) for g in grads]
        results = autograd_grad(roots, leaves, grads, retain_graph=True,
                                create_graph=create_graph, allow_unused=True)
    out = []
    with _no_transforms():
        for leaf, result in zip(leaves, results):
            if result is None:
                value = leaf.new_zeros(leaf.shape)
                out.append(rewrap(value, levels))
                continue
            if not new:
                out.append(rewrap(result, levels))
                continue
            value, have = levels_of(result)
            value = align(value, have, new)
            # batch dims are [new..., levels...]; put them back in level order
            positions = {}
            for index, level in enumerate(new):
                positions[id(level)] = index
            for index, level in enumerate(levels):
                positions[id(level)] = len(new) + index
            order = [positions[id(level)] for level in everything]
            value = value.permute(order + list(range(len(everything), value.dim())))
            out.append(rewrap(value, everything))
    return out


def _detached(levels, t, keep):
    """A function output as the caller gets it: off the transform's graph unless an outer
    transform differentiates it."""
    if keep or not isinstance(t, Tensor):
        return t
    with _no_transforms():
        physical, have = levels_of(t)
        return rewrap(physical.detach(), have)


# --- argnums ---------------------------------------------------------------------------------

def check_argnums(argnums, n_args):
    """The positions `argnums` names, as a tuple, checked as torch checks them."""
    if isinstance(argnums, int) and not isinstance(argnums, bool):
        positions = (argnums,)
    elif isinstance(argnums, tuple):
        if not argnums:
            raise RuntimeError("argnums must be non-empty")
        for a in argnums:
            if not isinstance(a, int) or isinstance(a, bool):
                raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
        positions = argnums
    else:
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    result = []
    for a in positions:
        if not -n_args <= a < n_args:
            raise RuntimeError(f"Got argnum={a}, but only {n_args} positional inputs")
        result.append(a % n_args)
    if len(set(result)) != len(result):
        raise RuntimeError(f"argnums must be unique, got {argnums}")
    return tuple(result)


# --- grad ------------------------------------------------------------------------------------

def grad_and_value(func, argnums=0, has_aux=False):
    """Matches `torch.func.grad_and_value`."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        positions = check_argnums(argnums, len(args))
        chosen = tuple(args[p] for p in positions)
        flat, spec = _pytree.tree_flatten(chosen)
        _check_tensors(flat)
        keep = _creates_graph(flat)
        levels, leaves, wrapped = make_leaves(flat)
        new_args = list(args)
        for p, value in zip(positions, _pytree.tree_unflatten(wrapped, spec)):
            new_args[p] = value
        output = run_nested(func, new_args, kwargs)
        aux = None
        if has_aux:
            if not (isinstance(output, tuple) and len(output) == 2):
                raise RuntimeError("grad_and_value(f)(*args): output of function f should be a "
                                   "tuple: (output, aux) if has_aux is True")
            output, aux = output
        if not isinstance(output, Tensor):
            raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a Tensor, "
                               f"got {type(output)}")
        if output.dim() != 0:
            raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a scalar "
                               f"Tensor, got tensor with {output.dim()} dims. Maybe you wanted to "
                               "use the vjp or jacrev APIs instead?")
        keep = keep or _reaches_outside([output], leaves)
        grads = backprop(levels, [output], leaves, [None], keep)
        grads = _pytree.tree_unflatten(grads, spec)
        if isinstance(argnums, int):
            grads = grads[0]
        value = _detached(levels, output, keep)
        if has_aux:
            aux = _pytree.tree_map(lambda t: _detached(levels, t, keep), aux)
            return grads, (value, aux)
        return grads, value
    return wrapper


def grad(func, argnums=0, has_aux=False):
    """Matches `torch.func.grad`."""
    transformed = grad_and_value(func, argnums, has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        grads, value = transformed(*args, **kwargs)
        if has_aux:
            return grads, value[1]
        return grads
    return wrapper


# --- vjp -------------------------------------------------------------------------------------

def _tensor_outputs(output, has_aux, call):
    """The flat outputs of `func` in vjp or jvp, their structure, and the aux value, with
    torch's errors for a missing aux or an output that is not a tensor."""
    aux = None
    if has_aux:
        if not (isinstance(output, tuple) and len(output) == 2):
            raise RuntimeError(f"{call}: output of function f should be a tuple: (output, aux) "
                               "if has_aux is True")
        output, aux = output
    outs, out_spec = _pytree.tree_flatten(output)
    for out in outs:
        if not isinstance(out, Tensor):
            raise RuntimeError(f"{call}: expected f(*primals) to return only tensors, got "
                               f"unsupported type {type(out)}")
    return outs, out_spec, aux


def vjp(func, *primals, has_aux=False):
    """Matches `torch.func.vjp`."""
    flat, spec = _pytree.tree_flatten(primals)
    _check_tensors(flat)
    keep = _creates_graph(flat)
    levels, leaves, wrapped = make_leaves(flat)
    output = run_nested(func, _pytree.tree_unflatten(wrapped, spec), {})
    outs, out_spec, aux = _tensor_outputs(output, has_aux, 'vjp(f, *primals)')
    keep = keep or _reaches_outside(outs, leaves)

    def vjp_fn(cotangents, *rest, retain_graph=True, create_graph=None):
        if rest:
            raise TypeError(f"vjp_fn() takes 1 positional argument but {1 + len(rest)} were "
                            "given")
        flat_cotangents, ct_spec = _pytree.tree_flatten(cotangents)
        if ct_spec != out_spec:
            raise RuntimeError(
                "Expected pytree structure of cotangents to be the same as pytree structure "
                f"of outputs to the function. cotangents: {_spec_str(ct_spec)}, primal output: "
                f"{_spec_str(out_spec)}")
        for out, cotangent in zip(outs, flat_cotangents):
            if not isinstance(cotangent, Tensor):
                raise RuntimeError(f"Expected tensors, got unsupported type {type(cotangent)}")
            if tuple(cotangent.shape) != tuple(out.shape):
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[0] has a shape of {cotangent.shape} and "
                    f"output[0] has a shape of {out.shape}.")
        create = (keep or _Nesting.depth > 0) if create_graph is None else create_graph
        grads = backprop(levels, outs, leaves, flat_cotangents, create)
        return _pytree.tree_unflatten(grads, spec)

    primal_out = _pytree.tree_unflatten([_detached(levels, o, keep) for o in outs], out_spec)
    if has_aux:
        aux = _pytree.tree_map(lambda t: _detached(levels, t, keep), aux)
        return primal_out, vjp_fn, aux
    return primal_out, vjp_fn


def _spec_str(spec):
    """torch's short form of a structure: `*` for a leaf, `(*,)` for a tuple of one..."""
    if spec.type is None:
        return '*'
    inner = ', '.join(_spec_str(child) for child in spec.children)
    if spec.type is tuple:
        return f'({inner},)' if len(spec.children) == 1 else f'({inner})'
    if spec.type is list:
        return f'[{inner}]'
    return repr(spec)


# --- jvp -------------------------------------------------------------------------------------

def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """Matches `torch.func.jvp`, computed exactly with reverse mode (double vjp)."""
    if not isinstance(primals, tuple):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals to be a tuple. E.g. it "
                           "should be valid to call f(*primals).")
    if not isinstance(tangents, tuple):
        raise RuntimeError("jvp(f, primals, tangents): Expected tangents to be a tuple. E.g. it "
                           "should be valid to call f(*primals).")
    flat, spec = _pytree.tree_flatten(primals)
    flat_tangents, tangent_spec = _pytree.tree_flatten(tangents)
    if spec != tangent_spec:
        raise RuntimeError(
            "jvp(f, primals, tangents): Expected primals and tangents to have the same python "
            f"structure. For example, if primals is a tuple of 3 tensors, tangents also must "
            f"be. Got primals with structure {spec} and tangents with structure {tangent_spec}")
    for value in flat + flat_tangents:
        if not isinstance(value, Tensor):
            raise RuntimeError(f"Expected tensors, got unsupported type {type(value)}")
    for primal, tangent in zip(flat, flat_tangents):
        if tuple(primal.shape) != tuple(tangent.shape):
            raise RuntimeError(
                "Trying to set a forward gradient that has a different size than that of the "
                f"original Tensor, this is not supported. Tensor is of size {list(primal.shape)} "
                f"while the given forward gradient is of size {list(tangent.shape)}.")
    keep = _creates_graph(flat) or any(t.requires_grad for t in flat_tangents)
    levels, leaves, wrapped = make_leaves(flat)
    output = run_nested(func, _pytree.tree_unflatten(wrapped, spec), {})
    outs, out_spec, aux = _tensor_outputs(output, has_aux, 'jvp(f, primals, tangents)')
    keep = keep or _reaches_outside(outs, leaves)
    physical_outs = _physical_outputs(levels, outs)
    with _no_transforms():
        dummies = [o.new_zeros(o.shape).requires_grad_() if o.dtype.is_floating_point else None
                   for o in physical_outs]
        roots = [o for o, d in zip(physical_outs, dummies) if d is not None and o.requires_grad]
        cotangents = [d for o, d in zip(physical_outs, dummies)
                      if d is not None and o.requires_grad]
        pullbacks = autograd_grad(roots, leaves, cotangents, retain_graph=True,
                                  create_graph=True, allow_unused=True) if roots else ()
        chosen, weights = [], []
        for pullback, tangent in zip(pullbacks, flat_tangents):
            if pullback is not None and pullback.requires_grad:
                chosen.append(rewrap(pullback, levels))
                weights.append(tangent)
    used = [d for d in dummies if d is not None]
    # tangents may be batched by a jacobian's private level that the graph lacks: backprop
    # then batches the second pass itself
    pushed = iter(backprop(levels, chosen, used, weights, keep) if chosen and used
                  else [None] * len(used))
    results = []
    with _no_transforms():
        for out, dummy in zip(physical_outs, dummies):
            result = next(pushed) if dummy is not None else None
            results.append(rewrap(out.new_zeros(out.shape), levels) if result is None
                           else result)
    primal_out = _pytree.tree_unflatten([_detached(levels, o, keep) for o in outs], out_spec)
    tangent_out = _pytree.tree_unflatten(results, out_spec)
    if has_aux:
        aux = _pytree.tree_map(lambda t: _detached(levels, t, keep), aux)
        return primal_out, tangent_out, aux
    return primal_out, tangent_out
