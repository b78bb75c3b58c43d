"""Calling a Module: forward pre-hooks, forward, forward hooks, and full backward hooks."""
from ember import _tensor
from ember.autograd.function import Function


def forward_not_implemented(self, *input):
    raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required '
                              '"forward" function')


def add(hooks, hook, prepend, with_kwargs):
    """Add `hook` to `hooks` (first if `prepend`); note it in `with_kwargs` if given."""
    handle = hooks.add(hook)
    if prepend:
        _move_first(hooks, handle.id)
    if with_kwargs is not None:
        with_kwargs.add(handle.id)
    return handle


def _move_first(hooks, key):
    items = list(hooks.items())
    hooks.clear()
    hooks[key] = dict(items)[key]
    hooks.update((k, v) for k, v in items if k != key)


def call(module, args, kwargs):
    """module(*args, **kwargs) with the module's hooks around its forward."""
    if not (module._forward_pre_hooks or module._forward_hooks or module._backward_hooks
            or module._backward_pre_hooks):
        return module.forward(*args, **kwargs)
    for key, hook in tuple(module._forward_pre_hooks.items()):
        if key in module._forward_pre_hooks_with_kwargs:
            result = hook(module, args, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError("forward pre-hook must return None or a tuple of "
                                       f"(new_args, new_kwargs), but got {result}.")
                args, kwargs = result
        else:
            result = hook(module, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
    backward = None
    if module._backward_hooks or module._backward_pre_hooks:
        backward = _BackwardHookState(module)
        args = backward.wrap_inputs(args)
    result = module.forward(*args, **kwargs)
    for key, hook in tuple(module._forward_hooks.items()):
        if key in module._forward_hooks_with_kwargs:
            hooked = hook(module, args, kwargs, result)
        else:
            hooked = hook(module, args, result)
        if hooked is not None:
            result = hooked
    if backward is not None:
        result = backward.wrap_outputs(result)
    return result


class BackwardHookFunction(Function):
    """An identity whose backward hands the gradients passing through to a callback."""

    @staticmethod
    def forward(ctx, callback, *tensors):
        ctx.callback = callback
        return tensors

    @staticmethod
    def backward(ctx, *grads):
        return (None,) + tuple(ctx.callback(grads))


class _BackwardHookState:
    """The state of one module call with full backward hooks: the gradients w.r.t. the
    module's outputs are kept until those w.r.t. its inputs arrive."""

    def __init__(self, module):
        self.module = module
        self.grad_outputs = None
        self.inputs_need_grad = False

    def wrap_inputs(self, args):
        positions = [i for i, a in enumerate(args)
                     if isinstance(a, _tensor.Tensor) and a.requires_grad]
        if not positions:
            return args
        self.inputs_need_grad = True
        wrapped = BackwardHookFunction.apply(self._on_grad_inputs,
                                             *[args[i] for i in positions])
        args = list(args)
        for i, tensor in zip(positions, wrapped):
            args[i] = tensor
        return tuple(args)

    def wrap_outputs(self, result):
        single = isinstance(result, _tensor.Tensor)
        outputs = (result,) if single else result
        if not isinstance(outputs, tuple):
            return result
        positions = [i for i, o in enumerate(outputs)
                     if isinstance(o, _tensor.Tensor) and o.requires_grad]
        if not positions:
            return result
        wrapped = BackwardHookFunction.apply(self._on_grad_outputs,
                                             *[outputs[i] for i in positions])
        outputs = list(outputs)
        for i, tensor in zip(positions, wrapped):
            outputs[i] = tensor
        return outputs[0] if single else tuple(outputs)

    def _on_grad_outputs(self, grads):
        for hook in tuple(self.module._backward_pre_hooks.values()):
            result = hook(self.module, grads)
            if result is not None:
                grads = tuple(result)
        self.grad_outputs = grads
        if not self.inputs_need_grad:
            self._call_hooks((None,))
        return grads

    def _on_grad_inputs(self, grads):
        replaced = self._call_hooks(grads)
        return replaced if replaced is not None else grads

    def _call_hooks(self, grad_inputs):
        for hook in tuple(self.module._backward_hooks.values()):
            result = hook(self.module, grad_inputs, self.grad_outputs)
            if result is not None:
                grad_inputs = tuple(result)
        return grad_inputs
