"""Activation layers."""

__all__ = ['Threshold', 'ReLU', 'Hardtanh', 'ReLU6', 'Sigmoid', 'Tanh', 'SiLU', 'Mish',
           'Hardsigmoid', 'Hardswish', 'ELU', 'CELU', 'SELU', 'GLU', 'GELU', 'Hardshrink',
           'LeakyReLU', 'LogSigmoid', 'Softplus', 'Softshrink', 'PReLU', 'Softsign',
           'Tanhshrink', 'Softmin', 'Softmax', 'Softmax2d', 'LogSoftmax']

import warnings

from ember._creation import empty
from ember.nn import functional as F
from ember.nn import init
from ember.nn.modules.module import Module
from ember.nn.parameter import Parameter

# F.softmax's warning points at the caller of Module.__call__: past softmax's helper,
# softmax, forward, the module-call helper and Module.__call__
_MODULE_STACKLEVEL = 5


def _inplace_repr(inplace):
    return 'inplace=True' if inplace else ''


class _InplaceOption(Module):
    """An activation whose one option is `inplace`, shown in its repr only when True."""

    __constants__ = ['inplace']

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def extra_repr(self):
        return _inplace_repr(self.inplace)


def _inplace_suffix(inplace):
    return ', inplace=True' if inplace else ''


class Threshold(Module):
    """Matches `torch.nn.Threshold`."""

    __constants__ = ['threshold', 'value', 'inplace']

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def forward(self, input):
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        return f'threshold={self.threshold}, value={self.value}{_inplace_suffix(self.inplace)}'


class ReLU(_InplaceOption):
    """Matches `torch.nn.ReLU`."""

    def forward(self, input):
        return F.relu(input, inplace=self.inplace)


class Hardtanh(Module):
    """Matches `torch.nn.Hardtanh`, including the deprecated min_value and max_value."""

    __constants__ = ['min_val', 'max_val', 'inplace']

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False, min_value=None,
                 max_value=None):
        super().__init__()
        if min_value is not None:
            warnings.warn("keyword argument `min_value` is deprecated and renamed to `min_val`",
                          FutureWarning, stacklevel=2)
            min_val = min_value
        if max_value is not None:
            warnings.warn("keyword argument `max_value` is deprecated and renamed to `max_val`",
                          FutureWarning, stacklevel=2)
            max_val = max_value
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace
        if self.max_val <= self.min_val:
            raise AssertionError(f"max_val ({self.max_val}) must be greater than min_val "
                                 f"({self.min_val})")

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        return (f'min_val={self.min_val}, max_val={self.max_val}'
                f'{_inplace_suffix(self.inplace)}')


class ReLU6(Hardtanh):
    """Matches `torch.nn.ReLU6`."""

    def __init__(self, inplace=False):
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self):
        return _inplace_repr(self.inplace)


class Sigmoid(Module):
    """Matches `torch.nn.Sigmoid`."""

    def forward(self, input):
        return input.sigmoid()


class Tanh(Module):
    """Matches `torch.nn.Tanh`."""

    def forward(self, input):
        return input.tanh()


class SiLU(_InplaceOption):
    """Matches `torch.nn.SiLU`."""

    def forward(self, input):
        return F.silu(input, inplace=self.inplace)


class Mish(_InplaceOption):
    """Matches `torch.nn.Mish`."""

    def forward(self, input):
        return F.mish(input, inplace=self.inplace)


class Hardsigmoid(_InplaceOption):
    """Matches `torch.nn.Hardsigmoid` (whose repr, as torch's, omits inplace)."""

    def forward(self, input):
        return F.hardsigmoid(input, self.inplace)

    extra_repr = Module.extra_repr


class Hardswish(_InplaceOption):
    """Matches `torch.nn.Hardswish` (whose repr, as torch's, omits inplace)."""

    def forward(self, input):
        return F.hardswish(input, self.inplace)

    extra_repr = Module.extra_repr


class _AlphaOption(Module):
    """An exponential-linear activation with options `alpha` and `inplace`."""

    __constants__ = ['alpha', 'inplace']

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def extra_repr(self):
        return f'alpha={self.alpha}{_inplace_suffix(self.inplace)}'


class ELU(_AlphaOption):
    """Matches `torch.nn.ELU`."""

    def forward(self, input):
        return F.elu(input, self.alpha, self.inplace)


class CELU(_AlphaOption):
    """Matches `torch.nn.CELU`."""

    def forward(self, input):
        return F.celu(input, self.alpha, self.inplace)


class SELU(_InplaceOption):
    """Matches `torch.nn.SELU`."""

    def forward(self, input):
        return F.selu(input, self.inplace)


class GLU(Module):
    """Matches `torch.nn.GLU`."""

    __constants__ = ['dim']

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self):
        return f'dim={self.dim}'


class GELU(Module):
    """Matches `torch.nn.GELU`."""

    __constants__ = ['approximate']

    def __init__(self, approximate='none'):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f'approximate={self.approximate!r}'


class Hardshrink(Module):
    """Matches `torch.nn.Hardshrink`."""

    __constants__ = ['lambd']

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return F.hardshrink(input, self.lambd)

    def extra_repr(self):
        return f'{self.lambd}'


class LeakyReLU(Module):
    """Matches `torch.nn.LeakyReLU`."""

    __constants__ = ['inplace', 'negative_slope']

    def __init__(self, negative_slope=1e-2, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        return f'negative_slope={self.negative_slope}{_inplace_suffix(self.inplace)}'


class LogSigmoid(Module):
    """Matches `torch.nn.LogSigmoid`."""

    def forward(self, input):
        return F.logsigmoid(input)


class Softplus(Module):
    """Matches `torch.nn.Softplus`."""

    __constants__ = ['beta', 'threshold']

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return f'beta={self.beta}, threshold={self.threshold}'


class Softshrink(Module):
    """Matches `torch.nn.Softshrink`."""

    __constants__ = ['lambd']

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return F.softshrink(input, self.lambd)

    def extra_repr(self):
        return str(self.lambd)


class PReLU(Module):
    """Matches `torch.nn.PReLU`."""

    __constants__ = ['num_parameters']

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        self.num_parameters = num_parameters
        super().__init__()
        self.init = init
        self.weight = Parameter(empty(num_parameters, device=device, dtype=dtype))
        self.reset_parameters()

    def reset_parameters(self):
        init.constant_(self.weight, self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f'num_parameters={self.num_parameters}'


class Softsign(Module):
    """Matches `torch.nn.Softsign`."""

    def forward(self, input):
        return F.softsign(input)


class Tanhshrink(Module):
    """Matches `torch.nn.Tanhshrink`."""

    def forward(self, input):
        return F.tanhshrink(input)


class _SoftmaxFamily(Module):
    __constants__ = ['dim']

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def __setstate__(self, state):
        super().__setstate__(state)
        if not hasattr(self, 'dim'):
            self.dim = None

    def extra_repr(self):
        return f'dim={self.dim}'


class Softmin(_SoftmaxFamily):
    """Matches `torch.nn.Softmin`."""

    def forward(self, input):
        return F.softmin(input, self.dim, _stacklevel=_MODULE_STACKLEVEL)


class Softmax(_SoftmaxFamily):
    """Matches `torch.nn.Softmax`."""

    def forward(self, input):
        return F.softmax(input, self.dim, _stacklevel=_MODULE_STACKLEVEL)


class LogSoftmax(_SoftmaxFamily):
    """Matches `torch.nn.LogSoftmax`."""

    def forward(self, input):
        return F.log_softmax(input, self.dim, _stacklevel=_MODULE_STACKLEVEL)


class Softmax2d(Module):
    """Matches `torch.nn.Softmax2d`: softmax over the channel dim of 3-D or 4-D input."""

    def forward(self, input):
        if input.dim() not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.dim()}D "
                             "instead")
        return F.softmax(input, -3, _stacklevel=_MODULE_STACKLEVEL)
