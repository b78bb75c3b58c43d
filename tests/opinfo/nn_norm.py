"""Table rows for ember.nn.functional (nn_norm).

Running statistics are `Index` float arrays (never perturbed or differentiated), cast to the
input's dtype by the row's call, which returns them after the call so that their in-place
updates are compared with torch's too.
"""
import numpy as np

from tests.opinfo.core import Index, OpInfo, Sample
from tests.opinfo.nn_loss import as_dtype, floats, functional


def _stats(make, channels):
    return (floats(make.rng.uniform(-1.0, 1.0, channels)),
            floats(make.rng.uniform(0.5, 2.0, channels)))


def _with_stats(name):
    def call(lib, input, running_mean=None, running_var=None, *args, **kwargs):
        running_mean, running_var = as_dtype(running_mean, input), as_dtype(running_var, input)
        out = getattr(functional(lib), name)(input, running_mean, running_var, *args, **kwargs)
        stats = tuple(t for t in (running_mean, running_var) if t is not None)
        return (out,) + stats if stats else out
    call.__name__ = name
    return call


# --- batch norm ------------------------------------------------------------------------------

def _batch_norm_samples(make):
    samples = []
    for shape in ((4, 3), (4, 3, 5), (2, 3, 4, 4), (2, 3, 2, 2, 2)):
        mean, var = _stats(make, 3)
        affine = {'weight': make(3), 'bias': make(3)}
        samples.append(Sample((make(*shape), mean, var), dict(affine, training=True),
                              f'{len(shape)}-d training'))
        samples.append(Sample((make(*shape), mean, var), dict(affine, training=False),
                              f'{len(shape)}-d eval'))
    mean, var = _stats(make, 3)
    samples += [
        Sample((make(4, 3, 2), None, None), {'weight': make(3), 'bias': make(3),
                                             'training': True}, 'no running statistics'),
        Sample((make(4, 3, 2), mean, var), {'training': True}, 'no affine'),
        Sample((make(4, 3, 2), mean, var), {'training': False}, 'no affine eval'),
        Sample((make(4, 3, 2), mean, var), {'weight': make(3), 'training': True},
               'weight only'),
        Sample((make(4, 3, 2), mean, var), {'weight': make(3), 'training': False},
               'weight only eval'),
        Sample((make(4, 3), mean, var), {'weight': make(3), 'bias': make(3), 'training': True,
                                         'momentum': 0.5, 'eps': 1e-3}, 'momentum and eps'),
        Sample((make(2, 3), mean, var), {'training': True, 'momentum': 1.0},
               'two values per channel'),
        Sample((make(0, 3), mean, var), {'weight': make(3), 'bias': make(3), 'training': True},
               'empty'),
    ]
    return samples


def _batch_norm_errors(make):
    mean, var = _stats(make, 3)
    return [
        Sample((make(4, 3), floats(np.zeros(4)), var), {'training': True}, 'running_mean size'),
        Sample((make(4, 3), mean, floats(np.ones(4))), {'training': True}, 'running_var size'),
        Sample((make(4, 3), mean, var), {'weight': make(4), 'training': True}, 'weight size'),
        Sample((make(4, 3), mean, var), {'bias': make(2), 'training': False}, 'bias size'),
        Sample((make(3), mean, var), {'training': True}, '1-d input'),
        Sample((make(1, 3), mean, var), {'training': True}, 'one value per channel'),
        Sample((make(1, 3, 1), mean, var), {'training': True}, 'one value per channel 3-d'),
        Sample((make(4, 3), mean, var), {'training': True, 'eps': 0.0}, 'eps 0'),
        Sample((make(4, 3), mean, var), {'training': False, 'eps': -1.0}, 'negative eps'),
        Sample((make(4, 3), None, None), {'training': False}, 'eval without statistics'),
        Sample((make(4, 3), None, var), {'training': True}, 'one statistic'),
        Sample((make(4, 3), mean, var), {'training': True, 'momentum': None}, 'momentum None'),
        Sample((Index(np.ones((4, 3), dtype=np.int64)), None, None), {'training': True},
               'integer input'),
    ]


# --- layer, group and RMS norm ---------------------------------------------------------------

def _layer_norm_samples(make):
    return [
        Sample((make(3, 4), (4,), make(4), make(4)), {}, 'affine'),
        Sample((make(2, 3, 4), (3, 4), make(3, 4), make(3, 4)), {}, 'two normalized dims'),
        Sample((make(2, 3, 4), [4]), {}, 'no affine, list shape'),
        Sample((make(2, 3, 4), (4,), make(4)), {'eps': 1e-3}, 'weight only'),
        Sample((make(4), (4,), make(4), make(4)), {}, '1-d'),
        Sample((make(0, 4), (4,), make(4), make(4)), {}, 'empty batch'),
    ]


def _layer_norm_errors(make):
    return [
        Sample((make(2, 3, 4), (3,)), {}, 'shape mismatch'),
        Sample((make(2, 3, 4), (2, 3, 4, 5)), {}, 'shape longer than input'),
        Sample((make(2, 3, 4), ()), {}, 'empty shape'),
        Sample((make(2, 3, 4), 4), {}, 'int shape'),
        Sample((make(2, 3, 4), (4,), make(3)), {}, 'weight shape'),
        Sample((make(2, 3, 4), (4,), make(4), make(3)), {}, 'bias shape'),
        Sample((Index(np.ones((2, 4), dtype=np.int64)), (4,)), {}, 'integer input'),
    ]


def _group_norm_samples(make):
    return [
        Sample((make(2, 6, 3), 3, make(6), make(6)), {}, 'affine'),
        Sample((make(2, 6), 2), {}, '2-d'),
        Sample((make(2, 4, 2, 2), 1, make(4)), {'eps': 1e-3}, 'one group'),
        Sample((make(2, 4, 2, 2), 4, make(4), make(4)), {}, 'a group per channel'),
        Sample((make(3, 4, 2, 1, 2), 2, make(4), make(4)), {}, '5-d'),
        Sample((make(0, 6, 2), 3, make(6), make(6)), {}, 'empty batch'),
    ]


def _group_norm_errors(make):
    return [
        Sample((make(2, 3, 4), 2), {}, 'groups do not divide channels'),
        Sample((make(3), 1), {}, '1-d'),
        Sample((make(1, 3), 3), {}, 'one value per group'),
        Sample((make(2, 3, 4), 3, make(4)), {}, 'weight size'),
        Sample((make(2, 3, 4), 3, make(3), make(4)), {}, 'bias size'),
        Sample((make(2, 3, 4), 3, None, make(4)), {}, 'bias size without weight'),
        Sample((make(2, 3, 4), 0), {}, 'zero groups'),
        Sample((Index(np.ones((2, 3, 2), dtype=np.int64)), 3), {}, 'integer input'),
    ]


def _rms_norm_samples(make):
    return [
        Sample((make(3, 4), (4,), make(4)), {}, 'weight'),
        Sample((make(2, 3, 4), (3, 4)), {}, 'two dims'),
        Sample((make(2, 3, 4), [4], make(4)), {'eps': 1e-3}, 'eps'),
        Sample((make(4), (4,)), {}, '1-d'),
        Sample((make(0, 4), (4,), make(4)), {}, 'empty batch'),
    ]


def _rms_norm_errors(make):
    return [
        Sample((make(2, 3, 4), (3,)), {}, 'shape mismatch'),
        Sample((make(2, 3, 4), (2, 3)), {}, 'two dims mismatch'),
        Sample((make(2, 3, 4), (4,), make(3)), {}, 'weight shape'),
        Sample((Index(np.ones((2, 4), dtype=np.int64)), (4,)), {}, 'integer input'),
    ]


# --- instance and local response norm --------------------------------------------------------

def _instance_norm_samples(make):
    mean, var = _stats(make, 3)
    return [
        Sample((make(2, 3, 4),), {}, 'no statistics'),
        Sample((make(2, 3, 4), mean, var, make(3), make(3)), {}, 'statistics and affine'),
        Sample((make(2, 3, 2, 2), mean, var), {'momentum': 0.3, 'eps': 1e-3}, '4-d'),
        Sample((make(2, 3, 4), mean, var, make(3), make(3)), {'use_input_stats': False},
               'running statistics'),
        Sample((make(1, 3, 5), None, None, make(3)), {}, 'weight only'),
    ]


def _instance_norm_errors(make):
    mean, var = _stats(make, 3)
    return [
        Sample((make(2, 3),), {}, 'no spatial dims'),
        Sample((make(2, 3, 1),), {}, 'one spatial element'),
        Sample((make(2, 3, 4), floats(np.zeros(2)), floats(np.ones(2))), {},
               'running_mean size'),
        Sample((make(2, 3, 4), None, None, make(2)), {}, 'weight size'),
        Sample((make(2, 3, 4),), {'use_input_stats': False}, 'eval without statistics'),
    ]


def _local_response_samples(make):
    return [
        Sample((make(2, 5, 3), 2), {}, '3-d'),
        Sample((make(2, 5, 3, 3), 3), {'alpha': 0.1, 'beta': 0.5, 'k': 2.0}, '4-d'),
        Sample((make(2, 4, 2, 2, 2), 4), {'alpha': 0.01}, '5-d'),
        Sample((make(2, 3, 4), 1), {}, 'size 1'),
        Sample((make(2, 3, 4), 6), {'alpha': 0.5}, 'window wider than the channels'),
        Sample((make(0, 3, 4), 2), {}, 'empty'),
    ]


def _local_response_errors(make):
    return [Sample((make(2, 3), 2), {}, '2-d')]


OPS = [
    OpInfo('nn.functional.batch_norm', _with_stats('batch_norm'), _batch_norm_samples,
           errors=_batch_norm_errors),
    OpInfo('nn.functional.instance_norm', _with_stats('instance_norm'), _instance_norm_samples,
           errors=_instance_norm_errors),
    OpInfo('nn.functional.layer_norm', lambda lib, *a, **k: functional(lib).layer_norm(*a, **k),
           _layer_norm_samples, errors=_layer_norm_errors),
    OpInfo('nn.functional.group_norm', lambda lib, *a, **k: functional(lib).group_norm(*a, **k),
           _group_norm_samples, errors=_group_norm_errors),
    OpInfo('nn.functional.rms_norm', lambda lib, *a, **k: functional(lib).rms_norm(*a, **k),
           _rms_norm_samples, errors=_rms_norm_errors),
    OpInfo('nn.functional.local_response_norm',
           lambda lib, *a, **k: functional(lib).local_response_norm(*a, **k),
           _local_response_samples, errors=_local_response_errors),
]
