"""The backward engine: runs a graph's nodes in dependency order, iteratively.

Nodes become ready when every node that feeds them a gradient has run (Kahn's algorithm with
dependency counts, so graph depth is limited only by memory). Among ready nodes the most
recently created runs first and AccumulateGrad nodes run at once, which is torch's order; it
fixes the order in which gradients are summed and hooks are called.
"""
import heapq
import math
import sys

from ember import _dtype
from ember._tensor import wrap
from ember.autograd import grad_mode
from ember.autograd.graph import AccumulateGrad, GraphRoot

_grad_state = grad_mode.state
_ACCUMULATE_FIRST = -math.inf


def run_backward(roots, root_grads, keep_graph, create_graph, inputs=None, accumulate=True):
    """Differentiate `roots` (edges) with `root_grads`.

    With `inputs` (a list of edges) and accumulate=False, return the gradient reaching each
    input instead of accumulating into leaves; with accumulate=True, only those inputs'
    `.grad` are updated.
    """
    if len(roots) == 1:
        start, start_nr = roots[0]
        start_grads = [None] * start.n_outputs
        start_grads[start_nr] = root_grads[0]
    else:
        start = GraphRoot(roots)
        start_grads = list(root_grads)

    captures = None
    if inputs is not None:
        captures = {}
        for i, (node, nr) in enumerate(inputs):
            captures.setdefault(node, []).append((nr, i))
    needed = _needed_nodes(start, captures) if captures is not None else None
    dependencies = _count_dependencies(start, needed)

    captured = [None] * len(inputs) if inputs is not None and not accumulate else None
    buffers = {start: start_grads}
    ready = [(0, 0, start)]
    previous_mode = _grad_state.enabled
    _grad_state.enabled = create_graph
    try:
        while ready:
            node = heapq.heappop(ready)[2]
            grads = buffers.pop(node)
            hooks = node._hooks
            if hooks is not None:
                grads = _call_pre_hooks(hooks, grads)
            if captured is not None and node in captures:
                for nr, index in captures[node]:
                    captured[index] = grads[nr]
            if type(node) is AccumulateGrad:
                if accumulate:
                    accumulate_grad(node, grads[0])
                continue
            if needed is not None and not _feeds_needed(node, needed):
                if not keep_graph:
                    node.release()
                continue
            outputs = _apply(node, grads)
            if hooks is not None and hooks.post:
                outputs = _call_post_hooks(hooks, outputs, grads)
            if not keep_graph:
                node.release()
            del grads
            _propagate(node, outputs, dependencies, buffers, ready, needed)
    finally:
        _grad_state.enabled = previous_mode
    return captured


def _feeds_needed(node, needed):
    for next_node, _ in node.next_functions:
        if next_node in needed:
            return True
    return False


def _apply(node, grads):
    for grad in grads:
        if grad is not None:
            break
    else:
        # nothing reached this node: it passes nothing on
        return [None] * len(node.next_functions)
    outputs = node.apply(grads)
    return outputs if node._in_meta is None else _validate(node, outputs)


def _propagate(node, outputs, dependencies, buffers, ready, needed):
    for (next_node, nr), grad in zip(node.next_functions, outputs):
        if next_node is None or (needed is not None and next_node not in needed):
            continue
        buffer = buffers.get(next_node)
        if buffer is None:
            buffer = buffers[next_node] = [None] * next_node.n_outputs
        if grad is not None:
            held = buffer[nr]
            buffer[nr] = grad if held is None else held + grad
        remaining = dependencies[next_node] - 1
        dependencies[next_node] = remaining
        if remaining == 0:
            key = _ACCUMULATE_FIRST if type(next_node) is AccumulateGrad else -next_node._seq
            heapq.heappush(ready, (key, next_node._seq, next_node))


def _count_dependencies(start, needed):
    dependencies = {}
    stack = [start]
    seen = {start}
    while stack:
        node = stack.pop()
        for next_node, _ in node.next_functions:
            if next_node is None or (needed is not None and next_node not in needed):
                continue
            dependencies[next_node] = dependencies.get(next_node, 0) + 1
            if next_node not in seen:
                seen.add(next_node)
                stack.append(next_node)
    return dependencies


def _needed_nodes(start, captures):
    """Nodes from which some capture target can be reached (the only ones worth running)."""
    needed = set()
    visited = {start}
    stack = [(start, iter(start.next_functions))]
    while stack:
        node, children = stack[-1]
        for child, _ in children:
            if child is not None and child not in visited:
                visited.add(child)
                stack.append((child, iter(child.next_functions)))
                break
        else:
            stack.pop()
            if node in captures or any(c in needed for c, _ in node.next_functions):
                needed.add(node)
    return needed


def _validate(node, outputs):
    """Reduce each gradient to its input's shape and cast it to the input's dtype."""
    if len(outputs) != len(node.next_functions):
        raise RuntimeError(f"function {node.name()} returned an incorrect number of gradients "
                           f"(expected {len(node.next_functions)}, got {len(outputs)})")
    return [None if grad is None or meta is None else validate_grad(node, index, grad, meta)
            for index, (grad, meta) in enumerate(zip(outputs, node._in_meta))]


def validate_grad(node, index, grad, meta):
    shape, dtype = meta
    data = grad._data
    if data.shape != shape:
        if not _reducible(data.shape, shape):
            raise RuntimeError(
                f"Function {node.name()} returned an invalid gradient at index {index} - "
                f"got {list(data.shape)} but expected shape compatible with {list(shape)}")
        grad = sum_to(grad, shape)
    if grad._data.dtype is not dtype:
        grad = grad.to(_dtype.FROM_NP[dtype])
    return grad


def _reducible(grad_shape, shape):
    """Whether `shape` broadcasts to `grad_shape`, so a gradient can be summed back to it."""
    if len(shape) > len(grad_shape):
        return False
    for size, grad_size in zip(reversed(shape), reversed(grad_shape)):
        if size != grad_size and size != 1:
            return False
    return True


def sum_to(grad, shape):
    """Sum a broadcast gradient back to `shape` (the one place broadcasting is undone)."""
    from ember.ops.reduction import sum_to as reduce_to
    return reduce_to(grad, shape)


def _call_pre_hooks(hooks, grads):
    grads = list(grads)
    for nr, tensor_hooks in hooks.tensor_pre.items():
        for hook in tuple(tensor_hooks.values()):
            if grads[nr] is None:
                break
            result = hook(grads[nr])
            if result is not None:
                grads[nr] = result
    for nr, retain in hooks.retain.items():
        if grads[nr] is not None:
            retain(grads[nr])
    for hook in tuple(hooks.pre.values()):
        result = hook(tuple(grads))
        if result is not None:
            grads = list(result)
    return grads


def _call_post_hooks(hooks, outputs, grads):
    for hook in tuple(hooks.post.values()):
        result = hook(tuple(outputs), tuple(grads))
        if result is not None:
            outputs = list(result)
    return outputs


# --- accumulation into leaves ----------------------------------------------------------------

def accumulate_grad(node, grad):
    variable = node._variable()
    if variable is None or grad is None:
        return
    meta = variable._meta
    if meta is not None and meta.hooks:
        for hook in tuple(meta.hooks.values()):
            result = hook(grad)
            if result is not None:
                grad = result
    held = variable._grad
    if held is None:
        if _grad_state.enabled:
            from ember.ops.shape import copy_to_new
            variable._grad = copy_to_new(grad)
        elif _can_steal(grad, variable):
            variable._grad = wrap(grad._data)
        else:
            variable._grad = wrap(grad._data.copy())
    elif _grad_state.enabled:
        variable._grad = held + grad
    else:
        from ember.ops._views import add_into
        add_into(held, grad)
    if meta is not None and meta.post_accumulate_hooks:
        for hook in tuple(meta.post_accumulate_hooks.values()):
            hook(variable)


# references to a gradient tensor that exist whenever the engine hands it over: the caller's
# local, accumulate_grad's argument, _can_steal's argument and getrefcount's own
_ENGINE_REFS = 4


def _can_steal(grad, variable):
    """Whether `grad` can become `.grad` without a copy: no one else holds it (as torch checks
    with use_count) and its memory layout is the plain one."""
    data = grad._data
    if type(data) is not type(variable._data) and data.ndim:
        return False
    if data.ndim and not data.flags.c_contiguous:
        return False
    if grad._grad_fn is not None or grad._view is not None:
        return False
    return sys.getrefcount(grad) <= _ENGINE_REFS


def call_node(node, grads):
    """`grad_fn(*grads)`: apply one node directly, as torch allows."""
    return tuple(node.apply(list(grads)))

