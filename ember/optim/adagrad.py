"""Adagrad, with learning-rate decay and an initial accumulator value."""
import numpy as np

from ember._tensor import Tensor, wrap
from ember.optim._arrays import (advance, array_of, bump, check_fused, check_lr,
                                 check_not_differentiable, hyper, needs_view, new_scalar,
                                 scalar_dtype, view)
from ember.optim.optimizer import Optimizer

__all__ = ['Adagrad']


class Adagrad(Optimizer):
    """Matches `torch.optim.Adagrad` (its single-tensor algorithm, which torch runs on CPU)."""

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0,
                 eps=1e-10, foreach=None, *, maximize=False, differentiable=False, fused=None):
        check_lr(lr)
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError("Invalid initial_accumulator_value value: "
                             f"{initial_accumulator_value}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        defaults = {'lr': lr, 'lr_decay': lr_decay, 'eps': eps, 'weight_decay': weight_decay,
                    'initial_accumulator_value': initial_accumulator_value,
                    'foreach': foreach, 'maximize': maximize,
                    'differentiable': differentiable, 'fused': fused}
        super().__init__(params, defaults)
        check_fused(fused, foreach, differentiable)
        check_not_differentiable(differentiable)
        # unlike the other algorithms, Adagrad's state exists from the start
        for group in self.param_groups:
            for p in group['params']:
                self._init_state(self.state[p], p, group['fused'], initial_accumulator_value)

    @staticmethod
    def _init_state(p_state, p, fused, initial_value):
        p_state['step'] = new_scalar(0.0, scalar_dtype(fused))
        param = array_of(p)
        if param.dtype.kind == 'c':
            initial_value = complex(initial_value, initial_value)
        p_state['sum'] = wrap(np.full_like(param, initial_value))

    def __setstate__(self, state):
        super().__setstate__(state)
        fused = None
        for group in self.param_groups:
            group.setdefault('foreach', None)
            group.setdefault('maximize', False)
            group.setdefault('differentiable', False)
            fused = group.setdefault('fused', None)
            for p in group['params']:
                p_state = self.state.get(p, [])
                if len(p_state) != 0 and not isinstance(p_state['step'], Tensor):
                    p_state['step'] = new_scalar(float(p_state['step']),
                                                 scalar_dtype(bool(group['fused'])))
        values = list(self.state.values())
        if values and not isinstance(values[0]['step'], Tensor):
            for s in values:
                s['step'] = new_scalar(float(s['step']), scalar_dtype(fused))

    def share_memory(self):
        pass  # NumPy arrays live in this process; nothing to move

    def step(self, closure=None):
        loss = self._closure_loss(closure)
        state = self.state
        for group in self.param_groups:
            lr = hyper(group['lr'])
            lr_decay = group['lr_decay']
            weight_decay = hyper(group['weight_decay'])
            eps = group['eps']
            maximize = group['maximize']
            for p in group['params']:
                g = p._grad
                if g is None:
                    continue
                param = array_of(p)
                p_state = state[p]
                if len(p_state) == 0:
                    # NOTE: torch takes this late state's start from the defaults, not the group
                    self._init_state(p_state, p, group['fused'],
                                     self.defaults['initial_accumulator_value'])
                step = advance(p_state['step'])
                grad = g._data
                if maximize:
                    grad = -grad
                if weight_decay != 0:
                    grad = grad + param * weight_decay
                clr = lr / (1 + (step - 1) * lr_decay)
                state_sum = array_of(p_state['sum'])
                if needs_view(param):
                    param, grad, state_sum = view(param), view(grad), view(state_sum)
                state_sum += grad * grad
                std = np.sqrt(state_sum)
                std += eps
                update = grad * -clr
                update /= std
                param += update
                bump(p, 1)
        return loss
