"""Adadelta."""
import numpy as np

from ember.optim._arrays import (addcmul_, advance, array_of, bump, capturable_error, check_lr,
                                 check_not_differentiable, hyper, needs_view, new_scalar,
                                 scalar_dtype, upgrade_pickled, view, zeros_state)
from ember.optim.optimizer import Optimizer

__all__ = ['Adadelta']


class Adadelta(Optimizer):
    """Matches `torch.optim.Adadelta` (its single-tensor algorithm, which torch runs on CPU)."""

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *,
                 capturable=False, maximize=False, differentiable=False):
        check_lr(lr)
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {'lr': lr, 'rho': rho, 'eps': eps, 'weight_decay': weight_decay,
                    'maximize': maximize, 'capturable': capturable, 'foreach': foreach,
                    'differentiable': differentiable}
        super().__init__(params, defaults)
        check_not_differentiable(differentiable)

    def __setstate__(self, state):
        super().__setstate__(state)
        upgrade_pickled(self, {'foreach': None, 'maximize': False, 'differentiable': False,
                               'capturable': False})

    def step(self, closure=None):
        loss = self._closure_loss(closure)
        state = self.state
        for group in self.param_groups:
            lr = hyper(group['lr'])
            rho = group['rho']
            eps = group['eps']
            weight_decay = hyper(group['weight_decay'])
            maximize = group['maximize']
            with_grads = [p for p in group['params'] if p._grad is not None]
            for p in with_grads:
                p_state = state[p]
                if len(p_state) == 0:
                    param = array_of(p)
                    p_state['step'] = new_scalar(0.0, scalar_dtype())
                    p_state['square_avg'] = zeros_state(param)
                    p_state['acc_delta'] = zeros_state(param)
            if group['capturable'] and with_grads:
                raise capturable_error(supports_xla=False)
            for p in with_grads:
                param = array_of(p)
                p_state = state[p]
                advance(p_state['step'])
                grad = p._grad._data
                if maximize:
                    grad = -grad
                if weight_decay != 0:
                    grad = grad + param * weight_decay
                square_avg = array_of(p_state['square_avg'])
                acc_delta = array_of(p_state['acc_delta'])
                if needs_view(param):
                    param, grad = view(param), view(grad)
                    square_avg, acc_delta = view(square_avg), view(acc_delta)
                square_avg *= rho
                addcmul_(square_avg, 1 - rho, grad, grad)
                std = square_avg + eps
                np.sqrt(std, out=std)
                delta = acc_delta + eps
                np.sqrt(delta, out=delta)
                delta /= std
                delta *= grad
                acc_delta *= rho
                addcmul_(acc_delta, 1 - rho, delta, delta)
                param -= delta * lr
                bump(p, 1)
        return loss
