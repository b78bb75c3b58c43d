"""The Tensor's attributes, conversions and Python protocols, against torch."""
import copy
import pickle
import warnings

import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')


def _both(source):
    """Evaluate `source` with `lib` bound to torch and to ember; return (ember, torch)."""
    results = []
    for lib in (ember, torch):
        results.append(eval(source, {'lib': lib, 'np': np}))
    return results


ATTRIBUTES = [
    'lib.ones(2, 3).shape', 'lib.ones(2, 3).size()', 'lib.ones(2, 3).size(1)',
    'lib.ones(2, 3).size(-1)', 'lib.ones(2, 3).dim()', 'lib.ones(2, 3).ndim',
    'lib.ones(2, 3).numel()', 'lib.ones(2, 3).nelement()', 'lib.ones(2, 3).element_size()',
    'lib.ones(2, 3, dtype=lib.float64).element_size()', 'lib.ones(2).dtype', 'lib.ones(2).device',
    'lib.ones(2, 3).stride()', 'lib.ones(2, 3).t().stride()', 'lib.ones(2, 3).t().is_contiguous()',
    'lib.ones(2, 3).is_contiguous()', 'lib.ones(3, 1).expand(3, 4).stride()',
    'lib.ones(2, 3)[1].storage_offset()', 'lib.ones(2, 3)[:, 1:].storage_offset()',
    'lib.ones(2).requires_grad', 'lib.ones(2, requires_grad=True).is_leaf',
    '(lib.ones(2, requires_grad=True) * 2).is_leaf', 'lib.ones(2).is_leaf',
    'lib.ones(2).is_floating_point()', 'lib.ones(2, dtype=lib.int64).is_floating_point()',
    'lib.tensor(2.5).item()', 'lib.tensor([3]).item()', 'lib.tensor(True).item()',
    'type(lib.tensor(3).item())', 'lib.tensor([[1, 2], [3, 4]]).tolist()',
    'lib.tensor([1.5, 2.0]).tolist()', 'lib.tensor(2.5).tolist()', 'len(lib.ones(4, 2))',
    'float(lib.tensor([2.5]))', 'int(lib.tensor(2.7))', 'int(lib.tensor([[3]]))',
    'bool(lib.tensor([0.0]))', 'bool(lib.tensor(1))', '[1, 2, 3][lib.tensor(1)]',
    'lib.ones(2).type()', 'lib.ones(2, dtype=lib.int64).type()',
    'lib.ones(2).type(lib.float64).dtype', "lib.ones(2).type('torch.DoubleTensor').dtype",
    'lib.ones(2).to(lib.float64).dtype', "lib.ones(2).to('cpu', lib.int32).dtype",
    'lib.ones(2).to(lib.ones(1, dtype=lib.int64)).dtype', 'lib.ones(2).double().dtype',
    'lib.ones(2).half().dtype', 'lib.ones(2).long().dtype', 'lib.ones(2).int().dtype',
    'lib.ones(2).short().dtype', 'lib.ones(2).bool().dtype', 'lib.ones(2).byte().dtype',
    'lib.ones(2).char().dtype', 'lib.ones(2).type_as(lib.ones(1, dtype=lib.int16)).dtype',
    'lib.tensor([1.7, -1.7]).long()', 'lib.tensor([0.0, 2.0]).bool()',
    'list(lib.tensor([1.0, 2.0]))', 'hash(lib.ones(1)) is not None',
    'lib.ones(2)._version', 'lib.ones(2).output_nr', 'lib.ones(2).data.requires_grad',
    'lib.ones(2, 2)[0]._base is None', 'lib.ones(2).detach().requires_grad',
    'lib.tensor(3.0) == 3', 'lib.tensor([1, 2]) != lib.tensor([1, 3])',
]

ERRORS = [
    'bool(lib.ones(2))', 'float(lib.ones(2))', 'int(lib.ones(2))', 'lib.ones(2).__index__()',
    'len(lib.tensor(1.0))', 'iter(lib.tensor(1.0))', 'lib.ones(2).item()',
    'lib.ones(2, requires_grad=True).numpy()', 'np.asarray(lib.ones(2, requires_grad=True))',
    'lib.ones(2).size(1)', 'lib.ones(2).register_hook(lambda g: g)',
    'lib.ones(2).retain_grad()', "setattr(lib.ones(2, requires_grad=True) * 2, "
                                 "'requires_grad', False)",
    '(lib.ones(2, requires_grad=True) * 2).requires_grad_(False)',
    "setattr(lib.ones(2, requires_grad=True), 'grad', lib.ones(3))",
    "setattr(lib.ones(2, requires_grad=True), 'grad', lib.ones(2, dtype=lib.float64))",
    "setattr(lib.ones(2, requires_grad=True), 'grad', 3)",
    "setattr(lib.tensor([1]), 'requires_grad', True)",
]


@pytest.mark.parametrize('source', ATTRIBUTES)
def test_attribute(source):
    actual, expected = _both(source)
    if isinstance(expected, torch.Tensor):
        assert repr(actual) == repr(expected)
    elif isinstance(expected, list) and expected and isinstance(expected[0], torch.Tensor):
        assert [repr(a) for a in actual] == [repr(e) for e in expected]
    else:
        assert str(actual) == str(expected)
        assert type(actual).__name__ == type(expected).__name__


@pytest.mark.parametrize('source', ERRORS)
def test_error(source):
    for lib in (torch, ember):
        with pytest.raises(BaseException) as caught:
            eval(source, {'lib': lib, 'np': np})
        if lib is torch:
            expected = caught.value
    assert type(caught.value) is type(expected)
    assert str(caught.value) == str(expected)


def test_numpy_shares_memory_and_detach_shares_data():
    t = ember.ones(3)
    t.numpy()[0] = 7
    assert t[0].item() == 7
    x = ember.ones(3, requires_grad=True)
    d = x.detach()
    d[1] = 5
    assert x[1].item() == 5 and not d.requires_grad
    assert x._version == d._version == 1
    data = x.data
    data[2] = 4
    assert x[2].item() == 4 and x._version == 1


def test_detach_inplace():
    x = ember.ones(2, requires_grad=True)
    y = x * 2
    y.detach_()
    assert y.grad_fn is None and not y.requires_grad


def test_grad_of_a_non_leaf_warns():
    y = ember.ones(2, requires_grad=True) * 2
    with pytest.warns(UserWarning, match='is not a leaf Tensor is being accessed'):
        assert y.grad is None
    y.retain_grad()
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        assert y.grad is None


def test_float_of_a_tensor_requiring_grad_warns():
    with pytest.warns(UserWarning, match='Converting a tensor with requires_grad=True'):
        assert float(ember.tensor(1.5, requires_grad=True)) == 1.5


def test_iteration_gives_views_with_unbind_backward():
    x = ember.ones(3, 2, requires_grad=True)
    rows = list(x)
    assert len(rows) == 3 and type(rows[0].grad_fn).__name__ == 'UnbindBackward0'
    (rows[1] * 3).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[0, 0], [3, 3], [0, 0]])


def test_grad_setter_and_deleter():
    x = ember.ones(2, requires_grad=True)
    x.grad = ember.full((2,), 3.0)
    assert x.grad.tolist() == [3.0, 3.0]
    x.grad = None
    assert x.grad is None
    x.grad = ember.ones(2)
    del x.grad
    assert x.grad is None


def test_array_protocol():
    t = ember.tensor([1.0, 2.0])
    assert np.asarray(t).dtype == np.float32
    np.testing.assert_array_equal(np.asarray(t, dtype=np.float64), [1.0, 2.0])
    assert np.add(t, 1).tolist() == [2.0, 3.0]


def test_pickle_and_deepcopy():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    x.grad = ember.tensor([0.5, 0.5])
    y = pickle.loads(pickle.dumps(x))
    assert y.tolist() == [1.0, 2.0] and y.requires_grad and y.grad is None
    assert pickle.loads(pickle.dumps(ember.float64)) is ember.float64
    z = copy.deepcopy(x)
    assert z is not x and z.tolist() == x.tolist() and z.grad.tolist() == [0.5, 0.5]
    with pytest.raises(RuntimeError, match='Only Tensors created explicitly by the user'):
        copy.deepcopy(x * 2)


def test_size_behaves_as_torch_size():
    size = ember.ones(2, 3, 4).shape
    assert isinstance(size, tuple) and size == (2, 3, 4)
    assert repr(size[1:]) == 'torch.Size([3, 4])' and size.numel() == 24
    assert repr(size + (5,)) == 'torch.Size([2, 3, 4, 5])'
