"""nn.utils gradient utilities against torch: norm clipping, value clipping, total norms and
parameter <-> vector conversion."""
import warnings

import numpy as np
import pytest

import ember
import ember.nn.utils  # noqa: F401 - see the report: ember.nn does not import utils yet

torch = pytest.importorskip('torch')
import torch.nn.utils  # noqa: E402,F401

SHAPES = [(4, 5), (3,), (), (2, 0)]


def grads_for(lib, dtype=np.float32, scale=3.0, seed=0, shapes=SHAPES, none_at=()):
    rng = np.random.default_rng(seed)
    params = []
    for i, shape in enumerate(shapes):
        p = lib.zeros(shape, dtype=getattr(lib, np.dtype(dtype).name), requires_grad=True)
        if i not in none_at:
            p.grad = lib.tensor(np.asarray(rng.standard_normal(shape) * scale, dtype=dtype))
        params.append(p)
    return params


def grads_of(params):
    return [None if p.grad is None else np.array(p.grad.numpy()) for p in params]


def assert_grads_close(ours, theirs, rtol=1e-6):
    for a, b in zip(grads_of(ours), grads_of(theirs)):
        assert (a is None) == (b is None)
        if b is not None:
            np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-7)


@pytest.mark.parametrize('dtype', [np.float32, np.float64])
@pytest.mark.parametrize('norm_type', [2, 2.0, 1, 3.5, float('inf'), -float('inf'), 0, 'inf'])
@pytest.mark.parametrize('max_norm', [0.5, 1e3])
@pytest.mark.parametrize('foreach', [None, False, True])
def test_clip_grad_norm(dtype, norm_type, max_norm, foreach):
    shapes = SHAPES[:3] if norm_type in (float('inf'), -float('inf'), 'inf') else SHAPES
    results = []
    for lib in (ember, torch):
        params = grads_for(lib, dtype, shapes=shapes, none_at=(1,))
        total = lib.nn.utils.clip_grad_norm_(params, max_norm, norm_type, foreach=foreach)
        results.append((params, total))
    (ours, our_total), (theirs, their_total) = results
    assert our_total.dtype == getattr(ember, str(their_total.dtype).split('.')[-1])
    assert our_total.shape == ()
    np.testing.assert_allclose(our_total.item(), their_total.item(), rtol=1e-6)
    assert_grads_close(ours, theirs)


def test_clip_grad_norm_single_tensor_and_version():
    results = []
    for lib in (ember, torch):
        (p,) = grads_for(lib, shapes=[(6,)])
        grad = p.grad
        version = grad._version
        total = lib.nn.utils.clip_grad_norm_(p, 1.0)
        results.append((total.item(), p.grad is grad, grad._version - version, p.grad.tolist()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-6)
    assert results[0][1:3] == results[1][1:3]
    np.testing.assert_allclose(results[0][3], results[1][3], rtol=1e-6)


def test_clip_grad_norm_mixed_dtypes():
    results = []
    for lib in (ember, torch):
        a = grads_for(lib, np.float32, shapes=[(3, 2)], seed=1)
        b = grads_for(lib, np.float64, shapes=[(4,)], seed=2)
        total = lib.nn.utils.clip_grad_norm_(a + b, 0.1)
        results.append((a + b, total))
    assert str(results[0][1].dtype) == str(results[1][1].dtype)
    np.testing.assert_allclose(results[0][1].item(), results[1][1].item(), rtol=1e-6)
    assert_grads_close(results[0][0], results[1][0])


def test_nonfinite_norm():
    results = []
    for lib in (ember, torch):
        params = grads_for(lib, shapes=[(3,)])
        with torch.no_grad():
            params[0].grad[1] = float('inf')
        with pytest.raises(RuntimeError) as info:
            lib.nn.utils.clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
        message = str(info.value)
        total = lib.nn.utils.clip_grad_norm_(params, 1.0)
        results.append((message, total.item(), grads_of(params)))
    assert results[0][0] == results[1][0]
    assert results[0][1] == results[1][1]
    np.testing.assert_array_equal(results[0][2][0], results[1][2][0])


def test_empty_parameters():
    for lib in (ember, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            total = lib.nn.utils.clip_grad_norm_((p for p in []), 1.0)
        assert total.item() == 0.0 and str(total.dtype).endswith('float32')
        assert [str(w.message) for w in caught] == [
            '`parameters` is an empty generator, no gradient clipping will occur.']
        assert lib.nn.utils.clip_grad_norm_([], 1.0).item() == 0.0
        assert lib.nn.utils.clip_grad_norm_(grads_for(lib, none_at=(0, 1, 2, 3)),
                                            1.0).item() == 0.0


def test_deprecated_clip_grad_norm():
    for lib in (ember, torch):
        params = grads_for(lib)
        with pytest.warns(FutureWarning, match='clip_grad_norm_'):
            lib.nn.utils.clip_grad_norm(params, 1.0)


def test_get_total_norm_and_clip_grads_with_norm():
    results = []
    for lib in (ember, torch):
        params = grads_for(lib)
        total = lib.nn.utils.get_total_norm([p.grad for p in params], 3.0)
        lib.nn.utils.clip_grads_with_norm_(params, 2.0, total)
        results.append((params, total.item()))
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-6)
    assert_grads_close(results[0][0], results[1][0])


def test_total_norm_errors():
    for case in ('empty inf', 'integer'):
        messages = []
        for lib in (ember, torch):
            tensors = {'empty inf': [lib.zeros(0)], 'integer': [lib.ones(2, dtype=lib.int64)]}
            try:
                lib.nn.utils.get_total_norm(tensors[case], float('inf'), foreach=False)
            except RuntimeError as error:
                messages.append(str(error))
        assert len(messages) == 2 and messages[0] == messages[1]


@pytest.mark.parametrize('clip_value', [0.5, 2, -1.0])
def test_clip_grad_value(clip_value):
    results = []
    for lib in (ember, torch):
        params = grads_for(lib, none_at=(2,))
        with torch.no_grad():
            params[0].grad[0, 0] = float('nan')
        assert lib.nn.utils.clip_grad_value_(params, clip_value) is None
        results.append(params)
    for a, b in zip(grads_of(results[0]), grads_of(results[1])):
        assert (a is None) == (b is None)
        if b is not None:
            np.testing.assert_array_equal(a, b)


def test_clip_grad_value_single_tensor():
    results = []
    for lib in (ember, torch):
        (p,) = grads_for(lib, shapes=[(5,)])
        lib.nn.utils.clip_grad_value_(p, 1.0)
        results.append(p.grad.tolist())
    assert results[0] == results[1]


def test_parameters_to_vector_and_back():
    results = []
    for lib in (ember, torch):
        params = [lib.nn.Parameter(lib.arange(6.0).reshape(2, 3)),
                  lib.nn.Parameter(lib.tensor([7.0, 8.0])), lib.nn.Parameter(lib.tensor(9.0))]
        vec = lib.nn.utils.parameters_to_vector(params)
        name = type(vec.grad_fn).__name__
        (vec * lib.arange(9.0)).sum().backward()
        lib.nn.utils.vector_to_parameters(lib.arange(10.0, 19.0), params)
        results.append((vec.tolist(), name, [p.grad.tolist() for p in params],
                        [p.tolist() for p in params], [p.is_leaf for p in params]))
    assert results[0] == results[1]


def test_vector_to_parameters_rejects_non_tensors():
    messages = []
    for lib in (ember, torch):
        with pytest.raises(TypeError) as info:
            lib.nn.utils.vector_to_parameters([1.0, 2.0], [lib.zeros(2)])
        messages.append(str(info.value))
    assert messages[0] == messages[1]
