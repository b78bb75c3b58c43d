"""Argument checks and error messages shared by the elementwise op modules."""
from ember import _dtype
from ember._tensor import Tensor, legacy_type_name


def tensor_arguments(name, *argument_names):
    """A `check` raising torch's TypeError when an input that must be a Tensor is not."""
    def check(*inputs, **settings):
        for position, (argument, x) in enumerate(zip(argument_names, inputs), 1):
            if not isinstance(x, Tensor):
                raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be "
                                f"Tensor, not {type(x).__name__}")
    return check


def tensor_argument(name, argument, value, position=1):
    """`value`, checked to be a Tensor as a method's argument at `position` (after self)."""
    if not isinstance(value, Tensor):
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be Tensor, "
                        f"not {type(value).__name__}")
    return value


def not_implemented(kernel, dtype):
    """torch's error for a kernel that has no version for `dtype`."""
    return NotImplementedError(f'"{kernel}" not implemented for \'{legacy_type_name(dtype)}\'')


def type_names(args):
    """How torch's argument parser names the arguments of a call it cannot match."""
    return ', '.join('Tensor' if isinstance(a, Tensor) else type(a).__name__ for a in args)


def invalid_combination(name, args, signatures):
    """torch's TypeError for a call that matches none of an op's signatures."""
    expected = ''.join(f' * ({signature})\n' for signature in signatures)
    return TypeError(f"{name}() received an invalid combination of arguments - got "
                     f"({type_names(args)}), but expected one of:\n{expected}")


def common_dtype(*operands):
    """The dtype torch computes a mix of tensors and Python numbers in (None ignored)."""
    dims, zero_dims, scalars = [], [], []
    for x in operands:
        if isinstance(x, Tensor):
            (dims if x.ndim else zero_dims).append(x.dtype)
        elif x is not None:
            scalars.append(_dtype.scalar_dtype(x))
    return _dtype.result_type_of(dims, zero_dims, scalars)
