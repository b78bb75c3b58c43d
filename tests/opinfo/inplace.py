"""Table rows for in-place ops, applied to a non-leaf copy so that autograd records them."""
from tests.opinfo.core import OpInfo, Sample


def _inplace(name, *extra, **settings):
    def call(lib, x, *args):
        y = x * 1
        return getattr(y, name)(*args, *extra, **settings)
    call.__name__ = name
    return call


def _same_shape(make):
    return [Sample((make(3, 4), make(3, 4))), Sample((make(3, 4), make(4))),
            Sample((make(3, 4), 1.5)), Sample((make(), make()))]


def _positive_other(make):
    return [Sample((make(3, 4), make(3, 4, low=0.5))), Sample((make(3, 4), make(4, low=0.5))),
            Sample((make(3, 4), 1.5))]


def _broadcast_errors(make):
    return [Sample((make(2, 1, 4), make(3, 1)), note='result larger than self')]


def _unary(make):
    return [Sample((make(3, 4),)), Sample((make(),))]


def _positive(make):
    return [Sample((make(3, 4, low=0.5),))]


OPS = [
    OpInfo('add_', _inplace('add_'), _same_shape, errors=_broadcast_errors),
    OpInfo('add_alpha_', _inplace('add_', alpha=2), _same_shape),
    OpInfo('sub_', _inplace('sub_'), _same_shape),
    OpInfo('mul_', _inplace('mul_'), _same_shape),
    OpInfo('div_', _inplace('div_'), _positive_other),
    OpInfo('pow_', _inplace('pow_'), lambda make: [Sample((make(3, 4, low=0.5), 2.5)),
                                                   Sample((make(3, 4, low=0.5), make(4)))]),
    OpInfo('iadd_operator', lambda lib, x, y: _augmented(x, y, '__iadd__'), _same_shape),
    OpInfo('imul_operator', lambda lib, x, y: _augmented(x, y, '__imul__'), _same_shape),
    OpInfo('isub_operator', lambda lib, x, y: _augmented(x, y, '__isub__'), _same_shape),
    OpInfo('itruediv_operator', lambda lib, x, y: _augmented(x, y, '__itruediv__'),
           _positive_other),
    OpInfo('exp_', _inplace('exp_'), _unary),
    OpInfo('neg_', _inplace('neg_'), _unary),
    OpInfo('sqrt_', _inplace('sqrt_'), _positive),
    OpInfo('sigmoid_', _inplace('sigmoid_'), _unary),
    OpInfo('tanh_', _inplace('tanh_'), _unary),
    OpInfo('relu_', _inplace('relu_'), _unary),
    OpInfo('abs_', _inplace('abs_'), _unary),
    OpInfo('copy_', _inplace('copy_'), lambda make: [Sample((make(3, 4), make(3, 4))),
                                                     Sample((make(3, 4), make(4)))]),
    OpInfo('fill_', _inplace('fill_'), lambda make: [Sample((make(3, 4), 2.5))]),
    OpInfo('zero_', _inplace('zero_'), _unary),
]


def _augmented(x, y, name):
    z = x * 1
    return getattr(z, name)(y)
