"""Comparisons and logical ops: computed in the promoted dtype, returning bool, no derivative."""

__all__ = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logical_not', 'logical_and', 'logical_or', 'logical_xor', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'bitwise_not']
from ember._tensor import Tensor, legacy_type_name
from ember.ops._primitive import Promote, primitive

COMMON = Promote.COMMON


@primitive(COMMON)
def eq(xp, input, other):
    return input == other


@primitive(COMMON)
def ne(xp, input, other):
    return input != other


@primitive(COMMON)
def lt(xp, input, other):
    return input < other


@primitive(COMMON)
def le(xp, input, other):
    return input <= other


@primitive(COMMON)
def gt(xp, input, other):
    return input > other


@primitive(COMMON)
def ge(xp, input, other):
    return input >= other


@primitive()
def logical_not(xp, input):
    return xp.logical_not(input)


@primitive()
def logical_and(xp, input, other):
    return xp.logical_and(input, other)


@primitive()
def logical_or(xp, input, other):
    return xp.logical_or(input, other)


@primitive()
def logical_xor(xp, input, other):
    return xp.logical_xor(input, other)


def _integral_only(kernel):
    """A check raising torch's error when a bitwise op meets a floating point tensor."""
    def check(*inputs):
        for x in inputs:
            if isinstance(x, Tensor) and x._data.dtype.kind in 'fc':
                raise RuntimeError(f'"{kernel}" not implemented for '
                                   f"'{legacy_type_name(x.dtype)}'")
    return check


def _check_invert(input):
    if input._data.dtype.kind in 'fc':
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type "
                        "tensors")


@primitive(COMMON, check=_integral_only('bitwise_and_cpu'))
def bitwise_and(xp, input, other):
    return input & other


@primitive(COMMON, check=_integral_only('bitwise_or_cpu'))
def bitwise_or(xp, input, other):
    return input | other


@primitive(COMMON, check=_integral_only('bitwise_xor_cpu'))
def bitwise_xor(xp, input, other):
    return input ^ other


@primitive(check=_check_invert)
def bitwise_not(xp, input):
    return ~input
