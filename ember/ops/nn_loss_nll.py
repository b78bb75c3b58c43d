"""The negative log-likelihood loss: torch's nll_loss (1-D and 2-D input) and nll_loss2d (4-D
input) kernels, their fused backward ops, and nll_loss_nd, which routes other ranks.

Note [NLL total weight]
A 'mean' reduction divides by the total weight of the targets that are not ignored (their
count when there is no class weight). torch's forward returns it as a second output for the
backward to reuse; here the backward kernel recomputes it from the target, which costs one
pass over the targets rather than a saved tensor and a second output on every call.
"""
import numpy as np

from ember._creation import zeros_like
from ember._tensor import legacy_type_name
from ember.ops._primitive import primitive
from ember.ops.nn_loss import reduce_array, refuse_grad, type_name

__all__ = []


# --- checks ----------------------------------------------------------------------------------

_TARGET_DTYPES = (np.dtype(np.int64), np.dtype(np.uint8))


def _check_dtypes(kernel, input, target, weight):
    x = input._data
    if target._data.dtype not in _TARGET_DTYPES:
        raise RuntimeError("expected target dtype to be Long or Byte, but got "
                           f"{type_name(target)}")
    if weight is not None and weight._data.dtype != x.dtype:
        raise RuntimeError(f"expected scalar type {type_name(input)} but found "
                           f"{type_name(weight)}")
    if x.dtype.kind != 'f':
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{legacy_type_name(input.dtype)}'")


def _check_nll(input, target, weight, *, reduction, ignore_index):
    refuse_grad('nll_loss_forward', 'weight', weight)
    x, t = input._data, target._data
    if not 1 <= x.ndim <= 2:
        raise RuntimeError("input tensor should be 1D or 2D")
    if t.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if not (x.ndim == 1 and t.ndim == 0) and x.shape[0] != t.shape[0]:
        raise RuntimeError(f"size mismatch (got input: {list(x.shape)}, target: "
                           f"{list(t.shape)})")
    n_classes = x.shape[-1]
    if weight is not None and (weight.ndim != 1 or weight.numel() != n_classes):
        raise RuntimeError(f"weight tensor should be defined either for all {n_classes} classes "
                           f"or no classes but got weight tensor of shape: {list(weight.shape)}")
    _check_dtypes('nll_loss_out_frame', input, target, weight)


def _check_nll2d(input, target, weight, *, reduction, ignore_index):
    refuse_grad('nll_loss2d_forward', 'weight', weight)
    if target.ndim != 3:
        raise RuntimeError("only batches of spatial targets supported (3D tensors) but got "
                           f"targets of dimension: {target.ndim}")
    if input.ndim != 4:
        raise RuntimeError("only batches of spatial inputs supported (4D tensors), but got "
                           f"input of dimension: {input.ndim}")
    if weight is not None and weight.numel() != input.shape[1]:
        raise RuntimeError("weight tensor should be defined either for all or no classes")
    if input.shape[0] != target.shape[0] or input.shape[2:] != target.shape[1:]:
        # NOTE: torch's message has no closing parenthesis
        raise RuntimeError(f"size mismatch (got input: {list(input.shape)} , target: "
                           f"{list(target.shape)}")
    _check_dtypes('nll_loss2d_forward_out_frame', input, target, weight)


# --- kernels ---------------------------------------------------------------------------------

def _plain_targets(t, ignore_index, n_classes):
    """Whether every target is a valid class and none is ignored: the common case, told with
    one reduction (a negative int64 target reads as a huge uint64)."""
    if not t.size or t.view(np.uint64).max() >= n_classes:
        return False
    return not (0 <= ignore_index < n_classes and (t == ignore_index).any())


def _class_targets(t, ignore_index, n_classes, check):
    """(targets safe to index with, mask of ignored targets or None); torch's IndexError for a
    target out of range when `check`."""
    ignored = t == ignore_index
    if not ignored.any():
        ignored = None
    if check and t.size:
        bad = (t < 0) | (t >= n_classes)
        if ignored is not None:
            bad &= ~ignored
        if bad.any():
            raise IndexError(f"Target {t[bad].flat[0]} is out of bounds.")
    if ignored is not None:
        t = np.where(ignored, 0, t)
    return t, ignored


def _target_weights(t, ignored, weight, dtype):
    """Each target's class weight (0 where ignored), or None when every weight is 1."""
    if weight is None:
        if ignored is None:
            return None
        return (~ignored).astype(dtype)
    w = weight[t]
    if ignored is not None:
        w = np.where(ignored, 0, w).astype(dtype, copy=False)
    return w


def _total_weight(w, t, dtype):
    """The divisor of a 'mean' reduction (Note [NLL total weight])."""
    return dtype.type(t.size) if w is None else w.sum(dtype=dtype)


def _pick(input, t, class_axis):
    """input's entry at each target's class."""
    if input.ndim == 2:
        return input[np.arange(t.shape[0]), t]
    return np.take_along_axis(input, np.expand_dims(t, class_axis), class_axis).squeeze(class_axis)


def _nll_forward(input, target, weight, reduction, ignore_index):
    class_axis = 0 if input.ndim == 1 else 1
    n_classes = input.shape[class_axis]
    t = target.astype(np.int64, copy=False)
    if weight is None and _plain_targets(t, ignore_index, n_classes):
        loss = -_pick(input, t, class_axis)
        if reduction == 'mean':
            return loss.sum() / t.size
        return reduce_array(loss, reduction)
    t, ignored = _class_targets(t, ignore_index, n_classes, True)
    w = _target_weights(t, ignored, weight, input.dtype)
    picked = _pick(input, t, class_axis)
    loss = -picked if w is None else -picked * w
    if ignored is not None:
        # NOTE: not loss * 0: an ignored target's picked entry may be inf or nan
        loss = np.where(ignored, 0, loss).astype(input.dtype, copy=False)
    if reduction != 'mean':
        return reduce_array(loss, reduction)
    with np.errstate(invalid='ignore', divide='ignore'):
        return loss.sum() / _total_weight(w, t, input.dtype)


def _nll_backward(grad_output, input, target, weight, reduction, ignore_index):
    class_axis = 0 if input.ndim == 1 else 1
    n_classes = input.shape[class_axis]
    t = target.astype(np.int64, copy=False)
    grad_input = np.zeros(input.shape, input.dtype)
    if weight is None and reduction != 'none' and _plain_targets(t, ignore_index, n_classes):
        scale = grad_output / t.size if reduction == 'mean' else grad_output
        values = -scale
        ignored = None
    else:
        t, ignored = _class_targets(t, ignore_index, n_classes, False)
        w = _target_weights(t, ignored, weight, input.dtype)
        if reduction == 'none':
            values = -grad_output if w is None else -grad_output * w
        else:
            scale = grad_output
            if reduction == 'mean':
                with np.errstate(invalid='ignore', divide='ignore'):
                    scale = grad_output / _total_weight(w, t, input.dtype)
            values = -scale if w is None else w * -scale
        if ignored is not None:
            values = np.where(ignored, 0, values)
    if input.ndim == 2:
        grad_input[np.arange(t.shape[0]), t] = values
    else:
        values = np.broadcast_to(np.asarray(values, dtype=input.dtype), t.shape)
        np.put_along_axis(grad_input, np.expand_dims(t, class_axis),
                          np.expand_dims(values, class_axis), class_axis)
    return grad_input


# --- nll_loss (1-D and 2-D input) ------------------------------------------------------------

@primitive(check=_check_nll)
def nll_loss(xp, input, target, weight, *, reduction, ignore_index):
    return _nll_forward(input, target, weight, reduction, ignore_index)


def _nll_input_grad(grad, input, target, weight, reduction, ignore_index):
    return nll_loss_backward(grad, input, target, weight, reduction=reduction,
                             ignore_index=ignore_index)


nll_loss.defvjp(_nll_input_grad, None, None)


@primitive(node_name='NllLossBackwardBackward0')
def nll_loss_backward(xp, grad_output, input, target, weight, *, reduction, ignore_index):
    """The gradient of nll_loss with respect to its input: one scatter, as torch's kernel."""
    return _nll_backward(grad_output, input, target, weight, reduction, ignore_index)


def _nll_backward_grad_output_grad(grad, target, weight, reduction, ignore_index):
    return nll_loss(grad, target, weight, reduction=reduction, ignore_index=ignore_index)


def _zero_grad(grad):
    # the gradient does not depend on the input's values
    return zeros_like(grad)


nll_loss_backward.defvjp(_nll_backward_grad_output_grad, _zero_grad, None, None)


# --- nll_loss2d (4-D input) ------------------------------------------------------------------

@primitive(check=_check_nll2d, node_name='NllLoss2DBackward0')
def nll_loss2d(xp, input, target, weight, *, reduction, ignore_index):
    return _nll_forward(input, target, weight, reduction, ignore_index)


def _nll2d_input_grad(grad, input, target, weight, reduction, ignore_index):
    return nll_loss2d_backward(grad, input, target, weight, reduction=reduction,
                               ignore_index=ignore_index)


nll_loss2d.defvjp(_nll2d_input_grad, None, None)


@primitive(node_name='NllLoss2DBackwardBackward0')
def nll_loss2d_backward(xp, grad_output, input, target, weight, *, reduction, ignore_index):
    """The gradient of nll_loss2d with respect to its input."""
    return _nll_backward(grad_output, input, target, weight, reduction, ignore_index)


def _nll2d_backward_grad_output_grad(grad, target, weight, reduction, ignore_index):
    return nll_loss2d(grad, target, weight, reduction=reduction, ignore_index=ignore_index)


nll_loss2d_backward.defvjp(_nll2d_backward_grad_output_grad, _zero_grad, None, None)


# --- any rank --------------------------------------------------------------------------------

def nll_loss_nd(input, target, weight, reduction, ignore_index):
    """nll_loss for input of any rank >= 1: class dim 1 (0 for 1-D input), as torch routes it."""
    shape, target_shape = input.shape, target.shape
    ndim = len(shape)
    if ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {ndim})")
    if ndim != 1:
        target_batch = target_shape[0] if target_shape else 0
        if shape[0] != target_batch:
            raise ValueError(f"Expected input batch_size ({shape[0]}) to match target "
                             f"batch_size ({target_batch}).")
    elif len(target_shape) == 1:
        if target_shape[0] != 1:
            raise ValueError("For 1D input, 1D target must have size 1, but got target size: "
                             f"{target_shape[0]}")
        target = target.reshape(())
    if ndim <= 2:
        return nll_loss(input, target, weight, reduction=reduction, ignore_index=ignore_index)
    if ndim == 4:
        return nll_loss2d(input, target, weight, reduction=reduction, ignore_index=ignore_index)
    n, c = shape[:2]
    out_size = (n,) + tuple(shape[2:])
    if tuple(target_shape[1:]) != out_size[1:]:
        raise RuntimeError(f"Expected target size {list(out_size)}, got {list(target_shape)}")
    flat = (1, -1) if input.numel() else (0, 0)
    input = input.contiguous().view(n, c, *flat)
    target = target.contiguous().view(n, *((1, -1) if target.numel() else (0, 0)))
    out = nll_loss2d(input, target, weight, reduction=reduction, ignore_index=ignore_index)
    return out.view(out_size) if reduction == 'none' else out
