"""The transform stack that forward-mode AD and vmap build on."""
import pytest

import ember
from ember.ops import _transforms


class Recorder:
    """Logs the op names it sees, then computes them unchanged."""

    def __init__(self, log, label):
        self.log, self.label = log, label

    def process(self, op, inputs, settings, inplace):
        self.log.append((self.label, op.name))
        return _transforms.call_below(self, op, inputs, settings, inplace)


def test_every_primitive_call_reaches_the_innermost_transform():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    log = []
    outer, inner = Recorder(log, 'outer'), Recorder(log, 'inner')
    _transforms.push(outer)
    _transforms.push(inner)
    try:
        y = (x * 2 + 1).exp().sum()
    finally:
        _transforms.pop(inner)
        _transforms.pop(outer)
    names = [name for _, name in log]
    assert names == ['mul', 'mul', 'add', 'add', 'exp', 'exp', 'sum_all', 'sum_all']
    assert [label for label, _ in log[:2]] == ['inner', 'outer']
    assert y.item() == pytest.approx(float((ember.tensor([3.0, 5.0]).exp()).sum()))
    assert y.grad_fn.name() == 'SumBackward0'
    assert _transforms.active == []


def test_transforms_must_be_left_in_reverse_order():
    first, second = Recorder([], 1), Recorder([], 2)
    _transforms.push(first)
    _transforms.push(second)
    with pytest.raises(RuntimeError):
        _transforms.pop(first)
    _transforms.pop(second)
    _transforms.pop(first)
