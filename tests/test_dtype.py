"""dtypes and torch's type promotion, compared with torch over every pair of dtypes."""
import itertools
import operator

import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')

DTYPES = ['bool', 'uint8', 'int8', 'int16', 'int32', 'int64', 'float16', 'float32', 'float64',
          'complex64', 'complex128']
SCALARS = [True, 2, -3, 2.5, 1 + 2j]


def _tensor(lib, dtype, zero_dim=False):
    shape = () if zero_dim else (3,)
    return lib.ones(shape, dtype=getattr(lib, dtype))


def _same_dtype(a, b):
    assert str(a.dtype) == str(b.dtype)


@pytest.mark.parametrize('a,b', list(itertools.product(DTYPES, DTYPES)))
def test_promote_types(a, b):
    expected = torch.promote_types(getattr(torch, a), getattr(torch, b))
    assert str(ember.promote_types(getattr(ember, a), getattr(ember, b))) == str(expected)


@pytest.mark.parametrize('a,b', list(itertools.product(DTYPES[:9], DTYPES[:9])))
@pytest.mark.parametrize('ranks', ['dim-dim', 'dim-0d', '0d-dim', '0d-0d'])
def test_binary_result_dtype_by_rank(a, b, ranks):
    left_0d, right_0d = (r == '0d' for r in ranks.split('-'))
    expected = _tensor(torch, a, left_0d) * _tensor(torch, b, right_0d)
    actual = _tensor(ember, a, left_0d) * _tensor(ember, b, right_0d)
    _same_dtype(actual, expected)


@pytest.mark.parametrize('dtype', DTYPES[:9])
@pytest.mark.parametrize('scalar', SCALARS[:4])
@pytest.mark.parametrize('op', [operator.add, operator.mul, operator.truediv, operator.lt],
                         ids=['add', 'mul', 'truediv', 'lt'])
def test_tensor_scalar_result_dtype(dtype, scalar, op):
    expected = op(_tensor(torch, dtype), scalar)
    actual = op(_tensor(ember, dtype), scalar)
    _same_dtype(actual, expected)
    np.testing.assert_array_equal(actual.numpy(), expected.numpy())


@pytest.mark.parametrize('dtype', ['bool', 'uint8', 'int32', 'int64', 'float16', 'float64'])
def test_unary_float_ops_promote_integers_to_default_float(dtype):
    for name in ('exp', 'sqrt', 'sin', 'sigmoid'):
        _same_dtype(getattr(ember, name)(_tensor(ember, dtype)),
                    getattr(torch, name)(_tensor(torch, dtype)))


@pytest.mark.parametrize('dtype', ['bool', 'uint8', 'int8', 'int32', 'int64', 'float16'])
def test_sum_of_integers_is_int64(dtype):
    _same_dtype(_tensor(ember, dtype).sum(), _tensor(torch, dtype).sum())
    _same_dtype(_tensor(ember, dtype).sum(0), _tensor(torch, dtype).sum(0))


def test_integer_division_gives_float():
    _same_dtype(ember.tensor([3]) / ember.tensor([2]), torch.tensor([3]) / torch.tensor([2]))
    _same_dtype(ember.tensor([3]) / 2, torch.tensor([3]) / 2)


def test_default_dtype():
    assert ember.get_default_dtype() is ember.float32
    assert ember.tensor(1.0).dtype is ember.float32
    assert ember.tensor(1).dtype is ember.int64
    assert ember.tensor(True).dtype is ember.bool
    ember.set_default_dtype(ember.float64)
    assert ember.tensor(1.0).dtype is ember.float64
    assert (ember.ones(2, dtype=ember.int32) * 2.5).dtype is ember.float64
    assert ember.tensor(1 + 1j).dtype is ember.complex128
    with pytest.raises(TypeError, match='only floating-point types are supported as the '
                                        'default type'):
        ember.set_default_dtype(ember.int64)


def test_dtype_attributes_match_torch():
    for name in DTYPES:
        ours, theirs = getattr(ember, name), getattr(torch, name)
        assert ours.is_floating_point == theirs.is_floating_point
        assert ours.is_complex == theirs.is_complex
        assert ours.is_signed == theirs.is_signed
        assert ours.itemsize == theirs.itemsize
        assert repr(ours) == repr(theirs)
    for alias, name in [('float', 'float32'), ('double', 'float64'), ('half', 'float16'),
                        ('long', 'int64'), ('int', 'int32'), ('short', 'int16'),
                        ('cfloat', 'complex64'), ('cdouble', 'complex128')]:
        assert getattr(ember, alias) is getattr(ember, name)


def test_numpy_scalars_are_treated_as_numbers():
    _same_dtype(ember.ones(3) * np.float64(2.0), torch.ones(3) * np.float64(2.0))
    _same_dtype(ember.ones(3, dtype=ember.int32) * np.int64(2),
                torch.ones(3, dtype=torch.int32) * np.int64(2))


def test_out_of_range_python_integers_wrap_as_in_torch():
    for dtype, value in [('int8', 1000), ('uint8', -2)]:
        expected = _tensor(torch, dtype) + value
        actual = _tensor(ember, dtype) + value
        np.testing.assert_array_equal(actual.numpy(), expected.numpy())


def test_only_floating_tensors_require_grad():
    with pytest.raises(RuntimeError) as expected:
        torch.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError) as actual:
        ember.tensor([1, 2], requires_grad=True)
    assert str(actual.value) == str(expected.value)
    with pytest.raises(RuntimeError) as expected:
        torch.tensor([1, 2]).requires_grad_()
    with pytest.raises(RuntimeError) as actual:
        ember.tensor([1, 2]).requires_grad_()
    assert str(actual.value) == str(expected.value)
