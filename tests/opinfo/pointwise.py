"""Table rows for elementwise ops."""
import operator as op

import numpy as np

from tests.opinfo.core import Check, OpInfo, Sample, func, method, operator
from tests.opinfo.samples import binary, binary_positive_other, reflected, unary

FLOATS = ('float32', 'float64')
WITH_INTS = ('float32', 'float64', 'int64', 'int32')
INT_TO_FLOAT = ('float32', 'float64', 'int64')
NOT_DIFFERENTIABLE = {Check.GRAD: 'no derivative', Check.GRADCHECK: 'no derivative',
                      Check.SECOND_ORDER: 'no derivative'}


def _unary_op(name, dtypes=FLOATS, domain=(-2.0, 2.0), **kw):
    return OpInfo(name, func(name), unary, dtypes=dtypes, domain=domain, **kw)


def _div_errors(make):
    return [Sample((make.index(3, 4), make.index(1, 4)), note='integer division by zero')]


def _sub_errors(make):
    return [Sample((make.mask(3), make.mask(3)), note='bool - bool'),
            Sample((make.mask(3), 1), note='bool - int')]


def _pow_samples(make):
    return [Sample((make(3, 4, low=0.5), 2)), Sample((make(5, low=0.5), 0.5)),
            Sample((make(3, 4), 3)), Sample((make(), -1.5)), Sample((make(3), 0))]


def _pow_tensor_samples(make):
    return [Sample((make(3, 4, low=0.5), make(3, 4))), Sample((make(3, 4, low=0.5), make(4))),
            Sample((make(5, low=0.5), make()))]


def _where_samples(make):
    return [Sample((make.mask(3, 4), make(3, 4), make(3, 4))),
            Sample((make.mask(3, 4), make(4), make(3, 1))),
            Sample((make.mask(3, 4), make(3, 4), 0.0)),
            Sample((make.mask(5), make(), make(5)))]


OPS = [
    OpInfo('add', func('add'), binary, dtypes=WITH_INTS),
    OpInfo('add_alpha', lambda lib, a, b: lib.add(a, b, alpha=2), binary),
    OpInfo('sub', func('sub'), binary, dtypes=WITH_INTS, errors=_sub_errors),
    OpInfo('sub_alpha', lambda lib, a, b: lib.sub(a, b, alpha=0.5), binary),
    OpInfo('rsub_operator', lambda lib, a: 2.5 - a, reflected),
    OpInfo('mul', func('mul'), binary, dtypes=WITH_INTS),
    OpInfo('mul_operator', operator(op.mul), binary),
    OpInfo('rmul_operator', lambda lib, a: 3 * a, reflected),
    OpInfo('div', func('div'), binary_positive_other, dtypes=INT_TO_FLOAT),
    OpInfo('div_int', func('div'), lambda make: [Sample((make.index(9, 4), make.index(3, 4)))],
           dtypes=('int64',), skips=NOT_DIFFERENTIABLE),
    OpInfo('truediv_operator', operator(op.truediv), binary_positive_other),
    OpInfo('rtruediv_operator', lambda lib, a: 2 / a,
           lambda make: [Sample((make(3, 4, low=0.5),))]),
    OpInfo('div_floor', lambda lib, a, b: lib.div(a, b, rounding_mode='floor'),
           binary_positive_other, dtypes=WITH_INTS, errors=_div_errors),
    OpInfo('div_trunc', lambda lib, a, b: lib.div(a, b, rounding_mode='trunc'),
           binary_positive_other, dtypes=WITH_INTS),
    OpInfo('floor_divide', func('floor_divide'), binary_positive_other, dtypes=WITH_INTS,
           differentiable=False, errors=_div_errors),
    OpInfo('remainder', func('remainder'), binary_positive_other, dtypes=WITH_INTS,
           errors=_div_errors),
    OpInfo('mod_operator', operator(op.mod), binary_positive_other),
    OpInfo('rmod_operator', lambda lib, a: 2.5 % a, lambda make: [Sample((make(3, 4, low=0.5),))],
           differentiable=False),
    OpInfo('rfloordiv_operator', lambda lib, a: 7 // a,
           lambda make: [Sample((make(3, 4, low=0.5),))], differentiable=False),
    OpInfo('neg', func('neg'), unary, dtypes=WITH_INTS,
           errors=lambda make: [Sample((make.mask(3),), note='bool')]),
    OpInfo('neg_operator', operator(op.neg), unary),
    OpInfo('pow_scalar', func('pow'), _pow_samples),
    OpInfo('pow_operator', operator(op.pow), _pow_samples),
    OpInfo('pow_tensor', func('pow'), _pow_tensor_samples),
    OpInfo('rpow_operator', lambda lib, a: 2.5 ** a, reflected),
    OpInfo('pow_int', func('pow'),
           lambda make: [Sample((make.index(5, 4), 2)), Sample((make.index(5, 4), 2.5))],
           dtypes=('int64',), differentiable=False,
           errors=lambda make: [Sample((make.index(5, 4), -1), note='negative power')]),
    _unary_op('abs', dtypes=WITH_INTS),
    _unary_op('sign', dtypes=WITH_INTS),
    OpInfo('sign_nonfinite', func('sign'), lambda make: [Sample((np.array([np.nan, -0.0, np.inf, -np.inf, 0.0]),))],
           differentiable=False),
    _unary_op('exp', dtypes=INT_TO_FLOAT),
    _unary_op('log', dtypes=INT_TO_FLOAT, domain=(0.5, 3.0)),
    _unary_op('sqrt', dtypes=INT_TO_FLOAT, domain=(0.5, 3.0)),
    _unary_op('rsqrt', domain=(0.5, 3.0)),
    _unary_op('reciprocal', domain=(0.5, 3.0)),
    _unary_op('square', dtypes=WITH_INTS),
    _unary_op('sin', dtypes=INT_TO_FLOAT),
    _unary_op('cos', dtypes=INT_TO_FLOAT),
    _unary_op('tanh', dtypes=INT_TO_FLOAT),
    _unary_op('sigmoid', dtypes=INT_TO_FLOAT),
    _unary_op('relu', dtypes=WITH_INTS),
    OpInfo('where', func('where'), _where_samples),
]
