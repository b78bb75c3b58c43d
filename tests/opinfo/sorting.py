"""Table rows for the ops in ember/ops/sorting.py: sort, argsort, msort, topk, kthvalue,
median, nanmedian, mode, unique, unique_consecutive.

Integer dtypes draw from few values, so their samples are full of ties: they check that the
index torch reports among tied elements is the one ember reports.
"""
import numpy as np

from tests.opinfo.core import OpInfo, Sample, func, method

WITH_INTS = ('float32', 'float64', 'int64', 'int32')
ALL_KINDS = WITH_INTS + ('bool',)
NAN = np.nan


def _ties(make, *shape):
    """Values from {-2, -1, 0, 1, 2}: many ties."""
    return np.round(make(*shape))


def _with_nans(make, *shape):
    array = _ties(make, *shape)
    array.flat[::4] = NAN
    return array


def _long_rows(make):
    """Rows longer than 16, where torch's sort and selection stop being stable."""
    return _ties(make, 3, 40)


# --- sort, argsort, msort --------------------------------------------------------------------

def _sort_samples(make):
    return [Sample((make(),)), Sample((make(5),)), Sample((make(3, 4),)),
            Sample((make(3, 4), 0)), Sample((make(3, 4),), {'dim': 0, 'descending': True}),
            Sample((make(2, 3, 4), 1, True)), Sample((make(0, 3),)), Sample((make(0, 3), 0)),
            Sample((make(),), {'dim': 0}),
            Sample((_ties(make, 4, 6),), note='ties', gradcheck=False),
            Sample((_ties(make, 4, 6), 0, True), note='ties', gradcheck=False),
            Sample((_long_rows(make),), note='unstable ties', gradcheck=False),
            Sample((_long_rows(make),), {'descending': True}, 'unstable ties', gradcheck=False),
            Sample((_with_nans(make, 3, 30),), note='NaN last', gradcheck=False),
            Sample((_with_nans(make, 3, 30),), {'descending': True}, 'NaN first',
                   gradcheck=False)]


def _stable_samples(make):
    return [Sample((make(3, 4),), {'stable': True}),
            Sample((_long_rows(make),), {'stable': True}, 'ties', gradcheck=False),
            Sample((_long_rows(make),), {'stable': True, 'descending': True}, gradcheck=False),
            Sample((_long_rows(make),), {'stable': False, 'dim': 1}, gradcheck=False),
            Sample((_with_nans(make, 3, 30),), {'stable': True, 'descending': True},
                   gradcheck=False)]


def _dim_errors(make):
    return [Sample((make(3, 4), 2), note='dim out of range'),
            Sample((make(3, 4), (0,)), note='tuple dim')]


# --- topk, kthvalue --------------------------------------------------------------------------

def _topk_samples(make):
    samples = [Sample((make(5), 2)), Sample((make(3, 4), 3)), Sample((make(3, 4), 2, 0)),
               Sample((make(3, 4), 2), {'largest': False}),
               Sample((make(2, 3, 4), 2), {'dim': 1, 'sorted': False}),
               Sample((make(3, 4), 0)), Sample((make(3, 4), 4)), Sample((make(), 1)),
               Sample((make(0, 3), 2)), Sample((make(0, 3), 0, 0))]
    for k in (1, 3, 20, 40):
        for largest in (True, False):
            samples.append(Sample((_long_rows(make), k), {'largest': largest}, 'ties',
                                  gradcheck=False))
        samples.append(Sample((_long_rows(make), k), {'sorted': False}, 'unsorted',
                              gradcheck=False))
    samples.append(Sample((_ties(make, 3, 200), 2), note='partial sort', gradcheck=False))
    samples.append(Sample((_ties(make, 3, 200), 3), {'largest': False}, gradcheck=False))
    samples.append(Sample((_with_nans(make, 3, 30), 5), note='NaN largest', gradcheck=False))
    samples.append(Sample((_with_nans(make, 3, 30), 5), {'largest': False}, gradcheck=False))
    return samples


def _topk_errors(make):
    return [Sample((make(3, 4), 5), note='k too large'), Sample((make(3, 4), -1), note='k < 0'),
            Sample((make(3, 4), 1, 2), note='dim out of range'),
            Sample((make(3, 4), 1, (0,)), note='tuple dim')]


def _kthvalue_samples(make):
    samples = [Sample((make(5), 2)), Sample((make(3, 4), 1)), Sample((make(3, 4), 3, 0)),
               Sample((make(3, 4), 4), {'keepdim': True}),
               Sample((make(2, 3, 4), 2), {'dim': 1, 'keepdim': True}), Sample((make(), 1)),
               Sample((make(0, 3), 2, 1)),
               Sample((_ties(make, 4, 6), 3), note='ties', gradcheck=False)]
    for k in (1, 7, 20, 40):
        samples.append(Sample((_long_rows(make), k), note='ties', gradcheck=False))
    samples.append(Sample((_with_nans(make, 3, 30), 25), note='NaN largest', gradcheck=False))
    return samples


def _kthvalue_errors(make):
    return [Sample((make(3, 4), 5), note='k too large'), Sample((make(3, 4), 0), note='k = 0'),
            Sample((make(0, 3), 1, 0), note='empty reduced dim')]


def _bool_errors(*args):
    def errors(make):
        return [Sample((make(3, 4),) + args, note='bool input')]
    return errors


# --- median, nanmedian, mode -----------------------------------------------------------------

def _median_all_samples(make):
    return [Sample((make(),)), Sample((make(5),)), Sample((make(3, 4),)),
            Sample((make(0, 3),)),
            Sample((_ties(make, 4, 6),), note='ties share the gradient', gradcheck=False),
            Sample((_with_nans(make, 3, 5),), note='NaN', gradcheck=False),
            Sample((np.array([1.0, NAN, NAN, 2.0]),), note='NaNs', gradcheck=False)]


def _median_dim_samples(make):
    # NOTE: no slice of NaNs alone: torch's nanmedian then reads outside the slice, and the
    #       index it reports is arbitrary
    return [Sample((make(5), 0)), Sample((make(3, 4), 1)), Sample((make(3, 4), 0, True)),
            Sample((make(2, 3, 4),), {'dim': -2}), Sample((make(), 0)),
            Sample((make(0, 3), 1)),
            Sample((_ties(make, 4, 6), 1), note='ties', gradcheck=False),
            Sample((_long_rows(make), 1), note='ties', gradcheck=False),
            Sample((_with_nans(make, 3, 30), 1), note='NaN', gradcheck=False)]


def _median_errors(make):
    return [Sample((make(0, 3), 0), note='empty reduced dim'),
            Sample((make(3, 4), None), note='dim None')]


def _mode_samples(make):
    return [Sample((make(5),)), Sample((make(3, 4),)), Sample((make(3, 4), 0, True)),
            Sample((make(2, 3, 4),), {'dim': 1}), Sample((make(), 0)), Sample((make(0, 3), 1)),
            Sample((_ties(make, 4, 6),), note='ties', gradcheck=False),
            Sample((_ties(make, 5, 16), 1), note='ties', gradcheck=False),
            Sample((_long_rows(make),), note='ties', gradcheck=False),
            Sample((_with_nans(make, 3, 8),), note='NaN', gradcheck=False)]


# --- unique ----------------------------------------------------------------------------------

def _unique_samples(make):
    nans = _ties(make, 12)
    nans[::3] = NAN
    samples = []
    for array in (make(), _ties(make, 12), _ties(make, 3, 4), make(0, 3), nans):
        for inverse in (False, True):
            for counts in (False, True):
                samples.append(Sample((array,), {'return_inverse': inverse,
                                                 'return_counts': counts}))
    rows = _ties(make, 5, 2)
    rows[3] = rows[1]
    nan_rows = _ties(make, 6, 2)
    nan_rows[1, 0] = nan_rows[4, 1] = nan_rows[5, 1] = NAN
    samples += [Sample((rows,), {'dim': 0, 'return_inverse': True, 'return_counts': True}),
                Sample((rows.T,), {'dim': 1, 'return_inverse': True, 'return_counts': True}),
                Sample((rows,), {'dim': -1}), Sample((make(0, 3),), {'dim': 0}),
                Sample((nan_rows,), {'dim': 0, 'return_inverse': True, 'return_counts': True},
                       'NaN slices'),
                Sample((nan_rows[:, 1],), {'dim': 0, 'return_inverse': True}, 'NaN slices'),
                Sample((_ties(make, 3, 4),), {'sorted': False})]
    return samples


def _unique_consecutive_samples(make):
    runs = np.repeat(_ties(make, 6), 2)[:11]
    rows = np.repeat(_ties(make, 3, 2), 2, axis=0)
    samples = []
    for array in (make(), runs, runs.reshape(1, 11), make(0, 3)):
        for inverse in (False, True):
            for counts in (False, True):
                samples.append(Sample((array,), {'return_inverse': inverse,
                                                 'return_counts': counts}))
    samples += [Sample((rows,), {'dim': 0, 'return_inverse': True, 'return_counts': True}),
                Sample((rows.T,), {'dim': 1, 'return_counts': True}),
                Sample((make(0, 3),), {'dim': 0})]
    return samples


def _unique_errors(make):
    return [Sample((make(),), {'dim': 0}, '0-d with dim'),
            Sample((make(),), {'dim': -1}, '0-d with dim'),
            Sample((make(2, 0),), {'dim': 0}, 'empty dims not selected'),
            Sample((make(0, 0),), {'dim': 0}, 'two empty dims'),
            Sample((make(3, 4),), {'dim': 2}, 'dim out of range')]


OPS = [
    OpInfo('sort', func('sort'), _sort_samples, dtypes=ALL_KINDS, errors=_dim_errors),
    OpInfo('sort_method', method('sort'), _sort_samples),
    OpInfo('sort_stable', func('sort'), _stable_samples, dtypes=ALL_KINDS),
    OpInfo('argsort', func('argsort'), _sort_samples, dtypes=ALL_KINDS, differentiable=False,
           errors=_dim_errors),
    OpInfo('argsort_stable', func('argsort'), _stable_samples, dtypes=WITH_INTS,
           differentiable=False),
    OpInfo('argsort_method', method('argsort'), _sort_samples, differentiable=False),
    OpInfo('msort', func('msort'), lambda make: [
        Sample((make(4, 3),)), Sample((make(5),)), Sample((_long_rows(make).T,), gradcheck=False)],
        dtypes=ALL_KINDS),
    OpInfo('msort_method', method('msort'), lambda make: [Sample((make(4, 3),))]),
    OpInfo('topk', func('topk'), _topk_samples, dtypes=WITH_INTS, errors=_topk_errors),
    OpInfo('topk_method', method('topk'), _topk_samples),
    OpInfo('topk_bool', func('topk'), lambda make: [], dtypes=('bool',),
           differentiable=False, errors=_bool_errors(1)),
    OpInfo('kthvalue', func('kthvalue'), _kthvalue_samples, dtypes=WITH_INTS,
           errors=_kthvalue_errors),
    OpInfo('kthvalue_method', method('kthvalue'), _kthvalue_samples),
    OpInfo('kthvalue_bool', func('kthvalue'), lambda make: [], dtypes=('bool',),
           differentiable=False, errors=_bool_errors(1)),
    OpInfo('median', func('median'), _median_all_samples, dtypes=WITH_INTS,
           errors=_median_errors),
    OpInfo('median_dim', func('median'), _median_dim_samples, dtypes=WITH_INTS),
    OpInfo('median_method', method('median'), _median_dim_samples),
    OpInfo('median_bool', func('median'), lambda make: [], dtypes=('bool',),
           differentiable=False, errors=_bool_errors()),
    OpInfo('median_dim_bool', func('median'), lambda make: [], dtypes=('bool',),
           differentiable=False, errors=_bool_errors(1)),
    OpInfo('nanmedian', func('nanmedian'), _median_all_samples, dtypes=WITH_INTS,
           errors=_median_errors),
    OpInfo('nanmedian_dim', func('nanmedian'), _median_dim_samples, dtypes=WITH_INTS),
    OpInfo('nanmedian_method', method('nanmedian'), _median_all_samples),
    OpInfo('mode', func('mode'), _mode_samples, dtypes=ALL_KINDS,
           errors=lambda make: [Sample((make(0, 3), 0), note='empty reduced dim'),
                                Sample((make(3, 4), (0,)), note='tuple dim')]),
    OpInfo('mode_method', method('mode'), _mode_samples),
    OpInfo('unique', func('unique'), _unique_samples, dtypes=ALL_KINDS, differentiable=False,
           errors=_unique_errors),
    OpInfo('unique_method', method('unique'), _unique_samples, differentiable=False),
    OpInfo('unique_consecutive', func('unique_consecutive'), _unique_consecutive_samples,
           dtypes=ALL_KINDS, differentiable=False, errors=_unique_errors),
    OpInfo('unique_consecutive_method', method('unique_consecutive'),
           _unique_consecutive_samples, differentiable=False),
]
