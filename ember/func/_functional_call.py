"""functional_call: run a module with some parameters and buffers swapped for given tensors."""


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *,
                    tie_weights=True, strict=False):
    """Matches `torch.func.functional_call`."""
    if isinstance(parameter_and_buffer_dicts, dict):
        values = dict(parameter_and_buffer_dicts)
    elif isinstance(parameter_and_buffer_dicts, (tuple, list)):
        values = {}
        repeated = []
        for mapping in parameter_and_buffer_dicts:
            if not isinstance(mapping, dict):
                raise ValueError("Expected all elements of parameter_and_buffer_dicts to be "
                                 f"dictionaries but got {type(mapping)}")
            for key in mapping:
                if key in values:
                    repeated.append(key)
            values.update(mapping)
        if repeated:
            raise ValueError(f"{repeated} appeared in multiple dictionaries; behavior of "
                             "functional call is ambiguous")
    else:
        raise ValueError("Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of "
                         f"dicts, but got {type(parameter_and_buffer_dicts)}")
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    kwargs = {} if kwargs is None else kwargs
    if tie_weights:
        values = _tie(module, values)
    if strict:
        _check_strict(module, values)
    saved = [_swap(module, name, value) for name, value in values.items()]
    try:
        return module(*args, **kwargs)
    finally:
        for owner, registry, name, old in reversed(saved):
            if registry is None:
                if old is _MISSING:
                    object.__delattr__(owner, name)
                else:
                    object.__setattr__(owner, name, old)
            else:
                registry[name] = old


_MISSING = object()


def _owner(module, name):
    path, _, leaf = name.rpartition('.')
    return (module.get_submodule(path) if path else module), leaf


def _swap(module, name, value):
    owner, leaf = _owner(module, name)
    for registry in (owner._parameters, owner._buffers):
        if leaf in registry:
            old = registry[leaf]
            registry[leaf] = value
            return owner, registry, leaf, old
    old = owner.__dict__.get(leaf, _MISSING)
    object.__setattr__(owner, leaf, value)
    return owner, None, leaf, old


def _tie(module, values):
    """Names sharing one tensor in the module all take the value given for any of them."""
    groups = {}
    for name, tensor in _named_tensors(module):
        groups.setdefault(id(tensor), []).append(name)
    values = dict(values)
    for names in groups.values():
        if len(names) < 2:
            continue
        given = [n for n in names if n in values]
        if not given:
            continue
        first = values[given[0]]
        for n in given[1:]:
            if values[n] is not first:
                raise ValueError(
                    f"functional_call got multiple values for keys {sorted(given)}, which are "
                    "tied. Consider using tie_weights=False")
        for n in names:
            values[n] = first
    return values


def _named_tensors(module):
    yield from module.named_parameters(remove_duplicate=False)
    yield from module.named_buffers(remove_duplicate=False)


def _check_strict(module, values):
    names = [name for name, _ in _named_tensors(module)]
    # NOTE: torch lists both kinds of key sorted, not in the module's order
    missing = sorted(name for name in names if name not in values)
    unexpected = sorted(name for name in values if name not in names)
    if not (missing or unexpected):
        return
    lines = []
    if unexpected:
        lines.append('Unexpected key(s): ' + ', '.join(f"'{k}'" for k in unexpected) + '.')
    if missing:
        lines.append('Missing key(s): ' + ', '.join(f"'{k}'" for k in missing) + '.')
    raise RuntimeError(f"Error(s) in reparametrizing for {module._get_name()}:\n\t"
                       + '\n\t'.join(lines))
