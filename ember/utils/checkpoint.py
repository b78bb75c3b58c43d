"""Activation checkpointing: keep less for backward, recompute it when backward needs it.

Note [Two kinds of checkpoint]
use_reentrant=True runs the function without a graph and, in backward, runs it again with one
and backpropagates through that inside the outer backward (a custom Function; .grad() cannot
see through it). use_reentrant=False records the graph as usual but, through saved-tensor
hooks, saves only handles: the first time backward unpacks one, the function is run again and
the values it saves stand in for the ones that were not kept.
"""
import warnings

from ember import _tensor
from ember._random import get_rng_state, set_rng_state
from ember.autograd import engine, grad_mode
from ember.autograd.function import Function
from ember.autograd.saved_hooks import saved_tensors_hooks


class CheckpointFunction(Function):
    """The reentrant checkpoint (Note [Two kinds of checkpoint])."""

    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        ctx.run_function = run_function
        ctx.rng_state = get_rng_state() if preserve_rng_state else None
        ctx.arguments = [None if isinstance(a, _tensor.Tensor) else a for a in args]
        ctx.save_for_backward(*[a for a in args if isinstance(a, _tensor.Tensor)])
        with grad_mode.no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx, *grads):
        from ember.autograd import backward
        if not engine.accumulating():
            raise RuntimeError(
                "When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() or "
                "passing an `inputs` parameter to .backward(). To resolve this error, you can "
                "either set use_reentrant=False, or call .backward() without passing the "
                "`inputs` argument.")
        tensors = iter(ctx.saved_tensors)
        inputs = [next(tensors).detach().requires_grad_(True) if a is None else a
                  for a in ctx.arguments]
        for original, value in zip(ctx.needs_input_grad[2:], inputs):
            if isinstance(value, _tensor.Tensor):
                value.requires_grad_(original)
        state = _swap_rng(ctx.rng_state)
        try:
            with grad_mode.enable_grad():
                outputs = ctx.run_function(*inputs)
        finally:
            _swap_rng(state)
        outputs = outputs if isinstance(outputs, tuple) else (outputs,)
        pairs = [(o, g) for o, g in zip(outputs, grads)
                 if isinstance(o, _tensor.Tensor) and o.requires_grad]
        if pairs:
            backward([o for o, _ in pairs], [g for _, g in pairs])
        return (None, None) + tuple(x.grad if isinstance(x, _tensor.Tensor) else None
                                    for x in inputs)


def _swap_rng(state):
    """Install `state` (if any) as the RNG state; return the state it replaced."""
    if state is None:
        return None
    previous = get_rng_state()
    set_rng_state(state)
    return previous


class _Recomputation:
    """The non-reentrant checkpoint's bookkeeping (Note [Two kinds of checkpoint])."""

    def __init__(self, function, args, kwargs, rng_state):
        self.function = function
        self.args = args
        self.kwargs = kwargs
        self.rng_state = rng_state
        self.count = 0
        self.values = None

    def pack(self, tensor):
        handle = self.count
        self.count += 1
        return handle

    def unpack(self, handle):
        if self.values is None:
            self.values = []
            inputs = [a.detach().requires_grad_(a.requires_grad)
                      if isinstance(a, _tensor.Tensor) else a for a in self.args]
            state = _swap_rng(self.rng_state)
            try:
                with grad_mode.enable_grad(), saved_tensors_hooks(self._keep, _identity):
                    self.function(*inputs, **self.kwargs)
            finally:
                _swap_rng(state)
        return self.values[handle]

    def _keep(self, tensor):
        self.values.append(tensor)
        return tensor


def _identity(value):
    return value


def checkpoint(function, *args, use_reentrant=None, context_fn=None,
               determinism_check='default', debug=False, preserve_rng_state=True, **kwargs):
    """Matches `torch.utils.checkpoint.checkpoint`."""
    if use_reentrant is None:
        warnings.warn(
            "torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. "
            "Starting in PyTorch 2.9, calling checkpoint without use_reentrant will raise an "
            "exception. use_reentrant=False is recommended, but if you need to preserve the "
            "current default behavior, you can pass use_reentrant=True. Refer to docs for more "
            "details on the differences between the two variants.", UserWarning, stacklevel=2)
        use_reentrant = True
    if use_reentrant:
        if kwargs:
            raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
        if grad_mode.is_grad_enabled() and not any(
                isinstance(a, _tensor.Tensor) and a.requires_grad for a in args):
            warnings.warn("None of the inputs have requires_grad=True. Gradients will be None",
                          UserWarning, stacklevel=2)
        return CheckpointFunction.apply(function, preserve_rng_state, *args)
    recomputation = _Recomputation(function, args, kwargs,
                                   get_rng_state() if preserve_rng_state else None)
    with saved_tensors_hooks(recomputation.pack, recomputation.unpack):
        return function(*args, **kwargs)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Matches `torch.utils.checkpoint.checkpoint_sequential`."""
    functions = list(functions.children()) if hasattr(functions, 'children') else \
        list(functions)
    size = len(functions) // segments

    def run(start, end):
        def forward(x):
            for f in functions[start:end + 1]:
                x = f(x)
            return x
        return forward

    end = -1
    for start in range(0, size * (segments - 1), size):
        end = start + size - 1
        input = checkpoint(run(start, end), input, use_reentrant=use_reentrant, **kwargs)
    return run(end + 1, len(functions) - 1)(input)
