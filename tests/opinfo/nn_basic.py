"""Table rows for ember.nn.functional's basic ops: linear, bilinear, embedding(_bag), one_hot,
normalize, distances and the deterministic cases of dropout (nn_basic)."""
import warnings

import numpy as np

from ember.ops import nn_basic, nn_basic_dropout
from tests.opinfo.core import Check, Index, OpInfo, Sample, func
from tests.opinfo.nn_activation import top_level

FLOATS = ('float32', 'float64')


def _functional(name, samples, function=None, **kw):
    return OpInfo(f'nn.functional.{name}', func(f'nn.functional.{function or name}'), samples,
                  **kw)


# --- linear and bilinear ---------------------------------------------------------------------

def _linear_samples(make):
    return [Sample((make(3, 4), make(5, 4), make(5))), Sample((make(3, 4), make(5, 4))),
            Sample((make(2, 3, 4), make(5, 4), make(5)), note='3-D input'),
            Sample((make(2, 3, 4), make(5, 4)), note='3-D input, no bias'),
            Sample((make(2, 1, 3, 4), make(5, 4), make(5)), note='4-D input'),
            Sample((make(4), make(5, 4), make(5)), note='1-D input'),
            Sample((make(4), make(5, 4)), note='1-D input, no bias'),
            Sample((make(3, 4), make(4)), note='1-D weight'),
            Sample((make(4), make(4), make()), note='1-D weight and input, 0-d bias'),
            Sample((make(2, 3, 4), make(5, 4), make()), note='0-d bias, 3-D input'),
            Sample((make(3, 4), make(5, 4), make(3, 5)), note='2-D bias'),
            Sample((make(2, 3, 4), make(5, 4), make(3, 5)), note='2-D bias, 3-D input'),
            Sample((make(0, 4), make(5, 4), make(5)), note='empty batch'),
            Sample((make(3, 0), make(5, 0), make(5)), note='no features'),
            Sample((make(3, 4),), {'weight': make(5, 4), 'bias': make(5)}, 'keywords')]


def _linear_errors(make):
    return [Sample((make(3, 6), make(5, 4), make(5)), note='features mismatch'),
            Sample((make(3, 6), make(5, 4)), note='features mismatch, no bias'),
            Sample((make(2, 3, 6), make(5, 4), make(5)), note='3-D features mismatch'),
            Sample((make(6), make(5, 4), make(5)), note='1-D features mismatch'),
            Sample((make(3, 4), make(5, 4), make(3)), note='bias size'),
            Sample((make(), make(5, 4), make(5)), note='0-d input'),
            Sample((make(3, 4), make(4), make(5)), note='1-D weight with a bias'),
            Sample((make(3, 4), make(2, 5, 4), make(5)), note='3-D weight'),
            Sample((make(4), make(5, 4), make(2, 5)), note='bias broadcasts past the result')]


def _bilinear_samples(make):
    return [Sample((make(3, 4), make(3, 5), make(2, 4, 5), make(2))),
            Sample((make(3, 4), make(3, 5), make(2, 4, 5))),
            Sample((make(2, 3, 4), make(2, 3, 5), make(2, 4, 5), make(2)), note='3-D inputs'),
            Sample((make(4), make(5), make(2, 4, 5), make(2)), note='1-D inputs'),
            Sample((make(0, 4), make(0, 5), make(2, 4, 5), make(2)), note='empty batch')]


def _bilinear_errors(make):
    return [Sample((make(3, 4), make(5), make(2, 4, 5)), note='dims differ'),
            Sample((make(3, 4), make(2, 5), make(2, 4, 5)), note='batch differs'),
            Sample((make(3, 3), make(3, 5), make(2, 4, 5)), note='input1 size'),
            Sample((make(3, 4), make(3, 3), make(2, 4, 5)), note='input2 size'),
            Sample((make(3, 4), make(3, 5), make(2, 4, 5), make(3)), note='bias size'),
            Sample((make(3, 4), make(3, 5), make(2, 4, 5), make(3, 2)), note='2-D bias'),
            Sample((make(), make(), make(2, 4, 5)), note='0-d inputs'),
            Sample((make(3, 4), make(3, 5), make(4, 5)), note='2-D weight')]


def _bilinear_mixed(lib, x1, x2, weight):
    return lib.nn.functional.bilinear(x1, x2, weight.double())


# --- embedding -------------------------------------------------------------------------------

def _embedding_samples(make):
    return [Sample((make.index(5, 2, 3), make(5, 4))), Sample((make.index(5, 7), make(5, 4))),
            # padding rows and frequency scaling change the gradient on purpose: no gradcheck
            Sample((Index(np.array([1, 2, 1, 4])), make(5, 4)), {'padding_idx': 1},
                   gradcheck=False),
            Sample((Index(np.array([1, 2, 1, 4])), make(5, 4)), {'padding_idx': -1},
                   gradcheck=False),
            Sample((Index(np.array([[1, 2], [1, 1]])), make(5, 3)), {'scale_grad_by_freq': True},
                   gradcheck=False),
            Sample((Index(np.array(3)), make(5, 4)), note='0-d indices'),
            Sample((Index(np.zeros((0, 2), dtype=np.int64)), make(5, 4)), note='no indices')]


def _embedding_errors(make):
    return [Sample((Index(np.array([1, 5])), make(5, 4)), note='index too large'),
            Sample((Index(np.array([1, -1])), make(5, 4)), note='negative index'),
            Sample((make(2), make(5, 4)), note='float indices'),
            Sample((Index(np.array([1, 2])), make(5)), note='1-D weight'),
            Sample((Index(np.array([1, 2])), make(5, 4)), {'padding_idx': 5}, 'padding_idx'),
            Sample((Index(np.array([1, 2])), make(5, 4)), {'padding_idx': -6}, 'padding_idx')]


def _int32_indices(lib, weight):
    return lib.nn.functional.embedding(lib.tensor([[1, 0], [3, 3]], dtype=lib.int32), weight)


_BAG_INDICES = Index(np.array([1, 2, 4, 5, 4, 3, 2, 0]))
_BAG_OFFSETS = Index(np.array([0, 2, 2, 5]))


def _bag_samples(make):
    samples = []
    for mode in ('sum', 'mean', 'max'):
        samples += [Sample((_BAG_INDICES, make(6, 3), _BAG_OFFSETS), {'mode': mode}),
                    Sample((Index(np.array([[1, 2, 4], [5, 4, 3]])), make(6, 3)), {'mode': mode},
                           '2-D input'),
                    Sample((_BAG_INDICES, make(6, 3), _BAG_OFFSETS),
                           {'mode': mode, 'padding_idx': 4}, gradcheck=False),
                    Sample((_BAG_INDICES, make(6, 3), Index(np.array([0, 2, 2, 5, 8]))),
                           {'mode': mode, 'include_last_offset': True})]
    samples += [Sample((_BAG_INDICES, make(6, 3), _BAG_OFFSETS), {'scale_grad_by_freq': True},
                       gradcheck=False),
                Sample((_BAG_INDICES, make(6, 3), _BAG_OFFSETS),
                       {'mode': 'sum', 'scale_grad_by_freq': True}, gradcheck=False)]
    return samples


def _bag_weighted_samples(make):
    return [Sample((_BAG_INDICES, make(6, 3), _BAG_OFFSETS),
                   {'mode': 'sum', 'per_sample_weights': make(8)}),
            Sample((_BAG_INDICES, make(6, 3), _BAG_OFFSETS),
                   {'mode': 'sum', 'per_sample_weights': make(8), 'padding_idx': 2},
                   gradcheck=False)]


def _bag_errors(make):
    return [Sample((_BAG_INDICES, make(6, 3), Index(np.array([1, 2])))),
            Sample((_BAG_INDICES, make(6, 3), Index(np.array([0, 2, 9])))),
            Sample((Index(np.array([1, 9])), make(6, 3), Index(np.array([0])))),
            Sample((Index(np.array([1, 9])), make(6, 3), Index(np.array([0]))), {'mode': 'max'}),
            Sample((_BAG_INDICES, make(6, 3)), note='offsets missing'),
            Sample((Index(np.array([[1, 2]])), make(6, 3), Index(np.array([0])))),
            Sample((_BAG_INDICES, make(6, 3), _BAG_OFFSETS), {'mode': 'median'}),
            Sample((_BAG_INDICES, make(6, 3), _BAG_OFFSETS), {'padding_idx': 6}),
            Sample((_BAG_INDICES, make(6), _BAG_OFFSETS), note='1-D weight'),
            Sample((_BAG_INDICES, make(6, 3), _BAG_OFFSETS),
                   {'mode': 'max', 'scale_grad_by_freq': True}),
            Sample((_BAG_INDICES, make(6, 3), _BAG_OFFSETS), {'per_sample_weights': make(8)}),
            Sample((_BAG_INDICES, make(6, 3), _BAG_OFFSETS),
                   {'mode': 'sum', 'per_sample_weights': make(7)})]


# --- one_hot, normalize, distances -----------------------------------------------------------

def _one_hot_samples(make):
    return [Sample((Index(np.array([1, 2, 0])),)), Sample((Index(np.array([[1], [3]])), 5)),
            Sample((Index(np.array(2)), 3)), Sample((Index(np.zeros(0, dtype=np.int64)), 3)),
            Sample((Index(np.array([1, 2])),), {'num_classes': 3})]


def _one_hot_errors(make):
    return [Sample((Index(np.array([1, 2])), 2)), Sample((Index(np.array([1, -2])), 3)),
            Sample((make(2),)), Sample((Index(np.zeros(0, dtype=np.int64)),)),
            Sample((Index(np.array([1, 2])), 0))]


def _normalize_samples(make):
    return [Sample((make(3, 4),)), Sample((make(3, 4),), {'p': 1.0, 'dim': 0}),
            Sample((make(2, 3, 4),), {'dim': -1}), Sample((make(2, 3, 4), 3.0, 1)),
            Sample((make(3, 4),), {'eps': 10.0}, 'eps dominates'), Sample((make(4),), {'dim': 0}),
            Sample((make(0, 4),))]


def _pairs(make):
    return [Sample((make(3, 4), make(3, 4))), Sample((make(3, 4), make(4)), note='broadcast'),
            Sample((make(2, 3, 4), make(2, 3, 4))), Sample((make(5), make(5))),
            Sample((make(), make()))]


def _cosine_samples(make):
    return _pairs(make)[:3] + [Sample((make(3, 4), make(3, 4), 0)),
                               Sample((make(5), make(5)), {'dim': 0}),
                               Sample((make(3, 4), make(3, 4)), {'eps': 10.0}, 'eps dominates',
                                      gradcheck=False),
                               Sample((make(), make(), 0))]


def _pair_errors(make):
    return [Sample((make(3, 4), make(2, 4)), note='shapes'),
            Sample((make.index(3, 4), make.index(3, 4)), note='integer inputs')]


def _distance_samples(make):
    return _pairs(make) + [Sample((make(3, 4), make(3, 4), 1.0)),
                           Sample((make(3, 4), make(3, 4)), {'p': 3.0, 'keepdim': True}),
                           Sample((make(3, 4), make(3, 4)), {'eps': 0.5})]


# --- dropout: what is deterministic (eval mode, p = 0, p = 1) --------------------------------

def _dropout_call(name, **settings):
    def call(lib, x, *args):
        return getattr(lib.nn.functional, name)(x * 1, *args, **settings)
    call.__name__ = name
    return call


def _dropout_samples(make):
    return [Sample((make(3, 4),)), Sample((make(2, 3, 4), 0.3)), Sample((make(),)),
            Sample((make(0, 3),))]


def _dropout_errors(make):
    return [Sample((make(3, 4), 1.5)), Sample((make(3, 4), -0.1))]


def _feature_errors(make):
    return [Sample((make(3), 0.5), note='1-D input'), Sample((make(3, 4), 1.5))]


def _dropout1d_errors(make):
    return [Sample((make(3), 0.5), note='1-D input'), Sample((make(2, 3, 4, 5), 0.5))]


def _dropout2d_warning(lib, x):
    """dropout2d's warnings for input that is not 4-D, raised as errors for the table."""
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        return lib.nn.functional.dropout2d(x, 0.5, training=False)


def _dropout_rows():
    rows = []
    for name in ('dropout', 'alpha_dropout', 'feature_alpha_dropout', 'dropout1d', 'dropout2d',
                 'dropout3d'):
        samples = _dropout_samples
        if name in ('feature_alpha_dropout', 'dropout2d', 'dropout3d'):
            samples = lambda make: [Sample((make(2, 3, 4),)), Sample((make(2, 3, 2, 2), 0.3))]
        elif name == 'dropout1d':
            samples = lambda make: [Sample((make(2, 3, 4),)), Sample((make(3, 4), 0.3))]
        errors = _dropout_errors
        if name == 'dropout1d':
            errors = _dropout1d_errors
        rows.append(OpInfo(f'nn.functional.{name}_eval', _dropout_call(name, training=False),
                           samples, errors=errors))
        rows.append(OpInfo(f'nn.functional.{name}_p0',
                           lambda lib, x, *args, _n=name: getattr(lib.nn.functional, _n)(
                               x * 1, 0.0, training=True), samples))
        rows.append(OpInfo(f'nn.functional.{name}_p1',
                           lambda lib, x, *args, _n=name: getattr(lib.nn.functional, _n)(
                               x * 1, 1.0, training=True), samples))
        skips = {}
        if name in ('dropout1d', 'dropout3d'):
            skips = {Check.GRAD_FN: "unbatched input: torch's in-place unsqueeze_ and squeeze_ "
                                    "(SqueezeBackward4) have no ember counterpart yet"}
        rows.append(OpInfo(f'nn.functional.{name}_p1_inplace',
                           lambda lib, x, *args, _n=name: getattr(lib.nn.functional, _n)(
                               x * 1, 1.0, training=True, inplace=True), samples, skips=skips))
    rows.append(OpInfo('nn.functional.feature_dropout_errors',
                       lambda lib, x, p: lib.nn.functional.dropout2d(x, p), lambda make: [],
                       errors=_feature_errors))
    rows.append(OpInfo('nn.functional.dropout2d_warnings', _dropout2d_warning, lambda make: [],
                       errors=lambda make: [Sample((make(2, 3, 4),)), Sample((make(2, 3),))]))
    rows.append(OpInfo('nn.functional.dropout_integer_input',
                       lambda lib, x: lib.nn.functional.dropout(x.long()), lambda make: [],
                       errors=lambda make: [Sample((make(3, 4),))]))
    return rows


def _top_level_dropout_rows():
    """torch.dropout and its kin: train=False and p=1 are deterministic; p out of range is
    a RuntimeError here (a ValueError in nn.functional)."""
    rows = []
    for name in nn_basic_dropout.__all__:
        for p, train in ((0.5, False), (1.0, True), (0.0, True)):
            rows.append(OpInfo(
                f'{name}_p{p}_train{train}',
                lambda lib, x, _n=name, _p=p, _t=train: top_level(_n, nn_basic_dropout)(
                    lib, x * 1, _p, _t),
                lambda make: [Sample((make(2, 3, 4),)), Sample((make(3, 2, 2, 1),))]))
        rows.append(OpInfo(
            f'{name}_bad_probability',
            lambda lib, x, _n=name: top_level(_n, nn_basic_dropout)(lib, x * 1, 1.5, True),
            lambda make: [], errors=lambda make: [Sample((make(2, 3),))]))
    return rows


OPS = [
    _functional('linear', _linear_samples, errors=_linear_errors),
    OpInfo('nn.functional.linear_mixed_dtypes',
           lambda lib, x, w, b: lib.nn.functional.linear(x, w.double(), b), lambda make: [],
           dtypes=('float32',), errors=lambda make: [Sample((make(3, 4), make(5, 4), make(5)))]),
    _functional('bilinear', _bilinear_samples, errors=_bilinear_errors),
    OpInfo('nn.functional.bilinear_mixed_dtypes', _bilinear_mixed, lambda make: [],
           dtypes=('float32',),
           errors=lambda make: [Sample((make(3, 4), make(3, 5), make(2, 4, 5)))]),
    _functional('embedding', _embedding_samples, errors=_embedding_errors),
    OpInfo('nn.functional.embedding_int32', _int32_indices, lambda make: [Sample((make(5, 4),))]),
    _functional('embedding_bag', _bag_samples, errors=_bag_errors),
    _functional('embedding_bag_weighted', _bag_weighted_samples, function='embedding_bag',
                skips={Check.SECOND_ORDER: 'torch has no derivative for the backward of '
                                           'embedding_bag with per_sample_weights'}),
    _functional('one_hot', _one_hot_samples, differentiable=False, errors=_one_hot_errors),
    _functional('normalize', _normalize_samples,
                errors=lambda make: [Sample((make(4),)), Sample((make.index(4),), {'dim': 0})]),
    _functional('cosine_similarity', _cosine_samples, errors=_pair_errors),
    _functional('pairwise_distance', _distance_samples,
                errors=lambda make: [Sample((make(3, 4), make(2, 4)))]),
    OpInfo('bilinear', top_level('bilinear', nn_basic), _bilinear_samples,
           errors=_bilinear_errors),
    OpInfo('embedding', lambda lib, indices, weight: top_level('embedding', nn_basic)(
        lib, weight, indices), lambda make: [s for s in _embedding_samples(make) if not s.kwargs]),
    OpInfo('embedding_padding', lambda lib, indices, weight: top_level('embedding', nn_basic)(
        lib, weight, indices, 2, True), lambda make: [Sample((make.index(5, 2, 3), make(5, 4)),
                                                             gradcheck=False)]),
    OpInfo('cosine_similarity', top_level('cosine_similarity', nn_basic), _cosine_samples,
           errors=_pair_errors),
    OpInfo('pairwise_distance', top_level('pairwise_distance', nn_basic), _distance_samples),
] + _dropout_rows() + _top_level_dropout_rows()
