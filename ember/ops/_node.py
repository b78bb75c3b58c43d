"""Graph nodes for primitives: recording a call, saving what its formulas need, applying them.

See Note [Formula parameters] in _primitive.py for what a node saves, and Note [No reference
cycles] in autograd/graph.py for why a node keeps its output's array but not its output.
"""
import enum
import re

import numpy as np

from ember import _dtype
from ember._errors import FREED_GRAPH, MODIFIED_SAVED, hinted
from ember._tensor import Tensor, accumulator, version_counter, wrap
from ember.autograd import grad_mode
from ember.autograd.graph import Node, NotImplementedNode, next_sequence_nr
from ember.autograd.anomaly_mode import record_creation
from ember.autograd.anomaly_mode import state as _anomaly
from ember.autograd.saved_hooks import Packed, pack
from ember.autograd.saved_hooks import state as _hook_state

_grad_state = grad_mode.state
_new = object.__new__
_NO_EDGE = (None, 0)
_FREED = ('freed',)


class Source(enum.Enum):
    """Where a formula parameter's value comes from."""
    OUT = 1
    INPUT = 2
    SETTING = 3
    SHAPE = 4


class OpNode(Node):
    """The node of one primitive call."""

    __slots__ = ('_op', '_saved', '_settings', '_out')

    def apply(self, grads):
        op = self._op
        saved = self._saved
        if saved is not None:
            inputs = unpack_inputs(saved)
        else:
            inputs = None
        out = self._unpack_out() if self._out is not None else None
        grad = grads[0] if op.n_outputs == 1 else tuple(grads)
        if op.variadic:
            results = op.callers[0](self, grad, inputs, out)
            return [None if edge is None else result
                    for (edge, _), result in zip(self.next_functions, results)]
        results = []
        for (edge, _), call in zip(self.next_functions, op.callers):
            results.append(None if edge is None else call(self, grad, inputs, out))
        return results

    def _unpack_out(self):
        saved = self._out
        if saved is _FREED:
            raise_freed()
        if len(saved) == 1:
            return self._rebuild(0, *saved[0])
        return tuple(None if entry is None else self._rebuild(nr, *entry)
                     for nr, entry in enumerate(saved))

    def _rebuild(self, nr, array, vc, version):
        if vc is None:
            return array.unpack()  # saved through saved_tensors_hooks
        if vc[0] != version:
            raise version_error(array, vc[0], version, self, nr)
        t = wrap(array)
        if _grad_state.enabled:
            # rebuilt as the op's output so that a formula using it differentiates again
            t._grad_fn = self
            t._requires_grad = array.dtype.kind in 'fc'
            t._output_nr = nr
        return t

    def release(self):
        # NOTE: saved Python numbers are freed too: torch saves them as wrapped tensors
        if self._saved is not None:
            self._saved = _FREED
        if self._out is not None:
            self._out = _FREED

    def __getattr__(self, name):
        # torch exposes saved values as grad_fn._saved_<name>
        if name.startswith('_saved_'):
            return _saved_attribute(self, name[len('_saved_'):])
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")


def make_caller(op, formula, plan):
    """`call(node, grad, inputs, out)`: the formula applied to the values its plan names
    (Note [Formula parameters]), written out for the short plans most formulas have."""
    if len(plan) == 1:
        source, key = plan[0]
        if source is Source.INPUT and key is not None:
            def call(node, grad, inputs, out):
                return formula(grad, inputs[key])
            return call
        if source is Source.OUT and key is None:
            def call(node, grad, inputs, out):
                return formula(grad, out)
            return call
    if not plan:
        def call(node, grad, inputs, out):
            return formula(grad)
        return call
    defaults = op.defaults

    def call(node, grad, inputs, out):
        args = [grad]
        for source, key in plan:
            if source is Source.INPUT:
                args.append(inputs if key is None else inputs[key])
            elif source is Source.OUT:
                args.append(out if key is None else out[key])
            elif source is Source.SHAPE:
                metas = node._in_meta
                args.append([m[0] for m in metas] if key is None else metas[key][0])
            else:
                settings = node._settings
                args.append(settings[key] if key in settings else defaults[key])
        return formula(*args)
    return call


def raise_freed():
    raise hinted(RuntimeError(
        "Trying to backward through the graph a second time (or directly access saved tensors "
        "after they have already been freed). Saved intermediate values of the graph are freed "
        "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
        "backward through the graph a second time or if you need to access saved tensors after "
        "calling backward."), FREED_GRAPH)


def _saved_attribute(node, name):
    op = node._op
    if name == 'result':
        if node._out is None:
            raise AttributeError(name)
        return node._unpack_out()
    if name in op.input_names and not op.variadic:
        index = op.input_names.index(name)
        saved = node._saved
        if saved is _FREED:
            raise_freed()
        if saved is None or saved[index] is None:
            raise AttributeError(name)
        value = saved[index][0]
        return value.unpack() if type(value) is Packed else value
    if name in op.defaults:
        return node._settings.get(name, op.defaults[name])
    raise AttributeError(name)


def unpack_inputs(saved):
    """The saved inputs, checking that none was modified in place since it was saved."""
    if saved is _FREED:
        raise_freed()
    inputs = []
    for entry in saved:
        if entry is None:
            inputs.append(None)
            continue
        value, version = entry
        if type(value) is Packed:
            value = value.unpack()
        elif version is not None:
            vc = value._vc
            current = 0 if vc is None else vc[0]
            if current != version:
                raise version_error(value._data, current, version, value._grad_fn,
                                    value._output_nr)
        inputs.append(value)
    return inputs


def version_error(data, current, expected, grad_fn, output_nr):
    from ember._tensor import legacy_type_name
    type_name = legacy_type_name(_dtype.FROM_NP[data.dtype])
    where = ''
    if grad_fn is not None:
        name = re.sub(r'Backward\d*$', '', grad_fn.name())
        where = f', which is output {output_nr} of {name},'
    return hinted(RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [torch.{type_name}Tensor {list(np.shape(data))}]{where} is at version "
        f"{current}; expected version {expected} instead. Hint: enable anomaly detection to "
        "find the operation that failed to compute its gradient, with "
        "torch.autograd.set_detect_anomaly(True, check_nan=False)."), MODIFIED_SAVED)


# --- recording -------------------------------------------------------------------------------

def record(op, inputs, settings, outs):
    """Attach a new node for `op` to its floating-point outputs."""
    edges = []
    needs = []
    in_meta = []
    for x in inputs:
        if not isinstance(x, Tensor):
            edges.append(_NO_EDGE)
            needs.append(False)
            in_meta.append(None)
            continue
        data = x._data
        in_meta.append((data.shape, data.dtype))
        if x._requires_grad:
            fn = x._grad_fn
            edges.append((fn if fn is not None else accumulator(x), x._output_nr))
            needs.append(True)
        else:
            edges.append(_NO_EDGE)
            needs.append(False)
    if op.formulas is None:
        node = NotImplementedNode(op.name, tuple(edges), tuple(in_meta))
        _attach(op, node, outs)
        return node
    return _new_node(op, tuple(edges), tuple(in_meta), settings, inputs, tuple(needs), outs)


def record_unary(op, x, settings, out):
    """`record` for one input that requires grad and one output: a hot path."""
    data = x._data
    fn = x._grad_fn
    edges = ((fn if fn is not None else accumulator(x), x._output_nr),)
    in_meta = ((data.shape, data.dtype),)
    if op.formulas is None:
        node = NotImplementedNode(op.name, edges, in_meta)
    else:
        node = _new_node(op, edges, in_meta, settings, (x,), (True,), (out,))
    out._grad_fn = node
    out._requires_grad = True
    return node


def record_binary(op, a, b, settings, out):
    """`record` for a floating-point tensor `a`, a tensor or number `b`, one output: the
    hottest path, written out for speed."""
    da = a._data
    if a._requires_grad:
        fn = a._grad_fn
        edge_a = (fn if fn is not None else accumulator(a), a._output_nr)
    else:
        edge_a = _NO_EDGE
    if isinstance(b, Tensor):
        db = b._data
        meta_b = (db.shape, db.dtype)
        if b._requires_grad:
            fn = b._grad_fn
            edge_b = (fn if fn is not None else accumulator(b), b._output_nr)
        else:
            edge_b = _NO_EDGE
    else:
        meta_b = None
        edge_b = _NO_EDGE
    if op.formulas is None:
        node = NotImplementedNode(op.name, (edge_a, edge_b), ((da.shape, da.dtype), meta_b))
    else:
        node = _new(op.node_type)
        node.next_functions = (edge_a, edge_b)
        node._seq = next_sequence_nr()
        node._in_meta = ((da.shape, da.dtype), meta_b)
        node._hooks = None
        node._op = op
        node._settings = settings
        saved, save_out = op.binary_saves[(edge_a is not _NO_EDGE) + 2 * (edge_b is not _NO_EDGE)]
        if saved is not None:
            saved = (_save_one(a) if saved[0] else None, _save_one(b) if saved[1] else None)
        node._saved = saved
        out._grad_fn = node
        out._requires_grad = True
        node._out = _save_out((out,), True) if save_out else None
        if _anomaly.enabled:
            record_creation(node)
        return node
    out._grad_fn = node
    out._requires_grad = True
    return node


def _save_one(x):
    if isinstance(x, Tensor):
        if _hook_state.stack:
            # NOTE: a packed tensor is not version-checked on unpack, as in torch
            return (pack(x), None)
        vc = x._vc
        return (x, 0 if vc is None else vc[0])
    return (x, None)


def _new_node(op, edges, in_meta, settings, inputs, needs, outs):
    node = _new(op.node_type)
    node.next_functions = edges
    node._seq = next_sequence_nr()
    node._in_meta = in_meta
    node._hooks = None
    node._op = op
    node._settings = settings
    save_inputs, save_out = op.saves(needs)
    node._saved = _save_inputs(inputs, save_inputs) if save_inputs else None
    if op.n_outputs < 0:
        node.n_outputs = len(outs)
    # outputs become the node's before they are saved: saved-tensor hooks see them whole
    _attach(op, node, outs)
    node._out = _save_out(outs, save_out) if save_out else None
    if _anomaly.enabled:
        record_creation(node)
    return node


def _attach(op, node, outs):
    differentiable = op.differentiable_outputs
    for nr, out in enumerate(outs):
        if out._data.dtype.kind in 'fc' and (differentiable is None or nr in differentiable):
            out._grad_fn = node
            out._requires_grad = True
            out._output_nr = nr


def _save_inputs(inputs, mask):
    return tuple(_save_one(x) if keep else None for x, keep in zip(inputs, mask))


def _save_out(outs, which):
    """Save the outputs `which` names (True: all) for the formulas."""
    if which is not True:
        return tuple(_save_out((out,), True)[0] if nr in which else None
                     for nr, out in enumerate(outs))
    if _hook_state.stack:
        return tuple((pack(out), None, None) for out in outs)
    saved = []
    for out in outs:
        vc = version_counter(out)
        saved.append((out._data, vc, vc[0]))
    return tuple(saved)
