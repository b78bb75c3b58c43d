"""Gradient clipping: by total norm and by value. Gradients are scaled in place."""
import types
import warnings

import numpy as np

from ember._tensor import Tensor, materialize, version_counter, wrap

__all__ = ['clip_grad_norm', 'clip_grad_norm_', 'clip_grad_value_', 'clip_grads_with_norm_',
           'get_total_norm']

_FAST_NORM_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _norm(tensor, norm_type):
    """linalg.vector_norm(tensor, norm_type), straight on the array for the common 2-norm."""
    data = tensor._data
    if norm_type == 2.0 and data.dtype in _FAST_NORM_DTYPES and data.size:
        flat = data.reshape(-1)
        return wrap(np.sqrt(np.dot(flat, flat)))
    from ember.linalg import vector_norm
    return vector_norm(tensor.detach(), norm_type)


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Matches `torch.nn.utils.get_total_norm`."""
    tensors = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    norm_type = float(norm_type)
    if len(tensors) == 0:
        from ember._creation import tensor
        return tensor(0.0)
    # torch takes the norms dtype by dtype, in order of first appearance
    by_dtype = {}
    for t in tensors:
        by_dtype.setdefault(t._data.dtype, []).append(t)
    norms = [_norm(t, norm_type)._data for group in by_dtype.values() for t in group]
    total_norm = _norm(wrap(np.stack(norms)), norm_type)
    if error_if_nonfinite:
        value = total_norm._data
        if np.isnan(value) or np.isinf(value):
            raise RuntimeError(
                f"The total norm of order {norm_type} for gradients from `parameters` is "
                "non-finite, so it cannot be clipped. To disable this error and scale the "
                "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`")
    return total_norm


def _writable(t):
    """t's array, made safe to write in place."""
    data = materialize(t)
    if not data.flags.writeable:
        data = t._data = data.copy()
    return data


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Matches `torch.nn.utils.clip_grads_with_norm_`."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    grads = [p.grad for p in parameters if p.grad is not None]
    max_norm = float(max_norm)
    if len(grads) == 0:
        return
    total = total_norm._data if isinstance(total_norm, Tensor) else np.float64(total_norm)
    # NOTE: torch divides a number by a tensor as reciprocal(tensor) * number
    coef = np.reciprocal(total + 1e-6) * max_norm
    coef = np.minimum(coef, 1.0)
    for g in grads:
        data = _writable(g)
        data *= coef
        version_counter(g)[0] += 1


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False,
                    foreach=None):
    """Matches `torch.nn.utils.clip_grad_norm_`."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)
        if is_generator and len(parameters) == 0:
            warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.",
                          stacklevel=2)
    grads = [p.grad for p in parameters if p.grad is not None]
    total_norm = get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total_norm, foreach)
    return total_norm


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Matches `torch.nn.utils.clip_grad_norm` (deprecated there too)."""
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of "
                  "`torch.nn.utils.clip_grad_norm_`.", FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Matches `torch.nn.utils.clip_grad_value_`."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    clip_value = float(clip_value)
    for p in parameters:
        g = p.grad
        if g is None:
            continue
        data = _writable(g)
        # clamp_min then clamp_max, as torch's foreach path does
        np.maximum(data, -clip_value, out=data)
        np.minimum(data, clip_value, out=data)
        version_counter(g)[0] += 1

