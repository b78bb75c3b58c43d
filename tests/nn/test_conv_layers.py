"""Convolution, pooling and padding behaviour the tables do not reach: initialisation,
constructor errors, dtype errors, warnings, second-order node names, layer attributes."""
import math
import re
import warnings

import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')


def _raises_like(make_torch, make_ember):
    with pytest.raises(Exception) as expected:
        make_torch()
    with pytest.raises(Exception) as actual:
        make_ember()
    assert type(actual.value) is type(expected.value)
    assert _sets_sorted(str(actual.value)) == _sets_sorted(str(expected.value))


def _sets_sorted(message):
    # A set literal's iteration order comes from the hash seed of the process that compiled it
    # into bytecode, so torch's printed sets and ember's agree only up to order.
    return re.sub(r'\{([^{}]*)\}', lambda m: '{' + ', '.join(sorted(m[1].split(', '))) + '}',
                  message)


# --- initialisation --------------------------------------------------------------------------

@pytest.mark.parametrize('name,args,kwargs', [
    ('Conv2d', (3, 8, 3), {}), ('Conv1d', (4, 6, 5), {'groups': 2}),
    ('Conv3d', (2, 4, 2), {}), ('ConvTranspose2d', (6, 4, 3), {'groups': 2}),
    ('ConvTranspose1d', (3, 5, 4), {})])
def test_default_initialisation_bounds(name, args, kwargs):
    """kaiming_uniform_(a=sqrt(5)) and a bias bound of 1/sqrt(fan_in), from ember's own RNG."""
    ember.manual_seed(0)
    layer = getattr(ember.nn, name)(*args, **kwargs)
    weight = layer.weight.detach().numpy()
    fan_in = weight.shape[1] * int(np.prod(weight.shape[2:]))
    bound = 1 / math.sqrt(fan_in)
    assert np.abs(weight).max() <= bound
    assert np.abs(weight).max() > 0.8 * bound
    assert abs(weight.mean()) < bound / 2
    bias = layer.bias.detach().numpy()
    assert np.abs(bias).max() <= bound
    reference = getattr(torch.nn, name)(*args, **kwargs)
    assert tuple(layer.weight.shape) == tuple(reference.weight.shape)
    assert tuple(layer.bias.shape) == tuple(reference.bias.shape)


def test_initialisation_is_uniform():
    ember.manual_seed(1)
    weight = ember.nn.Conv2d(16, 64, 3).weight.detach().numpy().ravel()
    bound = 1 / math.sqrt(16 * 9)
    counts, _ = np.histogram(weight, bins=10, range=(-bound, bound))
    expected = weight.size / 10
    assert ((counts - expected) ** 2 / expected).sum() < 30  # chi-square, 9 dof


def test_initialisation_follows_the_seed():
    ember.manual_seed(3)
    first = ember.nn.Conv2d(2, 3, 3).weight.detach().numpy()
    ember.manual_seed(3)
    second = ember.nn.Conv2d(2, 3, 3).weight.detach().numpy()
    np.testing.assert_array_equal(first, second)


def test_layer_attributes_match_torch():
    for make in (lambda nn: nn.Conv2d(3, 4, 3, padding='same'),
                 lambda nn: nn.Conv1d(2, 2, (3,), stride=2, padding_mode='circular'),
                 lambda nn: nn.ConvTranspose2d(2, 4, (1, 3), output_padding=(0, 1),
                                               stride=(1, 2)),
                 lambda nn: nn.MaxPool2d(3), lambda nn: nn.AvgPool1d(2, padding=1),
                 lambda nn: nn.AvgPool2d(2), lambda nn: nn.Upsample(scale_factor=(2, 3)),
                 lambda nn: nn.ReflectionPad2d((1, 2, 3, 4)), lambda nn: nn.ZeroPad1d(1)):
        ours, theirs = make(ember.nn), make(torch.nn)
        assert repr(ours) == repr(theirs)
        for name in ('kernel_size', 'stride', 'padding', 'dilation', 'output_padding', 'groups',
                     'padding_mode', '_reversed_padding_repeated_twice', 'scale_factor'):
            if hasattr(theirs, name):
                assert getattr(ours, name) == getattr(theirs, name), name


@pytest.mark.parametrize('make', [
    lambda nn: nn.Conv2d(3, 4, 3, groups=2), lambda nn: nn.Conv2d(4, 3, 3, groups=2),
    lambda nn: nn.Conv2d(4, 4, 3, groups=0), lambda nn: nn.Conv2d(4, 4, 3, padding='full'),
    lambda nn: nn.Conv2d(4, 4, 3, padding='same', stride=2),
    lambda nn: nn.Conv2d(4, 4, 3, padding_mode='mirror'),
    lambda nn: nn.ConvTranspose2d(4, 4, 3, padding_mode='reflect')])
def test_constructor_errors(make):
    _raises_like(lambda: make(torch.nn), lambda: make(ember.nn))


# --- dtype errors ----------------------------------------------------------------------------

@pytest.mark.parametrize('name,shapes,dtypes', [
    ('conv2d', ((2, 3, 5, 5), (4, 3, 3, 3)), ('float32', 'float64')),
    ('conv2d', ((1, 3, 5, 5), (4, 3, 3, 3)), ('float32', 'float64')),
    ('conv2d', ((2, 3, 5, 5), (4, 3, 3, 3)), ('float64', 'float32')),
    ('conv2d', ((2, 3, 5, 5), (4, 3, 3, 3), (4,)), ('float32', 'float32', 'float64')),
    ('conv1d', ((2, 3, 5), (4, 3, 3), (4,)), ('float64', 'float64', 'float32')),
    ('conv3d', ((1, 2, 3, 3, 3), (2, 2, 2, 2, 2)), ('float32', 'float64')),
    ('conv_transpose2d', ((2, 3, 4, 4), (3, 2, 3, 3)), ('float32', 'float64')),
    ('conv_transpose2d', ((2, 3, 4, 4), (3, 2, 3, 3), (2,)), ('float32', 'float32', 'float64'))])
def test_dtype_mismatch_errors(name, shapes, dtypes):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s) for s in shapes]

    def call(lib):
        tensors = [lib.tensor(a, dtype=getattr(lib, d)) for a, d in zip(arrays, dtypes)]
        return getattr(lib.nn.functional, name)(*tensors)
    _raises_like(lambda: call(torch), lambda: call(ember))


def test_transposed_bias_of_another_dtype_is_added():
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((1, 2, 3, 3)), rng.standard_normal((2, 2, 2, 2)), \
        rng.standard_normal(2)

    def call(lib):
        return lib.nn.functional.conv_transpose2d(lib.tensor(x), lib.tensor(w),
                                                  lib.tensor(b, dtype=lib.float32))
    expected, actual = call(torch), call(ember)
    assert str(actual.dtype) == str(expected.dtype)
    np.testing.assert_allclose(actual.numpy(), expected.numpy(), rtol=1e-6)


# --- warnings and messages that depend on grad mode ------------------------------------------

def test_same_padding_with_even_kernel_warns():
    """Once a process, as torch's TORCH_WARN_ONCE: forget an earlier warning first."""
    from ember.ops import shape
    shape._warned.discard("Using padding='same' with even kernel lengths and odd dilation may "
                          "require a zero-padded copy of the input be created")
    x, w = ember.randn(1, 2, 5, 5), ember.randn(3, 2, 2, 2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        ember.nn.functional.conv2d(x, w, padding='same')
    assert any("padding='same' with even kernel lengths" in str(w.message) for w in caught)


def test_upsample_is_deprecated():
    x = ember.randn(1, 1, 2, 2)
    with pytest.warns(UserWarning, match='nn.functional.upsample` is deprecated'):
        ember.nn.functional.upsample(x, scale_factor=2)


def test_max_pool1d_errors_with_grad():
    """With an input that requires grad, torch's max_pool1d runs its with-indices path, whose
    messages differ."""
    rng = np.random.default_rng(0)
    data = rng.standard_normal((2, 3, 6))
    for kwargs in ({'kernel_size': 7}, {'kernel_size': 3, 'padding': 2},
                   {'kernel_size': 2, 'stride': 0}):
        _raises_like(
            lambda: torch.nn.functional.max_pool1d(torch.tensor(data, requires_grad=True),
                                                   **kwargs),
            lambda: ember.nn.functional.max_pool1d(ember.tensor(data, requires_grad=True),
                                                   **kwargs))


# --- second-order nodes ----------------------------------------------------------------------

def _first_grads(lib, make_output, shapes):
    rng = np.random.default_rng(0)
    inputs = [lib.tensor(rng.standard_normal(s), requires_grad=True) for s in shapes]
    out = make_output(lib, *inputs)
    grads = lib.autograd.grad(out, inputs, lib.ones_like(out), create_graph=True)
    return [None if g.grad_fn is None else type(g.grad_fn).__name__ for g in grads]


@pytest.mark.parametrize('make,shapes', [
    (lambda lib, x, w, b: lib.nn.functional.conv2d(x, w, b, padding=1),
     [(1, 2, 4, 4), (3, 2, 3, 3), (3,)]),
    (lambda lib, x, w: lib.nn.functional.conv_transpose2d(x, w, stride=2),
     [(1, 2, 3, 3), (2, 3, 2, 2)]),
    (lambda lib, x: lib.nn.functional.max_pool2d(x, 2), [(1, 2, 4, 4)]),
    (lambda lib, x: lib.nn.functional.avg_pool2d(x, 2), [(1, 2, 4, 4)]),
    (lambda lib, x: lib.nn.functional.adaptive_avg_pool2d(x, 3), [(1, 2, 5, 5)]),
    (lambda lib, x: lib.nn.functional.pad(x, (1, 2), mode='reflect'), [(1, 2, 4)]),
    (lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=2, mode='bilinear'),
     [(1, 2, 3, 3)]),
    (lambda lib, x: lib.nn.functional.unfold(x, 2), [(1, 2, 3, 3)])])
def test_double_backward_node_names(make, shapes):
    assert _first_grads(ember, make, shapes) == _first_grads(torch, make, shapes)


def test_conv_results_are_contiguous():
    x = ember.randn(2, 3, 6, 6)
    for out in (ember.nn.functional.conv2d(x, ember.randn(4, 3, 3, 3)),
                ember.nn.functional.max_pool2d(x, 2),
                ember.nn.functional.conv_transpose2d(x, ember.randn(3, 2, 2, 2))):
        assert out.is_contiguous()


def test_large_batch_is_processed_in_chunks():
    """A batch whose columns exceed the chunk size gives the same values as torch's."""
    from ember.ops import nn_conv
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((5, 2, 6, 6)), rng.standard_normal((3, 2, 3, 3))
    saved = nn_conv._CHUNK_ELEMENTS
    nn_conv._CHUNK_ELEMENTS = 2 * 18 * 16   # two samples' columns at a time
    try:
        xe, we = ember.tensor(x, requires_grad=True), ember.tensor(w, requires_grad=True)
        out = ember.nn.functional.conv2d(xe, we)
        out.backward(ember.ones_like(out))
    finally:
        nn_conv._CHUNK_ELEMENTS = saved
    xt, wt = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    expected = torch.nn.functional.conv2d(xt, wt)
    expected.backward(torch.ones_like(expected))
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(xe.grad.numpy(), xt.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(we.grad.numpy(), wt.grad.numpy(), rtol=1e-10)
