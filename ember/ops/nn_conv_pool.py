"""Max and average pooling over the last two dims of (N, C, H, W) arrays.

Note [Separable pooling]
A window's maximum (or sum) is taken along W first, for every row, and then along H over the
row results: kh + kw passes over strided views of the input instead of kh * kw. Each pass is
one NumPy call over all windows at once. The first maximum in torch's row-major scan order is
the first along H of the rows' first maxima along W, so ties resolve as torch's do. torch lets
a NaN win and the last NaN stay, and never picks a padded position; windows holding NaN (or,
with padding, nothing above -inf) are rare, and are recomputed by the exact scan
(`_exact_max`).

Max pooling's backward is a scatter-add of the output gradient to torch's flat indices
(np.add.at, one call; windows may overlap); its derivative in turn is a gather.
"""
import numpy as np

from ember._creation import zeros
from ember.ops._primitive import primitive


def unbatched(kernel):
    """`kernel` on (N, C, H, W) arrays, run on a (C, H, W) one too (torch's unbatched input)."""
    def run(x, *args):
        if x.ndim == 4:
            return kernel(x, *args)
        result = kernel(x[None], *args)
        return tuple(r[0] for r in result) if isinstance(result, tuple) else result[0]
    return run


def output_size(size, kernel, stride, padding, dilation, ceil_mode):
    """torch's pooling output extent along one dim."""
    span = size + 2 * padding - dilation * (kernel - 1) - 1 + (stride - 1 if ceil_mode else 0)
    out = span // stride + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    return out


def _padded(x, fill, padding, needed):
    """x padded by `fill`: `padding` before each of H and W and enough after to reach
    `needed` (the extent the windows cover)."""
    (ph, pw), (nh, nw) = padding, needed
    height, width = x.shape[2:]
    after_h, after_w = max(nh - height - ph, 0), max(nw - width - pw, 0)
    if not (ph or pw or after_h or after_w):
        return x
    out = np.full(x.shape[:2] + (height + ph + after_h, width + pw + after_w), fill,
                  dtype=x.dtype)
    out[:, :, ph:ph + height, pw:pw + width] = x
    return out


def _steps(count, first, step, offset_step):
    """The strided slices of the window offsets along one dim."""
    return [slice(k * offset_step, k * offset_step + (count - 1) * step + 1, step)
            for k in range(first)]


def _first_max(candidates):
    """The elementwise maximum of equally shaped arrays and the index of the first that
    holds it (ties: the lowest index; NaN is left to the caller)."""
    best = np.maximum(candidates[0], candidates[1]) if len(candidates) > 1 \
        else candidates[0].copy()
    for candidate in candidates[2:]:
        np.maximum(best, candidate, out=best)
    if len(candidates) == 2:
        return best, (candidates[0] != best).view(np.int8)
    last = len(candidates) - 1
    index = np.full(best.shape, last, dtype=np.int16)
    for k in range(last - 1, -1, -1):
        # k where candidate k holds the maximum, else no change: arithmetic, not a masked write
        hit = (candidates[k] == best).view(np.int8).astype(np.int16)
        np.minimum(index, last - (last - k) * hit, out=index)
    return best, index


def _select(index, choices):
    """choices[index] elementwise, without branches (np.where on a random mask mispredicts)."""
    first = choices[0]
    out = first.copy()
    for k in range(1, len(choices)):
        hit = index.view(np.int8) if index.dtype == np.int8 and k == 1 and len(choices) == 2 \
            else (index == k).view(np.int8)
        out += hit.astype(first.dtype, copy=False) * (choices[k] - first)
    return out


@unbatched
def max_pool_arrays(x, kernel, stride, padding, dilation, ceil_mode):
    """(values, torch's flat indices into each H*W plane) of 2-d max pooling."""
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = kernel, stride, padding, dilation
    height, width = x.shape[2:]
    out_h = output_size(height, kh, sh, ph, dh, ceil_mode)
    out_w = output_size(width, kw, sw, pw, dw, ceil_mode)
    if x.dtype.kind == 'f':
        lowest = -np.inf
    else:
        lowest = np.iinfo(x.dtype).min
    needed = ((out_h - 1) * sh + (kh - 1) * dh + 1, (out_w - 1) * sw + (kw - 1) * dw + 1)
    xp = _padded(x, lowest, (ph, pw), needed)
    if 0 in x.shape[:2] or out_h <= 0 or out_w <= 0:
        shape = x.shape[:2] + (max(out_h, 0), max(out_w, 0))
        return np.empty(shape, dtype=x.dtype), np.empty(shape, dtype=np.int64)
    # Note [Separable pooling]
    rows, row_choice = _first_max([xp[:, :, :, s] for s in _steps(out_w, kw, sw, dw)])
    row_steps = _steps(out_h, kh, sh, dh)
    values, which_row = _first_max([rows[:, :, s] for s in row_steps])
    column = _select(which_row, [row_choice[:, :, s] for s in row_steps])
    top = (np.arange(out_h) * sh - ph)[:, None]
    left = np.arange(out_w) * sw - pw
    indices = which_row * np.int64(dh * width)
    indices += top * width + left
    if dw == 1:
        indices += column
    else:
        indices += column * np.int64(dw)
    special = np.isnan(values).any() if x.dtype.kind == 'f' else False
    if not special and (ph or pw or needed[0] > height or needed[1] > width):
        special = (values == lowest).any()
    if special:
        return _exact_max(x, xp, kernel, stride, padding, dilation, (out_h, out_w))
    return values, indices


def _exact_max(x, xp, kernel, stride, padding, dilation, out_sizes):
    """torch's scan, window offset by window offset: a later value wins if greater or NaN;
    padded positions never take part."""
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = kernel, stride, padding, dilation
    (out_h, out_w), (height, width) = out_sizes, x.shape[2:]
    tops = np.arange(out_h) * sh - ph
    lefts = np.arange(out_w) * sw - pw
    # the first in-bounds position of each window is where torch's scan starts
    first_row = tops + np.maximum(-(-np.maximum(-tops, 0) // dh), 0) * dh
    first_col = lefts + np.maximum(-(-np.maximum(-lefts, 0) // dw), 0) * dw
    best = np.full(x.shape[:2] + out_sizes, np.nan if x.dtype.kind == 'f' else 0,
                   dtype=x.dtype)
    index = np.broadcast_to(first_row[:, None] * width + first_col, best.shape).copy()
    started = np.zeros(out_sizes, dtype=bool)
    for i in range(kh):
        rows = tops + i * dh
        for j in range(kw):
            cols = lefts + j * dw
            valid = ((rows >= 0) & (rows < height))[:, None] & ((cols >= 0) & (cols < width))
            values = xp[:, :, i * dh: i * dh + (out_h - 1) * sh + 1: sh,
                        j * dw: j * dw + (out_w - 1) * sw + 1: sw]
            better = values > best
            if x.dtype.kind == 'f':
                better |= np.isnan(values)
            better &= valid
            better |= valid & ~started
            best = np.where(better, values, best)
            index = np.where(better, rows[:, None] * width + cols, index)
            started |= valid
    return best, index


def scatter_arrays(grad, indices, input_shape):
    """The gradient of a max pooling: each output's gradient added at its input position."""
    planes = int(np.prod(input_shape[:-2]))
    size = input_shape[-2] * input_shape[-1]
    out = np.zeros(planes * size, dtype=grad.dtype)
    if grad.size:
        offsets = np.arange(planes, dtype=np.int64) * size
        flat = indices.reshape(planes, -1) + offsets[:, None]
        np.add.at(out, flat.ravel(), grad.ravel())
    return out.reshape(input_shape)


def gather_arrays(values, indices):
    """values (..., H, W) read at each plane's flat indices (..., h, w)."""
    planes = int(np.prod(values.shape[:-2]))
    flat = indices.reshape(planes, -1)
    return np.take_along_axis(values.reshape(planes, -1), flat, axis=1).reshape(indices.shape)


def zero_grad_of_input(grad, input_shape):
    # torch's derivative of a pooling backward in its `self` is zeros_like(self)
    return zeros(input_shape, dtype=grad.dtype)


def declare_scatter(name, node_name):
    """A max pooling's backward primitive (a scatter of the output gradient to the indices),
    differentiable in the gradient (a gather)."""

    @primitive(name=name, node_name=node_name)
    def backward(xp, grad_output, input, indices):
        return scatter_arrays(grad_output, indices, input.shape)

    def grad_output_grad(grad, indices):
        return gathered(grad, indices)

    backward.defvjp(grad_output_grad, zero_grad_of_input, None)
    return backward


@primitive(name='max_pool_double_backward', node_name='GatherBackward0')
def gathered(xp, values, indices):
    return gather_arrays(values, indices)


def _gathered_grad(grad, values, indices):
    # `values` stands in for the pooled input: the scatter reads only its shape
    return max_pool2d_backward(grad, values, indices)


gathered.defvjp(_gathered_grad, None)

max_pool2d_backward = declare_scatter('max_pool2d_with_indices_backward',
                                      'MaxPool2DWithIndicesBackwardBackward0')


@primitive(name='max_pool2d_with_indices', outputs=2, differentiable_outputs=(0,),
           node_name='MaxPool2DWithIndicesBackward0')
def max_pool2d_with_indices(xp, input, *, kernel_size, stride, padding, dilation, ceil_mode):
    return max_pool_arrays(input, kernel_size, stride, padding, dilation, ceil_mode)


def _max_pool_grad(grad, input, out1):
    return max_pool2d_backward(grad[0], input, out1)


max_pool2d_with_indices.defvjp(_max_pool_grad)


# --- average pooling -------------------------------------------------------------------------

def _divisors(size, kernel, stride, padding, out, count_include_pad):
    """Per output position along one dim: the window's extent counted as torch counts it."""
    starts = np.arange(out) * stride - padding
    ends = np.minimum(starts + kernel, size + padding)
    if count_include_pad:
        return ends - starts
    return np.minimum(ends, size) - np.maximum(starts, 0)


def _avg_geometry(shape, kernel, stride, padding, ceil_mode, count_include_pad,
                  divisor_override):
    (kh, kw), (sh, sw), (ph, pw) = kernel, stride, padding
    height, width = shape[2:]
    out_h = output_size(height, kh, sh, ph, 1, ceil_mode)
    out_w = output_size(width, kw, sw, pw, 1, ceil_mode)
    if divisor_override:
        divisor = np.full((out_h, out_w), divisor_override)
    else:
        divisor = np.outer(_divisors(height, kh, sh, ph, out_h, count_include_pad),
                           _divisors(width, kw, sw, pw, out_w, count_include_pad))
    needed = ((out_h - 1) * sh + kh, (out_w - 1) * sw + kw)
    return (out_h, out_w), divisor, needed


@unbatched
def avg_pool_arrays(x, kernel, stride, padding, ceil_mode, count_include_pad,
                    divisor_override):
    (out_h, out_w), divisor, needed = _avg_geometry(
        x.shape, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
    xp = _padded(x, 0, padding, needed)
    (kh, kw), (sh, sw) = kernel, stride
    columns = _steps(out_w, kw, sw, 1)
    rows = xp[:, :, :, columns[0]].copy()
    for s in columns[1:]:
        rows += xp[:, :, :, s]
    row_steps = _steps(out_h, kh, sh, 1)
    total = rows[:, :, row_steps[0]].copy()
    for s in row_steps[1:]:
        total += rows[:, :, s]
    if x.dtype.kind == 'f':
        return total / divisor.astype(x.dtype)
    # integers divide as C++ does, towards zero
    return (np.sign(total) * (np.abs(total) // divisor)).astype(x.dtype)


def avg_unpool_arrays(grad, input_shape, kernel, stride, padding, ceil_mode,
                      count_include_pad, divisor_override):
    """The adjoint of avg_pool_arrays: each output's share spread over its window."""
    if len(input_shape) == 3:
        return avg_unpool_arrays(grad[None], (1,) + tuple(input_shape), kernel, stride,
                                 padding, ceil_mode, count_include_pad, divisor_override)[0]
    (out_h, out_w), divisor, needed = _avg_geometry(
        input_shape, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
    (kh, kw), (sh, sw), (ph, pw) = kernel, stride, padding
    height, width = input_shape[2:]
    share = grad / divisor.astype(grad.dtype)
    extent_h = max(needed[0], height + ph)
    extent_w = max(needed[1], width + pw)
    rows = np.zeros(input_shape[:2] + (extent_h, out_w), dtype=grad.dtype)
    for s in _steps(out_h, kh, sh, 1):
        rows[:, :, s] += share
    plane = np.zeros(input_shape[:2] + (extent_h, extent_w), dtype=grad.dtype)
    for s in _steps(out_w, kw, sw, 1):
        plane[:, :, :, s] += rows
    return np.ascontiguousarray(plane[:, :, ph:ph + height, pw:pw + width])


@primitive(node_name='AvgPool2DBackward0')
def avg_pool2d(xp, input, *, kernel_size, stride, padding, ceil_mode, count_include_pad,
               divisor_override):
    return avg_pool_arrays(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                           divisor_override)


def _avg_pool_grad(grad, input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                   divisor_override):
    return avg_pool2d_backward(grad, input, kernel_size=kernel_size, stride=stride,
                               padding=padding, ceil_mode=ceil_mode,
                               count_include_pad=count_include_pad,
                               divisor_override=divisor_override)


avg_pool2d.defvjp(_avg_pool_grad)


@primitive(node_name='AvgPool2DBackwardBackward0')
def avg_pool2d_backward(xp, grad_output, input, *, kernel_size, stride, padding, ceil_mode,
                        count_include_pad, divisor_override):
    return avg_unpool_arrays(grad_output, input.shape, kernel_size, stride, padding, ceil_mode,
                             count_include_pad, divisor_override)


def _avg_unpool_grad(grad, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override):
    return avg_pool2d(grad, kernel_size=kernel_size, stride=stride, padding=padding,
                      ceil_mode=ceil_mode, count_include_pad=count_include_pad,
                      divisor_override=divisor_override)


avg_pool2d_backward.defvjp(_avg_unpool_grad, zero_grad_of_input)
