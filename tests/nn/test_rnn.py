"""Recurrent layers beyond the module table: construction errors, initialisation, grad_fn
names, gradients of some outputs only, second order, dropout between layers."""
import math
import warnings

import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')


def _pair(make, dtype='float32'):
    torch.manual_seed(0)
    theirs = make(torch.nn).to(getattr(torch, dtype))
    ours = make(ember.nn).to(getattr(ember, dtype))
    ours.load_state_dict({k: ember.tensor(v.detach().numpy())
                          for k, v in theirs.state_dict().items()})
    return ours, theirs


def _flat(value):
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _flat(v)]
    return [value]


def _inputs(lib, arrays, dtype):
    return [lib.tensor(a.astype(dtype), requires_grad=True) for a in arrays]


def _call(module, inputs, shapes):
    """The module on the first input, with the state built from the others as `shapes`
    says: None (no state), 1 (h) or 2 ((h, c))."""
    if shapes is None:
        return module(inputs[0])
    if shapes == 1:
        return module(inputs[0], inputs[1])
    return module(inputs[0], (inputs[1], inputs[2]))


_LAYERS = [
    ('LSTM', lambda nn: nn.LSTM(3, 5, 2, bidirectional=True), [(4, 2, 3), (4, 2, 5), (4, 2, 5)],
     2),
    ('LSTM_batch_first', lambda nn: nn.LSTM(3, 5, batch_first=True), [(2, 4, 3)], None),
    ('LSTM_proj', lambda nn: nn.LSTM(3, 5, 2, proj_size=2), [(4, 2, 3), (2, 2, 2), (2, 2, 5)],
     2),
    ('GRU', lambda nn: nn.GRU(3, 5, 2, bidirectional=True), [(4, 2, 3), (4, 2, 5)], 1),
    ('RNN_relu', lambda nn: nn.RNN(3, 5, 2, nonlinearity='relu'), [(4, 3), (2, 5)], 1),
]


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
@pytest.mark.parametrize('name,make,shapes,state', _LAYERS, ids=[row[0] for row in _LAYERS])
def test_grad_fn_names(name, make, shapes, state, dtype):
    ours, theirs = _pair(make, dtype)
    arrays = [np.random.default_rng(0).standard_normal(s) for s in shapes]
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)  # torch: projections are not oneDNN's
        expected = _flat(_call(theirs, _inputs(torch, arrays, dtype), state))
    actual = _flat(_call(ours, _inputs(ember, arrays, dtype), state))
    assert [type(t.grad_fn).__name__ for t in actual] == \
        [type(t.grad_fn).__name__ for t in expected]


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
@pytest.mark.parametrize('which', [0, 1, 2])
@pytest.mark.parametrize('name,make,shapes,state', _LAYERS, ids=[row[0] for row in _LAYERS])
def test_gradients_of_one_output(name, make, shapes, state, which, dtype):
    """Backpropagation from the output alone, h_n alone or c_n alone."""
    ours, theirs = _pair(make, dtype)
    rng = np.random.default_rng(1)
    arrays = [rng.standard_normal(s) for s in shapes]
    grads = []
    for lib, module in ((ember, ours), (torch, theirs)):
        inputs = _inputs(lib, arrays, dtype)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', UserWarning)
            outputs = _flat(_call(module, inputs, state))
        if which >= len(outputs):
            pytest.skip('the layer has no cell state')
        target = outputs[which]
        weight = lib.tensor(np.cos(np.arange(target.numel())).reshape(tuple(target.shape)),
                            dtype=target.dtype)
        grads.append(lib.autograd.grad((target * weight).sum(),
                                       inputs + list(module.parameters()), allow_unused=True))
    tolerance = 1e-5 if dtype == 'float32' else 1e-10
    for a, e in zip(*grads):
        if e is None:
            assert a is None or not a.numpy().any()
        else:
            np.testing.assert_allclose(a.numpy(), e.numpy(), rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
@pytest.mark.parametrize('name,make,shapes,state', _LAYERS, ids=[row[0] for row in _LAYERS])
def test_second_order(name, make, shapes, state, dtype):
    ours, theirs = _pair(make, dtype)
    rng = np.random.default_rng(2)
    arrays = [rng.standard_normal(s) for s in shapes]
    results = []
    for lib, module in ((ember, ours), (torch, theirs)):
        inputs = _inputs(lib, arrays, dtype)
        leaves = inputs + list(module.parameters())
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', UserWarning)
            outputs = _flat(_call(module, inputs, state))
        loss = sum((t * lib.tensor(np.sin(np.arange(t.numel())).reshape(tuple(t.shape)),
                                   dtype=t.dtype)).sum() for t in outputs)
        first = lib.autograd.grad(loss, leaves, create_graph=True)
        total = sum((g * g).sum() for g in first)
        results.append(lib.autograd.grad(total, leaves))
    tolerance = 1e-4 if dtype == 'float32' else 1e-9
    for a, e in zip(*results):
        np.testing.assert_allclose(a.numpy(), e.numpy(), rtol=tolerance, atol=tolerance)


def test_cells_second_order():
    for make, shapes in ((lambda nn: nn.LSTMCell(3, 4), 2), (lambda nn: nn.GRUCell(3, 4), 1),
                         (lambda nn: nn.RNNCell(3, 4, nonlinearity='relu'), 1)):
        ours, theirs = _pair(make, 'float64')
        rng = np.random.default_rng(3)
        arrays = [rng.standard_normal((2, 3))] + [rng.standard_normal((2, 4))] * shapes
        results = []
        for lib, module in ((ember, ours), (torch, theirs)):
            inputs = _inputs(lib, arrays, 'float64')
            outputs = _flat(_call(module, inputs, shapes))
            leaves = inputs + list(module.parameters())
            first = lib.autograd.grad(sum((t.sin()).sum() for t in outputs), leaves,
                                      create_graph=True)
            results.append(lib.autograd.grad(sum((g * g).sum() for g in first), leaves))
        for a, e in zip(*results):
            np.testing.assert_allclose(a.numpy(), e.numpy(), rtol=1e-9, atol=1e-9)


# --- construction ----------------------------------------------------------------------------

_BAD_ARGUMENTS = [
    ('RNN', (4, 6), {'nonlinearity': 'sigmoid'}),
    ('RNN', (4, 6), {'proj_size': 2}),
    ('GRU', (4, 6), {'proj_size': 2}),
    ('LSTM', (4, 6), {'proj_size': 6}),
    ('LSTM', (4, 6), {'proj_size': -1}),
    ('LSTM', (4, 6), {'dropout': 1.5}),
    ('LSTM', (4, 6), {'dropout': True}),
    ('LSTM', (4, 6), {'dropout': '0.1'}),
    ('LSTM', (4, 0), {}),
    ('LSTM', (0, 6), {}),
    ('LSTM', (4.0, 6), {}),
    ('LSTM', (4, 6.0), {}),
    ('LSTM', (4, 6), {'num_layers': 0}),
    ('GRU', (4, 6), {'bias': 1}),
    ('GRU', (4, 6), {'batch_first': None}),
]


@pytest.mark.parametrize('name,args,kwargs', _BAD_ARGUMENTS)
def test_construction_errors(name, args, kwargs):
    with pytest.raises(Exception) as expected:
        getattr(torch.nn, name)(*args, **kwargs)
    with pytest.raises(Exception) as actual:
        getattr(ember.nn, name)(*args, **kwargs)
    assert type(actual.value) is type(expected.value)
    assert str(actual.value) == str(expected.value)


def test_dropout_with_one_layer_warns():
    with pytest.warns(UserWarning) as expected:
        torch.nn.GRU(4, 6, dropout=0.5)
    with pytest.warns(UserWarning) as actual:
        ember.nn.GRU(4, 6, dropout=0.5)
    assert str(actual[0].message) == str(expected[0].message)


def test_input_dtype_must_match_weights():
    ours, theirs = _pair(lambda nn: nn.LSTM(4, 6))
    for lib, module in ((torch, theirs), (ember, ours)):
        with pytest.raises(ValueError) as error:
            module(lib.zeros(2, 3, 4, dtype=lib.float64))
        if lib is torch:
            message = str(error.value)
    assert str(error.value) == message


@pytest.mark.parametrize('make,hidden', [
    (lambda nn: nn.LSTM(3, 16, 2, proj_size=4, bidirectional=True), 16),
    (lambda nn: nn.GRU(3, 25, bias=False), 25),
    (lambda nn: nn.RNN(3, 9), 9),
    (lambda nn: nn.LSTMCell(3, 16), 16),
    (lambda nn: nn.GRUCell(3, 4), 4),
    (lambda nn: nn.RNNCell(3, 100, nonlinearity='relu'), 100),
])
def test_initialisation_is_uniform_in_one_over_sqrt_hidden(make, hidden):
    ember.manual_seed(0)
    module = make(ember.nn)
    bound = 1 / math.sqrt(hidden)
    values = np.concatenate([p.detach().numpy().ravel() for p in module.parameters()])
    assert values.min() >= -bound and values.max() <= bound
    # uniform on [-bound, bound]: mean 0, variance bound^2 / 3
    assert abs(values.mean()) < 4 * bound / math.sqrt(3 * values.size)
    assert abs(values.var() / (bound ** 2 / 3) - 1) < 0.15
    assert [tuple(p.shape) for p in module.parameters()] == \
        [tuple(p.shape) for p in make(torch.nn).parameters()]


def test_weight_lists_and_dtype_conversion():
    ours, theirs = _pair(lambda nn: nn.LSTM(3, 5, 2, proj_size=2, bidirectional=True))
    assert ours._flat_weights_names == theirs._flat_weights_names
    assert ours._all_weights == theirs._all_weights
    assert [[tuple(w.shape) for w in layer] for layer in ours.all_weights] == \
        [[tuple(w.shape) for w in layer] for layer in theirs.all_weights]
    ours.double()
    assert all(w.dtype == ember.float64 for w in ours._flat_weights)
    output, (h, c) = ours(ember.zeros(4, 2, 3, dtype=ember.float64))
    assert output.dtype == h.dtype == c.dtype == ember.float64
    assert tuple(h.shape) == (4, 2, 2) and tuple(c.shape) == (4, 2, 5)


def test_no_grad_records_nothing():
    module = ember.nn.LSTM(3, 5, 2)
    with ember.no_grad():
        output, (h, c) = module(ember.randn(4, 2, 3))
    assert output.grad_fn is None and h.grad_fn is None and not c.requires_grad


# --- dropout between layers ------------------------------------------------------------------

@pytest.mark.parametrize('make', [lambda nn: nn.LSTM(3, 5, 3, dropout=1.0),
                                  lambda nn: nn.GRU(3, 5, 2, dropout=1.0, bidirectional=True),
                                  lambda nn: nn.LSTM(3, 5, 2, dropout=1.0).double()])
def test_dropout_of_one_cuts_the_layers_apart(make):
    """p=1 zeroes every layer's input but the first's: deterministic, so comparable."""
    ours, theirs = _pair(make)
    dtype = str(next(theirs.parameters()).dtype).split('.')[1]
    x = np.random.default_rng(4).standard_normal((4, 2, 3)).astype(dtype)
    expected = _flat(theirs(torch.tensor(x)))
    actual = _flat(ours(ember.tensor(x)))
    for a, e in zip(actual, expected):
        np.testing.assert_allclose(a.detach().numpy(), e.detach().numpy(), rtol=1e-5,
                                   atol=1e-6)


def test_dropout_between_layers_only_in_training():
    ember.manual_seed(0)
    module = ember.nn.GRU(3, 64, 2, dropout=0.5)
    x = ember.randn(5, 4, 3)
    module.eval()
    assert ember.equal(module(x)[0], module(x)[0])
    module.train()
    first, second = module(x)[0], module(x)[0]
    assert not ember.equal(first, second)
    # the first layer's final state does not pass through dropout
    assert ember.equal(module(x)[1][0], module(x)[1][0])


def test_dropout_between_layers_scales_the_kept_values():
    """Dropout with p=0.5 zeroes about half of the second layer's input and doubles the rest:
    seen through a second layer whose input weights are the identity and whose recurrence
    is off, the output is 2 * relu(h1) or 0."""
    ember.manual_seed(0)
    module = ember.nn.RNN(4, 4, 2, nonlinearity='relu', dropout=0.5)
    with ember.no_grad():
        for name, p in module.named_parameters():
            p.zero_()
        module.weight_ih_l0.copy_(ember.eye(4))
        module.weight_ih_l1.copy_(ember.eye(4))
    x = ember.rand(200, 50, 4) + 0.5
    output = module(x)[0].detach().numpy()
    expected = x.numpy()
    kept = output != 0
    assert 0.45 < kept.mean() < 0.55
    np.testing.assert_allclose(output[kept], 2 * expected[kept], rtol=1e-6)
