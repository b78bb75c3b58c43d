"""scaled_dot_product_attention and multi_head_attention_forward against torch: table rows run
through the op table's checks, then what the table cannot express (masks that need no grad,
dropout, backend choice)."""

import numpy as np
import pytest

from tests.ops import test_op_table as table
from tests.opinfo.core import Check, Index, OpInfo, Sample, func

torch = pytest.importorskip('torch')
from torch.nn.attention import SDPBackend, sdpa_kernel  # noqa: E402

SDPA = 'nn.functional.scaled_dot_product_attention'


def _flash_samples(make):
    # 4-D, one head size, no dropout: torch's fused CPU kernel (boolean masks need no grad)
    return [Sample((make(2, 3, 4, 8), make(2, 3, 5, 8), make(2, 3, 5, 8))),
            Sample((make(2, 3, 4, 8), make(2, 3, 5, 8), make(2, 3, 5, 8)), {'is_causal': True}),
            Sample((make(2, 3, 5, 4), make(2, 3, 3, 4), make(2, 3, 3, 4)), {'is_causal': True},
                   note='more queries than keys'),
            Sample((make(1, 2, 4, 8), make(1, 2, 4, 8), make(1, 2, 4, 8)), {'scale': 0.3}),
            Sample((make(2, 3, 4, 8), make(2, 3, 5, 8), make(2, 3, 5, 8)),
                   {'attn_mask': make.mask(4, 5)}, note='2-D bool mask'),
            Sample((make(2, 3, 4, 8), make(2, 3, 5, 8), make(2, 3, 5, 8)),
                   {'attn_mask': make.mask(2, 1, 4, 5)}, note='4-D bool mask'),
            Sample((make(2, 4, 3, 8), make(2, 2, 5, 8), make(2, 2, 5, 8)),
                   {'enable_gqa': True}, note='grouped query'),
            Sample((make(2, 4, 3, 8), make(2, 1, 5, 8), make(2, 1, 5, 8)),
                   {'enable_gqa': True, 'is_causal': True}, note='multi query')]


def _composite_samples(make):
    fully_masked = np.ones((4, 5), dtype=bool)
    fully_masked[1] = False
    return [Sample((make(3, 4, 8), make(3, 5, 8), make(3, 5, 6)), note='3-D'),
            Sample((make(4, 8), make(5, 8), make(5, 8)), {'is_causal': True}, note='2-D'),
            Sample((make(2, 3, 4, 8), make(2, 3, 5, 8), make(2, 3, 5, 6)), note='head sizes'),
            Sample((make(2, 3, 4, 8), make(1, 3, 5, 8), make(2, 3, 5, 8)),
                   note='broadcast batch'),
            Sample((make(2, 3, 4, 8), make(2, 1, 5, 8), make(2, 1, 5, 8)),
                   note='broadcast heads'),
            Sample((make(2, 3, 4, 8), make(2, 3, 5, 8), make(2, 3, 5, 8)),
                   {'attn_mask': make(4, 5)}, note='float mask that needs grad'),
            Sample((make(3, 4, 8), make(3, 5, 8), make(3, 5, 8)),
                   {'attn_mask': make(3, 1, 5), 'scale': -0.5}, note='negative scale'),
            Sample((make(2, 4, 8), make(2, 5, 8), make(2, 5, 8)),
                   {'attn_mask': make.mask(2, 4, 5)}, note='3-D bool mask'),
            Sample((make(4, 8), make(5, 8), make(5, 8)),
                   {'attn_mask': Index(fully_masked)}, note='fully masked row'),
            Sample((make(1, 2, 3, 4, 8), make(1, 2, 3, 5, 8), make(1, 2, 3, 5, 8)),
                   note='5-D'),
            Sample((make(2, 3, 0, 8), make(2, 3, 5, 8), make(2, 3, 5, 8)), note='no queries'),
            Sample((make(2, 3, 4, 8), make(2, 3, 0, 8), make(2, 3, 0, 8)), note='no keys')]


def _errors(make):
    return [Sample((make(2, 4, 8), Index(np.ones((2, 5, 8), dtype=np.int64)), make(2, 5, 8)),
                   note='dtypes'),
            Sample((make(8), make(5, 8), make(5, 8)), note='1-D query'),
            Sample((make(4, 8), make(5, 8), make(5, 8)),
                   {'attn_mask': Index(np.ones((4, 5), dtype=np.int64))}, note='int mask'),
            Sample((make(4, 8), make(5, 8), make(5, 8)),
                   {'attn_mask': make.mask(4, 5), 'is_causal': True}, note='mask and causal'),
            Sample((make(2, 3, 4, 8), make(2, 2, 5, 8), make(2, 2, 5, 8)),
                   {'enable_gqa': True}, note='heads do not divide'),
            Sample((make(3, 4, 8), make(3, 5, 7), make(3, 5, 8)), note='head sizes'),
            Sample((make(3, 4, 8), make(3, 5, 8), make(3, 5, 8)),
                   {'attn_mask': make.mask(4, 6)}, note='mask shape'),
            Sample((make(2, 3, 4, 8), make(2, 3, 5, 8), make(2, 3, 5, 8)),
                   {'attn_mask': make.mask(4, 6)}, note='mask length, fused kernel'),
            Sample((make(2, 3, 4, 8), make(2, 3, 5, 8), make(2, 3, 5, 8)),
                   {'attn_mask': make.mask(3, 3, 4, 5)}, note='mask batch, fused kernel')]


def _multi_head_attention(lib, *args, **kwargs):
    # torch's fused attention kernel has no double backward: torch takes its composite path
    if lib is torch:
        with sdpa_kernel(SDPBackend.MATH):
            return torch.nn.functional.multi_head_attention_forward(*args, **kwargs)
    return lib.nn.functional.multi_head_attention_forward(*args, **kwargs)


def _mha_args(make, query, key, value, bias=True, bias_kv=False, add_zero_attn=False):
    """multi_head_attention_forward's positional arguments, embed_dim 8 and 2 heads."""
    return (query, key, value, 8, 2, make(24, 8), make(24) if bias else None,
            make(1, 1, 8) if bias_kv else None, make(1, 1, 8) if bias_kv else None,
            add_zero_attn, 0.0, make(8, 8), make(8) if bias else None)


def _mha_samples(make):
    separate = {'use_separate_proj_weight': True, 'q_proj_weight': make(8, 8),
                'k_proj_weight': make(8, 3), 'v_proj_weight': make(8, 5)}
    padding = np.zeros((3, 5), dtype=bool)
    padding[:, 3] = True
    padding[1, 1] = True
    causal = np.triu(np.ones((4, 5), dtype=bool), 1)
    return [Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8))),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8)),
                   {'need_weights': False, 'key_padding_mask': Index(padding)}),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8)),
                   {'average_attn_weights': False, 'attn_mask': make(6, 4, 5)}),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 3), make(5, 3, 5), bias=False),
                   dict(separate, key_padding_mask=Index(padding))),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8), bias_kv=True,
                           add_zero_attn=True),
                   {'key_padding_mask': Index(padding), 'attn_mask': Index(causal)}),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8)),
                   {'attn_mask': Index(causal), 'is_causal': True, 'need_weights': False}),
            Sample(_mha_args(make, make(4, 8), make(5, 8), make(5, 8)),
                   {'attn_mask': make(2, 4, 5)}, note='unbatched'),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8)),
                   {'static_k': make(6, 7, 4), 'static_v': make(6, 7, 4)}, note='static')]


def _mha_errors(make):
    return [Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8)),
                   {'static_k': make(5, 7, 4)}, note='static_k batch'),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8)),
                   {'static_v': make(6, 7, 3)}, note='static_v head size'),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8), bias_kv=True),
                   {'static_k': make(6, 7, 4)}, note='bias and static key'),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8))[:7]
                   + (make(1, 1, 8), None, False, 0.0, make(8, 8), make(8)),
                   note='bias_k alone'),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 3), make(5, 3, 5)),
                   {'use_separate_proj_weight': True, 'q_proj_weight': make(8, 8),
                    'k_proj_weight': make(8, 4), 'v_proj_weight': make(8, 5)},
                   note='key weight shape'),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8)),
                   {'use_separate_proj_weight': True, 'q_proj_weight': make(8, 8)},
                   note='missing key weight'),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8)),
                   {'attn_mask': make(4, 5, 1, 1)}, note='4-D mask'),
            Sample(_mha_args(make, make(4, 3, 8), make(5, 3, 8), make(5, 3, 8)),
                   {'attn_mask': make(2, 4, 5)}, note='3-D mask batch')]


OPS = [
    OpInfo('nn.functional.scaled_dot_product_attention[flash]', func(SDPA), _flash_samples,
           errors=_errors,
           skips={Check.SECOND_ORDER: "torch's fused CPU kernel has no double backward"}),
    OpInfo('nn.functional.scaled_dot_product_attention[composite]', func(SDPA),
           _composite_samples),
    # weights of the scale nn.init gives them: with entries up to 2 the attention logits reach
    # the hundreds, and both libraries' float32 results stray from float64 by more than 1e-5
    OpInfo('nn.functional.multi_head_attention_forward', _multi_head_attention, _mha_samples,
           errors=_mha_errors, domain=(-1.0, 1.0)),
]

# each check of the op table, with the dtypes the table runs it in (None: the row's dtypes)
_CHECKS = {table.test_forward: (Check.FORWARD, None),
           table.test_grad_fn: (Check.GRAD_FN, ('float32',)),
           table.test_grad_against_torch: (Check.GRAD, ('float32', 'float64')),
           table.test_noncontiguous: (Check.NONCONTIGUOUS, ('float64',)),
           table.test_gradcheck: (Check.GRADCHECK, ('float64',)),
           table.test_second_order: (Check.SECOND_ORDER, ('float64',)),
           table.test_no_grad: (Check.NO_GRAD, ('float32',))}


def _cases():
    return [pytest.param(op, check, dtype, id=f'{op.name}-{check.__name__}-{dtype}')
            for op in OPS for check, (kind, dtypes) in _CHECKS.items() if op.checks(kind)
            for dtype in op.dtypes if dtypes is None or dtype in dtypes]


@pytest.mark.parametrize('op,check,dtype', _cases())
def test_table(op, check, dtype):
    check(op, dtype)


@pytest.mark.parametrize('op', [op for op in OPS if op.errors is not None],
                         ids=lambda op: op.name)
def test_errors(op):
    table.test_errors(op)
