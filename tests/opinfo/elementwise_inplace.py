"""Table rows for the in-place elementwise ops (Tensor.X_ methods and torch.X_ functions),
applied to a non-leaf copy of the input so that autograd records them."""
import numpy as np

from tests.opinfo.core import Check, Index, OpInfo, Sample

FLOATS = ('float32', 'float64')


def _method(name, **settings):
    """`x * 1` then `.name(*args, **settings)` on it."""
    def call(lib, x, *args, **kwargs):
        return getattr(x * 1, name)(*args, **settings, **kwargs)
    call.__name__ = name
    return call


def _function(name):
    """`torch.name(x * 1, *args)`."""
    def call(lib, x, *args, **kwargs):
        return getattr(lib, name)(x * 1, *args, **kwargs)
    call.__name__ = name
    return call


def _unary(make):
    return [Sample((make(3, 4),)), Sample((make(),)), Sample((make(0, 3),))]


def _same_shape(make):
    return [Sample((make(3, 4), make(3, 4))), Sample((make(3, 4), make(4))),
            Sample((make(), make()))]


def _broadcast_error(make):
    return [Sample((make(3), make(2, 3)), note='result larger than self')]


def _integer_self(make):
    return [Sample((make.index(4, 3),), note='integer self: a float result')]


_UNARY_DOMAINS = {'exp2_': (-2, 2), 'expm1_': (-2, 2), 'log2_': (0.5, 3), 'log10_': (0.5, 3),
                  'log1p_': (-0.5, 2), 'tan_': (-1, 1), 'asin_': (-0.9, 0.9),
                  'arcsin_': (-0.9, 0.9), 'acos_': (-0.9, 0.9), 'arccos_': (-0.9, 0.9),
                  'atan_': (-2, 2), 'arctan_': (-2, 2), 'sinh_': (-2, 2), 'cosh_': (-2, 2),
                  'asinh_': (-2, 2), 'arcsinh_': (-2, 2), 'acosh_': (1.2, 3),
                  'arccosh_': (1.2, 3), 'atanh_': (-0.9, 0.9), 'arctanh_': (-0.9, 0.9),
                  'erf_': (-2, 2), 'erfc_': (-2, 2), 'erfinv_': (-0.9, 0.9),
                  'lgamma_': (0.2, 4), 'digamma_': (0.2, 4), 'frac_': (-3, 3),
                  'floor_': (-3, 3), 'ceil_': (-3, 3), 'trunc_': (-3, 3), 'fix_': (-3, 3),
                  'round_': (-3, 3), 'sgn_': (-2, 2), 'logit_': (0.05, 0.95),
                  'nan_to_num_': (-2, 2)}
_TORCH_FUNCTIONS = ('exp2_', 'expm1_', 'log2_', 'log10_', 'log1p_', 'tan_', 'asin_', 'arcsin_',
                    'acos_', 'atan_', 'sinh_', 'cosh_', 'asinh_', 'acosh_', 'atanh_',
                    'arctanh_', 'erf_', 'erfc_', 'floor_', 'ceil_', 'trunc_', 'fix_', 'frac_',
                    'round_', 'logit_', 'nan_to_num_')

_KEEP_INTEGERS = ('floor_', 'ceil_', 'trunc_', 'fix_', 'round_', 'sgn_', 'nan_to_num_', 'frac_')
# torch records these in-place ops with nodes whose backward raises
_NO_DERIVATIVE = ('asinh_', 'arcsinh_', 'acosh_', 'arccosh_', 'atanh_', 'arctanh_')
_NOT_DIFFERENTIABLE = {check: 'torch has no derivative for the in-place op; the _backward rows '
                       'check its error' for check in (Check.GRAD, Check.GRADCHECK,
                                                       Check.SECOND_ORDER)}


def _skips(name):
    return _NOT_DIFFERENTIABLE if name in _NO_DERIVATIVE else {}


def _backward_through(name):
    """Record `name` on a copy of a leaf that requires grad, then backpropagate."""
    def call(lib, x):
        y = x.clone().requires_grad_() * 1
        getattr(y, name)()
        y.sum().backward()
    call.__name__ = name
    return call


_UNARY = [OpInfo(f'Tensor.{name}', _method(name), _unary, domain=domain, skips=_skips(name),
                 errors=None if name in _KEEP_INTEGERS else _integer_self)
          for name, domain in _UNARY_DOMAINS.items()] + [
    OpInfo(f'torch.{name}', _function(name), _unary, domain=_UNARY_DOMAINS[name],
           skips=_skips(name))
    for name in _TORCH_FUNCTIONS] + [
    OpInfo(f'Tensor.{name}backward', _backward_through(name), lambda make: [],
           domain=_UNARY_DOMAINS[name], errors=lambda make: [Sample((make(3),))])
    for name in _NO_DERIVATIVE]


def _special_settings(make):
    return [Sample((make(3, 4),), {'decimals': 1}), Sample((make(5),), {'decimals': -1})]


_SETTINGS = [
    OpInfo('Tensor.round_decimals_', _method('round_'), _special_settings, domain=(-30, 30)),
    OpInfo('torch.round_decimals_', _function('round_'), _special_settings, domain=(-30, 30)),
    OpInfo('Tensor.logit_eps_', _method('logit_'), lambda make: [
        Sample((make(3, 4), 0.1)), Sample((make(3, 4),), {'eps': 0.2})], domain=(-0.2, 1.2)),
    OpInfo('Tensor.polygamma_', _method('polygamma_'), lambda make: [
        Sample((make(3, 4), 1)), Sample((make(), 2))], domain=(0.3, 3.0)),
    OpInfo('Tensor.nan_to_num_specials_', _method('nan_to_num_'), lambda make: [
        Sample((np.array([np.nan, np.inf, -np.inf, 1.5]), 1.0, 2.0, -2.0), gradcheck=False)]),
]


# --- binary and ternary ----------------------------------------------------------------------

def _positive_other(make):
    return [Sample((make(3, 4), make(3, 4, low=0.5))), Sample((make(3, 4), make(4, low=0.5))),
            Sample((make(3, 4), 1.5))]


def _clamp_samples(make):
    return [Sample((make(3, 4), -0.5, 0.5)), Sample((make(3, 4),), {'max': 0.2}),
            Sample((make(3, 4), make(4), make(3, 1))), Sample((make(3, 4), None, make(4)))]


def _clamp_errors(make):
    return [Sample((make.index(4, 3), 0.5, 2), note='float bound on integers'),
            Sample((make.index(4, 3),), {'max': 0.5}, 'float max on integers'),
            Sample((make.index(4, 3), Index(np.array([0.5, 1.0, 2.0]))),
                   note='float tensor bound on integers'),
            Sample((make(3), make(2, 3)), note='result larger than self')]


def _one_bound_errors(make):
    return [Sample((make.index(4, 3), 0.5), note='float bound on integers'),
            Sample((make.index(4, 3), Index(np.array([0.5, 1.0, 2.0]))),
                   note='float tensor bound on integers')]


def _lerp_samples(make):
    return [Sample((make(3, 4), make(4), 0.3)), Sample((make(3, 4), make(4), 0.8)),
            Sample((make(3, 4), make(3, 4), make(4)))]


def _addc_samples(make):
    return [Sample((make(3, 4), make(4), make(3, 1, low=0.5)), {'value': 0.5}),
            Sample((make(3, 4), make(3, 4), make(3, 4, low=0.5)))]


def _float_power_samples(make):
    return [Sample((make(3, 4, low=0.5), 2.5)), Sample((make(3, 4, low=0.5), make(4)))]


_BINARY = [
    OpInfo('Tensor.atan2_', _method('atan2_'), _same_shape, errors=_broadcast_error),
    OpInfo('Tensor.arctan2_', _method('arctan2_'), _same_shape),
    OpInfo('Tensor.hypot_', _method('hypot_'), _same_shape),
    OpInfo('Tensor.copysign_', _method('copysign_'), lambda make: _same_shape(make) + [
        Sample((make(3, 4), -1.5))]),
    OpInfo('Tensor.fmod_', _method('fmod_'), _positive_other),
    OpInfo('Tensor.xlogy_', _method('xlogy_'), _positive_other),
    OpInfo('torch.xlogy_', _function('xlogy_'), _positive_other),
    OpInfo('Tensor.lerp_', _method('lerp_'), _lerp_samples),
    OpInfo('Tensor.addcmul_', _method('addcmul_'), _addc_samples),
    OpInfo('Tensor.addcdiv_', _method('addcdiv_'), _addc_samples),
    OpInfo('Tensor.float_power_', _method('float_power_'), _float_power_samples,
           dtypes=('float64',), errors=lambda make: [
               Sample((make.index(3, 3), 2.0), note='an integer base')]),
    OpInfo('Tensor.clamp_', _method('clamp_'), _clamp_samples, errors=_clamp_errors),
    OpInfo('Tensor.clip_', _method('clip_'), _clamp_samples),
    OpInfo('torch.clamp_', _function('clamp_'), _clamp_samples),
    OpInfo('torch.clip_', _function('clip_'), _clamp_samples),
    OpInfo('Tensor.clamp_min_', _method('clamp_min_'), _positive_other,
           errors=_one_bound_errors),
    OpInfo('Tensor.clamp_max_', _method('clamp_max_'), _positive_other,
           errors=_one_bound_errors),
    OpInfo('torch.clamp_min_', _function('clamp_min_'), _positive_other),
    OpInfo('torch.clamp_max_', _function('clamp_max_'), _positive_other),
]

OPS = _UNARY + _SETTINGS + _BINARY
