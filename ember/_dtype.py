"""torch's dtypes, the default dtype and torch's type-promotion rules.

This module is the only place that decides a result dtype. torch promotes differently from
NumPy in two ways that matter: integer + float gives that float (NumPy widens to hold the
integer), and operands are ranked by kind (dimensioned tensor > 0-d tensor > Python scalar) so
that a lower-ranked operand of the same category never widens the result.
"""
import builtins

import numpy as np

BOOL, INTEGRAL, FLOATING, COMPLEX = range(4)


class dtype:
    """Matches `torch.dtype`."""

    __slots__ = ('_name', 'np', 'category', 'itemsize', 'is_signed')

    def __init__(self, name, np_dtype, category, is_signed):
        self._name = name
        self.np = np.dtype(np_dtype)
        self.category = category
        self.itemsize = self.np.itemsize
        self.is_signed = is_signed

    @property
    def is_floating_point(self):
        return self.category == FLOATING

    @property
    def is_complex(self):
        return self.category == COMPLEX

    def to_real(self):
        return _REAL_OF_COMPLEX.get(self, self)

    def to_complex(self):
        return _COMPLEX_OF_REAL.get(self, self)

    def __repr__(self):
        return 'torch.' + self._name

    def __reduce__(self):
        # dtypes are singletons: unpickling must return the module-level instance
        return self._name


bool = dtype('bool', np.bool_, BOOL, False)  # noqa: A001 - torch's name
uint8 = dtype('uint8', np.uint8, INTEGRAL, False)
int8 = dtype('int8', np.int8, INTEGRAL, True)
int16 = dtype('int16', np.int16, INTEGRAL, True)
int32 = dtype('int32', np.int32, INTEGRAL, True)
int64 = dtype('int64', np.int64, INTEGRAL, True)
float16 = dtype('float16', np.float16, FLOATING, True)
float32 = dtype('float32', np.float32, FLOATING, True)
float64 = dtype('float64', np.float64, FLOATING, True)
complex64 = dtype('complex64', np.complex64, COMPLEX, True)
complex128 = dtype('complex128', np.complex128, COMPLEX, True)

# torch's aliases name the same objects
half = float16
float = float32  # noqa: A001
double = float64
short = int16
int = int32  # noqa: A001
long = int64
cfloat = complex64
cdouble = complex128

ALL = (bool, uint8, int8, int16, int32, int64, float16, float32, float64, complex64, complex128)
FROM_NP = {d.np: d for d in ALL}
_REAL_OF_COMPLEX = {complex64: float32, complex128: float64}
_COMPLEX_OF_REAL = {float16: complex64, float32: complex64, float64: complex128}


def from_numpy_dtype(np_dtype):
    """The ember dtype of a NumPy dtype; TypeError for one torch has no counterpart for."""
    try:
        return FROM_NP[np_dtype]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).name}. The only "
            "supported types are: float64, float32, float16, complex64, complex128, int64, "
            "int32, int16, int8, uint8, and bool.") from None


# --- default dtype ---------------------------------------------------------------------------

class _Defaults:
    __slots__ = ('float', 'complex')


_defaults = _Defaults()
_defaults.float = float32
_defaults.complex = complex64


def get_default_dtype():
    """Matches `torch.get_default_dtype`."""
    return _defaults.float


def set_default_dtype(d):
    """Matches `torch.set_default_dtype`."""
    if not isinstance(d, dtype) or d.category != FLOATING:
        raise TypeError("only floating-point types are supported as the default type")
    _defaults.float = d
    _defaults.complex = complex128 if d is float64 else complex64


def default_float():
    return _defaults.float


def default_complex():
    return _defaults.complex


# --- promotion -------------------------------------------------------------------------------

def _promote_pair(a, b):
    if a is b:
        return a
    if a.category != b.category:
        low, high = (a, b) if a.category < b.category else (b, a)
        if low.category == BOOL or high.category != COMPLEX or low.category == INTEGRAL:
            return high
        # float with complex: the complex type wide enough for the float's precision
        return complex128 if low is float64 else high
    if a.category == INTEGRAL and a.is_signed != b.is_signed:
        signed, unsigned = (a, b) if a.is_signed else (b, a)
        if signed.itemsize > unsigned.itemsize:
            return signed
        return int16  # uint8 with int8
    return a if a.itemsize >= b.itemsize else b


_PROMOTE = {(a, b): _promote_pair(a, b) for a in ALL for b in ALL}


def promote_types(type1, type2):
    """Matches `torch.promote_types`."""
    return _PROMOTE[type1, type2]


def scalar_dtype(value):
    """The dtype torch gives a Python number when it takes part in an operation."""
    kind = type(value)
    if kind is builtins.float:
        return _defaults.float
    if kind is builtins.int:
        return int64
    if kind is builtins.bool:
        return bool
    if kind is builtins.complex:
        return _defaults.complex
    if isinstance(value, np.generic):
        return FROM_NP[value.dtype]
    raise TypeError(f"unsupported scalar type {kind.__name__}")


def _combine(higher, lower):
    """Merge the promoted dtype of a higher-ranked operand group with a lower-ranked one."""
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher.category == COMPLEX:
        return higher
    if lower.category == COMPLEX:
        return higher.to_complex() if higher.category == FLOATING else lower
    if higher.category == FLOATING:
        return higher
    if higher.category == BOOL or lower.category == FLOATING:
        return _PROMOTE[higher, lower]
    # an integral operand of lower rank never widens an integral result
    return higher


def result_type_of(dims, zero_dims, scalars):
    """torch's result type given the dtypes of dimensioned tensors, 0-d tensors and scalars."""
    groups = []
    for group in (dims, zero_dims, scalars):
        promoted = None
        for d in group:
            promoted = d if promoted is None else _PROMOTE[promoted, d]
        groups.append(promoted)
    return _combine(groups[0], _combine(groups[1], groups[2]))


def is_floating(d):
    return d.category >= FLOATING
