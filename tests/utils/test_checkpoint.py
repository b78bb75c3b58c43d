"""Activation checkpointing against torch: the same gradients, and torch's errors."""
import warnings

import numpy as np
import pytest

import ember
from ember.utils.checkpoint import checkpoint

torch = pytest.importorskip('torch')
from torch.utils.checkpoint import checkpoint as torch_checkpoint  # noqa: E402


def _run(lib, ckpt, reentrant):
    x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
    w = lib.tensor([3.0, -4.0], dtype=lib.float64, requires_grad=True)

    def block(a):
        return (a * w).sin() * a.exp()

    y = ckpt(block, x, use_reentrant=reentrant)
    if reentrant:
        (y * y).sum().backward()
        return type(y.grad_fn).__name__, x.grad, w.grad
    gx, gw = lib.autograd.grad((y * y).sum(), (x, w))
    return type(y.grad_fn).__name__, gx, gw


@pytest.mark.parametrize('reentrant', [True, False])
def test_checkpoint_gradients(reentrant):
    ours = _run(ember, checkpoint, reentrant)
    theirs = _run(torch, torch_checkpoint, reentrant)
    assert ours[0] == theirs[0]
    for a, b in zip(ours[1:], theirs[1:]):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12)


def test_reentrant_checkpoint_rejects_grad():
    messages = []
    for lib, ckpt in ((ember, checkpoint), (torch, torch_checkpoint)):
        x = lib.ones(2, requires_grad=True)
        with pytest.raises(RuntimeError) as caught:
            lib.autograd.grad(ckpt(lambda a: a * 2, x, use_reentrant=True).sum(), x)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_checkpoint_warnings_and_errors():
    for lib, ckpt in ((ember, checkpoint), (torch, torch_checkpoint)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            ckpt(lambda a: a * 2, lib.ones(2))
        texts = [str(w.message) for w in caught if w.category is UserWarning]
        assert texts[0].startswith('torch.utils.checkpoint: the use_reentrant parameter')
        assert texts[1] == 'None of the inputs have requires_grad=True. Gradients will be None'
        with pytest.raises(ValueError, match='Unexpected keyword arguments: foo'):
            ckpt(lambda a: a, lib.ones(2), use_reentrant=True, foo=1)


def test_recomputation_replays_the_random_state():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    y = checkpoint(lambda a: a * ember.rand(2), x, use_reentrant=False)
    g, = ember.autograd.grad(y.sum(), x)
    np.testing.assert_allclose(g.numpy(), (y / x).detach().numpy())
