"""The public convolutions' argument handling: torch's checks, in torch's order, before the
`convolution` primitive runs (ember/ops/nn_conv.py)."""
import numbers

import numpy as np

from ember._tensor import Tensor, c_type_name, legacy_type_name
from ember.ops.nn_conv import convolution
from ember.ops.reduction import invalid_arguments
from ember.ops.shape import warn_once

_CONV_OVERLOADS = (
    'Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints '
    'padding = 0, tuple of ints dilation = 1, int groups = 1',
    'Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str padding = '
    '"valid", tuple of ints dilation = 1, int groups = 1')


def is_int(value):
    """Whether torch's argument parser takes `value` as an int (bools it does not)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def is_int_list(value):
    """Whether `value` is an int or a sequence of ints (torch's `int[]` arguments)."""
    if is_int(value):
        return True
    return isinstance(value, (tuple, list)) and all(is_int(v) for v in value)


def int_tuple(value, count):
    """An int repeated `count` times, or the sequence's ints as a tuple."""
    if is_int(value):
        return (int(value),) * count
    return tuple(int(v) for v in value)


def shape_list(shape):
    return str(list(shape))


# --- conv1d/2d/3d ----------------------------------------------------------------------------

def conv(name, spatial, input, weight, bias, stride, padding, dilation, groups):
    """torch's convNd: checks, batching of an unbatched input, 'same'/'valid' padding."""
    keywords = {key: value for key, value, default in (
        ('stride', stride, 1), ('padding', padding, 0), ('dilation', dilation, 1),
        ('groups', groups, 1)) if value is not default}
    if not (isinstance(input, Tensor) and isinstance(weight, Tensor) and
            (bias is None or isinstance(bias, Tensor)) and is_int_list(stride) and
            (isinstance(padding, str) or is_int_list(padding)) and is_int_list(dilation) and
            is_int(groups)):
        args = (input, weight) if bias is None else (input, weight, bias)
        raise invalid_arguments(name, args, _CONV_OVERLOADS, keywords)
    if bias is not None and bias.dtype != input.dtype:
        raise RuntimeError(f"Input type ({c_type_name(input.dtype)}) and bias type "
                           f"({c_type_name(bias.dtype)}) should be the same")
    batched = _batchify(input, spatial, name)
    stride, dilation = int_tuple(stride, spatial), int_tuple(dilation, spatial)
    if padding == 'same':
        output = _conv_same(batched, weight, bias, stride, dilation, groups)
    elif padding == 'valid':
        output = convolve(batched, weight, bias, stride, (0,), dilation, False, (0,), groups)
    elif isinstance(padding, str):
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    else:
        output = convolve(batched, weight, bias, stride, int_tuple(padding, spatial), dilation,
                          False, (0,) * spatial, groups)
    return output if batched is input else output.squeeze(0)


def conv_transpose(name, spatial, input, weight, bias, stride, padding, output_padding, groups,
                   dilation):
    """torch's conv_transposeNd."""
    for position, (arg, value) in enumerate((('input', input), ('weight', weight)), 1):
        if not isinstance(value, Tensor):
            raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, "
                            f"not {type(value).__name__}")
    if bias is not None and not isinstance(bias, Tensor):
        raise TypeError(f"{name}(): argument 'bias' (position 3) must be Tensor, not "
                        f"{type(bias).__name__}")
    for arg, value in (('stride', stride), ('padding', padding),
                       ('output_padding', output_padding), ('dilation', dilation)):
        if not is_int_list(value):
            raise TypeError(f"{name}(): argument '{arg}' must be tuple of ints, not "
                            f"{type(value).__name__}")
    if not is_int(groups):
        raise TypeError(f"{name}(): argument 'groups' must be int, not {type(groups).__name__}")
    batched = _batchify(input, spatial, name)
    output = convolve(batched, weight, bias, int_tuple(stride, spatial),
                      int_tuple(padding, spatial), int_tuple(dilation, spatial), True,
                      int_tuple(output_padding, spatial), groups)
    return output if batched is input else output.squeeze(0)


def _batchify(input, spatial, name):
    ndim = input.ndim
    if ndim != spatial + 1 and ndim != spatial + 2:
        raise RuntimeError(f"Expected {spatial + 1}D (unbatched) or {spatial + 2}D (batched) "
                           f"input to {name}, but got input of size: {shape_list(input.shape)}")
    return input if ndim == spatial + 2 else input.unsqueeze(0)


def _conv_same(input, weight, bias, stride, dilation, groups):
    k = weight.ndim
    if k <= 2:
        raise RuntimeError("weight should have at least three dimensions")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    dims = k - 2
    if k != input.ndim:
        raise RuntimeError(f"Expected {k}-dimensional input for {k}-dimensional weight"
                           f"{shape_list(weight.shape)}, but got {input.ndim}-dimensional input "
                           f"of size {shape_list(input.shape)} instead")
    for arg, value in (('stride', stride), ('dilation', dilation)):
        if len(value) not in (dims, 1):
            raise RuntimeError(f"{arg} cannot broadcast to {dims} dimensions")
    if any(s != 1 for s in stride):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    dilation = _expand(dilation, 'dilation', dims)
    left = [d * (kernel - 1) // 2 for d, kernel in zip(dilation, weight.shape[2:])]
    right = [d * (kernel - 1) - l for d, kernel, l in zip(dilation, weight.shape[2:], left)]
    if left != right:
        warn_once("Using padding='same' with even kernel lengths and odd dilation may require a "
                  "zero-padded copy of the input be created")
        # the extra position goes at the end: pad it first, then pad symmetrically
        from ember.ops.nn_conv_pad import constant_pad_nd
        extra = []
        for l, r in zip(reversed(left), reversed(right)):
            extra += [0, r - l]
        input = constant_pad_nd(input, pad=tuple(extra), value=0)
    return convolve(input, weight, bias, (1,) * dims, tuple(left), dilation, False,
                    (0,) * dims, groups)


def _expand(value, name, dims):
    if len(value) == 1:
        return value * dims
    if len(value) != dims:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {dims} "
                           f"values to match the convolution dimensions, but got "
                           f"{name}={list(value)}")
    return tuple(value)


def convolve(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups):
    """torch's _convolution: parameter and shape checks, then the primitive."""
    k = weight.ndim
    if k < 3:
        raise RuntimeError("weight should have at least three dimensions")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    dims = k - 2
    stride = _expand(stride, 'stride', dims)
    padding = _expand(padding, 'padding', dims)
    dilation = _expand(dilation, 'dilation', dims)
    output_padding = _expand(output_padding, 'output_padding', dims)
    _check_shapes(input, weight, bias, stride, padding, dilation, transposed, output_padding,
                  groups)
    _check_types(input, weight, bias, stride, dilation, transposed, groups)
    return convolution(input, weight, bias, stride=stride, padding=padding, dilation=dilation,
                       transposed=transposed, output_padding=output_padding, groups=groups)


def _check_shapes(input, weight, bias, stride, padding, dilation, transposed, output_padding,
                  groups):
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    if any(p < 0 for p in output_padding):
        raise RuntimeError("negative output_padding is not supported")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if not transposed and any(d <= 0 for d in dilation):
        raise RuntimeError("non-positive dilation is not supported")
    shape, weight_shape = tuple(input.shape), tuple(weight.shape)
    k = len(weight_shape)
    if k != len(shape):
        raise RuntimeError(f"Expected {k}-dimensional input for {k}-dimensional weight "
                           f"{shape_list(weight_shape)}, but got {len(shape)}-dimensional input "
                           f"of size {shape_list(shape)} instead")
    if weight_shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at "
                           f"dimension 0, but got weight of size {shape_list(weight_shape)} "
                           "instead")
    if weight_shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                           f"at dimension 0, but got weight of size [{shape_list(weight_shape)}] "
                           "instead")
    if transposed:
        _check_transposed_shapes(shape, weight_shape, bias, groups)
        _check_transposed_geometry(stride, dilation, output_padding)
    else:
        if shape[1] != weight_shape[1] * groups:
            raise RuntimeError(
                f"Given groups={groups}, weight of size {shape_list(weight_shape)}, expected "
                f"input{shape_list(shape)} to have {weight_shape[1] * groups} channels, but got "
                f"{shape[1]} channels instead")
        if bias is not None and (bias.ndim != 1 or bias.shape[0] != weight_shape[0]):
            raise RuntimeError(
                f"Given weight of size {shape_list(weight_shape)}, expected bias to be "
                f"1-dimensional with {weight_shape[0]} elements, but got bias of size "
                f"{shape_list(bias.shape)} instead")
        padded = [s + 2 * p for s, p in zip(shape[2:], padding)]
        extents = [d * (w - 1) + 1 for d, w in zip(dilation, weight_shape[2:])]
        if any(p < e for p, e in zip(padded, extents)):
            raise RuntimeError(
                f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). "
                f"Kernel size: ({' x '.join(map(str, extents))}). Kernel size can't be greater "
                "than actual input size")
    if shape[0] and shape[1] and 0 in shape:
        raise RuntimeError("Only zero batch or zero channel inputs are supported, but got input "
                           f"shape: {shape_list(shape)}")


def _check_transposed_shapes(shape, weight_shape, bias, groups):
    if shape[1] != weight_shape[0]:
        raise RuntimeError(
            f"Given transposed=1, weight of size {shape_list(weight_shape)}, expected "
            f"input{shape_list(shape)} to have {weight_shape[0]} channels, but got {shape[1]} "
            "channels instead")
    channels = weight_shape[1] * groups
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != channels):
        raise RuntimeError(
            f"Given transposed=1, weight of size {shape_list(weight_shape)}, expected bias to be "
            f"1-dimensional with {channels} elements, but got bias of size "
            f"{shape_list(bias.shape)} instead")


def _check_transposed_geometry(stride, dilation, output_padding):
    """torch's checks of the transposed kernels, which see a 1-d convolution as 2-d."""
    names = ('depth', 'height', 'width')[-max(len(stride), 2):]
    if len(stride) == 1:
        stride, dilation, output_padding = (1,) + stride, (1,) + dilation, (0,) + output_padding
    if any(d <= 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero, but got " + ', '.join(
            f'dilation_{n}: {d}' for n, d in zip(names, dilation)))
    if any(p >= s and p >= d for p, s, d in zip(output_padding, stride, dilation)):
        described = ' '.join(f'{what}_{n}: {v}' for what, values in (
            ('output_padding', output_padding), ('stride', stride), ('dilation', dilation))
            for n, v in zip(names, values))
        raise RuntimeError("output padding must be smaller than either stride or dilation, but "
                           f"got {described}")


def _check_types(input, weight, bias, stride, dilation, transposed, groups):
    dtype = input.dtype
    if weight.dtype == dtype and (bias is None or bias.dtype == dtype):
        return
    if _mkldnn(input, weight, groups):
        for arg, value in (('weight', weight), ('bias', bias)):
            if value is not None and value.dtype != dtype:
                raise RuntimeError(
                    f"Input type (torch.{legacy_type_name(dtype)}Tensor) and {arg} type "
                    f"(torch.{legacy_type_name(value.dtype)}Tensor) should be the same or input "
                    f"should be a MKLDNN tensor and {arg} is a dense tensor")
    if weight.dtype != dtype:
        raise RuntimeError(f"expected scalar type {legacy_type_name(dtype)} but found "
                           f"{legacy_type_name(weight.dtype)}")
    # NOTE: torch's other kernels add a bias of another dtype to their result without complaint


def _mkldnn(input, weight, groups):
    """Whether torch runs this float32 convolution through oneDNN, whose dtype messages differ
    (torch's use_mkldnn, on a multi-threaded CPU)."""
    if input.dtype.__repr__() != 'torch.float32':
        return False
    shape = tuple(input.shape) + (1,) * (4 - input.ndim)
    kernel = tuple(weight.shape[2:])
    kernel = (1,) * (2 - len(kernel)) + kernel
    return (groups > 1 or (kernel[-1] > 3 and kernel[-2] > 3) or shape[0] > 1 or
            shape[0] * shape[1] * shape[2] * shape[3] > 20480)
