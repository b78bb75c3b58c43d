"""Attention primitives: torch's softmax that leaves fully masked rows at zero, and its fused
CPU attention kernel (the flash kernel) with the node name torch gives it.

Note [Attention kernel]
The fused kernel computes softmax(q @ k^T * scale + mask) @ v on arrays, a row whose scores
are all -inf giving zeros as in torch. Its derivative is one formula for q, k and v (the op
is variadic) that recomputes the attention weights with ember ops, so that it differentiates
again; the mask and the causal flag are constants of the op, as in torch's kernel, which
does not differentiate the mask (torch runs the composite path when the mask needs a grad).
"""
import math

import numpy as np

from ember._creation import ones
from ember._dtype import bool as bool_
from ember.ops._dispatch import broadcast_error
from ember.ops._primitive import primitive
from ember.ops.nn_activation_softmax import softmax_backward_data

__all__ = []


def _safe_softmax_array(xp, scores, axis):
    peak = scores.max(axis=axis, keepdims=True)
    # a row of -inf has no finite peak: shifting it by 0 keeps exp at 0 instead of NaN
    peak = xp.where(xp.isneginf(peak), 0, peak)
    weights = xp.exp(scores - peak)
    total = weights.sum(axis=axis, keepdims=True)
    with np.errstate(invalid='ignore', divide='ignore'):
        weights = weights / total
    return xp.where(total == 0, 0, weights).astype(scores.dtype, copy=False)


@primitive(name='_safe_softmax', node_name='SafeSoftmaxBackward0')
def safe_softmax(xp, input, *, dim):
    if not input.size:
        return input.copy()
    return _safe_softmax_array(xp, input, dim % input.ndim)


def _safe_softmax_grad(grad, out, dim):
    return softmax_backward_data(grad, out, dim=dim)


safe_softmax.defvjp(_safe_softmax_grad)


def _check_mask(*tensors, is_causal, scale):
    query, key, _, mask = tensors
    if mask is not None:
        message = broadcast_error(tuple(query.shape[:-1]) + (key.shape[-2],), mask.shape)
        if message:
            raise RuntimeError(message)


@primitive(name='_scaled_dot_product_flash_attention_for_cpu',
           node_name='ScaledDotProductFlashAttentionForCpuBackward0', check=_check_mask)
def flash_attention(xp, *tensors, is_causal, scale):
    query, key, value, mask = tensors
    scores = (query @ xp.swapaxes(key, -1, -2)) * query.dtype.type(scale)
    if mask is not None:
        scores += mask
    if is_causal:
        target, source = scores.shape[-2:]
        scores = xp.where(xp.tri(target, source, dtype=bool), scores, -xp.inf)
    return _safe_softmax_array(xp, scores, -1) @ value


def _flash_attention_grad(grad, tensors, is_causal, scale):
    query, key, value, mask = tensors
    scores = query.matmul(key.transpose(-2, -1)) * scale
    if mask is not None:
        scores = scores + mask
    if is_causal:
        target, source = scores.shape[-2:]
        keep = ones(target, source, dtype=bool_).tril()
        scores = scores.masked_fill(keep.logical_not(), -math.inf)
    weights = safe_softmax(scores, dim=-1)
    grad_scores = softmax_backward_data(grad.matmul(value.transpose(-2, -1)), weights, dim=-1)
    return (grad_scores.matmul(key) * scale,
            grad_scores.transpose(-2, -1).matmul(query) * scale,
            weights.transpose(-2, -1).matmul(grad),
            None)


flash_attention.defvjp(_flash_attention_grad)
