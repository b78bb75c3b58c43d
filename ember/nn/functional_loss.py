"""Loss functions."""
import math
import warnings

import ember
from ember._tensor import Tensor
from ember.autograd.grad_mode import no_grad
from ember.nn.functional_activation import logsigmoid
from ember.nn.functional_basic import pairwise_distance
from ember.ops import nn_loss as _ops
from ember.ops.nn_loss_bce import binary_cross_entropy as _bce
from ember.ops.nn_loss_bce import binary_cross_entropy_with_logits as _bce_logits
from ember.ops.nn_loss_nll import nll_loss_nd

__all__ = ['mse_loss', 'l1_loss', 'smooth_l1_loss', 'huber_loss', 'nll_loss', 'cross_entropy',
           'binary_cross_entropy', 'binary_cross_entropy_with_logits', 'kl_div',
           'poisson_nll_loss', 'gaussian_nll_loss', 'soft_margin_loss',
           'multilabel_soft_margin_loss', 'hinge_embedding_loss', 'cosine_embedding_loss',
           'margin_ranking_loss', 'triplet_margin_loss', 'triplet_margin_with_distance_loss']

_REDUCTIONS = ('none', 'mean', 'sum')
_EPSILON = 1e-12  # keeps cosine_embedding_loss's norms away from zero, as torch's


# --- reduction arguments ---------------------------------------------------------------------

def legacy_reduction(size_average, reduce):
    """The reduction the deprecated size_average and reduce arguments stand for."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = 'mean' if size_average and reduce else 'sum' if reduce else 'none'
    warnings.warn("size_average and reduce args will be deprecated, please use "
                  f"reduction='{reduction}' instead.", stacklevel=3)
    return reduction


def _resolve(size_average, reduce, reduction):
    if size_average is not None or reduce is not None:
        return legacy_reduction(size_average, reduce)
    return reduction


def _checked(reduction):
    """torch's validation of a reduction name (_Reduction.get_enum)."""
    if reduction in _REDUCTIONS:
        return reduction
    if reduction == 'elementwise_mean':
        warnings.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' "
                      "instead.", stacklevel=3)
        return 'mean'
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _apply_reduction(loss, reduction):
    if reduction == 'mean':
        return loss.mean()
    if reduction == 'sum':
        return loss.sum()
    return loss


def _weighted_reduction(loss, weight, reduction, mean_by_weight):
    if reduction == 'none':
        return loss
    if reduction == 'sum':
        return ember.sum(loss)
    if reduction == 'mean':
        return ember.sum(loss) / ember.sum(weight) if mean_by_weight else loss.mean()
    raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', "
                     "'sum'.")


def _warn_size_mismatch(input, target):
    if target.shape != input.shape:
        warnings.warn(f"Using a target size ({target.size()}) that is different to the input "
                      f"size ({input.size()}). This will likely lead to incorrect results due to "
                      "broadcasting. Please ensure they have the same size.", stacklevel=3)


def _broadcast(input, target):
    if input.shape == target.shape:
        return input, target
    return ember.broadcast_tensors(input, target)


def _check_weight_size(weight, input):
    if weight.shape != input.shape:
        raise ValueError("Weights and input must have the same size.")


# --- regression ------------------------------------------------------------------------------

def mse_loss(input, target, size_average=None, reduce=None, reduction='mean', weight=None):
    """Matches `torch.nn.functional.mse_loss`."""
    _warn_size_mismatch(input, target)
    reduction = _resolve(size_average, reduce, reduction)
    input, target = _broadcast(input, target)
    if weight is None:
        return _ops.mse_loss(input, target, reduction=_checked(reduction))
    _check_weight_size(weight, input)
    return _weighted_reduction((input - target).pow(2) * weight, weight, reduction, True)


def l1_loss(input, target, size_average=None, reduce=None, reduction='mean', weight=None):
    """Matches `torch.nn.functional.l1_loss`."""
    _warn_size_mismatch(input, target)
    reduction = _resolve(size_average, reduce, reduction)
    input, target = _broadcast(input, target)
    if weight is None:
        reduction = _checked(reduction)
        return _apply_reduction((input - target).abs(), reduction)
    _check_weight_size(weight, input)
    return _weighted_reduction((input - target).abs() * weight, weight, reduction, True)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction='mean', beta=1.0):
    """Matches `torch.nn.functional.smooth_l1_loss`."""
    _warn_size_mismatch(input, target)
    reduction = _checked(_resolve(size_average, reduce, reduction))
    input, target = _broadcast(input, target)
    if beta == 0.0:
        return _apply_reduction((input - target).abs(), reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    return _ops.smooth_l1_loss(input, target, reduction=reduction, beta=beta)


def huber_loss(input, target, reduction='mean', delta=1.0, weight=None):
    """Matches `torch.nn.functional.huber_loss`."""
    _warn_size_mismatch(input, target)
    input, target = _broadcast(input, target)
    if weight is None:
        reduction = _checked(reduction)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    if weight is None:
        return _ops.huber_loss(input, target, reduction=reduction, delta=delta)
    _check_weight_size(weight, input)
    loss = _ops.huber_loss(input, target, reduction='none', delta=delta) * weight
    return _weighted_reduction(loss, weight, reduction, False)


# --- classification --------------------------------------------------------------------------

def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction='mean'):
    """Matches `torch.nn.functional.nll_loss`."""
    reduction = _checked(_resolve(size_average, reduce, reduction))
    return nll_loss_nd(input, target, weight, reduction, ignore_index)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
                  reduce=None, reduction='mean', label_smoothing=0.0):
    """Matches `torch.nn.functional.cross_entropy`."""
    reduction = _checked(_resolve(size_average, reduce, reduction))
    if input.shape == target.shape:
        # a target of the input's shape holds class probabilities
        if not target.is_floating_point():
            raise RuntimeError("Expected floating point type for target with class "
                               f"probabilities, got {_ops.type_name(target)}")
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        return _cross_entropy_probabilities(input, target, weight, reduction, label_smoothing)
    if label_smoothing > 0.0:
        _check_label_smoothing(label_smoothing)
        return _cross_entropy_smoothed(input, target, weight, reduction, ignore_index,
                                       label_smoothing)
    class_dim = 0 if input.dim() == 1 else 1
    return nll_loss_nd(input.log_softmax(class_dim), target, weight, reduction, ignore_index)


def _check_label_smoothing(label_smoothing):
    if label_smoothing > 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: "
                           f"{label_smoothing:g}")


def _class_weight_view(weight, ndim, class_dim):
    shape = [1] * ndim
    shape[class_dim] = weight.shape[0]
    return weight.view(shape)


def _cross_entropy_probabilities(input, target, weight, reduction, label_smoothing):
    ndim = input.dim()
    class_dim = 0 if ndim == 1 else 1
    if ndim <= class_dim:
        raise IndexError(f"Dimension specified as {class_dim} but tensor has no dimensions")
    n_classes = input.shape[class_dim]
    if weight is not None and (weight.dim() != 1 or weight.numel() != n_classes):
        raise RuntimeError(f"cross_entropy: weight tensor should be defined either for all "
                           f"{n_classes} classes or no classes but got weight tensor of shape: "
                           f"{list(weight.shape)}")
    log_probs = input.log_softmax(class_dim)
    if label_smoothing > 0.0:
        _check_label_smoothing(label_smoothing)
        target = target * (1 - label_smoothing) + label_smoothing / n_classes
    product = log_probs * target
    if weight is not None:
        product = product * (_class_weight_view(weight, ndim, class_dim) if ndim > 1 else weight)
    if reduction == 'none':
        return -product.sum(class_dim)
    if reduction == 'mean' and input.numel() == 0:
        # NOTE: negated after the fill, as torch's expression parses
        return -product.sum().fill_(math.nan)
    total = -product.sum()
    if reduction == 'sum':
        return total
    return _ops.div_by_number(total, other=input.numel() // n_classes)


def _cross_entropy_smoothed(input, target, weight, reduction, ignore_index, label_smoothing):
    class_dim = 0 if input.dim() == 1 else 1
    log_probs = input.log_softmax(class_dim)
    nll = nll_loss_nd(log_probs, target, weight, reduction, ignore_index)
    n_classes = log_probs.shape[class_dim]
    if weight is not None:
        weighted = log_probs * _class_weight_view(weight, log_probs.dim(), class_dim)
        smooth = -weighted.sum(class_dim)
    else:
        smooth = -log_probs.sum(class_dim)
    ignored = target == ignore_index
    smooth = smooth.masked_fill_(ignored, 0.0)
    if reduction == 'mean':
        if weight is not None:
            smooth = smooth.sum() / weight.gather(0, target.masked_select(~ignored).flatten()).sum()
        else:
            smooth = smooth.sum() / (~ignored).sum()
    elif reduction == 'sum':
        smooth = smooth.sum()
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / n_classes)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction='mean'):
    """Matches `torch.nn.functional.binary_cross_entropy`."""
    reduction = _checked(_resolve(size_average, reduce, reduction))
    if target.shape != input.shape:
        raise ValueError(f"Using a target size ({target.size()}) that is different to the input "
                         f"size ({input.size()}) is deprecated. Please ensure they have the same "
                         "size.")
    if weight is not None:
        weight = weight.expand(ember.broadcast_shapes(target.size(), weight.size()))
    return _bce(input, target, weight, reduction=reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction='mean', pos_weight=None):
    """Matches `torch.nn.functional.binary_cross_entropy_with_logits`."""
    reduction = _checked(_resolve(size_average, reduce, reduction))
    if target.shape != input.shape:
        raise ValueError(f"Target size ({target.size()}) must be the same as input size "
                         f"({input.size()})")
    return _bce_logits(input, target, weight, pos_weight, reduction=reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction='mean'):
    """Matches `torch.nn.functional.soft_margin_loss`."""
    reduction = _checked(_resolve(size_average, reduce, reduction))
    return _ops.soft_margin_loss(input, target, reduction=reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None,
                                reduction='mean'):
    """Matches `torch.nn.functional.multilabel_soft_margin_loss`."""
    reduction = _resolve(size_average, reduce, reduction)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    if class_dim < 0:
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    loss = loss.sum(dim=class_dim) / input.shape[class_dim]
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not valid")
    return _apply_reduction(loss, reduction)


# --- distributions ---------------------------------------------------------------------------

_KL_MEAN_WARNING = ("reduction: 'mean' divides the total loss by both the batch size and the "
                    "support size.'batchmean' divides only by the batch size, and aligns with "
                    "the KL div math definition.'mean' will be changed to behave the same as "
                    "'batchmean' in the next major release.")


def kl_div(input, target, size_average=None, reduce=None, reduction='mean', log_target=False):
    """Matches `torch.nn.functional.kl_div`."""
    if size_average is not None or reduce is not None:
        applied = _checked(legacy_reduction(size_average, reduce))
    else:
        if reduction == 'mean':
            warnings.warn(_KL_MEAN_WARNING, stacklevel=2)
        applied = 'sum' if reduction == 'batchmean' else _checked(reduction)
    if not (input.is_floating_point() or input.is_complex()) or \
            not (target.is_floating_point() or target.is_complex()):
        raise RuntimeError("kl_div: Integral inputs not supported.")
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = ember.xlogy(target, target) - target * input
    reduced = _apply_reduction(loss, applied)
    if reduction == 'batchmean' and input.dim() != 0:
        reduced = reduced / input.shape[0]
    return reduced


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8,
                     reduce=None, reduction='mean'):
    """Matches `torch.nn.functional.poisson_nll_loss`."""
    reduction = _resolve(size_average, reduce, reduction)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _apply_reduction(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction='mean'):
    """Matches `torch.nn.functional.gaussian_nll_loss`."""
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * ember.ones_like(input)
    elif not isinstance(var, Tensor):
        raise TypeError(f"any() received an invalid combination of arguments - got "
                        f"({type(var < 0).__name__}), but expected one of:\n"
                        " * (Tensor input, *, Tensor out = None)\n"
                        " * (Tensor input, tuple of ints dim = None, bool keepdim = False, *, "
                        "Tensor out = None)\n"
                        " * (Tensor input, int dim, bool keepdim = False, *, Tensor out = None)\n")
    elif ember.any(var < 0):
        raise ValueError("var has negative entry/entries")
    if var.shape != input.shape:
        if input.shape[:-1] == var.shape:
            # one variance per sample, shared by its last dim
            var = var.unsqueeze(-1)
        elif not (input.dim() == var.dim() and sum(
                v for i, v in zip(input.shape, var.shape) if i != v) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not valid")
    var = var.clone()
    with no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _apply_reduction(loss, reduction)


# --- embeddings and ranking ------------------------------------------------------------------

def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None,
                         reduction='mean'):
    """Matches `torch.nn.functional.hinge_embedding_loss`."""
    reduction = _checked(_resolve(size_average, reduce, reduction))
    zeros = ember.zeros_like(input)
    margin_clamp = (margin - input).clamp_min(0)
    output = ember.where(target != 1, margin_clamp, zeros) + ember.where(target != -1, input, zeros)
    return _apply_reduction(output, reduction)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                          reduction='mean'):
    """Matches `torch.nn.functional.cosine_embedding_loss`."""
    reduction = _checked(_resolve(size_average, reduce, reduction))
    dim = target.dim()
    if dim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input1.dim() != dim + 1 or input2.dim() != dim + 1:
        raise RuntimeError(f"{dim}D target tensor expects {dim + 1}D input tensors, but found "
                           f"inputs with sizes {list(input1.shape)} and {list(input2.shape)}.")
    product = (input1 * input2).sum(dim)
    squared1 = (input1 * input1).sum(dim) + _EPSILON
    squared2 = (input2 * input2).sum(dim) + _EPSILON
    cos = product / (squared1 * squared2).sqrt()
    zeros = ember.zeros_like(cos)
    positive = ember.where(target == 1, 1 - cos, zeros)
    negative = ember.where(target == -1, (cos - margin).clamp_min(0), zeros)
    return _apply_reduction(positive + negative, reduction)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                        reduction='mean'):
    """Matches `torch.nn.functional.margin_ranking_loss`."""
    reduction = _checked(_resolve(size_average, reduce, reduction))
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension "
                           f"but got sizes: input1: {input1.size()}, input2: {input2.size()}, "
                           f"target: {target.size()} ")
    output = (-target * (input1 - input2) + margin).clamp_min(0)
    return _apply_reduction(output, reduction)


def _check_triplet_ranks(anchor, positive, negative):
    dims = (anchor.dim(), positive.dim(), negative.dim())
    if len(set(dims)) != 1:
        raise RuntimeError("The anchor, positive, and negative tensors are expected to have the "
                           f"same number of dimensions, but got: anchor {dims[0]}D, positive "
                           f"{dims[1]}D, and negative {dims[2]}D inputs")


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False,
                        size_average=None, reduce=None, reduction='mean'):
    """Matches `torch.nn.functional.triplet_margin_loss`."""
    reduction = _checked(_resolve(size_average, reduce, reduction))
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    _check_triplet_ranks(anchor, positive, negative)
    distance_positive = pairwise_distance(anchor, positive, p, eps)
    distance_negative = pairwise_distance(anchor, negative, p, eps)
    if swap:
        distance_swap = pairwise_distance(positive, negative, p, eps)
        distance_negative = ember.minimum(distance_negative, distance_swap)
    output = (margin + distance_positive - distance_negative).clamp_min(0)
    return _apply_reduction(output, reduction)


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
                                      margin=1.0, swap=False, reduction='mean'):
    """Matches `torch.nn.functional.triplet_margin_with_distance_loss`."""
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    _check_triplet_ranks(anchor, positive, negative)
    if distance_function is None:
        distance_function = pairwise_distance
    distance_positive = distance_function(anchor, positive)
    distance_negative = distance_function(anchor, negative)
    if swap:
        distance_negative = ember.minimum(distance_negative, distance_function(positive, negative))
    loss = ember.clamp_min(margin + distance_positive - distance_negative, 0)
    if reduction == 'sum':
        return ember.sum(loss)
    if reduction == 'mean':
        return ember.mean(loss)
    return loss
