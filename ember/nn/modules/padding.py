"""Padding layers."""

__all__ = ['CircularPad1d', 'CircularPad2d', 'CircularPad3d', 'ConstantPad1d', 'ConstantPad2d',
           'ConstantPad3d', 'ReflectionPad1d', 'ReflectionPad2d', 'ReflectionPad3d',
           'ReplicationPad1d', 'ReplicationPad2d', 'ReplicationPad3d', 'ZeroPad1d', 'ZeroPad2d',
           'ZeroPad3d']

from ember.nn import functional as F
from ember.nn.modules.module import Module


def _ntuple(value, n):
    """torch's _pair/_quadruple: an iterable as a tuple, anything else repeated n times."""
    try:
        return tuple(value)
    except TypeError:
        return (value,) * n


class _PadNd(Module):
    """A padding of the last `_DIMS` dims in one of F.pad's modes."""

    __constants__ = ['padding']
    _DIMS = 0
    _MODE = None

    def __init__(self, padding):
        super().__init__()
        self.padding = _ntuple(padding, 2 * self._DIMS)

    def forward(self, input):
        return F.pad(input, self.padding, self._MODE)

    def extra_repr(self):
        return f'{self.padding}'


class _CircularPadNd(_PadNd):
    _MODE = 'circular'

    def forward(self, input):
        dims = self._DIMS
        if input.dim() not in (dims + 1, dims + 2):
            raise ValueError(f"expected {dims + 1}D or {dims + 2}D input (got {input.dim()}D "
                             "input)")
        return F.pad(input, self.padding, 'circular')


class CircularPad1d(_CircularPadNd):
    """Matches `torch.nn.CircularPad1d`."""
    _DIMS = 1


class CircularPad2d(_CircularPadNd):
    """Matches `torch.nn.CircularPad2d`."""
    _DIMS = 2


class CircularPad3d(_CircularPadNd):
    """Matches `torch.nn.CircularPad3d`."""
    _DIMS = 3


class _ReflectionPadNd(_PadNd):
    _MODE = 'reflect'


class ReflectionPad1d(_ReflectionPadNd):
    """Matches `torch.nn.ReflectionPad1d`."""
    _DIMS = 1


class ReflectionPad2d(_ReflectionPadNd):
    """Matches `torch.nn.ReflectionPad2d`."""
    _DIMS = 2


class ReflectionPad3d(_ReflectionPadNd):
    """Matches `torch.nn.ReflectionPad3d`."""
    _DIMS = 3


class _ReplicationPadNd(_PadNd):
    _MODE = 'replicate'


class ReplicationPad1d(_ReplicationPadNd):
    """Matches `torch.nn.ReplicationPad1d`."""
    _DIMS = 1


class ReplicationPad2d(_ReplicationPadNd):
    """Matches `torch.nn.ReplicationPad2d`."""
    _DIMS = 2


class ReplicationPad3d(_ReplicationPadNd):
    """Matches `torch.nn.ReplicationPad3d`."""
    _DIMS = 3


class _ConstantPadNd(Module):
    __constants__ = ['padding', 'value']
    _DIMS = 0

    def __init__(self, padding, value):
        super().__init__()
        self.value = value
        self.padding = _ntuple(padding, 2 * self._DIMS)

    def forward(self, input):
        return F.pad(input, self.padding, 'constant', self.value)

    def extra_repr(self):
        return f'padding={self.padding}, value={self.value}'


class ConstantPad1d(_ConstantPadNd):
    """Matches `torch.nn.ConstantPad1d`."""
    _DIMS = 1


class ConstantPad2d(_ConstantPadNd):
    """Matches `torch.nn.ConstantPad2d`."""
    _DIMS = 2


class ConstantPad3d(_ConstantPadNd):
    """Matches `torch.nn.ConstantPad3d`."""
    _DIMS = 3


class ZeroPad1d(ConstantPad1d):
    """Matches `torch.nn.ZeroPad1d`."""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f'{self.padding}'


class ZeroPad2d(ConstantPad2d):
    """Matches `torch.nn.ZeroPad2d`."""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f'{self.padding}'


class ZeroPad3d(ConstantPad3d):
    """Matches `torch.nn.ZeroPad3d`."""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f'{self.padding}'
