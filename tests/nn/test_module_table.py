"""Every layer in the module table against torch's: repr, state_dict keys, forward values
and gradients (inputs and parameters) with torch's weights copied in, and errors."""
import zlib

import numpy as np
import pytest

import ember
from tests.nn.moduleinfo import MODULES
from tests.opinfo.core import Index

torch = pytest.importorskip('torch')

TOLERANCE = {'float32': (2e-5, 2e-5), 'float64': (1e-8, 1e-8)}


def _rng(info, salt=''):
    return np.random.default_rng(zlib.crc32((info.name + salt).encode()))


def _pair(info, dtype):
    """The same module in torch and in ember, ember's holding torch's weights."""
    torch.manual_seed(0)
    theirs = info.make(torch.nn)
    ours = info.make(ember.nn)
    theirs.to(getattr(torch, dtype))
    ours.to(getattr(ember, dtype))
    state = {k: ember.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)
    return ours, theirs


def _convert(lib, value, dtype, requires_grad):
    if isinstance(value, np.ndarray):
        t = lib.tensor(value.astype(dtype))
        return t.requires_grad_() if requires_grad else t
    if isinstance(value, Index):
        return lib.tensor(value.array)
    if isinstance(value, (list, tuple)):
        return type(value)(_convert(lib, v, dtype, requires_grad) for v in value)
    return value


def _flat(value):
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _flat(v)]
    return [value] if hasattr(value, 'shape') else []


def _close(actual, expected, info, dtype, what):
    rtol, atol = TOLERANCE[dtype]
    assert str(actual.dtype) == str(expected.dtype), what
    assert tuple(actual.shape) == tuple(expected.shape), what
    np.testing.assert_allclose(actual.detach().numpy(), expected.detach().numpy(),
                               rtol=info.rtol or rtol, atol=info.atol or atol, err_msg=what)


@pytest.mark.parametrize('info', MODULES, ids=lambda i: i.name)
def test_repr_and_state_dict_keys(info):
    ours, theirs = _pair(info, 'float32')
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]


def _cases():
    return [pytest.param(info, dtype, mode, id=f'{info.name}-{dtype}-{mode}')
            for info in MODULES for dtype in info.dtypes
            for mode in (('train',) if info.train else ()) + (('eval',) if info.eval else ())]


@pytest.mark.parametrize('info,dtype,mode', _cases())
def test_forward_and_gradients(info, dtype, mode):
    ours, theirs = _pair(info, dtype)
    ours.train(mode == 'train')
    theirs.train(mode == 'train')
    sample = info.inputs(_rng(info))
    t_in = [_convert(torch, v, dtype, info.grad) for v in sample]
    e_in = [_convert(ember, v, dtype, info.grad) for v in sample]
    t_out, e_out = theirs(*t_in), ours(*e_in)
    t_flat, e_flat = _flat(t_out), _flat(e_out)
    assert len(e_flat) == len(t_flat)
    for index, (a, e) in enumerate(zip(e_flat, t_flat)):
        _close(a, e, info, dtype, f'{info.name} output {index}')
    for (name, a), (_, e) in zip(ours.named_buffers(), theirs.named_buffers()):
        _close(a, e, info, dtype, f'{info.name} buffer {name} after forward')
    if not info.grad:
        return
    rng = _rng(info, 'cotangent')
    weights = [rng.standard_normal(tuple(t.shape)) for t in t_flat if t.requires_grad]
    t_loss = sum((t * torch.tensor(w, dtype=t.dtype)).sum()
                 for t, w in zip([t for t in t_flat if t.requires_grad], weights))
    e_loss = sum((t * ember.tensor(w, dtype=t.dtype)).sum()
                 for t, w in zip([t for t in e_flat if t.requires_grad], weights))
    t_loss.backward()
    e_loss.backward()
    for index, (a, e) in enumerate(zip(_flat(e_in), _flat(t_in))):
        if e.grad is not None:
            _close(a.grad, e.grad, info, dtype, f'{info.name} input {index} grad')
    for (name, a), (_, e) in zip(ours.named_parameters(), theirs.named_parameters()):
        if e.grad is None:
            assert a.grad is None, name
        else:
            _close(a.grad, e.grad, info, dtype, f'{info.name} {name}.grad')


def _error_cases():
    return [pytest.param(info, id=info.name) for info in MODULES if info.errors is not None]


@pytest.mark.parametrize('info', _error_cases())
def test_errors(info):
    from tests.ops.test_op_table import assert_same_exception_type
    ours, theirs = _pair(info, 'float32')
    for sample in info.errors(_rng(info, 'errors')):
        with pytest.raises(Exception) as expected:
            theirs(*[_convert(torch, v, 'float32', False) for v in sample])
        with pytest.raises(Exception) as actual:
            ours(*[_convert(ember, v, 'float32', False) for v in sample])
        assert_same_exception_type(actual.value, expected.value, sample)
        assert str(actual.value) == str(expected.value)
