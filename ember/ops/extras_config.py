"""Global switches torch scripts set: deterministic algorithms, float32 matmul precision,
denormal flushing, warn-always. ember keeps the settings and answers queries; its kernels are
NumPy's, deterministic and in full float32 precision whatever is set."""
import builtins
import warnings

import numpy as np

from ember import _dtype
from ember._creation import as_tensor
from ember._tensor import Tensor, legacy_type_name

__all__ = ['use_deterministic_algorithms', 'are_deterministic_algorithms_enabled',
           'is_deterministic_algorithms_warn_only_enabled', 'set_deterministic_debug_mode',
           'get_deterministic_debug_mode', 'set_float32_matmul_precision',
           'get_float32_matmul_precision', 'set_flush_denormal', 'set_warn_always',
           'is_warn_always_enabled', 'asarray']


class _Settings:
    deterministic = False
    warn_only = False
    matmul_precision = 'highest'
    warn_always = False


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Matches `torch.use_deterministic_algorithms` (ember's algorithms are all deterministic)."""
    if type(mode) is not builtins.bool:
        raise TypeError("_set_deterministic_algorithms(): argument 'mode' (position 1) must be "
                        f"bool, not {type(mode).__name__}")
    _Settings.deterministic = mode
    _Settings.warn_only = warn_only


def are_deterministic_algorithms_enabled():
    """Matches `torch.are_deterministic_algorithms_enabled`."""
    return _Settings.deterministic


def is_deterministic_algorithms_warn_only_enabled():
    """Matches `torch.is_deterministic_algorithms_warn_only_enabled`."""
    return _Settings.warn_only


_DEBUG_MODES = ('default', 'warn', 'error')


def set_deterministic_debug_mode(debug_mode):
    """Matches `torch.set_deterministic_debug_mode`."""
    if isinstance(debug_mode, str):
        if debug_mode not in _DEBUG_MODES:
            raise RuntimeError("invalid value of debug_mode, expected one of `default`, `warn`, "
                               f"`error`, but got {debug_mode}")
        debug_mode = _DEBUG_MODES.index(debug_mode)
    elif debug_mode not in (0, 1, 2):
        raise RuntimeError(f"invalid value of debug_mode, expected 0, 1, or 2, but got "
                           f"{debug_mode}")
    use_deterministic_algorithms(debug_mode != 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode():
    """Matches `torch.get_deterministic_debug_mode`: 0 off, 1 warn, 2 error."""
    if not _Settings.deterministic:
        return 0
    return 1 if _Settings.warn_only else 2


_PRECISIONS = ('highest', 'high', 'medium')


def set_float32_matmul_precision(precision):
    """Matches `torch.set_float32_matmul_precision`; ember's matmul is always 'highest'."""
    if precision not in _PRECISIONS:
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      "setFloat32MatmulPrecision call has no effect.", UserWarning, stacklevel=2)
        return
    _Settings.matmul_precision = precision


def get_float32_matmul_precision():
    """Matches `torch.get_float32_matmul_precision`."""
    return _Settings.matmul_precision


def set_flush_denormal(mode):
    """Matches `torch.set_flush_denormal` on a CPU without the feature: NumPy cannot flush
    denormals, so ember reports False (unsupported) and leaves them."""
    return False


def set_warn_always(b, /):
    """Matches `torch.set_warn_always`."""
    _Settings.warn_always = builtins.bool(b)


def is_warn_always_enabled():
    """Matches `torch.is_warn_always_enabled`."""
    return _Settings.warn_always


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    """Matches `torch.asarray`: shares memory with a tensor or NumPy array where it can,
    unless `copy=True`."""
    if copy is False and dtype is not None:
        source = obj.dtype if isinstance(obj, Tensor) else (
            _dtype.from_numpy_dtype(obj.dtype) if isinstance(obj, np.ndarray) else None)
        if source is not None and source is not dtype:
            raise ValueError(f"can't alias tensor with dtype '{legacy_type_name(source)}' into "
                             f"dtype '{legacy_type_name(dtype)}'.")
    if isinstance(obj, Tensor):
        result = obj if dtype is None or dtype is obj.dtype else obj.to(dtype)
    else:
        result = as_tensor(obj, dtype=dtype)
    if copy and (result is obj or isinstance(obj, np.ndarray)):
        result = result.clone()
    if requires_grad:
        # NOTE: on a tensor it shares, torch sets requires_grad on that very tensor
        result.requires_grad_()
    return result
