"""Table rows for ember/ops/extras*.py: small math (deg2rad, sinc, ldexp, dist, logcumsumexp,
diff, sum_to_size ...), out-of-place fill, in-place comparisons, aliases, the counting,
searching and combining functions (bincount, searchsorted, block_diag, cartesian_prod ...),
statistics (cov, quantile, renorm ...) and bits (shifts, frexp). The nn kernels' top-level
names have their rows in extras_nn.py."""
import numpy as np

from tests.opinfo.core import Check, Index, OpInfo, Sample, func, method

FLOATS = ('float32', 'float64')
WITH_INTS = FLOATS + ('int64', 'int32')
INTS = ('int64', 'int32')


def _unary(make):
    return [Sample((make(3, 4),)), Sample((make(),)), Sample((make(0, 3),)),
            Sample((make(2, 3, 2),))]


def _inplace(name):
    """`x * 1` then `.name(*args)` on it, so that autograd records the in-place op."""
    def call(lib, x, *args, **kwargs):
        return getattr(x * 1, name)(*args, **kwargs)
    call.__name__ = name
    return call


# --- small math --------------------------------------------------------------------------------

def _sinc_samples(make):
    return _unary(make) + [Sample((np.array([0.0, 0.5, 1.0, -1.5]),), note='zero and integers',
                                  gradcheck=False)]


# NOTE: torch's gradient for `input` is grad * 2 ** other computed in integers when `other`
# is integral, so negative integral exponents give 0: such samples skip finite differences
def _ldexp_samples(make):
    return [Sample((make(3, 4), Index(np.array([[0, 1, -2, 3]]))), gradcheck=False),
            Sample((make(3, 4), make(3, 4))), Sample((make(), make(4))),
            Sample((make(0, 4), make(4))), Sample((make(3, 1), Index(np.array(2))))]


def _ldexp_errors(make):
    return [Sample((make(3), 2), note='number exponent'),
            Sample((make(3), make(2)), note='shapes do not broadcast')]


def _dist_samples(make):
    return [Sample((make(3, 4), make(3, 4))), Sample((make(3, 4), make(4), 1)),
            Sample((make(3, 4), make(4)), {'p': 3}), Sample((make(5), make(5), 0.5)),
            Sample((make(2, 3), make(2, 3), float('inf'))), Sample((make(), make(3))),
            Sample((make(0, 3), make(3))), Sample((make(4), make(4), 1.5))]


def _dist_errors(make):
    return [Sample((make(3), make(2)), note='shapes do not broadcast'),
            Sample((make(3), 2.0), note='number other'),
            Sample((Index(np.array([1, 2])), Index(np.array([1, 3]))), note='integer inputs')]


def _dist_zero_p(lib, x, y):
    """p = 0 has no gradient for `input`; torch's gradient for `other` fails."""
    return lib.dist(x, y, 0)


def _logcumsumexp_samples(make):
    large = make(3, 5) * 50  # beyond exp's float32 range (88)
    return [Sample((make(5), 0)), Sample((make(3, 4), 1)), Sample((make(3, 4), -2)),
            Sample((make(), 0)), Sample((make(0, 3), 1)), Sample((make(2, 3, 4), 1)),
            Sample((large, 1), note='large values')]


def _dim_errors(make):
    return [Sample((make(3, 4), 2), note='dim out of range'),
            Sample((Index(np.array([1, 2])), 0), note='integer input')]


def _diff_samples(make):
    return [Sample((make(5),)), Sample((make(3, 4),)), Sample((make(3, 4),), {'dim': 0}),
            Sample((make(3, 5),), {'n': 2}), Sample((make(3, 4),), {'n': 0}),
            Sample((make(3, 4),), {'n': 6}), Sample((make(0, 3),)),
            Sample((make(3, 4), 1, -1, make(3, 2), make(3, 1)), note='prepend, append'),
            Sample((make(3, 4),), {'dim': 0, 'append': make(2, 4)})]


def _diff_errors(make):
    return [Sample((make(),), note='0-d'), Sample((make(3),), {'n': -1}, note='negative n'),
            Sample((make(3, 4),), {'prepend': make(4)}, note='prepend of lower rank'),
            Sample((make(3, 4),), {'dim': 2}, note='dim out of range')]


def _sum_to_size_samples(make):
    return [Sample((make(3, 4), 4)), Sample((make(3, 4), 3, 1)), Sample((make(3, 4), (1, 4))),
            Sample((make(3, 4), 3, 4)), Sample((make(2, 3, 4), (1,))), Sample((make(0, 3), 3)),
            Sample((make(), ()))]


def _sum_to_size_errors(make):
    return [Sample((make(3, 4), 5, 4), note='not expandable'),
            Sample((make(3, 4), 1, 3, 4), note='more dims')]


def _heaviside_samples(make):
    values = np.round(make(3, 4))
    return [Sample((values, make(3, 4))), Sample((values, make(4))), Sample((make(), make())),
            Sample((np.array([-1.0, 0.0, 2.0, 0.0]), make(1)), note='zeros')]


def _heaviside_errors(make):
    return [Sample((make(3), 0.5), note='number values'),
            Sample((make(3), Index(np.array([1, 2, 3]))), note='different dtypes')]


def _integral_samples(make):
    a = Index(np.array([[4, 6, -9, 0], [12, 7, 0, -15]]))
    b = Index(np.array([6, -4, 3, 0]))
    return [Sample((a, b)), Sample((b, a)), Sample((Index(np.array(8)), b))]


def _integral_errors(make):
    return [Sample((make(3), Index(np.array([1, 2, 3]))), note='float input'),
            Sample((Index(np.array([1, 2])), 2), note='number other')]


# --- fill and in-place comparisons -----------------------------------------------------------

def _fill_samples(make):
    return [Sample((make(3, 4), 2.5)), Sample((make(3, 4), make())), Sample((make(), 1)),
            Sample((make(0, 3), make()))]


def _fill_errors(make):
    return [Sample((make(3), make(2)), note='value with dims')]


def _comparison_samples(make):
    ties = np.round(make(3, 4))
    return [Sample((ties, 0.0), gradcheck=False), Sample((ties, np.round(make(3, 4))),
                                                         gradcheck=False),
            Sample((ties, np.round(make(4))), gradcheck=False), Sample((make(), 0.5)),
            Sample((make(0, 4), make(4)))]


def _comparison_errors(make):
    return [Sample((make(3), make(2, 3)), note='result larger than self')]


def _logical_samples(make):
    return [Sample((np.round(make(3, 4)), np.round(make(3, 4)))),
            Sample((np.round(make(3, 4)), np.round(make(4)))), Sample((make(), make()))]


def _logical_through(name):
    """An in-place logical op on a copy: torch records nothing, so the copy's grad_fn and
    gradient are the multiplication's."""
    def call(lib, x, *args):
        return getattr(x * 2, name)(*args)
    call.__name__ = name
    return call


def _bitwise_samples(make):
    a = Index(np.array([[5, 3, 12], [0, 7, 9]]))
    return [Sample((a, Index(np.array([6, 1, 10])))), Sample((a, 3))]


def _bitwise_errors(make):
    return [Sample((make(3), Index(np.array([1, 2, 3]))), note='float self'),
            Sample((Index(np.array([1, 2])), 1.5), note='float other into integers')]


_COMPARISONS = ('eq_', 'ne_', 'lt_', 'le_', 'gt_', 'ge_', 'greater_', 'greater_equal_',
                'less_', 'less_equal_', 'not_equal_')
_NOT_DIFFERENTIABLE = {Check.GRADCHECK: 'the result is piecewise constant'}
# torch's gradient through an in-place logical op is that of the op before it, which finite
# differences of the (constant) result cannot reproduce
_UNRECORDED = {Check.GRADCHECK: 'torch does not record the op; its gradient is not the '
               "result's derivative"}

OPS = [
    OpInfo('deg2rad', func('deg2rad'), _unary, dtypes=WITH_INTS),
    OpInfo('Tensor.deg2rad_', _inplace('deg2rad_'), _unary),
    OpInfo('rad2deg', func('rad2deg'), _unary, dtypes=WITH_INTS),
    OpInfo('Tensor.rad2deg', method('rad2deg'), _unary),
    OpInfo('rad2deg_', lambda lib, x: lib.rad2deg_(x * 1), _unary),
    OpInfo('sinc', func('sinc'), _sinc_samples, dtypes=WITH_INTS),
    OpInfo('Tensor.sinc_', _inplace('sinc_'), _unary),
    OpInfo('ldexp', func('ldexp'), _ldexp_samples, errors=_ldexp_errors),
    OpInfo('Tensor.ldexp', method('ldexp'), _ldexp_samples, dtypes=INTS),
    OpInfo('Tensor.ldexp_', _inplace('ldexp_'), lambda make: [
        Sample((make(3, 4), make(3, 4))),
        Sample((make(3, 4), Index(np.array([1, -1, 0, 2]))), gradcheck=False)]),
    OpInfo('dist', func('dist'), _dist_samples, errors=_dist_errors),
    OpInfo('Tensor.dist', method('dist'), _dist_samples),
    OpInfo('dist_p0', _dist_zero_p, lambda make: [Sample((make(3, 4), make(4)))],
           skips={Check.GRAD: 'torch fails with undefined gradient; test_api_extras checks it',
                  Check.GRADCHECK: 'as GRAD', Check.SECOND_ORDER: 'as GRAD'}),
    OpInfo('logcumsumexp', func('logcumsumexp'), _logcumsumexp_samples, errors=_dim_errors),
    OpInfo('Tensor.logcumsumexp', method('logcumsumexp'), _logcumsumexp_samples),
    OpInfo('diff', func('diff'), _diff_samples, dtypes=WITH_INTS + ('bool',),
           errors=_diff_errors),
    OpInfo('Tensor.diff', method('diff'), _diff_samples),
    OpInfo('Tensor.sum_to_size', method('sum_to_size'), _sum_to_size_samples,
           errors=_sum_to_size_errors),
    OpInfo('heaviside', func('heaviside'), _heaviside_samples, dtypes=WITH_INTS,
           differentiable=False, errors=_heaviside_errors),
    OpInfo('Tensor.heaviside', method('heaviside'), _heaviside_samples, differentiable=False),
    OpInfo('gcd', func('gcd'), _integral_samples, differentiable=False, errors=_integral_errors),
    OpInfo('lcm', func('lcm'), _integral_samples, differentiable=False, errors=_integral_errors),
    OpInfo('Tensor.gcd_', lambda lib, a, b: a.clone().gcd_(b),
           lambda make: _integral_samples(make)[:1], differentiable=False),
    OpInfo('Tensor.lcm_', lambda lib, a, b: a.clone().lcm_(b),
           lambda make: _integral_samples(make)[:1], differentiable=False),
    OpInfo('fill', func('fill'), _fill_samples, dtypes=WITH_INTS, errors=_fill_errors),
    OpInfo('fill__function', lambda lib, x, v: lib.fill_(x * 1, v), _fill_samples),
] + [
    OpInfo(f'Tensor.{name}', _inplace(name), _comparison_samples, dtypes=WITH_INTS,
           skips=_NOT_DIFFERENTIABLE, errors=_comparison_errors) for name in _COMPARISONS
] + [
    OpInfo(f'Tensor.{name}', _logical_through(name), _logical_samples, dtypes=WITH_INTS,
           skips=_UNRECORDED)
    for name in ('logical_and_', 'logical_or_', 'logical_xor_')
] + [
    OpInfo('Tensor.logical_not_', _logical_through('logical_not_'), _unary, dtypes=WITH_INTS,
           skips=_UNRECORDED),
] + [
    OpInfo(f'Tensor.{name}', lambda lib, a, b, name=name: getattr(a.clone(), name)(b),
           _bitwise_samples, differentiable=False, errors=_bitwise_errors)
    for name in ('bitwise_and_', 'bitwise_or_', 'bitwise_xor_')
] + [
    OpInfo('Tensor.bitwise_not_', lambda lib, a: a.clone().bitwise_not_(),
           lambda make: [Sample((Index(np.array([[5, 3], [0, -7]])),))], differentiable=False),
]


# --- angle, aliases, module-level in-place functions --------------------------------------------

def _angle_samples(make):
    signs = np.array([-1.5, 0.0, -0.0, 2.0, np.nan])
    return _unary(make) + [Sample((signs,), note='zeros and NaN', gradcheck=False)]


def _binary(make):
    return [Sample((make(3, 4), make(3, 4))), Sample((make(3, 4), make(4))),
            Sample((make(), make(3))), Sample((make(3, 4), 0.5)), Sample((make(0, 4), make(4)))]


def _binary_errors(make):
    return [Sample((make(3), make(2)), note='shapes do not broadcast')]


_ALIASES = {'divide': 'div', 'multiply': 'mul', 'subtract': 'sub', 'greater': 'gt',
            'greater_equal': 'ge', 'less': 'lt', 'less_equal': 'le', 'not_equal': 'ne'}
_COMPARISON_ALIASES = ('greater', 'greater_equal', 'less', 'less_equal', 'not_equal')
_TOP_LEVEL_INPLACE = {'abs_': (-2, 2), 'cos_': (-2, 2), 'exp_': (-2, 2), 'log_': (0.5, 3),
                      'neg_': (-2, 2), 'negative_': (-2, 2), 'reciprocal_': (0.5, 3),
                      'relu_': (-2, 2), 'rsqrt_': (0.5, 3), 'sigmoid_': (-2, 2),
                      'sin_': (-2, 2), 'sqrt_': (0.5, 3), 'square_': (-2, 2),
                      'tanh_': (-2, 2), 'deg2rad_': (-2, 2), 'sinc_': (-2, 2)}

OPS += [
    OpInfo('angle', func('angle'), _angle_samples, dtypes=WITH_INTS + ('bool',)),
    OpInfo('Tensor.angle', method('angle'), _angle_samples),
    OpInfo('negative', func('negative'), _unary, dtypes=WITH_INTS),
    OpInfo('absolute', func('absolute'), _unary, dtypes=WITH_INTS),
    OpInfo('divide_floor', lambda lib, a, b: lib.divide(a, b, rounding_mode='floor'), _binary,
           dtypes=FLOATS, skips={Check.GRADCHECK: 'floor is piecewise constant'}),
] + [
    OpInfo(name, func(name), _binary, dtypes=WITH_INTS, errors=_binary_errors,
           differentiable=name in ('divide', 'multiply', 'subtract'))
    for name in _ALIASES
] + [
    OpInfo(f'Tensor.{name}', method(name), _binary, dtypes=WITH_INTS, differentiable=False)
    for name in _COMPARISON_ALIASES
] + [
    OpInfo(f'{name}_function', lambda lib, x, name=name: getattr(lib, name)(x * 1),
           _unary, domain=domain)
    for name, domain in _TOP_LEVEL_INPLACE.items()
]


# --- counting and searching ---------------------------------------------------------------------

def _bincount_samples(make):
    counts = Index(np.array([0, 3, 1, 1, 5, 0]))
    return [Sample((counts,)), Sample((counts,), {'minlength': 9}),
            Sample((counts, make(6))), Sample((Index(np.zeros(0, dtype=np.int64)),))]


def _bincount_errors(make):
    return [Sample((Index(np.array([-1, 2])),), note='negative'),
            Sample((Index(np.array([[1, 2]])),), note='2-d'),
            Sample((make(3),), note='float input'),
            Sample((Index(np.array([1, 2])), make(3)), note='weights of another length'),
            Sample((Index(np.array([1, 2])),), {'minlength': -1}, note='negative minlength')]


def _histc_samples(make):
    return [Sample((make(50),)), Sample((make(40, 2),), {'bins': 7}),
            Sample((make(30), 5, -1.0, 1.5)), Sample((make(0), 3)),
            Sample((np.ones(4), 3), note='min == max')]


def _histc_errors(make):
    return [Sample((make(5), 0), note='no bins'), Sample((make(5), 4, 2.0, 1.0), note='min > max'),
            Sample((np.array([1.0, np.nan]),), note='NaN range'),
            Sample((Index(np.array([1, 2])),), note='integer input')]


def _isin_samples(make):
    a = Index(np.array([[1, 4, 2], [7, 2, 0]]))
    return [Sample((a, Index(np.array([2, 7, 9])))), Sample((a, 2)),
            Sample((a, Index(np.array([2, 7]))), {'invert': True}),
            Sample((np.round(make(3, 4)), np.round(make(5))))]


def _search_samples(make):
    boundaries = np.sort(make(6))
    rows = np.sort(make(3, 6), axis=-1)
    return [Sample((boundaries, make(3, 4))), Sample((boundaries, make(5)), {'right': True}),
            Sample((rows, make(3, 2))), Sample((boundaries, make(4)), {'out_int32': True}),
            Sample((boundaries, boundaries), {'side': 'right'})]


def _search_errors(make):
    return [Sample((np.sort(make(2, 3)), make(3)), note='leading dims differ'),
            Sample((np.sort(make(3)), make(2)), {'side': 'middle'}, note='bad side')]


def _bucketize_samples(make):
    boundaries = np.sort(make(6))
    return [Sample((make(3, 4), boundaries)), Sample((make(5), boundaries), {'right': True}),
            Sample((make(), boundaries), {'out_int32': True})]


# --- combining ----------------------------------------------------------------------------------

def _cartesian_samples(make):
    return [Sample((make(2), make(3))), Sample((make(3),)), Sample((make(2), make(2), make(3))),
            Sample((make(0), make(2)))]


def _combinations_samples(make):
    return [Sample((make(4),)), Sample((make(4), 3)), Sample((make(3), 1)),
            Sample((make(3), 2, True)), Sample((make(3), 5)), Sample((make(0),))]


def _block_diag_samples(make):
    return [Sample((make(2, 3), make(1, 2), make(3))), Sample((make(2, 2),)),
            Sample((make(), make(0, 2), make(2, 1)))]


def _vander_samples(make):
    return [Sample((make(4),)), Sample((make(3), 5)), Sample((make(3), 2, True)),
            Sample((make(3), 1)), Sample((make(3), 0))]


# --- statistics ---------------------------------------------------------------------------------

def _cov_samples(make):
    return [Sample((make(3, 5),)), Sample((make(6),)), Sample((make(2, 4),), {'correction': 0}),
            Sample((make(2, 4),), {'fweights': Index(np.array([1, 3, 0, 2]))}),
            Sample((make(2, 4),), {'aweights': make(4, low=0.1, high=2.0)}),
            Sample((make(3, 4),), {'correction': 2,
                                   'fweights': Index(np.array([2, 1, 1, 1])),
                                   'aweights': make(4, low=0.1, high=2.0)})]


def _cov_errors(make):
    return [Sample((make(2, 3, 4),), note='3-d'),
            Sample((make(2, 4),), {'fweights': make(4)}, note='float fweights'),
            Sample((make(2, 4),), {'aweights': make(3, low=0.1)},
                   note='aweights of another length')]


def _trapezoid_samples(make):
    return [Sample((make(3, 5),)), Sample((make(3, 5),), {'dx': 0.5}),
            Sample((make(3, 5),), {'dim': 0}), Sample((make(3, 5), np.sort(make(5)))),
            Sample((make(3, 5), make(3, 5))), Sample((make(2, 3, 4), np.sort(make(3))), {'dim': 1}),
            Sample((make(3, 1),)), Sample((make(3, 0),))]


def _trapezoid_errors(make):
    return [Sample((make(3, 5), make(4)), note='x of another length'),
            Sample((make(),), note='0-d')]


def _renorm_samples(make):
    return [Sample((make(3, 4), 2, 0, 1.0)), Sample((make(3, 4), 1, 1, 0.5)),
            Sample((make(2, 3, 4), 3, -1, 1.2)), Sample((make(3, 4), 2, 0, 100.0)),
            Sample((make(2, 3, 2), 1.5, 1, 0.8)), Sample((make(0, 3), 2, 1, 1.0))]


def _renorm_errors(make):
    return [Sample((make(3, 4), 0, 0, 1.0), note='p = 0'),
            Sample((make(3, 4), 2, 0, -1.0), note='negative maxnorm'),
            Sample((make(4), 2, 0, 1.0), note='1-d'), Sample((make(3, 4), 2, 2, 1.0), note='dim')]


def _quantile_samples(make):
    # values spaced apart, so that sorting has no ties
    values = np.linspace(-2, 2, 15)[make.rng.permutation(15)].reshape(3, 5)
    return [Sample((values, 0.3)), Sample((values, 0.5), {'dim': 1}),
            Sample((values, 0.25), {'dim': 0, 'keepdim': True}),
            Sample((values, np.array([0.1, 0.55, 0.9])), {'dim': 1}),
            Sample((values, np.array([0.2, 0.8]))), Sample((values, 1.0), {'dim': -1}),
            Sample((values, 0.4), {'keepdim': True}), Sample((np.array(values[0, 0]), 0.5))]


def _quantile_errors(make):
    return [Sample((make(3, 4), 1.5), note='q above 1'),
            Sample((make(3, 4), np.array([[0.5]])), note='2-d q'),
            Sample((make(0), 0.5), note='empty'),
            Sample((make(3, 4), 0.5), {'interpolation': 'cubic'}, note='interpolation'),
            Sample((make(3, 4), 0.5), {'dim': 2}, note='dim out of range')]


def _nan_rows(make):
    values = np.linspace(-2, 2, 15)[make.rng.permutation(15)].reshape(3, 5)
    values[0, 3] = np.nan
    values[2, :] = np.nan
    # finite differences through a NaN are NaN
    return [Sample((values, 0.3), {'dim': 1}, gradcheck=False),
            Sample((values, np.array([0.1, 0.9])), {'dim': 1}, gradcheck=False)]


OPS += [
    OpInfo('bincount', func('bincount'), _bincount_samples, differentiable=False,
           errors=_bincount_errors),
    OpInfo('Tensor.bincount', method('bincount'), _bincount_samples, differentiable=False),
    OpInfo('histc', func('histc'), _histc_samples, differentiable=False, errors=_histc_errors),
    OpInfo('Tensor.histc', method('histc'), _histc_samples, differentiable=False),
    OpInfo('isin', func('isin'), _isin_samples, differentiable=False),
    OpInfo('searchsorted', func('searchsorted'), _search_samples, differentiable=False,
           dtypes=WITH_INTS, errors=_search_errors),
    OpInfo('bucketize', func('bucketize'), _bucketize_samples, differentiable=False,
           dtypes=WITH_INTS),
    OpInfo('cartesian_prod', func('cartesian_prod'), _cartesian_samples),
    OpInfo('combinations', func('combinations'), _combinations_samples),
    OpInfo('block_diag', func('block_diag'), _block_diag_samples, dtypes=WITH_INTS),
    # NOTE: torch's own backward through vander fails (see ember/ops/extras_combine.py)
    OpInfo('vander', func('vander'), _vander_samples, dtypes=WITH_INTS, differentiable=False),
    OpInfo('cov', func('cov'), _cov_samples, errors=_cov_errors),
    OpInfo('Tensor.cov', method('cov'), _cov_samples),
    OpInfo('corrcoef', func('corrcoef'), lambda make: [Sample((make(3, 5),)),
                                                       Sample((make(6),))]),
    OpInfo('Tensor.corrcoef', method('corrcoef'), lambda make: [Sample((make(2, 4),))]),
    OpInfo('trapezoid', func('trapezoid'), _trapezoid_samples, errors=_trapezoid_errors),
    OpInfo('trapz', func('trapz'), lambda make: [Sample((make(3, 4),))]),
    OpInfo('cumulative_trapezoid', func('cumulative_trapezoid'), _trapezoid_samples,
           errors=_trapezoid_errors),
    OpInfo('renorm', func('renorm'), _renorm_samples, errors=_renorm_errors),
    OpInfo('Tensor.renorm', method('renorm'), _renorm_samples),
    OpInfo('Tensor.renorm_', _inplace('renorm_'), _renorm_samples),
    OpInfo('quantile', func('quantile'), _quantile_samples, errors=_quantile_errors),
    OpInfo('Tensor.quantile', method('quantile'), _quantile_samples),
    OpInfo('nanquantile', func('nanquantile'), lambda make: _quantile_samples(make) + _nan_rows(
        make), errors=_quantile_errors),
    OpInfo('Tensor.nanquantile', method('nanquantile'), _nan_rows),
] + [
    OpInfo(f'quantile_{mode}', lambda lib, x, q, mode=mode, **kw: lib.quantile(
        x, q, interpolation=mode, **kw), _quantile_samples,
        skips={} if mode in ('linear', 'midpoint') else {
            Check.GRADCHECK: 'piecewise constant in q'})
    for mode in ('lower', 'higher', 'midpoint', 'nearest')
]


# --- shifts, frexp, nextafter, mvlgamma -----------------------------------------------------------

def _shift_samples(make):
    values = Index(np.array([[1, -8, 200, 7], [0, 3, -1, 64]]))
    return [Sample((values, Index(np.array([0, 1, 3, 63])))),
            Sample((values, Index(np.array([64, 70, -1, 2]))), note='shifts out of range'),
            Sample((values, 2)), Sample((Index(np.array(5)), Index(np.array([1, 2]))))]


def _shift_errors(make):
    # Index arrays keep their dtype: the float input stays float
    return [Sample((Index(np.array([1.5, 2.0])), 1), note='float input'),
            Sample((Index(np.array([1, 2])), 1.5), note='float shift')]


def _frexp_samples(make):
    return [Sample((make(3, 4, low=-8, high=8),)), Sample((make(),)), Sample((make(0, 2),)),
            Sample((np.array([0.0, -3.0, np.inf, 1e-300]),), note='zero, inf, subnormal',
                   gradcheck=False)]


def _nextafter_samples(make):
    return [Sample((make(3, 4), make(3, 4))), Sample((make(3, 4), make(4))),
            Sample((make(), make(3)))]


def _mvlgamma_samples(make):
    return [Sample((make(3, 4, low=1.5, high=5.0), 1)), Sample((make(3, 4, low=1.5, high=5.0), 3)),
            Sample((make(low=2.0, high=4.0), 2)), Sample((make(0, 2), 2))]


OPS += [
    OpInfo(f'{name}', func(name), _shift_samples, dtypes=INTS, differentiable=False,
           errors=_shift_errors)
    for name in ('bitwise_left_shift', 'bitwise_right_shift')
] + [
    OpInfo('Tensor.__lshift__', lambda lib, a, b: a << b, _shift_samples, dtypes=INTS,
           differentiable=False),
    OpInfo('Tensor.__rrshift__', lambda lib, a: 1000 >> a,
           lambda make: [Sample((Index(np.array([0, 3, 9, 70])),))], differentiable=False),
    OpInfo('Tensor.bitwise_left_shift_', lambda lib, a, b: a.clone().bitwise_left_shift_(b),
           lambda make: _shift_samples(make)[:3], dtypes=INTS, differentiable=False),
    OpInfo('frexp', func('frexp'), _frexp_samples),
    OpInfo('Tensor.frexp', method('frexp'), _frexp_samples,
           errors=lambda make: [Sample((Index(np.array([1, 2])),), note='integer input')]),
    OpInfo('nextafter', func('nextafter'), _nextafter_samples,
           skips={Check.GRADCHECK: "torch's gradient ignores the step to the next float"}),
    OpInfo('Tensor.nextafter_', _inplace('nextafter_'),
           lambda make: _nextafter_samples(make)[:2],
           skips={Check.GRADCHECK: "torch's gradient ignores the step to the next float"}),
    OpInfo('mvlgamma', func('mvlgamma'), _mvlgamma_samples,
           errors=lambda make: [Sample((make(3), 0), note='p < 1')]),
    OpInfo('Tensor.mvlgamma_', _inplace('mvlgamma_'), _mvlgamma_samples),
]


OPS += [
    OpInfo('histogram', lambda lib, x, *args, **kwargs: tuple(lib.histogram(x, *args, **kwargs)),
           lambda make: [Sample((make(40), 6)), Sample((make(5, 8), 4), {'range': (-1.0, 1.5)}),
                         Sample((make(30), np.array([-2.0, -0.5, 0.0, 1.0, 2.0]))),
                         Sample((make(20), 5), {'weight': make(20, low=0.0), 'density': True}),
                         Sample((np.ones(3), 2)), Sample((make(0), 3))],
           differentiable=False),
]


# --- a view replaced by another tensor ------------------------------------------------------------

def _scatter_view_samples(name):
    def samples(make):
        if name == 'select_scatter':
            return [Sample((make(3, 4), make(4), 0, 1)), Sample((make(3, 4), make(3), 1, -1)),
                    Sample((make(2, 3, 4), make(2, 4), -2, 2))]
        if name == 'slice_scatter':
            return [Sample((make(3, 4), make(3, 2), 1, 1, 3)),
                    Sample((make(3, 4), make(3, 2), 1, 0, None, 2)),
                    Sample((make(3, 4), make(2, 4)), {'start': -2}),
                    Sample((make(0, 3), make(0, 3)))]
        return [Sample((make(3, 4), make(3))), Sample((make(3, 4), make(3), 1)),
                Sample((make(3, 4), make(2), -1)), Sample((make(2, 3, 4), make(3, 2), 1, 0, 2))]
    return samples


def _scatter_view_errors(make):
    return [Sample((make(3, 4), make(3), 0, 1), note='src of another size'),
            Sample((make(3, 4), make(4), 0, 5), note='index out of range')]


OPS += [
    OpInfo(name, func(name), _scatter_view_samples(name), dtypes=WITH_INTS,
           errors=_scatter_view_errors if name == 'select_scatter' else None)
    for name in ('select_scatter', 'slice_scatter', 'diagonal_scatter')
] + [
    OpInfo(f'Tensor.{name}', method(name), _scatter_view_samples(name))
    for name in ('select_scatter', 'slice_scatter', 'diagonal_scatter')
]


# NOTE: no sample without rows: torch's backward for it crashes the process
def _pdist_samples(make):
    ties = np.array([[1.0, 2.0], [1.0, 2.0], [0.0, 0.5], [2.0, 3.0]])
    return [Sample((make(5, 3),)), Sample((make(5, 3), 1)), Sample((make(4, 2), 3)),
            Sample((make(4, 3), 1.5)), Sample((make(4, 3), float('inf'))),
            Sample((make(4, 3), 0)), Sample((make(1, 3),)),
            Sample((ties,), note='equal rows', gradcheck=False),
            Sample((ties, float('inf')), note='ties', gradcheck=False)]


OPS += [
    OpInfo('pdist', func('pdist'), _pdist_samples, errors=lambda make: [
        Sample((make(3),), note='1-d'), Sample((make(3, 2), -1.0), note='negative p'),
        Sample((Index(np.array([[1, 2], [3, 4]])),), note='integer input')],
        skips={Check.SECOND_ORDER: "torch has no derivative for '_pdist_backward'; ember's "
               "first derivative is differentiable"}),
]
