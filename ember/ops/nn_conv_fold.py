"""unfold (im2col) and fold (col2im): each the other's adjoint, so each one's derivative is
the other; and their public functions."""
import itertools

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ember._tensor import Tensor, legacy_type_name
from ember.ops._primitive import primitive
from ember.ops.nn_conv_args import is_int, shape_list


def _blocks(size, kernel, dilation, padding, stride):
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def im2col_arrays(x, kernel, dilation, padding, stride):
    """(N, C, H, W) -> (N, C * kh * kw, L): every block's values, column by column."""
    if x.ndim == 3:
        return im2col_arrays(x[None], kernel, dilation, padding, stride)[0]
    batch, channels, height, width = x.shape
    (ph, pw) = padding
    blocks = tuple(_blocks(*args) for args in zip(x.shape[2:], kernel, dilation, padding, stride))
    if ph or pw:
        padded = np.zeros((batch, channels, height + 2 * ph, width + 2 * pw), dtype=x.dtype)
        padded[:, :, ph:ph + height, pw:pw + width] = x
        x = padded
    sn, sc, sh, sw = x.strides
    shape = (batch, channels) + tuple(kernel) + blocks
    strides = (sn, sc, sh * dilation[0], sw * dilation[1], sh * stride[0], sw * stride[1])
    windows = as_strided(x, shape, strides, writeable=False)
    return windows.reshape(batch, channels * kernel[0] * kernel[1], blocks[0] * blocks[1])


def col2im_arrays(columns, output_size, kernel, dilation, padding, stride):
    """(N, C * kh * kw, L) -> (N, C, H, W): every block's values added at its place."""
    if columns.ndim == 2:
        return col2im_arrays(columns[None], output_size, kernel, dilation, padding, stride)[0]
    batch = columns.shape[0]
    channels = columns.shape[1] // (kernel[0] * kernel[1])
    (height, width), (ph, pw) = output_size, padding
    blocks = tuple(_blocks(*args) for args in zip(output_size, kernel, dilation, padding, stride))
    values = columns.reshape((batch, channels) + tuple(kernel) + blocks)
    extent = tuple(max(s + 2 * p, (b - 1) * t + (k - 1) * d + 1) for s, p, b, t, k, d in
                   zip(output_size, padding, blocks, stride, kernel, dilation))
    plane = np.zeros((batch, channels) + extent, dtype=columns.dtype)
    for i, j in itertools.product(range(kernel[0]), range(kernel[1])):
        rows = slice(i * dilation[0], i * dilation[0] + (blocks[0] - 1) * stride[0] + 1,
                     stride[0])
        cols = slice(j * dilation[1], j * dilation[1] + (blocks[1] - 1) * stride[1] + 1,
                     stride[1])
        plane[:, :, rows, cols] += values[:, :, i, j]
    return np.ascontiguousarray(plane[:, :, ph:ph + height, pw:pw + width])


@primitive(node_name='Im2ColBackward0')
def im2col(xp, input, *, kernel_size, dilation, padding, stride):
    return im2col_arrays(input, kernel_size, dilation, padding, stride)


def _im2col_grad(grad, input_shape, kernel_size, dilation, padding, stride):
    return col2im(grad, output_size=tuple(input_shape[-2:]), kernel_size=kernel_size,
                  dilation=dilation, padding=padding, stride=stride)


im2col.defvjp(_im2col_grad)


@primitive(node_name='Col2ImBackward0')
def col2im(xp, input, *, output_size, kernel_size, dilation, padding, stride):
    return col2im_arrays(input, output_size, kernel_size, dilation, padding, stride)


def _col2im_grad(grad, kernel_size, dilation, padding, stride):
    return im2col(grad, kernel_size=kernel_size, dilation=dilation, padding=padding,
                  stride=stride)


col2im.defvjp(_col2im_grad)


# --- public functions ------------------------------------------------------------------------

def _pair(value, name, func, position):
    if is_int(value):
        return (int(value),) * 2
    if isinstance(value, (tuple, list)) and all(is_int(v) for v in value):
        return tuple(int(v) for v in value)
    if isinstance(value, (tuple, list)):
        bad = next(v for v in value if not is_int(v))
        raise TypeError(f"{func}(): argument '{name}' (position {position}) must be tuple of "
                        f"ints, but found element of type {type(bad).__name__} at pos "
                        f"{list(value).index(bad)}")
    raise TypeError(f"{func}(): argument '{name}' (position {position}) must be tuple of ints, "
                    f"not {type(value).__name__}")


def _check_geometry(kernel, dilation, padding, stride):
    for name, value in (('kernel_size', kernel), ('dilation', dilation), ('padding', padding),
                        ('stride', stride)):
        if len(value) != 2:
            raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(value)}")
    if kernel[0] <= 0 or kernel[1] <= 0:
        raise RuntimeError("kernel size should be greater than zero, but got kernel_height: "
                           f"{kernel[0]} kernel_width: {kernel[1]}")
    if stride[0] <= 0 or stride[1] <= 0:
        raise RuntimeError("stride should be greater than zero, but got stride_height: "
                           f"{stride[0]} stride_width: {stride[1]}")
    if dilation[0] <= 0 or dilation[1] <= 0:
        raise RuntimeError("dilation should be greater than zero, but got dilation_height: "
                           f"{dilation[0]} dilation_width: {dilation[1]}")
    if padding[0] < 0 or padding[1] < 0:
        raise RuntimeError("padding should be non-negative, but got pad_height: "
                           f"{padding[0]} pad_width: {padding[1]}")


def _float_only(input, func):
    if input._data.dtype.kind not in 'fc':
        raise NotImplementedError(f'"{func}" not implemented for '
                                  f"'{legacy_type_name(input.dtype)}'")


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """torch.nn.functional.unfold."""
    if not isinstance(input, Tensor):
        raise TypeError(f"im2col(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    kernel = _pair(kernel_size, 'kernel_size', 'im2col', 2)
    dilation = _pair(dilation, 'dilation', 'im2col', 3)
    padding = _pair(padding, 'padding', 'im2col', 4)
    stride = _pair(stride, 'stride', 'im2col', 5)
    _check_geometry(kernel, dilation, padding, stride)
    shape = tuple(input.shape)
    if input.ndim == 2:
        from ember._tensor import wrap_dim
        wrap_dim(2, input.ndim)
    if input.ndim not in (3, 4) or 0 in shape[-3:]:
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and "
                           f"other non-zero dimensions for input, but got: {shape_list(shape)}")
    blocks = tuple(_blocks(*args) for args in zip(shape[-2:], kernel, dilation, padding, stride))
    if blocks[0] < 1 or blocks[1] < 1:
        raise RuntimeError(
            f"Given input with spatial size ({shape[-2]}, {shape[-1]}), kernel_size=({kernel[0]}, "
            f"{kernel[1]}), dilation=({dilation[0]}, {dilation[1]}), padding=({padding[0]}, "
            f"{padding[1]}), calculated shape of the array of sliding blocks as ({blocks[0]}, "
            f"{blocks[1]}), but its components must be at least one.")
    _float_only(input, 'im2col_out_cpu')
    return im2col(input, kernel_size=kernel, dilation=dilation, padding=padding, stride=stride)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """torch.nn.functional.fold."""
    if not isinstance(input, Tensor):
        raise TypeError(f"col2im(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    output = _pair(output_size, 'output_size', 'col2im', 2)
    kernel = _pair(kernel_size, 'kernel_size', 'col2im', 3)
    dilation = _pair(dilation, 'dilation', 'col2im', 4)
    padding = _pair(padding, 'padding', 'col2im', 5)
    stride = _pair(stride, 'stride', 'col2im', 6)
    if len(output) != 2:
        raise RuntimeError(f"It is expected output_size equals to 2, but got size {len(output)}")
    _check_geometry(kernel, dilation, padding, stride)
    shape = tuple(input.shape)
    if input.ndim not in (2, 3) or 0 in shape[-2:]:
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 "
                           "batch size and non-zero dimensions for input, but got: "
                           f"{shape_list(shape)}")
    product = kernel[0] * kernel[1]
    if shape[-2] % product:
        raise RuntimeError("Expected size of input's dimension 1 to be divisible by the product "
                           f"of kernel_size, but got input.size(1)={shape[-2]} and "
                           f"kernel_size=({kernel[0]}, {kernel[1]}).")
    blocks = tuple(_blocks(*args) for args in zip(output, kernel, dilation, padding, stride))
    if shape[-1] != blocks[0] * blocks[1]:
        raise RuntimeError(
            f"Given output_size=({output[0]}, {output[1]}), kernel_size=({kernel[0]}, "
            f"{kernel[1]}), dilation=({dilation[0]}, {dilation[1]}), padding=({padding[0]}, "
            f"{padding[1]}), stride=({stride[0]}, {stride[1]}), expected size of input's "
            f"dimension 2 to match the calculated number of sliding blocks {blocks[0]} * "
            f"{blocks[1]} = {blocks[0] * blocks[1]}, but got input.size(2)={shape[-1]}.")
    if blocks[0] < 1 or blocks[1] < 1:
        raise RuntimeError(
            f"Given output_size=({output[0]}, {output[1]}), kernel_size=({kernel[0]}, "
            f"{kernel[1]}), dilation=({dilation[0]}, {dilation[1]}), padding=({padding[0]}, "
            f"{padding[1]}), stride=({stride[0]}, {stride[1]}), calculated shape of the array of "
            f"sliding blocks as ({blocks[0]}, {blocks[1]}), but its components must be at least "
            "one.")
    _float_only(input, 'col2im_out_cpu')
    return col2im(input, output_size=output, kernel_size=kernel, dilation=dilation,
                  padding=padding, stride=stride)
