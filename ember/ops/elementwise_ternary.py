"""Elementwise ops of three operands: lerp, addcmul and addcdiv."""
import numpy as np

from ember import _dtype
from ember._tensor import Tensor, c_type_name, legacy_type_name
from ember.ops._dispatch import broadcast_error
from ember.ops._primitive import Promote, primitive
from ember.ops.elementwise_checks import (common_dtype, invalid_combination, not_implemented,
                                          tensor_arguments)

COMMON = Promote.COMMON


def _pass_through(grad):
    return grad


def _check_broadcast(*tensors):
    """torch's error for shapes that do not broadcast, naming the first pair that fails."""
    shape = ()
    for t in tensors:
        message = broadcast_error(shape, t.shape)
        if message:
            raise RuntimeError(message)
        shape = np.broadcast_shapes(shape, t.shape)


# --- lerp ------------------------------------------------------------------------------------

def _check_same_dtype(input, other, name):
    if other.dtype is not input.dtype:
        raise RuntimeError(f"expected dtype {c_type_name(input.dtype)} for `{name}` but got "
                           f"dtype {c_type_name(other.dtype)}")


_check_lerp_tensors = tensor_arguments('lerp', 'input', 'end', 'weight')


def _check_lerp_number(input, end, *, weight):
    _check_lerp_tensors(input, end)
    _check_same_dtype(input, end, 'end')
    if not input.dtype.is_floating_point:
        raise not_implemented('lerp_kernel_scalar', input.dtype)


def _check_lerp_tensor(input, end, weight):
    _check_lerp_tensors(input, end, weight)
    _check_broadcast(input, end, weight)
    _check_same_dtype(input, end, 'end')
    _check_same_dtype(input, weight, 'weight')
    if not input.dtype.is_floating_point:
        raise not_implemented('lerp_kernel_tensor', input.dtype)


# NOTE: two formulas, chosen by |weight| < 0.5, as torch: each is exact at its own end
@primitive(name='lerp', node_name='LerpBackward0', check=_check_lerp_number)
def lerp_number(xp, input, end, *, weight):
    if abs(weight) < 0.5:
        return input + weight * (end - input)
    return end - (end - input) * (1 - weight)


def _lerp_input_grad(grad, weight):
    return grad * (1 - weight)


def _lerp_end_grad(grad, weight):
    return grad * weight


lerp_number.defvjp(_lerp_input_grad, _lerp_end_grad)


@primitive(name='lerp', node_name='LerpBackward1', check=_check_lerp_tensor)
def lerp_tensor(xp, input, end, weight):
    difference = end - input
    return xp.where(xp.abs(weight) < 0.5, input + weight * difference,
                    end - difference * (1 - weight))


def _lerp_weight_grad(grad, input, end):
    return grad * (end - input)


lerp_tensor.defvjp(_lerp_input_grad, _lerp_end_grad, _lerp_weight_grad)


def _python_number(value):
    # a NumPy scalar would widen a float32 computation; torch takes it as a Python number
    return value.item() if isinstance(value, np.generic) else value


def lerp(input, end, weight, *, out=None):
    """Matches `torch.lerp`."""
    if isinstance(weight, Tensor):
        return lerp_tensor(input, end, weight, out=out)
    if isinstance(weight, (int, float, np.number)) and isinstance(end, Tensor):
        return lerp_number(input, end, weight=_python_number(weight), out=out)
    raise invalid_combination('lerp', (input, end, weight), (
        'Tensor input, Tensor end, Tensor weight, *, Tensor out = None',
        'Tensor input, Tensor end, Number weight, *, Tensor out = None'))


def lerp_(input, end, weight):
    """Matches `Tensor.lerp_`."""
    if isinstance(weight, Tensor):
        return lerp_tensor.inplace(input, end, weight)
    return lerp_number.inplace(input, end, weight=_python_number(weight))


# --- addcmul and addcdiv ---------------------------------------------------------------------

def _scale(value, *arrays):
    """`value` in the dtype of the computation, as torch converts it (0.5 becomes 0 for ints)."""
    return np.asarray(value).astype(np.result_type(*arrays))


def _check_addcmul(input, tensor1, tensor2, *, value=1):
    if common_dtype(input, tensor1, tensor2) is _dtype.bool:
        raise not_implemented('addcmul_cpu_out', _dtype.bool)


def _addc_check(name):
    arguments = tensor_arguments(name, 'input', 'tensor1', 'tensor2')

    def check(input, tensor1, tensor2, *, value=1):
        arguments(input, tensor1, tensor2)
        _check_broadcast(input, tensor1, tensor2)
    return check


@primitive(COMMON, name='addcmul', check=_addc_check('addcmul'), dtype_check=_check_addcmul)
def addcmul_op(xp, input, tensor1, tensor2, *, value=1):
    return input + _scale(value, input, tensor1, tensor2) * tensor1 * tensor2


def _addcmul_tensor1_grad(grad, tensor2, value):
    return grad * (tensor2 * value)


def _addcmul_tensor2_grad(grad, tensor1, value):
    return grad * (tensor1 * value)


addcmul_op.defvjp(_pass_through, _addcmul_tensor1_grad, _addcmul_tensor2_grad)


def _check_addcdiv(input, tensor1, tensor2, *, value=1):
    if tensor1.dtype.category <= _dtype.INTEGRAL and tensor2.dtype.category <= _dtype.INTEGRAL:
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future  release "
            "addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
            "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2))"
            ".to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for "
            "float inputs. The future addcdiv behavior is just the latter implementation: "
            "(input + value * tensor1 / tensor2), for all dtypes.")


@primitive(COMMON, name='addcdiv', check=_addc_check('addcdiv'), dtype_check=_check_addcdiv)
def addcdiv_op(xp, input, tensor1, tensor2, *, value=1):
    return input + _scale(value, input, tensor1, tensor2) * tensor1 / tensor2


def _addcdiv_tensor1_grad(grad, tensor2, value):
    if not tensor2.dtype.is_floating_point:
        # NOTE: torch's derivative fails for an integral divisor, with this error
        raise RuntimeError(f"result type {legacy_type_name(_dtype.default_float())} can't be "
                           f"cast to the desired output type {legacy_type_name(tensor2.dtype)}")
    return grad * (value / tensor2)


def _addcdiv_tensor2_grad(grad, tensor1, tensor2, value):
    return -grad * (value * tensor1 / (tensor2 * tensor2))


addcdiv_op.defvjp(_pass_through, _addcdiv_tensor1_grad, _addcdiv_tensor2_grad)


def addcmul(input, tensor1, tensor2, *, value=1, out=None):
    """Matches `torch.addcmul`."""
    return addcmul_op(input, tensor1, tensor2, value=value, out=out)


def addcdiv(input, tensor1, tensor2, *, value=1, out=None):
    """Matches `torch.addcdiv`."""
    return addcdiv_op(input, tensor1, tensor2, value=value, out=out)
