"""Dropout in training mode: masks are random (ember draws them from its own generator), so
these tests check their statistics and structure rather than values against torch."""
import math

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember import nn

N = 200_000  # elements for the statistical checks: the dropped fraction is within 0.5%


def _ones(*shape, dtype=ember.float32, requires_grad=False):
    return ember.ones(*shape, dtype=dtype, requires_grad=requires_grad)


@pytest.mark.parametrize('p', [0.1, 0.5, 0.8])
def test_dropped_fraction_and_scale(p):
    ember.manual_seed(0)
    out = F.dropout(_ones(N), p).numpy()
    kept = out != 0
    assert abs(1 - kept.mean() - p) < 5 * math.sqrt(p * (1 - p) / N)
    expected = np.float32(1) / np.float32(1 - p)
    assert np.all(out[kept] == expected)
    assert out.dtype == np.float32


def test_scale_in_float64():
    ember.manual_seed(1)
    x = ember.randn(1000, dtype=ember.float64)
    out = F.dropout(x, 0.3)
    kept = out.numpy() != 0
    # as torch: the input times the mask scaled to 1 / (1 - p)
    np.testing.assert_array_equal(out.numpy()[kept], x.numpy()[kept] * (1 / 0.7))
    assert out.dtype == ember.float64


def test_gradient_mask_is_the_forward_mask():
    ember.manual_seed(2)
    x = ember.randn(50, 40, requires_grad=True)
    out = F.dropout(x, 0.4)
    assert type(out.grad_fn).__name__ == 'MulBackward0'
    weights = ember.randn(50, 40)
    (out * weights).sum().backward()
    mask = (out.detach().numpy() != 0)
    expected = np.where(mask, weights.numpy() * (np.float32(1) / np.float32(0.6)), 0)
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-6)
    assert np.array_equal(x.grad.numpy() != 0, mask)


def test_second_derivative_is_zero_through_the_mask():
    ember.manual_seed(3)
    x = ember.randn(20, requires_grad=True)
    out = F.dropout(x * x, 0.5)
    grad, = ember.autograd.grad(out.sum(), x, create_graph=True)
    second, = ember.autograd.grad(grad.sum(), x)
    kept = out.detach().numpy() != 0
    np.testing.assert_allclose(second.numpy(), np.where(kept, 4.0, 0.0), rtol=1e-6)


def test_p0_and_eval_return_the_input_itself():
    x = ember.randn(3, 4, requires_grad=True)
    assert F.dropout(x, 0.0) is x
    assert F.dropout(x, 0.7, training=False) is x
    assert F.dropout(ember.empty(0, 3), 0.5) is not None
    layer = nn.Dropout(0.5).eval()
    assert layer(x) is x


def test_p1_zeroes_everything_with_a_gradient_of_zero():
    x = ember.randn(3, 4, requires_grad=True)
    out = F.dropout(x, 1.0)
    assert not out.detach().numpy().any()
    out.sum().backward()
    assert not x.grad.numpy().any()


def test_inplace_writes_into_the_input():
    ember.manual_seed(4)
    x = _ones(1000)
    out = F.dropout(x, 0.5, inplace=True)
    assert out is x
    assert set(np.unique(x.numpy())) <= {0.0, 2.0}
    assert 0 < (x.numpy() == 0).sum() < 1000


def test_same_seed_same_mask():
    ember.manual_seed(5)
    first = F.dropout(_ones(100), 0.5).numpy()
    ember.manual_seed(5)
    second = F.dropout(_ones(100), 0.5).numpy()
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, F.dropout(_ones(100), 0.5).numpy())


def test_layer_follows_training_mode():
    ember.manual_seed(6)
    layer = nn.Dropout(0.5)
    x = _ones(1000)
    assert (layer(x).numpy() == 0).any()
    layer.eval()
    np.testing.assert_array_equal(layer(x).numpy(), x.numpy())
    layer.train()
    assert (layer(x).numpy() == 0).any()


def _channels_whole(out, channel_shape):
    """Each (batch, channel) slice is all dropped or all kept."""
    flat = out.reshape(channel_shape + (-1,))
    dropped = (flat == 0).all(axis=-1)
    kept = (flat != 0).all(axis=-1)
    return np.all(dropped | kept), dropped.mean()


@pytest.mark.parametrize('layer, shape', [
    (nn.Dropout1d, (40, 50, 7)), (nn.Dropout2d, (40, 50, 3, 3)),
    (nn.Dropout3d, (20, 50, 2, 2, 2))])
def test_feature_dropout_drops_whole_channels(layer, shape):
    ember.manual_seed(7)
    out = layer(0.3)(_ones(*shape)).numpy()
    whole, fraction = _channels_whole(out, shape[:2])
    assert whole
    assert abs(fraction - 0.3) < 5 * math.sqrt(0.3 * 0.7 / (shape[0] * shape[1]))
    assert set(np.unique(out)) == {0.0, np.float32(1) / np.float32(0.7)}


def test_dropout1d_unbatched_input():
    ember.manual_seed(8)
    out = F.dropout1d(_ones(300, 6), 0.5).numpy()
    whole, fraction = _channels_whole(out[None], (1, 300))
    assert whole and 0.35 < fraction < 0.65


def test_feature_dropout_gradient_mask():
    ember.manual_seed(9)
    x = ember.randn(4, 6, 3, 3, requires_grad=True)
    out = F.dropout2d(x, 0.5)
    out.sum().backward()
    mask = out.detach().numpy() != 0
    np.testing.assert_array_equal(x.grad.numpy(), np.where(mask, 2.0, 0.0))


def test_dropout2d_warns_for_3d_input():
    with pytest.warns(UserWarning, match='Received a 3D input to dropout2d'):
        F.dropout2d(_ones(2, 3, 4), 0.5)
    with pytest.warns(UserWarning, match='Received a 2-D input to dropout2d'):
        F.dropout2d(_ones(2, 3), 0.5)


def test_alpha_dropout_keeps_mean_and_variance():
    ember.manual_seed(10)
    x = ember.randn(N, dtype=ember.float64)
    out = F.alpha_dropout(x, 0.2, training=True).numpy()
    assert abs(out.mean()) < 0.02
    assert abs(out.var() - 1) < 0.02
    # every dropped element lands on one value: selu's negative saturation, affinely moved
    alpha = 1.7580993408473766
    a = 1 / math.sqrt((alpha ** 2 * 0.2 + 1) * 0.8)
    dropped_value = -alpha * a + alpha * a * 0.2
    dropped = np.isclose(out, dropped_value)
    assert abs(dropped.mean() - 0.2) < 0.01
    np.testing.assert_allclose(out[~dropped], x.numpy()[~dropped] * a + alpha * a * 0.2)


def test_alpha_dropout_defaults_to_eval():
    x = ember.randn(10)
    assert F.alpha_dropout(x, 0.5) is x
    assert F.feature_alpha_dropout(x, 0.5) is x


def test_feature_alpha_dropout_channels():
    ember.manual_seed(11)
    out = F.feature_alpha_dropout(ember.randn(30, 40, 5), 0.5, training=True).numpy()
    alpha = 1.7580993408473766
    a = 1 / math.sqrt((alpha ** 2 * 0.5 + 1) * 0.5)
    dropped = np.isclose(out, -alpha * a + alpha * a * 0.5).all(axis=-1)
    assert 0.35 < dropped.mean() < 0.65


def test_integer_input_in_eval_is_returned():
    x = ember.tensor([1, 2, 3])
    assert F.dropout(x, 0.5, training=False) is x


def test_layer_rejects_bad_probability():
    with pytest.raises(ValueError, match='dropout probability has to be between 0 and 1'):
        nn.Dropout(1.5)
    with pytest.raises(ValueError, match='but got -0.1'):
        nn.Dropout2d(-0.1)
