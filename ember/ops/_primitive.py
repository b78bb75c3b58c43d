"""Declaring a differentiable op, and running one: promote, compute, record the graph node.

A primitive is declared once, as its forward on raw arrays followed by one derivative formula
per differentiable input, written with ember ops so that they can be differentiated again:

    @primitive(Promote.COMMON)
    def mul(xp, input, other):
        return input * other

    mul.defvjp(lambda_free_formula_for_input, formula_for_other)

Note [Formula parameters]
A formula's first parameter is the incoming gradient; each further parameter is named after
what it needs: `out` (the op's result), a forward parameter (an input tensor, or a setting
such as `dim`), or `<input>_shape` (an input's shape, kept without keeping the input). The names say what a node must save, so a node saves exactly what the
formulas of its grad-requiring inputs use, as torch does; an unused input is not saved and
modifying it in place later is not an error.
"""
import enum
import inspect
import re

import numpy as np

from ember import _dtype
from ember._tensor import Tensor, accumulator, materialize, version_counter, wrap
from ember.autograd import grad_mode
from ember.autograd.graph import Node, NotImplementedNode, next_sequence_nr

_grad_state = grad_mode.state
_FROM_NP = _dtype.FROM_NP
_PY_SCALARS = (int, float, bool, complex)
_NO_EDGE = (None, 0)


class Promote(enum.Enum):
    NONE = 'inputs are used as they are'
    COMMON = "inputs are cast to torch's common dtype"
    INT_TO_FLOAT = 'as COMMON, then integral results become the default float dtype'


class _Source(enum.Enum):
    OUT = 1
    INPUT = 2
    SETTING = 3
    SHAPE = 4


VARIABLE = -1  # the output count of an op whose count depends on its inputs (unbind)


class Primitive:
    """One differentiable op: its forward on arrays and its derivative formulas."""

    __slots__ = ('name', 'forward', 'promote', 'n_inputs', 'input_names', 'variadic',
                 'formulas', 'plans', 'node_type', 'is_view', 'n_outputs',
                 'differentiable_outputs', 'output_view', 'check', 'promote_args',
                 '_save_masks', '_signature', '__name__')

    def __init__(self, forward, promote, node_name, options):
        self.name = options['name'] or forward.__name__.strip('_')
        self.forward = forward
        self.promote = promote
        params = list(inspect.signature(forward).parameters.values())[1:]
        self.variadic = any(p.kind == p.VAR_POSITIONAL for p in params)
        self.input_names = tuple(p.name for p in params if p.kind <= p.VAR_POSITIONAL)
        self.n_inputs = -1 if self.variadic else len(self.input_names)
        self._signature = inspect.Signature(params)
        self.formulas = None
        self.plans = None
        self.is_view = options['view']
        self.n_outputs = options['outputs']
        self.differentiable_outputs = options['differentiable_outputs']
        self.output_view = options['output_view']
        self.check = options['check']
        self.promote_args = options['promote_args']
        node_name = node_name or _camel(self.name) + 'Backward0'
        if self.n_outputs == VARIABLE:
            attributes = {'__slots__': ('n_outputs',)}
        else:
            attributes = {'__slots__': (), 'n_outputs': self.n_outputs}
        self.node_type = type(node_name, (OpNode,), attributes)
        self._save_masks = {}
        self.__name__ = self.name

    def defvjp(self, *formulas):
        """Declare one derivative formula per input (None for an input with no derivative);
        a variadic op has one formula, returning a gradient for each of its inputs."""
        expected = 1 if self.variadic else self.n_inputs
        if len(formulas) != expected:
            raise TypeError(f'{self.name}: {expected} formulas expected')
        self.formulas = formulas
        self.plans = tuple(None if f is None else self._plan(f) for f in formulas)
        return formulas[0]

    def _plan(self, formula):
        params = list(inspect.signature(formula).parameters)
        plan = []
        for name in params[1:]:
            if name == 'out':
                plan.append((_Source.OUT, None))
            elif name in self.input_names:
                plan.append((_Source.INPUT, self._input_key(name)))
            elif name in self._signature.parameters:
                plan.append((_Source.SETTING, name))
            elif name.endswith('_shape') and name[:-len('_shape')] in self.input_names:
                plan.append((_Source.SHAPE, self._input_key(name[:-len('_shape')])))
            else:
                raise TypeError(f'{self.name}: formula parameter {name!r} names nothing')
        return tuple(plan)

    def _input_key(self, name):
        # a variadic op's formula gets all its inputs at once (key None)
        return None if self.variadic else self.input_names.index(name)

    def saves(self, needs):
        """(which inputs, whether the output) a node must save when `needs` inputs need grads."""
        masks = self._save_masks.get(needs)
        if masks is None:
            inputs = [False] * len(needs)
            out = False
            plans = self.plans * len(needs) if self.variadic else self.plans
            for need, plan in zip(needs, plans):
                if need and plan is not None:
                    for source, key in plan:
                        if source is _Source.INPUT:
                            if key is None:
                                inputs = [True] * len(needs)
                            else:
                                inputs[key] = True
                        elif source is _Source.OUT:
                            out = True
            masks = self._save_masks[needs] = (tuple(inputs), out)
        return masks

    def __call__(self, *args, **settings):
        if settings or len(args) != self.n_inputs:
            args, settings, out = self._bind(args, settings)
            if out is not None:
                return _write_out(self, args, settings, out)
        return run(self, args, settings, None)

    def inplace(self, target, *args, **settings):
        """Run the op with `target` as its first input and write the result into it."""
        args = (target,) + args
        if settings or len(args) != self.n_inputs:
            args, settings, _ = self._bind(args, settings)
        return run(self, args, settings, target)

    def _bind(self, args, settings):
        out = settings.pop('out', None)
        try:
            bound = self._signature.bind(*args, **settings)
        except TypeError as error:
            raise TypeError(f'{self.name}(): {error}') from None
        arguments = bound.arguments
        if self.variadic:
            inputs = tuple(arguments.pop(self.input_names[0], ()))
        else:
            inputs = tuple(arguments.pop(name) for name in self.input_names)
        return inputs, arguments, out

    def __repr__(self):
        return f'<ember op {self.name}>'


def primitive(promote=Promote.NONE, *, name=None, node_name=None, view=False, outputs=1,
              differentiable_outputs=None, output_view=None, check=None, promote_args=None):
    """Decorator declaring a primitive from its forward `(xp, *inputs, **settings)`.

    `view`: the result shares the first input's memory. `outputs`: how many results the
    forward returns (VARIABLE if that depends on the call); `differentiable_outputs` the indices
    of those that carry gradients, if not all; `output_view(i, settings)` the single view op
    that makes output i of a multi-output view op. `check(*inputs, **settings)` sees the
    inputs before promotion, to raise torch's errors for dtypes that promotion would hide.
    `promote_args` lists the inputs that take part in promotion, when not all do. `name` is
    torch's name for the op, when the forward's name differs (it appears in messages).
    """
    options = {'name': name, 'view': view, 'outputs': outputs, 'differentiable_outputs': differentiable_outputs,
               'output_view': output_view, 'check': check, 'promote_args': promote_args}

    def declare(forward):
        return Primitive(forward, promote, node_name, options)
    return declare


def _camel(name):
    return ''.join(part[:1].upper() + part[1:] for part in name.split('_'))


# --- running an op ---------------------------------------------------------------------------

def run(op, inputs, settings, inplace):
    """Promote the inputs, run the forward, wrap the result and record its node."""
    if op.check is not None:
        op.check(*inputs, **settings)
    arrays, requires_grad = _prepare(op, inputs)
    try:
        result = op.forward(np, *arrays, **settings)
    except ValueError as error:
        raise _translate_value_error(error, arrays) from None
    if inplace is not None:
        return write_inplace(op, inputs, settings, result, inplace, requires_grad)
    if op.n_outputs == 1:
        out = wrap(result)
        if op.is_view:
            make_view(out, inputs[0], op, settings)
        if requires_grad and _grad_state.enabled and result.dtype.kind in 'fc':
            record(op, inputs, settings, (out,))
        return out
    outs = tuple(wrap(r) for r in result)
    if op.is_view:
        for index, out in enumerate(outs):
            make_view(out, inputs[0], *op.output_view(index, settings))
    if requires_grad and _grad_state.enabled:
        record(op, inputs, settings, outs)
    return outs


def _prepare(op, inputs):
    """The arrays to compute on, and whether any input requires grad."""
    promote = op.promote
    n = len(inputs)
    if n == 1:
        x = inputs[0]
        try:
            data = x._data
        except AttributeError:
            raise TypeError(f"{op.name}(): argument '{op.input_names[0]}' (position 1) must be "
                            f"Tensor, not {type(x).__name__}") from None
        if op.is_view and type(data) is not np.ndarray:
            data = materialize(x)
        if x._view is not None:
            refresh_view(x)
        if promote is Promote.INT_TO_FLOAT and data.dtype.kind not in 'fc':
            data = data.astype(_dtype.default_float().np)
        return (data,), x._requires_grad
    if n == 2 and op.promote_args is None:
        a, b = inputs
        if isinstance(a, Tensor) and isinstance(b, Tensor):
            if a._view is not None:
                refresh_view(a)
            if b._view is not None:
                refresh_view(b)
            da, db = a._data, b._data
            requires_grad = a._requires_grad or b._requires_grad
            if promote is Promote.NONE:
                return (da, db), requires_grad
            if da.dtype is db.dtype and (promote is Promote.COMMON or da.dtype.kind in 'fc'):
                return (da, db), requires_grad
    return _prepare_general(promote, inputs, op.promote_args or range(n))


def _prepare_general(promote, inputs, promote_args):
    requires_grad = False
    dims, zero_dims, scalars = [], [], []
    for index, x in enumerate(inputs):
        if isinstance(x, Tensor):
            if x._view is not None:
                refresh_view(x)
            requires_grad = requires_grad or x._requires_grad
            if index in promote_args:
                dtype = _FROM_NP[x._data.dtype]
                (dims if x._data.ndim else zero_dims).append(dtype)
        elif x is not None and index in promote_args:
            scalars.append(_dtype.scalar_dtype(x))
    if promote is Promote.NONE:
        return tuple(x._data if isinstance(x, Tensor) else x for x in inputs), requires_grad
    target = _dtype.result_type_of(dims, zero_dims, scalars)
    if promote is Promote.INT_TO_FLOAT and target.category < _dtype.FLOATING:
        target = _dtype.default_float()
    target_np = target.np
    arrays = []
    for index, x in enumerate(inputs):
        if index not in promote_args:
            arrays.append(x._data if isinstance(x, Tensor) else x)
        elif isinstance(x, Tensor):
            data = x._data
            arrays.append(data if data.dtype is target_np else data.astype(target_np))
        else:
            arrays.append(_scalar_operand(x, target_np))
    return tuple(arrays), requires_grad


def _scalar_operand(value, target):
    """A Python scalar ready to meet arrays of dtype `target` as torch would use it."""
    if isinstance(value, np.generic):
        value = value.item()  # NumPy scalars are not weakly typed; torch treats them as numbers
    if type(value) is int and target.kind in 'iu':
        info = np.iinfo(target)
        if not info.min <= value <= info.max:
            # torch wraps an out-of-range integer into the tensor's type
            return np.array(value).astype(target)[()]
    if type(value) is bool and target.kind != 'b':
        return int(value)
    return value


def _translate_value_error(error, arrays):
    shapes = [np.shape(a) for a in arrays]
    if 'broadcast' in str(error) and len(shapes) >= 2:
        message = broadcast_error(shapes[0], shapes[1])
        if message:
            return RuntimeError(message)
    return error


def broadcast_error(shape_a, shape_b):
    """torch's message for shapes that do not broadcast, or None if they do."""
    for offset in range(1, min(len(shape_a), len(shape_b)) + 1):
        size_a, size_b = shape_a[-offset], shape_b[-offset]
        if size_a != size_b and size_a != 1 and size_b != 1:
            dim = max(len(shape_a), len(shape_b)) - offset
            return (f"The size of tensor a ({size_a}) must match the size of tensor b ({size_b}) "
                    f"at non-singleton dimension {dim}")
    return None


def _write_out(op, inputs, settings, out):
    result = run(op, inputs, settings, None)
    if _grad_state.enabled and (result.requires_grad or out.requires_grad):
        raise RuntimeError(
            f"{op.name}(): functions with out=... arguments don't support automatic "
            "differentiation, but one of the arguments requires grad.")
    copy_into(out, result)
    return out


# --- recording -------------------------------------------------------------------------------

class OpNode(Node):
    """The node of one primitive call (Note [No reference cycles])."""

    __slots__ = ('_op', '_saved', '_settings', '_out')

    def apply(self, grads):
        op = self._op
        inputs = unpack_inputs(self, self._saved)
        out = self._unpack_out() if self._out is not None else None
        grad = grads[0] if op.n_outputs == 1 else tuple(grads)
        if op.variadic:
            results = op.formulas[0](*self._formula_args(op.plans[0], grad, inputs, out))
            return [None if edge is None else result
                    for (edge, _), result in zip(self.next_functions, results)]
        results = []
        for (edge_node, _), plan, formula in zip(self.next_functions, op.plans, op.formulas):
            if edge_node is None:
                results.append(None)
            else:
                results.append(formula(*self._formula_args(plan, grad, inputs, out)))
        return results

    def _formula_args(self, plan, grad, inputs, out):
        args = [grad]
        for source, key in plan:
            if source is _Source.INPUT:
                args.append(inputs if key is None else inputs[key])
            elif source is _Source.OUT:
                args.append(out)
            elif source is _Source.SHAPE:
                metas = self._in_meta
                args.append([m[0] for m in metas] if key is None else metas[key][0])
            else:
                settings = self._settings
                args.append(settings[key] if key in settings
                            else self._op._signature.parameters[key].default)
        return args

    def _unpack_out(self):
        if self._out is _FREED:
            _raise_freed()
        tensors = []
        for nr, (array, vc, version) in enumerate(self._out):
            if vc[0] != version:
                raise version_error(array, vc[0], version, self, nr)
            t = wrap(array)
            if _grad_state.enabled:
                # rebuilt as the op's output so that a formula using it differentiates again
                t._grad_fn = self
                t._requires_grad = array.dtype.kind in 'fc'
                t._output_nr = nr
            tensors.append(t)
        return tensors[0] if self._op.n_outputs == 1 else tuple(tensors)

    def release(self):
        saved = self._saved
        if saved is not None:
            # NOTE: saved Python numbers are freed too: torch saves them as wrapped tensors
            self._saved = tuple(None if entry is None else _FREED_ENTRY for entry in saved)
        if self._out is not None:
            self._out = _FREED

    def __getattr__(self, name):
        # torch exposes saved values as grad_fn._saved_<name>
        if name.startswith('_saved_'):
            return _saved_attribute(self, name[len('_saved_'):])
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")


_FREED = ('freed',)
_FREED_ENTRY = (_FREED, None)


def _raise_freed():
    raise RuntimeError(
        "Trying to backward through the graph a second time (or directly access saved tensors "
        "after they have already been freed). Saved intermediate values of the graph are freed "
        "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
        "backward through the graph a second time or if you need to access saved tensors after "
        "calling backward.")


def _saved_attribute(node, name):
    op = node._op
    if name == 'result':
        if node._out is None:
            raise AttributeError(name)
        return node._unpack_out()
    if name in op.input_names and not op.variadic:
        index = op.input_names.index(name)
        saved = node._saved
        if saved is None or saved[index] is None:
            raise AttributeError(name)
        if saved[index] is _FREED_ENTRY:
            _raise_freed()
        return saved[index][0]
    if name in op._signature.parameters:
        return node._settings.get(name, op._signature.parameters[name].default)
    raise AttributeError(name)


def unpack_inputs(node, saved):
    """The saved inputs, checking that none was modified in place since it was saved."""
    if saved is None:
        return ()
    inputs = []
    for entry in saved:
        if entry is None:
            inputs.append(None)
            continue
        if entry is _FREED_ENTRY:
            _raise_freed()
        value, version = entry
        if version is not None:
            vc = value._vc
            current = 0 if vc is None else vc[0]
            if current != version:
                raise version_error(value._data, current, version, value._grad_fn,
                                    value._output_nr)
        inputs.append(value)
    return inputs


def version_error(data, current, expected, grad_fn, output_nr):
    from ember._tensor import legacy_type_name
    type_name = legacy_type_name(_FROM_NP[data.dtype])
    where = ''
    if grad_fn is not None:
        name = re.sub(r'Backward\d*$', '', grad_fn.name())
        where = f', which is output {output_nr} of {name},'
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [torch.{type_name}Tensor {list(np.shape(data))}]{where} is at version "
        f"{current}; expected version {expected} instead. Hint: enable anomaly detection to "
        "find the operation that failed to compute its gradient, with "
        "torch.autograd.set_detect_anomaly(True, check_nan=False).")


def record(op, inputs, settings, outs):
    """Attach a new node for `op` to its outputs; no-op for outputs that cannot need grads."""
    edges = []
    needs = []
    in_meta = []
    for x in inputs:
        if type(x) is not Tensor and not isinstance(x, Tensor):
            edges.append(_NO_EDGE)
            needs.append(False)
            in_meta.append(None)
            continue
        data = x._data
        in_meta.append((data.shape, data.dtype))
        if not x._requires_grad:
            edges.append(_NO_EDGE)
            needs.append(False)
            continue
        fn = x._grad_fn
        edges.append((fn if fn is not None else accumulator(x), x._output_nr))
        needs.append(True)
    formulas = op.formulas
    if formulas is None:
        node = NotImplementedNode(op.name, tuple(edges), tuple(in_meta))
    else:
        node = op.node_type.__new__(op.node_type)
        node.next_functions = tuple(edges)
        node._seq = next_sequence_nr()
        node._in_meta = tuple(in_meta)
        node._hooks = None
        node._metadata = None
        node._op = op
        node._settings = settings
        if op.n_outputs == VARIABLE:
            node.n_outputs = len(outs)
        save_inputs, save_out = op.saves(tuple(needs))
        node._saved = _save_inputs(inputs, save_inputs) if True in save_inputs else None
        node._out = _save_out(outs) if save_out else None
    differentiable = op.differentiable_outputs
    for nr, out in enumerate(outs):
        if out._data.dtype.kind in 'fc' and (differentiable is None or nr in differentiable):
            out._grad_fn = node
            out._requires_grad = True
            out._output_nr = nr
    return node


def _save_inputs(inputs, mask):
    saved = []
    for x, keep in zip(inputs, mask):
        if not keep:
            saved.append(None)
        elif isinstance(x, Tensor):
            vc = x._vc
            saved.append((x, 0 if vc is None else vc[0]))
        else:
            saved.append((x, None))
    return tuple(saved)


def _save_out(outs):
    saved = []
    for out in outs:
        vc = version_counter(out)
        saved.append((out._data, vc, vc[0]))
    return tuple(saved)


# _views builds on this module; its names are needed here only at call time
from ember.ops._views import copy_into, make_view, refresh_view, write_inplace  # noqa: E402
