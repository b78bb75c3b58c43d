"""nn.Module mechanics against torch: registration, walks, state dicts, hooks, modes."""
import copy
import pickle
from collections import OrderedDict

import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')


def build(lib):
    """A two-level model made of custom modules only."""
    nn = lib.nn

    class Affine(nn.Module):
        def __init__(self, n):
            super().__init__()
            self.weight = nn.Parameter(lib.linspace(-1, 1, n * n).reshape(n, n))
            self.bias = nn.Parameter(lib.linspace(0, 1, n))
            self.register_buffer('calls', lib.zeros(1))
            self.register_buffer('scratch', lib.ones(2), persistent=False)

        def forward(self, x):
            return (x @ self.weight + self.bias).tanh()

        def extra_repr(self):
            return f'n={self.weight.shape[0]}'

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.first = Affine(3)
            self.blocks = nn.ModuleList([Affine(3), Affine(3)])
            self.head = nn.Sequential(Affine(3))
            self.table = nn.ModuleDict({'a': Affine(3)})
            self.scale = nn.Parameter(lib.tensor(2.0))
            self.shared = self.first

        def forward(self, x):
            x = self.first(x)
            for block in self.blocks:
                x = block(x)
            return self.table['a'](self.head(x)) * self.scale

    return Model()


def _names(pairs):
    return [name for name, _ in pairs]


def test_walks_and_repr():
    ours, theirs = build(ember), build(torch)
    assert repr(ours) == repr(theirs)
    assert _names(ours.named_parameters()) == _names(theirs.named_parameters())
    assert _names(ours.named_buffers()) == _names(theirs.named_buffers())
    assert _names(ours.named_modules()) == _names(theirs.named_modules())
    assert _names(ours.named_children()) == _names(theirs.named_children())
    assert _names(ours.named_parameters(remove_duplicate=False)) == \
        _names(theirs.named_parameters(remove_duplicate=False))
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert len(list(ours.parameters())) == len(list(theirs.parameters()))
    assert ours.get_submodule('blocks.1').__class__.__name__ == 'Affine'
    assert ours.get_parameter('head.0.bias').shape == (3,)


def test_forward_backward_and_state_round_trip():
    ours, theirs = build(ember), build(torch)
    x = np.linspace(-1, 1, 6).reshape(2, 3)
    e, t = ours(ember.tensor(x, dtype=ember.float32)), theirs(torch.tensor(x).float())
    np.testing.assert_allclose(e.detach().numpy(), t.detach().numpy(), rtol=1e-5)
    e.sum().backward()
    t.sum().backward()
    for (name, a), (_, b) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-5, err_msg=name)
    state = ours.state_dict()
    assert all(v.grad_fn is None and not v.requires_grad for v in state.values())
    other = build(ember)
    assert repr(other.load_state_dict(state)) == '<All keys matched successfully>'


def _load_error(lib, change):
    model = build(lib)
    state = model.state_dict()
    change(state, lib)
    with pytest.raises(RuntimeError) as caught:
        model.load_state_dict(state)
    return str(caught.value), repr(build(lib).load_state_dict(state, strict=False)) \
        if 'size' not in str(caught.value) else None


@pytest.mark.parametrize('change', [
    lambda s, lib: s.pop('scale'),
    lambda s, lib: s.update(extra=lib.ones(1)),
    lambda s, lib: s.update({'blocks.7.weight': lib.ones(1)}),
    lambda s, lib: s.update({'first.bias': lib.ones(4)}),
], ids=['missing', 'unexpected', 'unexpected_submodule', 'size'])
def test_load_state_dict_errors(change):
    assert _load_error(ember, change) == _load_error(torch, change)


REGISTRATION_ERRORS = [
    lambda lib, m: setattr(m, 'scale', lib.ones(1)),
    lambda lib, m: m.register_parameter('a.b', lib.nn.Parameter(lib.ones(1))),
    lambda lib, m: m.register_buffer('scale', lib.ones(1)),
    lambda lib, m: m.register_parameter('w', lib.ones(1)),
    lambda lib, m: m.get_submodule('blocks.x'),
    lambda lib, m: m.missing_attribute,
    lambda lib, m: m.add_module('x.y', lib.nn.Module()),
    lambda lib, m: m.add_module('z', 3),
]


@pytest.mark.parametrize('index', range(len(REGISTRATION_ERRORS)))
def test_registration_errors(index):
    errors = []
    for lib in (ember, torch):
        with pytest.raises(Exception) as caught:
            REGISTRATION_ERRORS[index](lib, build(lib))
        errors.append((type(caught.value).__name__, str(caught.value)))
    assert errors[0] == errors[1]


def _hooks(lib):
    log = []
    model = build(lib)
    layer = model.first
    layer.register_forward_pre_hook(lambda m, args: log.append(('pre', tuple(args[0].shape))))
    layer.register_forward_pre_hook(lambda m, args, kwargs: ((args[0] * 2,), kwargs),
                                    with_kwargs=True)
    handle = layer.register_forward_hook(lambda m, args, out: out + 1)
    layer.register_forward_hook(
        lambda m, args, out: log.append(('post', round(out.sum().item(), 4))), prepend=True)
    layer.register_full_backward_hook(
        lambda m, gin, gout: log.append(('backward', [g.shape[0] for g in gout],
                                         [None if g is None else g.shape[0] for g in gin])))
    layer.register_full_backward_pre_hook(lambda m, gout: log.append(('backward_pre',)))
    x = lib.ones(2, 3, requires_grad=True)
    out = model(x)
    out.sum().backward()
    handle.remove()
    model(x)
    return log, x.grad.numpy().tolist()


def test_hooks():
    ours, theirs = _hooks(ember), _hooks(torch)
    assert ours[0] == theirs[0]
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-5)


def test_modes_zero_grad_apply_and_conversion():
    model = build(ember)
    assert model.training and model.blocks[0].training
    model.eval()
    assert not model.training and not model.head[0].training
    model(ember.ones(1, 3)).sum().backward()
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    model(ember.ones(1, 3)).sum().backward()
    model.zero_grad(set_to_none=False)
    assert all(p.grad is not None and not p.grad.numpy().any() for p in model.parameters())
    seen = []
    model.apply(lambda m: seen.append(type(m).__name__))
    assert seen[-1] == 'Model' and len(seen) == len(list(model.modules())) + 0
    weight = model.first.weight
    model.double()
    assert model.first.weight is weight and weight.dtype is ember.float64
    assert model.first.calls.dtype is ember.float64
    model.requires_grad_(False)
    assert not any(p.requires_grad for p in model.parameters())


def test_copy_and_pickle():
    model = build(ember)
    clone = copy.deepcopy(model)
    assert clone.first.weight is not model.first.weight
    assert clone.shared is clone.first
    np.testing.assert_array_equal(clone.first.weight.detach().numpy(),
                                  model.first.weight.detach().numpy())
    restored = pickle.loads(pickle.dumps(model.state_dict()))
    assert list(restored) == list(model.state_dict())


def test_containers():
    nn = ember.nn
    seq = nn.Sequential(nn.Module(), nn.Module(), nn.Module())
    assert len(seq) == 3 and isinstance(seq[1:], nn.Sequential) and len(seq[1:]) == 2
    del seq[0]
    assert list(seq._modules) == ['0', '1']
    seq.append(nn.Module()).insert(0, nn.Module())
    assert len(seq) == 4
    items = nn.ModuleList([nn.Module()])
    items += [nn.Module()]
    assert len(items) == 2 and isinstance(items[-1], nn.Module)
    params = nn.ParameterList([ember.ones(2)])
    params.append(nn.Parameter(ember.zeros(1)))
    assert isinstance(params[0], nn.Parameter) and len(list(params.parameters())) == 2
    table = nn.ParameterDict({'a': ember.ones(1)})
    assert isinstance(table['a'], nn.Parameter) and 'a' in table


@pytest.mark.parametrize('keep_metadata', [True, False])
def test_load_state_dict_passes_the_checkpoint_version_to_modules(keep_metadata):
    # BatchNorm fills in a missing num_batches_tracked only for checkpoints older than
    # version 2, which it learns from the state dict's metadata
    results = []
    for lib in (torch, ember):
        state = lib.nn.BatchNorm1d(3).state_dict()
        del state['num_batches_tracked']
        if not keep_metadata:
            state = OrderedDict(state)
        try:
            results.append(str(lib.nn.BatchNorm1d(3).load_state_dict(state)))
        except RuntimeError as error:
            results.append(str(error))
    assert results[0] == results[1]
