"""Table rows for ember/ops/extras_nn.py: torch's top-level names for nn kernels (torch.conv1d,
torch.batch_norm, torch.kl_div ...) with ATen's argument lists, and channel_shuffle."""
import numpy as np

from tests.opinfo.core import Index, OpInfo, Sample, func

WITH_INTS = ('float32', 'float64', 'int64', 'int32')

# --- torch's top-level names for nn kernels ------------------------------------------------

# The top-level names pass their arguments on to nn.functional; these rows check the argument
# order. Samples with a bias are left to the nn.functional rows, where forward AD through a
# convolution's bias is a known mismatch (_CONV_BIAS in tests/ops/test_op_table.py).
def _conv_samples(make):
    return [Sample((make(2, 4, 7), make(3, 4, 3))),
            Sample((make(2, 4, 7), make(6, 2, 2), None, 2, 1, 1, 2), note='groups')]


def _conv2d_samples(make):
    return [Sample((make(1, 2, 5, 5), make(3, 2, 3, 3), None, (2, 1), 1))]


def _conv_transpose_samples(make):
    return [Sample((make(2, 3, 5), make(3, 2, 3))),
            Sample((make(1, 4, 4), make(4, 1, 2), None, 2, 1, 1, 2), note='groups')]


def _pool_samples(make):
    return [Sample((make(2, 3, 8), 2)), Sample((make(2, 3, 9), 3, 2, 1))]


def _pool2d_samples(make):
    return [Sample((make(1, 2, 6, 6), 2)), Sample((make(1, 2, 7, 7), 3, 2, 1, 1, True))]


def _norm_input(make):
    return make(4, 3, 5)


def _batch_norm_training(lib, x, w, b):
    return lib.batch_norm(x, w, b, None, None, True, 0.1, 1e-5, False)


def _batch_norm_eval(lib, x, w, b):
    mean = lib.linspace(-0.5, 0.5, 3, dtype=x.dtype)
    var = lib.linspace(0.5, 2.0, 3, dtype=x.dtype)
    return lib.batch_norm(x, w, b, mean, var, False, 0.1, 1e-5, False)


def _instance_norm(lib, x, w, b):
    return lib.instance_norm(x, w, b, None, None, True, 0.1, 1e-5, False)


def _loss_pair(make):
    return [Sample((make(3, 4), make(3, 4, low=0.1, high=0.9))),
            Sample((make(3, 4), make(3, 4, low=0.1, high=0.9), 0)),
            Sample((make(3, 4), make(3, 4, low=0.1, high=0.9), 2))]


def _bce_weighted(lib, x, t, reduction):
    """weight and pos_weight cannot require grad in torch: made here, as constants."""
    weight = lib.linspace(0.5, 1.5, 4, dtype=x.dtype)
    pos_weight = lib.linspace(2.0, 0.5, 4, dtype=x.dtype)
    return lib.binary_cross_entropy_with_logits(x, t, weight, pos_weight, reduction)


def _signs(*shape):
    rng = np.random.default_rng(sum(shape))
    return Index(np.where(rng.random(shape) > 0.5, 1.0, -1.0).astype(np.float32))


OPS = [
    OpInfo('conv1d', func('conv1d'), _conv_samples),
    OpInfo('conv2d', func('conv2d'), _conv2d_samples),
    OpInfo('conv3d', func('conv3d'), lambda make: [Sample((make(1, 2, 3, 4, 4),
                                                          make(2, 2, 2, 2, 2)))]),
    OpInfo('conv_transpose1d', func('conv_transpose1d'), _conv_transpose_samples),
    OpInfo('conv_transpose2d', func('conv_transpose2d'),
           lambda make: [Sample((make(1, 2, 3, 3), make(2, 3, 2, 2), None, 2))]),
    OpInfo('conv_transpose3d', func('conv_transpose3d'),
           lambda make: [Sample((make(1, 2, 2, 3, 3), make(2, 1, 2, 2, 2)))]),
    OpInfo('avg_pool1d', func('avg_pool1d'), _pool_samples),
    OpInfo('max_pool1d', func('max_pool1d'), _pool_samples),
    OpInfo('max_pool2d', func('max_pool2d'), _pool2d_samples),
    OpInfo('max_pool1d_with_indices', func('max_pool1d_with_indices'), _pool_samples),
    OpInfo('adaptive_avg_pool1d', func('adaptive_avg_pool1d'),
           lambda make: [Sample((make(2, 3, 7), 3)), Sample((make(3, 8), 4))]),
    OpInfo('adaptive_max_pool1d', func('adaptive_max_pool1d'),
           lambda make: [Sample((make(2, 3, 7), 3))]),
    OpInfo('pixel_shuffle', func('pixel_shuffle'), lambda make: [Sample((make(1, 8, 2, 3), 2))]),
    OpInfo('pixel_unshuffle', func('pixel_unshuffle'),
           lambda make: [Sample((make(1, 2, 4, 6), 2))]),
    OpInfo('constant_pad_nd', func('constant_pad_nd'),
           lambda make: [Sample((make(2, 3), [1, 2])), Sample((make(2, 3, 4), [0, 1, 2, 0], 1.5)),
                         Sample((make(2, 5), [-1, 1]))]),
    OpInfo('batch_norm', _batch_norm_training,
           lambda make: [Sample((_norm_input(make), make(3), make(3)))]),
    OpInfo('batch_norm_eval', _batch_norm_eval,
           lambda make: [Sample((_norm_input(make), make(3), make(3)))]),
    OpInfo('instance_norm', _instance_norm,
           lambda make: [Sample((_norm_input(make), make(3), make(3)))]),
    OpInfo('layer_norm', func('layer_norm'),
           lambda make: [Sample((make(4, 3, 5), [5])), Sample((make(4, 3, 5), [3, 5],
                                                               make(3, 5), make(3, 5), 1e-3))]),
    OpInfo('group_norm', func('group_norm'),
           lambda make: [Sample((make(2, 4, 3), 2)), Sample((make(2, 4, 3), 4, make(4), make(4)))]),
    OpInfo('rms_norm', func('rms_norm'),
           lambda make: [Sample((make(4, 3, 5), [5])), Sample((make(4, 5), [5], make(5), 1e-3))]),
    OpInfo('kl_div', func('kl_div'), _loss_pair),
    OpInfo('kl_div_log_target', lambda lib, x, t: lib.kl_div(x, t.log(), 2, log_target=True),
           lambda make: [Sample((make(3, 4), make(3, 4, low=0.1, high=0.9)))]),
    OpInfo('binary_cross_entropy_with_logits', func('binary_cross_entropy_with_logits'),
           lambda make: [Sample((make(3, 4), make(3, 4, low=0.0, high=1.0))),
                         Sample((make(3, 4), make(3, 4, low=0.0, high=1.0), None, None, 1))]),
    OpInfo('binary_cross_entropy_with_logits_weights', _bce_weighted,
           lambda make: [Sample((make(3, 4), make(3, 4, low=0.0, high=1.0), 0)),
                         Sample((make(3, 4), make(3, 4, low=0.0, high=1.0), 2))]),
    OpInfo('cosine_embedding_loss', func('cosine_embedding_loss'),
           lambda make: [Sample((make(4, 5), make(4, 5), _signs(4))),
                         Sample((make(4, 5), make(4, 5), _signs(4), 0.2, 2))]),
    OpInfo('hinge_embedding_loss', func('hinge_embedding_loss'),
           lambda make: [Sample((make(3, 4), _signs(3, 4))),
                         Sample((make(3, 4), _signs(3, 4), 0.5, 0))]),
    OpInfo('margin_ranking_loss', func('margin_ranking_loss'),
           lambda make: [Sample((make(6), make(6), _signs(6))),
                         Sample((make(6), make(6), _signs(6), 0.3, 2))]),
    OpInfo('triplet_margin_loss', func('triplet_margin_loss'),
           lambda make: [Sample((make(4, 5), make(4, 5), make(4, 5))),
                         Sample((make(4, 5), make(4, 5), make(4, 5), 0.5, 1.0, 1e-6, True, 0))]),
    OpInfo('poisson_nll_loss', func('poisson_nll_loss'),
           lambda make: [Sample((make(3, 4), make(3, 4, low=0.0, high=3.0), True, False, 1e-8, 1)),
                         Sample((make(3, 4, low=0.5, high=2.0), make(3, 4, low=0.0, high=3.0),
                                 False, True, 1e-8, 2))]),
]


# NOTE: no sample without channels: torch's own backward for it fails (groups 0)
def _channel_shuffle_samples(make):
    return [Sample((make(2, 6, 3), 3)), Sample((make(1, 6, 2, 2), 2)), Sample((make(2, 4, 3), 1))]


def _channel_shuffle_errors(make):
    return [Sample((make(2, 6), 2), note='2-d'), Sample((make(1, 6, 2), 0), note='no groups'),
            Sample((make(1, 6, 2), 4), note='groups do not divide the channels')]


OPS += [
    OpInfo('channel_shuffle', func('channel_shuffle'), _channel_shuffle_samples,
           dtypes=WITH_INTS, errors=_channel_shuffle_errors),
    OpInfo('native_channel_shuffle', func('native_channel_shuffle'),
           lambda make: _channel_shuffle_samples(make) + [Sample((make(1, 0, 2), 2))],
           differentiable=False),
]
