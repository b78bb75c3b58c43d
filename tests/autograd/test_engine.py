"""The backward engine against torch: accumulation, retained and freed graphs, higher order,
hooks, autograd.grad options, and a 100,000-op chain."""
import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')


def _leaf(lib, values):
    return lib.tensor(np.asarray(values, dtype=np.float64), requires_grad=True)


def _same(actual, expected):
    if isinstance(expected, torch.Tensor):
        np.testing.assert_allclose(actual.detach().numpy(), expected.detach().numpy())
        assert str(actual.dtype) == str(expected.dtype)
    elif isinstance(expected, (tuple, list)):
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected):
            _same(a, e)
    else:
        assert actual == expected


def both(fn):
    """Run a scenario with torch and with ember and compare what they return."""
    def test():
        _same(fn(ember), fn(torch))
    test.__name__ = fn.__name__
    return test


@both
def test_accumulates_across_backward_calls(lib):
    x = _leaf(lib, [1.0, 2.0])
    y = (x * x).sum()
    y.backward(retain_graph=True)
    first = x.grad
    y.backward()
    return x.grad, first is x.grad


@both
def test_broadcast_inputs_get_gradients_of_their_shape(lib):
    a = _leaf(lib, [[1.0], [2.0], [3.0]])
    b = _leaf(lib, [1.0, 2.0, 3.0, 4.0])
    c = _leaf(lib, 2.0)
    ((a * b + c) ** 2).sum().backward()
    return a.grad, b.grad, c.grad


@both
def test_float32_and_zero_dim_float64_mix(lib):
    a = lib.tensor([1.0, 2.0], requires_grad=True)
    b = lib.tensor(3.0, dtype=lib.float64, requires_grad=True)
    out = a * b
    out.sum().backward()
    return out.dtype == lib.float32, a.grad, b.grad


@both
def test_nonscalar_backward_with_gradient(lib):
    x = _leaf(lib, [1.0, 2.0, 3.0])
    y = x.exp()
    y.backward(lib.tensor([1.0, 0.5, 2.0], dtype=lib.float64))
    return x.grad


@both
def test_gradient_of_another_dtype_is_cast(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    (x * 2).backward(lib.ones(2, dtype=lib.float64))
    return x.grad


@both
def test_create_graph_backward_builds_graph_on_grad(lib):
    import warnings
    x = _leaf(lib, 2.0)
    y = x ** 3
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        y.backward(create_graph=True)
    first = x.grad
    names = [type(first.grad_fn).__name__]
    first.backward()
    names.append(type(x.grad.grad_fn).__name__)
    return first, x.grad, names


def test_create_graph_backward_warns():
    x = ember.tensor(2.0, requires_grad=True)
    with pytest.warns(UserWarning, match='Using backward\\(\\) with create_graph=True'):
        (x ** 2).backward(create_graph=True)


@both
def test_higher_order_with_grad(lib):
    x = _leaf(lib, [0.5, -1.0])
    y = (x.sin() * x ** 2).sum()
    g, = lib.autograd.grad(y, x, create_graph=True)
    h, = lib.autograd.grad(g.sum(), x, create_graph=True)
    k, = lib.autograd.grad(h.sum(), x)
    return g, h, k


@both
def test_grad_options(lib):
    x = _leaf(lib, [1.0, 2.0])
    unused = _leaf(lib, [3.0])
    y = x * 2
    z = (y * y).sum()
    g_y, g_x, g_unused = lib.autograd.grad(z, [y, x, unused], allow_unused=True,
                                           retain_graph=True)
    materialized = lib.autograd.grad(z, [x, unused], materialize_grads=True, retain_graph=True)
    outs = lib.autograd.grad([y.sum(), z], x, retain_graph=True)
    weighted = lib.autograd.grad(y, x, grad_outputs=lib.tensor([1.0, -1.0],
                                                                 dtype=lib.float64))
    return g_y, g_x, g_unused is None, materialized, outs, weighted, x.grad is None


@both
def test_backward_inputs(lib):
    x = _leaf(lib, [1.0, 2.0])
    w = _leaf(lib, [3.0, 4.0])
    y = x * w
    z = (y * y).sum()
    z.backward(inputs=[x, y])
    return x.grad, w.grad is None, y.grad


@both
def test_freed_graph_allows_nodes_without_saved_values(lib):
    x = _leaf(lib, [1.0, 2.0])
    y = (x + 1).sum()
    y.backward()
    y.backward()
    return x.grad


@both
def test_tensor_hooks(lib):
    log = []
    x = _leaf(lib, [1.0, 2.0])
    y = x * 3
    y.register_hook(lambda g: log.append(('y', g.tolist())))
    handle = y.register_hook(lambda g: g * 10)
    y.register_hook(lambda g: log.append(('y after', g.tolist())))
    x.register_hook(lambda g: log.append(('x', g.tolist())))
    x.register_hook(lambda g: g + 1)
    y.sum().backward(retain_graph=True)
    first = x.grad.clone()
    handle.remove()
    x.grad = None
    y.sum().backward()
    return log, first, x.grad


@both
def test_retain_grad(lib):
    x = _leaf(lib, [1.0, 2.0])
    y = x * 2
    y.retain_grad()
    z = y * y
    z.retain_grad()
    z.sum().backward(retain_graph=True)
    first = y.grad.clone()
    z.sum().backward()
    return first, y.grad, z.grad, y.retains_grad, x.retains_grad


@both
def test_node_hooks(lib):
    log = []
    x = _leaf(lib, [1.0, 2.0])
    y = x * 2
    y.grad_fn.register_prehook(lambda grad_outputs: log.append('pre') or
                               (grad_outputs[0] * 2,))
    y.grad_fn.register_hook(lambda grad_inputs, grad_outputs:
                            log.append(('post', grad_inputs[0].tolist())))
    y.sum().backward()
    return log, x.grad


@both
def test_post_accumulate_grad_hook(lib):
    seen = []
    x = _leaf(lib, [1.0, 2.0])
    x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.tolist()))
    (x * 4).sum().backward()
    return seen


@both
def test_graph_structure(lib):
    x = _leaf(lib, [1.0, 2.0])
    y = x * x
    z = y + x
    accumulate = z.grad_fn.next_functions[1][0]
    return (type(z.grad_fn).__name__,
            [type(n).__name__ if n else None for n, _ in z.grad_fn.next_functions],
            accumulate.variable is x,
            accumulate is y.grad_fn.next_functions[0][0],
            y.grad_fn.next_functions[0][0] is y.grad_fn.next_functions[1][0],
            z.grad_fn.name())


@both
def test_multiple_roots(lib):
    x = _leaf(lib, [1.0, 2.0])
    a, b = x * 2, x.exp()
    lib.autograd.backward([a.sum(), b], [None, lib.tensor([1.0, 3.0], dtype=lib.float64)])
    return x.grad


def test_accumulated_grad_does_not_alias_the_given_gradient():
    for lib in (ember, torch):
        x = lib.zeros(3, requires_grad=True)
        g = lib.ones(3)
        x.backward(g)
        x.grad.add_(1)
        assert g.tolist() == [1.0, 1.0, 1.0]
        y = lib.zeros(3, requires_grad=True)
        (y + 1).backward(g)
        y.grad.add_(1)
        assert g.tolist() == [1.0, 1.0, 1.0]


def test_deep_chain_does_not_recurse():
    x = ember.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0
    del y


def test_call_grad_fn_directly():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    result = y.grad_fn(ember.ones(2))
    assert result[0].tolist() == [3.0, 3.0] and result[1] is None


ENGINE_ERRORS = {
    'no_grad_fn': lambda lib: lib.tensor(2.0).backward(),
    'implicit_nonscalar': lambda lib: (lib.ones(2, requires_grad=True) * 2).backward(),
    'second_backward': lambda lib: _twice(lib),
    'grad_shape_mismatch': lambda lib: (lib.ones(2, requires_grad=True) * 2).backward(
        lib.ones(3)),
    'grad_of_input_not_requiring_grad': lambda lib: lib.autograd.grad(
        (lib.ones(2, requires_grad=True) * 2).sum(), lib.ones(2)),
    'unused_input': lambda lib: lib.autograd.grad(
        (lib.ones(2, requires_grad=True) * 2).sum(), [lib.ones(1, requires_grad=True)]),
    'output_without_grad': lambda lib: lib.autograd.grad(lib.ones(2).sum(),
                                                         [lib.ones(1, requires_grad=True)]),
    'backward_inputs_without_grad': lambda lib: (lib.ones(2, requires_grad=True) * 2).sum()
    .backward(inputs=[lib.ones(2)]),
    'not_implemented_derivative': lambda lib: (lib.ones(2, requires_grad=True) // 2).sum()
    .backward(),
    'second_element': lambda lib: lib.autograd.backward(
        [lib.ones(1, requires_grad=True).sum(), lib.ones(1)]),
}


def _twice(lib):
    x = lib.ones(2, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


@pytest.mark.parametrize('name', ENGINE_ERRORS)
def test_engine_errors(name):
    with pytest.raises(Exception) as expected:
        ENGINE_ERRORS[name](torch)
    with pytest.raises(Exception) as actual:
        ENGINE_ERRORS[name](ember)
    assert type(actual.value) is type(expected.value)
    assert str(actual.value) == str(expected.value)


def test_common_mistakes_carry_a_hint_note():
    cases = [lambda: ember.tensor(2.0).backward(),
             lambda: (ember.ones(2, requires_grad=True) * 2).backward(),
             lambda: _twice(ember),
             lambda: ember.ones(2, requires_grad=True).add_(1),
             lambda: ember.tensor([1, 2], requires_grad=True)]
    for case in cases:
        with pytest.raises(RuntimeError) as caught:
            case()
        notes = getattr(caught.value, '__notes__', [])
        assert len(notes) == 1 and notes[0].startswith('Hint: ')
