"""The backward engine: runs a graph's nodes in dependency order, iteratively.

Note [Topological order by sequence number]
Every node gets a sequence number when it is created, and a node is always created after the
nodes its inputs came from (a leaf's AccumulateGrad is made just before the first node that
uses it). Every edge therefore runs from a higher number to a lower one, and running nodes
highest number first, from a heap, is a topological order: by the time a node is at the top,
every node that can feed it has run. So the engine needs no dependency-counting pass, and no
recursion: graph depth is limited only by memory. A node is put on the heap when the first
gradient reaches it; its inputs' gradients are summed in its buffer until it runs.
"""
import heapq
import sys
import threading

from ember import _dtype
from ember._tensor import wrap
from ember.autograd import anomaly_mode, grad_mode
from ember.autograd.graph import AccumulateGrad, GraphRoot

_grad_state = grad_mode.state
anomaly = anomaly_mode.state


class _Tasks(threading.local):
    accumulating = ()  # per running backward (innermost last): does it accumulate into leaves


_tasks = _Tasks()


def accumulating():
    """Whether the backward running now accumulates into leaves' .grad (backward() without
    inputs=) rather than returning gradients (autograd.grad)."""
    return bool(_tasks.accumulating) and _tasks.accumulating[-1]
_heappush = heapq.heappush
_heappop = heapq.heappop


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
    captures = needed = captured = None
    if inputs is not None:
        captures = {}
        for i, (node, nr) in enumerate(inputs):
            captures.setdefault(node, []).append((nr, i))
        needed = _needed_nodes(start, captures)
        if not accumulate:
            captured = [None] * len(inputs)
    buffers = {start: start_grads}
    heap = [(-start._seq, start)]
    previous_mode = _grad_state.enabled
    _grad_state.enabled = create_graph
    _tasks.accumulating += (accumulate and inputs is None,)
    try:
        while heap:
            node = _heappop(heap)[1]
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
            if anomaly.enabled:
                outputs = _apply_detecting_anomalies(node, grads)
            else:
                outputs = node.apply(grads)
            edges = node.next_functions
            if len(outputs) != len(edges):
                raise RuntimeError(f"function {node.name()} returned an incorrect number of "
                                   f"gradients (expected {len(edges)}, got {len(outputs)})")
            if hooks is not None and hooks.post:
                outputs = _call_post_hooks(hooks, outputs, grads)
            if not keep_graph:
                node.release()
            del grads
            metas = node._in_meta
            for index, (next_node, nr) in enumerate(edges):
                grad = outputs[index]
                if grad is None or next_node is None:
                    continue
                if needed is not None and next_node not in needed:
                    continue
                if metas is not None:
                    meta = metas[index]
                    data = grad._data
                    if data.shape != meta[0] or data.dtype is not meta[1]:
                        grad = validate_grad(node, index, grad, meta)
                buffer = buffers.get(next_node)
                if buffer is None:
                    buffer = buffers[next_node] = [None] * next_node.n_outputs
                    buffer[nr] = grad
                    _heappush(heap, (-next_node._seq, next_node))
                else:
                    held = buffer[nr]
                    buffer[nr] = grad if held is None else held + grad
    finally:
        _grad_state.enabled = previous_mode
        _tasks.accumulating = _tasks.accumulating[:-1]
    return captured


def _apply_detecting_anomalies(node, grads):
    try:
        outputs = node.apply(grads)
    except Exception:
        anomaly_mode.warn_forward_trace(node)
        raise
    if anomaly.check_nan:
        anomaly_mode.check_outputs(node, outputs)
    return outputs


def _feeds_needed(node, needed):
    for next_node, _ in node.next_functions:
        if next_node in needed:
            return True
    return False


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

