"""nn.init: initialisation of parameters in place, with torch's distributions and gains."""
import math
import warnings

import numpy as np

from ember._tensor import materialize
from ember.autograd.grad_mode import no_grad


def calculate_gain(nonlinearity, param=None):
    """Matches `torch.nn.init.calculate_gain`."""
    linear = ('linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d',
              'conv_transpose3d')
    if nonlinearity in linear or nonlinearity == 'sigmoid':
        return 1
    if nonlinearity == 'tanh':
        return 5.0 / 3
    if nonlinearity == 'relu':
        return math.sqrt(2.0)
    if nonlinearity == 'leaky_relu':
        if param is None:
            slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, (int, float)):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == 'selu':
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor):
    if tensor.dim() < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 "
                         "dimensions")
    receptive = 1
    for size in tensor.shape[2:]:
        receptive *= size
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor, mode):
    mode = mode.lower()
    if mode not in ('fan_in', 'fan_out'):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == 'fan_in' else fan_out


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Matches `torch.nn.init.uniform_`."""
    with no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Matches `torch.nn.init.normal_`."""
    with no_grad():
        return tensor.normal_(mean, std, generator=generator)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """Matches `torch.nn.init.trunc_normal_`: normal values redrawn until inside [a, b]."""
    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The "
                      "distribution of values may be incorrect.", stacklevel=2)
    from ember._random import default_generator
    rng = (generator or default_generator).rng
    with no_grad():
        data = materialize(tensor)
        values = rng.normal(mean, std, data.shape)
        outside = (values < a) | (values > b)
        while outside.any():
            values[outside] = rng.normal(mean, std, int(outside.sum()))
            outside = (values < a) | (values > b)
        tensor.copy_(_as_tensor(values, data.dtype))
    return tensor


def _as_tensor(values, dtype):
    from ember._tensor import wrap
    return wrap(np.asarray(values, dtype=dtype))


def constant_(tensor, val):
    """Matches `torch.nn.init.constant_`."""
    with no_grad():
        return tensor.fill_(val)


def ones_(tensor):
    """Matches `torch.nn.init.ones_`."""
    return constant_(tensor, 1.0)


def zeros_(tensor):
    """Matches `torch.nn.init.zeros_`."""
    with no_grad():
        return tensor.zero_()


def eye_(tensor):
    """Matches `torch.nn.init.eye_`."""
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    with no_grad():
        return tensor.copy_(_as_tensor(np.eye(*tensor.shape), materialize(tensor).dtype))


def dirac_(tensor, groups=1):
    """Matches `torch.nn.init.dirac_`."""
    dims = tensor.dim()
    if dims not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    sizes = tensor.shape
    if sizes[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    out_per_group = sizes[0] // groups
    values = np.zeros(sizes)
    for g in range(groups):
        for d in range(min(out_per_group, sizes[1])):
            centre = tuple(s // 2 for s in sizes[2:])
            values[(g * out_per_group + d, d) + centre] = 1
    with no_grad():
        return tensor.copy_(_as_tensor(values, materialize(tensor).dtype))


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Matches `torch.nn.init.xavier_uniform_`."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = math.sqrt(3.0) * gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Matches `torch.nn.init.xavier_normal_`."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None):
    """Matches `torch.nn.init.kaiming_uniform_`."""
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None):
    """Matches `torch.nn.init.kaiming_normal_`."""
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return normal_(tensor, 0, std, generator)


def orthogonal_(tensor, gain=1, generator=None):
    """Matches `torch.nn.init.orthogonal_`: Q of the QR of a normal matrix, signs fixed."""
    if tensor.ndimension() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    from ember._random import default_generator
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    flat = (generator or default_generator).rng.standard_normal((rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q *= np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    with no_grad():
        return tensor.copy_(_as_tensor(gain * q.reshape(tensor.shape),
                                       materialize(tensor).dtype))


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """Matches `torch.nn.init.sparse_`."""
    if tensor.ndimension() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    from ember._random import default_generator
    rng = (generator or default_generator).rng
    rows, cols = tensor.shape
    zeros = int(math.ceil(sparsity * rows))
    values = rng.normal(0, std, (rows, cols))
    for column in range(cols):
        values[rng.permutation(rows)[:zeros], column] = 0
    with no_grad():
        return tensor.copy_(_as_tensor(values, materialize(tensor).dtype))
