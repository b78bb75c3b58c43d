"""Module.state_dict and Module.load_state_dict."""
from collections import OrderedDict, namedtuple

from ember._tensor import Tensor
from ember.autograd import grad_mode


class _IncompatibleKeys(namedtuple('IncompatibleKeys', ['missing_keys', 'unexpected_keys'])):
    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return '<All keys matched successfully>'
        return super().__repr__()

    __str__ = __repr__


def _own_state(module):
    """The module's own parameters and persistent buffers, in torch's order."""
    for name, param in module._parameters.items():
        if param is not None:
            yield name, param
    for name, buffer in module._buffers.items():
        if buffer is not None and name not in module._non_persistent_buffers_set:
            yield name, buffer


def save_own_state(module, destination, prefix, keep_vars):
    for name, value in _own_state(module):
        destination[prefix + name] = value if keep_vars else value.detach()


def state_dict(module, destination, prefix, keep_vars):
    """Matches `Module.state_dict`."""
    if destination is None:
        destination = OrderedDict()
        destination._metadata = OrderedDict()
    for hook in tuple(module._state_dict_hooks.values()):
        hook(module, prefix, keep_vars)
    metadata = getattr(destination, '_metadata', None)
    if metadata is not None:
        metadata[prefix[:-1]] = {'version': module._version}
    module._save_to_state_dict(destination, prefix, keep_vars)
    for name, child in module._modules.items():
        if child is not None:
            state_dict(child, destination, prefix + name + '.', keep_vars)
    return destination


def load_own_state(module, state, prefix, metadata, strict, missing, unexpected, errors):
    """Copy this module's entries from `state`; note what is missing or unexpected."""
    local = dict(_own_state(module))
    for name, param in local.items():
        key = prefix + name
        if key not in state:
            missing.append(key)
            continue
        value = state[key]
        if not isinstance(value, Tensor):
            errors.append(f'While copying the parameter named "{key}", expected torch.Tensor '
                          f'or Tensor-like object from checkpoint but received {type(value)}')
            continue
        if value.shape != param.shape:
            errors.append(f'size mismatch for {key}: copying a param with shape {value.shape} '
                          f'from checkpoint, the shape in current model is {param.shape}.')
            continue
        if metadata.get('assign_to_params_buffers'):
            _assign(module, name, param, value)
        else:
            with grad_mode.no_grad():
                param.copy_(value)
    if strict:
        for key in state:
            if not key.startswith(prefix):
                continue
            first, dot, _ = key[len(prefix):].partition('.')
            if (dot and first not in module._modules) or (not dot and first not in local):
                unexpected.append(key)


def _assign(module, name, old, value):
    from ember.nn.parameter import Parameter
    if name in module._parameters and not isinstance(value, Parameter):
        value = Parameter(value, requires_grad=old.requires_grad)
    setattr(module, name, value)


def load_state_dict(module, state, strict, assign):
    """Matches `Module.load_state_dict`."""
    if not isinstance(state, dict):
        raise TypeError(f"Expected state_dict to be dict-like, got {type(state)}.")
    saved_metadata = getattr(state, '_metadata', None)
    state = OrderedDict(state)
    if saved_metadata is not None:
        state._metadata = saved_metadata
    missing, unexpected, errors = [], [], []

    def load(current, prefix):
        # the checkpoint's per-module metadata (its version), as modules expect
        metadata = {} if saved_metadata is None else saved_metadata.get(prefix[:-1], {})
        if assign:
            metadata['assign_to_params_buffers'] = assign
        current._load_from_state_dict(state, prefix, metadata, True, missing, unexpected, errors)
        for name, child in current._modules.items():
            if child is not None:
                load(child, prefix + name + '.')

    load(module, '')
    if strict:
        if unexpected:
            errors.insert(0, 'Unexpected key(s) in state_dict: {}. '.format(
                ', '.join(f'"{k}"' for k in unexpected)))
        if missing:
            errors.insert(0, 'Missing key(s) in state_dict: {}. '.format(
                ', '.join(f'"{k}"' for k in missing)))
    if errors:
        raise RuntimeError('Error(s) in loading state_dict for {}:\n\t{}'.format(
            type(module).__name__, '\n\t'.join(errors)))
    return _IncompatibleKeys(missing, unexpected)
