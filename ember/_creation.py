"""Tensor creation: torch.tensor, zeros, ones, full, arange, linspace, eye and the *_like forms."""
import math
import numbers
import warnings

import numpy as np

from ember import _dtype
from ember._device import check_device
from ember._errors import INTEGER_GRAD, hinted
from ember._tensor import Tensor, wrap

_REQUIRES_GRAD_DTYPE_ERROR = ("Only Tensors of floating point and complex dtype can require "
                              "gradients")


def _finish(array, requires_grad):
    t = wrap(array)
    if requires_grad:
        if array.dtype.kind not in 'fc':
            raise hinted(RuntimeError(_REQUIRES_GRAD_DTYPE_ERROR), INTEGER_GRAD)
        t._requires_grad = True
    return t


def _np_dtype(dtype, default=None):
    if dtype is None:
        return (default or _dtype.default_float()).np
    if not isinstance(dtype, _dtype.dtype):
        raise TypeError(f"dtype must be torch.dtype, not {type(dtype).__name__}")
    return dtype.np


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """Matches `torch.tensor`: always copies `data`."""
    check_device(device)
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use "
            "sourceTensor.detach().clone() or sourceTensor.detach().clone().requires_grad_(True), "
            "rather than torch.tensor(sourceTensor).", UserWarning, stacklevel=2)
    return _finish(to_array(data, dtype, copy=True), requires_grad)


def as_tensor(data, dtype=None, device=None):
    """Matches `torch.as_tensor`: shares memory with a tensor or ndarray when it can."""
    check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None or data.dtype is dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and _dtype.FROM_NP.get(data.dtype) is not None:
        if dtype is None or dtype.np == data.dtype:
            return wrap(data)
    return wrap(to_array(data, dtype, copy=False))


def from_numpy(ndarray):
    """Matches `torch.from_numpy`: the tensor shares the array's memory."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    _dtype.from_numpy_dtype(ndarray.dtype)
    return wrap(ndarray)


def to_array(data, dtype, copy):
    """An ndarray holding `data` with torch's dtype inference for Python values."""
    target = None if dtype is None else _np_dtype(dtype)
    if isinstance(data, Tensor):
        source = data._data
        return np.array(source, dtype=target) if copy else np.asarray(source, dtype=target)
    if isinstance(data, (np.ndarray, np.generic)):
        _dtype.from_numpy_dtype(data.dtype)
        return np.array(data, dtype=target) if copy else np.asarray(data, dtype=target)
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    _check_nesting(data)
    try:
        array = np.array(data, dtype=target)
    except OverflowError:
        raise ValueError("Overflow when unpacking long long") from None
    if array.dtype.kind in 'USOV':
        _check_leaves(data)
    if target is None:
        array = _python_default(array, data)
    return array


def _check_leaves(data):
    """torch's errors for values that are not numbers: strings, bytes, None, objects."""
    first = data
    while isinstance(first, (list, tuple)) and len(first):
        first = first[0]
        if isinstance(first, str):
            # torch measures the shape along first elements, and a string is a sequence
            raise ValueError("too many dimensions 'str'")
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, (str, bytes)):
            raise TypeError(f"new(): invalid data type '{type(item).__name__}'")
        elif not isinstance(item, (numbers.Number, np.generic, np.ndarray, Tensor)):
            raise RuntimeError(f"Could not infer dtype of {type(item).__name__}")


def _python_default(array, data):
    kind = array.dtype.kind
    if kind == 'f' and array.dtype != _dtype.default_float().np and not _has_numpy(data):
        return array.astype(_dtype.default_float().np)
    if kind == 'c' and not _has_numpy(data):
        return array.astype(_dtype.default_complex().np)
    if kind == 'O':
        if any(type(x) is int for x in array.reshape(-1)):
            raise ValueError("Overflow when unpacking long long")
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    return array


def _has_numpy(data):
    """Whether nested data holds NumPy or tensor values, whose dtype torch keeps."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (np.generic, np.ndarray, Tensor)):
            return True
        if isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


def _check_nesting(data):
    """Raise torch's errors for ragged or mixed nested sequences."""
    level = [data]
    dim = 0
    while True:
        sequences = [isinstance(x, (list, tuple)) for x in level]
        if not any(sequences):
            return
        if not all(sequences):
            if sequences[0]:
                raise TypeError("not a sequence")
            stray = type(level[sequences.index(True)]).__name__
            if _any_inexact(data):
                raise TypeError(f"must be real number, not {stray}")
            raise TypeError(f"'{stray}' object cannot be interpreted as an integer")
        lengths = [len(x) for x in level]
        for length in lengths[1:]:
            if length != lengths[0]:
                raise ValueError(f"expected sequence of length {lengths[0]} at dim {dim} "
                                 f"(got {length})")
        level = [item for x in level for item in x]
        dim += 1


def _any_inexact(data):
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, (float, complex, np.inexact)):
            return True
    return False


def parse_size(size, name='empty'):
    """A shape tuple from torch's size arguments: ints, or one sequence of ints."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    shape = []
    for s in size:
        if isinstance(s, Tensor):
            s = s.item()
        if not isinstance(s, numbers.Integral):
            if len(size) == 1:
                raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, "
                                f"not {type(s).__name__}")
            raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, but "
                            f"found element of type {type(s).__name__} at pos {len(shape)}")
        shape.append(int(s))
    for s in shape:
        if s < 0:
            if name == 'zeros':
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: "
                               f"{shape}")
    return tuple(shape)


def _filled(size, fill, dtype, device, requires_grad, default=None, name='full'):
    check_device(device)
    array = np.full(parse_size(size, name), fill, dtype=_np_dtype(dtype, default))
    return _finish(array, requires_grad)


def zeros(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """Matches `torch.zeros`."""
    return _filled(size, 0, dtype, device, requires_grad, name='zeros')


def ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """Matches `torch.ones`."""
    return _filled(size, 1, dtype, device, requires_grad, name='ones')


def empty(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False, memory_format=None):
    """Matches `torch.empty` (the contents are whatever the memory held)."""
    check_device(device)
    return _finish(np.empty(parse_size(size), dtype=_np_dtype(dtype)), requires_grad)


def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None,
         requires_grad=False):
    """Matches `torch.full`: the dtype follows fill_value when none is given."""
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    default = None if dtype is not None else _dtype.scalar_dtype(fill_value)
    return _filled((size,), fill_value, dtype, device, requires_grad, default)


def _like(input, dtype):
    return input.dtype if dtype is None else dtype


def _vmapped(input):
    """Whether `input` is one sample of a tensor batched by vmap (ember.func)."""
    return type(input) is not Tensor and hasattr(input, '_level')


def _batched_like(like, input, *args, **kwargs):
    # as torch's batching rule does: a *_like of a batched tensor is batched the same way
    from ember.func._batched import batched
    return batched(like(input._value, *args, **kwargs), input._level)


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    """Matches `torch.zeros_like`."""
    if _vmapped(input):
        return _batched_like(zeros_like, input, dtype=dtype, requires_grad=requires_grad)
    return _filled((input.shape,), 0, _like(input, dtype), device, requires_grad)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    """Matches `torch.ones_like`."""
    if _vmapped(input):
        return _batched_like(ones_like, input, dtype=dtype, requires_grad=requires_grad)
    return _filled((input.shape,), 1, _like(input, dtype), device, requires_grad)


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    """Matches `torch.full_like`."""
    if _vmapped(input):
        return _batched_like(full_like, input, fill_value, dtype=dtype, requires_grad=requires_grad)
    return _filled((input.shape,), fill_value, _like(input, dtype), device, requires_grad)


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    """Matches `torch.empty_like`."""
    if _vmapped(input):
        return _batched_like(empty_like, input, dtype=dtype, requires_grad=requires_grad)
    return empty(input.shape, dtype=_like(input, dtype), device=device,
                 requires_grad=requires_grad)


def arange(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None,
           requires_grad=False):
    """Matches `torch.arange`, including how it sizes and fills integer results."""
    check_device(device)
    if end is None:
        start, end = 0, start
    start, end, step = (x.item() if isinstance(x, Tensor) else x for x in (start, end, step))
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype is None:
        is_float = any(isinstance(x, float) for x in (start, end, step))
        dtype = _dtype.default_float() if is_float else _dtype.int64
    if dtype.category >= _dtype.FLOATING:
        length = math.ceil((end - start) / step)
        # NOTE: computed in double and rounded once, as torch's CPU kernel does
        values = start + np.arange(length, dtype=np.float64) * step
    else:
        # torch converts the bounds and step to integers first (truncating); for int64 it
        # also sizes the result in integers, for other integer types in doubles
        first, last, stride = int(start), int(end), int(step)
        if dtype is _dtype.int64:
            sign = (stride > 0) - (stride < 0)
            numerator = last - first + stride - sign
            # C's division, which truncates towards zero
            length = abs(numerator) // abs(stride)
            if (numerator < 0) != (stride < 0):
                length = -length
        else:
            length = math.ceil((end - start) / step)
        values = first + np.arange(length, dtype=np.int64) * stride
    return _finish(values.astype(dtype.np), requires_grad)


def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False):
    """Matches `torch.linspace`, including its order of rounding."""
    check_device(device)
    target = _np_dtype(dtype)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    if steps == 1:
        return _finish(np.full(1, start, dtype=target), requires_grad)
    compute = target if target.kind in 'fc' else np.dtype(np.float64)
    start_c, end_c = compute.type(start), compute.type(end)
    step = (end_c - start_c) / compute.type(max(steps - 1, 1))
    index = np.arange(steps)
    half = steps // 2
    # torch fills the first half forwards from start and the second half backwards from end
    values = np.where(index < half, start_c + step * index.astype(compute),
                      end_c - step * (steps - 1 - index).astype(compute))
    return _finish(values.astype(target), requires_grad)


def logspace(start, end, steps, base=10.0, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False):
    """Matches `torch.logspace`."""
    exponents = linspace(start, end, steps, dtype=_dtype.float64)._data
    return _finish(np.power(base, exponents).astype(_np_dtype(dtype)), requires_grad)


def eye(n, m=None, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """Matches `torch.eye`."""
    check_device(device)
    return _finish(np.eye(n, n if m is None else m, dtype=_np_dtype(dtype)), requires_grad)


def legacy_constructor(cls, args, kwargs):
    """`torch.Tensor(...)`: sizes give an uninitialised float tensor, data is copied as float."""
    device = kwargs.pop('device', None)
    check_device(device)
    if kwargs:
        raise TypeError(f"new() received an invalid combination of arguments - got "
                        f"{tuple(kwargs)}")
    default = _dtype.default_float().np
    if not args:
        array = np.empty((0,), dtype=default)
    elif all(isinstance(a, numbers.Integral) for a in args) and not isinstance(args[0], bool):
        array = np.empty(tuple(int(a) for a in args), dtype=default)
    elif len(args) == 1 and isinstance(args[0], Tensor):
        return args[0]
    elif len(args) == 1:
        array = np.array(args[0], dtype=default)
    else:
        raise TypeError("new() received an invalid combination of arguments")
    return wrap(array)
