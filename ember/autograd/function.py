"""Custom autograd Functions: torch.autograd.Function, its ctx, and once_differentiable.

A Function subclass gets a node class named `<Name>Backward`; each `apply` makes one node,
which is also the `ctx` that forward and backward see. What forward saves is kept without a
reference cycle (Note [No reference cycles]): a saved output keeps its array and version
counter, and is rebuilt with this node as its grad_fn when backward asks for it.
"""
import functools
import warnings

from ember import _tensor
from ember.autograd import anomaly_mode, grad_mode, saved_hooks
from ember.autograd.graph import Node, next_sequence_nr

_grad_state = grad_mode.state
_FREED = ('freed',)


class FunctionCtx:
    """What forward and backward may call on `ctx`. Matches torch's FunctionCtx."""

    def save_for_backward(self, *tensors):
        self._to_save = tensors

    def save_for_forward(self, *tensors):
        self._saved_for_forward = tensors

    def mark_dirty(self, *tensors):
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors):
        self._non_differentiable = tensors

    def set_materialize_grads(self, value):
        self._materialize = value


class BackwardFunction(Node, FunctionCtx):
    """The node (and ctx) of one call of a custom Function."""

    _forward_cls = None

    def __init__(self):
        self._init_node((), ())
        self._to_save = ()
        self._saved = None
        self._dirty = ()
        self._non_differentiable = ()
        self._materialize = True
        self._out_meta = ()
        self._tensor_positions = ()
        self.needs_input_grad = ()

    @property
    def saved_tensors(self):
        saved_for_jvp = self.__dict__.get('_jvp_saved')
        if saved_for_jvp is not None:
            return saved_for_jvp  # jvp sees what forward gave save_for_forward
        saved = self._saved
        if saved is _FREED:
            from ember.ops._node import raise_freed
            raise_freed()
        if saved is None:
            return ()
        return tuple(self._unpack(entry) for entry in saved)

    saved_variables = saved_tensors

    def _unpack(self, entry):
        from ember.ops._node import version_error
        if entry is None:
            return None
        kind, value, vc, version, nr = entry
        if kind == 'packed':
            return value.unpack()
        if vc[0] != version:
            data = value if kind == 'output' else value._data
            grad_fn = self if kind == 'output' else value._grad_fn
            raise version_error(data, vc[0], version, grad_fn, nr)
        if kind == 'input':
            return value
        t = _tensor.wrap(value)
        t._vc = vc
        # a saved output comes back as this node's output, so backward can differentiate it
        t._grad_fn = self
        t._requires_grad = True
        t._output_nr = nr
        return t

    def apply(self, grads):
        forward_cls = self._forward_cls
        if self._materialize:
            grads = [g if g is not None else _zeros(meta) for g, meta in
                     zip(grads, self._out_meta)]
        results = forward_cls.backward(self, *grads)
        if not isinstance(results, tuple):
            results = (results,)
        expected = len(self.needs_input_grad)
        if len(results) != expected:
            if len(results) > expected and all(r is None for r in results[expected:]):
                results = results[:expected]
            else:
                raise RuntimeError(f"function {self.name()} returned an incorrect number of "
                                   f"gradients (expected {expected}, got {len(results)})")
        positions = self._tensor_positions
        for position, result in enumerate(results):
            if result is not None and position not in positions:
                raise RuntimeError(
                    f"function {self.name()} returned a gradient different than None at "
                    f"position {position + 1}, but the corresponding forward input was not a "
                    "Variable")
        return [results[p] for p in positions]

    def release(self):
        if self._saved is not None:
            self._saved = _FREED

    @property
    def n_outputs(self):
        return len(self._out_meta)

    def __repr__(self):
        return f'<torch.autograd.function.{type(self).__name__} object at {id(self):#x}>'


def _zeros(meta):
    from ember._creation import zeros
    shape, dtype = meta
    return zeros(shape, dtype=dtype)


class FunctionMeta(type):
    """Gives each Function subclass its own node class, named as torch names it."""

    def __init__(cls, name, bases, namespace):
        super().__init__(name, bases, namespace)
        cls._backward_cls = type(name + 'Backward', (BackwardFunction,),
                                 {'_forward_cls': cls, '__module__': __name__})


class Function(metaclass=FunctionMeta):
    """Matches `torch.autograd.Function`: subclass it with static forward and backward."""

    def __init__(self, *args, **kwargs):
        warnings.warn(
            f"{type(self)} should not be instantiated. Methods on autograd functions are all "
            "static, so you should invoke them on the class itself. Instantiating an autograd "
            "function will raise an error in a future version of PyTorch.",
            DeprecationWarning, stacklevel=2)

    @staticmethod
    def forward(*args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode "
                                  "AD.")

    vjp = backward

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError("You must implement the jvp function for custom "
                                  "autograd.Function to use it with forward mode AD.")

    @classmethod
    def apply(cls, *args, **kwargs):
        from ember.ops._transforms import active as transforms
        if transforms:
            from ember.autograd import _forward_rules
            level = _forward_rules.active_level()
            if level is not None:
                return _forward_rules.apply_function(cls, level, args, kwargs)
        return run_apply(cls, args, kwargs)[1]


def run_apply(cls, args, kwargs):
    """Function.apply's work: the ctx (node) and the outputs."""
    ctx = cls._backward_cls()
    ctx.needs_input_grad = tuple(isinstance(a, _tensor.Tensor) and a.requires_grad for a in args)
    ctx._tensor_positions = tuple(i for i, a in enumerate(args) if isinstance(a, _tensor.Tensor))
    with grad_mode.no_grad():
        if _has_setup_context(cls):
            outputs = cls.forward(*args, **kwargs)
            cls.setup_context(ctx, args, outputs)
        else:
            outputs = cls.forward(ctx, *args, **kwargs)
    records = _grad_state.enabled and any(ctx.needs_input_grad)
    if records:
        # the edges come from the inputs' histories before outputs (which may be dirty
        # inputs) are made this node's
        tensors = [args[p] for p in ctx._tensor_positions]
        ctx.next_functions = tuple(_edge(t) for t in tensors)
        ctx._in_meta = tuple((t._data.shape, t._data.dtype) for t in tensors)
        ctx._seq = next_sequence_nr()
        if anomaly_mode.state.enabled:
            anomaly_mode.record_creation(ctx)
    single = not isinstance(outputs, tuple)
    outputs = _process_outputs(ctx, args, (outputs,) if single else outputs, records)
    _save(ctx, args, outputs)
    return ctx, outputs[0] if single else outputs


def _has_setup_context(cls):
    return getattr(cls.setup_context, '__func__', cls.setup_context) is not \
        Function.setup_context


def _edge(t):
    if not t.requires_grad:
        return (None, 0)
    fn = t.grad_fn
    return (fn if fn is not None else _tensor.accumulator(t), t._output_nr)


def _process_outputs(ctx, args, outputs, records):
    """Make forward's outputs this node's outputs (or not, for the non-differentiable)."""
    from ember.ops.shape import alias
    dirty = {id(t) for t in ctx._dirty}
    non_differentiable = {id(t) for t in ctx._non_differentiable}
    inputs = {id(a) for a in args if isinstance(a, _tensor.Tensor)}
    processed = []
    metas = []
    for nr, out in enumerate(outputs):
        if not isinstance(out, _tensor.Tensor):
            processed.append(out)
            metas.append(None)
            continue
        if id(out) in dirty:
            if out.is_leaf and out.requires_grad and records:
                raise RuntimeError("a leaf Variable that requires grad has been used in an "
                                   "in-place operation.")
        elif id(out) in inputs:
            # an input returned unchanged becomes a view of it, as in torch
            with grad_mode.no_grad():
                out = alias(out)
        metas.append((out._data.shape, out.dtype))
        if records and id(out) not in non_differentiable and out._data.dtype.kind in 'fc':
            out._grad_fn = ctx
            out._requires_grad = True
            out._output_nr = nr
        processed.append(out)
    ctx._out_meta = tuple(m if m is not None else ((), None) for m in metas)
    return tuple(processed)


def _save(ctx, args, outputs):
    """Keep what forward saved, without the node referring to its own outputs."""
    if not ctx._to_save:
        return
    output_nr = {id(o): nr for nr, o in enumerate(outputs) if isinstance(o, _tensor.Tensor)}
    saved = []
    for t in ctx._to_save:
        if t is None:
            saved.append(None)
            continue
        if saved_hooks.state.stack:
            saved.append(('packed', saved_hooks.pack(t), None, None, None))
            continue
        vc = _tensor.version_counter(t)
        nr = output_nr.get(id(t))
        if nr is not None and t._grad_fn is ctx:
            saved.append(('output', t._data, vc, vc[0], nr))
        else:
            saved.append(('input', t, vc, vc[0], t._output_nr))
    ctx._saved = tuple(saved)
    ctx._to_save = ()


def once_differentiable(backward):
    """Matches `torch.autograd.function.once_differentiable`: backward runs outside autograd,
    and differentiating its result raises."""
    @functools.wraps(backward)
    def wrapper(ctx, *grads):
        with grad_mode.no_grad():
            results = backward(ctx, *grads)
        if not _grad_state.enabled or not any(isinstance(g, _tensor.Tensor) and g.requires_grad
                                              for g in grads):
            return results
        tracked = tuple(g for g in grads if isinstance(g, _tensor.Tensor) and g.requires_grad)
        single = not isinstance(results, tuple)
        wrapped = tuple(_delayed_error()(r, *tracked) if isinstance(r, _tensor.Tensor) else r
                        for r in ((results,) if single else results))
        return wrapped[0] if single else wrapped
    return wrapper


@functools.lru_cache(maxsize=None)
def _delayed_error():
    """A primitive passing its first input through, whose derivative raises: it ties a
    once-differentiable backward's results to the gradients that went into it."""
    from ember.ops._primitive import primitive

    @primitive(name='DelayedError', node_name='DelayedError')
    def delayed_error(xp, *tensors):
        return xp.array(tensors[0], copy=True)

    def raise_twice(grad):
        raise RuntimeError("trying to differentiate twice a function that was marked with "
                           "@once_differentiable")

    delayed_error.defvjp(raise_twice)
    return delayed_error
