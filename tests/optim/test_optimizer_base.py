"""The Optimizer base against torch: parameter groups, zero_grad, hooks, state dicts."""
import warnings

import numpy as np
import pytest

import ember
from tests.optim.helpers import (assert_params_close, assert_same, convert, make_arrays,
                                 make_params, raised, set_grads)

torch = pytest.importorskip('torch')


def both(fn):
    """fn(lib) for ember and torch."""
    return fn(ember), fn(torch)


def test_param_groups_defaults_and_repr():
    def build(lib):
        a, b, c = make_params(lib, make_arrays(0, np.float32))
        opt = lib.optim.SGD([{'params': [a, b]}, {'params': c, 'lr': 0.5, 'momentum': 0.9}],
                            lr=0.1)
        opt.add_param_group({'params': [make_params(lib, make_arrays(1, np.float32))[0]],
                             'weight_decay': 0.1})
        return opt
    ours, theirs = both(build)
    assert repr(ours) == repr(theirs)
    assert_same(ours.state_dict(), theirs.state_dict())
    assert [len(g['params']) for g in ours.param_groups] == [2, 1, 1]


def test_named_parameters_keep_their_names():
    def build(lib):
        params = make_params(lib, make_arrays(0, np.float32))
        return lib.optim.Adam([('w', params[0]), ('b', params[1])], lr=0.1)
    ours, theirs = both(build)
    assert_same(ours.state_dict(), theirs.state_dict())
    assert repr(ours) == repr(theirs)


def _construct(lib, case):
    p = lib.zeros(2, requires_grad=True)
    q = lib.zeros(3, requires_grad=True)
    cases = {
        'tensor': lambda: lib.optim.SGD(p),
        'empty': lambda: lib.optim.SGD([]),
        'not a tensor': lambda: lib.optim.SGD([p, 3]),
        'non-leaf': lambda: lib.optim.SGD([p * 2]),
        'set in group': lambda: lib.optim.SGD([{'params': {p}}]),
        'shared': lambda: lib.optim.SGD([{'params': [p]}, {'params': [p]}]),
        'names missing': lambda: lib.optim.SGD([('a', p), q]),
        'names mixed': lambda: lib.optim.SGD([{'params': [('a', p)]}, {'params': [q]}]),
        'group not dict': lambda: lib.optim.SGD([p]).add_param_group(3),
        'required': lambda: lib.optim.Optimizer([p], {'lr': required(lib)}),
    }
    return cases[case]()


def required(lib):
    if lib is torch:
        from torch.optim.optimizer import required as value
    else:
        from ember.optim.optimizer import required as value
    return value


@pytest.mark.parametrize('case', ['tensor', 'empty', 'not a tensor', 'non-leaf', 'set in group',
                                  'shared', 'names missing', 'names mixed', 'group not dict',
                                  'required'])
def test_construction_errors(case):
    ours = raised(lambda: _construct(ember, case))
    theirs = raised(lambda: _construct(torch, case))
    assert theirs is not None
    assert ours == theirs


def test_duplicate_parameters_warn():
    for lib in (ember, torch):
        p = lib.zeros(2, requires_grad=True)
        with pytest.warns(UserWarning, match='duplicate parameters'):
            lib.optim.SGD([p, p])


@pytest.mark.parametrize('set_to_none', [True, False])
def test_zero_grad(set_to_none):
    def run(lib):
        params = make_params(lib, make_arrays(0, np.float32))
        set_grads(params, make_arrays(1, np.float32))
        grad = params[0].grad
        opt = lib.optim.SGD(params)
        opt.zero_grad(set_to_none=set_to_none)
        return params, grad
    (ours, our_grad), (theirs, their_grad) = both(run)
    for a, b in zip(ours, theirs):
        assert (a.grad is None) == (b.grad is None)
        if b.grad is not None:
            assert a.grad.tolist() == b.grad.tolist()
    # set_to_none=False zeroes the same tensor in place
    assert (ours[0].grad is our_grad) == (theirs[0].grad is their_grad)


def test_step_hooks_order_and_arguments():
    def run(lib):
        calls = []
        params = make_params(lib, make_arrays(0, np.float32))
        set_grads(params, make_arrays(1, np.float32))
        opt = lib.optim.SGD(params, lr=0.1)
        pre = opt.register_step_pre_hook(lambda o, args, kwargs: calls.append(('pre', args[1:],
                                                                                kwargs)))
        opt.register_step_post_hook(lambda o, args, kwargs: calls.append(('post', o is opt)))
        opt.step()
        pre.remove()
        opt.step()
        return calls
    assert run(ember) == run(torch)


def test_pre_hook_can_replace_arguments():
    def run(lib):
        params = make_params(lib, make_arrays(0, np.float32))
        opt = lib.optim.SGD(params, lr=0.1)
        losses = []

        def closure():
            losses.append(1)
            return 7.0
        opt.register_step_pre_hook(lambda o, args, kwargs: ((o,), {'closure': closure}))
        result = opt.step()
        return result, losses, raised(lambda: _bad_hook(lib))
    ours, theirs = run(ember), run(torch)
    assert ours[:2] == theirs[:2]
    assert ours[2][0] == theirs[2][0] == 'RuntimeError'


def _bad_hook(lib):
    opt = lib.optim.SGD([lib.zeros(1, requires_grad=True)])
    opt.register_step_pre_hook(lambda o, args, kwargs: 3)
    opt.step()


def test_global_step_hooks():
    from ember.optim.optimizer import (register_optimizer_step_post_hook,
                                       register_optimizer_step_pre_hook)
    calls = []
    handles = [register_optimizer_step_pre_hook(lambda o, a, k: calls.append('pre')),
               register_optimizer_step_post_hook(lambda o, a, k: calls.append('post'))]
    opt = ember.optim.Adam([ember.zeros(2, requires_grad=True)])
    opt.register_step_post_hook(lambda o, a, k: calls.append('own post'))
    opt.step()
    for handle in handles:
        handle.remove()
    opt.step()
    assert calls == ['pre', 'own post', 'post', 'own post']


def test_state_dict_hooks():
    def run(lib):
        calls = []
        params = make_params(lib, make_arrays(0, np.float32))
        opt = lib.optim.SGD(params, lr=0.1, momentum=0.9)
        opt.register_state_dict_pre_hook(lambda o: calls.append('pre'))
        opt.register_state_dict_pre_hook(lambda o: calls.append('first pre'), prepend=True)

        def post(o, state_dict):
            calls.append('post')
            state_dict['extra'] = 1
        opt.register_state_dict_post_hook(post)
        state_dict = opt.state_dict()
        opt.register_load_state_dict_pre_hook(lambda o, sd: calls.append('load pre'))
        opt.register_load_state_dict_post_hook(lambda o: calls.append('load post'))
        opt.load_state_dict(state_dict)
        return calls, sorted(state_dict)
    assert run(ember) == run(torch)


def test_state_dict_shares_state_tensors_and_counts_shared_params_once():
    def run(lib):
        a, b = make_params(lib, make_arrays(0, np.float32))[:2]
        opt = lib.optim.SGD([{'params': [a]}, {'params': [b]}], lr=0.1, momentum=0.9)
        set_grads([a, b], make_arrays(1, np.float32)[:2])
        opt.step()
        state_dict = opt.state_dict()
        buf = state_dict['state'][0]['momentum_buffer']
        set_grads([a, b], make_arrays(2, np.float32)[:2])
        opt.step()
        return buf, state_dict
    (our_buf, ours), (their_buf, theirs) = both(run)
    # the state dict holds the optimizer's own tensors, which the second step updated
    np.testing.assert_allclose(our_buf.numpy(), their_buf.numpy(), rtol=1e-6)
    assert_same(ours, theirs, np.float32)


def test_load_state_dict_errors():
    def run(lib, case):
        params = make_params(lib, make_arrays(0, np.float32))
        opt = lib.optim.SGD(params)
        other = lib.optim.SGD([{'params': params[:1]}, {'params': params[1:]}])
        shorter = lib.optim.SGD(params[:2])
        source = {'groups': other, 'sizes': shorter}[case]
        return raised(lambda: opt.load_state_dict(source.state_dict()))
    for case in ('groups', 'sizes'):
        ours, theirs = run(ember, case), run(torch, case)
        assert theirs is not None and ours == theirs


def test_load_state_dict_casts_state_to_parameter_dtype():
    params = make_params(ember, make_arrays(0, np.float32))
    opt = ember.optim.Adam(params)
    set_grads(params, make_arrays(1, np.float32))
    opt.step()
    state_dict = opt.state_dict()
    state_dict['state'][0]['exp_avg'] = state_dict['state'][0]['exp_avg'].double()
    opt.load_state_dict(state_dict)
    assert opt.state[params[0]]['exp_avg'].dtype == ember.float32
    assert opt.state[params[0]]['step'].dtype == ember.float32


def test_old_style_float_step_is_converted():
    def run(lib):
        params = make_params(lib, make_arrays(0, np.float32))
        opt = lib.optim.Adam(params)
        set_grads(params, make_arrays(1, np.float32))
        opt.step()
        state_dict = opt.state_dict()
        for s in state_dict['state'].values():
            s['step'] = 1.0
        opt.load_state_dict(state_dict)
        set_grads(params, make_arrays(2, np.float32))
        opt.step()
        return params, opt.state_dict()
    (ours, our_sd), (theirs, their_sd) = both(run)
    assert_params_close(ours, theirs, np.float32)
    assert_same(our_sd, convert(their_sd, torch), np.float32)


def test_lr_changed_in_param_groups_takes_effect():
    def run(lib):
        params = make_params(lib, make_arrays(0, np.float32))
        opt = lib.optim.Adam(params, lr=0.1)
        for step in range(3):
            opt.param_groups[0]['lr'] *= 0.5
            opt.param_groups[0]['betas'] = (0.8, 0.99)
            set_grads(params, make_arrays(step + 1, np.float32))
            opt.step()
        return params
    ours, theirs = both(run)
    assert_params_close(ours, theirs, np.float32)


def test_step_modifies_parameters_in_place_without_graph():
    params = make_params(ember, make_arrays(0, np.float32))
    storage = [p.data_ptr() for p in params]
    opt = ember.optim.AdamW(params, lr=0.1)
    set_grads(params, make_arrays(1, np.float32))
    opt.step()
    assert [p.data_ptr() for p in params] == storage
    assert all(p.is_leaf and p.grad_fn is None and p.requires_grad for p in params)


def test_stale_graph_after_step_is_detected():
    def run(lib):
        w = lib.nn.Parameter(lib.ones(3))
        loss = (w * w).sum()
        opt = lib.optim.SGD([w], lr=0.1)
        loss.backward(retain_graph=True)
        opt.step()
        return raised(loss.backward)
    ours, theirs = run(ember), run(torch)
    assert theirs is not None and ours[0] == theirs[0]


def test_differentiable_is_not_supported():
    with pytest.raises(NotImplementedError, match='differentiable'):
        ember.optim.SGD([ember.zeros(1, requires_grad=True)], differentiable=True)


def test_no_warnings_in_a_plain_step():
    params = make_params(ember, make_arrays(0, np.float32))
    opt = ember.optim.Adam(params)
    set_grads(params, make_arrays(1, np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        opt.step()
        opt.zero_grad()


def test_user_defined_optimizer_gets_step_hooks():
    def run(lib):
        class PlainDescent(lib.optim.Optimizer):
            def __init__(self, params, lr=0.1):
                super().__init__(params, {'lr': lr})

            @lib.no_grad()
            def step(self, closure=None):
                for group in self.param_groups:
                    for p in group['params']:
                        if p.grad is not None:
                            p.add_(p.grad, alpha=-group['lr'])

        params = make_params(lib, make_arrays(0, np.float32))
        opt = PlainDescent(params)
        calls = []
        opt.register_step_pre_hook(lambda o, a, k: calls.append('pre'))
        opt.register_step_post_hook(lambda o, a, k: calls.append('post'))
        set_grads(params, make_arrays(1, np.float32))
        opt.step()
        scheduler = lib.optim.lr_scheduler.StepLR(opt, 1, gamma=0.5)
        opt.step()
        scheduler.step()
        return params, calls, repr(opt), scheduler.get_last_lr()
    ours, theirs = run(ember), run(torch)
    assert_params_close(ours[0], theirs[0], np.float32)
    assert ours[1:] == theirs[1:]
