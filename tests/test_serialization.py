"""ember.save / ember.load: round trips, torch's file format both ways, weights_only."""
import collections
import io
import os
import pickle

import numpy as np
import pytest

import ember
import ember.nn
from ember import serialization

torch = pytest.importorskip('torch')
save, load = serialization.save, serialization.load


def _plain(value):
    if isinstance(value, (ember.Tensor, torch.Tensor)):
        return (type(value).__name__, str(value.dtype), tuple(value.shape),
                value.detach().tolist(), value.requires_grad)
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_plain(v) for v in value])
    if isinstance(value, dict):
        return (type(value).__name__, {k: _plain(v) for k, v in value.items()})
    return (type(value).__name__, value)


def _round_trip(obj, **load_args):
    buffer = io.BytesIO()
    save(obj, buffer)
    buffer.seek(0)
    return load(buffer, **load_args)


def _checkpoint(lib):
    """A nested checkpoint of every kind weights_only allows, built with either library."""
    state = collections.OrderedDict(weight=lib.arange(6.).reshape(2, 3), bias=lib.zeros(2))
    return {
        'state': state,
        'param': lib.nn.Parameter(lib.ones(3, dtype=lib.float64)),
        'frozen': lib.nn.Parameter(lib.ones(2), requires_grad=False),
        'leaf': lib.tensor([1.0, -2.0], requires_grad=True),
        'ints': [lib.arange(4, dtype=dtype) for dtype in (lib.int64, lib.int32, lib.int16,
                                                           lib.int8, lib.uint8)],
        'others': (lib.tensor([True, False]), lib.ones(2, dtype=lib.float16),
                   lib.tensor([1 + 2j]), lib.tensor(3.5), lib.zeros(0, 4)),
        'transposed': lib.arange(6).reshape(2, 3).t(),
        'flipped': lib.arange(4.).flip(0),
        'python': [1, 2.5, 'text', b'bytes', None, True, 1 + 2j, {3, 4}, (5,)],
        'meta': {'size': lib.Size([2, 3]), 'dtype': lib.float64, 'device': lib.device('cpu')},
        'counter': collections.Counter('aab'),
    }


def test_round_trip_of_nested_containers():
    original = _checkpoint(ember)
    assert _plain(_round_trip(original)) == _plain(original)


def test_round_trip_through_a_path(tmp_path):
    path = tmp_path / 'checkpoint.pt'
    save(_checkpoint(ember), path)
    assert _plain(load(path)) == _plain(_checkpoint(ember))
    save(_checkpoint(ember), str(path))
    assert _plain(load(str(path))) == _plain(_checkpoint(ember))


def test_round_trip_through_a_file_object(tmp_path):
    path = os.path.join(tmp_path, 'checkpoint.pt')
    with open(path, 'wb') as file:
        save([ember.ones(2)], file)
    with open(path, 'rb') as file:
        assert load(file)[0].tolist() == [1.0, 1.0]


def test_strides_survive():
    loaded = _round_trip({'t': ember.arange(6).reshape(2, 3).t()})
    assert loaded['t'].stride() == (1, 3)


def test_torch_reads_embers_files():
    buffer = io.BytesIO()
    save(_checkpoint(ember), buffer)
    buffer.seek(0)
    theirs = torch.load(buffer)
    assert _plain(theirs) == _plain(_checkpoint(torch))
    assert theirs['transposed'].stride() == (1, 3)
    assert isinstance(theirs['param'], torch.nn.Parameter)


def test_ember_reads_torchs_files():
    buffer = io.BytesIO()
    torch.save(_checkpoint(torch), buffer)
    buffer.seek(0)
    ours = load(buffer)
    assert _plain(ours) == _plain(_checkpoint(ember))
    assert ours['transposed'].stride() == (1, 3)
    assert isinstance(ours['param'], ember.nn.Parameter)
    assert isinstance(ours['meta']['size'], ember.Size)
    assert ours['meta']['dtype'] is ember.float64


def test_torch_state_dict_metadata_survives():
    module = torch.nn.Sequential(torch.nn.Linear(2, 2))
    buffer = io.BytesIO()
    torch.save(module.state_dict(), buffer)
    buffer.seek(0)
    assert load(buffer)._metadata == module.state_dict()._metadata


def test_shared_storage_is_kept():
    # Note [Shared storage]: views of one tensor, and a Parameter with its state_dict entry
    base = ember.arange(8.)
    param = ember.nn.Parameter(ember.zeros(3))
    loaded = _round_trip({'base': base, 'row': base[2:6], 'param': param,
                          'entry': param.detach()})
    loaded['base'][3] = 100.0
    assert loaded['row'].tolist() == [2.0, 100.0, 4.0, 5.0]
    with ember.no_grad():
        loaded['param'][0] = 7.0
    assert loaded['entry'].tolist() == [7.0, 0.0, 0.0]


def test_non_leaf_tensor_loads_as_a_leaf():
    def run(lib, save_fn, load_fn):
        x = lib.ones(2, requires_grad=True)
        buffer = io.BytesIO()
        save_fn(x * 2, buffer)
        buffer.seek(0)
        y = load_fn(buffer)
        return y.tolist(), y.requires_grad, y.is_leaf
    assert run(ember, save, load) == run(torch, torch.save, torch.load)


class _Net(ember.nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = ember.nn.Parameter(ember.randn(3, 2))
        self.register_buffer('steps', ember.tensor(0))
        self.inner = ember.nn.ModuleList([ember.nn.Module()])
        self.inner[0].scale = ember.nn.Parameter(ember.rand(2))


def test_load_state_dict_from_a_file(tmp_path):
    trained, fresh = _Net(), _Net()
    with ember.no_grad():
        trained.steps += 5
    save(trained.state_dict(), tmp_path / 'net.pt')
    result = fresh.load_state_dict(load(tmp_path / 'net.pt'))
    assert str(result) == '<All keys matched successfully>'
    for (name, a), (_, b) in zip(trained.state_dict().items(), fresh.state_dict().items()):
        assert a.tolist() == b.tolist(), name


def test_whole_module_without_weights_only(tmp_path):
    save(_Net(), tmp_path / 'net.pt')
    loaded = load(tmp_path / 'net.pt', weights_only=False)
    assert isinstance(loaded, _Net) and isinstance(loaded.weight, ember.nn.Parameter)


class Custom:
    pass


def _weights_only_error(lib, save_fn, load_fn, obj, **load_args):
    buffer = io.BytesIO()
    save_fn(obj, buffer)
    buffer.seek(0)
    with pytest.raises(Exception) as info:
        load_fn(buffer, **load_args)
    return type(info.value), str(info.value)


@pytest.mark.parametrize('build', [lambda lib: {'a': Custom()}, lambda lib: [print],
                                   lambda lib: os.getcwd, lambda lib: np.ones(2)],
                         ids=['class', 'builtin', 'blocked_module', 'ndarray'])
def test_weights_only_refuses_other_objects(build):
    ours = _weights_only_error(ember, save, load, build(ember))
    theirs = _weights_only_error(torch, torch.save, torch.load, build(torch))
    assert ours == theirs


def test_weights_only_refuses_a_pickle_module():
    ours = _weights_only_error(ember, save, load, [1], pickle_module=pickle, weights_only=True)
    theirs = _weights_only_error(torch, torch.save, torch.load, [1], pickle_module=pickle,
                                 weights_only=True)
    assert ours == theirs


def test_weights_only_false_and_pickle_module_load_anything():
    assert isinstance(_round_trip({'a': Custom()}, weights_only=False)['a'], Custom)
    assert isinstance(_round_trip([Custom()], pickle_module=pickle)[0], Custom)


def test_safe_globals_allow_a_class():
    with serialization.safe_globals([Custom]):
        assert isinstance(_round_trip(Custom()), Custom)
    assert serialization.get_safe_globals() == []
    with pytest.raises(pickle.UnpicklingError):
        _round_trip(Custom())
    serialization.add_safe_globals([Custom])
    try:
        assert isinstance(_round_trip(Custom()), Custom)
    finally:
        serialization.clear_safe_globals()


@pytest.mark.parametrize('map_location', ['cpu', ember.device('cpu'), {'cpu': 'cpu'},
                                          lambda storage, location: storage])
def test_map_location_is_accepted(map_location):
    assert _round_trip([ember.ones(2)], map_location=map_location)[0].tolist() == [1.0, 1.0]


def test_not_a_checkpoint():
    with pytest.raises(pickle.UnpicklingError):
        load(io.BytesIO(b'not a zip file'))


def test_public_names():
    assert serialization.__all__ == ['save', 'load']
