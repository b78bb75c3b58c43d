"""Views and in-place operations: what keeps autograd right when memory is shared.

Note [Views and in-place ops]
A view shares its base's memory (a NumPy view) and its version counter, and remembers the
chain of view ops that made it from its base. An in-place op bumps the shared counter, so a
tensor saved for backward and later modified is caught. When an in-place op that records
a graph writes through a view, the base's history is re-based as torch does: the base gets a
CopySlices node (the op's node applied to the viewed region of the base's gradient) and the
view's grad_fn is regenerated from the base by replaying its view chain. Any other view of
that base notices, by the counter, that its grad_fn is stale and regenerates it when next used.
"""
import numpy as np

from ember import _dtype
from ember._errors import LEAF_INPLACE, hinted
from ember._tensor import Tensor, legacy_type_name, materialize, version_counter, wrap
from ember.autograd import grad_mode
from ember.autograd.graph import Node
from ember.ops._dispatch import run
from ember.ops._node import record
from ember.ops._primitive import primitive

_grad_state = grad_mode.state


class ViewInfo:
    """How a view was made from its base, and the base version its grad_fn reflects."""

    __slots__ = ('base', 'chain', 'version', 'made_without_grad', 'multi_output')

    def __init__(self, base, chain, version, made_without_grad):
        self.base = base
        self.chain = chain
        self.version = version
        self.made_without_grad = made_without_grad
        # (op name, output index) for an output of an op that returns several views
        self.multi_output = None


def make_view(out, x, op, settings):
    """Mark `out`, computed by view op `op` from `x`, as a view of x's base."""
    info = x._view
    if info is None:
        base, chain = x, ((op, settings),)
    else:
        base, chain = info.base, info.chain + ((op, settings),)
    vc = base._vc
    if vc is None:
        vc = base._vc = [0]
    out._vc = vc
    out._view = ViewInfo(base, chain, vc[0], base._requires_grad and not _grad_state.enabled)


def replay_arrays(array, chain):
    for op, settings in chain:
        array = op.forward(np, array, **settings)
    return array


def replay(tensor, chain):
    for op, settings in chain:
        tensor = run(op, (tensor,), settings, None)
    return tensor


def refresh_view(t):
    """Regenerate a view's grad_fn if its base was modified in place since it was set."""
    info = t._view
    base = info.base
    current = base._vc[0]
    if current == info.version:
        return
    info.version = current
    if base._requires_grad:
        settings = {'chain': info.chain, 'base_shape': base._data.shape}
        record(_replay_view, (base,), settings, (t,))


# --- in-place writes -------------------------------------------------------------------------

def write_inplace(op, inputs, settings, result, target, requires_grad):
    """Store `result` (op applied to inputs) into `target`, and record the op if needed."""
    recording = requires_grad and _grad_state.enabled and target._data.dtype.kind in 'fc'
    if _grad_state.enabled:
        _check_inplace_allowed(target)
    result = _castable_result(result, target)
    if recording:
        needs = tuple(isinstance(x, Tensor) and x._requires_grad for x in inputs)
        saved_inputs = op.saves(needs)[0] if op.formulas is not None else None
        if saved_inputs is not None and saved_inputs[0]:
            # the derivative needs the value from before the write
            inputs = (_snapshot(target),) + tuple(inputs[1:])
    _store(target, result)
    version_counter(target)[0] += 1
    if recording:
        if target._view is None:
            record(op, inputs, settings, (target,))
        else:
            _record_through_view(op, inputs, settings, target)
    return target


def _check_inplace_allowed(target):
    info = target._view
    if info is None:
        if target._grad_fn is None and target._requires_grad:
            raise hinted(RuntimeError(
                "a leaf Variable that requires grad is being used in an in-place operation."),
                LEAF_INPLACE)
        return
    base = info.base
    if info.multi_output is not None and base.requires_grad:
        name, index = info.multi_output
        raise RuntimeError(
            f"Output {index} of {name} is a view and is being modified inplace. This view is the "
            "output of a function that returns multiple views. Such functions do not allow the "
            "output views to be modified inplace. You should replace the inplace operation by "
            "an out-of-place one.")
    if info.made_without_grad:
        raise RuntimeError(
            "A view was created in no_grad mode and is being modified inplace with grad mode "
            "enabled. Given that this use case is ambiguous and error-prone, it is forbidden. "
            "You can clarify your code by moving both the view and the inplace either both "
            "inside the no_grad block (if you don't want the inplace to be tracked) or both "
            "outside (if you want the inplace to be tracked).")
    if base._grad_fn is None and base._requires_grad:
        raise hinted(RuntimeError(
            "a view of a leaf Variable that requires grad is being used in an in-place "
            "operation."), LEAF_INPLACE)


def _castable_result(result, target):
    data = target._data
    if np.shape(result) != data.shape:
        raise RuntimeError(f"output with shape {list(data.shape)} doesn't match the broadcast "
                           f"shape {list(np.shape(result))}")
    source = np.result_type(result)
    if source is not data.dtype and not can_cast(source, data.dtype):
        raise RuntimeError(
            f"result type {legacy_type_name(_dtype.FROM_NP[source])} can't be cast to the "
            f"desired output type {legacy_type_name(_dtype.FROM_NP[data.dtype])}")
    return result


def can_cast(source, target):
    """torch's rule for in-place results: no float into integers, nothing into bool."""
    order = 'biufc'
    return order.index(source.kind) <= order.index(target.kind) or (
        source.kind == 'u' and target.kind == 'i')


def _store(target, result):
    data = target._data
    if type(data) is np.ndarray:
        if not data.flags.writeable:
            raise RuntimeError(
                "unsupported operation: more than one element of the written-to tensor refers "
                "to a single memory location. Please clone() the tensor before performing the "
                "operation.")
        np.copyto(data, result, casting='unsafe')
    else:
        # a scalar-backed tensor shares nothing (Note [Scalar-backed tensors])
        target._data = data.dtype.type(result)


def _snapshot(t):
    """A copy of `t`'s value that carries t's history, for a derivative that needs old values."""
    copy = wrap(np.array(t._data, copy=True))
    copy._requires_grad = t._requires_grad
    copy._grad_fn = t._grad_fn
    copy._output_nr = t._output_nr
    return copy


def _record_through_view(op, inputs, settings, view):
    info = view._view
    base = info.base
    # the op's node sees the view's data and counter as its output
    stand_in = wrap(view._data)
    stand_in._vc = view._vc
    node = record(op, inputs, settings, (stand_in,))
    base._grad_fn = CopySlices(base, node, info.chain)
    base._requires_grad = True
    base._output_nr = 0
    view._requires_grad = True


class CopySlices(Node):
    """A base's grad_fn after an in-place op through one of its views."""

    __slots__ = ('_fn', '_chain')

    def __init__(self, base, fn, chain):
        base_edge = (base._grad_fn, base._output_nr) if base._requires_grad else (None, 0)
        base_meta = (base._data.shape, base._data.dtype)
        self._init_node((base_edge,) + fn.next_functions[1:], (base_meta,) + fn._in_meta[1:])
        self._fn = fn
        self._chain = chain

    def apply(self, grads):
        from ember.autograd.engine import validate_grad
        grad = grads[0]
        fn = self._fn
        fn_grads = fn.apply([replay(grad, self._chain)])
        region = fn_grads[0]
        if region is not None:
            region = validate_grad(fn, 0, region, fn._in_meta[0])
        value = region if region is not None else 0
        base_grad = None
        if self.next_functions[0][0] is not None:
            base_grad = run(_view_assign, (grad, value), {'chain': self._chain}, None)
        return [base_grad] + list(fn_grads[1:])

    def release(self):
        self._fn.release()


# --- the ops behind re-based views -----------------------------------------------------------

# NOTE: torch regenerates a view's grad_fn with as_strided, hence the node's name; ember
# replays the view ops themselves, which gives the same gradients.
@primitive(node_name='AsStridedBackward0', view=True)
def _replay_view(xp, input, *, chain, base_shape):
    return replay_arrays(input, chain)


def _replay_view_grad(grad, chain, base_shape):
    from ember._creation import zeros
    return run(_view_assign, (zeros(base_shape, dtype=grad.dtype), grad), {'chain': chain},
               None)


_replay_view.defvjp(_replay_view_grad)


@primitive(node_name='ViewAssignBackward0')
def _view_assign(xp, input, value, *, chain):
    """`input` with the region selected by the view chain replaced by `value`."""
    out = xp.array(input, copy=True)
    replay_arrays(out, chain)[...] = value
    return out


def _view_assign_input_grad(grad, chain):
    return run(_view_assign, (grad, 0), {'chain': chain}, None)


def _view_assign_value_grad(grad, chain):
    return replay(grad, chain)


_view_assign.defvjp(_view_assign_input_grad, _view_assign_value_grad)


# --- out= arguments and gradient accumulation ------------------------------------------------

def copy_into(out, result):
    """Write an op's result into a user-given `out=` tensor, resizing it as torch does."""
    data = out._data
    source = result._data
    if source.dtype is not data.dtype and not can_cast(source.dtype, data.dtype):
        raise RuntimeError(
            f"result type {legacy_type_name(result.dtype)} can't be cast to the desired output "
            f"type {legacy_type_name(out.dtype)}")
    if data.shape == source.shape:
        np.copyto(materialize(out), source, casting='unsafe')
    else:
        out._data = np.array(source, dtype=data.dtype)
    version_counter(out)[0] += 1


def add_into(held, grad):
    """`held += grad` outside any graph, keeping `held` the same tensor object."""
    data = held._data
    if type(data) is np.ndarray:
        np.add(data, grad._data, out=data, casting='unsafe')
    else:
        held._data = data + grad._data
    version_counter(held)[0] += 1
