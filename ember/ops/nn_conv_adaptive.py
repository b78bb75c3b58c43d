"""Adaptive average and max pooling over the last two dims, and their public functions.

Output position o of an adaptive pooling covers input positions [floor(o * In / Out),
ceil((o + 1) * In / Out)). The average is two matrix products with 0/1 window matrices
(divided by the window sizes afterwards, as torch divides a sum); the maximum is taken along W
then along H (Note [Separable pooling] in nn_conv_pool.py), one NumPy call per output column
and per output row.
"""
import numpy as np

from ember._tensor import Tensor
from ember.ops._primitive import primitive
from ember.ops.nn_conv_args import is_int, shape_list
from ember.ops.nn_conv_pool import declare_scatter, unbatched, zero_grad_of_input


def _windows(size, out):
    starts = (np.arange(out) * size) // out
    ends = -((-(np.arange(out) + 1) * size) // out)
    return starts, ends


def _window_matrix(size, out, dtype):
    starts, ends = _windows(size, out)
    positions = np.arange(size)
    return ((positions >= starts[:, None]) & (positions < ends[:, None])).astype(dtype)


def _apply(x, left, right):
    """left @ x @ right.T over the last two dims of x."""
    rows = x.reshape(-1, x.shape[-1]) @ right.T
    rows = rows.reshape(x.shape[:-1] + (right.shape[0],))
    return np.matmul(left, rows)


@unbatched
def adaptive_avg_arrays(x, out_size):
    (height, width), (out_h, out_w) = x.shape[2:], out_size
    left = _window_matrix(height, out_h, x.dtype)
    right = _window_matrix(width, out_w, x.dtype)
    counts = np.outer(left.sum(1), right.sum(1)).astype(x.dtype)
    return _apply(x, left, right) / counts


def adaptive_avg_backward_arrays(grad, input_shape):
    (height, width), (out_h, out_w) = input_shape[-2:], grad.shape[-2:]
    left = _window_matrix(height, out_h, grad.dtype)
    right = _window_matrix(width, out_w, grad.dtype)
    counts = np.outer(left.sum(1), right.sum(1)).astype(grad.dtype)
    return _apply(grad / counts, left.T, right.T)


@primitive(node_name='AdaptiveAvgPool2DBackward0')
def adaptive_avg_pool2d_forward(xp, input, *, output_size):
    return adaptive_avg_arrays(input, output_size)


def _adaptive_avg_grad(grad, input):
    return adaptive_avg_pool2d_backward(grad, input)


adaptive_avg_pool2d_forward.defvjp(_adaptive_avg_grad)


@primitive(node_name='AdaptiveAvgPool2DBackwardBackward0')
def adaptive_avg_pool2d_backward(xp, grad_output, input):
    return adaptive_avg_backward_arrays(grad_output, input.shape)


def _adaptive_avg_backward_grad(grad, grad_output_shape):
    return adaptive_avg_pool2d_forward(grad, output_size=tuple(grad_output_shape[-2:]))


adaptive_avg_pool2d_backward.defvjp(_adaptive_avg_backward_grad, zero_grad_of_input)


@unbatched
def adaptive_max_arrays(x, out_size):
    """(values, torch's flat indices into each H*W plane)."""
    (height, width), (out_h, out_w) = x.shape[2:], out_size
    shape = x.shape[:2] + (out_h, out_w)
    if 0 in shape:
        return np.empty(shape, dtype=x.dtype), np.empty(shape, dtype=np.int64)
    starts, ends = _windows(width, out_w)
    rows = np.empty(x.shape[:3] + (out_w,), dtype=x.dtype)
    columns = np.empty(rows.shape, dtype=np.int64)
    for o, (start, end) in enumerate(zip(starts, ends)):
        segment = x[..., start:end]
        rows[..., o] = segment.max(axis=-1)
        columns[..., o] = segment.argmax(axis=-1) + start
    starts, ends = _windows(height, out_h)
    values = np.empty(shape, dtype=x.dtype)
    indices = np.empty(shape, dtype=np.int64)
    for o, (start, end) in enumerate(zip(starts, ends)):
        segment = rows[:, :, start:end]
        which = segment.argmax(axis=2)
        values[:, :, o] = segment.max(axis=2)
        chosen = np.take_along_axis(columns[:, :, start:end], which[:, :, None], axis=2)
        indices[:, :, o] = (which + start) * width + chosen[:, :, 0]
    if x.dtype.kind == 'f' and np.isnan(values).any():
        _exact_nan_windows(x, out_size, values, indices)
    return values, indices


def _exact_nan_windows(x, out_size, values, indices):
    """torch's rule where NaN is present: the last NaN of a window in row-major order wins."""
    (height, width), (out_h, out_w) = x.shape[2:], out_size
    row_windows, col_windows = _windows(height, out_h), _windows(width, out_w)
    for oh in range(out_h):
        h0, h1 = row_windows[0][oh], row_windows[1][oh]
        for ow in range(out_w):
            w0, w1 = col_windows[0][ow], col_windows[1][ow]
            window = x[:, :, h0:h1, w0:w1].reshape(x.shape[:2] + (-1,))
            nan = np.isnan(window)
            if not nan.any():
                continue
            last = nan.shape[-1] - 1 - nan[..., ::-1].argmax(axis=-1)
            has = nan.any(axis=-1)
            flat = np.where(has, last, indices[:, :, oh, ow])
            local = (flat // (w1 - w0) + h0) * width + flat % (w1 - w0) + w0
            indices[:, :, oh, ow] = np.where(has, local, indices[:, :, oh, ow])
            values[:, :, oh, ow] = np.where(has, np.nan, values[:, :, oh, ow])


@primitive(outputs=2, differentiable_outputs=(0,), node_name='AdaptiveMaxPool2DBackward0')
def adaptive_max_pool2d_forward(xp, input, *, output_size):
    return adaptive_max_arrays(input, output_size)


def _adaptive_max_grad(grad, input, out1):
    return adaptive_max_pool2d_backward(grad[0], input, out1)


adaptive_max_pool2d_forward.defvjp(_adaptive_max_grad)
adaptive_max_pool2d_backward = declare_scatter('adaptive_max_pool2d_backward',
                                               'AdaptiveMaxPool2DBackwardBackward0')


# --- public functions ------------------------------------------------------------------------

def _require_tensor(input, func):
    if not isinstance(input, Tensor):
        raise TypeError(f"{func}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")


def _with_default(output_size, input):
    """torch's _list_with_default: None entries take the input's size."""
    if is_int(output_size):
        return output_size
    if input.ndim <= len(output_size):
        raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
    sizes = input.shape[-len(output_size):]
    return [size if value is None else value for value, size in zip(output_size, sizes)]


def _sizes(output_size, func, position=2):
    if is_int(output_size):
        return (int(output_size),)
    if not isinstance(output_size, (tuple, list)):
        raise TypeError(f"{func}(): argument 'output_size' (position {position}) must be tuple of "
                        f"ints, not {type(output_size).__name__}")
    for index, item in enumerate(output_size):
        if not is_int(item):
            raise TypeError(f"{func}(): argument 'output_size' (position {position}) must be "
                            f"tuple of ints, but found element of type {type(item).__name__} at "
                            f"pos {index}")
    return tuple(int(v) for v in output_size)


def _check_dims(input, func, colon):
    shape = tuple(input.shape)
    if input.ndim not in (3, 4):
        raise RuntimeError(f"{func}(): Expected 3D or 4D tensor, but got{colon} "
                           f"{shape_list(shape)}")
    for dim in range(1, input.ndim):
        if shape[dim] == 0:
            raise RuntimeError(f"{func}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but input has sizes {shape_list(shape)} with "
                               f"dimension {dim} being empty")


def _float_only(input, func):
    if input._data.dtype.kind not in 'fc':
        from ember._tensor import legacy_type_name
        raise NotImplementedError(f'"{func}" not implemented for '
                                  f"'{legacy_type_name(input.dtype)}'")


def adaptive_avg_pool2d(input, output_size):
    """torch's adaptive_avg_pool2d (a mean for a 1x1 output, as torch's is)."""
    _require_tensor(input, 'adaptive_avg_pool2d')
    sizes = _sizes(_with_default(output_size, input), 'adaptive_avg_pool2d')
    sizes = sizes * 2 if len(sizes) == 1 else sizes
    if len(sizes) != 2:
        raise RuntimeError("adaptive_avg_pool2d: output_size must be 2")
    if sizes[0] < 0 or sizes[1] < 0:
        raise RuntimeError("adaptive_avg_pool2d: elements of output_size must be greater than "
                           f"or equal to 0 but received {{{sizes[0]}, {sizes[1]}}}")
    if sizes == (1, 1):
        return input.mean((-1, -2), keepdim=True)
    _check_dims(input, 'adaptive_avg_pool2d', '')
    _float_only(input, 'adaptive_avg_pool2d')
    return adaptive_avg_pool2d_forward(input, output_size=sizes)


def _check_1d(input, output_size, func):
    _require_tensor(input, func)
    sizes = _sizes(output_size, func)
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional tensor "
                           f"for argument #1 'self' (while checking arguments for {func})")
    if len(sizes) != 1:
        raise RuntimeError(f"{func}() argument 'output_size' should contain one int (got "
                           f"{len(sizes)})")
    return sizes[0]


def adaptive_avg_pool1d(input, output_size):
    """torch's adaptive_avg_pool1d: 2-d pooling of a height-1 input."""
    size = _check_1d(input, output_size, 'adaptive_avg_pool1d')
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """torch's adaptive_max_pool2d(_with_indices)."""
    _require_tensor(input, 'adaptive_max_pool2d')
    sizes = _sizes(_with_default(output_size, input), 'adaptive_max_pool2d')
    _check_dims(input, 'adaptive_max_pool2d', ':')
    sizes = sizes * 2 if len(sizes) == 1 else sizes
    if len(sizes) != 2:
        raise RuntimeError("adaptive_max_pool2d(): internal error: output_size.size() must be 2")
    if sizes[0] < 0 or sizes[1] < 0:
        shape = list(input.shape[:-2]) + list(sizes)
        negative = next(s for s in sizes if s < 0)
        raise RuntimeError(f"Trying to create tensor with negative dimension {negative}: "
                           f"{shape}")
    _float_only(input, 'adaptive_max_pool2d')
    values, indices = adaptive_max_pool2d_forward(input, output_size=sizes)
    return (values, indices) if return_indices else values


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """torch's adaptive_max_pool1d(_with_indices): 2-d pooling of a height-1 input."""
    size = _check_1d(input, output_size, 'adaptive_max_pool1d')
    values, indices = adaptive_max_pool2d(input.unsqueeze(-2), (1, size), True)
    values, indices = values.squeeze(-2), indices.squeeze(-2)
    return (values, indices) if return_indices else values
