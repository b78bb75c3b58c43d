"""Table rows for ember.nn.functional's activations and the softmax family (nn_activation)."""
import warnings

import numpy as np

from ember.ops import nn_activation, nn_activation_smooth, nn_activation_softmax
from tests.opinfo.core import Check, OpInfo, Sample, func, method
from tests.opinfo.samples import unary

FLOATS = ('float32', 'float64')
WITH_INTS = ('float32', 'float64', 'int64')
NO_DOUBLE_BACKWARD = {Check.SECOND_ORDER: "torch has no derivative for hardsigmoid's backward"}


def _functional(name, samples=unary, function=None, **kw):
    """A row calling nn.functional.<function> (by default, the row's own name)."""
    return OpInfo(f'nn.functional.{name}', func(f'nn.functional.{function or name}'), samples,
                  **kw)


def _with(**settings):
    return lambda make: unary(make, **settings)


def _inplace(name, **settings):
    """nn.functional.<name>(x * 1, inplace=True): in place on a non-leaf, so that it records."""
    def call(lib, x, **kw):
        return getattr(lib.nn.functional, name)(x * 1, inplace=True, **kw)
    call.__name__ = f'{name}_inplace'
    return call


def _int_errors(make):
    return [Sample((make.index(3, 4),), note='integer input')]


def _extremes(make):
    return [Sample((np.array([-80.0, -30.0, -5.0, 0.5, 5.0, 30.0, 80.0]),), note='large |x|')]


def _unary_and_extremes(make):
    return unary(make) + _extremes(make)


# --- softmax family --------------------------------------------------------------------------

def _softmax_samples(make):
    return [Sample((make(3, 4), 1)), Sample((make(3, 4), 0)), Sample((make(3, 4),), {'dim': -1}),
            Sample((make(2, 3, 4), 1)), Sample((make(5), 0)), Sample((make(), 0)),
            Sample((make(), -1)), Sample((make(0, 3), 1)), Sample((make(0, 3), 0)),
            Sample((make(2, 3, low=-1000.0, high=1000.0), 1), note='large values')]


def _softmax_errors(make):
    return [Sample((make(3, 4), 2), note='dim out of range'),
            Sample((make(), 1), note='0-d dim out of range'),
            Sample((make.index(3, 4), 1), note='integer input, last dim'),
            Sample((make.index(3, 4), 0), note='integer input, other dim')]


def _with_dtype(name):
    def call(lib, x, dim):
        return getattr(lib.nn.functional, name)(x, dim, dtype=lib.float64)
    call.__name__ = f'{name}_dtype'
    return call


def _implicit_dim(name):
    def call(lib, x):
        return getattr(lib.nn.functional, name)(x)
    call.__name__ = f'{name}_implicit'
    return call


def _warning_raised(name):
    """The implicit-dim call with warnings made errors, so that the table compares the
    warning's category and text with torch's."""
    def call(lib, x):
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            return getattr(lib.nn.functional, name)(x)
    call.__name__ = f'{name}_implicit_warning'
    return call


def _implicit_samples(make):
    return [Sample((make(3, 4),)), Sample((make(2, 3, 4),)), Sample((make(5),)),
            Sample((make(2, 3, 2, 2),))]


# --- settings and errors ---------------------------------------------------------------------

def _threshold_samples(make):
    return [Sample((make(*shape), 0.3, -2.0)) for shape in ((), (5,), (3, 4), (0, 3))] + [
        Sample((make(3, 4), -0.5, 1.5))]


def _hardtanh_samples(make):
    return (unary(make) + [Sample((make(3, 4, low=-3, high=3), -2.0, 1.5)),
                           Sample((make(3, 4, low=-3, high=3),), {'min_val': 0.5,
                                                                  'max_val': 2.5})])


def _glu_samples(make):
    return [Sample((make(3, 4),)), Sample((make(4, 3), 0)), Sample((make(2, 4, 2),), {'dim': 1}),
            Sample((make(6),)), Sample((make(0, 2),)), Sample((make(2, 0), 0))]


def _glu_errors(make):
    return [Sample((make(3, 3),), note='odd size'), Sample((make(),), note='0-d'),
            Sample((make(3, 4), 2), note='dim out of range'),
            Sample((make.index(3, 4),), note='integer input')]


def _prelu_samples(make):
    return [Sample((make(2, 3, 4), make(3))), Sample((make(2, 3), make(1))),
            Sample((make(5), make(1))), Sample((make(), make(1))), Sample((make(2, 3), make())),
            Sample((make(4, 2, 3, 2), make(2))), Sample((make(0, 3), make(3)))]


def _prelu_errors(make):
    return [Sample((make(2, 3), make(2)), note='weight size'),
            Sample((make(), make(2)), note='0-d input'),
            Sample((make(5), make(5)), note='1-D input has one channel'),
            Sample((make(2, 3), make(3, 1)), note='2-D weight'),
            Sample((make.index(3, 4), make.index(3, 1)), note='integer input')]


def _prelu_mixed_dtypes(lib, x, weight):
    return lib.nn.functional.prelu(x, weight.double())


def _shrink_samples(make):
    return unary(make) + [Sample((make(3, 4), 1.0)), Sample((make(3, 4),), {'lambd': 0.0})]


def _softshrink_errors(make):
    return [Sample((make(3, 4), -0.5), note='negative lambda'),
            Sample((make.index(3, 4),), note='integer input')]


def _gelu_errors(make):
    return [Sample((make(3),), {'approximate': 'sigmoid'}, 'unknown approximation'),
            Sample((make.index(3),), note='integer input')]


def _negative_slope_backward(name):
    """In-place forms with a negative slope fail in backward, as torch's do."""
    def call(lib, x):
        out = getattr(lib.nn.functional, name)(x * 1, -0.5, inplace=True)
        return lib.autograd.grad(out.sum(), x)
    call.__name__ = f'{name}_inplace_backward'
    return call


def top_level(name, module):
    """torch.<name>; on ember's side the function of ember's op module, until ember's
    namespace exports it (then ember.<name>)."""
    def call(lib, *args, **kwargs):
        target = getattr(lib, name, None) if lib.__name__ == 'torch' or hasattr(lib, name) \
            else None
        return (target or getattr(module, name))(*args, **kwargs)
    call.__name__ = name
    return call


def _inplace_top_level(name, module):
    def call(lib, x, *args):
        return top_level(name, module)(lib, x * 1, *args)
    call.__name__ = name
    return call


def _one_float(make):
    return [Sample((make(3, 4),))]


OPS = [
    _functional('relu', dtypes=WITH_INTS),
    OpInfo('nn.functional.relu_inplace', _inplace('relu'), unary),
    _functional('relu6', dtypes=WITH_INTS, domain=(-8.0, 8.0)),
    OpInfo('nn.functional.relu6_inplace', _inplace('relu6'), unary, domain=(-8.0, 8.0)),
    _functional('hardtanh', _hardtanh_samples, dtypes=WITH_INTS, domain=(-2.5, 2.5)),
    OpInfo('nn.functional.hardtanh_inplace', _inplace('hardtanh'), unary, domain=(-2.5, 2.5)),
    _functional('leaky_relu', errors=_int_errors),
    _functional('leaky_relu_slope', function='leaky_relu', samples=_with(negative_slope=0.2)),
    OpInfo('nn.functional.leaky_relu_inplace', _inplace('leaky_relu'), unary),
    OpInfo('nn.functional.leaky_relu_inplace_negative_slope',
           _negative_slope_backward('leaky_relu'), lambda make: [], errors=_one_float),
    _functional('elu', errors=_int_errors),
    _functional('elu_alpha', function='elu', samples=_with(alpha=0.5)),
    OpInfo('nn.functional.elu_inplace', _inplace('elu'), unary),
    OpInfo('nn.functional.elu_inplace_negative_alpha', _negative_slope_backward('elu'),
           lambda make: [], errors=_one_float),
    _functional('selu', errors=_int_errors),
    OpInfo('nn.functional.selu_inplace', _inplace('selu'), unary),
    _functional('celu', errors=lambda make: [Sample((make(3),), {'alpha': 0.0}, 'alpha 0')]),
    _functional('celu_alpha', function='celu', samples=_with(alpha=1.5)),
    OpInfo('nn.functional.celu_inplace', _inplace('celu'), unary),
    OpInfo('nn.functional.celu_inplace_negative_alpha', _negative_slope_backward('celu'),
           lambda make: [], errors=_one_float),
    _functional('gelu', _unary_and_extremes, errors=_gelu_errors),
    _functional('gelu_tanh', function='gelu', samples=_with(approximate='tanh')),
    _functional('silu', _unary_and_extremes, errors=_int_errors),
    OpInfo('nn.functional.silu_inplace', _inplace('silu'), unary),
    _functional('mish', errors=_int_errors),
    OpInfo('nn.functional.mish_inplace', _inplace('mish'), unary),
    _functional('sigmoid'),
    _functional('tanh'),
    _functional('hardsigmoid', domain=(-4.0, 4.0), skips=NO_DOUBLE_BACKWARD,
                errors=_int_errors),
    OpInfo('nn.functional.hardsigmoid_inplace', _inplace('hardsigmoid'), unary,
           domain=(-4.0, 4.0), skips=NO_DOUBLE_BACKWARD),
    _functional('hardswish', domain=(-4.0, 4.0), errors=_int_errors),
    OpInfo('nn.functional.hardswish_inplace', _inplace('hardswish'), unary, domain=(-4.0, 4.0)),
    _functional('softplus', _unary_and_extremes, errors=_int_errors),
    _functional('softplus_beta', function='softplus', samples=_with(beta=2.0, threshold=1.5)),
    _functional('softsign'),
    _functional('softmax', _softmax_samples, errors=_softmax_errors),
    _functional('log_softmax', _softmax_samples, errors=_softmax_errors),
    _functional('softmin', _softmax_samples),
    OpInfo('nn.functional.softmax_dtype', _with_dtype('softmax'), _softmax_samples),
    OpInfo('nn.functional.log_softmax_dtype', _with_dtype('log_softmax'), _softmax_samples),
    OpInfo('nn.functional.softmin_dtype', _with_dtype('softmin'), _softmax_samples),
    OpInfo('nn.functional.softmax_implicit_dim', _implicit_dim('softmax'), _implicit_samples),
    OpInfo('nn.functional.log_softmax_implicit_dim', _implicit_dim('log_softmax'),
           _implicit_samples),
    OpInfo('nn.functional.softmin_implicit_dim', _implicit_dim('softmin'), _implicit_samples),
    *[OpInfo(f'nn.functional.{name}_implicit_dim_warning', _warning_raised(name),
             lambda make: [], errors=_implicit_samples)
      for name in ('softmax', 'log_softmax', 'softmin')],
    OpInfo('Tensor.softmax', method('softmax'), _softmax_samples, errors=_softmax_errors),
    OpInfo('Tensor.log_softmax', method('log_softmax'), _softmax_samples,
           errors=_softmax_errors),
    _functional('threshold', _threshold_samples, dtypes=WITH_INTS,
                errors=lambda make: [Sample((make.mask(3), 0.5, 1.0), note='bool input')]),
    OpInfo('nn.functional.threshold_inplace',
           lambda lib, x, threshold, value: lib.nn.functional.threshold(x * 1, threshold, value,
                                                                        inplace=True),
           _threshold_samples),
    _functional('glu', _glu_samples, errors=_glu_errors),
    _functional('logsigmoid', _unary_and_extremes, errors=_int_errors),
    _functional('tanhshrink'),
    _functional('softshrink', _shrink_samples, errors=_softshrink_errors),
    _functional('hardshrink', _shrink_samples, errors=_int_errors),
    OpInfo('Tensor.hardshrink', method('hardshrink'), _shrink_samples),
    _functional('prelu', _prelu_samples, errors=_prelu_errors),
    OpInfo('Tensor.prelu', method('prelu'), _prelu_samples),
    OpInfo('softmax', top_level('softmax', nn_activation_softmax), _softmax_samples,
           errors=_softmax_errors),
    OpInfo('log_softmax', top_level('log_softmax', nn_activation_softmax), _softmax_samples,
           errors=_softmax_errors),
    OpInfo('softmax_dtype', lambda lib, x, dim: top_level('softmax', nn_activation_softmax)(
        lib, x, dim, lib.float64), _softmax_samples),
    OpInfo('selu', top_level('selu', nn_activation_smooth), unary, errors=_int_errors),
    OpInfo('selu_', _inplace_top_level('selu_', nn_activation_smooth), unary),
    OpInfo('celu', top_level('celu', nn_activation_smooth), _with(alpha=1.5)),
    OpInfo('celu_', _inplace_top_level('celu_', nn_activation_smooth), unary),
    OpInfo('threshold', top_level('threshold', nn_activation), _threshold_samples,
           dtypes=WITH_INTS),
    OpInfo('threshold_', _inplace_top_level('threshold_', nn_activation), _threshold_samples),
    OpInfo('hardshrink', top_level('hardshrink', nn_activation), _shrink_samples),
    OpInfo('prelu', top_level('prelu', nn_activation), _prelu_samples, errors=_prelu_errors),
    OpInfo('nn.functional.prelu_mixed_dtypes', _prelu_mixed_dtypes, lambda make: [],
           dtypes=('float32',), errors=lambda make: [Sample((make(2, 3), make(3)))]),
]
