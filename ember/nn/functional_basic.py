"""linear, bilinear, dropout, embedding, one_hot, normalize and distances."""

__all__ = ['linear', 'bilinear', 'dropout', 'dropout1d', 'dropout2d', 'dropout3d',
           'alpha_dropout', 'feature_alpha_dropout', 'embedding', 'embedding_bag', 'one_hot',
           'normalize', 'cosine_similarity', 'pairwise_distance']

import math
import warnings

import numpy as np

from ember._creation import arange as _arange
from ember._dtype import int64 as _int64
from ember._tensor import Tensor, wrap
from ember.ops import nn_basic as _basic
from ember.ops import nn_basic_bag as _bag
from ember.ops import nn_basic_dropout as _dropout
from ember.ops import pointwise as _pointwise
from ember.ops.linalg import matmul as _matmul
from ember.ops.linalg_products import addmm as _addmm
from ember.ops.shape import t as _t

bilinear = _basic.bilinear
cosine_similarity = _basic.cosine_similarity
pairwise_distance = _basic.pairwise_distance

_addmm_fast = _addmm.fast
_t_fast = _t.fast


# --- linear ----------------------------------------------------------------------------------

def linear(input, weight, bias=None):
    """Matches `torch.nn.functional.linear`, with torch's choice of kernel (and so of
    grad_fn): addmm for 2-D input with a bias, addmm on the flattened input for other
    contiguous input with a 1-D bias, else matmul followed by an in-place add."""
    if not isinstance(input, Tensor):
        raise TypeError(f"linear(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    ndim = input._data.ndim
    if bias is not None and ndim == 2:
        return _addmm_fast(bias, input, _t_fast(weight))
    if ndim == 0 or weight.dim() == 0:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are "
                           f"{ndim}D and {weight.dim()}D")
    if bias is not None and bias.dim() == 1 and input.is_contiguous():
        sizes = tuple(input.shape)
        rows = math.prod(sizes[:-1])
        output = _addmm_fast(bias, input.reshape(rows, sizes[-1]), _t_fast(weight))
        return output.view(sizes[:-1] + (output.shape[1],))
    output = _matmul(input, _t_fast(weight))
    if bias is not None:
        output = output.add_(bias)
    return output


# --- dropout ---------------------------------------------------------------------------------

def _check_probability(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def dropout(input, p=0.5, training=True, inplace=False):
    """Matches `torch.nn.functional.dropout`; the mask comes from ember's generator."""
    _check_probability(p)
    return _dropout.dropout_kernel(input, p, training, inplace)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Matches `torch.nn.functional.alpha_dropout`."""
    _check_probability(p)
    return _dropout.dropout_kernel(input, p, training, inplace, alpha=True)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Matches `torch.nn.functional.feature_alpha_dropout`."""
    _check_probability(p)
    return _dropout.dropout_kernel(input, p, training, inplace, feature=True, alpha=True)


def _unbatched_feature_dropout(input, p, training, inplace):
    """Feature dropout of a tensor without its batch dim, as one batch of one."""
    if inplace:
        _dropout.dropout_kernel(input.unsqueeze(0), p, training, True, feature=True)
        return input
    return _dropout.dropout_kernel(input.unsqueeze(0), p, training, False,
                                   feature=True).squeeze(0)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Matches `torch.nn.functional.dropout1d`."""
    _check_probability(p)
    ndim = input.dim()
    if ndim not in (2, 3):
        raise RuntimeError(
            f"dropout1d: Expected 2D or 3D input, but received a {ndim}D input. Note that "
            "dropout1d exists to provide channel-wise dropout on inputs with 1 spatial "
            "dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D "
            "inputs).")
    if ndim == 2:
        return _unbatched_feature_dropout(input, p, training, inplace)
    return _dropout.dropout_kernel(input, p, training, inplace, feature=True)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Matches `torch.nn.functional.dropout2d`."""
    _check_probability(p)
    ndim = input.dim()
    if ndim not in (3, 4):
        warnings.warn(
            f"dropout2d: Received a {ndim}-D input to dropout2d, which is deprecated and will "
            "result in an error in a future release. To retain the behavior and silence this "
            "warning, please use dropout instead. Note that dropout2d exists to provide "
            "channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, "
            "and an optional batch dimension (i.e. 3D or 4D inputs).", stacklevel=2)
    if ndim == 3:
        # NOTE: torch reads 3-D input as (N, C, L), not as unbatched (C, H, W), and says so
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D "
            "dropout behavior is desired - input is interpreted as shape (N, C, L), where C "
            "is the channel dim. This behavior will change in a future release to interpret "
            "the input as one without a batch dimension, i.e. shape (C, H, W). To maintain "
            "the 1D channel-wise dropout behavior, please switch to using dropout1d instead.",
            stacklevel=2)
    return _dropout.dropout_kernel(input, p, training, inplace, feature=True)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Matches `torch.nn.functional.dropout3d`."""
    _check_probability(p)
    ndim = input.dim()
    if ndim not in (4, 5):
        warnings.warn(
            f"dropout3d: Received a {ndim}-D input to dropout3d, which is deprecated and will "
            "result in an error in a future release. To retain the behavior and silence this "
            "warning, please use dropout instead. Note that dropout3d exists to provide "
            "channel-wise dropout on inputs with 3 spatial dimensions, a channel dimension, "
            "and an optional batch dimension (i.e. 4D or 5D inputs).", stacklevel=2)
    if ndim != 5:
        return _unbatched_feature_dropout(input, p, training, inplace)
    return _dropout.dropout_kernel(input, p, training, inplace, feature=True)


# --- embedding -------------------------------------------------------------------------------

def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    """Matches `torch.nn.functional.embedding` (gradients are dense, even with sparse=True)."""
    if padding_idx is not None:
        if padding_idx > 0:
            if padding_idx >= weight.size(0):
                raise AssertionError("Padding_idx must be within num_embeddings")
        elif padding_idx < 0:
            if padding_idx < -weight.size(0):
                raise AssertionError("Padding_idx must be within num_embeddings")
            padding_idx = weight.size(0) + padding_idx
    else:
        padding_idx = -1
    if max_norm is not None:
        _basic.embedding_renorm_(weight, input, max_norm, norm_type)
    return _basic.embedding_op(weight, input, padding_idx=padding_idx,
                               scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2,
                  scale_grad_by_freq=False, mode='mean', sparse=False, per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """Matches `torch.nn.functional.embedding_bag` (gradients are dense, even with
    sparse=True)."""
    if weight.dtype == _int64 and input.is_floating_point():
        warnings.warn("Argument order of nn.functional.embedding_bag was changed. Usage "
                      "`embedding_bag(weight, input, ...)` is deprecated, and should now be "
                      "`embedding_bag(input, weight, ...)`.", stacklevel=2)
        weight, input = input, weight
    if per_sample_weights is not None and input.size() != per_sample_weights.size():
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is "
                         f"not None, then it must have the same shape as the input "
                         f"({input.shape})")
    if weight.dim() != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension "
                         f"{weight.dim()}")
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated "
                             "is a mini-batch of fixed length sequences. However, found "
                             f"offsets of type {_type_str(offsets)}")
        offsets = _arange(0, input.numel(), input.size(1), dtype=input.dtype)
        include_last_offset = False
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension "
                         f"{input.dim()}")
    if mode not in _bag.MODES:
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == 'max':
        if scale_grad_by_freq:
            raise ValueError("max mode does not support scaling the gradient by the frequency")
        if sparse:
            raise ValueError("max mode does not support sparse weights")
    if max_norm is not None:
        _basic.embedding_renorm_(weight, input, max_norm, norm_type)
    if per_sample_weights is not None and mode != 'sum':
        raise NotImplementedError(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is only "
            f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
            "GitHub.")
    padding_idx = _bag.check_embedding_bag(weight, input, offsets, per_sample_weights, mode,
                                           padding_idx)
    return _bag.embedding_bag_op(weight, input, offsets, per_sample_weights,
                                 mode=_bag.MODES[mode], include_last_offset=include_last_offset,
                                 padding_idx=padding_idx,
                                 scale_grad_by_freq=scale_grad_by_freq)[0]


def _type_str(value):
    return "<class 'torch.Tensor'>" if isinstance(value, Tensor) else str(type(value))


# --- one_hot, normalize ----------------------------------------------------------------------

def one_hot(tensor, num_classes=-1):
    """Matches `torch.nn.functional.one_hot`."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"one_hot(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(tensor).__name__}")
    data = tensor._data
    if data.dtype != np.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        if not data.size:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(data.max()) + 1
    if data.size:
        if data.min() < 0:
            raise RuntimeError("Class values must be non-negative.")
        if data.max() >= num_classes:
            raise RuntimeError("Class values must be smaller than num_classes.")
    return wrap((np.asarray(data)[..., None] == np.arange(num_classes)).astype(np.int64))


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """Matches `torch.nn.functional.normalize`."""
    if out is None:
        denominator = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
        return input / denominator
    denominator = input.norm(p, dim, keepdim=True).clamp_min_(eps).expand_as(input)
    return _pointwise.true_divide(input, denominator, out=out)
