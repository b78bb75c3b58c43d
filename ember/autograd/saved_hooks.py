"""Hooks on tensors saved for backward (torch.autograd.graph.saved_tensors_hooks)."""
import contextlib
import threading

from ember import _tensor


class _HookState(threading.local):
    stack = ()               # (pack_hook, unpack_hook) pairs, innermost last
    disabled_message = None  # set by disable_saved_tensors_hooks


state = _HookState()


class Packed:
    """A saved value as a pack hook returned it, with the hook that turns it back."""

    __slots__ = ('value', 'unpack_hook')

    def __init__(self, value, unpack_hook):
        self.value = value
        self.unpack_hook = unpack_hook

    def unpack(self):
        result = self.unpack_hook(self.value)
        if not isinstance(result, _tensor.Tensor):
            raise TypeError("Output of saved tensor unpack_hook expected to be a Tensor but got "
                            f"result of type {type(result).__name__}")
        return result


def pack(tensor):
    """`tensor` packed by the innermost active hooks."""
    pack_hook, unpack_hook = state.stack[-1]
    return Packed(pack_hook(tensor), unpack_hook)


class saved_tensors_hooks:
    """Matches `torch.autograd.graph.saved_tensors_hooks`."""

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self):
        if state.disabled_message is not None:
            raise RuntimeError(state.disabled_message)
        state.stack = state.stack + ((self.pack_hook, self.unpack_hook),)
        return self

    def __exit__(self, *exc):
        state.stack = state.stack[:-1]


class save_on_cpu(saved_tensors_hooks):
    """Matches `torch.autograd.graph.save_on_cpu`: saved tensors are kept as copies (ember's
    tensors are always on the CPU)."""

    def __init__(self, pin_memory=False, device_type='cuda'):
        super().__init__(lambda t: t.detach().clone(), lambda t: t)


@contextlib.contextmanager
def disable_saved_tensors_hooks(error_message):
    """Matches `torch.autograd.graph.disable_saved_tensors_hooks`."""
    previous = state.disabled_message
    state.disabled_message = error_message
    try:
        yield
    finally:
        state.disabled_message = previous
