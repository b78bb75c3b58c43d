"""jacrev, jacfwd and hessian: vmap over vjp (or jvp) with basis vectors, as torch does."""
import functools

from ember._creation import eye
from ember.func import _pytree
from ember.func._grad import check_argnums, jvp, vjp
from ember.func._vmap import vmap_level


def _split_function(func, args, positions, kwargs):
    """f of the chosen arguments only, the others held fixed."""
    def partial(*chosen):
        new_args = list(args)
        for p, value in zip(positions, chosen):
            new_args[p] = value
        return func(*new_args, **kwargs)
    return partial


def _basis(tensors, dtype):
    """Rows of the identity split per tensor: for each, [N, *its shape]."""
    sizes = [t.numel() for t in tensors]
    identity = eye(sum(sizes), dtype=dtype)
    pieces, start = [], 0
    for t, size in zip(tensors, sizes):
        pieces.append(identity[:, start:start + size].reshape((-1,) + tuple(t.shape)))
        start += size
    return pieces


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None, _preallocate_and_copy=False):
    """Matches `torch.func.jacrev`."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        positions = check_argnums(argnums, len(args))
        chosen = tuple(args[p] for p in positions)
        result = vjp(_split_function(func, args, positions, kwargs), *chosen, has_aux=has_aux)
        output, vjp_fn = result[0], result[1]
        outs, out_spec = _pytree.tree_flatten(output)
        basis = _basis(outs, outs[0].dtype) if outs else []
        flat_in, in_spec = _pytree.tree_flatten(chosen)
        rows = vmap_level(lambda *cts: _pytree.tree_flatten(
            vjp_fn(_pytree.tree_unflatten(list(cts), out_spec)))[0],
            0, 0, 'error', chunk_size, private=True)(*basis)
        jacobians = []
        start = 0
        for out in outs:
            size = out.numel()
            per_input = [row[start:start + size].reshape(tuple(out.shape) + tuple(x.shape))
                         for row, x in zip(rows, flat_in)]
            start += size
            tree = _pytree.tree_unflatten(per_input, in_spec)
            jacobians.append(tree[0] if isinstance(argnums, int) else tree)
        jacobian = _pytree.tree_unflatten(jacobians, out_spec)
        if has_aux:
            return jacobian, result[2]
        return jacobian
    return wrapper


def jacfwd(func, argnums=0, has_aux=False, *, randomness='error'):
    """Matches `torch.func.jacfwd`, its products computed with reverse mode (see jvp)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        positions = check_argnums(argnums, len(args))
        chosen = tuple(args[p] for p in positions)
        flat_in, in_spec = _pytree.tree_flatten(chosen)
        partial = _split_function(func, args, positions, kwargs)
        basis = _basis(flat_in, flat_in[0].dtype)
        specs = {}

        def push(*tangents):
            tangent_tree = _pytree.tree_unflatten(list(tangents), in_spec)
            result = jvp(partial, chosen, tangent_tree, has_aux=has_aux)
            outs, specs['out'] = _pytree.tree_flatten(result[1])
            if has_aux:
                return outs, result[2]
            return outs

        if has_aux:
            columns, aux = _with_aux(push, randomness, basis)
        else:
            columns = vmap_level(push, 0, 0, randomness, None, private=True)(*basis)
        jacobians = []
        for column in columns:
            out_shape = tuple(column.shape[1:])
            moved = column.movedim(0, -1) if column.dim() > 1 else column
            per_input, start = [], 0
            for x in flat_in:
                size = x.numel()
                piece = moved[..., start:start + size]
                per_input.append(piece.reshape(out_shape + tuple(x.shape)))
                start += size
            tree = _pytree.tree_unflatten(per_input, in_spec)
            jacobians.append(tree[0] if isinstance(argnums, int) else tree)
        jacobian = _pytree.tree_unflatten(jacobians, specs['out'])
        if has_aux:
            return jacobian, aux
        return jacobian
    return wrapper


def _with_aux(push, randomness, basis):
    """The columns and the aux output, which is the same for every basis vector."""
    columns, aux = vmap_level(push, 0, 0, randomness, None, private=True)(*basis)
    return columns, _pytree.tree_map(lambda t: t[0], aux)


def hessian(func, argnums=0):
    """Matches `torch.func.hessian`: jacfwd(jacrev(func))."""
    return jacfwd(jacrev(func, argnums), argnums)
