"""Rows for MultiheadAttention and the transformer encoder."""
import numpy as np

from tests.nn.moduleinfo.core import Index, ModuleInfo, arrays


def _padding(batch, length, seed=0):
    """A boolean key padding mask (True: ignored) that leaves every row a key to attend to."""
    mask = np.random.default_rng(seed).random((batch, length)) > 0.6
    mask[:, 0] = False
    return Index(mask)


def _left_padding(batch, length):
    mask = np.zeros((batch, length), dtype=bool)
    for row in range(batch):
        mask[row, length - row:] = True
    return Index(mask)


def _causal(size):
    return Index(np.triu(np.ones((size, size), dtype=bool), 1))


def _self_attention(nn, **kwargs):
    """A module that hands one input to MultiheadAttention as query, key and value: the
    self-attention form torch computes with one input projection."""
    class SelfAttention(nn.Module):
        def __init__(self):
            super().__init__()
            self.attn = nn.MultiheadAttention(8, 2, **kwargs)

        def forward(self, x, key_padding_mask=None, attn_mask=None, is_causal=False):
            return self.attn(x, x, x, key_padding_mask=key_padding_mask, need_weights=False,
                             attn_mask=attn_mask, is_causal=is_causal)
    return SelfAttention()


def _mha_errors(rng):
    q, k, v = arrays(rng, 4, 3, 8), arrays(rng, 5, 3, 8), arrays(rng, 5, 3, 8)
    return [(arrays(rng, 4, 3, 6), arrays(rng, 5, 3, 6), arrays(rng, 5, 3, 6)),  # embed dim
            (q, k, arrays(rng, 6, 3, 8)),                                    # key vs value
            (arrays(rng, 4, 3, 8, 1), k, v),                                 # 4-D query
            (q, arrays(rng, 5, 8), v),                                       # 2-D key
            (q, k, v, Index(np.zeros((3, 4), dtype=bool))),                  # padding length
            (q, k, v, Index(np.zeros((2, 5), dtype=bool))),                  # padding batch
            (q, k, v, Index(np.zeros((3, 5, 1), dtype=bool))),               # 3-D padding
            (q, k, v, None, True, Index(np.zeros((4, 4), dtype=bool))),      # 2-D mask shape
            (q, k, v, None, True, Index(np.zeros((3, 4, 5), dtype=bool))),   # 3-D mask shape
            (q, k, v, None, True, Index(np.zeros((1, 6, 4, 5), dtype=bool))),  # 4-D mask
            (q, k, v, Index(np.zeros((3, 5), dtype=np.int64))),              # int padding
            (q, k, v, None, False, None, True, True),                        # causal, no mask
            (arrays(rng, 4, 8), arrays(rng, 5, 8), arrays(rng, 5, 8), None, True,
             Index(np.zeros((3, 4, 5), dtype=bool)))]                        # unbatched 3-D


def _layer_errors(rng):
    return [(arrays(rng, 5, 3, 6),), (arrays(rng, 5, 3, 8, 1),), (arrays(rng, 8),),
            (arrays(rng, 5, 3, 8), Index(np.zeros((4, 4), dtype=bool))),
            (arrays(rng, 5, 3, 8), None, Index(np.zeros((3, 4), dtype=bool)))]


def _kwargs_mha(**kwargs):
    return lambda nn: nn.MultiheadAttention(8, 2, **kwargs)


MODULES = [
    ModuleInfo('MultiheadAttention', _kwargs_mha(),
               lambda rng: (arrays(rng, 4, 3, 8), arrays(rng, 5, 3, 8), arrays(rng, 5, 3, 8)),
               errors=_mha_errors),
    ModuleInfo('MultiheadAttention_batch_first_padding', _kwargs_mha(batch_first=True),
               lambda rng: (arrays(rng, 3, 4, 8), arrays(rng, 3, 5, 8), arrays(rng, 3, 5, 8),
                            _padding(3, 5))),
    ModuleInfo('MultiheadAttention_kdim_vdim_bias_kv_zero_attn',
               _kwargs_mha(kdim=3, vdim=5, bias=False, add_bias_kv=True, add_zero_attn=True),
               lambda rng: (arrays(rng, 4, 3, 8), arrays(rng, 6, 3, 3), arrays(rng, 6, 3, 5),
                            _padding(3, 6), True, arrays(rng, 4, 6))),
    ModuleInfo('MultiheadAttention_separate_weights_no_need_weights',
               _kwargs_mha(kdim=3, vdim=5),
               lambda rng: (arrays(rng, 4, 3, 8), arrays(rng, 6, 3, 3), arrays(rng, 6, 3, 5),
                            _padding(3, 6), False)),
    ModuleInfo('MultiheadAttention_per_head_weights_3d_mask', _kwargs_mha(),
               lambda rng: (arrays(rng, 4, 3, 8), arrays(rng, 5, 3, 8), arrays(rng, 5, 3, 8),
                            None, True, arrays(rng, 6, 4, 5), False)),
    ModuleInfo('MultiheadAttention_unbatched', _kwargs_mha(add_bias_kv=True),
               lambda rng: (arrays(rng, 4, 8), arrays(rng, 5, 8), arrays(rng, 5, 8),
                            None, True, arrays(rng, 2, 4, 5))),
    ModuleInfo('MultiheadAttention_unbatched_padding_no_weights', _kwargs_mha(),
               lambda rng: (arrays(rng, 4, 8), arrays(rng, 5, 8), arrays(rng, 5, 8),
                            Index(np.array([False, True, False, False, True])), False)),
    ModuleInfo('MultiheadAttention_float_padding_and_mask', _kwargs_mha(),
               lambda rng: (arrays(rng, 4, 3, 8), arrays(rng, 5, 3, 8), arrays(rng, 5, 3, 8),
                            arrays(rng, 3, 5), True, arrays(rng, 4, 5))),
    ModuleInfo('MultiheadAttention_dropout_eval', _kwargs_mha(dropout=0.4),
               lambda rng: (arrays(rng, 4, 3, 8), arrays(rng, 5, 3, 8), arrays(rng, 5, 3, 8)),
               train=False),
    ModuleInfo('MultiheadAttention_self', lambda nn: _self_attention(nn, batch_first=True),
               lambda rng: (arrays(rng, 3, 5, 8), _padding(3, 5, seed=1))),
    ModuleInfo('MultiheadAttention_self_causal', lambda nn: _self_attention(nn),
               lambda rng: (arrays(rng, 5, 3, 8), None, _causal(5), True)),
    ModuleInfo('MultiheadAttention_self_causal_padding', lambda nn: _self_attention(nn),
               lambda rng: (arrays(rng, 5, 3, 8), _padding(3, 5, seed=2), _causal(5), True)),
    ModuleInfo('TransformerEncoderLayer',
               lambda nn: nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0),
               lambda rng: (arrays(rng, 5, 3, 8),), errors=_layer_errors),
    ModuleInfo('TransformerEncoderLayer_masks_norm_first_gelu',
               lambda nn: nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation='gelu',
                                                     batch_first=True, norm_first=True),
               lambda rng: (arrays(rng, 3, 5, 8), arrays(rng, 5, 5), _padding(3, 5))),
    ModuleInfo('TransformerEncoderLayer_callable_activation_no_bias',
               lambda nn: nn.TransformerEncoderLayer(8, 4, 12, dropout=0.0,
                                                     activation=nn.functional.silu, bias=False,
                                                     layer_norm_eps=1e-3),
               lambda rng: (arrays(rng, 5, 3, 8), _causal(5), None, True)),
    ModuleInfo('TransformerEncoderLayer_module_activation_unbatched',
               lambda nn: nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0,
                                                     activation=nn.GELU(approximate='tanh')),
               lambda rng: (arrays(rng, 5, 8), None, Index(np.array([0, 0, 0, 1, 1], bool)))),
    ModuleInfo('TransformerEncoderLayer_dropout_eval',
               lambda nn: nn.TransformerEncoderLayer(8, 2, 16, batch_first=True),
               lambda rng: (arrays(rng, 3, 5, 8),), train=False),
    ModuleInfo('TransformerEncoder',
               lambda nn: nn.TransformerEncoder(
                   nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0), 2),
               lambda rng: (arrays(rng, 5, 3, 8),)),
    ModuleInfo('TransformerEncoder_norm_causal_mask',
               lambda nn: nn.TransformerEncoder(
                   nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, norm_first=True), 2,
                   norm=nn.LayerNorm(8), enable_nested_tensor=False),
               lambda rng: (arrays(rng, 5, 3, 8), _causal(5))),
    ModuleInfo('TransformerEncoder_batch_first_padding',
               lambda nn: nn.TransformerEncoder(
                   nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 3,
                   norm=nn.LayerNorm(8)),
               lambda rng: (arrays(rng, 3, 5, 8), None, _left_padding(3, 5)), train=False),
]
