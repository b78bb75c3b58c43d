"""Primitives behind torch.nn's basic layers: embedding lookups (and their backward), the
bilinear product (torch's _trilinear) and the norm along one dim that pairwise_distance
uses (NormBackward1)."""

__all__ = ['embedding', 'bilinear', 'pairwise_distance', 'cosine_similarity']

import numpy as np

from ember import _dtype
from ember._tensor import Tensor, c_type_name, legacy_type_name, wrap, wrap_dim
from ember.autograd.grad_mode import no_grad
from ember.ops._dispatch import broadcast_error
from ember.ops._primitive import primitive
from ember.ops.linalg_contract import einsum
from ember.ops.linalg_norms import _vector_norm_grad, vector_norm_op
from ember.ops.pointwise import where


# --- embedding -------------------------------------------------------------------------------

def check_indices(indices, name):
    """torch's checks on an index tensor for `name` (embedding, embedding_bag)."""
    if indices._data.dtype not in (np.int64, np.int32):
        raise RuntimeError(
            f"Expected tensor for argument #1 'indices' to have one of the following scalar "
            f"types: Long, Int; but got torch.{legacy_type_name(indices.dtype)}Tensor instead "
            f"(while checking arguments for {name})")


def check_in_range(indices, rows):
    if indices.size and (indices.min() < 0 or indices.max() >= rows):
        raise IndexError("index out of range in self")


def _check_embedding(weight, indices, *, padding_idx=-1, scale_grad_by_freq=False,
                     sparse=False):
    if weight._data.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    check_indices(indices, 'embedding')
    check_in_range(indices._data, weight._data.shape[0])


@primitive(check=_check_embedding, name='embedding')
def embedding_op(xp, weight, indices, *, padding_idx=-1, scale_grad_by_freq=False,
                 sparse=False):
    return weight[indices]


# NOTE: `sparse` is accepted but the gradient is dense: ember has no sparse tensors
def _embedding_weight_grad(grad, indices, weight_shape, padding_idx, scale_grad_by_freq):
    return embedding_dense_backward(grad, indices, num_weights=weight_shape[0],
                                    padding_idx=padding_idx,
                                    scale_grad_by_freq=scale_grad_by_freq)


embedding_op.defvjp(_embedding_weight_grad, None)


@primitive(node_name='EmbeddingDenseBackwardBackward0')
def embedding_dense_backward(xp, grad_output, indices, *, num_weights, padding_idx,
                             scale_grad_by_freq):
    flat = indices.reshape(-1)
    rows = grad_output.reshape(flat.shape[0], grad_output.shape[-1])
    if scale_grad_by_freq:
        counts = xp.bincount(flat, minlength=num_weights)
        rows = rows / counts[flat][:, None].astype(rows.dtype)
    if padding_idx >= 0:
        keep = flat != padding_idx
        flat, rows = flat[keep], rows[keep]
    result = xp.zeros((num_weights, rows.shape[1]), dtype=grad_output.dtype)
    xp.add.at(result, flat, rows)
    return result


def _embedding_dense_backward_grad(grad, indices, padding_idx):
    # NOTE: no frequency scaling here: torch's double backward leaves it out as well
    looked_up = grad.index_select(0, indices.reshape(-1))
    if padding_idx >= 0:
        looked_up = where((indices == padding_idx).reshape(-1, 1), 0, looked_up)
    return looked_up.view(tuple(indices.shape) + (-1,))


embedding_dense_backward.defvjp(_embedding_dense_backward_grad, None)


def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    """Matches `torch.embedding` (weight first; padding_idx -1 for none)."""
    return embedding_op(weight, indices, padding_idx=padding_idx,
                        scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


def embedding_renorm_(weight, indices, max_norm, norm_type):
    """Rescale, in place and outside autograd, the rows `indices` names whose norm exceeds
    `max_norm` (torch.embedding_renorm_)."""
    check_indices(indices, 'embedding_renorm_')
    rows = np.unique(indices._data.reshape(-1))
    if not rows.size:
        return weight
    with no_grad():
        index = wrap(rows.astype(np.int64))
        selected = weight.index_select(0, index)
        norms = vector_norm_op(selected, ord=norm_type, dim=(1,), keepdim=True, dtype=None)
        # NOTE: torch's kernel divides by norm + 1e-7, so a row lands just below max_norm
        scale = where(norms > max_norm, max_norm / (norms + 1e-7), 1.0)
        weight.index_copy_(0, index, selected * scale)
    return weight


# --- bilinear --------------------------------------------------------------------------------

@primitive(name='_trilinear', node_name='TrilinearBackward0')
def trilinear(xp, input1, weight, input2):
    """out[b, o] = sum over i, j of input1[b, i] weight[o, i, j] input2[b, j]."""
    return xp.einsum('bi,oij,bj->bo', input1, weight, input2, optimize=True)


def _trilinear_input1_grad(grad, weight, input2):
    return einsum('bo,oij,bj->bi', grad, weight, input2)


def _trilinear_weight_grad(grad, input1, input2):
    return einsum('bo,bi,bj->oij', grad, input1, input2)


def _trilinear_input2_grad(grad, input1, weight):
    return einsum('bo,bi,oij->bj', grad, input1, weight)


trilinear.defvjp(_trilinear_input1_grad, _trilinear_weight_grad, _trilinear_input2_grad)


def _check_bilinear(input1, input2, weight, bias):
    for name, x, position in (('input1', input1, 1), ('input2', input2, 2),
                              ('weight', weight, 3)):
        if not isinstance(x, Tensor):
            raise TypeError(f"bilinear(): argument '{name}' (position {position}) must be "
                            f"Tensor, not {type(x).__name__}")
    dtypes = [x._data.dtype for x in (input1, input2, weight)]
    if bias is not None:
        dtypes.append(bias._data.dtype)
    if any(d != dtypes[0] for d in dtypes):
        names = [f'input1: {_c_name(input1)}', f'input2: {_c_name(input2)}',
                 f'weight: {_c_name(weight)}']
        if bias is not None:
            names.append(f'bias: {_c_name(bias)}')
        raise RuntimeError(f"All tensors must have the same dtype, got {', '.join(names)}")
    if input1.dim() != input2.dim():
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {input1.dim()} "
                           f"and {input2.dim()}")
    if input1.dim() == 0:
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    for d in range(input1.dim() - 1):
        if input1.shape[d] != input2.shape[d]:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {d}: "
                               f"got {input1.shape[d]} and {input2.shape[d]}")
    for name, x, d in (('input1', input1, 1), ('input2', input2, 2)):
        if x.shape[-1] != weight.size(d):
            raise RuntimeError(f"bilinear(): {name} size does not match weight size: got "
                               f"{x.shape[-1]} but expected {weight.size(d)}")
    if bias is not None and bias.shape[0] != weight.shape[0]:
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got "
                           f"{bias.shape[0]} but expected {weight.shape[0]}")


def _c_name(x):
    return c_type_name(x.dtype)


def bilinear(input1, input2, weight, bias=None):
    """Matches `torch.bilinear`."""
    _check_bilinear(input1, input2, weight, bias)
    out_shape = tuple(input1.shape[:-1]) + (weight.shape[0],)
    flat1 = input1.reshape(-1, input1.shape[-1])
    flat2 = input2.reshape(-1, input2.shape[-1])
    output = trilinear(flat1, weight, flat2).reshape(out_shape)
    if bias is not None:
        output = output + bias
    return output


# --- distances -------------------------------------------------------------------------------

@primitive(name='norm', node_name='NormBackward1')
def norm_dim(xp, input, *, p, dim, keepdim):
    """torch's norm(input, p, dim, keepdim) with dim a tuple of wrapped dims."""
    return vector_norm_op.forward(xp, input, ord=p, dim=dim, keepdim=keepdim, dtype=None)


def _norm_dim_grad(grad, input, out, p, dim, keepdim):
    return _vector_norm_grad(grad, input, out, p, dim, keepdim)


norm_dim.defvjp(_norm_dim_grad)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """Matches `torch.pairwise_distance`."""
    ndim = max(x1.dim(), x2.dim())
    difference = x1 - x2 + eps
    dims = (wrap_dim(ndim - 1, ndim),) if ndim else ()
    return norm_dim(difference, p=p, dim=dims, keepdim=keepdim)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """Matches `torch.cosine_similarity`."""
    common = _dtype.promote_types(x1.dtype, x2.dtype)
    if not common.is_floating_point:
        raise RuntimeError("expected common dtype to be floating point, yet common dtype is "
                           f"{legacy_type_name(common)}")
    x1 = x1 if x1.dtype is common else x1.to(common)
    x2 = x2 if x2.dtype is common else x2.to(common)
    if x1.shape != x2.shape:
        message = broadcast_error(tuple(x1.shape), tuple(x2.shape))
        if message:
            raise RuntimeError(message)
        shape = np.broadcast_shapes(tuple(x1.shape), tuple(x2.shape))
        x1, x2 = x1.expand(shape), x2.expand(shape)
    dims = (wrap_dim(dim, x1.dim()),) if x1.dim() else ()
    norm1 = vector_norm_op(x1, ord=2, dim=dims, keepdim=True, dtype=None).clone()
    norm2 = vector_norm_op(x2, ord=2, dim=dims, keepdim=True, dtype=None).clone()
    # NOTE: clamped outside autograd: the gradient flows as if the norms were not clamped
    with no_grad():
        norm1.clamp_min_(eps)
        norm2.clamp_min_(eps)
    return ((x1 / norm1) * (x2 / norm2)).sum(dim)
