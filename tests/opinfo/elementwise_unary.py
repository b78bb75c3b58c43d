"""Table rows for unary elementwise math: exponentials, logarithms, trigonometry, logit,
rounding, signs and floating-point classification."""
import numpy as np

from tests.opinfo.core import Check, OpInfo, Sample, func, method
from tests.opinfo.samples import unary

FLOATS = ('float32', 'float64')
INT_TO_FLOAT = ('float32', 'float64', 'int64')
WITH_INTS = ('float32', 'float64', 'int64', 'int32')
NOT_DIFFERENTIABLE = {Check.GRAD: 'no derivative', Check.GRADCHECK: 'no derivative',
                      Check.SECOND_ORDER: 'no derivative'}
NAN, INF = np.nan, np.inf
SPECIAL_VALUES = np.array([NAN, INF, -INF, 0.0, -0.0, 1.5, -2.5, 1e-30, -3e38, 1e-45])


def _specials(make):
    return [Sample((SPECIAL_VALUES,)), Sample((SPECIAL_VALUES.reshape(2, 5),))]


def _unary_op(name, domain, dtypes=INT_TO_FLOAT, **kw):
    return OpInfo(name, func(name), unary, dtypes=dtypes, domain=domain, **kw)


def _not_a_tensor(make):
    return [Sample((1.5,), note='a number')]


def _bool_input(make):
    return [Sample((make.mask(3),), note='bool')]


def _integer_input(make):
    return [Sample((make.index(5, 3),), note='integers')]


# --- exponentials, logarithms, trigonometry --------------------------------------------------

_SMOOTH = [
    _unary_op('exp2', (-2.0, 2.0), errors=_not_a_tensor),
    _unary_op('expm1', (-2.0, 2.0)),
    _unary_op('log2', (0.5, 3.0)),
    _unary_op('log10', (0.5, 3.0)),
    _unary_op('log1p', (-0.5, 2.0)),
    _unary_op('tan', (-1.2, 1.2)),
    _unary_op('asin', (-0.9, 0.9)),
    _unary_op('arcsin', (-0.9, 0.9)),
    _unary_op('acos', (-0.9, 0.9)),
    _unary_op('arccos', (-0.9, 0.9)),
    _unary_op('atan', (-3.0, 3.0)),
    _unary_op('arctan', (-3.0, 3.0)),
    _unary_op('sinh', (-2.0, 2.0)),
    _unary_op('cosh', (-2.0, 2.0)),
    _unary_op('asinh', (-3.0, 3.0)),
    _unary_op('arcsinh', (-3.0, 3.0)),
    _unary_op('acosh', (1.2, 4.0)),
    _unary_op('arccosh', (1.2, 4.0)),
    _unary_op('atanh', (-0.9, 0.9)),
    _unary_op('arctanh', (-0.9, 0.9)),
]


def _outside_domain(make):
    values = np.array([-2.0, -1.0, 1.0, 2.0, 0.0, NAN, INF])
    return [Sample((values,), note='at and beyond the domain', gradcheck=False)]


_EDGES = [OpInfo(f'{name}_edges', func(name), _outside_domain, skips={
    Check.NONCONTIGUOUS: '1-d samples'}) for name in ('log2', 'log10', 'log1p', 'asin', 'acos',
                                                      'acosh', 'atanh', 'expm1', 'exp2')]


# --- logit -----------------------------------------------------------------------------------

def _logit_eps_samples(make):
    return [Sample((make(3, 4),), {'eps': 0.1}), Sample((make(5, low=0.05, high=0.95),), {'eps': 0.0}),
            Sample((make(),), {'eps': 0.25}), Sample((make(0, 3),), {'eps': 0.1}),
            Sample((make(2, 3, low=0.05, high=0.95),), {'eps': -0.1},
                   'negative eps: no bounds'),
            Sample((make(4),), {'eps': 0.7}, 'eps above one half')]


def _logit_positional(make):
    return [Sample((make(3, 4), 0.2)), Sample((make(5), None))]


_LOGIT = [
    _unary_op('logit', (0.05, 0.95)),
    OpInfo('logit_eps', func('logit'), _logit_eps_samples, domain=(-0.3, 1.3),
           dtypes=INT_TO_FLOAT),
    OpInfo('logit_positional_eps', func('logit'), _logit_positional, domain=(0.05, 0.95)),
    OpInfo('logit_edges', func('logit'), lambda make: [
        Sample((np.array([0.0, 1.0, -0.5, 1.5, NAN, 0.5]),), gradcheck=False),
        Sample((np.array([0.0, 1.0, -0.5, 1.5, NAN, 0.5]),), {'eps': 0.1}, gradcheck=False)],
        skips={Check.NONCONTIGUOUS: '1-d samples'}),
    OpInfo('Tensor.logit', method('logit'), lambda make: [
        Sample((make(3, 4),)), Sample((make(3, 4), 0.1))], domain=(0.05, 0.95)),
]


# --- rounding --------------------------------------------------------------------------------

def _halves(make):
    values = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -0.0, 1e20, NAN, INF])
    return [Sample((values,), note='halves and specials', gradcheck=False)]


def _rounding_op(name):
    return OpInfo(name, func(name), unary, dtypes=WITH_INTS, domain=(-3.0, 3.0),
                  errors=_bool_input)


def _rounding_specials(name):
    return OpInfo(f'{name}_specials', func(name), _halves,
                  skips={Check.NONCONTIGUOUS: '1-d samples'})


def _round_decimals_samples(make):
    values = np.array([0.125, 0.375, -2.675, 1234.5678, 1.005, -0.0, NAN])
    return [Sample((make(3, 4),), {'decimals': 2}), Sample((make(5),), {'decimals': -1}),
            Sample((make(),), {'decimals': 0}), Sample((make(0, 3),), {'decimals': 3}),
            Sample((values,), {'decimals': 2}, gradcheck=False),
            Sample((values,), {'decimals': -2}, gradcheck=False),
            Sample((values,), {'decimals': 400}, 'the scale overflows', gradcheck=False)]


def _round_decimals_errors(make):
    return [Sample((make.index(5, 3),), {'decimals': 1}, 'integers'),
            Sample((make.index(5, 3),), {'decimals': 0}, 'integers, no decimals'),
            Sample((make.mask(3),), {'decimals': -1}, 'bool')]


_ROUNDING = [
    _rounding_op('floor'), _rounding_op('ceil'), _rounding_op('trunc'), _rounding_op('fix'),
    _rounding_op('round'),
    _rounding_specials('floor'), _rounding_specials('ceil'), _rounding_specials('trunc'),
    _rounding_specials('round'), _rounding_specials('frac'),
    OpInfo('round_decimals', func('round'), _round_decimals_samples, domain=(-30.0, 30.0)),
    OpInfo('round_decimals_errors', func('round'), lambda make: [], dtypes=FLOATS,
           errors=_round_decimals_errors),
    OpInfo('Tensor.round', method('round'), lambda make: [
        Sample((make(3, 4),)), Sample((make(3, 4),), {'decimals': 1})], domain=(-30.0, 30.0)),
    OpInfo('frac', func('frac'), unary, domain=(-3.0, 3.0),
           errors=lambda make: _integer_input(make) + _bool_input(make)),
]


# --- signs -----------------------------------------------------------------------------------

def _sign_samples(make):
    return unary(make) + [Sample((np.array([0.0, -0.0, 2.0, -3.0]),), gradcheck=False)]


def _with_bool(make):
    return unary(make) + [Sample((make.mask(4),), note='bool')]


_SIGNS = [
    OpInfo('sgn', func('sgn'), _sign_samples, dtypes=WITH_INTS),
    OpInfo('sgn_bool', func('sgn'), lambda make: [Sample((make.mask(2, 3),))],
           dtypes=('float32',), differentiable=False),
    OpInfo('signbit', func('signbit'), _with_bool, dtypes=WITH_INTS, differentiable=False),
    OpInfo('signbit_specials', func('signbit'), _specials, differentiable=False),
    OpInfo('signbit_uint8', lambda lib, x: lib.signbit(x.to(lib.uint8)),
           lambda make: [Sample((make(3, 4, low=0, high=200),))], differentiable=False),
    OpInfo('positive', func('positive'), unary, dtypes=WITH_INTS, errors=_bool_input),
    OpInfo('Tensor.positive', method('positive'), unary),
]


# --- floating-point classes ------------------------------------------------------------------

def _classifier(name):
    return OpInfo(name, func(name), _with_bool, dtypes=WITH_INTS, differentiable=False,
                  errors=_not_a_tensor)


def _classifier_specials(name):
    return OpInfo(f'{name}_specials', func(name), _specials, differentiable=False)


def _nan_to_num_samples(make):
    values = SPECIAL_VALUES.reshape(2, 5)
    return [
        Sample((values,), gradcheck=False),
        Sample((values,), {'nan': 1.5, 'posinf': 2.0, 'neginf': -3.0}, gradcheck=False),
        Sample((values, 0.5, 7.0), note='by position', gradcheck=False),
        Sample((values,), {'posinf': 1e300, 'nan': 2 ** 200}, 'replacements overflow',
               gradcheck=False),
        Sample((values,), {'neginf': -5}, gradcheck=False)]


_CLASSES = [
    _classifier('isnan'), _classifier('isinf'), _classifier('isfinite'),
    _classifier('isposinf'), _classifier('isneginf'),
    _classifier_specials('isnan'), _classifier_specials('isinf'),
    _classifier_specials('isfinite'), _classifier_specials('isposinf'),
    _classifier_specials('isneginf'),
    OpInfo('Tensor.isnan', method('isnan'), _specials, differentiable=False),
    OpInfo('Tensor.isfinite', method('isfinite'), _specials, differentiable=False),
    OpInfo('nan_to_num', func('nan_to_num'), _with_bool, dtypes=WITH_INTS),
    OpInfo('nan_to_num_specials', func('nan_to_num'), _nan_to_num_samples),
    OpInfo('Tensor.nan_to_num', method('nan_to_num'), _nan_to_num_samples),
]

OPS = _SMOOTH + _EDGES + _LOGIT + _ROUNDING + _SIGNS + _CLASSES
