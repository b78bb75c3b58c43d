"""Dropout kernels: plain, feature (whole channels) and alpha (keeping selu's mean and
variance), and torch's top-level dropout functions built on them.

There is no primitive here: as in torch's CPU kernels, dropout multiplies its input by a
random mask (MulBackward0), and alpha dropout then adds a shift (AddBackward0). Masks come
from ember's generator, so they differ from torch's for the same seed.
"""

__all__ = ['dropout', 'dropout_', 'feature_dropout', 'feature_dropout_', 'alpha_dropout',
           'alpha_dropout_', 'feature_alpha_dropout', 'feature_alpha_dropout_']

import math

import numpy as np

from ember._random import default_generator
from ember._tensor import Tensor, legacy_type_name, wrap
from ember.ops._transforms import active as _transforms
from ember.ops.random_ops import bernoulli_fill

# the value selu saturates to for very negative input (-scale * alpha): alpha dropout's
# dropped elements are set there before the affine correction
_SELU_ALPHA_PRIME = 1.7580993408473766


def dropout_kernel(input, p, train, inplace, feature=False, alpha=False):
    """`input` with elements (or channels, if `feature`) dropped with probability p."""
    if not 0 <= p <= 1:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")
    if p == 0 or not train or input.numel() == 0:
        return input
    dtype = input._data.dtype
    if p == 1:
        zero = wrap(np.zeros((), dtype=dtype))
        return input.mul_(zero) if inplace else input * zero
    shape = tuple(input.shape)
    if feature:
        if len(shape) < 2:
            raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
        shape = shape[:2] + (1,) * (len(shape) - 2)
    if dtype.kind != 'f':
        # torch draws the mask in the input's dtype and fails to scale it
        raise RuntimeError(f"result type Float can't be cast to the desired output type "
                           f"{legacy_type_name(input.dtype)}")
    # the mask is an array, or under a transform a tensor drawn through the random primitive
    # (so that an active vmap applies its randomness); the arithmetic below serves both
    if _transforms:
        keep = bernoulli_fill(wrap(np.empty(shape, dtype)), p=1 - p)
    else:
        keep = (default_generator.rng.random(shape) < 1 - p).astype(dtype)
    shift = None
    if alpha:
        a = 1.0 / math.sqrt((_SELU_ALPHA_PRIME ** 2 * p + 1) * (1 - p))
        shift = _as_tensor((keep - 1) * (_SELU_ALPHA_PRIME * a) + _SELU_ALPHA_PRIME * a * p)
        noise = _as_tensor(keep * a)
    else:
        noise = _as_tensor(keep / (1 - p))
    output = input.mul_(noise) if inplace else input * noise
    if shift is not None:
        output = output.add_(shift)
    return output


def _as_tensor(value):
    return value if isinstance(value, Tensor) else wrap(value)


def dropout(input, p, train):
    """Matches `torch.dropout`."""
    return dropout_kernel(input, p, train, False)


def dropout_(input, p, train):
    """Matches `torch.dropout_`."""
    return dropout_kernel(input, p, train, True)


def feature_dropout(input, p, train):
    """Matches `torch.feature_dropout`."""
    return dropout_kernel(input, p, train, False, feature=True)


def feature_dropout_(input, p, train):
    """Matches `torch.feature_dropout_`."""
    return dropout_kernel(input, p, train, True, feature=True)


def alpha_dropout(input, p, train):
    """Matches `torch.alpha_dropout`."""
    return dropout_kernel(input, p, train, False, alpha=True)


def alpha_dropout_(input, p, train):
    """Matches `torch.alpha_dropout_`."""
    return dropout_kernel(input, p, train, True, alpha=True)


def feature_alpha_dropout(input, p, train):
    """Matches `torch.feature_alpha_dropout`."""
    return dropout_kernel(input, p, train, False, feature=True, alpha=True)


def feature_alpha_dropout_(input, p, train):
    """Matches `torch.feature_alpha_dropout_`."""
    return dropout_kernel(input, p, train, True, feature=True, alpha=True)
