"""Views and in-place ops against torch: shared memory, version counters, re-based history."""
import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')


def _leaf(lib, values, requires_grad=True):
    return lib.tensor(np.asarray(values, dtype=np.float64), requires_grad=requires_grad)


def _name(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


def scenario_inplace_through_select(lib):
    x = _leaf(lib, [[1.0, 2.0], [3.0, 4.0]])
    a = x * 1
    v = a[0]
    v.mul_(3)
    a.sum().backward()
    return x.grad, a, _name(a), _name(v), v._base is a


def scenario_inplace_on_base_after_view(lib):
    x = _leaf(lib, [1.0, 2.0, 3.0])
    a = x * 2
    v = a[1:]
    a.mul_(2)
    (v * v).sum().backward()
    return x.grad, v, _name(v)


def scenario_sibling_views(lib):
    x = _leaf(lib, [1.0, 2.0, 3.0])
    w = _leaf(lib, [5.0])
    a = x * 1
    y = a[1:]
    z = a[:2]
    y.mul_(w[0])
    (z.sum() + y.sum()).backward()
    return x.grad, w.grad, _name(y), _name(z), _name(a)


def scenario_setitem_basic(lib):
    x = _leaf(lib, [[1.0, 2.0], [3.0, 4.0]])
    value = _leaf(lib, [10.0, 20.0])
    a = x * 1
    a[1] = value
    a[0, 0] = 7.0
    (a * a).sum().backward()
    return x.grad, value.grad, a, _name(a)


def scenario_setitem_advanced(lib):
    x = _leaf(lib, [1.0, 2.0, 3.0, 4.0])
    value = _leaf(lib, [10.0, 20.0])
    a = x * 1
    a[lib.tensor([3, 0])] = value
    a[a > 5] = 0.0
    (a * a).sum().backward()
    return x.grad, value.grad, a, _name(a)


def scenario_base_without_grad(lib):
    w = _leaf(lib, [2.0])
    base = lib.zeros(3, dtype=lib.float64)
    view = base[1]
    view.add_(w[0] * 3)
    base.sum().backward()
    return w.grad, base, _name(base), base.requires_grad, _name(view)


def scenario_inplace_saves_original_self(lib):
    x = _leaf(lib, [1.0, 2.0, 3.0])
    w = _leaf(lib, [2.0, 2.0, 2.0])
    a = x * 1
    a.mul_(w)
    a.exp_()
    a.sum().backward()
    return x.grad, w.grad, _name(a)


def scenario_view_chain(lib):
    x = _leaf(lib, np.arange(12.0).reshape(3, 4))
    a = x * 1
    v = a.t()[1:, None][:, 0, 1]
    v.add_(100)
    (a * a).sum().backward()
    return x.grad, a, _name(v)


def scenario_versions(lib):
    x = lib.zeros(3)
    v = x[1:]
    d = x.detach()
    x.add_(1)
    v.mul_(2)
    d.sub_(1)
    return x._version, v._version, d._version, x


def scenario_unbind_and_stack(lib):
    x = _leaf(lib, [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    a, b, c = x.unbind(0)
    out = lib.stack([c, a * b])
    (out * out).sum().backward()
    return x.grad, out


SCENARIOS = [value for key, value in dict(globals()).items() if key.startswith('scenario_')]


def _compare(actual, expected):
    if isinstance(expected, torch.Tensor):
        assert isinstance(actual, ember.Tensor)
        assert str(actual.dtype) == str(expected.dtype)
        np.testing.assert_allclose(actual.detach().numpy(), expected.detach().numpy())
    else:
        assert actual == expected


@pytest.mark.parametrize('scenario', SCENARIOS, ids=lambda s: s.__name__[len('scenario_'):])
def test_scenario(scenario):
    expected = scenario(torch)
    actual = scenario(ember)
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        _compare(a, e)


def _error_of(fn, lib):
    with pytest.raises(RuntimeError) as caught:
        fn(lib)
    return str(caught.value)


def error_leaf_inplace(lib):
    _leaf(lib, [1.0]).add_(1)


def error_view_of_leaf_inplace(lib):
    _leaf(lib, [1.0, 2.0])[0].mul_(2)


def error_setitem_on_leaf(lib):
    _leaf(lib, [1.0, 2.0])[0] = 3.0


def error_view_made_without_grad(lib):
    x = _leaf(lib, [1.0, 2.0])
    with lib.no_grad():
        v = x[0]
    v.mul_(2)


def error_modified_input(lib):
    x = _leaf(lib, [1.0, 2.0])
    a = x * 1
    b = a * a
    a.add_(1)
    b.sum().backward()


def error_modified_output(lib):
    a = _leaf(lib, [1.0, 2.0]).exp()
    a.add_(1)
    a.sum().backward()


def error_modified_leaf_input(lib):
    w = _leaf(lib, [1.0, 2.0])
    v = lib.ones(2, dtype=lib.float64)
    b = w * v
    v.add_(1)
    b.sum().backward()


def error_modified_through_view(lib):
    x = _leaf(lib, [1.0, 2.0])
    a = x * 1
    b = a.sigmoid()
    b[0].mul_(2)
    b.sum().backward()


def error_expanded_write(lib):
    lib.zeros(3).expand(2, 3).add_(1)


def error_inplace_cast(lib):
    lib.zeros(3, dtype=lib.int64).mul_(1.5)


ERRORS = [value for key, value in dict(globals()).items() if key.startswith('error_')]


@pytest.mark.parametrize('scenario', ERRORS, ids=lambda s: s.__name__[len('error_'):])
def test_error(scenario):
    assert _error_of(scenario, ember) == _error_of(scenario, torch)


def test_unused_input_may_change_after_use():
    x = ember.ones(2, requires_grad=True)
    a = x * 1
    b = a + 1  # add saves nothing, so changing `a` later is not an error (as in torch)
    a.add_(1)
    b.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]
