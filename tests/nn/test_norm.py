"""Normalization behaviour the op and module tables do not cover: running statistics over many
steps, old checkpoints, mixed dtypes, and inputs where torch cannot differentiate twice."""
import itertools

import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')

RNG = np.random.default_rng(0)


def _close(e, t, rtol=1e-6, atol=1e-7):
    assert str(e.dtype) == str(t.dtype)
    assert tuple(e.shape) == tuple(t.shape)
    np.testing.assert_allclose(e.detach().numpy(), t.detach().numpy(), rtol=rtol, atol=atol)


def _raises_alike(ember_call, torch_call):
    with pytest.raises(Exception) as expected:
        torch_call()
    with pytest.raises(Exception) as actual:
        ember_call()
    assert type(actual.value) is type(expected.value)
    assert str(actual.value) == str(expected.value)


@pytest.mark.parametrize('momentum', [0.1, None, 1.0])
@pytest.mark.parametrize('name,shape', [('BatchNorm1d', (6, 3)), ('BatchNorm2d', (2, 3, 2, 2)),
                                        ('InstanceNorm1d', (2, 3, 4))])
def test_running_statistics_over_steps(momentum, name, shape):
    kwargs = {'momentum': momentum}
    if name.startswith('Instance'):
        kwargs.update(affine=True, track_running_stats=True)
        if momentum is None:
            return  # instance norm takes no cumulative average
    ours = getattr(ember.nn, name)(3, **kwargs).double()
    theirs = getattr(torch.nn, name)(3, **kwargs).double()
    for step in range(4):
        data = RNG.standard_normal(shape) * (step + 1) + step
        _close(ours(ember.tensor(data)), theirs(torch.tensor(data)), rtol=1e-10, atol=1e-12)
        for (key, a), (_, b) in zip(ours.state_dict().items(), theirs.state_dict().items()):
            assert str(a.dtype) == str(b.dtype), key
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-10, atol=1e-12,
                                       err_msg=key)
    ours.eval()
    theirs.eval()
    data = RNG.standard_normal(shape)
    _close(ours(ember.tensor(data)), theirs(torch.tensor(data)), rtol=1e-10, atol=1e-12)


def test_batch_norm_statistics_are_updated_in_place():
    layer = ember.nn.BatchNorm1d(3)
    mean, var = layer.running_mean, layer.running_var
    versions = (mean._version, var._version)
    layer(ember.randn(4, 3))
    assert layer.running_mean is mean and layer.running_var is var
    assert not np.allclose(mean.numpy(), 0)
    # torch's kernel writes the statistics without bumping their versions
    assert (mean._version, var._version) == versions


def test_old_checkpoint_without_num_batches_tracked():
    layer = ember.nn.BatchNorm1d(3)
    layer.num_batches_tracked.fill_(5)
    state = {k: v for k, v in layer.state_dict().items() if k != 'num_batches_tracked'}
    fresh = ember.nn.BatchNorm1d(3)
    fresh.load_state_dict(state)
    assert fresh.num_batches_tracked.item() == 0


def test_instance_norm_rejects_old_running_statistics():
    layer = ember.nn.InstanceNorm1d(3)
    state = {'running_mean': ember.zeros(3), 'running_var': ember.ones(3)}
    with pytest.raises(RuntimeError, match='Unexpected running stats buffer'):
        layer.load_state_dict(state)


def _grads(lib, data, weight=None, bias=None, call=None):
    x = lib.tensor(data, requires_grad=True)
    w = None if weight is None else lib.tensor(weight, requires_grad=True)
    b = None if bias is None else lib.tensor(bias, requires_grad=True)
    out = call(lib, x, w, b)
    cotangent = lib.tensor(np.linspace(-1, 1, out.numel()).reshape(tuple(out.shape)))
    leaves = [t for t in (x, w, b) if t is not None]
    return [out] + list(lib.autograd.grad(out, leaves, cotangent))


@pytest.mark.parametrize('features,call', [
    (3, lambda lib, x, w, b: lib.nn.functional.batch_norm(x, None, None, w, b, training=True)),
    (3, lambda lib, x, w, b: lib.nn.functional.batch_norm(
        x, lib.zeros(3, dtype=x.dtype), lib.ones(3, dtype=x.dtype), w, b)),
    (4, lambda lib, x, w, b: lib.nn.functional.layer_norm(x, (4,), w, b)),
])
def test_bias_without_weight(features, call):
    # torch cannot differentiate these twice, so the op table leaves them out
    data = RNG.standard_normal((2, 3, 4))
    bias = RNG.standard_normal(features)
    expected = _grads(torch, data, None, bias, call)
    actual = _grads(ember, data, None, bias, call)
    for a, e in zip(actual, expected):
        _close(a, e, rtol=1e-10, atol=1e-12)


def test_group_norm_bias_without_weight_forward():
    # torch's backward fails for this combination; the forward must still match
    data = RNG.standard_normal((2, 4, 3))
    bias = RNG.standard_normal(4)
    _close(ember.nn.functional.group_norm(ember.tensor(data), 2, None, ember.tensor(bias)),
           torch.nn.functional.group_norm(torch.tensor(data), 2, None, torch.tensor(bias)))


def test_layer_norm_of_one_value():
    # the normalized value is 0 whatever the input: torch's gradient is rounding noise
    data = RNG.standard_normal((3, 1))
    actual = _grads(ember, data, np.ones(1), np.zeros(1),
                    lambda lib, x, w, b: lib.nn.functional.layer_norm(x, (1,), w, b))
    expected = _grads(torch, data, np.ones(1), np.zeros(1),
                      lambda lib, x, w, b: lib.nn.functional.layer_norm(x, (1,), w, b))
    for a, e in zip(actual, expected):
        _close(a, e, rtol=1e-6, atol=1e-6)


_DTYPES = (None, 'float32', 'float64')


@pytest.mark.parametrize('input_dtype', ['float32', 'float64'])
@pytest.mark.parametrize('dtypes', [d for d in itertools.product(_DTYPES, repeat=4)
                                    if (d[2] is None) == (d[3] is None)])
def test_batch_norm_parameter_dtypes(input_dtype, dtypes):
    def call(lib):
        x = lib.ones(4, 3, dtype=getattr(lib, input_dtype))
        params = [None if d is None else lib.ones(3, dtype=getattr(lib, d)) for d in dtypes]
        return lib.nn.functional.batch_norm(x, params[2], params[3], params[0], params[1],
                                            training=True)
    try:
        expected = call(torch)
    except RuntimeError:
        _raises_alike(lambda: call(ember), lambda: call(torch))
        return
    _close(call(ember), expected)


@pytest.mark.parametrize('name', ['layer_norm', 'group_norm'])
@pytest.mark.parametrize('dtypes', list(itertools.product(('float32', 'float64'), repeat=3)))
def test_layer_and_group_norm_parameter_dtypes(name, dtypes):
    def call(lib):
        x = lib.ones(2, 4, dtype=getattr(lib, dtypes[0]))
        w, b = (lib.ones(4, dtype=getattr(lib, d)) for d in dtypes[1:])
        if name == 'layer_norm':
            return lib.nn.functional.layer_norm(x, (4,), w, b)
        return lib.nn.functional.group_norm(x, 2, w, b)
    try:
        expected = call(torch)
    except RuntimeError:
        _raises_alike(lambda: call(ember), lambda: call(torch))
        return
    _close(call(ember), expected)


def test_normalization_layers_train_like_torch():
    """A few optimizer steps through a small network with every normalization layer."""
    def build(lib):
        lib.manual_seed(0)
        nn = lib.nn
        return nn.ModuleList([nn.BatchNorm1d(4), nn.LayerNorm(6), nn.GroupNorm(2, 4),
                              nn.InstanceNorm1d(4, affine=True), nn.RMSNorm(6),
                              nn.LocalResponseNorm(2)])

    ours, theirs = build(ember).double(), build(torch).double()
    ours.load_state_dict({k: ember.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    for step in range(3):
        data = RNG.standard_normal((3, 4, 6))
        for model, lib in ((ours, ember), (theirs, torch)):
            x = lib.tensor(data)
            for layer in model:
                x = layer(x) * 1.5
            (x * lib.tensor(np.linspace(-1, 1, x.numel()).reshape(3, 4, 6))).sum().backward()
            with lib.no_grad():
                for p in model.parameters():
                    p -= 0.1 * p.grad
                    p.grad = None
    for (key, a), (_, b) in zip(ours.state_dict().items(), theirs.state_dict().items()):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-9, atol=1e-11, err_msg=key)
