"""Table rows for ember.nn.functional (nn_loss): binary, distribution and embedding losses."""
import numpy as np

from tests.opinfo.core import Index, OpInfo, Sample
from tests.opinfo.nn_loss import REDUCTIONS, as_dtype, floats, functional, reductions, signs


def _probabilities(make, *shape):
    return make(*shape, low=0.05, high=0.95)


# --- binary cross entropy --------------------------------------------------------------------

def _bce(lib, input, target, weight=None, **kwargs):
    return functional(lib).binary_cross_entropy(input, target, weight=as_dtype(weight, input),
                                                **kwargs)


def _bce_samples(make):
    samples = reductions((_probabilities(make, 3, 4), make(3, 4, low=0.0, high=1.0)))
    samples += reductions((_probabilities(make, 3, 4), make(3, 4, low=0.0, high=1.0)),
                          'weighted', weight=floats(make.rng.uniform(0.2, 2.0, 4)))
    samples += reductions((_probabilities(make, 2, 3), make(2, 3, low=0.0, high=1.0)),
                          'column weight', weight=floats(make.rng.uniform(0.2, 2.0, (2, 1))))
    samples += reductions((_probabilities(make), make(low=0.0, high=1.0)), '0-d')
    samples += reductions((_probabilities(make, 0, 3), make(0, 3)), 'empty')
    samples.append(Sample((_probabilities(make, 4), make(4, low=0.0, high=1.0)),
                          {'reduce': False}, 'legacy'))
    return samples


def _bce_errors(make):
    return [
        Sample((make(3, 4, low=1.1, high=2.0), make(3, 4, low=0.0, high=1.0)), {},
               'input above 1'),
        Sample((_probabilities(make, 3, 4), make(3, 4, low=1.1, high=2.0)), {},
               'target above 1'),
        Sample((_probabilities(make, 3, 4), make(4, low=0.0, high=1.0)), {}, 'target size'),
        Sample((_probabilities(make, 3, 4), make(3, 4)), {'weight': floats(np.ones(3))},
               'weight does not broadcast'),
        Sample((_probabilities(make, 3, 4), floats(np.full((3, 4), 0.5))), {}, 'target dtype'),
        Sample((_probabilities(make, 3, 4), make(3, 4)), {'reduction': 'avg'}),
    ]


def _bce_logits(lib, input, target, weight=None, pos_weight=None, **kwargs):
    return functional(lib).binary_cross_entropy_with_logits(
        input, target, weight=as_dtype(weight, input), pos_weight=as_dtype(pos_weight, input),
        **kwargs)


def _bce_logits_samples(make):
    weight = floats(make.rng.uniform(0.2, 2.0, 4))
    pos_weight = floats(make.rng.uniform(0.5, 3.0, 4))
    targets = make(3, 4, low=0.0, high=1.0)
    samples = reductions((make(3, 4), targets))
    samples += reductions((make(3, 4), targets), 'weighted', weight=weight)
    samples += reductions((make(3, 4), targets), 'pos_weight', pos_weight=pos_weight)
    samples += reductions((make(3, 4), targets), 'both', weight=weight, pos_weight=pos_weight)
    samples += reductions((make(3, 4, low=-30.0, high=30.0), targets), 'large logits')
    samples += reductions((make(), make(low=0.0, high=1.0)), '0-d')
    samples += reductions((make(0, 4), make(0, 4)), 'empty', pos_weight=pos_weight)
    return samples


def _bce_logits_errors(make):
    return [
        Sample((make(3, 4), make(4)), {}, 'target size'),
        Sample((make(3, 4), make(3, 4)), {'weight': floats(np.ones(3))}, 'weight size'),
        Sample((make(3, 4), make(3, 4)), {'pos_weight': floats(np.ones(3))}, 'pos_weight size'),
        Sample((make(3, 4), make(3, 4)), {'weight': floats(np.ones((2, 3, 4)))},
               'weight broadcasts wider'),
        Sample((make(3, 4), make(3, 4)), {'reduction': 'avg'}),
    ]


# --- distributions ---------------------------------------------------------------------------

def _kl_div_samples(make):
    samples = []
    for reduction in REDUCTIONS + ('batchmean',):
        samples.append(Sample((make(3, 4), make(3, 4, low=0.1, high=1.0)),
                              {'reduction': reduction}))
        samples.append(Sample((make(3, 4), make(3, 4)),
                              {'reduction': reduction, 'log_target': True}, 'log target'))
    samples.append(Sample((make(), make(low=0.1, high=1.0)), {'reduction': 'batchmean'}, '0-d'))
    samples.append(Sample((make(3, 4), make(4, low=0.1, high=1.0)), {'reduction': 'sum'},
                          'broadcast target'))
    samples.append(Sample((make(2, 3), make(2, 3, low=0.1, high=1.0)), {'size_average': False},
                          'legacy'))
    samples.append(Sample((make(0, 3), make(0, 3, low=0.1)), {'reduction': 'batchmean'},
                          'empty'))
    return samples


def _kl_div_errors(make):
    return [Sample((make(3, 4), make(3, 4)), {'reduction': 'batchmeans'}),
            Sample((make(2, 2), Index(np.ones((2, 2), dtype=np.int64))), {}, 'integer target')]


def _poisson_samples(make):
    samples = reductions((make(3, 4), make(3, 4, low=0.0, high=3.0)))
    samples += reductions((make(3, 4, low=0.1, high=3.0), make(3, 4, low=0.0, high=3.0)),
                          'rates', log_input=False)
    samples += reductions((make(3, 4), make(3, 4, low=0.5, high=3.0)), 'full', full=True)
    samples += reductions((make(3, 4, low=0.1, high=3.0), make(3, 4, low=0.5, high=3.0)),
                          'rates full', log_input=False, full=True, eps=1e-3)
    samples += reductions((make(), make(low=0.0, high=3.0)), '0-d')
    samples.append(Sample((make(3), make(3, low=0.0)), {'reduce': False}, 'legacy'))
    return samples


def _poisson_errors(make):
    return [Sample((make(3, 4), make(3, 4)), {'reduction': 'avg'})]


def _gaussian_samples(make):
    samples = reductions((make(4, 3), make(4, 3), make(4, 3, low=0.5, high=2.0)))
    samples += reductions((make(4, 3), make(4, 3), make(4, low=0.5, high=2.0)), 'one var a row')
    samples += reductions((make(4, 3), make(4, 3), make(4, 1, low=0.5, high=2.0)),
                          'column of vars')
    samples += reductions((make(4, 3), make(4, 3), make(1, 3, low=0.5, high=2.0)), 'row of vars')
    samples += reductions((make(4, 3), make(4, 3), 0.7), 'float var', full=True)
    # torch clamps var under no_grad, so its gradient ignores the clamp: it matches torch's,
    # not finite differences
    samples += [Sample((make(4, 3), make(4, 3), make(4, 3, low=0.0, high=0.5)),
                       {'eps': 0.1, 'reduction': r}, 'clamped', gradcheck=False)
                for r in REDUCTIONS]
    return samples


def _gaussian_errors(make):
    return [
        Sample((make(4, 3), make(4, 3), make(4, 3, low=-1.0, high=-0.5)), {}, 'negative var'),
        Sample((make(4, 3), make(4, 3), -1.0), {}, 'negative float var'),
        Sample((make(4, 3), make(4, 3), 1), {}, 'int var'),
        Sample((make(4, 3), make(4, 3), make(3, low=0.5)), {}, 'var size'),
        Sample((make(4, 3), make(4, 3), make(2, 3, low=0.5)), {}, 'var rows'),
        Sample((make(4, 3), make(4, 3), make(4, 3, low=0.5)), {'reduction': 'avg'}),
    ]


def _multilabel(lib, input, target, weight=None, **kwargs):
    return functional(lib).multilabel_soft_margin_loss(input, target,
                                                       weight=as_dtype(weight, input), **kwargs)


def _multilabel_samples(make):
    samples = reductions((make(4, 5), make(4, 5, low=0.0, high=1.0)))
    samples += reductions((make(4, 5), make(4, 5, low=0.0, high=1.0)), 'weighted',
                          weight=floats(make.rng.uniform(0.2, 2.0, 5)))
    samples += reductions((make(5), make(5, low=0.0, high=1.0)), '1-d')
    samples += reductions((make(0, 5), make(0, 5)), 'empty')
    return samples


def _multilabel_errors(make):
    return [Sample((make(4, 5), make(4, 5)), {'reduction': 'avg'})]


# --- embeddings and ranking ------------------------------------------------------------------

def _hinge(lib, input, target, **kwargs):
    return functional(lib).hinge_embedding_loss(input, as_dtype(target, input), **kwargs)


def _hinge_samples(make):
    samples = reductions((make(3, 4), signs(make, 3, 4)))
    samples += reductions((make(3, 4), signs(make, 4)), 'broadcast target', margin=0.5)
    samples += reductions((make(), signs(make)), '0-d', margin=2.0)
    return samples


def _hinge_errors(make):
    return [Sample((make(3, 4), signs(make, 3, 4)), {'reduction': 'avg'}),
            Sample((make(3, 4), signs(make, 3)), {}, 'target size')]


def _cosine(lib, input1, input2, target, **kwargs):
    return functional(lib).cosine_embedding_loss(input1, input2, as_dtype(target, input1),
                                                 **kwargs)


def _cosine_samples(make):
    samples = reductions((make(4, 3), make(4, 3), signs(make, 4)))
    samples += reductions((make(4, 3), make(4, 3), signs(make, 4)), 'margin', margin=0.2)
    samples += reductions((make(3), make(3), signs(make)), '0-d target', margin=-0.5)
    samples += reductions((make(0, 3), make(0, 3), signs(make, 0)), 'empty')
    return samples


def _cosine_errors(make):
    return [
        Sample((make(4, 3), make(4, 3), signs(make, 1, 4)), {}, '2-d target'),
        Sample((make(3), make(3), signs(make, 4)), {}, '1-d inputs, 1-d target'),
        Sample((make(4, 3), make(3), signs(make, 4)), {}, 'input ranks'),
        Sample((make(4, 3), make(4, 3), signs(make)), {}, '2-d inputs, 0-d target'),
        Sample((make(4, 3), make(4, 3), signs(make, 4)), {'reduction': 'avg'}),
    ]


def _ranking(lib, input1, input2, target, **kwargs):
    return functional(lib).margin_ranking_loss(input1, input2, as_dtype(target, input1),
                                               **kwargs)


def _ranking_samples(make):
    samples = reductions((make(5), make(5), signs(make, 5)))
    samples += reductions((make(5), make(5), signs(make, 5)), 'margin', margin=0.5)
    samples += reductions((make(2, 3), make(2, 3), signs(make, 2, 3)), '2-d')
    samples += reductions((make(), make(), signs(make)), '0-d')
    return samples


def _ranking_errors(make):
    return [Sample((make(5), make(5, 2), signs(make, 5)), {}, 'ranks'),
            Sample((make(5), make(4), signs(make, 5)), {}, 'sizes'),
            Sample((make(5), make(5), signs(make, 5)), {'reduction': 'avg'})]


def _triplet_samples(make):
    samples = reductions((make(4, 3), make(4, 3), make(4, 3)))
    samples += reductions((make(4, 3), make(4, 3), make(4, 3)), 'p=1 swap', p=1, swap=True)
    samples += reductions((make(4, 3), make(1, 3), make(4, 3)), 'broadcast', margin=2.0)
    samples += reductions((make(3), make(3), make(3)), '1-d', margin=0.5, eps=1e-3)
    samples += reductions((make(4, 3), make(4, 3), make(4, 3)), 'p=3', p=3.0, swap=True)
    return samples


def _triplet_errors(make):
    return [Sample((make(4, 3), make(4, 3), make(3)), {}, 'ranks'),
            Sample((make(4, 3), make(4, 3), make(4, 3)), {'margin': 0.0}),
            Sample((make(4, 3), make(4, 3), make(4, 3)), {'reduction': 'avg'})]


def _with_distance(lib, anchor, positive, negative, distance=None, **kwargs):
    function = None
    if distance == 'cosine':
        def function(x1, x2):
            return 1 - functional(lib).cosine_similarity(x1, x2, dim=-1)
    return functional(lib).triplet_margin_with_distance_loss(
        anchor, positive, negative, distance_function=function, **kwargs)


def _with_distance_samples(make):
    samples = reductions((make(4, 3), make(4, 3), make(4, 3)))
    samples += reductions((make(4, 3), make(4, 3), make(4, 3)), 'cosine swap',
                          distance='cosine', swap=True, margin=0.5)
    samples += reductions((make(3), make(3), make(3)), '1-d', margin=2.0)
    return samples


def _with_distance_errors(make):
    return [Sample((make(4, 3), make(4, 3), make(3)), {}, 'ranks'),
            Sample((make(4, 3), make(4, 3), make(4, 3)), {'margin': -1.0}),
            Sample((make(4, 3), make(4, 3), make(4, 3)), {'reduction': 'avg'})]


OPS = [
    OpInfo('nn.functional.binary_cross_entropy', _bce, _bce_samples, errors=_bce_errors),
    OpInfo('nn.functional.binary_cross_entropy_with_logits', _bce_logits, _bce_logits_samples,
           errors=_bce_logits_errors),
    OpInfo('nn.functional.kl_div', lambda lib, *a, **k: functional(lib).kl_div(*a, **k),
           _kl_div_samples, errors=_kl_div_errors),
    OpInfo('nn.functional.poisson_nll_loss',
           lambda lib, *a, **k: functional(lib).poisson_nll_loss(*a, **k), _poisson_samples,
           errors=_poisson_errors),
    OpInfo('nn.functional.gaussian_nll_loss',
           lambda lib, *a, **k: functional(lib).gaussian_nll_loss(*a, **k), _gaussian_samples,
           errors=_gaussian_errors),
    OpInfo('nn.functional.multilabel_soft_margin_loss', _multilabel, _multilabel_samples,
           errors=_multilabel_errors),
    OpInfo('nn.functional.hinge_embedding_loss', _hinge, _hinge_samples, errors=_hinge_errors),
    OpInfo('nn.functional.cosine_embedding_loss', _cosine, _cosine_samples,
           errors=_cosine_errors),
    OpInfo('nn.functional.margin_ranking_loss', _ranking, _ranking_samples,
           errors=_ranking_errors),
    OpInfo('nn.functional.triplet_margin_loss',
           lambda lib, *a, **k: functional(lib).triplet_margin_loss(*a, **k), _triplet_samples,
           errors=_triplet_errors),
    OpInfo('nn.functional.triplet_margin_with_distance_loss', _with_distance,
           _with_distance_samples, errors=_with_distance_errors),
]
