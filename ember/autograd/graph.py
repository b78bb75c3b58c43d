"""Graph nodes: what `grad_fn` is.

Note [No reference cycles]
A node keeps the inputs its derivative needs and edges to the nodes that produced them; it
never keeps its own output Tensor. A derivative that needs the output gets a Tensor rebuilt
from the saved array. A leaf's AccumulateGrad node is owned by the leaf and refers back to it
weakly. A whole graph is therefore a tree of strong references hanging off its output, freed
by reference counting the moment the output is dropped.
"""
import itertools
import weakref

_sequence = itertools.count()
next_sequence_nr = _sequence.__next__


class RemovableHandle:
    """Removes one hook from the collection it was added to. Matches torch's handle."""

    __slots__ = ('_hooks', 'id')
    _ids = itertools.count()

    def __init__(self, hooks):
        self._hooks = weakref.ref(hooks)
        self.id = next(RemovableHandle._ids)

    def remove(self):
        hooks = self._hooks()
        if hooks is not None:
            hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


class HookDict(dict):
    """An ordered id -> hook mapping; a subclass only so that handles can refer to it weakly."""

    __slots__ = ('__weakref__',)

    def add(self, fn):
        handle = RemovableHandle(self)
        self[handle.id] = fn
        return handle


class NodeHooks:
    """The hooks (and metadata) a node carries; allocated only for nodes that have any."""

    __slots__ = ('tensor_pre', 'retain', 'pre', 'post', 'metadata')

    def __init__(self):
        self.tensor_pre = {}   # output_nr -> HookDict of hooks registered on that output tensor
        self.retain = {}       # output_nr -> retain_grad hook, run after the tensor hooks
        self.pre = HookDict()
        self.post = HookDict()
        self.metadata = {}


class Node:
    """Base of every `grad_fn`. Subclasses implement `apply(grads) -> grads of inputs`."""

    __slots__ = ('next_functions', '_seq', '_in_meta', '_hooks', '__weakref__')
    n_outputs = 1

    def _init_node(self, next_functions, in_meta):
        self.next_functions = next_functions
        self._seq = next_sequence_nr()
        self._in_meta = in_meta
        self._hooks = None

    def name(self):
        return type(self).__name__

    @property
    def metadata(self):
        return self.hooks().metadata

    def _sequence_nr(self):
        return self._seq

    @property
    def requires_grad(self):
        return True

    def apply(self, grads):
        raise NotImplementedError

    def release(self):
        """Free what was saved for the derivative (after a backward without retain_graph)."""

    def hooks(self):
        if self._hooks is None:
            self._hooks = NodeHooks()
        return self._hooks

    def register_hook(self, fn):
        """Matches `Node.register_hook`: fn(grad_inputs, grad_outputs) may return new inputs."""
        return self.hooks().post.add(fn)

    def register_prehook(self, fn):
        """Matches `Node.register_prehook`: fn(grad_outputs) may return new grad_outputs."""
        return self.hooks().pre.add(fn)

    def __call__(self, *grads):
        from ember.autograd.engine import call_node
        return call_node(self, grads)

    def __repr__(self):
        return f'<{type(self).__name__} object at {id(self):#x}>'


class AccumulateGrad(Node):
    """The node that adds a gradient into a leaf's `.grad`."""

    __slots__ = ('_variable',)

    def __init__(self, variable):
        self._init_node((), None)
        # NOTE: weak on purpose: the leaf owns this node (see Note [No reference cycles])
        self._variable = weakref.ref(variable)

    @property
    def variable(self):
        return self._variable()

    def name(self):
        return 'torch::autograd::AccumulateGrad'


class GraphRoot(Node):
    """Stands in front of the outputs given to backward; hands each its starting gradient."""

    __slots__ = ('n_outputs',)

    def __init__(self, edges):
        self._init_node(tuple(edges), None)
        self.n_outputs = len(self.next_functions)

    def apply(self, grads):
        return grads


class NotImplementedNode(Node):
    """`grad_fn` of an op torch has no derivative for: printing works, backward raises."""

    __slots__ = ('_op_name',)

    def __init__(self, op_name, next_functions, in_meta):
        self._init_node(next_functions, in_meta)
        self._op_name = op_name

    def apply(self, grads):
        raise RuntimeError(f"derivative for aten::{self._op_name} is not implemented")


# torch prints this node's type as NotImplemented
NotImplementedNode.__name__ = 'NotImplemented'
NotImplementedNode.__qualname__ = 'NotImplemented'


class GradientEdge(tuple):
    """Matches `torch.autograd.graph.GradientEdge`: (node, output_nr)."""

    __slots__ = ()

    def __new__(cls, node, output_nr):
        return tuple.__new__(cls, (node, output_nr))

    node = property(lambda self: self[0])
    output_nr = property(lambda self: self[1])


def get_gradient_edge(tensor):
    """Matches `torch.autograd.graph.get_gradient_edge`."""
    from ember._tensor import accumulator
    if not tensor.requires_grad:
        raise RuntimeError("It is not possible to get the gradient edge for a Tensor that does "
                           "not require gradients")
    grad_fn = tensor.grad_fn
    if grad_fn is None:
        return GradientEdge(accumulator(tensor), 0)
    return GradientEdge(grad_fn, tensor.output_nr)


def increment_version(tensor):
    """Matches `torch.autograd.graph.increment_version`."""
    from ember._tensor import version_counter
    for t in (tensor,) if not isinstance(tensor, (tuple, list)) else tensor:
        version_counter(t)[0] += 1


# the saved-tensor hooks belong to this namespace in torch
from ember.autograd.saved_hooks import (disable_saved_tensors_hooks, save_on_cpu,  # noqa: E402
                                        saved_tensors_hooks)
