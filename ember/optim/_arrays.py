"""Array-level helpers shared by the algorithms (Note [Optimizer steps on arrays]).

Note [Working views]
An update works on views of the parameter and state arrays. A 0-d parameter is seen as a
1-element vector, because arithmetic on 0-d arrays returns NumPy scalars, which cannot take
`out=`; a complex one as pairs of reals, as torch's `view_as_real`. Both views share memory, so
writing through them updates the tensors.
"""
import numpy as np

from ember import _dtype
from ember._tensor import Tensor, materialize, wrap

ndarray = np.ndarray


def scalar_dtype(fused=False):
    """The dtype torch keeps `step` (and NAdam's mu_product) in."""
    if fused:
        return _dtype.float32
    return _dtype.float64 if _dtype.get_default_dtype() is _dtype.float64 else _dtype.float32


def new_scalar(value, dtype):
    """A 0-d state tensor holding `value` (scalar-backed: Note [Scalar-backed tensors])."""
    return wrap(dtype.np.type(value))


def gradients(group, state, start):
    """Each parameter of `group` that has a gradient, as (the parameter, its array, its
    gradient's array with the group's `maximize` applied, its state); `start(state, array)`
    fills the state of a parameter's first step."""
    maximize = group['maximize']
    for p in group['params']:
        g = p._grad
        if g is None:
            continue
        param = array_of(p)
        p_state = state[p]
        if len(p_state) == 0:
            start(p_state, param)
        yield p, param, -g._data if maximize else g._data, p_state


def upgrade_pickled(optimizer, group_defaults):
    """What `__setstate__` does for an optimizer pickled by an older version: group options
    added since get their defaults, and float step counts become tensors."""
    for group in optimizer.param_groups:
        for key, value in group_defaults.items():
            group.setdefault(key, value)
        for p in group['params']:
            p_state = optimizer.state.get(p)
            if p_state and not isinstance(p_state['step'], Tensor):
                p_state['step'] = new_scalar(float(p_state['step']), scalar_dtype())


def advance(step_t):
    """`step_t += 1` on a 0-d state tensor; returns the new value as a Python float."""
    data = step_t._data
    if type(data) is ndarray:
        data += 1
    else:
        data = step_t._data = data + 1
    bump(step_t, 1)
    return float(data)


def scale_scalar(t, factor):
    """`t *= factor` on a 0-d state tensor, in t's dtype; returns the new value as a float."""
    data = t._data
    if type(data) is ndarray:
        data *= factor
    else:
        data = t._data = data * data.dtype.type(factor)
    bump(t, 1)
    return float(data)


def bump(t, times):
    """Advance `t`'s version counter as `times` in-place ops would."""
    vc = t._vc
    if vc is None:
        t._vc = [times]
    else:
        vc[0] += times


def array_of(t):
    """The ndarray behind `t`, writable in place."""
    data = t._data
    if type(data) is not ndarray:
        data = materialize(t)
    return data


def zeros_state(array):
    """A zero state tensor shaped and typed like `array`."""
    return wrap(np.zeros_like(array))


def needs_view(param):
    return param.ndim == 0 or param.dtype.kind == 'c'


def view(array):
    """The working view of Note [Working views]."""
    if array.dtype.kind == 'c':
        return array[..., None].view(array.real.dtype)
    if array.ndim == 0:
        return array.reshape(1)
    return array


def lerp_(start, end, weight):
    """`start.lerp_(end, weight)` with torch's formula for small and large weights."""
    weight = start.dtype.type(weight)
    diff = end - start
    if abs(weight) < 0.5:
        diff *= weight
        start += diff
    else:
        diff *= 1 - weight
        np.subtract(end, diff, out=start)


def addcmul_(target, value, t1, t2):
    """`target.addcmul_(t1, t2, value=value)`: target + (value * t1) * t2, in torch's order."""
    term = t1 * value
    term *= t2
    target += term


def hyper(value):
    """A hyperparameter as a Python number (torch reads 1-element tensors with .item())."""
    kind = type(value)
    if kind is float or kind is int:
        return value
    if isinstance(value, Tensor):
        return value.item()
    return float(value)


def check_lr(lr):
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    if not 0.0 <= lr:
        raise ValueError(f"Invalid learning rate: {lr}")


def check_not_differentiable(differentiable):
    if differentiable:
        raise NotImplementedError(
            "ember.optim: differentiable=True (autograd through the optimizer step) is not "
            "supported")


def capturable_error(supports_xla=True, what='params and state_steps'):
    """The AssertionError torch raises for capturable=True on CPU tensors."""
    devices = ['cuda', 'xpu', 'hpu', 'privateuseone'] + (['xla'] if supports_xla else [])
    return AssertionError(f"If capturable=True, {what} must be on supported devices: "
                          f"{devices}.")


def check_fused(fused, foreach, differentiable):
    if fused:
        if differentiable:
            raise RuntimeError("`fused` does not support `differentiable`")
        if foreach:
            raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
