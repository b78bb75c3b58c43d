"""Custom autograd Functions and gradcheck, against torch."""
import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')


def functions(lib):
    """The same custom Functions defined on ember or on torch."""
    Function = lib.autograd.Function
    once = (ember.autograd.once_differentiable if lib is ember
            else torch.autograd.function.once_differentiable)

    class MyExp(Function):
        @staticmethod
        def forward(ctx, x):
            result = x.exp()
            ctx.save_for_backward(result)
            return result

        @staticmethod
        def backward(ctx, grad):
            result, = ctx.saved_tensors
            return grad * result

    class LegendrePolynomial3(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return 0.5 * (5 * x ** 3 - 3 * x)

        @staticmethod
        def backward(ctx, grad):
            x, = ctx.saved_tensors
            return grad * 1.5 * (5 * x ** 2 - 1)

    class StraightThrough(Function):
        @staticmethod
        def forward(ctx, x):
            return (x > 0).to(x.dtype)

        @staticmethod
        def backward(ctx, grad):
            return grad

    class Scale(Function):
        @staticmethod
        def forward(x, factor):
            return x * factor

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.factor = inputs[1]

        @staticmethod
        def backward(ctx, grad):
            return grad * ctx.factor, None

    class Once(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        @once
        def backward(ctx, grad):
            return grad * 2

    class TwoOutputs(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, a, b):
            return a if b is None else a + b

    class Dirty(Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    class WrongCount(Function):
        @staticmethod
        def forward(ctx, x, k):
            return x * k

        @staticmethod
        def backward(ctx, grad):
            return grad

    class WrongShape(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad[:1]

    return dict(locals())


def _x(lib):
    return lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64, requires_grad=True)


def scenario_exp_and_double_backward(lib):
    f = functions(lib)
    x = _x(lib)
    y = f['MyExp'].apply(x)
    g, = lib.autograd.grad(y.sum(), x, create_graph=True)
    h, = lib.autograd.grad(g.sum(), x)
    return repr(y), type(y.grad_fn).__name__, g, h, y.grad_fn.needs_input_grad


def scenario_legendre(lib):
    f = functions(lib)
    x = _x(lib)
    y = f['LegendrePolynomial3'].apply(x)
    y.backward(lib.ones(3, dtype=lib.float64))
    return y, x.grad


def scenario_straight_through(lib):
    f = functions(lib)
    x = _x(lib)
    y = f['StraightThrough'].apply(x)
    (y * lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64)).sum().backward()
    return y, x.grad


def scenario_setup_context(lib):
    f = functions(lib)
    x = _x(lib)
    y = f['Scale'].apply(x, 3)
    y.sum().backward()
    return y, x.grad


def scenario_materialize_off(lib):
    f = functions(lib)
    x = _x(lib)
    a, b = f['TwoOutputs'].apply(x)
    a.sum().backward()
    return x.grad


def scenario_dirty(lib):
    f = functions(lib)
    x = _x(lib)
    a = x * 1
    b = f['Dirty'].apply(a)
    b.sum().backward()
    return b is a, type(a.grad_fn).__name__, x.grad


def _error(lib, name):
    f = functions(lib)
    x = _x(lib)
    if name == 'count':
        f['WrongCount'].apply(x, 3).sum().backward()
    elif name == 'shape':
        f['WrongShape'].apply(x).sum().backward()
    elif name == 'once':
        g, = lib.autograd.grad((f['Once'].apply(x) ** 2).sum(), x, create_graph=True)
        g.sum().backward()
    elif name == 'dirty_leaf':
        f['Dirty'].apply(x)
    elif name == 'modified_output':
        y = f['MyExp'].apply(x)
        y.add_(1)
        y.sum().backward()


SCENARIOS = [v for k, v in dict(globals()).items() if k.startswith('scenario_')]


def _same(a, e):
    if isinstance(e, torch.Tensor):
        np.testing.assert_allclose(a.detach().numpy(), e.detach().numpy())
    elif isinstance(e, (tuple, list)):
        for x, y in zip(a, e):
            _same(x, y)
    else:
        assert a == e


@pytest.mark.parametrize('scenario', SCENARIOS, ids=lambda s: s.__name__[9:])
def test_function_scenario(scenario):
    _same(scenario(ember), scenario(torch))


@pytest.mark.parametrize('name', ['count', 'shape', 'once', 'dirty_leaf', 'modified_output'])
def test_function_errors(name):
    with pytest.raises(RuntimeError) as expected:
        _error(torch, name)
    with pytest.raises(RuntimeError) as actual:
        _error(ember, name)
    assert str(actual.value) == str(expected.value)


def test_saved_output_makes_no_reference_cycle():
    import gc
    import weakref
    f = functions(ember)
    gc.disable()
    try:
        y = f['MyExp'].apply(_x(ember))
        ref = weakref.ref(y.grad_fn)
        del y
        assert ref() is None
    finally:
        gc.enable()


def test_gradcheck_passes_and_catches_a_wrong_backward():
    f = functions(ember)

    class Wrong(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 2

        @staticmethod
        def backward(ctx, grad):
            x, = ctx.saved_tensors
            return grad * 3 * x

    x = _x(ember)
    assert ember.autograd.gradcheck(f['LegendrePolynomial3'].apply, (x,))
    assert ember.autograd.gradgradcheck(f['MyExp'].apply, (x,))
    assert not ember.autograd.gradcheck(Wrong.apply, (x,), raise_exception=False)
    from ember.autograd.gradcheck import GradcheckError
    from torch.autograd.gradcheck import GradcheckError as TorchGradcheckError
    with pytest.raises(GradcheckError) as caught:
        ember.autograd.gradcheck(Wrong.apply, (x,))
    with pytest.raises(TorchGradcheckError) as expected:
        t = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
        torch.autograd.gradcheck(functions(torch)['LegendrePolynomial3'].apply, (t,))
        torch.autograd.gradcheck(_torch_wrong(), (t,))
    assert str(caught.value).split('\n')[0] == str(expected.value).split('\n')[0]


def _torch_wrong():
    class Wrong(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 2

        @staticmethod
        def backward(ctx, grad):
            x, = ctx.saved_tensors
            return grad * 3 * x
    return Wrong.apply
