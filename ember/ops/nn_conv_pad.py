"""Padding: constant (ConstantPadNd), reflection and replication (their own backward
primitives), circular (slice copies, as torch's CopySlices), and F.pad's argument handling.

A padding of the last k dims is given as torch gives it: (left, right) pairs from the last dim
backwards. A negative amount removes elements.
"""
import numpy as np

from ember._creation import zeros
from ember._tensor import Tensor
from ember.ops._primitive import primitive
from ember.ops.nn_conv_args import is_int, shape_list

_COMBINATIONS = (
    "Supported combinations for non-constant padding:\n"
    "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
    "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
    "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")


def _pairs(pad, ndim):
    """(dim, left, right) for each padded dim, from torch's last-dim-first list."""
    return [(ndim - 1 - i, pad[2 * i], pad[2 * i + 1]) for i in range(len(pad) // 2)]


# --- constant --------------------------------------------------------------------------------

@primitive(node_name='ConstantPadNdBackward0')
def constant_pad_nd(xp, input, *, pad, value=0):
    pairs = _pairs(pad, input.ndim)
    crop = [slice(None)] * input.ndim
    shape = list(input.shape)
    for dim, left, right in pairs:
        size = input.shape[dim]
        crop[dim] = slice(max(-left, 0), size - max(-right, 0))
        shape[dim] = size + left + right
    out = np.full(shape, value, dtype=input.dtype)
    place = [slice(None)] * input.ndim
    for dim, left, right in pairs:
        place[dim] = slice(max(left, 0), shape[dim] - max(right, 0))
    out[tuple(place)] = input[tuple(crop)]
    return out


def _constant_pad_grad(grad, pad):
    return constant_pad_nd(grad, pad=[-p for p in pad])


constant_pad_nd.defvjp(_constant_pad_grad)


def check_constant_pad(input, pad):
    """torch's narrow error for a negative padding that removes more than there is."""
    for dim, left, right in _pairs(pad, input.ndim):
        if input.shape[dim] + left + right < 0:
            raise RuntimeError("narrow(): length must be non-negative.")


# --- reflection and replication --------------------------------------------------------------

def source_indices(size, left, right, mode):
    """For each output position along a padded dim, the input position it copies."""
    positions = np.arange(-left, size + right)
    if mode == 'reflect':
        positions = np.abs(positions)
        positions = np.where(positions >= size, 2 * (size - 1) - positions, positions)
        return positions
    return np.clip(positions, 0, size - 1)


def _pad_arrays(x, pad, mode):
    for dim, left, right in _pairs(pad, x.ndim):
        x = np.take(x, source_indices(x.shape[dim], left, right, mode), axis=dim)
    return x


def _unpad_arrays(grad, input_shape, pad, mode):
    """The adjoint of _pad_arrays: each output position's gradient added to its source."""
    for dim, left, right in reversed(_pairs(pad, len(input_shape))):
        size = input_shape[dim]
        indices = source_indices(size, left, right, mode)
        moved = np.moveaxis(grad, dim, 0)
        total = np.zeros((size,) + moved.shape[1:], dtype=grad.dtype)
        # the positions that copy themselves, then the (few) padded ones one at a time
        inside = np.nonzero((indices == np.arange(-left, size + right)))[0]
        if inside.size:
            total[indices[inside[0]]:indices[inside[-1]] + 1] += moved[inside[0]:inside[-1] + 1]
        for position in np.nonzero(indices != np.arange(-left, size + right))[0]:
            total[indices[position]] += moved[position]
        grad = np.moveaxis(total, 0, dim)
    return grad


def _declare(mode, dims):
    kind = 'Reflection' if mode == 'reflect' else 'Replication'

    @primitive(name=f'{kind.lower()}_pad{dims}d', node_name=f'{kind}Pad{dims}DBackward0')
    def forward(xp, input, *, pad):
        return _pad_arrays(input, pad, mode)

    @primitive(name=f'{kind.lower()}_pad{dims}d_backward',
               node_name=f'{kind}Pad{dims}DBackwardBackward0')
    def backward(xp, grad_output, input, *, pad):
        return _unpad_arrays(grad_output, input.shape, pad, mode)

    def forward_grad(grad, input, pad):
        return backward(grad, input, pad=pad)

    def backward_grad(grad, pad):
        return forward(grad, pad=pad)

    def input_grad(grad, input_shape):
        # torch's derivative of a padding backward in its `self` is zeros_like(self)
        return zeros(input_shape, dtype=grad.dtype)

    forward.defvjp(forward_grad)
    backward.defvjp(backward_grad, input_grad)
    return forward


PADS = {(mode, dims): _declare(mode, dims)
        for mode in ('reflect', 'replicate') for dims in (1, 2, 3)}


def _check_reflect_replicate(input, pad, mode):
    dims = len(pad) // 2
    shape = tuple(input.shape)
    if any(size == 0 for size in shape[1:]):
        raise RuntimeError(f"Expected {dims + 1}D or {dims + 2}D (batch mode) tensor with possibly "
                           "0 batch size and other non-zero dimensions for input, but got: "
                           f"{shape_list(shape)}")
    if mode == 'reflect':
        for index, (dim, left, right) in enumerate(_pairs(pad, input.ndim)):
            if left >= shape[dim] or right >= shape[dim]:
                raise RuntimeError(
                    f"Argument #{4 + 2 * index}: Padding size should be less than the "
                    f"corresponding input dimension, but got: padding ({left}, {right}) at "
                    f"dimension {dim} of input {shape_list(shape)}")
    if dims == 1:
        width = shape[-1] + pad[0] + pad[1]
        if width < 1:
            raise RuntimeError(f"input (W: {shape[-1]}) is too small. Calculated output W: "
                               f"{width}")


# --- circular --------------------------------------------------------------------------------

def _pad_circular(input, pad):
    shape = list(input.shape)
    pairs = _pairs(pad, input.ndim)
    for dim, left, right in pairs:
        size = shape[dim]
        if left > size or right > size:
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if size + left + right < 0:
            raise RuntimeError("Negative padding value is resulting in an empty dimension")
    out_shape = list(shape)
    for dim, left, right in pairs:
        out_shape[dim] = shape[dim] + left + right
    out = input.new_empty(out_shape)
    source = [slice(None)] * input.ndim
    target = [slice(None)] * input.ndim
    for dim, left, right in pairs:
        source[dim] = slice(max(-left, 0), shape[dim] - max(-right, 0))
        target[dim] = slice(max(left, 0), out_shape[dim] - max(right, 0))
    out[tuple(target)] = input[tuple(source)]
    # wrap one dim at a time, copying whole extents of the dims before it so corners fill too
    for dim, left, right in reversed(pairs):
        size, before, after = out_shape[dim], max(left, 0), max(right, 0)
        if left > 0:
            _copy_along(out, dim, slice(0, left), slice(size - after - left, size - after))
        if right > 0:
            _copy_along(out, dim, slice(size - right, size), slice(before, before + right))
    return out


def _copy_along(out, dim, target, source):
    index = [slice(None)] * out.ndim
    index[dim] = source
    values = out[tuple(index)]
    index[dim] = target
    out[tuple(index)] = values


# --- F.pad -----------------------------------------------------------------------------------

def pad(input, pad, mode='constant', value=None):
    """torch.nn.functional.pad's checks and dispatch."""
    if not isinstance(input, Tensor):
        raise TypeError(f"pad(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if not isinstance(pad, (tuple, list)):
        raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, not "
                        f"{type(pad).__name__}")
    for index, amount in enumerate(pad):
        if not (is_int(amount) or isinstance(amount, Tensor) and amount.ndim == 0 and
                amount._data.dtype.kind in 'iu'):
            raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, but "
                            f"found element of type {type(amount).__name__} at pos {index}")
    pad = [int(amount) for amount in pad]
    if mode not in ('constant', 'reflect', 'replicate', 'circular'):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    ndim = input.ndim
    if len(pad) // 2 > ndim:
        raise RuntimeError("Padding length should be less than or equal to two times the input "
                           f"dimension but got padding length {len(pad)} and input of dimension "
                           f"{ndim}")
    if mode == 'constant':
        check_constant_pad(input, pad)
        return constant_pad_nd(input, pad=tuple(pad), value=0 if value is None else value)
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    dims = len(pad) // 2
    if dims not in (1, 2, 3) or ndim not in (dims + 1, dims + 2):
        raise NotImplementedError(f"Padding size {len(pad)} is not supported for {ndim}D input "
                                  f"tensor.\n{_COMBINATIONS}")
    if mode == 'circular':
        return _pad_circular(input, pad)
    _check_reflect_replicate(input, pad, mode)
    return PADS[mode, dims](input, pad=tuple(pad))
