"""Tensor creation against torch: dtype inference, shapes, values and errors."""
import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')

CREATIONS = [
    'lib.tensor(2.0)', 'lib.tensor(3)', 'lib.tensor(True)', 'lib.tensor([1, 2.5])',
    'lib.tensor([[1, 2], [3, 4]])', 'lib.tensor([True, 2])', 'lib.tensor([])',
    'lib.tensor([[]])', 'lib.tensor(np.arange(3, dtype=np.float64))',
    'lib.as_tensor(np.float64(1.5))', 'lib.as_tensor(np.float32(2), dtype=lib.float64)',
    'lib.relu_(lib.tensor([-1.0, 2.0]))',
    'lib.tensor(np.arange(3, dtype=np.int32))', 'lib.tensor(np.float64(1.5))',
    'lib.tensor([1, 2], dtype=lib.float64)', 'lib.tensor(2.7, dtype=lib.int64)',
    'lib.tensor((1, 2))', 'lib.as_tensor([1.5, 2])', 'lib.as_tensor(np.ones(2))',
    'lib.zeros(2, 3)', 'lib.zeros((2, 3))', 'lib.zeros([2, 3], dtype=lib.int32)',
    'lib.zeros(lib.Size([2]))', 'lib.zeros(())', 'lib.ones(0)', 'lib.ones(2, 1, dtype=lib.bool)',
    'lib.full((2,), 3)', 'lib.full((2,), 3.0)', 'lib.full((2,), True)',
    'lib.full((2, 2), 1.5, dtype=lib.float64)', 'lib.arange(5)', 'lib.arange(1, 4)',
    'lib.arange(0, 1, 0.1)', 'lib.arange(1, 2.5, 0.5)', 'lib.arange(10, 0, -3)',
    'lib.arange(0, 1, 0.1, dtype=lib.float64)', 'lib.arange(5.0)', 'lib.arange(-1.5, 2)',
    'lib.arange(0, 5, 1.5, dtype=lib.int64)', 'lib.arange(0, 7, 2.5, dtype=lib.int32)',
    'lib.arange(-7, 3, 2.9, dtype=lib.int64)', 'lib.arange(10, 0, -3, dtype=lib.int16)',
    'lib.arange(0.1, 0.5, 0.1)', 'lib.arange(1, 0, -0.1)', 'lib.arange(3, dtype=lib.float16)',
    'lib.linspace(0, 1, 5)', 'lib.linspace(0, 1, 7)', 'lib.linspace(-2, 3, 11)',
    'lib.linspace(0, 1, 1)', 'lib.linspace(0, 10, 6, dtype=lib.float64)',
    'lib.linspace(0, 10, 4, dtype=lib.int64)', 'lib.logspace(0, 2, 3)', 'lib.eye(3)',
    'lib.eye(2, 3)', 'lib.eye(2, dtype=lib.int64)',
    'lib.zeros_like(lib.ones(2, 3, dtype=lib.int32))',
    'lib.ones_like(lib.ones(2, requires_grad=True))',
    'lib.full_like(lib.ones(2), 7)', 'lib.zeros_like(lib.ones(2), dtype=lib.float64)',
    'lib.ones(2, 3).new_zeros(4)', 'lib.ones(2, dtype=lib.int32).new_ones((2, 2))',
    'lib.ones(2).new_full((3,), 2.5)', 'lib.ones(2).new_tensor([1, 2])',
    'lib.ones(2, dtype=lib.float64).new_tensor([1, 2])', 'lib.empty(2, 3).shape',
    'lib.empty_like(lib.ones(2, dtype=lib.int32)).dtype', 'lib.Tensor([1, 2])',
    'lib.Tensor(2, 3).shape', 'lib.Tensor().shape',
]

ERRORS = ["lib.tensor([[1, 2], [3]])", "lib.tensor([[1, 2], 3])", "lib.tensor('a')",
          'lib.tensor(2 ** 70)', 'lib.arange(0, 10, -1)', 'lib.arange(0, 10, 0)',
          'lib.zeros(2, dtype=lib.int64, requires_grad=True)', 'lib.zeros(-1)',
          'lib.randint(5, 5, (2,))', 'lib.from_numpy([1])', "lib.zeros(2, device='cuda')",
          "lib.tensor([1, 'a'])", "lib.tensor(['a', 1])", "lib.tensor([[1], ['a']])",
          "lib.tensor([b'a'])", "lib.tensor([1.0, None])", "lib.tensor([[1], [None]])",
          'lib.tensor([1, object()])', 'lib.tensor([1, [2]])', 'lib.tensor([1.0, [2]])',
          'lib.tensor([[1, 2], [3, (4,)]])', 'lib.tensor([[2], 1])', 'lib.cat([])',
          'lib.relu(lib.tensor([True]))', 'lib.relu(lib.tensor([1j]))']


def _build(lib, source):
    return eval(source, {'lib': lib, 'np': np})


def _compare(actual, expected):
    if isinstance(expected, torch.Tensor):
        assert repr(actual) == repr(expected)
        assert str(actual.dtype) == str(expected.dtype)
        np.testing.assert_array_equal(actual.detach().numpy(), expected.detach().numpy())
    else:
        assert str(actual) == str(expected)


@pytest.mark.parametrize('source', CREATIONS)
def test_creation(source):
    _compare(_build(ember, source), _build(torch, source))


@pytest.mark.parametrize('source', ERRORS)
def test_creation_errors(source):
    with pytest.raises(BaseException) as expected:
        _build(torch, source)
    with pytest.raises(BaseException) as actual:
        _build(ember, source)
    assert type(actual.value) is type(expected.value)
    assert str(actual.value) == str(expected.value)


def test_from_numpy_and_as_tensor_share_memory():
    array = np.array([1.0, 2.0])
    t = ember.from_numpy(array)
    t[0] = 5
    assert array[0] == 5
    ember.as_tensor(array)[1] = 7
    assert array[1] == 7
    assert ember.tensor(array).numpy() is not array


def test_tensor_copies_and_warns_for_a_tensor():
    source = ember.ones(2)
    with pytest.warns(UserWarning, match='To copy construct from a tensor'):
        copy = ember.tensor(source)
    copy[0] = 3
    assert source[0].item() == 1


def test_random_creation():
    ember.manual_seed(0)
    a = ember.rand(3, 4)
    ember.manual_seed(0)
    b = ember.rand(3, 4)
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert a.dtype is ember.float32 and a.shape == (3, 4)
    assert ((a.numpy() >= 0) & (a.numpy() < 1)).all()
    n = ember.randn(2000, dtype=ember.float64)
    assert n.dtype is ember.float64 and abs(n.mean().item()) < 0.1
    assert abs(n.numpy().std() - 1) < 0.1
    r = ember.randint(3, 7, (1000,))
    assert r.dtype is ember.int64 and set(r.tolist()) == {3, 4, 5, 6}
    assert ember.randint(5, (2, 2)).shape == (2, 2)
    g = ember.Generator().manual_seed(1)
    assert ember.randn(3, generator=g).shape == (3,)
    assert sorted(ember.randperm(5).tolist()) == [0, 1, 2, 3, 4]
    assert ember.rand(2, requires_grad=True).requires_grad
