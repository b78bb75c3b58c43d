"""The small non-op functions of ember/ops/extras*.py against torch: predicates, dtype queries,
thread-count bookkeeping, index construction, the Tensor query properties, and in-place
behaviours the op table cannot express."""
import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')


def _outcome(expression, **names):
    """What `expression` gives with lib = torch or ember: ('value', repr) or (type, message)."""
    results = []
    for lib in (torch, ember):
        scope = {'lib': lib, 't': lib.tensor, 'np': np, **names}
        try:
            value = eval(expression, scope)  # noqa: S307 - test expressions written here
        except Exception as error:  # noqa: BLE001 - compared with torch's
            results.append((type(error).__name__, str(error)))
            continue
        if isinstance(value, (torch.Tensor, ember.Tensor)):
            results.append(('tensor', str(value.dtype), tuple(value.shape),
                            value.detach().numpy().tolist()))
        elif isinstance(value, (torch.dtype, ember.dtype)):
            results.append(('dtype', str(value)))
        elif isinstance(value, (torch.device, ember.device)):
            results.append(('device', str(value)))
        else:
            results.append(('value', repr(value)))
    return results


PREDICATES = [
    'lib.is_tensor(t([1.0]))', 'lib.is_tensor(3)', 'lib.is_tensor([1])',
    'lib.is_storage(t([1.0]))',
    'lib.is_floating_point(t([1.0]))', 'lib.is_floating_point(t([1]))',
    'lib.is_floating_point(3)', 'lib.is_complex(t([1.0]))', 'lib.is_complex(3)',
    'lib.is_nonzero(t([1.5]))', 'lib.is_nonzero(t(0))', 'lib.is_nonzero(t([[False]]))',
    'lib.is_nonzero(t([]))', 'lib.is_nonzero(t([1, 2]))', 'lib.is_nonzero(3)',
    "lib.is_nonzero(t(float('nan')))",
    'lib.is_same_size(t([1]), t([2]))', 'lib.is_same_size(t([1]), t([[2]]))',
    'lib.is_same_size(t([1]), 3)',
    'lib.is_signed(t([1]))', 'lib.is_signed(t([1], dtype=lib.uint8))',
    'lib.is_signed(t([True]))', 'lib.is_signed(t([1.0]))',
    'lib.is_signed(t([1], dtype=lib.int8))',
    'lib.is_inference(t([1.0]))', 'lib.is_conj(t([1.0]))', 'lib.is_neg(t([1.0]))',
    'lib.numel(t([[1, 2]]))', 'lib.numel(t(1))', 'lib.numel(3)',
    'lib.typename(t([1.0]))', 'lib.typename(t([1]))', 'lib.typename(3)',
    'lib.typename(t([1.0], dtype=lib.float64))',
    't([1.0]).is_signed()', 't([True]).is_signed()', 't([2.0]).is_nonzero()',
    't([2.0]).is_same_size(t([3.0]))', 't([1.0]).is_conj()', 't([1.0]).is_neg()',
    't([1.0]).is_inference()', 't([1.0]).is_shared()', 't([1.0]).is_pinned()',
    't([1.0]).is_cpu', 't([1.0]).is_sparse_csr', 't([1.0]).is_mkldnn', 't([1.0]).is_mps',
    't([1.0]).is_xla', 't([1.0]).is_xpu', 't([1.0]).is_nested', 't([1.0]).is_vulkan',
    't([1.0]).is_ipu', 't([1.0]).is_maia', 't([1.0]).is_mtia',
]

DTYPES = [
    'lib.can_cast(lib.float32, lib.int32)', 'lib.can_cast(lib.int32, lib.float32)',
    'lib.can_cast(lib.int64, lib.uint8)', 'lib.can_cast(lib.uint8, lib.int8)',
    'lib.can_cast(lib.bool, lib.uint8)', 'lib.can_cast(lib.uint8, lib.bool)',
    'lib.can_cast(lib.complex64, lib.float64)', 'lib.can_cast(lib.float64, lib.complex64)',
    'lib.can_cast(lib.float16, lib.float64)', 'lib.can_cast(1, lib.float64)',
    'lib.can_cast(lib.float64, 1.0)',
    'lib.result_type(t([1]), 1.0)', 'lib.result_type(1, 1.0)', 'lib.result_type(1, True)',
    'lib.result_type(1, t(1.0, dtype=lib.float64))', 'lib.result_type(t([1]), t(1.0))',
    'lib.result_type(t([1], dtype=lib.int32), t([1], dtype=lib.uint8))',
    'lib.result_type(t([True]), 2)', 'lib.result_type(t([1.0]), 1j)',
    'lib.get_default_device()',
    'lib.scalar_tensor(3)', 'lib.scalar_tensor(3, dtype=lib.int64)', 'lib.scalar_tensor(True)',
    'lib.scalar_tensor(2.5, dtype=lib.float64)', 'lib.scalar_tensor(t(3.0))',
    'lib.scalar_tensor(t([3.0, 1.0]))',
]

TENSORS = [
    'lib.fill(t([1.0, 2.0]), 3)', 'lib.fill(t([1, 2]), 2.7)', 'lib.fill(t([1.0]), t(4.0))',
    'lib.fill(t([1.0]), t([4.0, 5.0]))', 'lib.fill_(t([1.0, 2.0]), 5)', 'lib.zero_(t([1, 2]))',
    'lib.detach(t([1.0]))',
    'lib.conj(t([1.0, -2.0]))', 'lib.resolve_conj(t([1.0]))', 'lib.resolve_neg(t([1.0]))',
    'lib.real(t([1.0, 2.0]))', 'lib.imag(t([1.0, 2.0]))', 'lib.isreal(t([1.0, 2.0]))',
    'lib.isreal(t([1, 2]))', 't([1.0]).real', 't([1.0]).imag', 't([1.0, 3]).conj()',
    't([3.0]).isreal()', 't([1.0]).resolve_conj()',
    'lib.greater(t([1, 2]), 1)', 'lib.less_equal(t([1.0, 2.0]), t([2.0, 2.0]))',
    'lib.not_equal(t([1, 2]), t([1, 3]))', 'lib.greater_equal(t([1.0]), 1.0)',
    'lib.less(t([1, 2]), 2)', 'lib.divide(t([1, 2]), 2)',
    "lib.divide(t([1, -3]), 2, rounding_mode='floor')", 'lib.multiply(t([1, 2]), 2.5)',
    'lib.subtract(t([1, 2]), 1, alpha=2)', 'lib.negative(t([1, 2]))',
    'lib.absolute(t([-1, 2]))',
    'lib.tril_indices(3, 3)', 'lib.triu_indices(3, 4, 1)', 'lib.tril_indices(4, 3, -1)',
    'lib.tril_indices(3, 4, -1, dtype=lib.int32)', 'lib.tril_indices(0, 0)',
    'lib.triu_indices(4, 2, -1)', 'lib.triu_indices(3, 3, 5)', 'lib.tril_indices(-1, 0)',
    'lib.triu_indices(2, -3)', 'lib.tril_indices(3, 3, dtype=lib.float32)',
    't([1, 2]).greater_(1)', 't([1.0, 5.0]).less_(t([2.0, 2.0]))',
    't([1, 2]).eq_(t([1, 3]))', 't([1.0, 2.0]).eq_(t([[1.0, 2.0]]))',
    't([True, False]).eq_(t([1.0, 0.0]))', 't([1, 0]).logical_and_(t([1.0, 1.0]))',
    't([1, 2]).logical_not_()', 't([5, 3]).bitwise_and_(6)', 't([5, 3]).bitwise_not_()',
    't([True, False]).bitwise_xor_(t([True, True]))', 't([1.0]).bitwise_or_(1)',
    't([1, 2]).bitwise_and_(1.5)',
    't([3.0, 4.0]).sum_to_size(1)', 't([[1.0, 2.0]]).sum_to_size(2)',
    'lib.unravel_index(t([4, 7]), (2, 4))', 'lib.unravel_index(t([4, 7]), 4)',
    'lib.unravel_index(t([8, -1]), (2, 4))', 'lib.unravel_index(t(3), (2, 4))',
    'lib.unravel_index(t([3]), ())', 'lib.unravel_index(t([[3, 5]]), lib.Size([2, 4]))',
    'lib.unravel_index(t([1.0]), (2, 4))', 'lib.unravel_index(t([3]), (2, -4))',
    'lib.unravel_index(t([3, 2]), (0, 4))', 'lib.unravel_index(t([3, 2]), (4, 0))',
    'lib.unravel_index(t([], dtype=lib.int64), (0, 4))',
    '2 in t([1.0, 2.0])', '5 in t([1, 2])', 't(3.0) in t([1.0, 3.0])', "'a' in t([1.0])",
    'list(reversed(t([1.0, 2.0, 3.0])))', 'reversed(t(2.0))',
    'lib.ones(2, 3).t().dim_order()', 'lib.ones(2, 3, 4).permute(2, 0, 1).dim_order()',
    't([1.0, 2.0]).cdouble().dtype', 't([1, 2]).cfloat().dtype',
    'lib.asarray([1, 2])', 'lib.asarray(3.5)', 'lib.asarray(t([1.0]), dtype=lib.float64)',
    'lib.asarray(t([1.0]), dtype=lib.float64, copy=False)',
    'lib.asarray(np.array([1, 2]), copy=False, dtype=lib.float32)',
    'lib.asarray([1, 2], dtype=lib.float32, requires_grad=True).requires_grad',
]


@pytest.mark.parametrize('expression', PREDICATES + DTYPES + TENSORS)
def test_against_torch(expression):
    expected, actual = _outcome(expression)
    assert actual == expected, expression


def test_thread_counts_are_kept():
    before = ember.get_num_threads()
    try:
        assert ember.set_num_threads(3) is None
        assert ember.get_num_threads() == 3
    finally:
        ember.set_num_threads(before)
    assert ember.get_num_interop_threads() >= 1


@pytest.mark.parametrize('value, message', [
    (0, 'set_num_threads expects a positive integer'),
    (-1, 'set_num_threads expects a positive integer'),
    (2.0, 'set_num_threads expects an int, but got float'),
])
def test_thread_count_errors(value, message):
    for lib in (torch, ember):
        with pytest.raises(RuntimeError, match=message):
            lib.set_num_threads(value)


def test_in_place_comparison_records_zero_gradient():
    grads = []
    for lib in (torch, ember):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        other = lib.tensor([2.0, 2.0, 2.0], requires_grad=True)
        y = x * 1
        y.lt_(other)
        assert type(y.grad_fn).__name__ == 'LtBackward1'
        grads.append([g.numpy().tolist() for g in lib.autograd.grad(y.sum(), [x, other])])
    assert grads[0] == grads[1] == [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]


def test_in_place_logical_op_is_not_recorded():
    for lib in (torch, ember):
        leaf = lib.tensor([1.0, 0.0], requires_grad=True)
        leaf.logical_and_(lib.tensor([1.0, 1.0]))  # torch allows it on a leaf
        assert leaf.grad_fn is None and leaf.requires_grad
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x * 3
        version = y._version
        y.logical_not_()
        assert type(y.grad_fn).__name__ == 'MulBackward0'
        assert y._version == version + 1
        (grad,) = lib.autograd.grad(y.sum(), x)
        assert grad.tolist() == [3.0, 3.0]


def test_dist_p_zero_gradients():
    """p = 0 has no gradient; asking for other's, torch fails with another message (see
    ember/ops/extras_math.py), so only the exception type is compared there."""
    for lib in (torch, ember):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = lib.tensor([1.0, 3.0])
        with pytest.raises(RuntimeError, match='appears to not have been used in the graph'):
            lib.autograd.grad(lib.dist(x, y, 0), x)
        y.requires_grad_()
        with pytest.raises(RuntimeError):
            lib.autograd.grad(lib.dist(x, y, 0), y)


def test_vander_backward_fails_as_torch():
    for lib in (torch, ember):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        with pytest.raises(RuntimeError, match='modified by an inplace operation'):
            lib.vander(x).sum().backward()


def test_cov_warns_without_degrees_of_freedom():
    for lib in (torch, ember):
        with pytest.warns(UserWarning, match='degrees of freedom is <= 0'):
            result = lib.cov(lib.tensor([[1.0]]))
        assert np.isnan(result.item())


def test_top_level_losses_default_to_no_reduction():
    x = np.linspace(-1, 1, 6).reshape(2, 3)
    target = np.linspace(0.1, 0.9, 6).reshape(2, 3)
    shapes = [tuple(lib.kl_div(lib.tensor(x), lib.tensor(target)).shape) for lib in (torch, ember)]
    assert shapes[0] == shapes[1] == (2, 3)


def test_batch_norm_updates_running_stats():
    x = np.linspace(-2, 2, 24).reshape(4, 3, 2)
    stats = []
    for lib in (torch, ember):
        mean, var = lib.zeros(3, dtype=lib.float64), lib.ones(3, dtype=lib.float64)
        lib.batch_norm(lib.tensor(x), None, None, mean, var, True, 0.2, 1e-5, False)
        stats.append((mean.numpy().round(12).tolist(), var.numpy().round(12).tolist()))
    assert stats[0] == stats[1]


def test_asarray_shares_memory():
    for lib in (torch, ember):
        array = np.array([1.0, 2.0])
        shared = lib.asarray(array)
        copied = lib.asarray(array, copy=True)
        array[0] = 9.0
        assert shared.tolist() == [9.0, 2.0] and copied.tolist() == [1.0, 2.0]
        x = lib.tensor([1.0, 2.0])
        assert lib.asarray(x) is x and lib.asarray(x, copy=True) is not x
        assert lib.asarray(x, requires_grad=True) is x and x.requires_grad


def test_global_switches_are_kept():
    """Each library's setting is changed, read back and restored (torch's too, so that other
    tests see its defaults)."""
    for lib in (torch, ember):
        deterministic = lib.are_deterministic_algorithms_enabled()
        warn_only = lib.is_deterministic_algorithms_warn_only_enabled()
        precision = lib.get_float32_matmul_precision()
        warn_always = lib.is_warn_always_enabled()
        try:
            lib.use_deterministic_algorithms(True, warn_only=True)
            assert lib.get_deterministic_debug_mode() == 1
            lib.set_deterministic_debug_mode('error')
            assert lib.are_deterministic_algorithms_enabled()
            assert not lib.is_deterministic_algorithms_warn_only_enabled()
            assert lib.get_deterministic_debug_mode() == 2
            lib.set_deterministic_debug_mode(0)
            assert not lib.are_deterministic_algorithms_enabled()
            for bad, message in ((5, 'expected 0, 1, or 2, but got 5'),
                                 ('foo', 'one of `default`, `warn`, `error`, but got foo')):
                with pytest.raises(RuntimeError, match=message):
                    lib.set_deterministic_debug_mode(bad)
            with pytest.raises(TypeError, match="argument 'mode' .position 1. must be bool"):
                lib.use_deterministic_algorithms(1)
            lib.set_float32_matmul_precision('high')
            assert lib.get_float32_matmul_precision() == 'high'
            with pytest.warns(UserWarning, match='foo is not one of'):
                lib.set_float32_matmul_precision('foo')
            assert lib.get_float32_matmul_precision() == 'high'
            lib.set_warn_always(True)
            assert lib.is_warn_always_enabled()
        finally:
            lib.use_deterministic_algorithms(deterministic, warn_only=warn_only)
            lib.set_float32_matmul_precision(precision)
            lib.set_warn_always(warn_always)
    assert ember.set_flush_denormal(True) is False  # NumPy cannot flush denormals


WINDOWS = ('hann_window', 'hamming_window', 'blackman_window', 'bartlett_window',
           'kaiser_window')


@pytest.mark.parametrize('name', WINDOWS)
@pytest.mark.parametrize('length', [0, 1, 2, 5, 8, 33])
@pytest.mark.parametrize('periodic', [True, False])
@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_windows(name, length, periodic, dtype):
    expected = getattr(torch, name)(length, periodic, dtype=getattr(torch, dtype))
    actual = getattr(ember, name)(length, periodic, dtype=getattr(ember, dtype))
    assert str(actual.dtype) == str(expected.dtype) and actual.shape == expected.shape
    # ember rounds a float64 window once, torch computes in float32: the op table's tolerances
    tolerance = 1e-5 if dtype == 'float32' else 1e-12
    np.testing.assert_allclose(actual.numpy(), expected.numpy(), rtol=0, atol=tolerance)


def test_window_settings_and_errors():
    for lib in (torch, ember):
        window = lib.hamming_window(7, False, 0.6, 0.3, requires_grad=True)
        assert window.requires_grad and window.is_leaf
        np.testing.assert_allclose(window.detach().numpy(),
                                   torch.hamming_window(7, False, 0.6, 0.3).numpy(), atol=1e-5)
        np.testing.assert_allclose(lib.kaiser_window(6, True, 5.0).numpy(),
                                   torch.kaiser_window(6, True, 5.0).numpy(), atol=1e-5)
    for expression in ('lib.hann_window(-1)', 'lib.blackman_window(4, dtype=lib.int64)'):
        expected, actual = _outcome(expression)
        assert actual == expected, expression
