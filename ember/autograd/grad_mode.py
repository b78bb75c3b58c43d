"""Grad mode: whether operations record a graph. The state is per thread, as in torch."""
import functools
import inspect
import threading


class _GradState(threading.local):
    # class attributes are each new thread's starting values
    enabled = True
    inference = False


state = _GradState()


def is_grad_enabled():
    """Matches `torch.is_grad_enabled`."""
    return state.enabled


def is_inference_mode_enabled():
    """Matches `torch.is_inference_mode_enabled`."""
    return state.inference


class _ModeContext:
    """A context manager that can also decorate functions (plain or generator)."""

    def clone(self):
        return type(self)()

    def __call__(self, func):
        if inspect.isgeneratorfunction(func):
            return self._wrap_generator(func)

        @functools.wraps(func)
        def decorated(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)
        return decorated

    def _wrap_generator(self, func):
        @functools.wraps(func)
        def decorated(*args, **kwargs):
            # the mode holds while the generator runs, not while its consumer does
            gen = func(*args, **kwargs)
            try:
                with self.clone():
                    request = gen.send(None)
                while True:
                    try:
                        response = yield request
                    except GeneratorExit:
                        with self.clone():
                            gen.close()
                        raise
                    except BaseException as error:
                        with self.clone():
                            request = gen.throw(error)
                    else:
                        with self.clone():
                            request = gen.send(response)
            except StopIteration as stop:
                return stop.value
        return decorated


class _BareDecoratorContext(_ModeContext):
    """Allows both `@no_grad()` and the bare `@no_grad` form, as torch does."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class no_grad(_BareDecoratorContext):
    """Matches `torch.no_grad`."""

    def __enter__(self):
        self.prev = state.enabled
        state.enabled = False

    def __exit__(self, *exc):
        state.enabled = self.prev


class enable_grad(_BareDecoratorContext):
    """Matches `torch.enable_grad`."""

    def __enter__(self):
        self.prev = state.enabled
        state.enabled = True

    def __exit__(self, *exc):
        state.enabled = self.prev


class set_grad_enabled(_ModeContext):
    """Matches `torch.set_grad_enabled`: takes effect at once, and undoes itself on exit."""

    def __init__(self, mode):
        self.prev = state.enabled
        self.mode = mode
        state.enabled = mode

    def __call__(self, func):
        # used as a decorator, the mode applies only while the function runs
        state.enabled = self.prev
        return super().__call__(func)

    def clone(self):
        return type(self)(self.mode)

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        state.enabled = self.prev


class inference_mode(_ModeContext):
    """Matches `torch.inference_mode`: no graph is recorded inside it."""

    def __new__(cls, mode=True):
        if callable(mode):
            return cls()(mode)
        return super().__new__(cls)

    def __init__(self, mode=True):
        self.mode = mode

    def clone(self):
        return type(self)(self.mode)

    def __enter__(self):
        self.prev = (state.enabled, state.inference)
        if self.mode:
            state.enabled, state.inference = False, True
        else:
            state.inference = False

    def __exit__(self, *exc):
        state.enabled, state.inference = self.prev
