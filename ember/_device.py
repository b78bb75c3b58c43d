"""Devices. ember computes on the CPU with NumPy; this is the only module that picks the array
module, so a CuPy-backed `cuda` can be added here alone."""
import numpy as np

_KNOWN_TYPES = (
    'cpu', 'cuda', 'ipu', 'xpu', 'mkldnn', 'opengl', 'opencl', 'ideep', 'hip', 've', 'fpga',
    'maia', 'xla', 'lazy', 'vulkan', 'mps', 'meta', 'hpu', 'mtia', 'privateuseone')


class device:
    """Matches `torch.device`."""

    __slots__ = ('type', 'index')

    def __init__(self, type, index=None):  # noqa: A002 - torch's parameter name
        if isinstance(type, device):
            type, index = type.type, type.index
        elif ':' in type:
            type, _, number = type.partition(':')
            index = int(number)
        if type not in _KNOWN_TYPES:
            raise RuntimeError(
                f"Expected one of {', '.join(_KNOWN_TYPES)} device type at start of device "
                f"string: {type}")
        self.type = type
        self.index = index

    def __eq__(self, other):
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f'{self.type}:{self.index}'

    def __reduce__(self):
        return device, (self.type, self.index)


CPU = device('cpu')


def array_module(dev=None):
    """The array module that computes on `dev`."""
    return np


def check_device(dev):
    """Reject a device ember cannot compute on; None and any spelling of the CPU pass."""
    if dev is None:
        return
    if not isinstance(dev, device):
        dev = device(dev)
    if dev.type == 'cuda':
        raise AssertionError("Torch not compiled with CUDA enabled")
    if dev.type != 'cpu':
        raise RuntimeError(f"ember computes on the CPU only; got device '{dev}'")
