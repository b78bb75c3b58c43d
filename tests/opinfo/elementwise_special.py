"""Table rows for the special functions (erf, erfc, erfinv, lgamma, digamma, polygamma): random
samples in a moderate range, and fixed samples across wide ranges (tails, poles, huge and
negative arguments) that check the vectorised kernels against torch's."""
import numpy as np

from tests.opinfo.core import Check, OpInfo, Sample, func, method
from tests.opinfo.samples import unary

INT_TO_FLOAT = ('float32', 'float64', 'int64')
NAN, INF = np.nan, np.inf
WIDE = {Check.NONCONTIGUOUS: 'fixed 1-d samples; the random rows check layouts'}
# finite differences cannot resolve derivatives at poles, in the far tails, or where the
# function's value is many orders of magnitude larger than the step
FAR = 'wide range: no finite differences'


def _fixed(*arrays, smooth=()):
    """Samples of fixed values; those in `smooth` are also checked by finite differences."""
    def samples(make):
        return [Sample((np.array(a, dtype=np.float64),), note=FAR, gradcheck=False)
                for a in arrays] + [Sample((np.array(a, dtype=np.float64),)) for a in smooth]
    return samples


def _wide(name, samples, call=None, dtypes=('float32', 'float64'), **kw):
    return OpInfo(name, call or func(name.split('_')[0]), samples, dtypes=dtypes, skips=WIDE,
                  **kw)


_SPECIALS = [NAN, INF, -INF, 0.0, -0.0]

_ERF = [
    OpInfo('erf', func('erf'), unary, dtypes=INT_TO_FLOAT, domain=(-3.0, 3.0)),
    OpInfo('erfc', func('erfc'), unary, dtypes=INT_TO_FLOAT, domain=(-3.0, 3.0)),
    OpInfo('erfinv', func('erfinv'), unary, dtypes=INT_TO_FLOAT, domain=(-0.95, 0.95)),
    _wide('erf_wide', _fixed(
        _SPECIALS + [1e-300, -1e-20, 0.46875, -0.46876, 4.0, -4.0001, 6.0, 26.0, -30.0, 1e10],
        smooth=[np.linspace(-5.0, 5.0, 41), np.linspace(-0.5, 0.5, 21)])),
    _wide('erfc_wide', _fixed(
        _SPECIALS + [4.5, 8.0, 10.0, 15.0, 20.0, 25.0, 26.5, 27.0, -26.0, 1e10],
        smooth=[np.linspace(-5.0, 9.0, 57), np.linspace(-0.5, 0.5, 21)])),
    _wide('erfinv_wide', _fixed(
        [NAN, 1.0, -1.0, 1.5, -2.0, 0.0, -0.0, 1e-300, 1 - 1e-6, -(1 - 1e-9), 1 - 1e-12,
         1 - 2 ** -52, -(1 - 2 ** -53), 1e-8 - 1],
        smooth=[np.linspace(-0.99, 0.99, 45), 1 - np.logspace(-1, -4, 7)])),
]

# poles, huge and negative arguments, and the neighbourhoods of the zeros at 1 and 2
_LGAMMA_VALUES = _SPECIALS + [1.0, 2.0, -1.0, -2.0, -100.0, 1e-300, -1e-300, 1e-10, 1 + 1e-10,
                              2 - 1e-9, 1e5, 1e10, 1e30, 1e300, 3e305, -0.5, -1.5, -2.5,
                              -10.7, -100.2, -1e5 - 0.5, -2.4566, -2.7477]

_GAMMA = [
    OpInfo('lgamma', func('lgamma'), unary, dtypes=INT_TO_FLOAT, domain=(0.1, 6.0)),
    OpInfo('lgamma_negative', func('lgamma'), unary, domain=(-3.9, -3.1)),
    OpInfo('digamma', func('digamma'), unary, dtypes=INT_TO_FLOAT, domain=(0.2, 6.0)),
    OpInfo('digamma_negative', func('digamma'), unary, domain=(-1.9, -1.1)),
    _wide('lgamma_wide', _fixed(
        _LGAMMA_VALUES, smooth=[np.linspace(0.05, 30.0, 61), np.linspace(0.75, 2.25, 31),
                                np.linspace(-4.9, -4.1, 9), np.linspace(15.5, 300.5, 20)])),
    _wide('digamma_wide', _fixed(
        _LGAMMA_VALUES + [10.0, 1.4616321449683622],
        smooth=[np.linspace(0.05, 30.0, 61), np.linspace(-6.9, -6.1, 9),
                np.linspace(10.5, 500.5, 30)])),
]


def _polygamma_call(n):
    def call(lib, x):
        return lib.polygamma(n, x)
    call.__name__ = f'polygamma_{n}'
    return call


def _polygamma_rows(n):
    call = _polygamma_call(n)
    return [
        OpInfo(f'polygamma_{n}', call, unary, dtypes=INT_TO_FLOAT, domain=(0.3, 5.0)),
        OpInfo(f'polygamma_{n}_negative', call, unary, domain=(-2.8, -2.2)),
        _wide(f'polygamma_{n}_wide', _fixed(
            [NAN, INF, -INF, 0.0, -0.0, -1.0, -2.0, 1e-300, -1e-300, 1e-5, 1e10, 1e100,
             1e300, -0.5, -10.25, -1e4 - 0.5, -2.5, 0.5, 1.0, 2.0],
            smooth=[np.linspace(0.25 if n < 3 else 1.0, 20.0, 40),
                    np.linspace(-3.9, -3.1, 9)]), call=call),
    ]


def _polygamma_errors(make):
    return [Sample((-1, make(3)), note='negative n'), Sample((1.5, make(3)), note='float n'),
            Sample((1, 2.0), note='a number')]


_POLYGAMMA = _polygamma_rows(0) + _polygamma_rows(1) + _polygamma_rows(2) + \
    _polygamma_rows(3) + _polygamma_rows(6) + [
        OpInfo('polygamma_errors', func('polygamma'), lambda make: [], errors=_polygamma_errors),
        OpInfo('Tensor.polygamma', lambda lib, x: x.polygamma(2), unary, domain=(0.3, 5.0)),
        OpInfo('Tensor.lgamma', method('lgamma'), unary, domain=(0.3, 5.0)),
        OpInfo('Tensor.erfinv', method('erfinv'), unary, domain=(-0.9, 0.9)),
]

OPS = _ERF + _GAMMA + _POLYGAMMA
