"""ember.autograd.forward_ad against torch.autograd.forward_ad: the API, its errors, views,
in-place ops, custom Functions, and forward/reverse compositions."""
import numpy as np
import pytest

import ember

torch = pytest.importorskip('torch')


def _libs():
    return [pytest.param(lib, id=lib.__name__) for lib in (ember, torch)]


def _raised(call):
    try:
        call()
    except Exception as error:  # noqa: BLE001 - the exception itself is compared
        return type(error).__name__, str(error)
    return None


def _both(script):
    """script(lib, fwAD) run with either library; returns both results."""
    return [script(lib, lib.autograd.forward_ad) for lib in (ember, torch)]


def _same(script):
    actual, expected = _both(script)
    assert actual == expected


def test_errors_match_torch():
    def script(lib, fw):
        x, t = lib.tensor([1., 2.]), lib.tensor([1., 0.])
        found = [_raised(lambda: fw.make_dual(x, t)), fw.unpack_dual(x).tangent]
        with fw.dual_level() as level:
            d = fw.make_dual(x, t)
            found += [level,
                      _raised(lambda: fw.make_dual(x, lib.ones(3))),
                      _raised(lambda: fw.make_dual(lib.tensor([1, 2]), t)),
                      _raised(lambda: fw.make_dual(x, lib.tensor([1, 2]))),
                      _raised(lambda: fw.make_dual(d, t)),
                      _raised(fw.enter_dual_level),
                      _raised(lambda: fw.make_dual(x, t, level=3)),
                      _raised(lambda: fw.unpack_dual(d, level=3)),
                      _raised(lambda: fw.unpack_dual(1.0))]
        found += [fw.unpack_dual(d).tangent, _raised(fw.exit_dual_level),
                  _raised(lambda: fw.exit_dual_level(level=0))]
        return found
    _same(script)


def test_make_dual_and_unpack_dual_views():
    def script(lib, fw):
        x = lib.tensor([1., 2.], requires_grad=True)
        t = lib.tensor([1., 0.])
        with fw.dual_level():
            d = fw.make_dual(x, t)
            primal, tangent = fw.unpack_dual(d)
            unpacked = fw.unpack_dual(d)
            # NOTE: torch's primal node is a CppFunction named 'torch::autograd::Identity';
            # repr shows it as <Identity> (test_repr_shows_the_tangent), as ember's does
            return [d._base is x, d.grad_fn.name(), primal._base is x, tangent is t,
                    type(unpacked).__name__, unpacked._fields,
                    fw.unpack_dual(x).tangent]
    _same(script)


def test_repr_shows_the_tangent():
    def script(lib, fw):
        x = lib.tensor([1., 2.], requires_grad=True)
        with fw.dual_level():
            d = fw.make_dual(x, lib.tensor([1., 0.]))
            shown = [repr(d), repr(d.sin()), repr(d[0]), repr(fw.make_dual(lib.ones(2, 2),
                                                                            lib.ones(2, 2)))]
        return shown + [repr(d)]
    actual, expected = _both(script)
    assert actual == expected


def test_tangents_through_ops():
    def script(lib, fw):
        x = lib.tensor([[1., -2., 3.], [0.5, 4., -1.]], dtype=lib.float64)
        t = lib.tensor([[0.3, 1., -2.], [1., 0.5, 2.]], dtype=lib.float64)
        with fw.dual_level():
            d = fw.make_dual(x, t)
            outs = [d.exp() * d, d.sum(1), d.max(dim=1), d.sort(dim=0), d.T @ d,
                    lib.cat([d, d * 2]), d.unbind(1), lib.where(d > 0, d, d * d),
                    d.softmax(1), d.cumsum(0), d.mean(), d.std(1), (d + 1.0).log()]
            flat = []
            for out in outs:
                flat.extend(out if isinstance(out, tuple) else [out])
            return [None if fw.unpack_dual(o).tangent is None
                    else np.round(fw.unpack_dual(o).tangent.detach().numpy(), 10).tolist()
                    for o in flat]
    _same(script)


def test_no_grad_keeps_tangents_and_detach_drops_them():
    def script(lib, fw):
        with fw.dual_level():
            d = fw.make_dual(lib.tensor([1., 2.]), lib.tensor([1., 0.]))
            with lib.no_grad():
                y = d * 2
            e = d.exp()
            return [fw.unpack_dual(y).tangent.tolist(), fw.unpack_dual(d.detach()).tangent,
                    fw.unpack_dual(e.detach()).tangent, fw.unpack_dual(d.int()).tangent]
    _same(script)


def test_inplace_ops_and_views_carry_tangents():
    def script(lib, fw):
        found = []
        with fw.dual_level():
            d = fw.make_dual(lib.tensor([1., 2.]), lib.tensor([1., 0.]))
            y = d.clone()
            y.mul_(2)
            found.append(fw.unpack_dual(y).tangent.tolist())
            z = lib.ones(2)
            z.mul_(d)
            found.append(fw.unpack_dual(z).tangent.tolist())
            b = lib.zeros(3)
            b[0:2] = d
            found.append(fw.unpack_dual(b).tangent.tolist())
            base = lib.zeros(2, 2)
            row = base[0]
            base.copy_(fw.make_dual(lib.ones(2, 2), lib.ones(2, 2) * 3))
            found.append(fw.unpack_dual(row).tangent.tolist())
            v = y[1]
            v.mul_(d[1])
            found.append(fw.unpack_dual(y).tangent.tolist())
            found.append(_raised(lambda: lib.ones(2, dtype=lib.int64).mul_(d)))
            c = d.clone()
            c.zero_()
            found.append(fw.unpack_dual(c).tangent.tolist())
        return found
    _same(script)


def test_outputs_do_not_share_tangent_memory_with_inputs():
    with ember.autograd.forward_ad.dual_level():
        fw = ember.autograd.forward_ad
        a = fw.make_dual(ember.ones(2), ember.ones(2))
        b = a + 1
        assert fw.unpack_dual(b).tangent is not fw.unpack_dual(a).tangent
        b.mul_(3)
        assert fw.unpack_dual(a).tangent.tolist() == [1., 1.]


def test_custom_function_jvp():
    def script(lib, fw):
        class Scale(lib.autograd.Function):
            @staticmethod
            def forward(ctx, a, b, k):
                ctx.save_for_forward(a)
                return a * b, a + k

            @staticmethod
            def jvp(ctx, ta, tb, tk):
                a, = ctx.saved_tensors
                return ta * 2 + tb, ta * a

        class NoJvp(lib.autograd.Function):
            @staticmethod
            def forward(ctx, a):
                return a * 2

            @staticmethod
            def backward(ctx, g):
                return g * 2

        class WrongCount(lib.autograd.Function):
            @staticmethod
            def forward(ctx, a):
                return a * 2

            @staticmethod
            def jvp(ctx, ta):
                return ta, ta

        with fw.dual_level():
            d = fw.make_dual(lib.tensor([1., 2.]), lib.tensor([1., 0.]))
            p, q = Scale.apply(d, lib.ones(2), 3)
            return [fw.unpack_dual(p).tangent.tolist(), fw.unpack_dual(q).tangent.tolist(),
                    _raised(lambda: NoJvp.apply(d)), NoJvp.apply(lib.ones(2)).tolist(),
                    _raised(lambda: WrongCount.apply(d))]
    _same(script)


def test_forward_over_reverse_and_reverse_over_forward():
    def script(lib, fw):
        x0 = lib.tensor([0.5, 1.5, -0.3], dtype=lib.float64)
        v = lib.tensor([1.0, -2.0, 0.5], dtype=lib.float64)

        def f(x):
            return (x.sin() * x.exp()).sum() + x[0] * x[1] * x[2] + x.pow(3).mean()

        found = []
        with fw.dual_level():
            x = x0.clone().requires_grad_()
            xd = fw.make_dual(x, v)
            g, = lib.autograd.grad(f(xd), xd, create_graph=True)
            found.append(fw.unpack_dual(g).tangent)           # Hessian-vector product
            g, = lib.autograd.grad(f(xd), xd)
            found.append(fw.unpack_dual(g).tangent)
            jvp = fw.unpack_dual(f(xd)).tangent
            found.append(jvp)
            found.append(lib.autograd.grad(jvp, x, retain_graph=True)[0])  # d(J v)/dx
            # backward through the tangent's graph under the level: its formulas saw primals
            found.append(fw.unpack_dual(lib.autograd.grad(jvp, x)[0]).tangent)
        with fw.dual_level():
            t = v.clone().requires_grad_()
            y = (fw.make_dual(x0, t).sin() * x0).sum()
            fw.unpack_dual(y).tangent.backward()
            found.append(t.grad)
        return [np.round(a.detach().numpy(), 10).tolist() for a in found]
    _same(script)


def test_ops_without_forward_formula_raise():
    with ember.autograd.forward_ad.dual_level():
        d = ember.autograd.forward_ad.make_dual(ember.ones(2, 2), ember.ones(2, 2))
        with pytest.raises(NotImplementedError, match='Trying to use forward AD with'):
            ember.nn.functional.embedding_bag(ember.tensor([0, 1]), d, ember.tensor([0]))


def test_level_is_left_on_error_and_tangents_are_dropped():
    fw = ember.autograd.forward_ad
    with pytest.raises(ValueError):
        with fw.dual_level():
            d = fw.make_dual(ember.ones(2), ember.ones(2))
            raise ValueError
    assert fw.unpack_dual(d).tangent is None
    with fw.dual_level():
        assert fw.unpack_dual(d).tangent is None
    from ember.ops import _transforms
    assert _transforms.active == []


def test_ops_without_derivative_and_non_differentiable_results():
    def script(lib, fw):
        with fw.dual_level():
            d = fw.make_dual(lib.tensor([1.5, -2.5]), lib.tensor([1., 1.]))
            found = [_raised(lambda: lib.floor_divide(d, 2.)), _raised(lambda: d // 2),
                     repr(lib.remainder(d, 2.)), repr(d.argmax()), repr(lib.zeros_like(d)),
                     d.sum().item(), repr(d.to(lib.float64)), repr(d.contiguous()),
                     repr(lib.nn.functional.hardsigmoid(d)), repr(d.clone().detach())]
            x = d.clone()
            x.logical_and_(lib.ones(2))
            found.append(repr(x))
            x = d.clone()
            x.eq_(1.5)
            found.append(repr(x))
        return found
    _same(script)


def test_dual_level_as_decorator_and_setup_context_functions():
    def script(lib, fw):
        class Double(lib.autograd.Function):
            @staticmethod
            def forward(a):
                return a * 2

            @staticmethod
            def setup_context(ctx, inputs, output):
                pass

            @staticmethod
            def jvp(ctx, ta):
                return ta * 2

        @fw.dual_level()
        def run():
            d = fw.make_dual(lib.tensor([1., 2.]), lib.tensor([3., 4.]))
            return fw.unpack_dual(Double.apply(d)).tangent.tolist()
        return run()
    _same(script)
