"""MultiheadAttention, the transformer encoder and scaled_dot_product_attention beyond the
tables: construction, initialisation, grad_fn names, second order, dropout, warnings and
torch's inference-time behaviour."""
import math
import warnings

import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')
from torch.nn.attention import SDPBackend, sdpa_kernel  # noqa: E402


def _pair(make, dtype='float32'):
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        theirs = make(torch.nn).to(getattr(torch, dtype))
        ours = make(ember.nn).to(getattr(ember, dtype))
    ours.load_state_dict({k: ember.tensor(v.detach().numpy())
                          for k, v in theirs.state_dict().items()})
    return ours, theirs


def _same_error(call):
    with pytest.raises(Exception) as expected:
        call(torch)
    with pytest.raises(Exception) as actual:
        call(ember)
    assert type(actual.value) is type(expected.value)
    assert str(actual.value) == str(expected.value)


# --- construction ----------------------------------------------------------------------------

@pytest.mark.parametrize('args', [(0, 2), (8, 0), (-8, 2), (8, 3)])
def test_multihead_attention_construction_errors(args):
    _same_error(lambda lib: lib.nn.MultiheadAttention(*args))


def test_bad_activation_name():
    _same_error(lambda lib: lib.nn.TransformerEncoderLayer(8, 2, activation='tanh'))


def test_activation_kinds():
    for lib in (ember, torch):
        nn = lib.nn
        kinds = [nn.TransformerEncoderLayer(8, 2, activation=activation).activation_relu_or_gelu
                 for activation in ('relu', 'gelu', nn.functional.relu, nn.functional.gelu,
                                    nn.ReLU(), nn.GELU(), nn.functional.silu)]
        assert kinds == [1, 2, 1, 2, 1, 2, 0]


def test_multihead_attention_initialisation():
    ember.manual_seed(0)
    module = ember.nn.MultiheadAttention(64, 4, add_bias_kv=True)
    weight = module.in_proj_weight.detach().numpy()
    bound = math.sqrt(6 / (64 + 3 * 64))
    assert -bound <= weight.min() and weight.max() <= bound
    assert abs(weight.var() / (bound ** 2 / 3) - 1) < 0.1
    assert not module.in_proj_bias.detach().numpy().any()
    assert not module.out_proj.bias.detach().numpy().any()
    out = module.out_proj.weight.detach().numpy()
    assert np.abs(out).max() <= 1 / math.sqrt(64)
    bias_kv = np.concatenate([module.bias_k.detach().numpy().ravel(),
                              module.bias_v.detach().numpy().ravel()])
    assert 0.5 < bias_kv.std() / math.sqrt(2 / (1 + 64)) < 1.5
    separate = ember.nn.MultiheadAttention(8, 2, kdim=3, vdim=5)
    assert separate.in_proj_weight is None and separate._qkv_same_embed_dim is False
    assert [name for name, _ in separate.named_parameters()] == \
        [name for name, _ in torch.nn.MultiheadAttention(8, 2, kdim=3, vdim=5)
         .named_parameters()]


def test_encoder_layers_are_copies():
    encoder = ember.nn.TransformerEncoder(ember.nn.TransformerEncoderLayer(8, 2, 16), 3,
                                          enable_nested_tensor=False)
    weights = [layer.linear1.weight for layer in encoder.layers]
    assert len({id(w) for w in weights}) == 3
    assert all(ember.equal(w, weights[0]) for w in weights)


_NESTED_REASONS = [
    lambda nn: nn.TransformerEncoderLayer(8, 2),
    lambda nn: nn.TransformerEncoderLayer(8, 2, batch_first=True, norm_first=True),
    lambda nn: nn.TransformerEncoderLayer(8, 2, batch_first=True, bias=False),
    lambda nn: nn.TransformerEncoderLayer(8, 2, batch_first=True,
                                          activation=nn.functional.silu),
    lambda nn: nn.TransformerEncoderLayer(8, 1, batch_first=True),
    lambda nn: nn.Linear(8, 8),
]


@pytest.mark.parametrize('make', _NESTED_REASONS)
def test_nested_tensor_warnings(make):
    messages = []
    for lib in (torch, ember):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            lib.nn.TransformerEncoder(make(lib.nn), 2)
        messages.append([str(w.message) for w in caught if 'nested' in str(w.message)])
    assert messages[0] == messages[1] and len(messages[0]) == 1


def test_no_warning_when_nested_tensors_fit():
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        encoder = ember.nn.TransformerEncoder(
            ember.nn.TransformerEncoderLayer(8, 2, batch_first=True), 2)
    assert encoder.use_nested_tensor
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        ember.nn.TransformerEncoder(ember.nn.TransformerEncoderLayer(8, 2), 2,
                                    enable_nested_tensor=False)


def test_mismatched_mask_types_warn():
    messages = []
    for lib in (torch, ember):
        module = lib.nn.MultiheadAttention(8, 2)
        q = lib.zeros(4, 3, 8)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            module(q, q, q, key_padding_mask=lib.zeros(3, 4, dtype=lib.bool),
                   attn_mask=lib.zeros(4, 4))
        messages.append([str(w.message) for w in caught])
    assert messages[0] == messages[1] and len(messages[0]) == 1


# --- grad_fn names and second order ----------------------------------------------------------

def _self_attention_call(need_weights, **kwargs):
    def call(module, x, lib):
        return module(x, x, x, need_weights=need_weights, **kwargs)
    return call


_MASK = np.triu(np.ones((5, 5), dtype=bool), 1)

_CALLS = [
    ('mha', lambda nn: nn.MultiheadAttention(8, 2), _self_attention_call(True)),
    ('mha_no_weights', lambda nn: nn.MultiheadAttention(8, 2), _self_attention_call(False)),
    ('mha_batch_first', lambda nn: nn.MultiheadAttention(8, 2, batch_first=True),
     _self_attention_call(False)),
    ('mha_per_head', lambda nn: nn.MultiheadAttention(8, 2, add_zero_attn=True),
     _self_attention_call(True, average_attn_weights=False)),
    ('mha_unbatched', lambda nn: nn.MultiheadAttention(8, 2),
     lambda module, x, lib: module(x[:, 0], x[:, 0], x[:, 0])),
    ('mha_causal', lambda nn: nn.MultiheadAttention(8, 2),
     lambda module, x, lib: module(x, x, x, need_weights=False, is_causal=True,
                                   attn_mask=lib.tensor(_MASK))),
    ('layer', lambda nn: nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0),
     lambda module, x, lib: module(x)),
    ('layer_norm_first', lambda nn: nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0,
                                                               norm_first=True),
     lambda module, x, lib: module(x, src_mask=lib.tensor(_MASK))),
    ('encoder', lambda nn: nn.TransformerEncoder(
        nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0), 2, norm=nn.LayerNorm(8)),
     lambda module, x, lib: module(x, mask=lib.tensor(_MASK))),
]


def _outputs(value):
    return [t for t in (value if isinstance(value, tuple) else (value,)) if t is not None]


@pytest.mark.parametrize('name,make,call', _CALLS, ids=[row[0] for row in _CALLS])
def test_grad_fn_names(name, make, call):
    ours, theirs = _pair(make)
    x = np.random.default_rng(0).standard_normal((5, 3, 8)).astype('float32')
    expected = _outputs(call(theirs, torch.tensor(x, requires_grad=True), torch))
    actual = _outputs(call(ours, ember.tensor(x, requires_grad=True), ember))
    assert [type(t.grad_fn).__name__ for t in actual] == \
        [type(t.grad_fn).__name__ for t in expected]


@pytest.mark.parametrize('name,make,call', _CALLS, ids=[row[0] for row in _CALLS])
def test_second_order(name, make, call):
    ours, theirs = _pair(make, 'float64')
    x = np.random.default_rng(1).standard_normal((5, 3, 8))
    results = []
    for lib, module in ((ember, ours), (torch, theirs)):
        inputs = lib.tensor(x, requires_grad=True)
        leaves = [inputs] + list(module.parameters())
        # torch's fused kernel has no double backward: torch computes on its composite path
        with sdpa_kernel(SDPBackend.MATH):
            outputs = _outputs(call(module, inputs, lib))
        loss = sum((t * lib.tensor(np.sin(np.arange(t.numel())).reshape(tuple(t.shape)))).sum()
                   for t in outputs)
        first = lib.autograd.grad(loss, leaves, create_graph=True)
        total = sum((g * g).sum() for g in first if g.requires_grad)
        results.append(lib.autograd.grad(total, leaves, allow_unused=True))
    for a, e in zip(*results):
        if e is None:
            assert a is None or not a.numpy().any()
        else:
            np.testing.assert_allclose(a.numpy(), e.numpy(), rtol=1e-8, atol=1e-9)


# --- inference: torch's nested-tensor path ---------------------------------------------------

@pytest.mark.parametrize('norm', [False, True])
def test_encoder_zeroes_padding_like_torchs_nested_tensors(norm):
    def make(nn):
        return nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 2,
                                     norm=nn.LayerNorm(8) if norm else None)
    ours, theirs = _pair(make)
    ours.eval()
    theirs.eval()
    x = np.random.default_rng(2).standard_normal((3, 5, 8)).astype('float32')
    padding = np.zeros((3, 5), dtype=bool)
    padding[0, 3:] = True
    padding[2, :] = True
    with torch.no_grad():
        expected = theirs(torch.tensor(x), src_key_padding_mask=torch.tensor(padding)).numpy()
    with ember.no_grad():
        actual = ours(ember.tensor(x), src_key_padding_mask=ember.tensor(padding)).numpy()
    np.testing.assert_allclose(actual, expected, rtol=2e-5, atol=2e-5)
    # with a graph, or in training, torch computes densely: the padded positions are not zero
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        dense = theirs(torch.tensor(x), src_key_padding_mask=torch.tensor(padding))
    assert dense[0, 4].abs().sum() > 0
    actual = ours(ember.tensor(x), src_key_padding_mask=ember.tensor(padding))
    np.testing.assert_allclose(actual.detach().numpy(), dense.detach().numpy(), rtol=2e-5,
                               atol=2e-5)


def test_encoder_without_left_aligned_padding_computes_densely():
    def make(nn):
        return nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 2)
    ours, theirs = _pair(make)
    ours.eval()
    theirs.eval()
    x = np.random.default_rng(3).standard_normal((2, 5, 8)).astype('float32')
    padding = np.array([[False, True, False, False, True], [True, False, False, False, False]])
    with torch.no_grad():
        expected = theirs(torch.tensor(x), src_key_padding_mask=torch.tensor(padding)).numpy()
    with ember.no_grad():
        actual = ours(ember.tensor(x), src_key_padding_mask=ember.tensor(padding)).numpy()
    assert np.abs(expected).min() > 0
    np.testing.assert_allclose(actual, expected, rtol=2e-5, atol=2e-5)


# --- dropout ---------------------------------------------------------------------------------

def test_attention_weights_dropout_in_training_only():
    ember.manual_seed(0)
    module = ember.nn.MultiheadAttention(16, 4, dropout=0.5)
    x = ember.randn(6, 50, 16)
    _, weights = module(x, x, x, average_attn_weights=False)
    dropped = (weights.detach().numpy() == 0).mean()
    assert 0.45 < dropped < 0.55
    # the kept weights are scaled by 1 / (1 - p): rows still sum to 1 on average
    assert abs(weights.detach().numpy().sum(-1).mean() - 1) < 0.05
    module.eval()
    _, weights = module(x, x, x, average_attn_weights=False)
    np.testing.assert_allclose(weights.detach().numpy().sum(-1), 1, rtol=1e-5)


def test_scaled_dot_product_attention_dropout():
    ember.manual_seed(0)
    q, k = ember.randn(2000, 1, 4, 8), ember.randn(2000, 1, 6, 8)
    v = ember.ones(2000, 1, 6, 1)
    F = ember.nn.functional
    out = F.scaled_dot_product_attention(q, k, v, dropout_p=0.5).numpy()
    # each output is twice the kept attention weights' sum: 1 on average
    assert abs(out.mean() - 1) < 0.02 and out.std() > 0.1
    assert not F.scaled_dot_product_attention(q, k, v, dropout_p=1.0).numpy().any()
    q.requires_grad_()
    out = F.scaled_dot_product_attention(q, k, v, dropout_p=0.3)
    assert type(out.grad_fn).__name__ == 'UnsafeViewBackward0'


# --- scaled_dot_product_attention: what the op table cannot express --------------------------

@pytest.mark.parametrize('mask_shape', [(4, 5), (2, 1, 4, 5), (3, 4, 5)])
@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_float_mask_without_grad(mask_shape, dtype):
    rng = np.random.default_rng(4)
    arrays = [rng.standard_normal(s).astype(dtype) for s in ((2, 3, 4, 8), (2, 3, 5, 8),
                                                             (2, 3, 5, 8))]
    mask = rng.standard_normal(mask_shape).astype(dtype)
    mask[..., 1, :] = -math.inf
    results = []
    for lib in (ember, torch):
        tensors = [lib.tensor(a, requires_grad=True) for a in arrays]
        out = lib.nn.functional.scaled_dot_product_attention(*tensors,
                                                             attn_mask=lib.tensor(mask))
        grads = lib.autograd.grad((out * lib.tensor(np.cos(np.arange(out.numel())).reshape(
            tuple(out.shape)).astype(dtype))).sum(), tensors)
        results.append((type(out.grad_fn).__name__, out.detach().numpy(), grads))
    assert results[0][0] == results[1][0]
    tolerance = 2e-5 if dtype == 'float32' else 1e-10
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=tolerance, atol=tolerance)
    for a, e in zip(results[0][2], results[1][2]):
        np.testing.assert_allclose(a.numpy(), e.numpy(), rtol=tolerance, atol=tolerance)


def test_float32_mask_with_float64_inputs():
    rng = np.random.default_rng(5)
    q = rng.standard_normal((1, 2, 3, 4))
    mask = rng.standard_normal((3, 3)).astype('float32')
    results = [lib.nn.functional.scaled_dot_product_attention(
        lib.tensor(q), lib.tensor(q), lib.tensor(q), attn_mask=lib.tensor(mask)).numpy()
        for lib in (ember, torch)]
    np.testing.assert_allclose(results[0], results[1], rtol=1e-7)
