"""torch.autograd.functional: results and their structure against torch."""
import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')

X = np.array([0.5, -1.2, 2.0])
Y = np.array([1.5, 0.3])
W = np.array([[1.0, -2.0], [0.5, 3.0]])


def _inputs(lib):
    return (lib.tensor(X), lib.tensor(Y), lib.tensor(W))


CASES = {
    'jacobian': lambda lib, F, x, y, w: F.jacobian(lambda a: a.sin() * a, x),
    'jacobian_tuple_in': lambda lib, F, x, y, w: F.jacobian(lambda a, b: a.sum() * b, (x, y)),
    'jacobian_tuple_out': lambda lib, F, x, y, w: F.jacobian(lambda a: (a * 2, a.exp().sum()),
                                                             x),
    'jacobian_matrix': lambda lib, F, x, y, w: F.jacobian(lambda m: m @ m, w),
    'jacobian_unused': lambda lib, F, x, y, w: F.jacobian(lambda a, b: a * 2, (x, y)),
    'jacobian_create_graph': lambda lib, F, x, y, w: F.jacobian(lambda a: a ** 3, x,
                                                                create_graph=True),
    'hessian': lambda lib, F, x, y, w: F.hessian(lambda a: (a ** 3).sum() + a[0] * a[1] * a[2], x),
    'hessian_tuple': lambda lib, F, x, y, w: F.hessian(lambda a, b: (a.sum() * b ** 2).sum(),
                                                       (x, y)),
    'hessian_matrix': lambda lib, F, x, y, w: F.hessian(lambda m: (m @ m).sin().sum(), w),
    'vjp': lambda lib, F, x, y, w: F.vjp(lambda a: a.tanh(), x, lib.ones(3, dtype=lib.float64)),
    'vjp_scalar': lambda lib, F, x, y, w: F.vjp(lambda a: (a * a).sum(), x),
    'jvp': lambda lib, F, x, y, w: F.jvp(lambda a: a.exp() * a, x,
                                         lib.ones(3, dtype=lib.float64)),
    'jvp_tuple': lambda lib, F, x, y, w: F.jvp(lambda a, b: (a.sum() * b, b.sum()), (x, y),
                                               (lib.ones(3, dtype=lib.float64),
                                                lib.ones(2, dtype=lib.float64))),
    'hvp': lambda lib, F, x, y, w: F.hvp(lambda a: (a ** 3).sum(), x,
                                         lib.ones(3, dtype=lib.float64)),
    'vhp': lambda lib, F, x, y, w: F.vhp(lambda a: (a.sin() * a).sum(), x,
                                         lib.ones(3, dtype=lib.float64)),
}


def _same(a, e):
    if isinstance(e, torch.Tensor):
        assert isinstance(a, ember.Tensor) and tuple(a.shape) == tuple(e.shape)
        assert a.requires_grad == e.requires_grad
        np.testing.assert_allclose(a.detach().numpy(), e.detach().numpy(), rtol=1e-10)
    else:
        assert type(a) is type(e) and len(a) == len(e)
        for x, y in zip(a, e):
            _same(x, y)


@pytest.mark.parametrize('name', CASES)
def test_functional(name):
    expected = CASES[name](torch, torch.autograd.functional, *_inputs(torch))
    actual = CASES[name](ember, ember.autograd.functional, *_inputs(ember))
    _same(actual, expected)


ERRORS = {
    'strict': lambda lib, F, x, y, w: F.jacobian(lambda a, b: a * 2, (x, y), strict=True),
    'vjp_needs_v': lambda lib, F, x, y, w: F.vjp(lambda a: a ** 2, x),
    'hessian_scalar': lambda lib, F, x, y, w: F.hessian(lambda a: a ** 2, x),
}


@pytest.mark.parametrize('name', ERRORS)
def test_functional_errors(name):
    with pytest.raises(RuntimeError) as expected:
        ERRORS[name](torch, torch.autograd.functional, *_inputs(torch))
    with pytest.raises(RuntimeError) as actual:
        ERRORS[name](ember, ember.autograd.functional, *_inputs(ember))
    assert str(actual.value) == str(expected.value)
