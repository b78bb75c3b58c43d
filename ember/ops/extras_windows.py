"""Window functions for spectral analysis: hann, hamming, blackman, bartlett, kaiser.

Each window is computed in float64 and rounded once to the requested dtype; torch computes in
that dtype, so float32 values may differ from torch's in the last bit. A periodic window of
length N is the symmetric window of length N + 1 without its last point.
"""
import math

import numpy as np

from ember import _dtype
from ember._creation import tensor

__all__ = ['hann_window', 'hamming_window', 'blackman_window', 'bartlett_window',
           'kaiser_window']


def _window(name, window_length, periodic, dtype, requires_grad, shape):
    """`shape(n, span)` gives the symmetric window's values at points n = 0 .. span."""
    if window_length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got "
                           f"window_length={window_length}")
    dtype = _dtype.get_default_dtype() if dtype is None else dtype
    if not dtype.is_floating_point:
        raise RuntimeError(f"{name} expects floating point dtypes, got: TensorOptions(dtype="
                           f"{_C_NAMES.get(dtype, str(dtype))}, device=cpu, layout=Strided "
                           "(default), requires_grad=false (default), pinned_memory=false, "
                           "memory_format=(nullopt))")
    if window_length <= 1:
        values = np.ones(window_length)
    else:
        span = window_length if periodic else window_length - 1
        values = shape(np.arange(window_length, dtype=np.float64), span)
    return tensor(values, dtype=dtype, requires_grad=requires_grad)


_C_NAMES = {_dtype.int64: 'long int', _dtype.int32: 'int', _dtype.int16: 'short int',
            _dtype.int8: 'signed char', _dtype.uint8: 'unsigned char', _dtype.bool: 'bool'}


def hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, *, dtype=None,
                   layout=None, device=None, requires_grad=False):
    """Matches `torch.hamming_window`."""
    def shape(n, span):
        return alpha - beta * np.cos(2 * math.pi * n / span)
    return _window('hamming_window', window_length, periodic, dtype, requires_grad, shape)


def hann_window(window_length, periodic=True, *, dtype=None, layout=None, device=None,
                requires_grad=False):
    """Matches `torch.hann_window`."""
    def shape(n, span):
        return 0.5 - 0.5 * np.cos(2 * math.pi * n / span)
    return _window('hann_window', window_length, periodic, dtype, requires_grad, shape)


def blackman_window(window_length, periodic=True, *, dtype=None, layout=None, device=None,
                    requires_grad=False):
    """Matches `torch.blackman_window`."""
    def shape(n, span):
        angle = 2 * math.pi * n / span
        return 0.42 - 0.5 * np.cos(angle) + 0.08 * np.cos(2 * angle)
    return _window('blackman_window', window_length, periodic, dtype, requires_grad, shape)


def bartlett_window(window_length, periodic=True, *, dtype=None, layout=None, device=None,
                    requires_grad=False):
    """Matches `torch.bartlett_window`."""
    def shape(n, span):
        return 1 - np.abs(2 * n / span - 1)
    return _window('bartlett_window', window_length, periodic, dtype, requires_grad, shape)


def kaiser_window(window_length, periodic=True, beta=12.0, *, dtype=None, layout=None,
                  device=None, requires_grad=False):
    """Matches `torch.kaiser_window`."""
    def shape(n, span):
        half = span / 2
        return np.i0(beta * np.sqrt(np.clip(1 - ((n - half) / half) ** 2, 0, None))) / \
            np.i0(beta)
    return _window('kaiser_window', window_length, periodic, dtype, requires_grad, shape)
