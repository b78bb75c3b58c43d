"""clamp (clip), clamp_min and clamp_max, with number or tensor bounds, and their in-place forms.

torch has an overload per kind of bound, each with its own node: ClampBackward1 for numbers,
ClampBackward0 for tensors (ClampMin/MaxBackward0 and 1 likewise). The bounds are inputs of
the primitives, numbers included, so that they take part in type promotion
(clamp(int tensor, 0.5) is a float tensor). NaN propagates from the input and from the
bounds; where min > max the result is max.
"""
import numpy as np

from ember import _dtype
from ember._tensor import Tensor, c_type_name, legacy_type_name
from ember.ops._primitive import Promote, primitive
from ember.ops._views import can_cast
from ember.ops.elementwise_checks import common_dtype, invalid_combination, not_implemented
from ember.ops.pointwise import where

COMMON = Promote.COMMON
_NUMBER_TYPES = (int, float, bool, np.number, np.bool_)


def _bounded(xp, input, min, max):
    if min is not None:
        input = xp.maximum(input, min)
    if max is not None:
        input = xp.minimum(input, max)
    return input


def _number_check(kernel):
    """A check for number bounds: no bool kernel, and bounds that fit the result's dtype."""
    def check(input, *bounds):
        dtype = common_dtype(input, *bounds)
        if dtype is _dtype.bool:
            raise not_implemented(kernel, dtype)
        if dtype.category == _dtype.INTEGRAL:
            info = np.iinfo(dtype.np)
            for bound in bounds:
                if bound is not None and not info.min <= bound <= info.max:
                    raise RuntimeError(f"value cannot be converted to type "
                                       f"{c_type_name(dtype)} without overflow")
    return check


def _check_clamp_tensors(input, min, max):
    if min is not None and max is not None and common_dtype(input, min, max) is _dtype.bool:
        raise not_implemented('clamp_cpu', _dtype.bool)


def _within(input, min, max):
    if min is None:
        return input <= max
    if max is None:
        return input >= min
    return (input >= min) & (input <= max)


def _clamp_input_grad(grad, input, min, max):
    return where(_within(input, min, max), grad, 0)


def _clamp_min_grad(grad, input, min, max):
    if max is None:
        return where(input < min, grad, 0)
    return where((input < min) & (min < max), grad, 0)


def _clamp_max_grad(grad, input, min, max):
    if min is None:
        return where(input > max, grad, 0)
    return where((input > max) | (max < min), grad, 0)


@primitive(COMMON, name='clamp', node_name='ClampBackward1',
           dtype_check=_number_check('clamp_scalar_cpu'))
def clamp_numbers(xp, input, min, max):
    return _bounded(xp, input, min, max)


@primitive(COMMON, name='clamp', node_name='ClampBackward0', dtype_check=_check_clamp_tensors)
def clamp_tensors(xp, input, min, max):
    return _bounded(xp, input, min, max)


clamp_numbers.defvjp(_clamp_input_grad, None, None)
clamp_tensors.defvjp(_clamp_input_grad, _clamp_min_grad, _clamp_max_grad)


# --- clamp_min and clamp_max -----------------------------------------------------------------

@primitive(COMMON, name='clamp_min', node_name='ClampMinBackward0',
           dtype_check=_number_check('clamp_min_scalar_cpu'))
def clamp_min_number(xp, input, min):
    return xp.maximum(input, min)


@primitive(COMMON, name='clamp_min', node_name='ClampMinBackward1')
def clamp_min_tensor(xp, input, min):
    return xp.maximum(input, min)


def _above_min_grad(grad, input, min):
    return where(input >= min, grad, 0)


def _below_min_grad(grad, input, min):
    return where(input < min, grad, 0)


clamp_min_number.defvjp(_above_min_grad, None)
clamp_min_tensor.defvjp(_above_min_grad, _below_min_grad)


@primitive(COMMON, name='clamp_max', node_name='ClampMaxBackward0',
           dtype_check=_number_check('clamp_max_scalar_cpu'))
def clamp_max_number(xp, input, max):
    return xp.minimum(input, max)


@primitive(COMMON, name='clamp_max', node_name='ClampMaxBackward1')
def clamp_max_tensor(xp, input, max):
    return xp.minimum(input, max)


def _below_max_grad(grad, input, max):
    return where(input <= max, grad, 0)


def _above_max_grad(grad, input, max):
    return where(input > max, grad, 0)


clamp_max_number.defvjp(_below_max_grad, None)
clamp_max_tensor.defvjp(_below_max_grad, _above_max_grad)


# --- choosing the overload -------------------------------------------------------------------

_CLAMP_SIGNATURES = ('Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None',
                     'Tensor input, Number min = None, Number max = None, *, Tensor out = None')


def _as_number(bound):
    """A bound for the number overload, or None if it cannot be one: torch's argument parser
    takes a 0-d tensor that does not require grad as a number."""
    if bound is None or isinstance(bound, _NUMBER_TYPES):
        return bound
    if isinstance(bound, Tensor) and bound.ndim == 0 and not bound.requires_grad:
        return bound.item()
    return None


def _clamp_overload(name, input, min, max):
    """(the primitive, its bounds) that torch would call for clamp(input, min, max)."""
    tensors = [isinstance(b, Tensor) for b in (min, max)]
    valid = isinstance(input, Tensor) and all(
        b is None or isinstance(b, (Tensor,) + _NUMBER_TYPES) for b in (min, max))
    if valid and any(tensors) and all(t or b is None for t, b in zip(tensors, (min, max))):
        return clamp_tensors, (min, max)
    numbers = (_as_number(min), _as_number(max))
    if not valid or any(b is not None and n is None for b, n in zip((min, max), numbers)):
        raise invalid_combination(name, (input,) + tuple(b for b in (min, max) if b is not None),
                                  _CLAMP_SIGNATURES)
    if numbers == (None, None):
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    return clamp_numbers, numbers


def _one_bound_overload(name, bound_name, input, bound, number_op, tensor_op):
    if isinstance(input, Tensor):
        if isinstance(bound, Tensor):
            return tensor_op
        if isinstance(bound, complex):
            raise NotImplementedError("clamp is not supported for complex types")
        if isinstance(bound, _NUMBER_TYPES):
            return number_op
    raise invalid_combination(name, (input, bound), (
        f'Tensor input, Tensor {bound_name}, *, Tensor out = None',
        f'Tensor input, Number {bound_name}, *, Tensor out = None'))


def _check_number_result_castable(input, *bounds):
    # NOTE: the number overloads name the target type as C++ does ('long int'), the tensor
    # overloads as torch's scalar types ('Long'), as torch's messages do
    dtype = common_dtype(input, *bounds)
    if dtype is not input.dtype and not can_cast(dtype.np, input.dtype.np):
        raise RuntimeError(f"result type {legacy_type_name(dtype)} can't be cast to the desired "
                           f"output type {c_type_name(input.dtype)}")


def clamp(input, min=None, max=None, *, out=None):
    """Matches `torch.clamp`. NOTE: a bad combination of arguments is reported as if all were
    given by position."""
    op, bounds = _clamp_overload('clamp', input, min, max)
    return op(input, *bounds, out=out)


def clamp_(input, min=None, max=None):
    """Matches `torch.clamp_`."""
    op, bounds = _clamp_overload('clamp_', input, min, max)
    if op is clamp_numbers:
        _check_number_result_castable(input, *bounds)
    return op.inplace(input, *bounds)


def clip(input, min=None, max=None, *, out=None):
    """Matches `torch.clip` (an alias of clamp)."""
    return clamp(input, min, max, out=out)


def clip_(input, min=None, max=None):
    """Matches `torch.clip_` (an alias of clamp_)."""
    return clamp_(input, min, max)


def clamp_min(input, min, *, out=None):
    """Matches `torch.clamp_min`."""
    op = _one_bound_overload('clamp_min', 'min', input, min, clamp_min_number, clamp_min_tensor)
    return op(input, min, out=out)


def clamp_min_(input, min):
    """Matches `torch.clamp_min_`."""
    op = _one_bound_overload('clamp_min_', 'min', input, min, clamp_min_number, clamp_min_tensor)
    if op is clamp_min_number:
        _check_number_result_castable(input, min)
    return op.inplace(input, min)


def clamp_max(input, max, *, out=None):
    """Matches `torch.clamp_max`."""
    op = _one_bound_overload('clamp_max', 'max', input, max, clamp_max_number, clamp_max_tensor)
    return op(input, max, out=out)


def clamp_max_(input, max):
    """Matches `torch.clamp_max_`."""
    op = _one_bound_overload('clamp_max_', 'max', input, max, clamp_max_number, clamp_max_tensor)
    if op is clamp_max_number:
        _check_number_result_castable(input, max)
    return op.inplace(input, max)
