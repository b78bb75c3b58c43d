"""Running a primitive: promote the inputs, compute, wrap the result, record the node.

This is the hot path of every op, so the common cases (one tensor; two floating-point
tensors of one dtype; a floating-point tensor and a Python number) skip the general promotion
machinery. Everything else goes through `_prepare_general`, which applies torch's rules
(_dtype.result_type_of) in full.
"""
import numpy as np

from ember import _dtype
from ember._tensor import Tensor, materialize, wrap
from ember.autograd import grad_mode
from ember.ops._node import record, record_binary, record_unary
from ember.ops._primitive import Promote

_grad_state = grad_mode.state
_new = object.__new__
_ndarray = np.ndarray
_FROM_NP = _dtype.FROM_NP
_NONE = Promote.NONE
_TO_FLOAT = Promote.INT_TO_FLOAT


def run(op, inputs, settings, inplace):
    """Compute `op` on `inputs`; write into `inplace` if given, else return new tensor(s)."""
    if _transforms:
        return _transforms[-1].process(op, inputs, settings, inplace)
    check = op.check
    if check is not None:
        check(*inputs, **settings)
    n = len(inputs)
    if n == 1:
        x = inputs[0]
        try:
            data = x._data
        except AttributeError:
            raise TypeError(f"{op.name}(): argument '{op.input_names[0]}' (position 1) must be "
                            f"Tensor, not {type(x).__name__}") from None
        if x._view is not None:
            refresh_view(x)
        if op.is_view and type(data) is not _ndarray:
            data = materialize(x)
        if op.checks_kind and data.dtype.kind not in 'fc':
            if op.dtype_check is not None:
                op.dtype_check(x, **settings)
            if op.promote is _TO_FLOAT:
                data = data.astype(_dtype.default_float().np)
        requires_grad = x._requires_grad
        arrays = (data,)
    else:
        # fast path: a floating-point tensor with a Python number, or with a tensor of its dtype
        arrays = None
        a = inputs[0]
        if n == 2 and op.promote_args is None and isinstance(a, Tensor):
            if a._view is not None:
                refresh_view(a)
            da = a._data
            if da.dtype.kind == 'f':
                b = inputs[1]
                kind = type(b)
                if kind is float or kind is int:
                    arrays = (da, b)
                    requires_grad = a._requires_grad
                elif isinstance(b, Tensor):
                    if b._view is not None:
                        refresh_view(b)
                    db = b._data
                    if db.dtype is da.dtype or (op.promote is _NONE and db.dtype.kind == 'f'):
                        arrays = (da, db)
                        requires_grad = a._requires_grad or b._requires_grad
        if arrays is None:
            arrays = _prepare_general(op, inputs, settings)
            requires_grad = False
            for x in inputs:
                if isinstance(x, Tensor) and x._requires_grad:
                    requires_grad = True
                    break
    try:
        result = op.forward(np, *arrays, **settings) if settings else op.forward(np, *arrays)
    except ValueError as error:
        raise _translate_value_error(error, arrays) from None
    if inplace is not None:
        return write_inplace(op, inputs, settings, result, inplace, requires_grad)
    if op.n_outputs == 1:
        out = wrap(result)
        if op.is_view:
            make_view(out, inputs[0], op, settings)
        if requires_grad and _grad_state.enabled and _floating(result):
            if n == 1:
                record_unary(op, inputs[0], settings, out)
            elif op.n_inputs == 2 and isinstance(inputs[0], Tensor):
                record_binary(op, inputs[0], inputs[1], settings, out)
            else:
                record(op, inputs, settings, (out,))
        return out
    outs = tuple(wrap(r) for r in result)
    if op.is_view:
        name = op.node_type.__name__[:-len('Backward0')]
        for index, out in enumerate(outs):
            make_view(out, inputs[0], *op.output_view(index, settings))
            out._view.multi_output = (name, index)
    if requires_grad and _grad_state.enabled:
        record(op, inputs, settings, outs)
    return outs


_NO_SETTINGS = {}  # shared by calls without settings; never written to


def make_fast_call(op):
    """A call of `op` with a shortcut for floating-point tensors of one dtype (or a tensor
    and a Python number): no promotion, no keyword handling. Other calls go to `run`.
    Tensor's operators use these, and so every derivative formula does.

    NOTE: dtypes are tested through type() where possible: asking a NumPy scalar for its
    dtype costs more than the arithmetic it guards."""
    forward = op.forward
    check = op.check
    if op.n_outputs != 1 or op.promote_args is not None:
        def general(*inputs):
            return run(op, inputs, _NO_SETTINGS, None)
        return general
    if op.is_view:
        def view(*inputs):
            # views are cheap to make; what matters here is skipping keyword handling
            return run(op, inputs, _NO_SETTINGS, None)
        return view
    if op.n_inputs == 1:
        def unary(x):
            if _transforms or type(x) is not Tensor and not isinstance(x, Tensor):
                return run(op, (x,), _NO_SETTINGS, None)
            if check is not None:
                check(x)
            if x._view is not None:
                refresh_view(x)
            data = x._data
            kind = type(data)
            if not (kind in _FLOAT_SCALARS or kind is _ndarray and data.dtype.kind == 'f'):
                return run(op, (x,), _NO_SETTINGS, None)
            out = _new(Tensor)
            out._data = result = forward(np, data)
            out._requires_grad = False
            out._grad_fn = out._grad = out._vc = out._view = out._meta = None
            out._output_nr = 0
            if x._requires_grad and _grad_state.enabled and _floating(result):
                record_unary(op, x, _NO_SETTINGS, out)
            return out
        return unary
    if op.n_inputs == 2:
        def binary(a, b):
            if _transforms or type(a) is not Tensor and not isinstance(a, Tensor):
                return run(op, (a, b), _NO_SETTINGS, None)
            if check is not None:
                check(a, b)
            if a._view is not None:
                refresh_view(a)
            da = a._data
            kind = type(da)
            if not (kind in _FLOAT_SCALARS or kind is _ndarray and da.dtype.kind == 'f'):
                return run(op, (a, b), _NO_SETTINGS, None)
            other_kind = type(b)
            if other_kind is float or other_kind is int:
                other = b
                requires_grad = a._requires_grad
            elif other_kind is Tensor or isinstance(b, Tensor):
                if b._view is not None:
                    refresh_view(b)
                other = b._data
                if type(other) is not kind and other.dtype is not da.dtype or \
                        kind is _ndarray and other.dtype is not da.dtype:
                    return run(op, (a, b), _NO_SETTINGS, None)
                requires_grad = a._requires_grad or b._requires_grad
            else:
                return run(op, (a, b), _NO_SETTINGS, None)
            try:
                result = forward(np, da, other)
            except ValueError as error:
                raise _translate_value_error(error, (da, other)) from None
            out = _new(Tensor)
            out._data = result
            out._requires_grad = False
            out._grad_fn = out._grad = out._vc = out._view = out._meta = None
            out._output_nr = 0
            if requires_grad and _grad_state.enabled and _floating(result):
                record_binary(op, a, b, _NO_SETTINGS, out)
            return out
        return binary

    def general(*inputs):
        return run(op, inputs, _NO_SETTINGS, None)
    return general


_FLOAT_SCALARS = frozenset((np.float16, np.float32, np.float64))
_INEXACT_SCALARS = _FLOAT_SCALARS | {np.complex64, np.complex128}


def _floating(data):
    """Whether an op's result has a floating-point or complex dtype (and so can need grads)."""
    kind = type(data)
    if kind is _ndarray:
        return data.dtype.kind in 'fc'
    return kind in _INEXACT_SCALARS


def _prepare_general(op, inputs, settings):
    """The arrays to compute on, promoted by torch's rules."""
    promote = op.promote
    if promote is _NONE:
        arrays = []
        all_floating = True
        for x in inputs:
            if isinstance(x, Tensor):
                if x._view is not None:
                    refresh_view(x)
                data = x._data
                if data.dtype.kind not in 'fc':
                    all_floating = False
                arrays.append(data)
            else:
                arrays.append(x)
        if not all_floating and op.dtype_check is not None:
            op.dtype_check(*inputs, **settings)
        return tuple(arrays)
    promote_args = op.promote_args or range(len(inputs))
    dims, zero_dims, scalars = [], [], []
    all_floating = True
    for index, x in enumerate(inputs):
        if isinstance(x, Tensor):
            if x._view is not None:
                refresh_view(x)
            data = x._data
            if data.dtype.kind not in 'fc':
                all_floating = False
            if index in promote_args:
                (dims if data.ndim else zero_dims).append(_FROM_NP[data.dtype])
        elif x is not None and index in promote_args:
            scalars.append(_dtype.scalar_dtype(x))
    if not all_floating and op.dtype_check is not None:
        op.dtype_check(*inputs, **settings)
    target = _dtype.result_type_of(dims, zero_dims, scalars)
    if promote is _TO_FLOAT and target.category < _dtype.FLOATING:
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
    return tuple(arrays)


def _scalar_operand(value, target):
    """A Python number ready to meet arrays of dtype `target` as torch would use it."""
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
    """torch's error for operands whose shapes do not broadcast; other errors as they are."""
    if 'broadcast' not in str(error):
        return error
    shapes = [np.shape(a) for a in arrays if a is not None]
    running = shapes[0] if shapes else ()
    for shape in shapes[1:]:
        message = broadcast_error(running, shape)
        if message:
            return RuntimeError(message)
        running = np.broadcast_shapes(running, shape)
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


def write_out(op, inputs, settings, out):
    """An op called with `out=`: compute, then copy into `out`."""
    result = run(op, inputs, settings, None)
    if _grad_state.enabled and (result.requires_grad or out.requires_grad):
        raise RuntimeError(
            f"{op.name}(): functions with out=... arguments don't support automatic "
            "differentiation, but one of the arguments requires grad.")
    copy_into(out, result)
    return out


# _views and _transforms build on this module; their names are needed here only at call time
from ember.ops._transforms import active as _transforms  # noqa: E402
from ember.ops._views import copy_into, make_view, refresh_view, write_inplace  # noqa: E402
