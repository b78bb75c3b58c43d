"""repr and str against torch's, over a table of tensors and print options."""
import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')

_RNG = np.random.default_rng(7)
_NORMAL = _RNG.standard_normal((6, 40))

# each entry builds a tensor from `lib` (ember or torch) and `np`
TENSORS = {
    'scalar_float': 'lib.tensor(4.0)',
    'scalar_fraction': 'lib.tensor(2.5)',
    'scalar_negative_zero': 'lib.tensor(-0.0)',
    'scalar_int': 'lib.tensor(3)',
    'scalar_bool': 'lib.tensor(True)',
    'scalar_small': 'lib.tensor(1e-5)',
    'scalar_large': 'lib.tensor(123456789.0)',
    'scalar_double': 'lib.tensor(1.5, dtype=lib.float64)',
    'scalar_nan': "lib.tensor(float('nan'))",
    'vector_float': 'lib.tensor([1.0, 2.5])',
    'vector_integral_floats': 'lib.tensor([1.0, 2.0, -3.0])',
    'vector_int': 'lib.tensor([1, 2, 300])',
    'vector_negative_int': 'lib.tensor([-1, 20, -300])',
    'vector_bool': 'lib.tensor([True, False])',
    'vector_sci': 'lib.tensor([1e-5, 1e3])',
    'vector_big': 'lib.tensor([1e10, 1.0])',
    'vector_nonfinite': "lib.tensor([float('nan'), float('inf'), -1.5])",
    'vector_all_nonfinite': "lib.tensor([float('nan'), float('-inf')])",
    'vector_zeros': 'lib.zeros(3)',
    'vector_double': 'lib.tensor([1.0, 2.0], dtype=lib.float64)',
    'vector_half': 'lib.tensor([1.5, 2.0], dtype=lib.float16)',
    'vector_int32': 'lib.tensor([1, 2], dtype=lib.int32)',
    'vector_uint8': 'lib.tensor([1, 255], dtype=lib.uint8)',
    'vector_int8': 'lib.tensor([-1, 5], dtype=lib.int8)',
    'vector_int16': 'lib.tensor([-1, 5], dtype=lib.int16)',
    'vector_long_wrapped': 'lib.arange(40.0) / 7',
    'vector_summarized': 'lib.arange(2000)',
    'vector_summarized_float': 'lib.arange(2000.0) / 3',
    'matrix': 'lib.tensor([[1.0, 2.0], [3.0, 4.5]])',
    'matrix_wide': 'lib.tensor(_NORMAL[:3, :30])',
    'matrix_summarized': 'lib.arange(2000.0).reshape(40, 50)',
    'matrix_int': 'lib.arange(12).reshape(3, 4)',
    'cube': 'lib.arange(24.0).reshape(2, 3, 4)',
    'cube_summarized': 'lib.arange(3000.0).reshape(10, 10, 30)',
    'four_d': 'lib.arange(16).reshape(2, 2, 2, 2)',
    'empty': 'lib.tensor([])',
    'empty_2d': 'lib.zeros(0, 3)',
    'empty_int': 'lib.zeros(0, 3, dtype=lib.int64)',
    'empty_double': 'lib.zeros(0, dtype=lib.float64)',
    'requires_grad': 'lib.ones(2, 3, requires_grad=True)',
    'grad_fn': 'lib.ones(2, 3, requires_grad=True) * 2',
    'grad_fn_scalar': '(lib.tensor(2.0, requires_grad=True) ** 2)',
    'grad_fn_double': 'lib.ones(2, dtype=lib.float64, requires_grad=True).sum()',
    'grad_fn_long_line': 'lib.tensor(_NORMAL[0, :7], requires_grad=True) * 1',
    'transposed': 'lib.tensor(_NORMAL[:2, :3]).t()',
    'mixed_magnitudes': 'lib.tensor([0.001, 1000.0, 12.5])',
}

OPTIONS = {
    'default': {},
    'precision_2': {'precision': 2},
    'sci_on': {'sci_mode': True},
    'sci_off': {'sci_mode': False},
    'threshold_5': {'threshold': 5},
    'edgeitems_1': {'threshold': 5, 'edgeitems': 1},
    'linewidth_40': {'linewidth': 40},
    'short_profile': {'profile': 'short'},
}


def _build(lib, source):
    return eval(source, {'lib': lib, 'np': np, '_NORMAL': _NORMAL})


@pytest.mark.parametrize('name', TENSORS)
def test_repr_and_str(name):
    expected = _build(torch, TENSORS[name])
    actual = _build(ember, TENSORS[name])
    assert repr(actual) == repr(expected)
    assert str(actual) == str(expected)


@pytest.mark.parametrize('options', OPTIONS)
@pytest.mark.parametrize('name', ['vector_float', 'vector_sci', 'matrix_wide', 'cube',
                                  'vector_summarized_float', 'scalar_fraction', 'vector_int'])
def test_print_options(options, name):
    try:
        torch.set_printoptions(**OPTIONS[options])
        ember.set_printoptions(**OPTIONS[options])
        assert repr(_build(ember, TENSORS[name])) == repr(_build(torch, TENSORS[name]))
    finally:
        torch.set_printoptions(profile='default')


def test_default_dtype_changes_the_dtype_suffix():
    try:
        torch.set_default_dtype(torch.float64)
        ember.set_default_dtype(ember.float64)
        for source in ('lib.tensor([1.5, 2.0])', 'lib.tensor([1.5], dtype=lib.float32)',
                       'lib.tensor([])'):
            assert repr(_build(ember, source)) == repr(_build(torch, source))
    finally:
        torch.set_default_dtype(torch.float32)


def test_dtype_size_and_device_print_as_torch():
    assert repr(ember.float32) == repr(torch.float32) == 'torch.float32'
    assert str(ember.int64) == str(torch.int64)
    assert repr(ember.ones(2, 3).shape) == repr(torch.ones(2, 3).shape)
    assert repr(ember.ones(2).device) == repr(torch.ones(2).device)
    assert repr(ember.ones(2).shape[1:]) == repr(torch.ones(2).shape[1:])


def test_format():
    for spec in ('', '.2f', '>8.3f'):
        assert format(ember.tensor(2.5), spec) == format(torch.tensor(2.5), spec)
    assert f'{ember.tensor([1.0, 2.0])}' == f'{torch.tensor([1.0, 2.0])}'
    with pytest.raises(TypeError, match='unsupported format string passed to Tensor'):
        format(ember.tensor([2.5]), '.2f')
