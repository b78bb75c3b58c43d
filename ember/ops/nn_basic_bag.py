"""embedding_bag: sums, means or maxima of bags of embedding rows, with its own node
(EmbeddingBagBackward0). As in torch, its backward kernels have no derivative of their own."""

import numpy as np

from ember._tensor import Tensor, legacy_type_name
from ember.ops._primitive import primitive
from ember.ops.nn_basic import check_indices

MODES = {'sum': 0, 'mean': 1, 'max': 2}


def _bags(indices, offsets, include_last_offset):
    """(bag of each position counted, number of bags): positions past the last bag's end
    (possible with include_last_offset) belong to no bag and come out as -1."""
    offsets = np.asarray(offsets, dtype=np.int64)
    count = len(offsets) - 1 if include_last_offset else len(offsets)
    # NOTE: with include_last_offset the last offset ends the last bag, as documented and as
    # torch's float kernels do (its double kernels run the last bag to the end of the input)
    ends = np.append(offsets[1:], indices.shape[0])[:count]
    starts = offsets[:count]
    bag = np.full(indices.shape[0], -1, dtype=np.int64)
    if count:
        bag[:ends[-1]] = np.repeat(np.arange(count), ends - starts)
    return bag, count


def _kept(indices, bag, padding_idx):
    """Positions that take part: inside a bag and not padding."""
    keep = bag >= 0
    if padding_idx >= 0:
        keep &= indices != padding_idx
    return keep


@primitive(name='embedding_bag', node_name='EmbeddingBagBackward0', outputs=2,
           differentiable_outputs=(0,))
def embedding_bag_op(xp, weight, indices, offsets, per_sample_weights, *, mode,
                     include_last_offset, padding_idx, scale_grad_by_freq):
    bag, count = _bags(indices, offsets, include_last_offset)
    keep = _kept(indices, bag, padding_idx)
    width = weight.shape[1]
    result = xp.zeros((count, width), dtype=weight.dtype)
    maxima = xp.zeros((0,), dtype=np.int64)
    if mode == MODES['max']:
        maxima = xp.full((count, width), -1, dtype=np.int64)
        for b in range(count):
            rows = indices[keep & (bag == b)]
            if rows.size:
                values = weight[rows]
                best = values.argmax(axis=0)
                maxima[b] = rows[best]
                result[b] = values[best, np.arange(width)]
        return result, maxima
    rows = weight[indices[keep]]
    if per_sample_weights is not None:
        rows = rows * per_sample_weights[keep][:, None]
    xp.add.at(result, bag[keep], rows)
    if mode == MODES['mean']:
        sizes = xp.bincount(bag[keep], minlength=count)[:, None]
        result = xp.where(sizes > 0, result / xp.maximum(sizes, 1), 0).astype(weight.dtype)
    return result, maxima


def _embedding_bag_weight_grad(grad, indices, offsets, per_sample_weights, out1, weight_shape,
                               mode, include_last_offset, padding_idx, scale_grad_by_freq):
    return embedding_bag_backward(grad[0], indices, offsets, out1, per_sample_weights,
                                  num_weights=weight_shape[0], mode=mode,
                                  include_last_offset=include_last_offset,
                                  padding_idx=padding_idx,
                                  scale_grad_by_freq=scale_grad_by_freq)


def _embedding_bag_sample_weights_grad(grad, weight, indices, offsets, include_last_offset,
                                       padding_idx):
    return embedding_bag_sample_weights_backward(
        grad[0], weight, indices, offsets, include_last_offset=include_last_offset,
        padding_idx=padding_idx)


embedding_bag_op.defvjp(_embedding_bag_weight_grad, None, None,
                        _embedding_bag_sample_weights_grad)


# torch has no derivative for either backward kernel: their results' grad_fn is NotImplemented
@primitive(name='_embedding_bag_backward')
def embedding_bag_backward(xp, grad, indices, offsets, maxima, per_sample_weights, *,
                           num_weights, mode, include_last_offset, padding_idx,
                           scale_grad_by_freq):
    result = xp.zeros((num_weights, grad.shape[1]), dtype=grad.dtype)
    if mode == MODES['max']:
        width = grad.shape[1]
        found = maxima >= 0
        columns = xp.broadcast_to(xp.arange(width), maxima.shape)
        xp.add.at(result, (maxima[found], columns[found]), grad[found])
        return result
    bag, count = _bags(indices, offsets, include_last_offset)
    keep = _kept(indices, bag, padding_idx)
    rows = grad[bag[keep]]
    if mode == MODES['mean']:
        sizes = xp.bincount(bag[keep], minlength=count)
        rows = rows / sizes[bag[keep]][:, None].astype(rows.dtype)
    if per_sample_weights is not None:
        rows = rows * per_sample_weights[keep][:, None]
    if scale_grad_by_freq:
        rows = rows / _frequency_divisors(indices, num_weights)[keep][:, None].astype(rows.dtype)
    xp.add.at(result, indices[keep], rows)
    return result


def _frequency_divisors(indices, num_weights):
    """The divisor of each position's gradient under scale_grad_by_freq.

    NOTE: torch's CPU kernel divides the k-th distinct index's gradient (in sorted order) by
    the count of the k-th *sorted* index, not by its own count; ember matches it."""
    counts = np.bincount(indices, minlength=num_weights)
    ordered = np.sort(indices)
    distinct = np.unique(ordered)
    rank = np.searchsorted(distinct, indices)
    return counts[ordered[rank]]


@primitive(name='_embedding_bag_per_sample_weights_backward')
def embedding_bag_sample_weights_backward(xp, grad, weight, indices, offsets, *,
                                          include_last_offset, padding_idx):
    bag, _ = _bags(indices, offsets, include_last_offset)
    keep = _kept(indices, bag, padding_idx)
    result = xp.zeros(indices.shape, dtype=grad.dtype)
    result[keep] = (grad[bag[keep]] * weight[indices[keep]]).sum(axis=1)
    return result


def check_embedding_bag(weight, indices, offsets, per_sample_weights, mode, padding_idx):
    """torch's errors for embedding_bag's tensors (after the functional's own checks);
    returns padding_idx as a non-negative row, or -1 for none."""
    check_indices(indices, 'embedding_bag')
    check_indices(offsets, 'embedding_bag')
    if weight._data.dtype.kind != 'f':
        raise RuntimeError(
            "Expected tensor for argument #1 'weight' to have one of the following scalar "
            "types: Half, BFloat16, Float, Double; but got "
            f"torch.{legacy_type_name(weight.dtype)}Tensor instead (while checking arguments "
            "for embedding_bag)")
    if isinstance(per_sample_weights, Tensor) and per_sample_weights.dtype != weight.dtype:
        raise RuntimeError(
            "Expected tensor for argument #1 'weight' to have the same type as tensor for "
            "argument #1 'per_sample_weights'; but type "
            f"torch.{legacy_type_name(weight.dtype)}Tensor does not equal "
            f"torch.{legacy_type_name(per_sample_weights.dtype)}Tensor (while checking "
            "arguments for embedding_bag)")
    rows = weight.shape[0]
    if padding_idx is None:
        padding_idx = -1
    elif not -rows <= padding_idx < rows:
        raise RuntimeError(f"padding_idx must be within the number of embeddings, {-rows} "
                           f"through {rows - 1}, but got {padding_idx}")
    elif padding_idx < 0:
        padding_idx += rows
    data = indices._data
    starts = offsets._data
    if starts.size and starts[0] != 0:
        raise RuntimeError(
            "offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to "
            f"start from position 0. However, got {starts[0]}\n"
            f"[ torch.{legacy_type_name(offsets.dtype)}Tensor{{}} ]")
    bad = np.nonzero((data < 0) | (data >= rows))[0]
    if bad.size:
        # NOTE: torch's float and half kernels for sum and mean without padding say which
        # position is out of range; its other kernels only say which value
        if mode != 'max' and padding_idx < 0 and weight._data.dtype in (np.float32, np.float16):
            raise RuntimeError(f"Index {bad[0]} of input takes value {data[bad[0]]} which is "
                               f"not in the valid range [0, {rows})")
        raise RuntimeError("embedding_bag: Expected idx >= 0 && idx < num_embeddings but found "
                           f"idx to be {data[bad[0]]}")
    if starts.size:
        if starts[-1] > data.shape[0]:
            raise RuntimeError(f"offsets[-1] can not be greater than input's length "
                               f"{data.shape[0]} but got offsets[-1] of {starts[-1]}")
        if (np.diff(starts) < 0).any():
            raise RuntimeError("Expected i < index_size to be true, but got false.  (Could "
                               "this error message be improved?  If so, please report an "
                               "enhancement request to PyTorch.)")
    return padding_idx
