"""Binary cross entropy, on probabilities and on logits.

The forwards are single kernels as in torch; the derivatives are torch's backward formulas
written as differentiable ops, so that second derivatives follow.
"""
import numpy as np

from ember import _dtype
from ember.ops._dispatch import broadcast_error
from ember.ops._primitive import primitive
from ember.ops.elementwise_unary import logit
from ember.ops.nn_activation_smooth import log_sigmoid
from ember.ops.nn_loss import check_broadcast_into, reduce_array, refuse_grad, type_name
from ember.ops.pointwise import sigmoid

__all__ = []

_EPSILON = 1e-12  # the floor torch puts under x * (1 - x) in the derivative


def _scaled(grad, weight, reduction, numel):
    if weight is not None:
        grad = grad * weight
    if reduction == 'mean':
        grad = grad / numel
    return grad


# --- on probabilities ------------------------------------------------------------------------

def _check_bce(input, target, weight, *, reduction):
    refuse_grad('binary_cross_entropy', 'weight', weight)
    if target.dtype != input.dtype:
        raise RuntimeError(f"Found dtype {type_name(target)} but expected {type_name(input)}")
    if not input.dtype.is_floating_point:
        raise NotImplementedError('"binary_cross_entropy" not implemented for '
                                  f"'{type_name(input)}'")
    check_broadcast_into(input._data.shape, weight)


@primitive(check=_check_bce)
def binary_cross_entropy(xp, input, target, weight, *, reduction):
    # NOTE: not `not (input < 0).any()`: a NaN must fail the check too, as in torch
    if not ((input >= 0) & (input <= 1)).all():
        raise RuntimeError("all elements of input should be between 0 and 1")
    if not ((target >= 0) & (target <= 1)).all():
        raise RuntimeError("all elements of target should be between 0 and 1")
    with np.errstate(divide='ignore'):
        # torch floors each log at -100, so that x = 0 or 1 gives a finite loss
        log_x = xp.maximum(xp.log(input), -100)
        log_1mx = xp.maximum(xp.log(1 - input), -100)
    loss = (target - 1) * log_1mx - target * log_x
    if weight is not None:
        loss = (loss * weight).astype(input.dtype, copy=False)
    return reduce_array(loss, reduction)


def _bce_input_grad(grad, input, target, weight, reduction):
    slope = (input - target) / ((1 - input) * input).clamp_min(_EPSILON)
    return _scaled(grad * slope, weight, reduction, input.numel())


def _bce_target_grad(grad, input, target, weight, reduction):
    return _scaled(-logit(input) * grad, weight, reduction, target.numel())


binary_cross_entropy.defvjp(_bce_input_grad, _bce_target_grad, None)


# --- on logits -------------------------------------------------------------------------------

def _check_bce_logits(input, target, weight, pos_weight, *, reduction):
    refuse_grad('binary_cross_entropy_with_logits', 'weight', weight)
    refuse_grad('binary_cross_entropy_with_logits', 'pos_weight', pos_weight)
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"log_sigmoid_cpu" not implemented for \'{type_name(input)}\'')
    if target.dtype == _dtype.bool:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                           "supported. Use the `^` or `logical_xor()` operator instead.")
    if not target.dtype.is_floating_point:
        # the loss is computed in place on (1 - target), which has the target's dtype
        raise RuntimeError(f"result type {type_name(input)} can't be cast to the desired "
                           f"output type {type_name(target)}")
    if pos_weight is not None:
        message = broadcast_error(pos_weight.shape, target.shape)
        if message:
            raise RuntimeError(message)
        check_broadcast_into(input._data.shape, pos_weight)
    check_broadcast_into(input._data.shape, weight)


@primitive(check=_check_bce_logits)
def binary_cross_entropy_with_logits(xp, input, target, weight, pos_weight, *, reduction):
    log_sig = log_sigmoid.forward(xp, input)
    if pos_weight is not None:
        log_sig = log_sig * ((pos_weight - 1) * target + 1)
    loss = (1 - target) * input - log_sig
    if weight is not None:
        loss = loss * weight
    # NOTE: the target's dtype, not the common one: torch computes in place on (1 - target)
    return reduce_array(loss.astype(target.dtype, copy=False), reduction)


def _bce_logits_input_grad(grad, input, target, weight, pos_weight, reduction):
    if pos_weight is None:
        slope = sigmoid(input) - target
    else:
        scaled_target = pos_weight * target
        slope = (scaled_target + 1 - target) * sigmoid(input) - scaled_target
    return _scaled(slope * grad, weight, reduction, input.numel())


def _bce_logits_target_grad(grad, input, target, weight, pos_weight, reduction):
    if pos_weight is None:
        slope = -input
    else:
        slope = log_sigmoid(-input) - log_sigmoid(input) * pos_weight
    return _scaled(slope * grad, weight, reduction, input.numel())


binary_cross_entropy_with_logits.defvjp(_bce_logits_input_grad, _bce_logits_target_grad,
                                        None, None)
