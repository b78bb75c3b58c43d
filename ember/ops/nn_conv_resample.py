"""Resampling: nearest, nearest-exact and (bi)linear upsampling of the last one or two dims
(torch's upsample_* ops, each with its backward primitive), pixel (un)shuffle, and
F.interpolate's argument handling.

Each resampling is separable: along each resampled dim, output position o reads one input
position (nearest) or blends two (linear) with weights computed as torch computes them, in the
input's precision, so that the same neighbours are chosen. The backward adds each output's
gradient, weighted, back to the positions it read.
"""
import numpy as np

from ember._tensor import Tensor, legacy_type_name
from ember.ops._primitive import primitive
from ember.ops.nn_conv_args import is_int, shape_list


def _scale(size, out, scale, align_corners, dtype):
    """torch's area_pixel_compute_scale (align_corners None: the nearest modes)."""
    if align_corners:
        return dtype.type((size - 1) / (out - 1)) if out > 1 else dtype.type(0)
    if scale is not None and scale > 0:
        return dtype.type(1.0 / scale)
    return dtype.type(size) / dtype.type(out)


def taps(size, out, scale, mode, align_corners, dtype):
    """Per output position along a dim: the input positions read and their weights
    (nearest: one position, weight None)."""
    positions = np.arange(out)
    if mode == 'nearest':
        if out == size:
            return (positions,), None
        if out == 2 * size:
            return (positions >> 1,), None
        factor = _scale(size, out, scale, None, np.dtype(np.float32))
        source = np.floor(positions.astype(np.float32) * factor).astype(np.int64)
        return (np.minimum(source, size - 1),), None
    if mode == 'nearest-exact':
        if out == size:
            return (positions,), None
        factor = _scale(size, out, scale, None, np.dtype(np.float32))
        source = np.floor((positions.astype(np.float32) + np.float32(0.5)) * factor)
        return (np.minimum(source.astype(np.int64), size - 1),), None
    factor = _scale(size, out, scale, align_corners, dtype)
    if align_corners:
        source = factor * positions.astype(dtype)
    else:
        source = factor * (positions.astype(dtype) + dtype.type(0.5)) - dtype.type(0.5)
        source = np.maximum(source, dtype.type(0))
    first = source.astype(np.int64)
    second = first + (first < size - 1)
    weight = np.clip(source - first.astype(dtype), 0, 1).astype(dtype)
    return (first, second), (dtype.type(1) - weight, weight)


def _dims_taps(shape, out_sizes, scales, mode, align_corners, dtype):
    spatial = len(out_sizes)
    return [taps(shape[-spatial + d], out_sizes[d], scales[d], mode, align_corners, dtype)
            for d in range(spatial)]


def resample_arrays(x, out_sizes, scales, mode, align_corners):
    for d, (indices, weights) in enumerate(_dims_taps(x.shape, out_sizes, scales, mode,
                                                      align_corners, x.dtype)):
        axis = x.ndim - len(out_sizes) + d
        if weights is None:
            x = np.take(x, indices[0], axis=axis)
            continue
        shape = (-1,) + (1,) * (x.ndim - axis - 1)
        x = (np.take(x, indices[0], axis=axis) * weights[0].reshape(shape) +
             np.take(x, indices[1], axis=axis) * weights[1].reshape(shape))
    return x


def unresample_arrays(grad, input_shape, scales, mode, align_corners):
    """The adjoint of resample_arrays."""
    spatial = grad.ndim - 2
    all_taps = _dims_taps(input_shape, grad.shape[2:], scales, mode, align_corners, grad.dtype)
    for d in reversed(range(spatial)):
        indices, weights = all_taps[d]
        axis = 2 + d
        moved = np.moveaxis(grad, axis, 0)
        total = np.zeros((input_shape[axis],) + moved.shape[1:], dtype=grad.dtype)
        if weights is None:
            np.add.at(total, indices[0], moved)
        else:
            shape = (-1,) + (1,) * (moved.ndim - 1)
            np.add.at(total, indices[0], moved * weights[0].reshape(shape))
            np.add.at(total, indices[1], moved * weights[1].reshape(shape))
        grad = np.moveaxis(total, 0, axis)
    return np.ascontiguousarray(grad)


def _declare(mode, spatial, node):
    """The forward and backward primitives of one resampling, each the other's derivative."""

    @primitive(name=f'upsample_{node.lower()}', node_name=f'Upsample{node}Backward0')
    def forward(xp, input, *, output_size, scales, align_corners=None):
        return resample_arrays(input, output_size, scales, mode, align_corners)

    @primitive(name=f'upsample_{node.lower()}_backward',
               node_name=f'Upsample{node}BackwardBackward0')
    def backward(xp, grad_output, *, input_size, scales, align_corners=None):
        return unresample_arrays(grad_output, input_size, scales, mode, align_corners)

    def forward_grad(grad, input_shape, scales, align_corners):
        return backward(grad, input_size=tuple(input_shape), scales=scales,
                        align_corners=align_corners)

    def backward_grad(grad, grad_output_shape, scales, align_corners):
        return forward(grad, output_size=tuple(grad_output_shape[2:]), scales=scales,
                       align_corners=align_corners)

    forward.defvjp(forward_grad)
    backward.defvjp(backward_grad)
    return forward


_RESAMPLERS = {
    ('nearest', 1): _declare('nearest', 1, 'Nearest1D'),
    ('nearest', 2): _declare('nearest', 2, 'Nearest2D'),
    ('nearest-exact', 1): _declare('nearest-exact', 1, 'NearestExact1D'),
    ('nearest-exact', 2): _declare('nearest-exact', 2, 'NearestExact2D'),
    ('linear', 1): _declare('linear', 1, 'Linear1D'),
    ('bilinear', 2): _declare('linear', 2, 'Bilinear2D'),
}
_KERNEL_NAMES = {'nearest': 'upsample_nearest{}d', 'nearest-exact': '_upsample_nearest_exact{}d',
                 'linear': 'upsample_linear1d', 'bilinear': 'upsample_bilinear2d'}


def _check_sizes(input, out_sizes):
    names = 'HW' if len(out_sizes) == 2 else 'W'
    in_sizes = input.shape[2:]
    if any(s <= 0 for s in in_sizes) or any(s <= 0 for s in out_sizes):
        described_in = ', '.join(f'{n}: {s}' for n, s in zip(names, in_sizes))
        described_out = ', '.join(f'{n}: {s}' for n, s in zip(names, out_sizes))
        raise RuntimeError("Input and output sizes should be greater than 0, but got input "
                           f"({described_in}) output ({described_out})")
    if input.shape[1] == 0:
        raise RuntimeError(f"Non-empty {input.ndim}D data tensor expected but got a tensor with "
                           f"sizes {shape_list(input.shape)}")


def _is_integer(value):
    return is_int(value) or isinstance(value, Tensor) and not value.is_floating_point()


def interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """torch.nn.functional.interpolate for the nearest, nearest-exact, (bi)linear and area
    modes."""
    if mode in ('nearest', 'area', 'nearest-exact'):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating "
                             "modes: linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dim = input.dim() - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        scales = None
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but got "
                    f"input with spatial dimensions of {list(input.shape[2:])} and output size "
                    f"of {size}. Please provide input tensor in (N, C, d1, d2, ...,dK) format "
                    "and output size in (o1, o2, ...,oK) format.")
            if not all(_is_integer(v) for v in size):
                raise TypeError("expected size to be one of int or Tuple[int] or Tuple[int, int] "
                                "or Tuple[int, int, int], but got size with types "
                                f"{[type(v) for v in size]}")
            out_sizes = [int(v) for v in size]
        else:
            out_sizes = [int(size)] * dim
    elif scale_factor is not None:
        out_sizes = None
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError(
                    "Input and scale_factor must have the same number of spatial dimensions, "
                    f"but got input with spatial dimensions of {list(input.shape[2:])} and "
                    f"scale_factor of shape {scale_factor}. Please provide input tensor in (N, "
                    "C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.")
            scales = list(scale_factor)
        else:
            scales = [scale_factor] * dim
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == 'area' and out_sizes is None:
        recompute_scale_factor = True
    if recompute_scale_factor:
        out_sizes = [int(input.shape[i + 2] * scales[i]) for i in range(dim)]
        scales = None
    if antialias and not (mode in ('bilinear', 'bicubic', 'lanczos') and input.ndim == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos "
                         "modes and requires a 4-D tensor as input")
    if antialias:
        raise NotImplementedError("ember: interpolate(antialias=True) is not supported")
    if mode == 'area' and dim in (1, 2):
        from ember.ops.nn_conv_adaptive import adaptive_avg_pool1d, adaptive_avg_pool2d
        return (adaptive_avg_pool1d if dim == 1 else adaptive_avg_pool2d)(input, out_sizes)
    key = (mode, dim)
    if key not in _RESAMPLERS:
        _unsupported(input, mode)
    if out_sizes is None:
        out_sizes = [int(s * f) for s, f in zip(input.shape[2:], scales)]
    _check_sizes(input, out_sizes)
    if input._data.dtype.kind not in 'fc':
        kernel = _KERNEL_NAMES[mode].format(dim)
        raise NotImplementedError(f'"{kernel}_channels_last" not implemented for '
                                  f"'{legacy_type_name(input.dtype)}'")
    scales = (None,) * dim if scales is None else tuple(float(s) for s in scales)
    settings = {'output_size': tuple(out_sizes), 'scales': scales}
    if mode in ('linear', 'bilinear'):
        settings['align_corners'] = bool(align_corners)
    return _RESAMPLERS[key](input, **settings)


def _unsupported(input, mode):
    ndim = input.dim()
    wanted = {'linear': 3, 'bilinear': 4, 'trilinear': 5}
    if mode in wanted and ndim in (3, 4, 5):
        raise NotImplementedError(f"Got {ndim}D input, but {mode} mode needs {wanted[mode]}D "
                                  "input")
    if ndim in (3, 4, 5) and mode in ('nearest', 'nearest-exact', 'area', 'trilinear',
                                      'bicubic', 'lanczos'):
        raise NotImplementedError(f"ember: interpolate(mode='{mode}') of {ndim}D input is not "
                                  "supported")
    raise NotImplementedError(
        "Input Error: Only 3D, 4D and 5D input Tensors supported"
        f" (got {ndim}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | "
        f"lanczos | area | nearest-exact (got {mode})")


# --- pixel shuffle ---------------------------------------------------------------------------

def _shuffle(x, factor):
    *lead, channels, height, width = x.shape
    out = channels // (factor * factor)
    x = x.reshape(tuple(lead) + (out, factor, factor, height, width))
    k = len(lead)
    order = tuple(range(k)) + (k, k + 3, k + 1, k + 4, k + 2)
    return np.ascontiguousarray(x.transpose(order)).reshape(
        tuple(lead) + (out, height * factor, width * factor))


def _unshuffle(x, factor):
    *lead, channels, height, width = x.shape
    x = x.reshape(tuple(lead) + (channels, height // factor, factor, width // factor, factor))
    k = len(lead)
    order = tuple(range(k)) + (k, k + 2, k + 4, k + 1, k + 3)
    return np.ascontiguousarray(x.transpose(order)).reshape(
        tuple(lead) + (channels * factor * factor, height // factor, width // factor))


@primitive(node_name='PixelShuffleBackward0')
def pixel_shuffle_forward(xp, input, *, upscale_factor):
    return _shuffle(input, upscale_factor)


@primitive(node_name='PixelUnshuffleBackward0')
def pixel_unshuffle_forward(xp, input, *, downscale_factor):
    return _unshuffle(input, downscale_factor)


def _shuffle_grad(grad, upscale_factor):
    return pixel_unshuffle_forward(grad, downscale_factor=upscale_factor)


def _unshuffle_grad(grad, downscale_factor):
    return pixel_shuffle_forward(grad, upscale_factor=downscale_factor)


pixel_shuffle_forward.defvjp(_shuffle_grad)
pixel_unshuffle_forward.defvjp(_unshuffle_grad)


def _check_shuffle(input, factor, func, argument):
    if not isinstance(input, Tensor):
        raise TypeError(f"{func}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if not is_int(factor):
        raise TypeError(f"{func}(): argument '{argument}' (position 2) must be int, not "
                        f"{type(factor).__name__}")
    if input.ndim < 3:
        raise RuntimeError(f"{func} expects input to have at least 3 dimensions, but got input "
                           f"with {input.ndim} dimension(s)")
    if factor <= 0:
        raise RuntimeError(f"{func} expects a positive {argument}, but got {factor}")


def pixel_shuffle(input, upscale_factor):
    """torch.nn.functional.pixel_shuffle."""
    _check_shuffle(input, upscale_factor, 'pixel_shuffle', 'upscale_factor')
    channels = input.shape[-3]
    if channels % (upscale_factor * upscale_factor):
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be divisible "
                           f"by the square of upscale_factor, but input.size(-3)={channels} is "
                           f"not divisible by {upscale_factor * upscale_factor}")
    return pixel_shuffle_forward(input, upscale_factor=int(upscale_factor))


def pixel_unshuffle(input, downscale_factor):
    """torch.nn.functional.pixel_unshuffle."""
    _check_shuffle(input, downscale_factor, 'pixel_unshuffle', 'downscale_factor')
    for name, dim in (('height', -2), ('width', -1)):
        if input.shape[dim] % downscale_factor:
            raise RuntimeError(f"pixel_unshuffle expects {name} to be divisible by "
                               f"downscale_factor, but input.size({dim})={input.shape[dim]} is "
                               f"not divisible by {downscale_factor}")
    return pixel_unshuffle_forward(input, downscale_factor=int(downscale_factor))
