"""Conversions between dtypes (`to`, `type`, `float()`...) and the `new_*` constructors."""
from ember import _dtype
from ember._creation import _filled, parse_size, tensor
from ember._device import check_device, device
from ember._tensor import Tensor, legacy_type_name
from ember.ops.shape import clone, to_dtype


def _parse_to(args, kwargs):
    target_dtype = kwargs.pop('dtype', None)
    target_device = kwargs.pop('device', None)
    copy = kwargs.pop('copy', False)
    kwargs.pop('non_blocking', None)
    kwargs.pop('memory_format', None)
    if kwargs:
        raise TypeError(f"to() received an invalid combination of arguments - got "
                        f"{tuple(kwargs)}")
    for arg in args:
        if isinstance(arg, _dtype.dtype):
            target_dtype = arg
        elif isinstance(arg, (str, device)):
            target_device = arg
        elif isinstance(arg, Tensor):
            target_dtype = arg.dtype
        elif isinstance(arg, bool):
            copy = copy or False
    check_device(target_device)
    return target_dtype, copy


def to(input, *args, **kwargs):
    """Matches `Tensor.to`: the tensor itself when nothing changes and no copy is asked for."""
    target, copy = _parse_to(args, dict(kwargs))
    if target is None or target.np == input._data.dtype:
        return clone(input) if copy else input
    return to_dtype(input, dtype=target)


_TYPE_NAMES = {f'torch.{legacy_type_name(d)}Tensor': d for d in _dtype.ALL}


def type_(input, dtype=None):
    """Matches `Tensor.type`: the type name, or a conversion to a dtype or type name."""
    if dtype is None:
        return f'torch.{legacy_type_name(input.dtype)}Tensor'
    if isinstance(dtype, str):
        dtype = _TYPE_NAMES[dtype]
    return to(input, dtype)


def new_tensor(input, data, dtype, requires_grad):
    """Matches `Tensor.new_tensor`: a copy of data, with input's dtype unless given."""
    if isinstance(data, Tensor):
        data = data.detach()
    result = tensor(data, dtype=dtype or input.dtype)
    return result.requires_grad_(requires_grad) if requires_grad else result


def new_filled(input, size, fill, dtype, requires_grad):
    """Matches `Tensor.new_zeros`/`new_ones`/`new_full`: input's dtype unless given."""
    return _filled((parse_size(size),), fill, dtype or input.dtype, None, requires_grad)
