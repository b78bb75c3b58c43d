"""Convolution and transposed convolution (1-d, 2-d and 3-d) as three primitives.

Note [Convolution as three bilinear maps]
Write C(x, w) for a convolution. Its input gradient is a transposed convolution T(g, w) and its
weight gradient a correlation W(g, x) of the output gradient with the input. Each of the three
is linear in each argument, and the derivatives of each are the other two:
    C(x, w):  dx = T(g, w)    dw = W(g, x)
    T(g, w):  dg = C(u, w)    dw = W(g, u)     (u: the cotangent of T's result)
    W(g, x):  dg = C(x, v)    dx = T(g, v)     (v: the cotangent of W's result)
A transposed convolution's forward is T, so `convolution` (torch's ConvolutionBackward0) and
the two backward primitives (torch's ConvolutionBackwardBackward0) give every order of
derivative of conv and conv_transpose.

Note [Convolution layout]
All three reduce to one matrix product over "columns": for every output position, the input
values under the kernel. The columns are laid out channel-major, batch second:
(groups, C/groups * kernel, N * output positions), so that
  - the forward is one GEMM per group, weight (Co/g, K) @ columns (K, N*L), whose (Co, N, L)
    result becomes NCHW by a copy that moves whole planes of L elements;
  - the weight gradient is one GEMM, grad (Co/g, N*L) @ columns^T;
  - the input gradient is one GEMM, weight^T @ grad, whose columns are summed back into the
    (padded) input plane by one strided add per kernel offset.
The columns are an `as_strided` window view of the (padded) channel-major input, copied once
by `reshape`. NumPy's BLAS is fastest on these single large products; a batch of per-sample
products, or a channels-last layout with its transposes, measured slower. Batches whose
columns would be large are processed in chunks of samples to bound memory.
"""
import itertools
import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ember.ops._primitive import primitive

# the most column elements held at once; larger batches are processed in chunks of samples
_CHUNK_ELEMENTS = 1 << 24


# --- kernels on arrays -----------------------------------------------------------------------

def output_size(size, kernel, stride, padding, dilation):
    """A convolution's output extent along one dim."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def transposed_size(size, kernel, stride, padding, dilation, output_padding):
    """A transposed convolution's output extent along one dim."""
    return (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1


def _chunks(batch, per_sample):
    """Slices of the batch whose columns hold at most _CHUNK_ELEMENTS elements (at least one
    sample each)."""
    step = max(1, _CHUNK_ELEMENTS // max(per_sample, 1))
    if step >= batch:
        return (slice(None),)
    return tuple(slice(start, start + step) for start in range(0, batch, step))


def _columns(x, kernel, out_sizes, stride, padding, dilation, groups):
    """The columns of `x` (n, C, *spatial): (groups, C/groups * prod(kernel), n * L)."""
    n, channels = x.shape[:2]
    planes = x.swapaxes(0, 1)
    if any(padding):
        padded = np.zeros((channels, n) + tuple(s + 2 * p for s, p in zip(x.shape[2:], padding)),
                          dtype=x.dtype)
        padded[(slice(None), slice(None)) +
               tuple(slice(p, p + s) for s, p in zip(x.shape[2:], padding))] = planes
        planes = padded
    channel_stride, batch_stride, *spatial_strides = planes.strides
    shape = (channels,) + tuple(kernel) + (n,) + tuple(out_sizes)
    strides = ((channel_stride,) + tuple(s * d for s, d in zip(spatial_strides, dilation)) +
               (batch_stride,) + tuple(s * t for s, t in zip(spatial_strides, stride)))
    windows = as_strided(planes, shape, strides, writeable=False)
    return windows.reshape(groups, channels // groups * math.prod(kernel),
                           n * math.prod(out_sizes))


def _products(left, right):
    """left[g] @ right[g] for each group: one 2-d GEMM each (NumPy's stacked matmul is slower
    and does not always reach BLAS for transposed operands)."""
    if left.shape[0] == 1:
        return (left[0] @ right[0])[None]
    return np.stack([a @ b for a, b in zip(left, right)])


def _grouped(grad, groups):
    """An output gradient (n, Co, *out) as (groups, Co/groups, n * L), channel-major."""
    n, channels = grad.shape[:2]
    return grad.swapaxes(0, 1).reshape(groups, channels // groups, n * math.prod(grad.shape[2:]))


def conv_arrays(x, weight, bias, stride, padding, dilation, groups):
    """C(x, w) + bias."""
    batch = x.shape[0]
    out_channels, kernel = weight.shape[0], weight.shape[2:]
    out_sizes = tuple(output_size(*args) for args in
                      zip(x.shape[2:], kernel, stride, padding, dilation))
    positions = math.prod(out_sizes)
    matrix = weight.reshape(groups, out_channels // groups, math.prod(weight.shape[1:]))
    dtype = np.result_type(x, weight)
    if x.shape[1] == 0:
        # NOTE: torch's result for an input of no channels has no channels either
        return np.empty((batch, 0) + out_sizes, dtype=dtype)
    out = np.empty((batch, out_channels) + out_sizes, dtype=dtype)
    for part in _chunks(batch, matrix.shape[2] * groups * positions):
        n = out[part].shape[0]
        product = _products(matrix, _columns(x[part], kernel, out_sizes, stride, padding,
                                             dilation, groups))
        planes = product.reshape((out_channels, n) + out_sizes).swapaxes(0, 1)
        if bias is None:
            out[part] = planes
        else:
            np.add(planes, bias.reshape((-1,) + (1,) * len(out_sizes)), out=out[part])
    return out


def conv_input_arrays(grad, weight, in_sizes, stride, padding, dilation, groups):
    """T(g, w): the input gradient of a convolution whose input has spatial size `in_sizes`."""
    batch, out_channels = grad.shape[:2]
    out_sizes, kernel = grad.shape[2:], weight.shape[2:]
    channels = weight.shape[1] * groups
    # the padded plane, large enough for every window (an output_padding may reach past it)
    extents = tuple(max(s + 2 * p, (o - 1) * t + (k - 1) * d + 1) for s, p, o, t, k, d in
                    zip(in_sizes, padding, out_sizes, stride, kernel, dilation))
    crop = tuple(slice(p, p + s) for s, p in zip(in_sizes, padding))
    out = np.empty((batch, channels) + tuple(in_sizes), dtype=np.result_type(grad, weight))
    if out.size == 0 or grad.size == 0:
        out.fill(0)
        return out
    matrix = weight.reshape(groups, out_channels // groups, -1).transpose(0, 2, 1)
    positions = math.prod(out_sizes)
    for part in _chunks(batch, matrix.shape[1] * groups * positions):
        n = out[part].shape[0]
        columns = _products(matrix, _grouped(grad[part], groups))
        columns = columns.reshape((channels,) + tuple(kernel) + (n,) + tuple(out_sizes))
        plane = np.zeros((channels, n) + extents, dtype=columns.dtype)
        for offsets in itertools.product(*(range(k) for k in kernel)):
            window = tuple(slice(o * d, o * d + (size - 1) * t + 1, t) for o, d, size, t in
                           zip(offsets, dilation, out_sizes, stride))
            plane[(slice(None), slice(None)) + window] += columns[(slice(None),) + offsets]
        out[part] = plane[(slice(None), slice(None)) + crop].swapaxes(0, 1)
    return out


def conv_weight_arrays(grad, x, weight_shape, stride, padding, dilation, groups):
    """W(g, x): the weight gradient."""
    out_channels, kernel = weight_shape[0], tuple(weight_shape[2:])
    out_sizes = grad.shape[2:]
    total = np.zeros((groups, out_channels // groups, math.prod(weight_shape[1:])),
                     dtype=np.result_type(grad, x))
    if total.size == 0 or grad.size == 0:
        return total.reshape(weight_shape)
    positions = math.prod(out_sizes)
    for part in _chunks(x.shape[0], total.shape[2] * groups * positions):
        columns = _columns(x[part], kernel, out_sizes, stride, padding, dilation, groups)
        total += _products(_grouped(grad[part], groups), columns.transpose(0, 2, 1))
    return total.reshape(weight_shape)


# --- primitives ------------------------------------------------------------------------------

def _no_grad(grad):
    return None


@primitive(node_name='ConvolutionBackward0')
def convolution(xp, input, weight, bias, *, stride, padding, dilation, transposed,
                output_padding, groups):
    if not transposed:
        return conv_arrays(input, weight, bias, stride, padding, dilation, groups)
    sizes = tuple(transposed_size(*args) for args in zip(
        input.shape[2:], weight.shape[2:], stride, padding, dilation, output_padding))
    out = conv_input_arrays(input, weight, sizes, stride, padding, dilation, groups)
    if bias is not None:
        out += bias.reshape((-1,) + (1,) * len(sizes))
    return out


def _cropped(result, shape):
    """`result` cut to `shape`: a convolution of a transposed convolution's output can reach
    one position further than the transposed convolution's input (an output_padding at least
    the stride adds positions no window covers)."""
    if tuple(result.shape) == tuple(shape):
        return result
    return result[(Ellipsis,) + tuple(slice(0, s) for s in shape[2:])]


def _forward(x, weight, stride, padding, dilation, groups, shape):
    zeros = (0,) * len(stride)
    return _cropped(convolution(x, weight, None, stride=stride, padding=padding,
                                dilation=dilation, transposed=False, output_padding=zeros,
                                groups=groups), shape)


def _convolution_input_grad(grad, input, weight, stride, padding, dilation, transposed,
                            groups):
    if transposed:
        return transposed_backward_input(grad, input, weight, stride=stride, padding=padding,
                                         dilation=dilation, groups=groups)
    return convolution_backward_input(grad, input, weight, stride=stride, padding=padding,
                                      dilation=dilation, groups=groups)


def _convolution_weight_grad(grad, input, weight, stride, padding, dilation, transposed,
                             groups):
    # a transposed convolution is T(input, w): its weight gradient is W(input, grad)
    first, second = (input, grad) if transposed else (grad, input)
    return convolution_backward_weight(first, second, weight, stride=stride, padding=padding,
                                       dilation=dilation, groups=groups)


def _convolution_bias_grad(grad, input, weight):
    return convolution_backward_bias(grad, input, weight)


convolution.defvjp(_convolution_input_grad, _convolution_weight_grad, _convolution_bias_grad)


# Note [Convolution backward inputs]
# Each backward primitive takes the output gradient, the input and the weight, whichever it
# uses, as torch's single ConvolutionBackwardBackward0 node does: its results then require
# grad exactly when torch's do (a bias gradient, a sum of the output gradient alone, included).
# An input a result does not depend on gets no gradient (None).

@primitive(node_name='ConvolutionBackwardBackward0')
def convolution_backward_input(xp, grad_output, input, weight, *, stride, padding, dilation,
                               groups):
    return conv_input_arrays(grad_output, weight, input.shape[2:], stride, padding, dilation,
                             groups)


def _input_backward_grad_output_grad(grad, weight, grad_output_shape, stride, padding,
                                     dilation, groups):
    return _forward(grad, weight, stride, padding, dilation, groups, grad_output_shape)


def _input_backward_weight_grad(grad, grad_output, weight, stride, padding, dilation, groups):
    return convolution_backward_weight(grad_output, grad, weight, stride=stride,
                                       padding=padding, dilation=dilation, groups=groups)


convolution_backward_input.defvjp(_input_backward_grad_output_grad, _no_grad,
                                  _input_backward_weight_grad)


@primitive(node_name='ConvolutionBackwardBackward0')
def convolution_backward_weight(xp, grad_output, input, weight, *, stride, padding, dilation,
                                groups):
    return conv_weight_arrays(grad_output, input, weight.shape, stride, padding, dilation,
                              groups)


def _weight_backward_grad_output_grad(grad, input, grad_output_shape, stride, padding,
                                      dilation, groups):
    return _forward(input, grad, stride, padding, dilation, groups, grad_output_shape)


def _weight_backward_input_grad(grad, grad_output, input, stride, padding, dilation, groups):
    return convolution_backward_input(grad_output, input, grad, stride=stride,
                                      padding=padding, dilation=dilation, groups=groups)


convolution_backward_weight.defvjp(_weight_backward_grad_output_grad,
                                   _weight_backward_input_grad, _no_grad)


@primitive(node_name='ConvolutionBackwardBackward0')
def transposed_backward_input(xp, grad_output, input, weight, *, stride, padding, dilation,
                              groups):
    # C(g, w), cut to the input's size (Note [Convolution as three bilinear maps])
    out = conv_arrays(grad_output, weight, None, stride, padding, dilation, groups)
    return out[(Ellipsis,) + tuple(slice(0, s) for s in input.shape[2:])]


def _transposed_input_grad_output_grad(grad, grad_output, weight, stride, padding, dilation,
                                       groups):
    return convolution_backward_input(grad, grad_output, weight, stride=stride,
                                      padding=padding, dilation=dilation, groups=groups)


def _transposed_input_weight_grad(grad, grad_output, weight, stride, padding, dilation,
                                  groups):
    return convolution_backward_weight(grad, grad_output, weight, stride=stride,
                                       padding=padding, dilation=dilation, groups=groups)


transposed_backward_input.defvjp(_transposed_input_grad_output_grad, _no_grad,
                                 _transposed_input_weight_grad)


@primitive(node_name='ConvolutionBackwardBackward0')
def convolution_backward_bias(xp, grad_output, input, weight):
    batch, channels = grad_output.shape[:2]
    if channels == 0 and weight.shape[0]:
        # an input of no channels gave an output of none (see conv_arrays)
        return np.zeros(weight.shape[0], dtype=grad_output.dtype)
    planes = grad_output.reshape(batch, channels, math.prod(grad_output.shape[2:]))
    return planes.sum(axis=2).sum(axis=0)


def _bias_backward_grad_output_grad(grad, grad_output_shape):
    per_channel = grad.reshape((-1,) + (1,) * (len(grad_output_shape) - 2))
    return per_channel.expand(grad_output_shape)


convolution_backward_bias.defvjp(_bias_backward_grad_output_grad, _no_grad, _no_grad)
