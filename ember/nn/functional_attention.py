"""Attention: scaled_dot_product_attention and multi_head_attention_forward.

Note [Attention backends]
torch computes scaled_dot_product_attention on the CPU with one of two backends, and the
result's grad_fn tells which: its fused flash kernel (ScaledDotProductFlashAttentionForCpu-
Backward0) for 4-D query, key and value of one head size, without dropout and with a 2-D or
4-D mask that needs no grad; otherwise a composite (softmax of the scaled scores, a matmul
with the values: UnsafeViewBackward0 or MmBackward0 at the end). ember picks the same way
(`_uses_flash`), and composes the second from the same ops as torch.
"""
import math
import warnings

from ember._creation import ones, zeros
from ember._dtype import bool as bool_
from ember._dtype import float32, float64
from ember._tensor import Tensor, c_type_name
from ember.nn import functional as F
from ember.ops.broadcast import broadcast_shapes
from ember.ops.joining import cat
from ember.ops.linalg import bmm
from ember.ops.linalg_products import baddbmm
from ember.ops.nn_attention import flash_attention, safe_softmax

# torch's layers (and layers copied from them) call the two private helpers through F
__all__ = ['scaled_dot_product_attention', 'multi_head_attention_forward', '_canonical_mask',
           '_none_or_dtype']


def _validate(query, key, value, attn_mask):
    if not query.dtype == key.dtype == value.dtype:
        raise RuntimeError("Expected query, key, and value to have the same dtype, but got "
                           f"query.dtype: {c_type_name(query.dtype)} key.dtype: "
                           f"{c_type_name(key.dtype)} and value.dtype: "
                           f"{c_type_name(value.dtype)} instead.")
    if query.dim() < 2 or key.dim() < 2 or value.dim() < 2:
        raise RuntimeError("Expected query, key, and value to all be  at least 2 dimensional, "
                           f"but got query.dim: {query.dim()} key.dim: {key.dim()} and "
                           f"value.dim: {value.dim()} instead.")
    if attn_mask is not None and attn_mask.dtype not in (bool_, float32, query.dtype):
        raise RuntimeError("Expected attn_mask dtype to be bool or float or to match query "
                           f"dtype, but got attn_mask.dtype: {c_type_name(attn_mask.dtype)} "
                           f"and  query.dtype: {c_type_name(query.dtype)} instead.")


def _heads_fit(query, key, value, enable_gqa):
    heads, key_heads, value_heads = query.shape[-3], key.shape[-3], value.shape[-3]
    if heads == key_heads == value_heads:
        return True
    return enable_gqa and key_heads == value_heads and heads % key_heads == 0


def _uses_flash(query, key, value, attn_mask, dropout_p, enable_gqa):
    """Whether torch would run its fused CPU kernel (Note [Attention backends])."""
    if query.dim() != 4 or key.dim() != 4 or value.dim() != 4 or dropout_p != 0.0:
        return False
    if not query.shape[0] == key.shape[0] == value.shape[0]:
        return False
    if not _heads_fit(query, key, value, enable_gqa):
        return False
    if attn_mask is not None and (attn_mask.dim() not in (2, 4) or attn_mask.requires_grad):
        return False
    if not query.shape[-1] == key.shape[-1] == value.shape[-1]:
        return False
    if query.shape[-2] == 0 or key.shape[-2] == 0:
        return False
    if any(t.stride(-1) != 1 for t in (query, key, value)):
        return False
    return query.dtype in (float32, float64)


def _additive_mask(mask, dtype):
    # a boolean mask keeps True positions: the others get -inf added to their scores
    if mask.dtype != bool_:
        return mask
    return zeros(mask.shape, dtype=dtype).masked_fill_(mask.logical_not(), -math.inf)


def _grouped(query, key, value, enable_gqa):
    """Key and value with their heads repeated to match the query's (grouped-query
    attention), or as they are."""
    if not enable_gqa:
        return key, value
    heads, key_heads, value_heads = query.shape[-3], key.shape[-3], value.shape[-3]
    if heads == key_heads == value_heads:
        return key, value
    if heads % key_heads or heads % value_heads:
        raise RuntimeError("Number of heads in key and value must divide the number of heads "
                           "in ")
    return (key.repeat_interleave(heads // key_heads, -3),
            value.repeat_interleave(heads // value_heads, -3))


def _composite_attention(query, key, value, attn_mask, dropout_p, is_causal, scale,
                         enable_gqa):
    # the square root of the scale goes on each side of the product, as torch's does
    root = math.sqrt(abs(scale))
    query = query * (-root if scale < 0 else root)
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be "
                               "set when is_causal=True")
        causal = ones(query.shape[-2], key.shape[-2], dtype=bool_).tril()
        attn_mask = _additive_mask(causal, query.dtype)
    key, value = _grouped(query, key, value, enable_gqa)
    scores = query.matmul(key.transpose(-2, -1) * root)
    if attn_mask is not None:
        scores = scores.add_(attn_mask)
    weights = safe_softmax(scores, dim=-1)
    if dropout_p > 0.0:
        weights = F.dropout(weights, dropout_p, True)
    return weights.matmul(value)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
                                 is_causal=False, scale=None, enable_gqa=False):
    """Matches `torch.nn.functional.scaled_dot_product_attention`."""
    _validate(query, key, value, attn_mask)
    if query.numel() == 0 or key.numel() == 0 or value.numel() == 0:
        # NOTE: torch answers empty input with zeros joined to the inputs by a zero product
        shape = tuple(broadcast_shapes(query.shape[:-2], key.shape[:-2], value.shape[:-2]))
        result = zeros(shape + (query.shape[-2], value.shape[-1]), dtype=query.dtype)
        return result + (query.sum() + key.sum() + value.sum()) * 0
    if scale is None:
        scale = 1.0 / math.sqrt(query.shape[-1])
    if attn_mask is not None:
        attn_mask = _additive_mask(attn_mask, query.dtype)
    if _uses_flash(query, key, value, attn_mask, dropout_p, enable_gqa):
        key, value = _grouped(query, key, value, enable_gqa)
        return flash_attention(query, key, value, attn_mask, is_causal=bool(is_causal),
                               scale=float(scale))
    return _composite_attention(query, key, value, attn_mask, dropout_p, is_causal, scale,
                                enable_gqa)


# --- multi-head attention --------------------------------------------------------------------

def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads):
    """Whether the input is batched; torch's AssertionErrors for inconsistent dims."""
    if query.dim() == 3:
        if key.dim() != 3 or value.dim() != 3:
            raise AssertionError("For batched (3-D) `query`, expected `key` and `value` to be "
                                 f"3-D but found {key.dim()}-D and {value.dim()}-D tensors "
                                 "respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise AssertionError("For batched (3-D) `query`, expected `key_padding_mask` to be "
                                 f"`None` or 2-D but found {key_padding_mask.dim()}-D tensor "
                                 "instead")
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise AssertionError("For batched (3-D) `query`, expected `attn_mask` to be `None`, "
                                 f"2-D or 3-D but found {attn_mask.dim()}-D tensor instead")
        return True
    if query.dim() == 2:
        if key.dim() != 2 or value.dim() != 2:
            raise AssertionError("For unbatched (2-D) `query`, expected `key` and `value` to be "
                                 f"2-D but found {key.dim()}-D and {value.dim()}-D tensors "
                                 "respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise AssertionError("For unbatched (2-D) `query`, expected `key_padding_mask` to be "
                                 f"`None` or 1-D but found {key_padding_mask.dim()}-D tensor "
                                 "instead")
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise AssertionError("For unbatched (2-D) `query`, expected `attn_mask` to be "
                                     f"`None`, 2-D or 3-D but found {attn_mask.dim()}-D tensor "
                                     "instead")
            expected = (num_heads, query.shape[0], key.shape[0])
            if attn_mask.dim() == 3 and tuple(attn_mask.shape) != expected:
                raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got "
                                     f"{attn_mask.shape}")
        return False
    raise AssertionError("query should be unbatched 2D or batched 3D tensor but received "
                         f"{query.dim()}-D query tensor")


def _canonical_mask(mask, mask_name, other_type, other_name, target_type, check_other=True):
    """A boolean mask as an additive one of `target_type` (-inf where True); float masks as
    they are. Matches torch's private helper of the same name."""
    if mask is None:
        return None
    floating = mask.dtype.is_floating_point
    if mask.dtype != bool_ and not floating:
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    if check_other and other_type is not None and mask.dtype != other_type:
        warnings.warn(f"Support for mismatched {mask_name} and {other_name} is deprecated. Use "
                      "same type for both instead.", stacklevel=2)
    if floating:
        return mask
    return zeros(mask.shape, dtype=target_type).masked_fill_(mask, -math.inf)


def _none_or_dtype(input):
    if input is None:
        return None
    if isinstance(input, Tensor):
        return input.dtype
    raise RuntimeError("input to _none_or_dtype() must be None or torch.Tensor")


def _packed_projection(query, key, value, weight, bias):
    """The three input projections from one packed (3E, E) weight."""
    embed_dim = query.size(-1)
    if key is value:
        if query is key:
            projected = F.linear(query, weight, bias)
            # (..., 3, E) rather than (..., E, 3): the order chunk would give, kept contiguous
            projected = (projected.unflatten(-1, (3, embed_dim)).unsqueeze(0).transpose(0, -2)
                         .squeeze(-2).contiguous())
            return projected[0], projected[1], projected[2]
        weight_q, weight_kv = weight.split([embed_dim, embed_dim * 2])
        bias_q, bias_kv = (None, None) if bias is None else bias.split([embed_dim,
                                                                        embed_dim * 2])
        projected = F.linear(key, weight_kv, bias_kv)
        projected = (projected.unflatten(-1, (2, embed_dim)).unsqueeze(0).transpose(0, -2)
                     .squeeze(-2).contiguous())
        return F.linear(query, weight_q, bias_q), projected[0], projected[1]
    weight_q, weight_k, weight_v = weight.chunk(3)
    bias_q, bias_k, bias_v = (None, None, None) if bias is None else bias.chunk(3)
    return (F.linear(query, weight_q, bias_q), F.linear(key, weight_k, bias_k),
            F.linear(value, weight_v, bias_v))


def _separate_projection(query, key, value, weights, biases):
    dims = (query.size(-1), key.size(-1), value.size(-1))
    names = ('query', 'key', 'value')
    for name, weight, dim in zip(names, weights, dims):
        if tuple(weight.shape) != (dims[0], dim):
            raise AssertionError(f"expecting {name} weights shape of {(dims[0], dim)}, but got "
                                 f"{weight.shape}")
    for name, bias in zip(names, biases):
        if bias is not None and tuple(bias.shape) != (dims[0],):
            raise AssertionError(f"expecting {name} bias shape of {(dims[0],)}, but got "
                                 f"{bias.shape}")
    return tuple(F.linear(x, w, b) for x, w, b in zip((query, key, value), weights, biases))


def _pad_last(mask):
    # one more key position, not masked
    return cat((mask, zeros(mask.shape[:-1] + (1,), dtype=mask.dtype)), -1)


def _static(tensor, name, batch_heads, head_dim):
    if tensor.size(0) != batch_heads:
        raise AssertionError(f"expecting {name}.size(0) of {batch_heads}, but got "
                             f"{tensor.size(0)}")
    if tensor.size(2) != head_dim:
        raise AssertionError(f"expecting {name}.size(2) of {head_dim}, but got {tensor.size(2)}")
    return tensor


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads,
                                 in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn,
                                 dropout_p, out_proj_weight, out_proj_bias, training=True,
                                 key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None,
                                 k_proj_weight=None, v_proj_weight=None, static_k=None,
                                 static_v=None, average_attn_weights=True, is_causal=False):
    """Matches `torch.nn.functional.multi_head_attention_forward`."""
    is_batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not is_batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    target_len, batch, embed_dim = query.shape
    source_len = key.shape[0]
    key_padding_mask = _canonical_mask(key_padding_mask, 'key_padding_mask',
                                       _none_or_dtype(attn_mask), 'attn_mask', query.dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the "
                           "Transformer module method `generate_square_subsequent_mask` to "
                           "create this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        # the causal flag stands for the mask: attention builds it itself
        attn_mask = None
    else:
        attn_mask = _canonical_mask(attn_mask, 'attn_mask', None, '', query.dtype,
                                    check_other=False)
        if key_padding_mask is not None:
            is_causal = False
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but "
                             f"got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if key.shape[:2] != value.shape[:2]:
            raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match "
                                 f"value's {value.shape[:2]}")
    elif key.shape != value.shape:
        raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")

    if not use_separate_proj_weight:
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        q, k, v = _packed_projection(query, key, value, in_proj_weight, in_proj_bias)
    else:
        for name, weight in (('q', q_proj_weight), ('k', k_proj_weight),
                             ('v', v_proj_weight)):
            if weight is None:
                raise AssertionError(f"use_separate_proj_weight is True but {name}_proj_weight "
                                     "is None")
        biases = (None, None, None) if in_proj_bias is None else in_proj_bias.chunk(3)
        q, k, v = _separate_projection(query, key, value,
                                       (q_proj_weight, k_proj_weight, v_proj_weight), biases)

    if attn_mask is not None:
        if attn_mask.dim() == 2:
            expected = (target_len, source_len)
            if tuple(attn_mask.shape) != expected:
                raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but "
                                   f"should be {expected}.")
            attn_mask = attn_mask.unsqueeze(0)
        elif attn_mask.dim() == 3:
            expected = (batch * num_heads, target_len, source_len)
            if tuple(attn_mask.shape) != expected:
                raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but "
                                   f"should be {expected}.")
        else:
            raise RuntimeError(f"attn_mask's dimension {attn_mask.dim()} is not supported")

    if bias_k is not None and bias_v is not None:
        if static_k is not None:
            raise AssertionError("bias cannot be added to static key.")
        if static_v is not None:
            raise AssertionError("bias cannot be added to static value.")
        k = cat([k, bias_k.repeat(1, batch, 1)])
        v = cat([v, bias_v.repeat(1, batch, 1)])
        if attn_mask is not None:
            attn_mask = _pad_last(attn_mask)
        if key_padding_mask is not None:
            key_padding_mask = _pad_last(key_padding_mask)
    elif bias_k is not None:
        raise AssertionError("bias_k is set but bias_v is None")
    elif bias_v is not None:
        raise AssertionError("bias_v is set but bias_k is None")

    batch_heads = batch * num_heads
    q = q.view(target_len, batch_heads, head_dim).transpose(0, 1)
    if static_k is None:
        k = k.view(k.shape[0], batch_heads, head_dim).transpose(0, 1)
    else:
        k = _static(static_k, 'static_k', batch_heads, head_dim)
    if static_v is None:
        v = v.view(v.shape[0], batch_heads, head_dim).transpose(0, 1)
    else:
        v = _static(static_v, 'static_v', batch_heads, head_dim)

    if add_zero_attn:
        k = cat([k, zeros((batch_heads, 1, head_dim), dtype=k.dtype)], dim=1)
        v = cat([v, zeros((batch_heads, 1, head_dim), dtype=v.dtype)], dim=1)
        if attn_mask is not None:
            attn_mask = _pad_last(attn_mask)
        if key_padding_mask is not None:
            key_padding_mask = _pad_last(key_padding_mask)

    source_len = k.size(1)
    if key_padding_mask is not None:
        if key_padding_mask.shape[0] != batch:
            raise AssertionError(f"Expected key_padded_mask.shape[0] to be {batch}, but got "
                                 f"{key_padding_mask.shape[0]}")
        if key_padding_mask.shape[1] != source_len:
            raise AssertionError(f"Expected key_padded_mask.shape[1] to be {source_len}, but "
                                 f"got {key_padding_mask.shape[1]}")
        key_padding_mask = (key_padding_mask.view(batch, 1, 1, source_len)
                            .expand(-1, num_heads, -1, -1)
                            .reshape(batch_heads, 1, source_len))
        attn_mask = key_padding_mask if attn_mask is None else attn_mask + key_padding_mask

    if not training:
        dropout_p = 0.0

    if need_weights:
        q_scaled = q * math.sqrt(1.0 / float(q.shape[2]))
        if is_causal and attn_mask is None:
            raise AssertionError("FIXME: is_causal not implemented for need_weights")
        if attn_mask is not None:
            weights = baddbmm(attn_mask, q_scaled, k.transpose(-2, -1))
        else:
            weights = bmm(q_scaled, k.transpose(-2, -1))
        weights = F.softmax(weights, dim=-1)
        if dropout_p > 0.0:
            weights = F.dropout(weights, p=dropout_p)
        output = bmm(weights, v).transpose(0, 1).reshape(target_len * batch, embed_dim)
        output = F.linear(output, out_proj_weight, out_proj_bias)
        output = output.view(target_len, batch, output.size(1))
        weights = weights.view(batch, num_heads, target_len, source_len)
        if average_attn_weights:
            weights = weights.mean(dim=1)
        if not is_batched:
            return output.squeeze(1), weights.squeeze(0)
        return output, weights

    if attn_mask is not None:
        if attn_mask.size(0) == 1 and attn_mask.dim() == 3:
            attn_mask = attn_mask.unsqueeze(0)
        else:
            attn_mask = attn_mask.view(batch, num_heads, -1, source_len)
    q = q.view(batch, num_heads, target_len, head_dim)
    k = k.view(batch, num_heads, source_len, head_dim)
    v = v.view(batch, num_heads, source_len, head_dim)
    output = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    output = output.permute(2, 0, 1, 3).reshape(batch * target_len, embed_dim)
    output = F.linear(output, out_proj_weight, out_proj_bias)
    output = output.view(target_len, batch, output.size(1))
    if not is_batched:
        output = output.squeeze(1)
    return output, None
