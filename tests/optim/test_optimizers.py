"""Every optimizer x configuration against torch: N steps from identical parameters and
gradients give the same parameters and the same state_dict; torch's state dicts load and
continue; bad arguments raise torch's errors."""
import copy

import numpy as np
import pytest

import ember
from tests.optim.helpers import (assert_params_close, assert_same, convert, make_arrays,
                                 make_params, raised, set_grads)

torch = pytest.importorskip('torch')

STEPS = 8

CONFIGS = [
    ('SGD', {'lr': 0.1}),
    ('SGD', {'lr': 0.1, 'momentum': 0.9}),
    ('SGD', {'lr': 0.05, 'momentum': 0.9, 'dampening': 0.5, 'weight_decay': 0.1}),
    ('SGD', {'lr': 0.05, 'momentum': 0.8, 'nesterov': True, 'weight_decay': 0.01}),
    ('SGD', {'lr': 0.1, 'momentum': 0.5, 'maximize': True}),
    ('SGD', {'lr': 0.1, 'foreach': False}),
    ('Adam', {}),
    ('Adam', {'lr': 0.01, 'betas': (0.8, 0.9), 'eps': 1e-6}),
    ('Adam', {'lr': 0.01, 'weight_decay': 0.1}),
    ('Adam', {'lr': 0.01, 'amsgrad': True}),
    ('Adam', {'lr': 0.01, 'amsgrad': True, 'maximize': True, 'weight_decay': 0.05}),
    ('Adam', {'lr': 0.01, 'weight_decay': 0.1, 'decoupled_weight_decay': True}),
    ('Adam', {'lr': 0.01, 'betas': (0.3, 0.6)}),
    ('Adam', {'lr': 0.01, 'fused': True}),
    ('AdamW', {}),
    ('AdamW', {'lr': 0.01, 'weight_decay': 0.1, 'amsgrad': True}),
    ('AdamW', {'lr': 0.01, 'maximize': True}),
    ('RMSprop', {}),
    ('RMSprop', {'lr': 0.01, 'alpha': 0.9, 'weight_decay': 0.1}),
    ('RMSprop', {'lr': 0.01, 'centered': True}),
    ('RMSprop', {'lr': 0.01, 'momentum': 0.9}),
    ('RMSprop', {'lr': 0.01, 'centered': True, 'momentum': 0.5, 'maximize': True}),
    ('Adagrad', {}),
    ('Adagrad', {'lr': 0.1, 'lr_decay': 0.05, 'weight_decay': 0.1}),
    ('Adagrad', {'lr': 0.1, 'initial_accumulator_value': 0.5, 'eps': 1e-6, 'maximize': True}),
    ('Adadelta', {}),
    ('Adadelta', {'lr': 0.5, 'rho': 0.8, 'eps': 1e-4, 'weight_decay': 0.1}),
    ('Adadelta', {'maximize': True}),
    ('Adamax', {}),
    ('Adamax', {'lr': 0.01, 'betas': (0.8, 0.95), 'weight_decay': 0.1}),
    ('Adamax', {'maximize': True}),
    ('NAdam', {}),
    ('NAdam', {'lr': 0.01, 'momentum_decay': 0.01, 'weight_decay': 0.1}),
    ('NAdam', {'lr': 0.01, 'weight_decay': 0.1, 'decoupled_weight_decay': True}),
    ('NAdam', {'maximize': True}),
    ('RAdam', {}),
    ('RAdam', {'lr': 0.01, 'weight_decay': 0.1}),
    ('RAdam', {'lr': 0.01, 'weight_decay': 0.1, 'decoupled_weight_decay': True}),
    ('RAdam', {'lr': 0.01, 'betas': (0.5, 0.6), 'maximize': True}),
]
IDS = [f'{name}-{i}' for i, (name, _) in enumerate(CONFIGS)]


def build(lib, name, kwargs, arrays):
    params = make_params(lib, arrays)
    return params, getattr(lib.optim, name)(params, **kwargs)


def run_both(name, kwargs, dtype, steps=STEPS, seed=0):
    """Step ember's and torch's optimizer side by side; compare after every step."""
    init = make_arrays(seed, dtype)
    ours, our_opt = build(ember, name, kwargs, init)
    theirs, their_opt = build(torch, name, kwargs, init)
    for step in range(steps):
        grads = make_arrays(seed + 1 + step, dtype)
        set_grads(ours, grads)
        set_grads(theirs, grads)
        our_opt.step()
        their_opt.step()
        assert_params_close(ours, theirs, dtype)
    return our_opt, their_opt


@pytest.mark.parametrize('dtype', [np.float32, np.float64])
@pytest.mark.parametrize('name, kwargs', CONFIGS, ids=IDS)
def test_steps_and_state_dict_match_torch(name, kwargs, dtype):
    our_opt, their_opt = run_both(name, kwargs, dtype)
    assert_same(our_opt.state_dict(), their_opt.state_dict(), dtype)
    assert repr(our_opt) == repr(their_opt)


@pytest.mark.parametrize('name, kwargs', CONFIGS[::3], ids=IDS[::3])
def test_complex_parameters(name, kwargs):
    run_both(name, kwargs, np.complex64, steps=4)


@pytest.mark.parametrize('name, kwargs', CONFIGS[::2], ids=IDS[::2])
def test_float64_default_dtype_keeps_step_in_float64(name, kwargs):
    ember.set_default_dtype(ember.float64)
    torch.set_default_dtype(torch.float64)
    try:
        our_opt, their_opt = run_both(name, kwargs, np.float64, steps=3)
        assert_same(our_opt.state_dict(), their_opt.state_dict(), np.float64)
    finally:
        torch.set_default_dtype(torch.float32)


@pytest.mark.parametrize('name, kwargs', CONFIGS[1::2], ids=IDS[1::2])
def test_step_with_closure(name, kwargs):
    init = make_arrays(0, np.float32)
    weights = make_arrays(9, np.float32)

    def closure_for(lib, params, opt):
        coefficients = [lib.tensor(w) for w in weights]

        def closure():
            opt.zero_grad()
            loss = sum(((p - c) ** 2).sum() for p, c in zip(params, coefficients))
            loss.backward()
            return loss
        return closure

    losses = []
    for lib in (ember, torch):
        params, opt = build(lib, name, kwargs, init)
        closure = closure_for(lib, params, opt)
        losses.append([opt.step(closure).item() for _ in range(5)])
        if lib is ember:
            ours = params
        else:
            theirs = params
    np.testing.assert_allclose(losses[0], losses[1], rtol=1e-5)
    assert_params_close(ours, theirs, np.float32)


@pytest.mark.parametrize('name, kwargs', CONFIGS, ids=IDS)
def test_load_torch_state_dict_and_continue(name, kwargs):
    dtype = np.float32
    init = make_arrays(0, dtype)
    theirs, their_opt = build(torch, name, kwargs, init)
    for step in range(3):
        set_grads(theirs, make_arrays(step + 1, dtype))
        their_opt.step()
    # ember picks up from torch's parameters and optimizer state
    ours, our_opt = build(ember, name, kwargs, [p.detach().numpy() for p in theirs])
    our_opt.load_state_dict(convert(their_opt.state_dict(), ember))
    for step in range(3, 7):
        grads = make_arrays(step + 1, dtype)
        set_grads(ours, grads)
        set_grads(theirs, grads)
        our_opt.step()
        their_opt.step()
    assert_params_close(ours, theirs, dtype)
    assert_same(our_opt.state_dict(), their_opt.state_dict(), dtype)


@pytest.mark.parametrize('name, kwargs', CONFIGS[::4], ids=IDS[::4])
def test_torch_loads_ember_state_dict(name, kwargs):
    our_opt, their_opt = run_both(name, kwargs, np.float32, steps=3)
    params = make_params(torch, make_arrays(5, np.float32))
    fresh = getattr(torch.optim, name)(params, **kwargs)
    fresh.load_state_dict(convert(our_opt.state_dict(), torch))
    assert_same(convert(fresh.state_dict(), ember), their_opt.state_dict(), np.float32)


@pytest.mark.parametrize('name, kwargs', CONFIGS[::3], ids=IDS[::3])
def test_parameter_version_advances_as_torch(name, kwargs):
    for lib in (ember, torch):
        params, opt = build(lib, name, kwargs, make_arrays(0, np.float32))
        for step in range(2):
            set_grads(params, make_arrays(step + 1, np.float32))
            opt.step()
        if lib is ember:
            ours = [p._version for p in params]
    assert ours == [p._version for p in params]


@pytest.mark.parametrize('name, kwargs', CONFIGS[::5], ids=IDS[::5])
def test_parameters_without_grad_are_skipped(name, kwargs):
    results = []
    for lib in (ember, torch):
        params, opt = build(lib, name, kwargs, make_arrays(0, np.float32))
        set_grads(params[:1], make_arrays(1, np.float32)[:1])
        opt.step()
        results.append((params, sorted(opt.state_dict()['state'])))
    assert results[0][1] == results[1][1]
    assert_params_close(results[0][0], results[1][0], np.float32)


def test_tensor_learning_rate():
    for name in ('SGD', 'Adam', 'RMSprop', 'Adagrad'):
        init = make_arrays(0, np.float32)
        runs = []
        for lib in (ember, torch):
            params = make_params(lib, init)
            opt = getattr(lib.optim, name)(params, lr=lib.tensor(0.05))
            for step in range(3):
                set_grads(params, make_arrays(step + 1, np.float32))
                opt.step()
            runs.append((params, opt))
        assert_params_close(runs[0][0], runs[1][0], np.float32)
        assert repr(runs[0][1]) == repr(runs[1][1])


def test_deepcopy_and_pickle_keep_state():
    import pickle
    our_opt, their_opt = run_both('Adam', {'lr': 0.01}, np.float32, steps=2)
    for clone in (copy.deepcopy(our_opt), pickle.loads(pickle.dumps(our_opt))):
        assert_same(clone.state_dict(), their_opt.state_dict(), np.float32)


ERRORS = [
    ('SGD', {'lr': -1}),
    ('SGD', {'momentum': -0.5}),
    ('SGD', {'weight_decay': -1e-3}),
    ('SGD', {'nesterov': True}),
    ('SGD', {'nesterov': True, 'momentum': 0.9, 'dampening': 0.1}),
    ('SGD', {'fused': True, 'foreach': True}),
    ('Adam', {'lr': -0.1}),
    ('Adam', {'eps': -1.0}),
    ('Adam', {'betas': (1.0, 0.9)}),
    ('Adam', {'betas': (0.9, -0.1)}),
    ('Adam', {'weight_decay': -1}),
    ('Adam', {'betas': (0, 0.9)}),
    ('Adam', {'fused': True, 'foreach': True}),
    ('AdamW', {'betas': (0.9, 1.5)}),
    ('RMSprop', {'lr': -1.0}),
    ('RMSprop', {'eps': -1.0}),
    ('RMSprop', {'momentum': -1.0}),
    ('RMSprop', {'weight_decay': -1.0}),
    ('RMSprop', {'alpha': -1.0}),
    ('Adagrad', {'lr_decay': -1.0}),
    ('Adagrad', {'initial_accumulator_value': -1.0}),
    ('Adagrad', {'eps': -1.0}),
    ('Adagrad', {'weight_decay': -1.0}),
    ('Adadelta', {'rho': 1.5}),
    ('Adadelta', {'lr': -1}),
    ('Adadelta', {'eps': -1.0}),
    ('Adamax', {'betas': (0.9, 1.0)}),
    ('Adamax', {'eps': -1.0}),
    ('NAdam', {'momentum_decay': -1.0}),
    ('NAdam', {'betas': (-0.1, 0.9)}),
    ('RAdam', {'weight_decay': -1.0}),
    ('RAdam', {'betas': (0.9, 1.0)}),
]


@pytest.mark.parametrize('name, kwargs', ERRORS)
def test_bad_arguments_raise_torch_errors(name, kwargs):
    init = make_arrays(0, np.float32)
    ours = raised(lambda: getattr(ember.optim, name)(make_params(ember, init), **kwargs))
    theirs = raised(lambda: getattr(torch.optim, name)(make_params(torch, init), **kwargs))
    assert theirs is not None
    assert ours == theirs


@pytest.mark.parametrize('name', ['Adam', 'AdamW', 'RMSprop', 'Adamax', 'NAdam', 'RAdam',
                                  'Adadelta'])
def test_capturable_on_cpu_raises_at_step(name):
    results = []
    for lib in (ember, torch):
        params = make_params(lib, make_arrays(0, np.float32))
        opt = getattr(lib.optim, name)(params, capturable=True)
        set_grads(params, make_arrays(1, np.float32))
        results.append(raised(opt.step))
    assert results[0] == results[1]
