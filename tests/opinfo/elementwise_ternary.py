"""Table rows for lerp, addcmul, addcdiv, the clamps, isclose, allclose and equal."""
import numpy as np

from tests.opinfo.core import Index, OpInfo, Sample, func, method

FLOATS = ('float32', 'float64')
WITH_INTS = ('float32', 'float64', 'int64', 'int32')
NAN, INF = np.nan, np.inf
# (input, second, third) shapes: equal, broadcasting each way, 0-d and empty
TERNARY_SHAPES = [((3, 4), (3, 4), (3, 4)), ((3, 4), (4,), (3, 1)), ((1, 4), (3, 1), ()),
                  ((), (), ()), ((5,), (), (5,)), ((0, 3), (3,), (1, 3))]


# --- lerp ------------------------------------------------------------------------------------

def _lerp_number_samples(make):
    return [Sample((make(*a), make(*b), w)) for (a, b, _), w in
            zip(TERNARY_SHAPES, (0.3, 0.7, -0.4, 0.5, 1.5, 0.25))] + [
        Sample((make(3, 4), make(3, 4)), {'weight': 2}, 'an int weight'),
        Sample((make(1, 4), make(3, 1), 0.9), note='result larger than input')]


def _lerp_tensor_samples(make):
    return [Sample((make(*a), make(*b), make(*c, low=-0.5, high=1.5)))
            for a, b, c in TERNARY_SHAPES]


def _lerp_errors(make):
    return [Sample((make(3), make.index(3, 3), 0.5), note='end of another dtype'),
            Sample((make.index(3, 3), make.index(3, 3), 0.5), note='integers'),
            Sample((make.index(3, 3), make.index(3, 3), make.index(3, 3)),
                   note='integer weight'),
            Sample((make(3), 1.0, 0.5), note='number end'),
            Sample((make(3), make(2), 0.5), note="shapes that don't broadcast")]


_LERP = [
    OpInfo('lerp', func('lerp'), _lerp_number_samples, errors=_lerp_errors),
    OpInfo('lerp_tensor_weight', func('lerp'), _lerp_tensor_samples),
    OpInfo('Tensor.lerp', method('lerp'), lambda make: [
        Sample((make(3, 4), make(4), 0.3)), Sample((make(3, 4), make(4), make(3, 1)))]),
]


# --- addcmul and addcdiv ---------------------------------------------------------------------

def _addc_samples(make, low=None):
    samples = [Sample((make(*a), make(*b), make(*c, low=low))) for a, b, c in TERNARY_SHAPES]
    return samples + [
        Sample((make(3, 4), make(4), make(3, 1, low=low)), {'value': 0.5}),
        Sample((make(3, 4), make(3, 4), make(4, low=low)), {'value': -2}),
        Sample((make(1, 4), make(3, 4), make(3, 1, low=low)), {'value': True})]


def _addc_errors(make):
    return [Sample((make(3), 2.0, make(3)), note='number tensor1'),
            Sample((make(3), make(3), make(2)), note="shapes that don't broadcast"),
            Sample((make(3), make(3), make(3), 2.0), note='value by position')]


def _addcdiv_errors(make):
    return _addc_errors(make) + [
        Sample((make(3), make.index(3, 3), make.index(3, 3)), note='integer division'),
        Sample((make(3), make.mask(3), make.index(3, 3)), note='bool by integer')]


def _addcmul_int_samples(make):
    return [Sample((make.index(5, 3), make.index(5, 3), make.index(5, 3))),
            Sample((make.index(5, 3), make.index(5, 3), make.index(5, 3)), {'value': 0.5}),
            Sample((make.index(5, 3), make.index(5, 3), make.index(5, 3)), {'value': -3}),
            Sample((make.mask(3), make.index(5, 3), make.mask(3)))]


def _addcdiv_backward(lib, tensor1, tensor2):
    """Backpropagate through addcdiv with a tensor1 that requires grad."""
    tensor1 = tensor1.clone().requires_grad_()
    lib.addcdiv(lib.ones(3), tensor1, tensor2, value=0.5).sum().backward()


_ADDC = [
    OpInfo('addcmul', func('addcmul'), _addc_samples, errors=_addc_errors),
    OpInfo('addcmul_int', func('addcmul'), _addcmul_int_samples, dtypes=('int64',),
           differentiable=False, errors=lambda make: [
               Sample((make.mask(3), make.mask(3), make.mask(3)), note='bools')]),
    OpInfo('addcmul_mixed', func('addcmul'), lambda make: [
        Sample((make.index(5, 3), make(3), make(3))), Sample((make(3), make.index(5, 3),
                                                              make(3)))]),
    OpInfo('addcdiv', func('addcdiv'), lambda make: _addc_samples(make, low=0.5),
           errors=_addcdiv_errors),
    OpInfo('addcdiv_mixed', func('addcdiv'), lambda make: [
        Sample((make.index(5, 3), make(3), make(3, low=0.5)))]),
    OpInfo('addcdiv_integer_divisor', func('addcdiv'), lambda make: [
        Sample((make(3), make(3), Index(np.array([1, 2, 3]))))], differentiable=False),
    OpInfo('addcdiv_integer_divisor_backward', _addcdiv_backward, lambda make: [],
           errors=lambda make: [Sample((make(3), Index(np.array([1, 2, 3]))),
                                       note="torch's derivative fails"),
                                Sample((make(3), Index(np.array([True, True, True]))))]),
    OpInfo('Tensor.addcmul', method('addcmul'), lambda make: [
        Sample((make(3, 4), make(4), make(3, 1)), {'value': 1.5})]),
    OpInfo('Tensor.addcdiv', method('addcdiv'), lambda make: [
        Sample((make(3, 4), make(4), make(3, 1, low=0.5)), {'value': 1.5})]),
]


# --- clamps ----------------------------------------------------------------------------------

def _clamp_number_samples(make):
    return [Sample((make(3, 4), -0.5, 0.5)), Sample((make(5),), {'min': 0.2}),
            Sample((make(5),), {'max': 0.2}), Sample((make(), -1, 1)),
            Sample((make(0, 3), 0.0, 1.0)), Sample((make(3, 4),), {'min': 1.0, 'max': -1.0},
                                                   'min above max'),
            Sample((make(3, 4), None, 0.5), note='None by position'),
            Sample((np.array([NAN, 1.0, -3.0]), -1.0, 1.0), note='NaN input', gradcheck=False),
            Sample((make(4),), {'min': NAN}, 'NaN bound', gradcheck=False)]


def _clamp_tensor_samples(make):
    return [Sample((make(3, 4), make(3, 4), make(3, 4)), note='min may exceed max'),
            Sample((make(3, 4), make(4, high=0.0), make(3, 1, low=0.0))),
            Sample((make(3, 4), make(4)), note='min only'),
            Sample((make(3, 4), None, make(3, 1)), note='max only'),
            Sample((make(), make(), make())), Sample((make(0, 3), make(3), None)),
            Sample((make(1, 4), make(3, 1), None), note='result larger than input'),
            Sample((make(3), Index(np.array(-0.5)), 0.5), note='0-d min taken as a number'),
            Sample((make(3), np.array([NAN, 0.0, 0.0]), np.array([1.0, NAN, 1.0])),
                   note='NaN bounds', gradcheck=False)]


def _clamp_int_samples(make):
    return [Sample((make.index(9, 3, 4), 2, 5)), Sample((make.index(9, 5), 2.5)),
            Sample((make.index(9, 5), None, 3.5)), Sample((make.mask(3), 0, 1)),
            Sample((make.index(9, 5), Index(np.array(4.0)), 6), note='0-d float min'),
            Sample((make.index(9, 5), Index(np.array([2, 3, 4, 5, 6])))),
            Sample((make.mask(3), Index(np.array([False, True, True]))), note='bool min')]


def _clamp_errors(make):
    return [Sample((make(3),), note='no bounds'), Sample((make(3), None, None), note='Nones'),
            Sample((1.5, 0, 1), note='number input'),
            Sample((make(3), make(3), 0.5), note='tensor min with number max'),
            Sample((make.mask(3), False, True), note='bool bounds'),
            Sample((make.mask(3), Index(np.array(False)), Index(np.array([True]))),
                   note='bool tensor bounds'),
            Sample((Index(np.array([1, 2], dtype=np.int32)), 2 ** 40), note='overflow'),
            Sample((make(4), make(3)), note="shapes that don't broadcast")]


def _one_bound_samples(make):
    return [Sample((make(3, 4), 0.3)), Sample((make(3, 4), make(4))), Sample((make(), -0.2)),
            Sample((make(1, 4), make(3, 1)), note='result larger than input'),
            Sample((make(0, 3), make(3))), Sample((make(4), 1)),
            Sample((np.array([NAN, 1.0]), 0.0), gradcheck=False),
            Sample((make(3), NAN), note='NaN bound', gradcheck=False)]


def _one_bound_errors(make):
    return [Sample((1.5, make(3)), note='number input'),
            Sample((make.mask(3), False), note='bool bound'),
            Sample((make(3), 1 + 2j), note='complex bound')]


def _one_bound_int_samples(make):
    return [Sample((make.index(9, 5), 3)), Sample((make.index(9, 5), 2.5)),
            Sample((make.mask(3), 1)), Sample((make.mask(3), Index(np.array([False, True, True]))))]


_CLAMPS = [
    OpInfo('clamp', func('clamp'), _clamp_number_samples, errors=_clamp_errors),
    OpInfo('clamp_tensors', func('clamp'), _clamp_tensor_samples),
    OpInfo('clamp_int', func('clamp'), _clamp_int_samples, dtypes=('int64',),
           differentiable=False),
    OpInfo('clip', func('clip'), _clamp_number_samples),
    OpInfo('clip_tensors', func('clip'), _clamp_tensor_samples),
    OpInfo('Tensor.clamp', method('clamp'), lambda make: [
        Sample((make(3, 4), -0.5, 0.5)), Sample((make(3, 4), make(4)))],
        errors=lambda make: [Sample((make(3),), note='no bounds')]),
    OpInfo('Tensor.clip', method('clip'), lambda make: [Sample((make(3, 4), -0.5))]),
] + [OpInfo(name, func(name), _one_bound_samples, errors=_one_bound_errors)
     for name in ('clamp_min', 'clamp_max')] + [
    OpInfo(f'{name}_int', func(name), _one_bound_int_samples, dtypes=('int64',),
           differentiable=False) for name in ('clamp_min', 'clamp_max')] + [
    OpInfo('Tensor.clamp_min', method('clamp_min'), lambda make: [
        Sample((make(3, 4), 0.3)), Sample((make(3, 4), make(4)))]),
    OpInfo('Tensor.clamp_max', method('clamp_max'), lambda make: [
        Sample((make(3, 4), 0.3)), Sample((make(3, 4), make(4)))]),
]


# --- closeness and equality ------------------------------------------------------------------

def _close_pair(make, *shape):
    a = make(*shape)
    b = a + make(*shape) * 1e-6
    return a, b


def _closeness_samples(make):
    a, b = _close_pair(make, 3, 4)
    specials = np.array([NAN, INF, -INF, 1.0, 0.0, INF])
    others = np.array([NAN, INF, INF, 1.0 + 1e-9, 1e-9, NAN])
    return [Sample((a, b)), Sample((a, b), {'rtol': 0.0, 'atol': 0.0}),
            Sample((a, b), {'rtol': 1e-9, 'atol': 1e-12}),
            Sample((a, b, 1e-3, 1e-3, True), note='by position'),
            Sample((a, make(4))), Sample((make(), make())), Sample((make(0, 3), make(3))),
            Sample((specials, others)), Sample((specials, others), {'equal_nan': True}),
            Sample((specials, others), {'rtol': 0.5})]


def _closeness_int_samples(make):
    a, b = make.index(6, 3, 4), make.index(6, 3, 4)
    large = Index(np.array([2 ** 40, 5, 2 ** 62]))
    large_other = Index(np.array([2 ** 40 + 1, 6, 2 ** 62 + 7]))
    return [Sample((a, b)), Sample((a, b), {'atol': 1, 'rtol': 0}),
            Sample((a, b), {'rtol': 0.5}), Sample((large, large_other), {'rtol': 0, 'atol': 0.5}),
            Sample((make.mask(3), make.mask(3)), {'atol': 2})]


def _closeness_errors(make):
    return [Sample((make(3), 1.0), note='number other'),
            Sample((make(3), make.index(3, 3)), note='dtypes differ'),
            Sample((make(3), make(3)), {'rtol': -1}, 'negative rtol'),
            Sample((make(3), make(3)), {'atol': -1e-10}, 'negative atol'),
            Sample((make(3), make(2)), note="shapes that don't broadcast")]


def _equal_samples(make):
    a = make(3, 4)
    return [Sample((a, a.copy())), Sample((a, make(3, 4))), Sample((a, a[:2].copy())),
            Sample((a[:1].copy(), a[0].copy()), note='shapes differ but broadcast'),
            Sample((make(), make())), Sample((make(0, 3), make(0, 3))),
            Sample((np.round(a), Index(np.round(a).astype(np.int64))), note='across dtypes'),
            Sample((a + 0.25, Index(np.round(a).astype(np.int64))), note='across dtypes')]


_CLOSENESS = [
    OpInfo('isclose', func('isclose'), _closeness_samples, differentiable=False,
           errors=_closeness_errors),
    OpInfo('isclose_int', func('isclose'), _closeness_int_samples, dtypes=('int64',),
           differentiable=False),
    OpInfo('allclose', func('allclose'), _closeness_samples, differentiable=False,
           errors=_closeness_errors),
    OpInfo('allclose_int', func('allclose'), _closeness_int_samples, dtypes=('int64',),
           differentiable=False),
    OpInfo('equal', func('equal'), _equal_samples, dtypes=WITH_INTS, differentiable=False,
           errors=lambda make: [Sample((make(3), 1), note='number other')]),
    OpInfo('equal_nans', func('equal'), lambda make: [
        Sample((np.array([1.0, NAN]), np.array([1.0, NAN])), note='NaN is unequal'),
        Sample((np.array([1.0, INF]), np.array([1.0, INF])))], differentiable=False),
    OpInfo('Tensor.isclose', method('isclose'), _closeness_samples, differentiable=False,
           errors=lambda make: [Sample((make(3), 1.0), note='number other')]),
    OpInfo('Tensor.allclose', method('allclose'), _closeness_samples, differentiable=False),
    OpInfo('Tensor.equal', method('equal'), _equal_samples, differentiable=False,
           errors=lambda make: [Sample((make(3), 1), note='number other')]),
]

OPS = _LERP + _ADDC + _CLAMPS + _CLOSENESS
