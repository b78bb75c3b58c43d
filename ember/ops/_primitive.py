"""Declaring a differentiable op: its forward on raw arrays, then its derivative formulas.

    @primitive(Promote.COMMON)
    def mul(xp, input, other):
        return input * other

    def _mul_input_grad(grad, other):
        return grad * other

    def _mul_other_grad(grad, input):
        return grad * input

    mul.defvjp(_mul_input_grad, _mul_other_grad)

The forward gets the array module `xp` and arrays (or Python numbers); tensors are positional,
settings keyword-only. Formulas get Tensors and use ember ops only, so that create_graph=True
differentiates them again. Running a primitive is _dispatch.py's job.

Note [Formula parameters]
A formula's first parameter is the incoming gradient (for an op with several outputs, the
tuple of their gradients, None where one got none); each further parameter is named after
what it needs: `out` (the op's result; all its results for an op with several), `out<i>`
(result i alone), a forward parameter (an input tensor, or a setting such as `dim`), or
`<input>_shape` (an input's shape, kept without keeping the input). The
names say what a node must save, so a node saves exactly what the formulas of its
grad-requiring inputs use, as torch does: an input no formula uses is not saved, and
modifying it in place afterwards is not an error.
"""
import enum
import inspect

from ember.ops._node import OpNode, Source, make_caller

VARIABLE = -1  # the output count of an op whose count depends on its inputs (unbind)


class Promote(enum.Enum):
    NONE = 'inputs are used as they are'
    COMMON = "inputs are cast to torch's common dtype"
    INT_TO_FLOAT = 'as COMMON, then integral results become the default float dtype'


class Primitive:
    """One differentiable op: its forward on arrays and its derivative formulas."""

    __slots__ = ('name', 'forward', 'promote', 'n_inputs', 'input_names', 'variadic',
                 'defaults', 'formulas', 'plans', 'node_type', 'is_view', 'n_outputs',
                 'differentiable_outputs', 'output_view', 'check', 'dtype_check', 'checks_kind',
                 'promote_args', 'fast', 'callers', 'binary_saves', '_save_masks', '_signature',
                 '__name__')

    def __init__(self, forward, promote, node_name, options):
        self.name = options['name'] or forward.__name__.strip('_')
        self.__name__ = self.name
        self.forward = forward
        self.promote = promote
        params = list(inspect.signature(forward).parameters.values())[1:]
        self.variadic = any(p.kind == p.VAR_POSITIONAL for p in params)
        self.input_names = tuple(p.name for p in params if p.kind <= p.VAR_POSITIONAL)
        self.n_inputs = -1 if self.variadic else len(self.input_names)
        self.defaults = {p.name: p.default for p in params if p.kind == p.KEYWORD_ONLY}
        self._signature = inspect.Signature(params)
        self.formulas = None
        self.plans = None
        self.is_view = options['view']
        self.n_outputs = options['outputs']
        self.differentiable_outputs = options['differentiable_outputs']
        self.output_view = options['output_view']
        self.check = options['check']
        self.dtype_check = options['dtype_check']
        # whether a one-input call must look at the input's dtype before computing
        self.checks_kind = self.dtype_check is not None or promote is Promote.INT_TO_FLOAT
        self.promote_args = options['promote_args']
        node_name = node_name or _camel(self.name) + 'Backward0'
        if self.n_outputs == VARIABLE:
            attributes = {'__slots__': ('n_outputs',)}
        else:
            attributes = {'__slots__': (), 'n_outputs': self.n_outputs}
        self.node_type = type(node_name, (OpNode,), attributes)
        self._save_masks = {}
        # `fast(*inputs)`: the same op, with a shortcut for the commonest inputs
        from ember.ops._dispatch import make_fast_call
        self.fast = make_fast_call(self)

    def defvjp(self, *formulas):
        """Declare one derivative formula per input (None for an input with no derivative);
        a variadic op has one formula, returning a gradient for each of its inputs."""
        expected = 1 if self.variadic else self.n_inputs
        if len(formulas) != expected:
            raise TypeError(f'{self.name}: {expected} formulas expected')
        self.formulas = formulas
        self.plans = tuple(None if f is None else self._plan(f) for f in formulas)
        self.callers = tuple(None if f is None else make_caller(self, f, plan)
                             for f, plan in zip(formulas, self.plans))
        if self.n_inputs == 2:
            # what a two-input node saves, indexed by need_a + 2 * need_b (the hot path's lookup)
            self.binary_saves = tuple(self.saves((bool(i & 1), bool(i & 2))) for i in range(4))

    def _plan(self, formula):
        plan = []
        for name in list(inspect.signature(formula).parameters)[1:]:
            if name == 'out':
                plan.append((Source.OUT, None))
            elif name[:3] == 'out' and name[3:].isdigit() and self.n_outputs != 1:
                plan.append((Source.OUT, int(name[3:])))
            elif name in self.input_names:
                plan.append((Source.INPUT, self._input_key(name)))
            elif name in self.defaults:
                plan.append((Source.SETTING, name))
            elif name.endswith('_shape') and name[:-len('_shape')] in self.input_names:
                plan.append((Source.SHAPE, self._input_key(name[:-len('_shape')])))
            else:
                raise TypeError(f'{self.name}: formula parameter {name!r} names nothing')
        return tuple(plan)

    def _input_key(self, name):
        # a variadic op's formula gets all its inputs at once (key None)
        return None if self.variadic else self.input_names.index(name)

    def saves(self, needs):
        """What a node saves when `needs` inputs need grads: (which inputs, or None; which
        outputs: False, True for all, or a frozenset of output indices)."""
        masks = self._save_masks.get(needs)
        if masks is None:
            inputs = [False] * len(needs)
            out = False
            plans = self.plans * len(needs) if self.variadic else self.plans
            for need, plan in zip(needs, plans):
                if need and plan is not None:
                    for source, key in plan:
                        if source is Source.INPUT:
                            if key is None:
                                inputs = [True] * len(needs)
                            else:
                                inputs[key] = True
                        elif source is Source.OUT:
                            if key is None or out is True:
                                out = True
                            else:
                                out = (out or frozenset()) | {key}
            masks = self._save_masks[needs] = (tuple(inputs) if any(inputs) else None, out)
        return masks

    def __call__(self, *args, **settings):
        if not settings and len(args) == self.n_inputs:
            return self.fast(*args)
        if self.variadic and settings.keys() <= self.defaults.keys() and 'out' not in settings:
            # the tensors are the positional arguments and every setting is known: nothing
            # for a signature to bind
            return run(self, args, settings, None)
        if len(args) != self.n_inputs or 'out' in settings:
            args, settings, out = self._bind(args, settings)
            if out is not None:
                return write_out(self, args, settings, out)
        return run(self, args, settings, None)

    def inplace(self, target, *args, **settings):
        """Run the op with `target` as its first input and write the result into it."""
        args = (target,) + args
        if len(args) != self.n_inputs:
            args, settings, _ = self._bind(args, settings)
        return run(self, args, settings, target)

    def _bind(self, args, settings):
        out = settings.pop('out', None)
        try:
            bound = self._signature.bind(*args, **settings)
        except TypeError as error:
            if 'too many positional' in str(error):
                raise TypeError(f"{self.name}() takes {self.n_inputs} positional arguments but "
                                f"{len(args)} were given") from None
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
              differentiable_outputs=None, output_view=None, check=None, dtype_check=None,
              promote_args=None):
    """Decorator declaring a primitive from its forward `(xp, *inputs, **settings)`.

    `view`: the result shares the first input's memory. `outputs`: how many results the
    forward returns (VARIABLE if that depends on the call); `differentiable_outputs` the indices
    of those that carry gradients, if not all; `output_view(i, settings)` the single view op
    that makes output i of a multi-output view op. `check(*inputs, **settings)` sees the inputs
    before promotion, to raise torch's errors; `dtype_check` likewise, but is skipped when
    every tensor input is floating point (its errors concern other dtypes). `promote_args`
    lists the inputs that take part in promotion, when not all do. `name` is torch's name for
    the op, when the forward's name differs (it appears in messages).
    """
    options = {'name': name, 'view': view, 'outputs': outputs,
               'differentiable_outputs': differentiable_outputs, 'output_view': output_view,
               'check': check, 'dtype_check': dtype_check, 'promote_args': promote_args}

    def declare(forward):
        return Primitive(forward, promote, node_name, options)
    return declare


def _camel(name):
    return ''.join(part[:1].upper() + part[1:] for part in name.split('_'))


# _dispatch builds on this module; its names are needed here only at call time
from ember.ops._dispatch import run, write_out  # noqa: E402
