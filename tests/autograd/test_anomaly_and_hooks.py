"""Anomaly detection and saved-tensor hooks, against torch."""
import warnings

import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')


def _anomaly(lib):
    x = lib.tensor([0.0, 1.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        with lib.autograd.detect_anomaly():
            y = x / x  # the NaN comes from here
            with pytest.raises(RuntimeError) as error:
                y.sum().backward()
    messages = [str(w.message) for w in caught if w.category is UserWarning]
    return str(error.value), messages


def test_detect_anomaly_names_the_op_and_shows_the_forward_call():
    message, warned = _anomaly(ember)
    expected_message, expected_warned = _anomaly(torch)
    assert message == expected_message
    assert warned[0] == expected_warned[0]
    assert warned[1].splitlines()[0] == expected_warned[1].splitlines()[0]
    assert 'y = x / x  # the NaN comes from here' in warned[1]
    assert not ember.is_anomaly_enabled()


def test_set_detect_anomaly():
    ember.autograd.set_detect_anomaly(True, check_nan=False)
    try:
        assert ember.is_anomaly_enabled() and not ember.is_anomaly_check_nan_enabled()
    finally:
        ember.autograd.set_detect_anomaly(False)
    assert not ember.is_anomaly_enabled()


def _hooks(lib):
    log = []

    def pack(t):
        log.append(('pack', tuple(t.shape), t.requires_grad,
                    None if t.grad_fn is None else type(t.grad_fn).__name__))
        return t.detach().clone()

    def unpack(packed):
        log.append('unpack')
        return packed

    x = lib.tensor([1.0, 2.0], requires_grad=True)
    with lib.autograd.graph.saved_tensors_hooks(pack, unpack):
        b = (x * x).exp()
    b.sum().backward()
    with lib.autograd.graph.saved_tensors_hooks(lambda t: t, lambda p: p):
        a = x * 1
        c = a * a
    a.add_(1)  # not an error: hooked saved tensors are not version-checked
    c.sum().backward()
    with lib.autograd.graph.save_on_cpu():
        (x * x).sum().backward()
    return log, x.grad.numpy().tolist()


def test_saved_tensors_hooks():
    assert _hooks(ember) == _hooks(torch)


def test_unpack_hook_must_return_a_tensor():
    for lib in (ember, torch):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        with lib.autograd.graph.saved_tensors_hooks(lambda t: 5, lambda p: p):
            y = x.exp()
        with pytest.raises(TypeError) as caught:
            y.sum().backward()
        if lib is torch:
            assert str(caught.value) == ours
        else:
            ours = str(caught.value)


def test_graph_namespace():
    x = ember.tensor([1.0], requires_grad=True)
    y = x * 2
    edge = ember.autograd.graph.get_gradient_edge(y)
    assert edge.node is y.grad_fn and edge.output_nr == 0
    assert isinstance(y.grad_fn, ember.autograd.graph.Node)
    assert np.isclose(ember.autograd.grad(y, x)[0].item(), 2.0)
