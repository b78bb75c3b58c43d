"""Table rows for binary and ternary elementwise math: atan2, hypot, logaddexp(2), maximum,
minimum, fmax, fmin, copysign, fmod, xlogy, float_power, lerp, addcmul, addcdiv, isclose,
allclose and equal."""
import numpy as np

from tests.opinfo.core import Check, Index, OpInfo, Sample, func, method
from tests.opinfo.samples import BINARY_SHAPES, binary, binary_positive_other

FLOATS = ('float32', 'float64')
INT_TO_FLOAT = ('float32', 'float64', 'int64')
WITH_INTS = ('float32', 'float64', 'int64', 'int32')
NOT_DIFFERENTIABLE = {Check.GRAD: 'no derivative', Check.GRADCHECK: 'no derivative',
                      Check.SECOND_ORDER: 'no derivative'}
NAN, INF = np.nan, np.inf


def _tensor_pairs(make):
    """Two tensors: same shape, broadcast both ways, 0-d and empty."""
    return [Sample((make(*a), make(*b))) for a, b in BINARY_SHAPES]


def _number_errors(make):
    return [Sample((make(3, 4), 2.0), note='number other'),
            Sample((make(3, 4), 2), note='int other'),
            Sample((1.5, make(3, 4)), note='number input'),
            Sample((make(3, 4), make(2, 4)), note="shapes that don't broadcast")]


def _integer_errors(make):
    return _number_errors(make) + [
        Sample((make.index(4, 3), make.index(4, 3)), note='integers'),
        Sample((make.mask(3), make.mask(3)), note='bools')]


def _tensor_op(name, samples=_tensor_pairs, errors=_number_errors, **kw):
    return OpInfo(name, func(name), samples, errors=errors, **kw)


def _method_errors(make):
    return [Sample((make(3, 4), 2.0), note='number other')]


# --- angles, norms, log-sum-exp --------------------------------------------------------------

def _logaddexp_samples(make):
    specials = np.array([INF, -INF, INF, 1000.0, -1000.0, NAN])
    others = np.array([INF, -INF, -INF, 1000.0, 3.0, 1.0])
    return _tensor_pairs(make) + [Sample((specials, others), gradcheck=False)]


_ANGLES = [
    _tensor_op('atan2', dtypes=INT_TO_FLOAT),
    _tensor_op('arctan2'),
    OpInfo('Tensor.atan2', method('atan2'), _tensor_pairs, errors=_method_errors),
    _tensor_op('hypot', errors=_integer_errors),
    OpInfo('Tensor.hypot', method('hypot'), _tensor_pairs, errors=_method_errors),
    _tensor_op('logaddexp', _logaddexp_samples, errors=_integer_errors),
    _tensor_op('logaddexp2', _logaddexp_samples, errors=_integer_errors),
    OpInfo('Tensor.logaddexp', method('logaddexp'), _tensor_pairs, errors=_method_errors),
]


# --- maximum and minimum ---------------------------------------------------------------------

def _extremum_samples(make):
    tied = make(3, 4)
    return _tensor_pairs(make) + [
        Sample((tied, tied.copy()), note='ties share the gradient', gradcheck=False),
        Sample((np.round(make(4, 5)), np.round(make(5))), note='some ties', gradcheck=False)]


def _extremum_nans(make):
    with_nans = np.array([NAN, 1.0, NAN, -2.0, 0.5, INF])
    other_nans = np.array([1.0, NAN, NAN, -3.0, 0.5, NAN])
    return [Sample((with_nans, other_nans), note='NaNs', gradcheck=False)]


def _mixed_dtypes(make):
    return [Sample((make(3, 4), make.index(3, 4)), note='float with int64'),
            Sample((make.mask(3), make.mask(3)), note='bools')]


_EXTREMA = [_tensor_op(name, _extremum_samples, dtypes=WITH_INTS)
            for name in ('maximum', 'minimum', 'fmax', 'fmin')] + [
    OpInfo(f'{name}_mixed', func(name), _mixed_dtypes, differentiable=False)
    for name in ('maximum', 'fmin')] + [
    OpInfo(f'{name}_nans', func(name), _extremum_nans, skips={
        Check.NONCONTIGUOUS: '1-d samples'}) for name in ('maximum', 'minimum', 'fmax', 'fmin')] + [
    OpInfo('Tensor.maximum', method('maximum'), _tensor_pairs, errors=_method_errors),
    OpInfo('Tensor.fmin', method('fmin'), _tensor_pairs, errors=_method_errors),
]


# --- copysign, fmod, xlogy -------------------------------------------------------------------

def _number_input_errors(make):
    return [Sample((1.5, make(3, 4)), note='number input'),
            Sample((make(3, 4), 'a'), note='string other')]


def _copysign_samples(make):
    return binary(make) + [Sample((make(3, 4), -0.0), note='negative zero')]


def _copysign_specials(make):
    zeros = np.array([0.0, -0.0, 0.0, 1.5, NAN, -INF])
    return [Sample((zeros, np.array([-1.0, 1.0, NAN, -0.0, -1.0, 2.0])), gradcheck=False)]


def _fmod_errors(make):
    return _number_input_errors(make) + [
        Sample((make.index(5, 4), make.index(1, 4)), note='integer division by zero'),
        Sample((make.index(5, 4), 0), note='integer division by the number zero'),
        Sample((make.mask(3), make.mask(3)), note='bools'),
        Sample((make.mask(3), False), note='bool by bool number')]


def _fmod_samples(make):
    return binary_positive_other(make) + [
        Sample((make(3, 4), -1.5), note='negative divisor'),
        Sample((make(4), make(4, low=-2.0, high=-0.5)), note='negative divisors')]


def _fmod_int_samples(make):
    divisors = Index(np.array([1, 2, -3, 4]))
    return [Sample((make.index(9, 4), divisors)), Sample((make.index(9, 3, 4), divisors)),
            Sample((make.index(9, 3), 2)), Sample((make.index(9, 3), -2)),
            Sample((make.index(9, 3), 2.5)), Sample((make.mask(3), 2), note='bool by int'),
            Sample((make.index(9, 3), 0.0), note='integer by float zero')]


def _xlogy_samples(make):
    zeros = np.array([0.0, 0.0, 0.0, 1.0, 2.0, 0.0])
    return [Sample((make(*a), make(*b, low=0.5, high=3.0))) for a, b in BINARY_SHAPES] + [
        Sample((make(3, 4), 2.5), note='number other'),
        Sample((make(3, 4), -1.0), note='negative number other'),
        Sample((2.5, make(3, 4, low=0.5, high=3.0)), note='number input'),
        Sample((0.0, make(3, low=0.5, high=3.0)), note='number zero input'),
        Sample((zeros, -1.0), note='zeros with a negative number', gradcheck=False)]


def _xlogy_specials(make):
    zeros = np.array([0.0, 0.0, 0.0, 1.0, 2.0, 0.0, NAN])
    others = np.array([0.0, NAN, -1.0, 0.0, 3.0, 2.0, 1.0])
    return [Sample((zeros, others), note='zeros, NaN and log of zero', gradcheck=False),
            Sample((0.0, others), note='number zero input', gradcheck=False),
            Sample((zeros, NAN), note='NaN number', gradcheck=False)]


_SIGNS_AND_REMAINDERS = [
    OpInfo('copysign', func('copysign'), _copysign_samples, dtypes=INT_TO_FLOAT,
           errors=_number_input_errors),
    OpInfo('copysign_bool', func('copysign'), lambda make: [
        Sample((make.mask(3), make.mask(3))), Sample((make.mask(3), 1))],
        dtypes=('float32',), differentiable=False),
    OpInfo('copysign_specials', func('copysign'), _copysign_specials,
           skips={Check.NONCONTIGUOUS: '1-d samples'}),
    OpInfo('Tensor.copysign', method('copysign'), _copysign_samples),
    OpInfo('fmod', func('fmod'), _fmod_samples, dtypes=WITH_INTS, errors=_fmod_errors),
    OpInfo('fmod_int', func('fmod'), _fmod_int_samples, dtypes=('int64',),
           differentiable=False),
    OpInfo('Tensor.fmod', method('fmod'), _fmod_samples),
    OpInfo('xlogy', func('xlogy'), _xlogy_samples, dtypes=INT_TO_FLOAT, errors=lambda make: [
        Sample((2.0, 3.0), note='two numbers')]),
    OpInfo('xlogy_specials', func('xlogy'), _xlogy_specials,
           skips={Check.NONCONTIGUOUS: '1-d samples'}),
    OpInfo('Tensor.xlogy', method('xlogy'), lambda make: [
        Sample((make(3, 4), make(4, low=0.5))), Sample((make(3, 4), 2.0))]),
]


# --- float_power -----------------------------------------------------------------------------

def _float_power_samples(make):
    return [Sample((make(3, 4, low=0.5), 2)), Sample((make(3, 4, low=0.5), 0.5)),
            Sample((make(3, 4, low=0.5), make(3, 4))), Sample((make(5, low=0.5), make())),
            Sample((2.5, make(3, 4))), Sample((make(0, 3, low=0.5), 3)),
            Sample((make(), 2.5))]


def _float_power_int_samples(make):
    return [Sample((make.index(5, 4), 2)), Sample((make.index(5, 4), make.index(3, 4))),
            Sample((2, make.index(4, 3))), Sample((make.index(5, 3), -1), note='negative')]


_FLOAT_POWER = [
    OpInfo('float_power', func('float_power'), _float_power_samples, errors=lambda make: [
        Sample((2.0, 3.0), note='two numbers')]),
    OpInfo('float_power_int', func('float_power'), _float_power_int_samples, dtypes=('int64',),
           differentiable=False),
    OpInfo('Tensor.float_power', method('float_power'), lambda make: [
        Sample((make(3, 4, low=0.5), 1.5)), Sample((make(3, 4, low=0.5), make(4)))]),
]

OPS = _ANGLES + _EXTREMA + _SIGNS_AND_REMAINDERS + _FLOAT_POWER
