"""Pointwise regression losses with kernels of their own in torch: mse, smooth L1, Huber and
soft margin; and the reduction helpers every loss shares.

Each forward computes the elementwise loss and reduces it ('none', 'mean' or 'sum') in one
pass; each derivative is a fused backward op (as torch's *_backward kernels) or a short
composite, so that second derivatives follow.
"""
import numpy as np

from ember import _dtype
from ember._tensor import Tensor, legacy_type_name
from ember.autograd import grad_mode
from ember.ops.pointwise import exp, where
from ember.ops._dispatch import broadcast_error
from ember.ops._primitive import Promote, primitive

__all__ = []

_grad_state = grad_mode.state


# --- shared helpers --------------------------------------------------------------------------

def reduce_array(loss, reduction):
    """An elementwise loss array reduced as torch's apply_loss_reduction does."""
    if reduction == 'none':
        return loss
    total = loss.sum()
    if reduction == 'sum':
        return total
    with np.errstate(invalid='ignore', divide='ignore'):
        # NOTE: not loss.mean(): NumPy warns on empty input; torch quietly gives nan
        return total / total.dtype.type(loss.size)


def mean_scale(reduction, numel):
    """The factor a 'mean' reduction puts on each element's gradient."""
    if reduction == 'mean':
        return 1.0 / numel if numel else float('inf')
    return 1.0


def refuse_grad(function, name, tensor):
    """torch's error for a tensor that requires grad where its op has no derivative for it."""
    if isinstance(tensor, Tensor) and tensor._requires_grad and _grad_state.enabled:
        raise RuntimeError(f"The function '{function}' is not differentiable with respect to "
                           f"argument '{name}'. This input cannot have requires_grad True.")


def check_broadcast_into(shape, other):
    """torch's errors for a tensor that cannot be broadcast into a result of `shape` (for ops
    that torch computes in place in an array of that shape)."""
    if other is None:
        return
    other_shape = other._data.shape
    message = broadcast_error(shape, other_shape)
    if message:
        raise RuntimeError(message)
    common = np.broadcast_shapes(shape, other_shape)
    if common != tuple(shape):
        raise RuntimeError(f"output with shape {list(shape)} doesn't match the broadcast shape "
                           f"{list(common)}")


def type_name(x):
    """torch's C++ scalar-type name of a tensor ('Float', 'Long')."""
    return legacy_type_name(x.dtype)


def _is_floating(x):
    return isinstance(x, Tensor) and x._data.dtype.kind in 'fc'


def _not_implemented(kernel, dtype):
    return NotImplementedError(f'"{kernel}" not implemented for \'{legacy_type_name(dtype)}\'')


def _check_promoted_floating(kernel):
    """A dtype_check for ops computing in the promoted dtype, with no integer kernel."""
    def check(input, target, **settings):
        dtype = _dtype.promote_types(input.dtype, target.dtype)
        if not dtype.is_floating_point:
            raise _not_implemented(kernel, dtype)
    return check


def _check_castable_to_input(kernel):
    """A dtype_check for ops whose result takes the input's dtype (torch's out= kernels)."""
    def check(input, target, **settings):
        if _is_floating(input):
            return
        if _is_floating(target):
            raise RuntimeError(f"result type {type_name(target)} can't be cast to the desired "
                               f"output type {type_name(input)}")
        raise _not_implemented(kernel, _dtype.promote_types(input.dtype, target.dtype))
    return check


# --- mse -------------------------------------------------------------------------------------

@primitive(Promote.COMMON, dtype_check=_check_promoted_floating('mse_cpu'))
def mse_loss(xp, input, target, *, reduction):
    diff = input - target
    return reduce_array(diff * diff, reduction)


def _mse_input_grad(grad, input, target, reduction):
    return mse_loss_backward(grad, input, target, reduction=reduction)


def _mse_target_grad(grad, input, target, reduction):
    return mse_loss_backward(grad, target, input, reduction=reduction)


mse_loss.defvjp(_mse_input_grad, _mse_target_grad)


@primitive(Promote.COMMON, node_name='MseLossBackwardBackward0')
def mse_loss_backward(xp, grad_output, input, target, *, reduction):
    """The gradient of mse_loss with respect to `input`, fused as torch's kernel."""
    return 2.0 * mean_scale(reduction, input.size) * (input - target) * grad_output


def _mse_backward_grad_output_grad(grad, input, target, reduction):
    return mse_loss_backward(grad, input, target, reduction=reduction)


def _mse_double_backward(grad, grad_output, input, reduction):
    return grad * grad_output * (2.0 * mean_scale(reduction, input.numel()))


def _mse_double_backward_target(grad, grad_output, input, reduction):
    return -_mse_double_backward(grad, grad_output, input, reduction)


mse_loss_backward.defvjp(_mse_backward_grad_output_grad, _mse_double_backward,
                         _mse_double_backward_target)


# --- smooth L1 and Huber ---------------------------------------------------------------------

@primitive(Promote.COMMON, dtype_check=_check_promoted_floating('smooth_l1_cpu'))
def smooth_l1_loss(xp, input, target, *, reduction, beta):
    z = xp.abs(input - target)
    return reduce_array(xp.where(z < beta, 0.5 * z * z / beta, z - 0.5 * beta), reduction)


def _piecewise_slope(diff, threshold, inner, outer):
    """`outer` beyond +-threshold (with diff's sign), `inner` (a tensor) between."""
    return where(diff <= -threshold, -outer, where(diff >= threshold, outer, inner))


def smooth_l1_loss_backward(grad, input, target, reduction, beta):
    """The gradient of smooth_l1_loss with respect to `input`, as differentiable ops."""
    diff = input - target
    norm = mean_scale(reduction, input.numel())
    return _piecewise_slope(diff, beta, diff * (norm / beta), norm) * grad


def _smooth_l1_input_grad(grad, input, target, reduction, beta):
    return smooth_l1_loss_backward(grad, input, target, reduction, beta)


def _smooth_l1_target_grad(grad, input, target, reduction, beta):
    return smooth_l1_loss_backward(grad, target, input, reduction, beta)


smooth_l1_loss.defvjp(_smooth_l1_input_grad, _smooth_l1_target_grad)


@primitive(dtype_check=_check_castable_to_input('huber_cpu'))
def huber_loss(xp, input, target, *, reduction, delta):
    z = xp.abs(input - target)
    loss = xp.where(z < delta, 0.5 * z * z, delta * (z - 0.5 * delta))
    # NOTE: the result takes the input's dtype, even where the target's is wider (as in torch)
    return reduce_array(loss.astype(input.dtype, copy=False), reduction)


def huber_loss_backward(grad, input, target, reduction, delta):
    """The gradient of huber_loss with respect to `input`, as differentiable ops."""
    diff = input - target
    norm = mean_scale(reduction, input.numel())
    return _piecewise_slope(diff, delta, diff * norm, norm * delta) * grad


def _huber_input_grad(grad, input, target, reduction, delta):
    return huber_loss_backward(grad, input, target, reduction, delta)


def _huber_target_grad(grad, input, target, reduction, delta):
    return huber_loss_backward(grad, target, input, reduction, delta)


huber_loss.defvjp(_huber_input_grad, _huber_target_grad)


# --- soft margin -----------------------------------------------------------------------------

def _check_soft_margin(input, target, *, reduction):
    refuse_grad('soft_margin_loss', 'target', target)
    # the loss is computed in place in an array of the input's shape
    check_broadcast_into(input._data.shape, target)


@primitive(check=_check_soft_margin, dtype_check=_check_castable_to_input('soft_margin_loss'))
def soft_margin_loss(xp, input, target, *, reduction):
    margin = (-input * target).astype(input.dtype, copy=False)
    return reduce_array(xp.log(1 + xp.exp(margin)), reduction)


def _soft_margin_input_grad(grad, input, target, reduction):
    z = exp(-target * input)
    return -mean_scale(reduction, input.numel()) * target * z / (1 + z) * grad


soft_margin_loss.defvjp(_soft_margin_input_grad, None)


# --- division by a number --------------------------------------------------------------------

@primitive(node_name='DivBackward1')
def div_by_number(xp, input, *, other):
    """`input / other` for a Python number, recorded as torch's C++ losses record it."""
    return input / other


def _div_by_number_grad(grad, other):
    return div_by_number(grad, other=other)


div_by_number.defvjp(_div_by_number_grad)
