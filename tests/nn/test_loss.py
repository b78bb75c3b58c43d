"""Loss behaviour the op and module tables do not cover: arguments that must not require grad,
warnings, the graph of first derivatives, mixed dtypes, and torch's quirks."""
import warnings

import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')


def _pair(array, requires_grad=False, dtype=None):
    e, t = ember.tensor(array), torch.tensor(array)
    if dtype is not None:
        e, t = e.to(getattr(ember, dtype)), t.to(getattr(torch, dtype))
    if requires_grad:
        e.requires_grad_()
        t.requires_grad_()
    return e, t


def _raises_alike(ember_call, torch_call):
    with pytest.raises(Exception) as expected:
        torch_call()
    with pytest.raises(Exception) as actual:
        ember_call()
    assert type(actual.value) is type(expected.value)
    assert str(actual.value) == str(expected.value)


def _close(e, t, rtol=1e-6, atol=1e-7):
    assert str(e.dtype) == str(t.dtype)
    assert tuple(e.shape) == tuple(t.shape)
    np.testing.assert_allclose(e.detach().numpy(), t.detach().numpy(), rtol=rtol, atol=atol)


RNG = np.random.default_rng(0)
LOGITS = RNG.standard_normal((4, 5))
CLASSES = np.array([0, 3, 1, 4])
PROBS = RNG.uniform(0.1, 0.9, (4, 5))


@pytest.mark.parametrize('name,call', [
    ('nll weight', lambda lib, x, w: lib.nn.functional.nll_loss(x, lib.tensor(CLASSES), w)),
    ('cross_entropy weight',
     lambda lib, x, w: lib.nn.functional.cross_entropy(x, lib.tensor(CLASSES), w)),
    ('4-d nll weight', lambda lib, x, w: lib.nn.functional.nll_loss(
        x.reshape(2, 5, 2, 1), lib.zeros(2, 2, 1, dtype=lib.long), w)),
    ('bce weight', lambda lib, x, w: lib.nn.functional.binary_cross_entropy(
        x.sigmoid(), x.detach().sigmoid(), w)),
    ('bce logits weight', lambda lib, x, w: lib.nn.functional.binary_cross_entropy_with_logits(
        x, x.detach().sigmoid(), w)),
    ('bce logits pos_weight',
     lambda lib, x, w: lib.nn.functional.binary_cross_entropy_with_logits(
         x, x.detach().sigmoid(), pos_weight=w)),
    ('soft margin target', lambda lib, x, w: lib.nn.functional.soft_margin_loss(
        x, w.expand(4, 5))),
    ('batch norm running_mean', lambda lib, x, w: lib.nn.functional.batch_norm(
        x, w, lib.ones(5, dtype=lib.float64), training=True)),
])
def test_arguments_that_must_not_require_grad(name, call):
    weights = RNG.uniform(0.5, 1.5, 5)
    ex, tx = _pair(LOGITS, True)
    ew, tw = _pair(weights, True)
    _raises_alike(lambda: call(ember, ex, ew), lambda: call(torch, tx, tw))
    # without grad mode nothing is recorded, so nothing is refused
    with torch.no_grad():
        expected = call(torch, tx, tw)
    with ember.no_grad():
        actual = call(ember, ex, ew)
    _close(actual, expected)


def test_first_derivatives_record_torch_nodes():
    for name, node in (('mse_loss', 'MseLossBackwardBackward0'),
                       ('nll_loss', 'NllLossBackwardBackward0')):
        ex, tx = _pair(LOGITS, True)
        if name == 'mse_loss':
            args = {ember: (ex, ember.tensor(PROBS)), torch: (tx, torch.tensor(PROBS))}
        else:
            args = {ember: (ex, ember.tensor(CLASSES)), torch: (tx, torch.tensor(CLASSES))}
        results = []
        for lib in (ember, torch):
            loss = getattr(lib.nn.functional, name)(*args[lib])
            grad, = lib.autograd.grad(loss, args[lib][0], create_graph=True)
            results.append(type(grad.grad_fn).__name__)
        assert results == [node, node]
    ex, tx = _pair(LOGITS.reshape(2, 5, 2, 1), True)
    target = np.zeros((2, 2, 1), dtype=np.int64)
    names = []
    for lib, x in ((ember, ex), (torch, tx)):
        loss = lib.nn.functional.nll_loss(x, lib.tensor(target))
        grad, = lib.autograd.grad(loss, x, create_graph=True)
        names.append(type(grad.grad_fn).__name__)
    assert names == ['NllLoss2DBackwardBackward0'] * 2


def test_nll_loss_one_dimensional_input_with_a_one_element_target():
    # torch accepts the target shape (1,) for 1-d input (and cannot differentiate it)
    ex, tx = _pair(LOGITS[0])
    for reduction in ('none', 'mean', 'sum'):
        _close(ember.nn.functional.nll_loss(ex, ember.tensor([3]), reduction=reduction),
               torch.nn.functional.nll_loss(tx, torch.tensor([3]), reduction=reduction))


def _catch(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        call()
    return [(w.category, str(w.message)) for w in caught]


@pytest.mark.parametrize('call', [
    lambda lib: lib.nn.functional.mse_loss(lib.ones(3, 4), lib.ones(4)),
    lambda lib: lib.nn.functional.l1_loss(lib.ones(4), lib.ones(3, 4)),
    lambda lib: lib.nn.functional.huber_loss(lib.ones(3, 4), lib.ones(1, 4)),
    lambda lib: lib.nn.functional.mse_loss(lib.ones(3), lib.ones(3), size_average=False),
    lambda lib: lib.nn.functional.cross_entropy(lib.ones(2, 3), lib.ones(2, dtype=lib.long),
                                                reduce=False),
    lambda lib: lib.nn.functional.kl_div(lib.ones(3), lib.ones(3)),
    lambda lib: lib.nn.functional.mse_loss(lib.ones(3), lib.ones(3),
                                           reduction='elementwise_mean'),
    lambda lib: lib.nn.MSELoss(size_average=False, reduce=True),
    lambda lib: lib.nn.InstanceNorm1d(4)(lib.ones(2, 3, 5)),
])
def test_warnings(call):
    assert _catch(lambda: call(ember)) == _catch(lambda: call(torch))


def test_legacy_reduction_arguments_of_layers():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for kwargs in ({'size_average': False}, {'reduce': False}, {'size_average': True},
                       {'reduce': True, 'size_average': False}):
            for name in ('MSELoss', 'L1Loss', 'NLLLoss', 'CrossEntropyLoss', 'BCELoss',
                         'KLDivLoss', 'SoftMarginLoss', 'HingeEmbeddingLoss'):
                assert getattr(ember.nn, name)(**kwargs).reduction == \
                    getattr(torch.nn, name)(**kwargs).reduction


def test_layer_buffers_and_attributes():
    weight = np.array([1.0, 2.0, 0.5])
    for name, kwargs in (('CrossEntropyLoss', {'weight': weight}),
                         ('NLLLoss', {'weight': weight, 'ignore_index': 2}),
                         ('BCELoss', {'weight': weight}),
                         ('BCEWithLogitsLoss', {'pos_weight': weight}),
                         ('MultiLabelSoftMarginLoss', {'weight': weight})):
        ours = getattr(ember.nn, name)(**{k: ember.tensor(v) if isinstance(v, np.ndarray) else v
                                          for k, v in kwargs.items()})
        theirs = getattr(torch.nn, name)(**{k: torch.tensor(v) if isinstance(v, np.ndarray)
                                            else v for k, v in kwargs.items()})
        assert list(ours.state_dict()) == list(theirs.state_dict())
        assert list(ours._buffers) == list(theirs._buffers)
        assert repr(ours) == repr(theirs)
    with pytest.raises(ValueError, match='expected margin to be greater than 0, got 0 instead'):
        ember.nn.TripletMarginLoss(margin=0)


@pytest.mark.parametrize('name,a,b', [
    ('mse_loss', 'float32', 'float64'), ('mse_loss', 'float64', 'float32'),
    ('smooth_l1_loss', 'float32', 'float64'), ('huber_loss', 'float32', 'float64'),
    ('huber_loss', 'float64', 'float32'), ('soft_margin_loss', 'float32', 'float64'),
    ('soft_margin_loss', 'float64', 'float32'), ('kl_div', 'float32', 'float64'),
    ('binary_cross_entropy_with_logits', 'float32', 'float64'),
    ('binary_cross_entropy_with_logits', 'float64', 'float32'),
    ('mse_loss', 'float32', 'int64'), ('huber_loss', 'float32', 'bool'),
    ('mse_loss', 'int64', 'int64'), ('huber_loss', 'int64', 'float32'),
    ('huber_loss', 'int64', 'int64'), ('smooth_l1_loss', 'int64', 'int64'),
    ('soft_margin_loss', 'int64', 'float32'), ('kl_div', 'float32', 'int64'),
    ('binary_cross_entropy', 'float32', 'float64'), ('binary_cross_entropy', 'int64', 'int64'),
    ('binary_cross_entropy_with_logits', 'float32', 'int64'),
    ('binary_cross_entropy_with_logits', 'float32', 'bool'),
    ('binary_cross_entropy_with_logits', 'int64', 'float32'),
])
def test_mixed_dtypes(name, a, b):
    x = RNG.uniform(0.1, 0.9, (3, 4))
    ex, tx = _pair(x, dtype=a)
    ey, ty = _pair(1 - x, dtype=b)
    call = getattr(torch.nn.functional, name)
    try:
        expected = call(tx, ty)
    except Exception:
        _raises_alike(lambda: getattr(ember.nn.functional, name)(ex, ey), lambda: call(tx, ty))
        return
    _close(getattr(ember.nn.functional, name)(ex, ey), expected, rtol=1e-5, atol=1e-6)


def test_binary_cross_entropy_at_the_ends():
    # log is floored at -100 and the derivative's denominator at 1e-12, as in torch
    values = np.array([0.0, 1.0, 0.0, 1.0])
    targets = np.array([0.3, 0.6, 1.0, 0.0])
    ex, tx = _pair(values, True)
    for lib, x in ((ember, ex), (torch, tx)):
        lib.nn.functional.binary_cross_entropy(x, lib.tensor(targets), reduction='sum').backward()
    _close(ex.grad, tx.grad)
    _close(ember.nn.functional.binary_cross_entropy(ex, ember.tensor(targets), reduction='none'),
           torch.nn.functional.binary_cross_entropy(tx, torch.tensor(targets), reduction='none'))


def test_nll_loss_gradient_ignores_weights_of_ignored_targets():
    weight = np.array([0.5, 2.0, 1.0, 3.0, 0.25])
    target = np.array([0, -100, 4, 4])
    ex, tx = _pair(LOGITS, True)
    for lib, x in ((ember, ex), (torch, tx)):
        loss = lib.nn.functional.cross_entropy(x, lib.tensor(target), lib.tensor(weight),
                                               label_smoothing=0.2)
        loss.backward()
    _close(ex.grad, tx.grad)


def test_training_steps_with_cross_entropy_match_torch():
    rng = np.random.default_rng(3)
    w = rng.standard_normal((5, 3))
    data = rng.standard_normal((6, 5))
    labels = rng.integers(0, 3, 6)
    results = []
    for lib in (ember, torch):
        weight = lib.tensor(w, requires_grad=True)
        for _ in range(5):
            loss = lib.nn.CrossEntropyLoss()(lib.tensor(data) @ weight, lib.tensor(labels))
            loss.backward()
            with lib.no_grad():
                weight -= 0.5 * weight.grad
                weight.grad = None
        results.append(weight.detach().numpy().copy())
    np.testing.assert_allclose(results[0], results[1], rtol=1e-10, atol=1e-12)
