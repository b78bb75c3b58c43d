"""Activation functions and the softmax family."""

__all__ = ['threshold', 'threshold_', 'relu', 'relu_', 'hardtanh', 'hardtanh_', 'relu6', 'elu',
           'elu_', 'selu', 'selu_', 'celu', 'celu_', 'leaky_relu', 'leaky_relu_', 'prelu',
           'glu', 'gelu', 'logsigmoid', 'hardshrink', 'tanhshrink', 'softsign', 'softplus',
           'softmin', 'softmax', 'log_softmax', 'softshrink', 'tanh', 'sigmoid', 'hardsigmoid',
           'silu', 'mish', 'hardswish']

import warnings

from ember.ops import nn_activation as _piecewise
from ember.ops import nn_activation_smooth as _smooth
from ember.ops import pointwise as _pointwise

_relu = _pointwise.relu
_hardtanh = _piecewise.hardtanh


def threshold(input, threshold, value, inplace=False):
    """Matches `torch.nn.functional.threshold`."""
    if inplace:
        return _piecewise.threshold_(input, threshold, value)
    return _piecewise.threshold(input, threshold, value)


threshold_ = _piecewise.threshold_


def relu(input, inplace=False):
    """Matches `torch.nn.functional.relu`."""
    if inplace:
        return _relu.inplace(input)
    return _relu.fast(input)


def relu_(input):
    """Matches `torch.nn.functional.relu_`."""
    return _relu.inplace(input)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """Matches `torch.nn.functional.hardtanh`."""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if inplace:
        return _hardtanh.inplace(input, min_val=min_val, max_val=max_val)
    return _hardtanh(input, min_val=min_val, max_val=max_val)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """Matches `torch.nn.functional.hardtanh_`."""
    return _hardtanh.inplace(input, min_val=min_val, max_val=max_val)


def relu6(input, inplace=False):
    """Matches `torch.nn.functional.relu6` (hardtanh between 0 and 6, as in torch)."""
    if inplace:
        return _hardtanh.inplace(input, min_val=0.0, max_val=6.0)
    return _hardtanh(input, min_val=0.0, max_val=6.0)


def elu(input, alpha=1.0, inplace=False):
    """Matches `torch.nn.functional.elu`."""
    if inplace:
        return _smooth.elu_inplace.inplace(input, alpha=alpha)
    return _smooth.elu(input, alpha=alpha)


def elu_(input, alpha=1.0):
    """Matches `torch.nn.functional.elu_`."""
    return _smooth.elu_inplace.inplace(input, alpha=alpha)


def selu(input, inplace=False):
    """Matches `torch.nn.functional.selu`."""
    return _smooth.selu_(input) if inplace else _smooth.selu(input)


selu_ = _smooth.selu_


def celu(input, alpha=1.0, inplace=False):
    """Matches `torch.nn.functional.celu`."""
    return _smooth.celu_(input, alpha) if inplace else _smooth.celu(input, alpha)


celu_ = _smooth.celu_


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """Matches `torch.nn.functional.leaky_relu`."""
    if inplace:
        return _piecewise.leaky_relu_inplace.inplace(input, negative_slope=negative_slope)
    return _piecewise.leaky_relu(input, negative_slope=negative_slope)


def leaky_relu_(input, negative_slope=0.01):
    """Matches `torch.nn.functional.leaky_relu_`."""
    return _piecewise.leaky_relu_inplace.inplace(input, negative_slope=negative_slope)


prelu = _piecewise.prelu


def glu(input, dim=-1):
    """Matches `torch.nn.functional.glu`."""
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    return _smooth.glu(input, dim=dim)


def gelu(input, approximate='none'):
    """Matches `torch.nn.functional.gelu`."""
    return _smooth.gelu(input, approximate=approximate)


def logsigmoid(input):
    """Matches `torch.nn.functional.logsigmoid`."""
    return _smooth.log_sigmoid(input)


hardshrink = _piecewise.hardshrink


def tanhshrink(input):
    """Matches `torch.nn.functional.tanhshrink`."""
    return input - input.tanh()


def softsign(input):
    """Matches `torch.nn.functional.softsign`."""
    return input / (input.abs() + 1)


def softplus(input, beta=1.0, threshold=20.0):
    """Matches `torch.nn.functional.softplus`."""
    return _smooth.softplus(input, beta=beta, threshold=threshold)


def _get_softmax_dim(name, ndim, stacklevel):
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
                  "to include dim=X as an argument.", stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """Matches `torch.nn.functional.softmin`."""
    if dim is None:
        dim = _get_softmax_dim('softmin', input.dim(), _stacklevel)
    return (-input).softmax(dim, dtype)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Matches `torch.nn.functional.softmax`."""
    if dim is None:
        dim = _get_softmax_dim('softmax', input.dim(), _stacklevel)
    return input.softmax(dim, dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Matches `torch.nn.functional.log_softmax`."""
    if dim is None:
        dim = _get_softmax_dim('log_softmax', input.dim(), _stacklevel)
    return input.log_softmax(dim, dtype)


def softshrink(input, lambd=0.5):
    """Matches `torch.nn.functional.softshrink`."""
    return _piecewise.softshrink(input, lambd=lambd)


def tanh(input):
    """Matches `torch.nn.functional.tanh`."""
    return input.tanh()


def sigmoid(input):
    """Matches `torch.nn.functional.sigmoid`."""
    return input.sigmoid()


def hardsigmoid(input, inplace=False):
    """Matches `torch.nn.functional.hardsigmoid`."""
    if inplace:
        return _piecewise.hardsigmoid.inplace(input)
    return _piecewise.hardsigmoid(input)


def silu(input, inplace=False):
    """Matches `torch.nn.functional.silu`."""
    if inplace:
        return _smooth.silu.inplace(input)
    return _smooth.silu(input)


def mish(input, inplace=False):
    """Matches `torch.nn.functional.mish`."""
    if inplace:
        return _smooth.mish.inplace(input)
    return _smooth.mish(input)


def hardswish(input, inplace=False):
    """Matches `torch.nn.functional.hardswish`."""
    if inplace:
        return _piecewise.hardswish.inplace(input)
    return _piecewise.hardswish(input)
