"""Forward-mode AD as a function transform: every primitive call carries its inputs' tangents
to its outputs.

Note [Tangent rules from reverse formulas]
An op's `defvjp` formulas are linear in `grad`: formula_i(u) = J_i^T u. Forward mode needs
sum_i J_i t_i, which three paths derive from those same formulas:
- view ops are linear in their one input: the tangent is the same view of the input's tangent,
  so tangents of views alias each other as their primals do (in-place writes reach the base);
- elementwise ops have diagonal Jacobians once the inputs are broadcast to the output's shape,
  so J_i t_i = formula_i(t_i broadcast to that shape): one formula call per input;
- any other op uses the transpose trick: with u a cotangent that requires grad,
  s(u) = sum_i <formula_i(u), t_i> = <u, sum_i J_i t_i>, so the tangent is ds/du, one
  backward pass through the formulas. It is exact, and with create_graph it keeps the tangent
  differentiable with respect to the primals and the tangents (reverse-over-forward).
The formulas get tangent-free views of the dual inputs (ForwardLevel.primal), as torch's
forward formulas get primals: backward later run through a tangent's graph under the level
then sees the same tangents as torch's.
Per-op exceptions are two small tables: ops whose callers skip outputs the formulas need
(_settings_for_tangents) and ops whose reverse formula is not their derivative's transpose
(_linear_in_first).

Note [Rebuilt outputs]
A node that saves its output keeps the array, not the Tensor, and rebuilds a Tensor around it
when backward needs it (Note [No reference cycles]). Backward run under a dual level
(forward-over-reverse) must see that rebuilt output's tangent, so the level maps the saved
arrays to their tangents. A rebuilt tensor is told from a detached one (which has no tangent,
as in torch) by its version counter: detach() shares its source's, a rebuilt tensor has none.
NOTE: `.data` of such an output has no counter either, and so shows the tangent.

Tangents live in the TensorMeta slot `tangent` as (level, tangent). A view with no tangent of
its own takes the same view of its base's tangent, which is how a view made before its base
became dual (or before an in-place write gave the base a tangent) finds its tangent.
"""
import functools
import weakref

from ember._tensor import Tensor
from ember.autograd import grad_mode
from ember.ops import _transforms

# NOTE: a module list rather than a per-op flag: the one-output ops defined in these modules
# compute each output element from the same-position elements of their (broadcast) inputs,
# except those whose inputs do not broadcast to the output (glu), which _is_elementwise sees
_ELEMENTWISE_MODULES = frozenset((
    'ember.ops.pointwise', 'ember.ops.elementwise_unary', 'ember.ops.elementwise_binary',
    'ember.ops.elementwise_clamp', 'ember.ops.elementwise_rounding',
    'ember.ops.elementwise_ternary', 'ember.ops.nn_activation', 'ember.ops.nn_activation_smooth'))

# torch's two messages: for an op with no derivative at all, and for one whose derivative is
# marked not implemented (ember: a formula built on an op without a derivative)
_NO_DERIVATIVE = "Trying to use forward AD with aten::{} that does not support it."
_NO_FORWARD_FORMULA = (
    "Trying to use forward AD with {} that does not support it because it has not been "
    "implemented yet.\nPlease file an issue to PyTorch at "
    "https://github.com/pytorch/pytorch/issues/new?template=feature-request.yml so that we can "
    "prioritize its implementation or submit a PR adding the implementation to "
    "derivatives.yaml")


class ForwardLevel:
    """A dual level: the transform on the stack while it is entered, and the tensors that got a
    tangent at it (their tangents are dropped when the level is left)."""

    __slots__ = ('duals', 'saved_outputs')

    def __init__(self):
        self.duals = []
        # id(array) -> (array, tangent) for outputs their node saved: see Note [Rebuilt outputs]
        self.saved_outputs = {}

    def process(self, op, inputs, settings, inplace):
        tangents = [tangent_of(x, self) if isinstance(x, Tensor) else None for x in inputs]
        if all(t is None for t in tangents):
            return _transforms.call_below(self, op, inputs, settings, inplace)
        if inplace is not None and op.formulas is None:
            # NOTE: torch leaves the target's tangent as it was (x.logical_and_(y) on a dual x)
            return _transforms.call_below(self, op, inputs, settings, inplace)
        override = _settings_for_tangents().get(op)
        if override is not None:
            settings = dict(settings, **override)
        formula_inputs = inputs
        if inplace is not None:
            with Outside(self):
                # the formulas see the target's value from before the write
                before = inplace.clone()
            formula_inputs = (before,) + tuple(inputs[1:])
        result = _transforms.call_below(self, op, inputs, settings, inplace)
        single = op.n_outputs == 1 or inplace is not None
        outs = (result,) if single else tuple(result)
        with Outside(self):
            formula_inputs = [self.primal(x) if t is not None else x
                              for x, t in zip(formula_inputs, tangents)]
            out_tangents = output_tangents(op, formula_inputs, settings, outs, tangents)
            if inplace is not None:
                write_tangent(inplace, out_tangents[0], tangents, self)
            else:
                for out, tangent in zip(outs, out_tangents):
                    if tangent is not None:
                        if not op.is_view:
                            tangent = _own(tangent, tangents)
                        set_tangent(out, tangent, self)
                        if getattr(out._grad_fn, '_out', None) is not None:
                            self.saved_outputs[id(out._data)] = (out._data, tangent)
        return result

    def primal(self, x):
        """A view of dual `x` without its tangent, for the formulas: as in torch, the tangent's
        graph then refers to the primal values only."""
        from ember.autograd.forward_ad import _primal_view
        from ember.ops._dispatch import run
        view = run(_primal_view(), (x,), {}, None)
        set_tangent(view, None, self)
        return view

    def clear(self):
        for ref in self.duals:
            t = ref()
            if t is not None and t._meta is not None:
                entry = t._meta.tangent
                if entry is not None and entry[0] is self:
                    t._meta.tangent = None
        self.duals = []
        self.saved_outputs = {}


class Outside:
    """Runs its block as if `level` (and any transform entered inside it) were not active:
    tangent arithmetic must not itself be given tangents."""

    __slots__ = ('level', 'above')

    def __init__(self, level):
        self.level = level
        self.above = None

    def __enter__(self):
        active = _transforms.active
        for index, transform in enumerate(active):
            if transform is self.level:
                self.above = active[index:]
                del active[index:]
                return self
        self.above = []
        return self

    def __exit__(self, *exc):
        _transforms.active.extend(self.above)


def active_level():
    """The dual level on the transform stack, or None."""
    for transform in _transforms.active:
        if type(transform) is ForwardLevel:
            return transform
    return None


# --- tangent storage -------------------------------------------------------------------------

def tangent_of(x, level):
    """x's tangent at `level`, or None."""
    meta = x._meta
    if meta is not None:
        entry = meta.tangent
        if entry is not None and entry[0] is level:
            return entry[1]
    view = x._view
    if view is None:
        if x._vc is None and level.saved_outputs:
            saved = level.saved_outputs.get(id(x._data))
            if saved is not None and saved[0] is x._data:
                return saved[1]
        return None
    base_tangent = tangent_of(view.base, level)
    if base_tangent is None:
        return None
    from ember.ops._views import replay
    with Outside(level):
        tangent = replay(base_tangent, view.chain)
    set_tangent(x, tangent, level)
    return tangent


def set_tangent(x, tangent, level):
    x._ensure_meta().tangent = (level, tangent)
    level.duals.append(weakref.ref(x))


def write_tangent(target, new, input_tangents, level):
    """Give `target`, just written in place, the tangent `new` (None: zero), in place where it
    has one so that its views and base see the change."""
    existing = tangent_of(target, level)
    if existing is None and target._view is not None:
        from ember._creation import zeros_like
        base = target._view.base
        set_tangent(base, zeros_like(base), level)
        existing = tangent_of(target, level)
    if existing is None:
        if new is None:
            from ember._creation import zeros_like
            new = zeros_like(target)
        set_tangent(target, _own(new, input_tangents), level)
    elif new is None:
        existing.zero_()
    else:
        existing.copy_(new)


def _own(tangent, input_tangents):
    """`tangent`, copied if it is (a view of) an input's tangent: an output must not share its
    tangent's memory with an input's, or an in-place op on one would change the other."""
    if tangent._view is not None or any(tangent is t for t in input_tangents):
        return tangent.clone()
    return tangent


# --- tangent rules ---------------------------------------------------------------------------

class _FormulaContext:
    """What a formula caller reads from a node (input shapes, settings), without a node."""

    __slots__ = ('_in_meta', '_settings')

    def __init__(self, inputs, settings):
        self._in_meta = tuple((x._data.shape, x._data.dtype) if isinstance(x, Tensor) else None
                              for x in inputs)
        self._settings = settings


def _differentiable(op, nr, out):
    return (isinstance(out, Tensor) and out._data.dtype.kind in 'fc'
            and (op.differentiable_outputs is None or nr in op.differentiable_outputs))


def output_tangents(op, inputs, settings, outs, tangents):
    """The tangent of each of `outs` (None where an output has none), by Note [Tangent rules
    from reverse formulas]."""
    wanted = [_differentiable(op, nr, out) for nr, out in enumerate(outs)]
    if not any(wanted):
        return [None] * len(outs)
    if op.formulas is None:
        raise NotImplementedError(_NO_DERIVATIVE.format(op.name))
    if op.is_view and tangents[0] is not None:
        from ember.ops._dispatch import run
        try:
            result = run(op, (tangents[0],), settings, None)
        except RuntimeError:
            # the tangent's strides differ from the primal's and the view needs them: a copy
            result = None
        if result is not None:
            return [result] if op.n_outputs == 1 else list(result)
    if op in _linear_in_first() and all(t is None for t in tangents[1:]):
        from ember.ops._dispatch import run
        return [run(op, (tangents[0],) + tuple(inputs[1:]), settings, None)]
    context = _FormulaContext(inputs, settings)
    if _is_elementwise(op, outs, tangents):
        return [_elementwise_tangent(op, context, inputs, outs[0], tangents)]
    return _transposed_tangents(op, context, inputs, outs, tangents, wanted)


@functools.lru_cache(maxsize=None)
def _settings_for_tangents():
    """Settings an op is run with when its input has a tangent: the outputs its formulas
    need, which its callers skip when no gradient is needed (as torch computes U and V for
    svdvals when the input has a tangent). The callers use the outputs they asked for only."""
    from ember.ops import decompositions
    return {decompositions.svd_op: {'compute_uv': True},
            decompositions.eigh_op: {'compute_v': True}}


@functools.lru_cache(maxsize=None)
def _linear_in_first():
    """Ops linear in their first input whose reverse formula is not that map's transpose:
    their tangent is the op applied to the first input's tangent."""
    from ember.ops import nn_basic
    # NOTE: embedding's gradient ignores padding_idx rows and scales by frequency on request;
    # its derivative, which torch's forward AD gives, does neither
    return frozenset((nn_basic.embedding_op,))


def _is_elementwise(op, outs, tangents):
    if op.forward.__module__ not in _ELEMENTWISE_MODULES or len(outs) != 1 or op.variadic:
        return False
    shape = outs[0]._data.shape
    for tangent in tangents:
        if tangent is not None and len(tangent._data.shape) <= len(shape):
            offset = len(shape) - len(tangent._data.shape)
            if any(n != 1 and n != m for n, m in zip(tangent._data.shape, shape[offset:])):
                return False
        elif tangent is not None:
            return False
    return True


def _elementwise_tangent(op, context, inputs, out, tangents):
    shape = out._data.shape
    total = None
    for caller, tangent in zip(op.callers, tangents):
        if tangent is None or caller is None:
            continue
        if tangent._data.shape != shape:
            tangent = tangent.expand(shape)
        term = caller(context, tangent, inputs, out)
        total = term if total is None else total + term
    if total is None:
        from ember._creation import zeros_like
        return zeros_like(out)
    if total._data.shape != shape:
        total = total.expand(shape)
    if total._data.dtype != out._data.dtype:
        total = total.to(out.dtype)
    return total


def _apply_formulas(op, context, inputs, outs, tangents, wanted, single, skip_empty):
    """The cotangents u (requiring grad) and the formulas' gradients for them."""
    from ember._creation import ones_like
    # NOTE: ones, not zeros: the formulas are linear in the cotangent, so any value gives the
    # same derivative, but some compute through log|grad| (logcumsumexp), undefined at 0
    cotangents = [ones_like(out).requires_grad_()
                  if want and not (skip_empty and out._data.size == 0) else None
                  for out, want in zip(outs, wanted)]
    grad = cotangents[0] if single else tuple(cotangents)
    out = outs[0] if single else outs
    if op.variadic:
        grads = op.callers[0](context, grad, list(inputs), out)
    else:
        grads = [None if t is None or caller is None else caller(context, grad, inputs, out)
                 for caller, t in zip(op.callers, tangents)]
    return cotangents, grads


def _transposed_tangents(op, context, inputs, outs, tangents, wanted):
    from ember._creation import zeros_like
    from ember.autograd import grad as autograd_grad
    create_graph = grad_mode.state.enabled and any(
        isinstance(x, Tensor) and x.requires_grad for x in list(inputs) + tangents + list(outs))
    with grad_mode.enable_grad():
        single = op.n_outputs == 1 or len(outs) == 1
        try:
            cotangents, grads = _apply_formulas(op, context, inputs, outs, tangents, wanted,
                                                single, False)
        except (IndexError, RuntimeError):
            # empty placeholder outputs (svdvals' U and Vh) get no cotangent, as in backward,
            # where nothing uses them
            cotangents, grads = _apply_formulas(op, context, inputs, outs, tangents, wanted,
                                                single, True)
        total = None
        for g, tangent in zip(grads, tangents):
            if g is None or tangent is None or tangent._data.size == 0:
                # an empty input contributes nothing (its formula may hold 0/0 terms)
                continue
            term = (g * tangent).sum()
            total = term if total is None else total + term
        roots = [c for c in cotangents if c is not None]
        if total is None or not total.requires_grad:
            found = [None] * len(roots)
        else:
            try:
                found = autograd_grad(total, roots, create_graph=create_graph,
                                      allow_unused=True)
            except RuntimeError as error:
                # a formula built on an op that has no derivative of its own
                if not str(error).startswith('derivative for '):
                    raise
                raise NotImplementedError(_NO_FORWARD_FORMULA.format(op.name)) from None
    found = iter(found)
    results = []
    for out, want, cotangent in zip(outs, wanted, cotangents):
        if not want:
            results.append(None)
            continue
        tangent = None if cotangent is None else next(found)
        if tangent is None:
            tangent = zeros_like(out)
        elif tangent._data.dtype != out._data.dtype:
            tangent = tangent.to(out.dtype)
        results.append(_without_masked_nans(tangent, out, inputs, tangents))
    return results


def _without_masked_nans(tangent, out, inputs, tangents):
    """`tangent` with NaNs that only a discarded branch made set to zero.

    A formula such as where(out == 0, 0, grad / out) sends a zero cotangent into grad / out
    where out is 0, and 0 / 0 is NaN: a NaN the formula's value never had. A NaN tangent from
    finite inputs, tangents and output can only come from there."""
    import numpy as np
    if not np.isnan(tangent._data).any() or not np.isfinite(out._data).all():
        return tangent
    for x in list(inputs) + list(tangents):
        if isinstance(x, Tensor) and x._data.dtype.kind in 'fc' and \
                not np.isfinite(x._data).all():
            return tangent
    from ember.ops.pointwise import where
    return where(tangent.isnan(), 0.0, tangent)


# --- custom Functions ------------------------------------------------------------------------

def apply_function(cls, level, args, kwargs):
    """Function.apply under a dual level: forward on the primals, then the Function's jvp
    maps the inputs' tangents (zeros for tensors without one) to the outputs' tangents."""
    from ember._creation import zeros_like
    from ember.autograd.function import run_apply
    tangents = [tangent_of(a, level) if isinstance(a, Tensor) else None for a in args]
    with Outside(level):
        if all(t is None for t in tangents):
            return run_apply(cls, args, kwargs)[1]
        ctx, result = run_apply(cls, args, kwargs)
        full = [zeros_like(a) if t is None and isinstance(a, Tensor) else t
                for a, t in zip(args, tangents)]
        ctx._jvp_saved = tuple(getattr(ctx, '_saved_for_forward', ()))
        try:
            out_tangents = cls.jvp(ctx, *full)
        finally:
            del ctx._jvp_saved
        outs = result if isinstance(result, tuple) else (result,)
        if not isinstance(out_tangents, tuple):
            out_tangents = (out_tangents,)
        if len(out_tangents) != len(outs):
            raise RuntimeError("Function's jvp returned an invalid number of forward gradients "
                               f"(expected {len(outs)} but got {len(out_tangents)})")
        for out, tangent in zip(outs, out_tangents):
            if isinstance(out, Tensor) and tangent is not None:
                set_tangent(out, tangent, level)
    return result
