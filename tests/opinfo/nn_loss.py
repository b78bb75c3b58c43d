"""Table rows for ember.nn.functional (nn_loss): regression and classification losses.

Arguments that torch does not differentiate (class weights, pos_weight, +-1 targets) are
passed as `Index` arrays, so that no check perturbs or differentiates them, and cast to the
input's dtype by the row's call.
"""
import numpy as np

from tests.opinfo.core import Index, OpInfo, Sample

REDUCTIONS = ('none', 'mean', 'sum')


def reductions(args, note='', **kwargs):
    return [Sample(args, dict(kwargs, reduction=r), note) for r in REDUCTIONS]


def floats(array):
    """A float array that the table passes through untouched (see the module docstring)."""
    return Index(np.asarray(array, dtype=np.float64))


def signs(make, *shape):
    """Index targets of +1 and -1."""
    return floats(np.where(make.rng.random(shape) > 0.5, 1.0, -1.0))


def as_dtype(t, like):
    return None if t is None else t.to(like.dtype)


def functional(lib):
    return lib.nn.functional


def _ints(*values):
    return Index(np.array(values, dtype=np.int64))


# --- regression ------------------------------------------------------------------------------

def _pointwise_samples(make, weighted=True, **kwargs):
    samples = []
    samples += reductions((make(3, 4), make(3, 4)), **kwargs)
    samples += reductions((make(3, 4), make(4)), 'broadcast target', **kwargs)
    samples += reductions((make(4), make(2, 4)), 'broadcast input', **kwargs)
    samples += reductions((make(), make()), '0-d', **kwargs)
    samples += reductions((make(0, 3), make(0, 3)), 'empty', **kwargs)
    samples.append(Sample((make(2, 3, 2), make(2, 3, 2)), dict(kwargs, size_average=False),
                          'legacy size_average'))
    samples.append(Sample((make(2, 3), make(2, 3)), dict(kwargs, reduce=False), 'legacy reduce'))
    if weighted:
        samples += reductions((make(3, 4), make(3, 4)), 'weighted', weight=make(3, 4, low=0.2),
                              **kwargs)
    return samples


def _pointwise_errors(make, weighted=True, **kwargs):
    errors = [Sample((make(3, 4), make(3, 4)), dict(kwargs, reduction='avg')),
              Sample((make(3, 4), make(2, 4)), dict(kwargs), 'shapes do not broadcast')]
    if weighted:
        errors.append(Sample((make(3, 4), make(3, 4)), dict(kwargs, weight=make(4)),
                             'weight size'))
        errors.append(Sample((make(3, 4), make(3, 4)),
                             dict(kwargs, weight=make(3, 4), reduction='avg'), 'weighted'))
    return errors


def _integer_errors(make, **kwargs):
    return [Sample((_ints(1, 2), _ints(0, 2)), dict(kwargs), 'integer tensors')]


def _mse_samples(make):
    return _pointwise_samples(make)


def _mse_errors(make):
    return _pointwise_errors(make) + _integer_errors(make)


def _l1_errors(make):
    return _pointwise_errors(make) + [
        Sample((_ints(1, 2), _ints(0, 2)), {}, 'integer mean')]


def _smooth_l1_samples(make):
    samples = _pointwise_samples(make, weighted=False)
    samples += reductions((make(3, 4), make(3, 4)), 'beta', beta=0.5)
    samples += reductions((make(3, 4), make(3, 4)), 'beta 0: l1 loss', beta=0.0)
    return samples


def _smooth_l1_errors(make):
    return (_pointwise_errors(make, weighted=False) + _integer_errors(make) +
            [Sample((make(3, 4), make(3, 4)), {'beta': -1.0})])


def _huber_samples(make):
    samples = [s for s in _pointwise_samples(make) if 'legacy' not in s.note]
    samples += reductions((make(3, 4), make(3, 4)), 'delta', delta=0.5)
    samples += reductions((make(3, 4), make(3, 4)), 'weighted delta', delta=2.0,
                          weight=make(3, 4, low=0.2))
    return samples


def _huber_errors(make):
    return _pointwise_errors(make) + _integer_errors(make) + [
        Sample((make(3, 4), make(3, 4)), {'delta': 0.0}),
        Sample((make(3, 4), make(3, 4)), {'delta': -1.0, 'weight': make(3, 4)})]


def _soft_margin(lib, input, target, **kwargs):
    return functional(lib).soft_margin_loss(input, as_dtype(target, input), **kwargs)


def _soft_margin_samples(make):
    return (reductions((make(3, 4), signs(make, 3, 4))) +
            reductions((make(5), signs(make, 5)), '1-d') +
            reductions((make(3, 4), signs(make, 4)), 'broadcast target') +
            reductions((make(), signs(make)), '0-d') +
            reductions((make(0, 2), signs(make, 0, 2)), 'empty'))


def _soft_margin_errors(make):
    return [Sample((make(3, 4), signs(make, 3, 4)), {'reduction': 'avg'}),
            Sample((make(3, 4), signs(make, 2, 4)), {}, 'shapes do not broadcast'),
            Sample((make(4), signs(make, 3, 4)), {}, 'target wider than input')]


# --- negative log-likelihood -----------------------------------------------------------------

def _with_weight(name):
    def call(lib, input, target, weight=None, **kwargs):
        return getattr(functional(lib), name)(input, target, weight=as_dtype(weight, input),
                                              **kwargs)
    call.__name__ = name
    return call


def _class_samples(make):
    """(input, class-index target) pairs of every rank nll_loss routes differently."""
    return [
        Sample((make(4, 5), make.index(5, 4)), {}, '2-d'),
        Sample((make(5), Index(np.array(2))), {}, '1-d input, 0-d target'),
        Sample((make(2, 5, 3), make.index(5, 2, 3)), {}, '3-d'),
        Sample((make(2, 5, 3, 2), make.index(5, 2, 3, 2)), {}, '4-d'),
        Sample((make(2, 3, 2, 2, 2), make.index(3, 2, 2, 2, 2)), {}, '5-d'),
        Sample((make(0, 5), make.index(5, 0)), {}, 'empty batch'),
        Sample((make(0, 5, 3), make.index(5, 0, 3)), {}, 'empty 3-d batch'),
    ]


def _nll_samples(make):
    samples = []
    for base in _class_samples(make):
        samples += reductions(base.args, base.note)
    weight = floats(make.rng.uniform(0.2, 2.0, 5))
    samples += reductions((make(4, 5), make.index(5, 4)), 'weighted', weight=weight)
    samples += reductions((make(2, 5, 3, 2), make.index(5, 2, 3, 2)), '4-d weighted',
                          weight=weight)
    samples += reductions((make(2, 5, 3), make.index(5, 2, 3)), '3-d weighted', weight=weight)
    ignored = _ints(0, -100, 2, 4)
    samples += reductions((make(4, 5), ignored), 'ignore_index')
    samples += reductions((make(4, 5), ignored), 'weighted ignore_index', weight=weight)
    samples += reductions((make(4, 5), _ints(0, 3, 2, 3)), 'ignore_index 3', ignore_index=3)
    # every target ignored: a 'mean' is 0 / 0, constant NaN, which finite differences cannot see
    samples += [Sample((make(4, 5), _ints(-100, -100, -100, -100)), {'reduction': r},
                       'all ignored', gradcheck=r != 'mean') for r in REDUCTIONS]
    samples += reductions((make(4, 5), Index(np.array([1, 0, 4, 2], dtype=np.uint8))),
                          'uint8 target')
    samples.append(Sample((make(4, 5), make.index(5, 4)), {'size_average': False}, 'legacy'))
    return samples


def _nll_errors(make):
    return [
        Sample((make(4, 5), floats([0, 1, 2, 3])), {}, 'float target'),
        Sample((make(4, 5), Index(np.array([0, 1, 2, 3], dtype=np.int32))), {}, 'int32 target'),
        Sample((make(4, 5), _ints(0, 1, 2, 7)), {}, 'target out of range'),
        Sample((make(4, 5), _ints(0, -1, 2, 3)), {'reduction': 'none'}, 'negative target'),
        Sample((make(4, 5), _ints(9, 1, 7, 3)), {'reduction': 'sum'}, 'first bad target'),
        Sample((make(4, 5), _ints(0, 1, 2)), {}, 'batch sizes'),
        Sample((make(4, 5), Index(np.zeros((4, 2), dtype=np.int64))), {}, '2-d target'),
        Sample((make(4, 5), make.index(5, 4)), {'weight': floats(np.ones(4))}, 'weight size'),
        Sample((make(4, 5), make.index(5, 4)), {'weight': floats(np.ones((1, 5)))},
               '2-d weight'),
        Sample((make(), Index(np.array(1))), {}, '0-d input'),
        Sample((make(5), _ints(1, 2)), {}, '1-d input, 2 targets'),
        Sample((make(2, 5, 3), make.index(5, 2, 4)), {}, '3-d target size'),
        Sample((make(2, 5, 3, 2), make.index(5, 2, 3)), {}, '4-d target rank'),
        Sample((make(2, 5, 3, 2), make.index(5, 2, 3, 3)), {}, '4-d target size'),
        Sample((make(2, 5, 3, 2), make.index(5, 2, 3, 2)), {'weight': floats(np.ones(3))},
               '4-d weight size'),
        Sample((make(2, 5, 3, 2), Index(np.full((2, 3, 2), 7))), {}, '4-d out of range'),
        Sample((make(4, 5), make.index(5, 4)), {'reduction': 'avg'}),
        Sample((Index(np.ones((4, 5), dtype=np.int64)), make.index(5, 4)), {}, 'integer input'),
    ]


def _cross_entropy_samples(make):
    samples = _nll_samples(make)
    weight = floats(make.rng.uniform(0.2, 2.0, 5))
    for smoothing in (0.1, 1.0):
        samples += reductions((make(4, 5), make.index(5, 4)), 'smoothed',
                              label_smoothing=smoothing)
    samples += reductions((make(4, 5), _ints(0, -100, 2, 4)), 'smoothed weighted ignored',
                          weight=weight, label_smoothing=0.2)
    samples += reductions((make(2, 5, 3), make.index(5, 2, 3)), 'smoothed 3-d',
                          label_smoothing=0.3)
    samples += reductions((make(4, 5), make.index(5, 4)), 'negative smoothing',
                          label_smoothing=-0.1)
    probabilities = make(4, 5, low=0.0, high=1.0)
    samples += reductions((make(4, 5), probabilities), 'probabilities')
    samples += reductions((make(4, 5), probabilities), 'probabilities weighted', weight=weight)
    samples += reductions((make(4, 5), probabilities), 'probabilities smoothed',
                          label_smoothing=0.25)
    samples += reductions((make(2, 5, 3), make(2, 5, 3, low=0.0, high=1.0)), '3-d probabilities',
                          weight=weight)
    samples += reductions((make(5), make(5, low=0.0, high=1.0)), '1-d probabilities',
                          weight=weight)
    samples += reductions((make(0, 5), make(0, 5)), 'empty probabilities')
    return samples


def _cross_entropy_errors(make):
    errors = [e for e in _nll_errors(make) if e.note not in ('0-d input', 'integer input')]
    return errors + [
        Sample((make(4, 5), make(4, 4)), {}, 'float target of another shape'),
        Sample((make(4, 5), make(4, 5)), {'ignore_index': 1}, 'probabilities ignore_index'),
        Sample((make(4, 5), make.index(5, 4)), {'label_smoothing': 1.5}),
        Sample((make(4, 5), make(4, 5)), {'label_smoothing': 2.0}, 'probabilities'),
        Sample((make(4, 5), make(4, 5)), {'weight': floats(np.ones(3))}, 'probabilities weight'),
        Sample((make(4, 5), Index(np.ones((4, 5), dtype=np.int64))), {}, 'integer targets'),
        Sample((make(4, 5), Index(np.ones((4, 5), dtype=bool))), {}, 'bool targets'),
        Sample((make(), Index(np.array(1))), {}, '0-d input'),
        Sample((make(4, 5), make.index(5, 4)), {'weight': floats(np.ones(3)),
                                                'label_smoothing': 0.1}, 'smoothed weight'),
    ]


OPS = [
    OpInfo('nn.functional.mse_loss', lambda lib, *a, **k: functional(lib).mse_loss(*a, **k),
           _mse_samples, errors=_mse_errors),
    OpInfo('nn.functional.l1_loss', lambda lib, *a, **k: functional(lib).l1_loss(*a, **k),
           _mse_samples, errors=_l1_errors),
    OpInfo('nn.functional.smooth_l1_loss',
           lambda lib, *a, **k: functional(lib).smooth_l1_loss(*a, **k),
           _smooth_l1_samples, errors=_smooth_l1_errors),
    OpInfo('nn.functional.huber_loss', lambda lib, *a, **k: functional(lib).huber_loss(*a, **k),
           _huber_samples, errors=_huber_errors),
    OpInfo('nn.functional.soft_margin_loss', _soft_margin, _soft_margin_samples,
           errors=_soft_margin_errors),
    OpInfo('nn.functional.nll_loss', _with_weight('nll_loss'), _nll_samples,
           errors=_nll_errors),
    OpInfo('nn.functional.cross_entropy', _with_weight('cross_entropy'), _cross_entropy_samples,
           errors=_cross_entropy_errors),
]
