"""ember.func against torch.func on the same functions: values, structures and errors."""
import warnings

import numpy as np
import pytest

import ember
import ember.nn
from ember import func as efunc

torch = pytest.importorskip('torch')
tfunc = torch.func


def _pair(*shape, seed=0):
    array = np.random.default_rng(seed).standard_normal(shape)
    return ember.tensor(array), torch.tensor(array)


def _close(got, want, tol=1e-10):
    if isinstance(want, (tuple, list)):
        assert type(got) is type(want) and len(got) == len(want)
        for g, w in zip(got, want):
            _close(g, w, tol)
    elif isinstance(want, dict):
        assert set(got) == set(want)
        for key in want:
            _close(got[key], want[key], tol)
    elif isinstance(want, torch.Tensor):
        assert isinstance(got, ember.Tensor)
        assert tuple(got.shape) == tuple(want.shape)
        np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), rtol=tol,
                                   atol=tol)
    else:
        assert got == want


def _same_error(make_ember, make_torch):
    with pytest.raises(Exception) as theirs:
        make_torch()
    with pytest.raises(type(theirs.value)) as ours:
        make_ember()
    assert str(ours.value) == str(theirs.value)


def _f(lib):
    def f(x):
        return (x.sin() * x.sum()).exp().sum()
    return f


def _vector_f(lib):
    def f(x, y):
        return x.tanh() * y.sum() + (x * y).cumsum(0)
    return f


# --- grad, vjp, jvp, jacobians ---------------------------------------------------------------

def test_grad_and_grad_and_value():
    xe, xt = _pair(5)
    _close(efunc.grad(_f(ember))(xe), tfunc.grad(_f(torch))(xt))
    _close(efunc.grad_and_value(_f(ember))(xe), tfunc.grad_and_value(_f(torch))(xt))


@pytest.mark.parametrize('argnums', [0, 1, (0, 1), (1,), -1])
def test_grad_argnums(argnums):
    (xe, xt), (ye, yt) = _pair(4), _pair(4, seed=1)

    def f(lib):
        return lambda x, y: (x * y.exp()).sum() * y.sin().sum()
    _close(efunc.grad(f(ember), argnums=argnums)(xe, ye),
           tfunc.grad(f(torch), argnums=argnums)(xt, yt))


def test_grad_has_aux_and_pytree_inputs():
    (xe, xt), (ye, yt) = _pair(3), _pair(3, seed=1)

    def f(params):
        loss = (params['a'] * params['b'][0]).sum()
        return loss, {'loss': loss, 'twice': params['a'] * 2}
    _close(efunc.grad(f, has_aux=True)({'a': xe, 'b': [ye]}),
           tfunc.grad(f, has_aux=True)({'a': xt, 'b': [yt]}))
    _close(efunc.grad_and_value(f, has_aux=True)({'a': xe, 'b': [ye]}),
           tfunc.grad_and_value(f, has_aux=True)({'a': xt, 'b': [yt]}))


def test_grad_of_grad():
    (xe, xt) = _pair(3)

    def f(x):
        return (x ** 3).sum()
    _close(efunc.grad(lambda x: efunc.grad(f)(x).sin().sum())(xe),
           tfunc.grad(lambda x: tfunc.grad(f)(x).sin().sum())(xt))


def test_grad_errors():
    xe, xt = _pair(3, 2)
    cases = [
        (lambda lib: lib.func.grad(lambda a: a)(xe if lib is ember else xt)),
        (lambda lib: lib.func.grad(lambda a: a.sum(), argnums=1)(xe if lib is ember else xt)),
        (lambda lib: lib.func.grad(lambda a: a.sum(), argnums=())(xe if lib is ember else xt)),
        (lambda lib: lib.func.grad(lambda a: a.sum(), argnums=1.0)(xe if lib is ember else xt)),
        (lambda lib: lib.func.grad(lambda a: a.sum(), has_aux=True)(xe if lib is ember else xt)),
        (lambda lib: lib.func.grad(lambda a: 1.0)(xe if lib is ember else xt)),
        (lambda lib: lib.func.grad(lambda a: a.sum())(1.0)),
        (lambda lib: lib.func.grad(lambda a: a.sum())(lib.arange(3))),
    ]
    for case in cases:
        _same_error(lambda: case(ember), lambda: case(torch))


def test_vjp_and_has_aux():
    (xe, xt), (ye, yt) = _pair(4), _pair(4, seed=1)
    (ue, ut) = _pair(4, seed=2)
    out_e, fn_e = efunc.vjp(_vector_f(ember), xe, ye)
    out_t, fn_t = tfunc.vjp(_vector_f(torch), xt, yt)
    _close(out_e, out_t)
    _close(fn_e(ue), fn_t(ut))
    out_e, fn_e, aux_e = efunc.vjp(lambda x: (x.sin(), x.cos()), xe, has_aux=True)
    out_t, fn_t, aux_t = tfunc.vjp(lambda x: (x.sin(), x.cos()), xt, has_aux=True)
    _close((out_e, aux_e, fn_e(ue)), (out_t, aux_t, fn_t(ut)))
    _same_error(lambda: fn_e(ue[:2]), lambda: fn_t(ut[:2]))
    _same_error(lambda: fn_e((ue,)), lambda: fn_t((ut,)))


def test_jvp():
    (xe, xt), (ye, yt) = _pair(4), _pair(4, seed=1)
    (te, tt), (se, st) = _pair(4, seed=2), _pair(4, seed=3)
    _close(efunc.jvp(_vector_f(ember), (xe, ye), (te, se)),
           tfunc.jvp(_vector_f(torch), (xt, yt), (tt, st)))
    _close(efunc.jvp(lambda x: (x.exp(), x.sum()), (xe,), (te,), has_aux=True),
           tfunc.jvp(lambda x: (x.exp(), x.sum()), (xt,), (tt,), has_aux=True))
    _same_error(lambda: efunc.jvp(ember.sin, xe, te), lambda: tfunc.jvp(torch.sin, xt, tt))
    _same_error(lambda: efunc.jvp(ember.sin, (xe,), (te[:2],)),
                lambda: tfunc.jvp(torch.sin, (xt,), (tt[:2],)))
    _same_error(lambda: efunc.jvp(ember.sin, (xe,), (te, te)),
                lambda: tfunc.jvp(torch.sin, (xt,), (tt, tt)))


@pytest.mark.parametrize('transform', ['jacrev', 'jacfwd'])
def test_jacobians(transform):
    (xe, xt), (ye, yt) = _pair(4), _pair(4, seed=1)
    ours, theirs = getattr(efunc, transform), getattr(tfunc, transform)
    _close(ours(_vector_f(ember))(xe, ye), theirs(_vector_f(torch))(xt, yt))
    _close(ours(_vector_f(ember), argnums=(0, 1))(xe, ye),
           theirs(_vector_f(torch), argnums=(0, 1))(xt, yt))
    _close(ours(lambda x: {'a': x.sin(), 'b': (x.sum(), x * 2)})(xe),
           theirs(lambda x: {'a': x.sin(), 'b': (x.sum(), x * 2)})(xt))
    _close(ours(lambda x: (x.exp(), x.cos()), has_aux=True)(xe),
           theirs(lambda x: (x.exp(), x.cos()), has_aux=True)(xt))


def test_hessian():
    xe, xt = _pair(6)
    _close(efunc.hessian(_f(ember))(xe), tfunc.hessian(_f(torch))(xt), 1e-8)
    (ae, at), (be, bt) = _pair(2, 3), _pair(3, seed=1)

    def g(a, b):
        return (a @ b).tanh().sum() * b.square().sum()
    _close(efunc.hessian(g, argnums=(0, 1))(ae, be), tfunc.hessian(g, argnums=(0, 1))(at, bt),
           1e-8)


# --- functional_call -------------------------------------------------------------------------

def _sequentials():
    ours = ember.nn.Sequential(ember.nn.Linear(3, 4), ember.nn.Tanh(), ember.nn.Linear(4, 2))
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    return ours, theirs


def test_functional_call():
    ours, theirs = _sequentials()
    rng = np.random.default_rng(0)
    params = {name: rng.standard_normal(tuple(p.shape)) for name, p in theirs.named_parameters()}
    xe, xt = _pair(5, 3)
    pe = {k: ember.tensor(v) for k, v in params.items()}
    pt = {k: torch.tensor(v) for k, v in params.items()}
    _close(efunc.functional_call(ours, pe, (xe,)), tfunc.functional_call(theirs, pt, (xt,)))
    _close(efunc.functional_call(ours, pe, xe), tfunc.functional_call(theirs, pt, xt))
    split_e = ({k: v for k, v in pe.items() if 'weight' in k},
               {k: v for k, v in pe.items() if 'bias' in k})
    split_t = ({k: v for k, v in pt.items() if 'weight' in k},
               {k: v for k, v in pt.items() if 'bias' in k})
    _close(efunc.functional_call(ours, split_e, xe), tfunc.functional_call(theirs, split_t, xt))
    # the module keeps its own parameters
    assert not np.allclose(ours[0].weight.detach().numpy(), params['0.weight'])
    grads_e = efunc.grad(lambda p: efunc.functional_call(ours, p, xe).sum())(pe)
    grads_t = tfunc.grad(lambda p: tfunc.functional_call(theirs, p, xt).sum())(pt)
    _close(grads_e, grads_t)
    partial_e = {'0.weight': pe['0.weight']}
    partial_t = {'0.weight': pt['0.weight']}
    _same_error(lambda: efunc.functional_call(ours, partial_e, xe, strict=True),
                lambda: tfunc.functional_call(theirs, partial_t, xt, strict=True))
    _same_error(lambda: efunc.functional_call(ours, (partial_e, partial_e), xe),
                lambda: tfunc.functional_call(theirs, (partial_t, partial_t), xt))


# --- vmap ------------------------------------------------------------------------------------

@pytest.mark.parametrize('in_dims,out_dims', [(0, 0), (1, 0), (0, 1), (-1, -1), ((1, None), 0),
                                              ((0, 2), (0, 1)), ((None, 1), -2)])
def test_vmap_in_and_out_dims(in_dims, out_dims):
    (xe, xt), (ye, yt) = _pair(3, 3, 3), _pair(3, 3, seed=1)

    def g(x, y):
        out = (x * y).softmax(-1) @ y.T
        return (out, out.sum(0)) if isinstance(out_dims, tuple) else out
    if isinstance(in_dims, tuple) and in_dims[1] == 2:
        ye, yt = _pair(3, 3, 3, seed=1)
    _close(efunc.vmap(g, in_dims, out_dims)(xe, ye), tfunc.vmap(g, in_dims, out_dims)(xt, yt))


def test_vmap_nested_pytrees_and_nesting():
    (xe, xt), (ye, yt) = _pair(2, 3, 4), _pair(3, 4, seed=1)

    def f(inputs, scale):
        return {'out': inputs['x'] * inputs['y'][0].exp() * scale, 'sum': inputs['x'].sum()}
    _close(efunc.vmap(f, in_dims=({'x': 1, 'y': [0]}, None))({'x': xe, 'y': [ye]}, 2.0),
           tfunc.vmap(f, in_dims=({'x': 1, 'y': [0]}, None))({'x': xt, 'y': [yt]}, 2.0))
    inner_e = efunc.vmap(lambda a, b: (a * b).sum(), in_dims=(0, None))
    inner_t = tfunc.vmap(lambda a, b: (a * b).sum(), in_dims=(0, None))
    _close(efunc.vmap(inner_e, in_dims=(0, None))(xe, ye[0]),
           tfunc.vmap(inner_t, in_dims=(0, None))(xt, yt[0]))
    _close(efunc.vmap(efunc.vmap(lambda a: a.outer(a)))(xe),
           tfunc.vmap(tfunc.vmap(lambda a: a.outer(a)))(xt))
    _close(efunc.vmap(lambda a: a, chunk_size=2)(ye), tfunc.vmap(lambda a: a, chunk_size=2)(yt))


def test_vmap_of_unbatched_and_none_outputs():
    xe, xt = _pair(3, 2)
    _close(efunc.vmap(lambda a: (a, ember.ones(2)), out_dims=(0, None))(xe),
           tfunc.vmap(lambda a: (a, torch.ones(2)), out_dims=(0, None))(xt))
    _close(efunc.vmap(lambda a: ember.ones(2))(xe), tfunc.vmap(lambda a: torch.ones(2))(xt))


def test_batched_tensor_presents_the_logical_tensor():
    xe = ember.randn(3, 4, 5)
    seen = {}

    def f(a):
        seen.update(shape=a.shape, ndim=a.ndim, dim=a.dim(), len=len(a), size=a.size(1),
                    tensor=isinstance(a, ember.Tensor), requires_grad=a.requires_grad,
                    grad_fn=a.grad_fn, numel=a.numel())
        return a
    efunc.vmap(f)(xe)
    assert seen == {'shape': ember.Size([4, 5]), 'ndim': 2, 'dim': 2, 'len': 4, 'size': 5,
                    'tensor': True, 'requires_grad': False, 'grad_fn': None, 'numel': 20}
    text = []
    efunc.vmap(lambda a: text.append(repr(a)) or a)(ember.ones(2, 1))
    assert text[0] == ('BatchedTensor(lvl=1, bdim=0, value=\n    tensor([[1.],\n'
                       '            [1.]])\n)')


def test_vmap_errors():
    (xe, xt), (ye, yt) = _pair(3, 4), _pair(2, 4, seed=1)

    def both(make):
        _same_error(lambda: make(ember, xe, ye), lambda: make(torch, xt, yt))

    def named(f):
        f.__name__ = 'f'
        return f
    both(lambda lib, x, y: lib.func.vmap(lambda a: a.item())(x))
    both(lambda lib, x, y: lib.func.vmap(lambda a: bool(a.sum()))(x))
    both(lambda lib, x, y: lib.func.vmap(lambda a: float(a.sum()))(x))
    both(lambda lib, x, y: lib.func.vmap(lambda a: a.numpy())(x))
    both(lambda lib, x, y: lib.func.vmap(lambda a, b: a + b)(x, y))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a), in_dims=(0, 0))(x))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a), in_dims=2)(x))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a), in_dims=-3)(x))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a), in_dims='a')(x))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a), in_dims=[0])(x))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a))(1.0))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a))())
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a), out_dims=(0, 0))(x))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a), out_dims='a')(x))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a), out_dims=None)(x))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: 1.0))(x))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: None))(x))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a), randomness='foo')(x))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a), chunk_size=0)(x))
    both(lambda lib, x, y: lib.func.vmap(named(lambda a: a.clone().uniform_()))(x))
    both(lambda lib, x, y: lib.func.vmap(lambda a, b: a.mul_(b), in_dims=(None, 0))(y[0], x))
    both(lambda lib, x, y: lib.func.vmap(lambda a: a.requires_grad_())(x))


def test_vmap_randomness():
    x = ember.zeros(4, 3)
    different = efunc.vmap(lambda a: a.clone().uniform_(), randomness='different')(x)
    same = efunc.vmap(lambda a: a.clone().normal_(), randomness='same')(x)
    assert not np.allclose(different[0].numpy(), different[1].numpy())
    assert np.allclose(same[0].numpy(), same[3].numpy())


def test_vmap_uses_batching_rules_for_an_mlp_and_losses():
    xe = ember.randn(5, 3)
    w = ember.randn(4, 3)
    target = ember.tensor([0, 2, 1, 3, 0])

    def f(x, t):
        hidden = ember.nn.functional.linear(x, w).relu()
        return ember.nn.functional.cross_entropy(hidden.unsqueeze(0), t.unsqueeze(0)) + \
            ember.nn.functional.mse_loss(hidden, x.sum() * ember.ones(4))
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        got = efunc.vmap(f)(xe, target)
    want = ember.stack([f(xi, ti) for xi, ti in zip(xe, target)])
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6)


def test_vmap_inplace_on_batched_views():
    x = ember.zeros(3, 4)
    y = ember.arange(12.0).view(3, 4)

    def f(a, b):
        a[1:3].add_(b[:2])
        return a
    efunc.vmap(f)(x, y)
    assert x[:, 1:3].tolist() == y[:, :2].tolist()


# --- vmap and autograd -----------------------------------------------------------------------

def _mlp_params(lib):
    rng = np.random.default_rng(0)
    shapes = {'w1': (16, 10), 'b1': (16,), 'w2': (1, 16), 'b2': (1,)}
    return {k: lib.tensor(rng.standard_normal(s) / 3) for k, s in shapes.items()}


def _mlp_loss(lib):
    def loss(params, x, y):
        hidden = lib.nn.functional.linear(x, params['w1'], params['b1']).tanh()
        out = lib.nn.functional.linear(hidden, params['w2'], params['b2'])
        return ((out - y) ** 2).mean()
    return loss


def test_per_sample_gradients():
    (xe, xt), (ye, yt) = _pair(8, 10), _pair(8, 1, seed=1)
    pe, pt = _mlp_params(ember), _mlp_params(torch)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        ours = efunc.vmap(efunc.grad(_mlp_loss(ember)), in_dims=(None, 0, 0))(pe, xe, ye)
    theirs = tfunc.vmap(tfunc.grad(_mlp_loss(torch)), in_dims=(None, 0, 0))(pt, xt, yt)
    _close(ours, theirs)
    loop = [efunc.grad(_mlp_loss(ember))(pe, xe[i], ye[i]) for i in range(8)]
    for key in ours:
        stacked = ember.stack([g[key] for g in loop])
        np.testing.assert_allclose(ours[key].numpy(), stacked.numpy(), rtol=1e-12, atol=1e-12)


def test_vmap_of_vjp_and_jacrev_of_vmap():
    xe, xt = _pair(3, 4)
    (ue, ut) = _pair(3, 4, seed=1)

    def pull(lib, func):
        def one(x, u):
            return func.vjp(lambda a: a.sin() * a.sum(), x)[1](u)[0]
        return one
    _close(efunc.vmap(pull(ember, efunc))(xe, ue), tfunc.vmap(pull(torch, tfunc))(xt, ut))
    _close(efunc.jacrev(efunc.vmap(lambda a: a.sin() * a.sum()))(xe),
           tfunc.jacrev(tfunc.vmap(lambda a: a.sin() * a.sum()))(xt))
    _close(efunc.vmap(efunc.jacrev(lambda a: a.sin() * a.sum()))(xe),
           tfunc.vmap(tfunc.jacrev(lambda a: a.sin() * a.sum()))(xt))
    _close(efunc.vmap(efunc.hessian(lambda a: (a.sin() * a.sum()).sum()))(xe),
           tfunc.vmap(tfunc.hessian(lambda a: (a.sin() * a.sum()).sum()))(xt), 1e-8)
    _close(efunc.vmap(efunc.jacfwd(lambda a: a.exp() * a[0]))(xe),
           tfunc.vmap(tfunc.jacfwd(lambda a: a.exp() * a[0]))(xt))


def test_per_sample_gradients_of_a_small_cnn():
    rng = np.random.default_rng(0)
    x0, y0 = rng.standard_normal((6, 1, 8, 8)), np.array([0, 1, 2, 1, 0, 2])

    def build(nn):
        return nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(18, 3))
    theirs, ours = build(torch.nn).double(), build(ember.nn).double()
    pt = {k: v.detach() for k, v in theirs.named_parameters()}
    pe = {k: ember.tensor(v.numpy()) for k, v in pt.items()}

    def loss(lib, module):
        def f(params, x, y):
            out = lib.func.functional_call(module, params, (x.unsqueeze(0),))
            return lib.nn.functional.cross_entropy(out, y.unsqueeze(0))
        return f
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        got = efunc.vmap(efunc.grad(loss(ember, ours)), in_dims=(None, 0, 0))(
            pe, ember.tensor(x0), ember.tensor(y0))
    want = tfunc.vmap(tfunc.grad(loss(torch, theirs)), in_dims=(None, 0, 0))(
        pt, torch.tensor(x0), torch.tensor(y0))
    _close(got, want)


def test_compositions_of_transforms():
    a0, b0 = np.arange(1.0, 7.0).reshape(2, 3) / 7, np.arange(1.0, 4.0) / 5

    def both(make):
        _close(make(ember, efunc, ember.tensor(a0), ember.tensor(b0)),
               make(torch, tfunc, torch.tensor(a0), torch.tensor(b0)), 1e-12)
    both(lambda lib, f, a, b: f.jacfwd(f.jacfwd(lambda x: x.sin() * x.prod()))(b))
    both(lambda lib, f, a, b: f.jacrev(f.jacfwd(lambda x: x.sin() * x.prod()))(b))
    both(lambda lib, f, a, b: f.jacrev(f.jacrev(f.jacrev(lambda x: x.sin().sum())))(b))
    both(lambda lib, f, a, b: f.vmap(f.jacfwd(f.jacrev(
        lambda x, y: (x * y).sin().sum(), argnums=1)), in_dims=(0, None))(a, b))
    both(lambda lib, f, a, b: f.hessian(
        lambda x: f.grad(lambda y: (y * x).sin().sum())(x).sum())(b))
    both(lambda lib, f, a, b: f.jacfwd(
        lambda x: f.vmap(lambda r: r * x.sum())(x.unsqueeze(0).expand(2, 3)))(b))
    both(lambda lib, f, a, b: f.vmap(f.vmap(f.grad(lambda w, x: (w @ x).tanh().sum()),
                                            in_dims=(None, 0)), in_dims=(0, None))(
        a.unsqueeze(1).expand(2, 2, 3), b.unsqueeze(0).expand(4, 3)))


@pytest.mark.parametrize('options', [{}, {'reduction': 'sum'}, {'reduction': 'none'},
                                     {'ignore_index': 2}, {'weight': True},
                                     {'weight': True, 'ignore_index': 1}])
def test_jacobians_of_nll_loss_batch_its_backward(options):
    rng = np.random.default_rng(0)
    x0, t0, w0 = rng.standard_normal((4, 5)), np.array([0, 2, 1, 4]), rng.random(5)

    def jacobian(lib, func):
        kwargs = dict(options)
        if kwargs.get('weight'):
            kwargs['weight'] = lib.tensor(w0)
        return func.jacrev(lambda x: lib.nn.functional.nll_loss(
            x.log_softmax(1), lib.tensor(t0), **kwargs))(lib.tensor(x0))
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        got = jacobian(ember, efunc)
    _close(got, jacobian(torch, tfunc), 1e-12)


def _closure_parameter_grads(lib):
    """Gradients reaching a layer's parameters through transforms of a function that closes
    over the layer (a gradient penalty, a jacobian or jvp loss, per-sample gradients)."""
    rng = np.random.default_rng(1)
    layer = lib.nn.Linear(3, 2).double()
    with lib.no_grad():
        layer.weight.copy_(lib.tensor(rng.standard_normal((2, 3))))
        layer.bias.copy_(lib.tensor(rng.standard_normal(2)))
    x = lib.tensor(rng.standard_normal((4, 3)))
    f = lambda v: layer(v).tanh()  # noqa: E731
    results = []
    losses = [lambda: lib.func.grad(lambda v: f(v).pow(2).sum())(x).pow(2).sum(),
              lambda: lib.func.jacrev(f)(x[0]).sum(),
              lambda: sum(t.sum() for t in lib.func.jvp(f, (x,), (lib.ones_like(x),))),
              lambda: lib.func.vmap(lib.func.grad(lambda v: f(v).sum()))(x).pow(2).sum()]
    for loss in losses:
        layer.zero_grad()
        value = loss()
        results.append(value.requires_grad)
        value.backward()
        results += [layer.weight.grad.numpy(), layer.bias.grad.numpy()]
    return results


def test_transforms_stay_differentiable_for_parameters_they_close_over():
    for got, want in zip(_closure_parameter_grads(ember), _closure_parameter_grads(torch)):
        if isinstance(want, bool):
            assert got == want
        else:
            np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)


def test_top_level_vmap_is_func_vmap():
    assert ember.vmap is efunc.vmap
    assert torch.vmap is torch.func.vmap


def _randomness_outcomes(lib):
    """For each random function under vmap and each randomness mode: the error torch raises,
    or whether the samples drew the same values."""
    F = lib.nn.functional
    x = lib.ones(4, 6)
    functions = [lambda v: F.dropout(v, 0.5), lambda v: v + lib.rand(6),
                 lambda v: v + lib.randn_like(v), lib.nn.Dropout(0.3),
                 lambda v: v.clone().uniform_(), lambda v: v * lib.empty(6).normal_()]
    outcomes = []
    for f in functions:
        for mode in ('error', 'same', 'different'):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter('error')  # no per-sample fallback
                    result = lib.func.vmap(f, randomness=mode)(x)
            except RuntimeError as error:
                outcomes.append(str(error))
            else:
                outcomes.append((tuple(result.shape), bool((result == result[0]).all())))
    return outcomes


def test_vmap_randomness_modes():
    assert _randomness_outcomes(ember) == _randomness_outcomes(torch)
