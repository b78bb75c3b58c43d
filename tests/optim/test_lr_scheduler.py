"""Learning-rate schedulers against torch: the lr (and momentum) sequences are equal float for
float, state dicts round-trip, and the call-order warnings are torch's."""
import math
import warnings

import pytest

import ember
from tests.optim.helpers import assert_same, raised

torch = pytest.importorskip('torch')

STEPS = 40


def optimizer(lib, name='SGD', lrs=(0.1, 0.02)):
    groups = [{'params': [lib.zeros(2, requires_grad=True)], 'lr': lr} for lr in lrs]
    if name == 'SGD':
        return lib.optim.SGD(groups, lr=0.1, momentum=0.9)
    return getattr(lib.optim, name)(groups, lr=0.1)


def _lambda(epoch):
    return 0.95 ** epoch


def _multiplier(epoch):
    return 0.9 if epoch % 3 else 1.05


class Factor:
    """A callable object: its __dict__ goes into the scheduler's state dict."""

    def __init__(self, base):
        self.base = base

    def __call__(self, epoch):
        return self.base ** epoch


def schedulers(lib, opt, case):
    s = lib.optim.lr_scheduler
    cases = {
        'StepLR': lambda: s.StepLR(opt, step_size=7, gamma=0.5),
        'StepLR-default': lambda: s.StepLR(opt, 3),
        'MultiStepLR': lambda: s.MultiStepLR(opt, milestones=[3, 10, 10, 25], gamma=0.3),
        'ExponentialLR': lambda: s.ExponentialLR(opt, gamma=0.93),
        'CosineAnnealingLR': lambda: s.CosineAnnealingLR(opt, T_max=12),
        'CosineAnnealingLR-eta': lambda: s.CosineAnnealingLR(opt, T_max=7, eta_min=0.001),
        'WarmRestarts': lambda: s.CosineAnnealingWarmRestarts(opt, T_0=5),
        'WarmRestarts-mult': lambda: s.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2,
                                                                   eta_min=1e-3),
        'LambdaLR': lambda: s.LambdaLR(opt, lr_lambda=_lambda),
        'LambdaLR-list': lambda: s.LambdaLR(opt, lr_lambda=[_lambda, Factor(0.9)]),
        'MultiplicativeLR': lambda: s.MultiplicativeLR(opt, lr_lambda=_multiplier),
        'LinearLR': lambda: s.LinearLR(opt),
        'LinearLR-down': lambda: s.LinearLR(opt, start_factor=1.0, end_factor=0.1,
                                            total_iters=15),
        'ConstantLR': lambda: s.ConstantLR(opt),
        'ConstantLR-long': lambda: s.ConstantLR(opt, factor=0.5, total_iters=12),
        'PolynomialLR': lambda: s.PolynomialLR(opt, total_iters=20, power=2.0),
        'OneCycleLR': lambda: s.OneCycleLR(opt, max_lr=1.0, total_steps=STEPS),
        'OneCycleLR-linear': lambda: s.OneCycleLR(opt, max_lr=[0.5, 0.3], epochs=4,
                                                  steps_per_epoch=10, anneal_strategy='linear',
                                                  pct_start=0.25, div_factor=10.0),
        'OneCycleLR-three': lambda: s.OneCycleLR(opt, max_lr=0.8, total_steps=STEPS,
                                                 three_phase=True, cycle_momentum=False),
        'CyclicLR': lambda: s.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=4),
        'CyclicLR-tri2': lambda: s.CyclicLR(opt, base_lr=[0.01, 0.02], max_lr=0.1,
                                            step_size_up=3, step_size_down=5,
                                            mode='triangular2'),
        'CyclicLR-exp': lambda: s.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=4,
                                           mode='exp_range', gamma=0.97),
        'SequentialLR': lambda: s.SequentialLR(
            opt, [s.LinearLR(opt, start_factor=0.1, total_iters=5),
                  s.CosineAnnealingLR(opt, T_max=20)], milestones=[5]),
        'SequentialLR-three': lambda: s.SequentialLR(
            opt, [s.ConstantLR(opt, factor=0.5, total_iters=4), s.ExponentialLR(opt, 0.9),
                  s.StepLR(opt, 5, 0.5)], milestones=[6, 15]),
        'ChainedScheduler': lambda: s.ChainedScheduler(
            [s.ConstantLR(opt, factor=0.1, total_iters=3), s.ExponentialLR(opt, gamma=0.9)]),
        'ChainedScheduler-opt': lambda: s.ChainedScheduler(
            [s.LinearLR(opt, total_iters=4), s.MultiStepLR(opt, [5, 9])], optimizer=opt),
    }
    return cases[case]()


CASES = ['StepLR', 'StepLR-default', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR',
         'CosineAnnealingLR-eta', 'WarmRestarts', 'WarmRestarts-mult', 'LambdaLR',
         'LambdaLR-list', 'MultiplicativeLR', 'LinearLR', 'LinearLR-down', 'ConstantLR',
         'ConstantLR-long', 'PolynomialLR', 'OneCycleLR', 'OneCycleLR-linear',
         'OneCycleLR-three', 'CyclicLR', 'CyclicLR-tri2', 'CyclicLR-exp', 'SequentialLR',
         'SequentialLR-three', 'ChainedScheduler', 'ChainedScheduler-opt']


def trace(lib, case, steps=STEPS, name='SGD'):
    """Each step's (last lr, group lrs, group momenta) for one scheduler run."""
    opt = optimizer(lib, name)
    scheduler = schedulers(lib, opt, case)
    values = [_snapshot(scheduler, opt)]
    for _ in range(steps - 1):
        opt.step()
        scheduler.step()
        values.append(_snapshot(scheduler, opt))
    return values, scheduler


def _snapshot(scheduler, opt):
    momenta = [g.get('momentum', g.get('betas')) for g in opt.param_groups]
    return scheduler.get_last_lr(), [g['lr'] for g in opt.param_groups], momenta


def _state(scheduler):
    state = scheduler.state_dict()
    if 'lr_lambdas' in state:
        state = dict(state, lr_lambdas=[s for s in state['lr_lambdas']])
    return state


@pytest.mark.parametrize('case', CASES)
def test_sequences_equal_torch(case):
    ours, our_scheduler = trace(ember, case)
    theirs, their_scheduler = trace(torch, case)
    assert ours == theirs
    assert_same(_state(our_scheduler), _state(their_scheduler))


@pytest.mark.parametrize('case', ['OneCycleLR', 'CyclicLR', 'CyclicLR-exp'])
def test_beta1_cycles_with_adam(case):
    assert trace(ember, case, name='Adam')[0] == trace(torch, case, name='Adam')[0]


@pytest.mark.parametrize('case', CASES)
def test_state_dict_round_trip(case):
    """Save after 10 steps, load into a fresh scheduler, continue: torch's sequence."""
    theirs = trace(torch, case)[0]
    opt = optimizer(ember)
    scheduler = schedulers(ember, opt, case)
    for _ in range(9):
        opt.step()
        scheduler.step()
    saved_sched, saved_opt = scheduler.state_dict(), opt.state_dict()
    opt = optimizer(ember)
    scheduler = schedulers(ember, opt, case)
    scheduler.load_state_dict(saved_sched)
    opt.load_state_dict(saved_opt)
    ours = [_snapshot(scheduler, opt)]
    for _ in range(STEPS - 10):
        opt.step()
        scheduler.step()
        ours.append(_snapshot(scheduler, opt))
    assert ours == theirs[9:]


CLOSED_FORM = ['StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'LinearLR',
               'ConstantLR', 'PolynomialLR', 'LambdaLR', 'WarmRestarts', 'WarmRestarts-mult']


@pytest.mark.parametrize('case', CLOSED_FORM)
def test_step_with_epoch_uses_the_closed_form(case):
    def run(lib):
        opt = optimizer(lib)
        scheduler = schedulers(lib, opt, case)
        values = []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            for epoch in [3, 4, 10, 2, 17, 0, 25]:
                opt.step()
                scheduler.step(epoch)
                values.append(_snapshot(scheduler, opt))
        return values, sorted({str(w.message) for w in caught})
    assert run(ember) == run(torch)


def test_warm_restarts_fractional_epochs():
    def run(lib):
        opt = optimizer(lib)
        scheduler = lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=4, T_mult=2)
        values = []
        for epoch in range(12):
            for i in range(5):
                opt.step()
                scheduler.step(epoch + i / 5)
                values.append(scheduler.get_last_lr())
        return values
    assert run(ember) == run(torch)


def test_reduce_lr_on_plateau():
    metrics = [1.0, 0.9, 0.95, 0.95, 0.97, 0.99, 0.8, 0.85, 0.86, 0.87, 0.9, 0.91, 0.92, 0.93,
               0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.77, 0.78]
    configs = [{}, {'patience': 2}, {'patience': 1, 'factor': 0.5, 'cooldown': 2},
               {'mode': 'max', 'patience': 0, 'threshold_mode': 'abs', 'threshold': 0.05},
               {'patience': 0, 'min_lr': [0.01, 0.015], 'eps': 1e-3},
               {'mode': 'max', 'patience': 1}]
    for config in configs:
        def run(lib):
            opt = optimizer(lib)
            scheduler = lib.optim.lr_scheduler.ReduceLROnPlateau(opt, **config)
            values = []
            for metric in metrics:
                opt.step()
                scheduler.step(metric)
                values.append((scheduler.get_last_lr(), scheduler.num_bad_epochs,
                               scheduler.cooldown_counter, scheduler.best))
            return values, scheduler.state_dict()
        (ours, our_state), (theirs, their_state) = run(ember), run(torch)
        assert ours == theirs
        assert_same(our_state, their_state)


def test_reduce_lr_on_plateau_round_trip():
    opt = optimizer(ember)
    scheduler = ember.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1)
    for metric in [1.0, 1.1, 1.2]:
        scheduler.step(metric)
    fresh = ember.optim.lr_scheduler.ReduceLROnPlateau(optimizer(ember), mode='max')
    fresh.load_state_dict(scheduler.state_dict())
    assert fresh.mode == 'min' and fresh.num_bad_epochs == scheduler.num_bad_epochs


def test_tensor_learning_rates_are_filled_in_place():
    def run(lib):
        lr = lib.tensor(0.1)
        opt = lib.optim.Adam([lib.zeros(2, requires_grad=True)], lr=lr)
        scheduler = lib.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
        for _ in range(3):
            opt.step()
            scheduler.step()
        return (opt.param_groups[0]['lr'] is lr, lr.item(),
                [x.item() for x in scheduler.get_last_lr()])
    assert run(ember) == run(torch)


def _warnings_of(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        fn()
    return [(w.category.__name__, str(w.message)) for w in caught]


def test_scheduler_step_before_optimizer_step_warns():
    def run(lib):
        opt = optimizer(lib)
        scheduler = lib.optim.lr_scheduler.StepLR(opt, 2)
        return _warnings_of(scheduler.step)
    ours, theirs = run(ember), run(torch)
    assert len(theirs) == 1 and ours == theirs


def test_overridden_optimizer_step_warns():
    def run(lib):
        opt = optimizer(lib)
        scheduler = lib.optim.lr_scheduler.StepLR(opt, 2)
        opt.step = lambda: None
        return _warnings_of(scheduler.step)
    ours, theirs = run(ember), run(torch)
    assert len(theirs) == 1 and ours == theirs


def test_right_order_does_not_warn_and_get_lr_outside_step_does():
    def run(lib):
        opt = optimizer(lib)
        scheduler = lib.optim.lr_scheduler.ExponentialLR(opt, 0.5)
        quiet = _warnings_of(lambda: (opt.step(), scheduler.step()))
        return quiet, _warnings_of(scheduler.get_lr)
    ours, theirs = run(ember), run(torch)
    assert theirs[0] == [] and len(theirs[1]) == 1
    assert ours == theirs


def _construct(lib, case):
    s = lib.optim.lr_scheduler
    opt = optimizer(lib)
    other = optimizer(lib)
    cases = {
        'not an optimizer': lambda: s.StepLR(3, 2),
        'resume without initial_lr': lambda: s.StepLR(opt, 2, last_epoch=4),
        'lambda count': lambda: s.LambdaLR(opt, [_lambda]),
        'multiplicative not callable': lambda: s.MultiplicativeLR(opt, [_lambda, 3]),
        'constant factor': lambda: s.ConstantLR(opt, factor=1.5),
        'linear start': lambda: s.LinearLR(opt, start_factor=0),
        'linear end': lambda: s.LinearLR(opt, end_factor=2),
        'warm T_0': lambda: s.CosineAnnealingWarmRestarts(opt, T_0=0),
        'warm T_mult': lambda: s.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=1.5),
        'warm eta_min': lambda: s.CosineAnnealingWarmRestarts(opt, T_0=2, eta_min='a'),
        'onecycle steps': lambda: s.OneCycleLR(opt, 0.1),
        'onecycle total': lambda: s.OneCycleLR(opt, 0.1, total_steps=-1),
        'onecycle epochs': lambda: s.OneCycleLR(opt, 0.1, epochs=0, steps_per_epoch=3),
        'onecycle pct': lambda: s.OneCycleLR(opt, 0.1, total_steps=10, pct_start=1.5),
        'onecycle anneal': lambda: s.OneCycleLR(opt, 0.1, total_steps=10,
                                                anneal_strategy='exp'),
        'onecycle max_lr list': lambda: s.OneCycleLR(opt, [0.1], total_steps=10),
        'onecycle no momentum': lambda: s.OneCycleLR(
            lib.optim.Adagrad([lib.zeros(1, requires_grad=True)]), 0.1, total_steps=10),
        'onecycle past the end': lambda: _past_the_end(s, opt),
        'cyclic mode': lambda: s.CyclicLR(opt, 0.01, 0.1, mode='sine'),
        'plateau factor': lambda: s.ReduceLROnPlateau(opt, factor=1.0),
        'plateau mode': lambda: s.ReduceLROnPlateau(opt, mode='avg'),
        'plateau threshold mode': lambda: s.ReduceLROnPlateau(opt, threshold_mode='x'),
        'plateau min_lrs': lambda: s.ReduceLROnPlateau(opt, min_lr=[0.1]),
        'sequential empty': lambda: s.SequentialLR(opt, [], []),
        'sequential milestones': lambda: s.SequentialLR(opt, [s.StepLR(opt, 2)], [3]),
        'sequential other optimizer': lambda: s.SequentialLR(
            opt, [s.StepLR(opt, 2), s.StepLR(other, 2)], [3]),
        'sequential plateau': lambda: s.SequentialLR(
            opt, [s.StepLR(opt, 2), s.ReduceLROnPlateau(opt)], [3]),
        'chained empty': lambda: s.ChainedScheduler([]),
        'chained not a scheduler': lambda: s.ChainedScheduler([s.StepLR(opt, 2), 3]),
    }
    return cases[case]()


def _past_the_end(s, opt):
    scheduler = s.OneCycleLR(opt, 0.1, total_steps=2)
    for _ in range(3):
        scheduler.step()


@pytest.mark.parametrize('case', [
    'not an optimizer', 'resume without initial_lr', 'lambda count',
    'multiplicative not callable', 'constant factor', 'linear start', 'linear end', 'warm T_0',
    'warm T_mult', 'warm eta_min', 'onecycle steps', 'onecycle total', 'onecycle epochs',
    'onecycle pct', 'onecycle anneal', 'onecycle max_lr list', 'onecycle no momentum',
    'onecycle past the end', 'cyclic mode', 'plateau factor', 'plateau mode',
    'plateau threshold mode', 'plateau min_lrs', 'sequential empty', 'sequential milestones',
    'sequential other optimizer', 'sequential plateau', 'chained empty',
    'chained not a scheduler'])
def test_errors_match_torch(case):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        ours = raised(lambda: _construct(ember, case))
        theirs = raised(lambda: _construct(torch, case))
    assert theirs is not None
    if case == 'sequential other optimizer':
        # the message prints each optimizer's repr, whose tensors differ by library
        assert ours[0] == theirs[0]
    else:
        assert ours == theirs


def test_resuming_with_last_epoch():
    def run(lib):
        opt = optimizer(lib)
        for group in opt.param_groups:
            group['initial_lr'] = group['lr']
        scheduler = lib.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10, last_epoch=4)
        values = [scheduler.get_last_lr()]
        for _ in range(8):
            opt.step()
            scheduler.step()
            values.append(scheduler.get_last_lr())
        return values
    assert run(ember) == run(torch)
    assert not any(math.isnan(v) for step in run(ember) for v in step)
