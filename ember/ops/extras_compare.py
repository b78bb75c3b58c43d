"""In-place comparison, logical and bitwise ops (Tensor.eq_, logical_and_, bitwise_or_ ...).

torch records an in-place comparison with a node of its own (EqBackward0 for a number,
EqBackward1 for a tensor) whose gradients are zeros; in-place logical ops it does not record at
all (see `logical_inplace`).
"""
from ember._creation import zeros_like
from ember import _dtype
from ember._tensor import Tensor, legacy_type_name
from ember.autograd.grad_mode import no_grad
from ember.ops import comparison as _cmp
from ember.ops._primitive import Promote, primitive
from ember.ops._views import write_inplace
from ember.ops.elementwise_checks import not_implemented

__all__ = []


def _zero_grad(grad):
    return zeros_like(grad)


def _comparison(op, overload):
    """`op` (eq, lt ...) declared again for in-place use, with torch's node name and zero
    gradients; overload 0 takes a number as `other`, overload 1 a tensor."""
    node_name = f'{op.name.capitalize()}Backward{overload}'

    @primitive(Promote.COMMON, name=f'{op.name}_', node_name=node_name)
    def compare(xp, input, other):
        return op.forward(xp, input, other)
    compare.defvjp(_zero_grad, _zero_grad if overload else None)
    return compare


_COMPARISONS = {op: (_comparison(op, 0), _comparison(op, 1))
                for op in (_cmp.eq, _cmp.ne, _cmp.lt, _cmp.le, _cmp.gt, _cmp.ge)}


def comparison_inplace(op, input, other):
    """`input.<op>_(other)`: the comparison's result (0 or 1) written into `input`."""
    overload = 1 if isinstance(other, Tensor) else 0
    return _COMPARISONS[op][overload].inplace(input, other)


def logical_inplace(op, input, *other):
    """`input.<op>_(*other)` for a logical op: the result (0 or 1) written into `input`.

    NOTE: torch neither records these nor forbids them on leaves that require grad, and keeps
    a forward-mode tangent as it was: the tensor's gradient passes through as if nothing had
    been written. So the result is computed out of place and stored without recording."""
    with no_grad():
        result = op(input, *other)
        return write_inplace(op, (input,) + other, {}, result._data, input, False)


def bitwise_inplace(op, input, *other):
    """`input.<op>_(*other)` for a bitwise op (integral and bool tensors only)."""
    if input.is_floating_point() or input.is_complex():
        # NOTE: NotImplementedError here, where the out-of-place op raises RuntimeError
        raise not_implemented(f'{op.name}_cpu', input.dtype)
    if other:
        from ember.ops.extras import result_type
        promoted = result_type(input, other[0])
        if _dtype.is_floating(promoted):
            raise RuntimeError(f"result type {legacy_type_name(promoted)} can't be cast to the "
                               f"desired output type {legacy_type_name(input.dtype)}")
    return op.inplace(input, *other)
