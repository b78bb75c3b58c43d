"""TransformerEncoderLayer and TransformerEncoder."""
import copy
import warnings

from ember._creation import full
from ember.autograd import grad_mode
from ember.nn import functional as F
from ember.nn.modules import activation as activation_modules
from ember.nn.modules.attention import MultiheadAttention
from ember.nn.modules.container import ModuleList
from ember.nn.modules.dropout import Dropout
from ember.nn.modules.linear import Linear
from ember.nn.modules.module import Module
from ember.nn.modules.normalization import LayerNorm

__all__ = ['TransformerEncoder', 'TransformerEncoderLayer']


def _get_activation_fn(name):
    if name == 'relu':
        return F.relu
    if name == 'gelu':
        return F.gelu
    raise RuntimeError(f"activation should be relu/gelu, not {name}")


def _generate_square_subsequent_mask(size, device=None, dtype=None):
    """A causal mask: -inf above the diagonal, 0 elsewhere."""
    return full((size, size), float('-inf'), dtype=dtype, device=device).triu(diagonal=1)


def _get_seq_len(src, batch_first):
    if src.dim() == 2:
        return src.size(0)
    return src.size(1 if batch_first else 0)


def _detect_is_causal_mask(mask, is_causal=None, size=None):
    """`is_causal` if given; else whether `mask` is the causal mask of its size."""
    if is_causal is not None or mask is None:
        return is_causal is True
    size = size if size is not None else mask.size(-2)
    causal = _generate_square_subsequent_mask(size, device=mask.device, dtype=mask.dtype)
    if tuple(mask.size()) != tuple(causal.size()):
        return False
    return bool((mask == causal).all())


def _requires_grad(tensors):
    return grad_mode.is_grad_enabled() and any(
        t is not None and t.requires_grad for t in tensors)


class TransformerEncoderLayer(Module):
    """Matches `torch.nn.TransformerEncoderLayer`.

    torch's inference fast path (eval mode, no grad, batch first) is not singled out: it
    computes the same values, except for a sequence whose every position is padding, where
    it gives NaN and ember, like torch's other path, does not.
    """

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=F.relu,
                 layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True,
                 device=None, dtype=None):
        factory = {'device': device, 'dtype': dtype}
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, **factory)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **factory)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **factory)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        if isinstance(activation, str):
            activation = _get_activation_fn(activation)
        if activation is F.relu or isinstance(activation, activation_modules.ReLU):
            self.activation_relu_or_gelu = 1
        elif activation is F.gelu or isinstance(activation, activation_modules.GELU):
            self.activation_relu_or_gelu = 2
        else:
            self.activation_relu_or_gelu = 0
        self.activation = activation

    def __setstate__(self, state):
        super().__setstate__(state)
        if not hasattr(self, 'activation'):
            self.activation = F.relu

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        src_key_padding_mask = F._canonical_mask(src_key_padding_mask, 'src_key_padding_mask',
                                                 F._none_or_dtype(src_mask), 'src_mask',
                                                 src.dtype)
        src_mask = F._canonical_mask(src_mask, 'src_mask', None, '', src.dtype,
                                     check_other=False)
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask,
                                   is_causal=is_causal)
            x = x + self._ff_block(self.norm2(x))
        else:
            x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask,
                                              is_causal=is_causal))
            x = self.norm2(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal=False):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout2(x)

    def _fast_path_tensors(self):
        attn = self.self_attn
        return (attn.in_proj_weight, attn.in_proj_bias, attn.out_proj.weight,
                attn.out_proj.bias, self.norm1.weight, self.norm1.bias, self.norm2.weight,
                self.norm2.bias, self.linear1.weight, self.linear1.bias, self.linear2.weight,
                self.linear2.bias)


def _why_not_nested(layer):
    """Why torch would not run an encoder of copies of `layer` on nested tensors ('' if it
    would), in torch's words."""
    name = 'encoder_layer'
    if not isinstance(layer, TransformerEncoderLayer):
        return f"{name} was not TransformerEncoderLayer"
    if layer.norm_first:
        return f"{name}.norm_first was True"
    if not layer.self_attn.batch_first:
        return (f"{name}.self_attn.batch_first was not True"
                "(use batch_first for better inference performance)")
    if not layer.self_attn._qkv_same_embed_dim:
        return f"{name}.self_attn._qkv_same_embed_dim was not True"
    if layer.self_attn.in_proj_bias is None:
        return f"{name}.self_attn was passed bias=False"
    if not layer.activation_relu_or_gelu:
        return f"{name}.activation_relu_or_gelu was not True"
    if layer.norm1.eps != layer.norm2.eps:
        return f"{name}.norm1.eps was not equal to {name}.norm2.eps"
    if layer.self_attn.num_heads % 2 == 1:
        return f"{name}.self_attn.num_heads is odd"
    return ''


def _left_aligned(keep):
    """Whether every row of the boolean (B, S) `keep` is a run of True followed by False."""
    counts = keep.sum(1, keepdim=True)
    positions = keep.new_ones(keep.shape, dtype=counts.dtype).cumsum(1)
    return bool(((positions <= counts) == keep).all())


class TransformerEncoder(Module):
    """Matches `torch.nn.TransformerEncoder`.

    Where torch would run on nested tensors (eval mode, no grad, batch_first layers and a
    left-aligned padding mask) its output is zero at the padded positions before the final
    norm; ember computes the same values densely and zeroes those positions.
    """

    def __init__(self, encoder_layer, num_layers, norm=None, enable_nested_tensor=True,
                 mask_check=True):
        super().__init__()
        self.layers = ModuleList([copy.deepcopy(encoder_layer) for _ in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm
        self.enable_nested_tensor = enable_nested_tensor
        self.use_nested_tensor = enable_nested_tensor
        self.mask_check = mask_check
        why_not = _why_not_nested(encoder_layer)
        if enable_nested_tensor and why_not:
            warnings.warn(f"enable_nested_tensor is True, but self.use_nested_tensor is False "
                          f"because {why_not}", stacklevel=2)
            self.use_nested_tensor = False

    def _pads_to_zero(self, src, mask, src_key_padding_mask):
        """Whether torch would run on nested tensors, zeroing the padded positions."""
        first = self.layers[0]
        if not self.use_nested_tensor or first.training or src.dim() != 3:
            return False
        if src_key_padding_mask is None or mask is not None:
            return False
        if self.mask_check and not _left_aligned(src_key_padding_mask.logical_not()):
            return False
        return not _requires_grad((src,) + first._fast_path_tensors())

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        src_key_padding_mask = F._canonical_mask(src_key_padding_mask, 'src_key_padding_mask',
                                                 F._none_or_dtype(mask), 'mask', src.dtype)
        mask = F._canonical_mask(mask, 'mask', None, '', src.dtype, check_other=False)
        padded = None
        if self._pads_to_zero(src, mask, src_key_padding_mask):
            padded = src_key_padding_mask.bool()
        batch_first = self.layers[0].self_attn.batch_first
        is_causal = _detect_is_causal_mask(mask, is_causal, _get_seq_len(src, batch_first))
        output = src
        for layer in self.layers:
            output = layer(output, src_mask=mask, is_causal=is_causal,
                           src_key_padding_mask=src_key_padding_mask)
        if padded is not None:
            output = output.masked_fill(padded.unsqueeze(-1), 0.0)
        if self.norm is not None:
            output = self.norm(output)
        return output
