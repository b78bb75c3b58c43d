"""The Optimizer base: parameter groups, per-parameter state, state dicts and step hooks.

Note [Optimizer steps on arrays]
torch runs an optimizer's update under no_grad as a handful of in-place tensor ops per
parameter. ember does the same arithmetic on the NumPy arrays behind the parameters and the
state tensors, in the same order and with the same scalars (a Python float meets a float32
array as float32, as in torch's kernels), so N steps agree with torch to float rounding. No
graph node or Tensor wrapper is made on the way, which keeps a step cheap; each parameter's
version counter still advances once per in-place op torch would run, so a graph that saved
the parameter before the step notices, as in torch.
"""
import functools
import warnings
from collections import defaultdict
from collections.abc import Iterable
from copy import deepcopy
from itertools import chain

from ember import _dtype
from ember._tensor import Tensor, legacy_type_name
from ember.autograd.graph import HookDict
from ember.autograd.grad_mode import enable_grad

__all__ = ['Optimizer', 'register_optimizer_step_pre_hook', 'register_optimizer_step_post_hook']

_global_optimizer_pre_hooks = HookDict()
_global_optimizer_post_hooks = HookDict()


class _RequiredParameter:
    """Marks a default that every parameter group must give itself."""

    def __repr__(self):
        return '<required parameter>'


required = _RequiredParameter()


def register_optimizer_step_pre_hook(hook):
    """Matches `torch.optim.optimizer.register_optimizer_step_pre_hook`."""
    return _global_optimizer_pre_hooks.add(hook)


def register_optimizer_step_post_hook(hook):
    """Matches `torch.optim.optimizer.register_optimizer_step_post_hook`."""
    return _global_optimizer_post_hooks.add(hook)


def typename(obj):
    """The name torch.typename gives: 'torch.FloatTensor' for tensors, else the qualified type."""
    if isinstance(obj, Tensor):
        return f'torch.{legacy_type_name(obj.dtype)}Tensor'
    kind = type(obj)
    module = kind.__module__
    if module in ('builtins', '__builtin__', None):
        return kind.__qualname__
    return f'{module}.{kind.__qualname__}'


def _with_step_hooks(step):
    """Wrap an optimizer's `step` so that the global and per-instance step hooks run around it."""
    @functools.wraps(step)
    def hooked_step(*args, **kwargs):
        self = args[0]
        if _global_optimizer_pre_hooks or self._optimizer_step_pre_hooks:
            args, kwargs = _run_pre_hooks(step, self, args, kwargs)
        out = step(*args, **kwargs)
        if self._optimizer_step_post_hooks or _global_optimizer_post_hooks:
            for post_hook in chain(tuple(self._optimizer_step_post_hooks.values()),
                                   tuple(_global_optimizer_post_hooks.values())):
                post_hook(self, args, kwargs)
        return out

    hooked_step.hooked = True
    return hooked_step


def _run_pre_hooks(step, self, args, kwargs):
    for pre_hook in chain(tuple(_global_optimizer_pre_hooks.values()),
                          tuple(self._optimizer_step_pre_hooks.values())):
        result = pre_hook(self, args, kwargs)
        if result is not None:
            if isinstance(result, tuple) and len(result) == 2:
                args, kwargs = result
            else:
                raise RuntimeError(f"{step} must return None or a tuple of (new_args, "
                                   f"new_kwargs), but got {result}.")
    return args, kwargs


class Optimizer:
    """Matches `torch.optim.Optimizer`."""

    def __init_subclass__(cls, **kwargs):
        # NOTE: torch wraps every subclass's step (user-written ones too) so that step hooks
        # run around it; doing it here, once per class, gives the same behaviour.
        super().__init_subclass__(**kwargs)
        step = cls.__dict__.get('step')
        if step is not None and not getattr(step, 'hooked', False):
            cls.step = _with_step_hooks(step)

    def __init__(self, params, defaults):
        self.defaults = defaults
        self._optimizer_step_pre_hooks = HookDict()
        self._optimizer_step_post_hooks = HookDict()
        self._optimizer_state_dict_pre_hooks = HookDict()
        self._optimizer_state_dict_post_hooks = HookDict()
        self._optimizer_load_state_dict_pre_hooks = HookDict()
        self._optimizer_load_state_dict_post_hooks = HookDict()
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "Tensors or dicts, but got " + typename(params))
        self.state = defaultdict(dict)
        self.param_groups = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{'params': param_groups}]
        for param_group in param_groups:
            self.add_param_group(param_group)

    def __getstate__(self):
        return {'defaults': self.defaults, 'state': self.state, 'param_groups': self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)
        for name in ('_optimizer_step_pre_hooks', '_optimizer_step_post_hooks',
                     '_optimizer_state_dict_pre_hooks', '_optimizer_state_dict_post_hooks',
                     '_optimizer_load_state_dict_pre_hooks',
                     '_optimizer_load_state_dict_post_hooks'):
            if name not in self.__dict__:
                setattr(self, name, HookDict())
        self.defaults.setdefault('differentiable', False)

    def __repr__(self):
        text = self.__class__.__name__ + ' ('
        for i, group in enumerate(self.param_groups):
            text += f'\nParameter Group {i}\n'
            for key in sorted(group.keys()):
                if key != 'params':
                    text += f'    {key}: {group[key]}\n'
        return text + ')'

    # --- parameter groups ----------------------------------------------------------------

    def add_param_group(self, param_group):
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group['params']
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but the "
                "ordering of tensors in sets will change between runs. Please use a list instead.")
        else:
            params = list(params)
        tensors, names = [], []
        for param in params:
            if isinstance(param, tuple):
                names.append(param[0])
                tensors.append(param[1])
            else:
                tensors.append(param)
        param_group['params'] = tensors
        if names:
            if len(names) != len(tensors):
                raise ValueError("all optimizer params should be with/without names. Some param "
                                 "names are missing")
            param_group['param_names'] = names

        for param in tensors:
            if not isinstance(param, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + typename(param))
            if not self.defaults.get('differentiable', None) and not (
                    param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")

        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError("parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            param_group.setdefault(name, default)

        if len(tensors) != len(set(tensors)):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see "
                          "github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        seen = set()
        for group in self.param_groups:
            seen.update(group['params'])
            if ('param_names' in param_group) != ('param_names' in group):
                which = 'with names' if 'param_names' in param_group else 'without names'
                raise ValueError("all optimizer param groups should be with/without names. "
                                 f"cannot add param group {which} to the optimizer")
        if not seen.isdisjoint(tensors):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    # --- gradients and steps -------------------------------------------------------------

    def zero_grad(self, set_to_none=True):
        for group in self.param_groups:
            for p in group['params']:
                grad = p._grad
                if grad is None:
                    continue
                if set_to_none:
                    p._grad = None
                else:
                    if grad._grad_fn is not None:
                        grad.detach_()
                    else:
                        grad.requires_grad_(False)
                    grad.zero_()

    def step(self, closure=None):
        raise NotImplementedError

    def _closure_loss(self, closure):
        """Run the closure (with grad enabled, as torch does) and return its loss."""
        if closure is None:
            return None
        with enable_grad():
            return closure()

    # --- hooks -----------------------------------------------------------------------------

    def register_step_pre_hook(self, hook):
        return self._optimizer_step_pre_hooks.add(hook)

    def register_step_post_hook(self, hook):
        return self._optimizer_step_post_hooks.add(hook)

    def register_state_dict_pre_hook(self, hook, prepend=False):
        return _add_hook(self._optimizer_state_dict_pre_hooks, hook, prepend)

    def register_state_dict_post_hook(self, hook, prepend=False):
        return _add_hook(self._optimizer_state_dict_post_hooks, hook, prepend)

    def register_load_state_dict_pre_hook(self, hook, prepend=False):
        return _add_hook(self._optimizer_load_state_dict_pre_hooks, hook, prepend)

    def register_load_state_dict_post_hook(self, hook, prepend=False):
        return _add_hook(self._optimizer_load_state_dict_post_hooks, hook, prepend)

    # --- state dicts -----------------------------------------------------------------------

    def state_dict(self):
        for pre_hook in tuple(self._optimizer_state_dict_pre_hooks.values()):
            pre_hook(self)
        # parameters are saved as their order of first appearance across the groups
        index_of = {}
        param_groups = []
        start = 0
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != 'params'}
            for i, p in enumerate(group['params'], start):
                index_of.setdefault(id(p), i)
            packed['params'] = [index_of[id(p)] for p in group['params']]
            start += len(packed['params'])
            param_groups.append(packed)
        packed_state = {(index_of[id(k)] if isinstance(k, Tensor) else k): v
                        for k, v in self.state.items()}
        state_dict = {'state': packed_state, 'param_groups': param_groups}
        for post_hook in tuple(self._optimizer_state_dict_post_hooks.values()):
            result = post_hook(self, state_dict)
            if result is not None:
                state_dict = result
        return state_dict

    def load_state_dict(self, state_dict):
        state_dict = state_dict.copy()
        for pre_hook in tuple(self._optimizer_load_state_dict_pre_hooks.values()):
            result = pre_hook(self, state_dict)
            if result is not None:
                state_dict = result
        groups = self.param_groups
        saved_groups = deepcopy(state_dict['param_groups'])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g['params']) != len(s['params']) for g, s in zip(groups, saved_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match "
                             "the size of optimizer's group")
        id_map = dict(zip(chain.from_iterable(g['params'] for g in saved_groups),
                          chain.from_iterable(g['params'] for g in groups)))
        saved_param_groups = state_dict['param_groups']
        state = defaultdict(dict)
        for k, v in state_dict['state'].items():
            if k in id_map:
                param = id_map[k]
                state[param] = _cast_state(param, v, k, saved_param_groups, None)
            else:
                state[k] = v
        param_groups = []
        for group, new_group in zip(groups, saved_groups):
            new_group['params'] = group['params']
            if 'param_names' in group and 'param_names' not in new_group:
                new_group['param_names'] = group['param_names']
            param_groups.append(new_group)
        self.__setstate__({'state': state, 'param_groups': param_groups})
        for post_hook in tuple(self._optimizer_load_state_dict_post_hooks.values()):
            post_hook(self)


def _add_hook(hooks, hook, prepend):
    handle = hooks.add(hook)
    if prepend:
        # HookDict is a plain dict: rebuild it with the new hook first
        rest = [(k, v) for k, v in hooks.items() if k != handle.id]
        hooks.clear()
        hooks[handle.id] = hook
        hooks.update(rest)
    return handle


def _cast_state(param, value, param_id, param_groups, key):
    """A loaded state value moved to `param`'s dtype where torch does (never `step`)."""
    if isinstance(value, Tensor):
        if key == 'step':
            for group in param_groups:
                if param_id in group['params']:
                    if group.get('capturable', False) or group.get('fused', False):
                        return value.to(dtype=_dtype.float32)
                    break
            return value
        if param.is_floating_point():
            return value.to(dtype=param.dtype)
        return value
    if isinstance(value, dict):
        return {k: _cast_state(param, v, param_id, param_groups, k) for k, v in value.items()}
    if isinstance(value, Iterable):
        # NOTE: torch rebuilds any other iterable from its cast items, strings included
        return type(value)(_cast_state(param, v, param_id, param_groups, None) for v in value)
    return value
