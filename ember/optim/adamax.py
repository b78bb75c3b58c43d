"""Adamax: Adam with an infinity-norm second moment."""
import numpy as np

from ember.optim._arrays import (advance, array_of, bump, capturable_error, check_lr,
                                 check_not_differentiable, gradients, hyper, lerp_, needs_view,
                                 new_scalar, scalar_dtype, upgrade_pickled, view, zeros_state)
from ember.optim.adam import check_betas
from ember.optim.optimizer import Optimizer

__all__ = ['Adamax']


class Adamax(Optimizer):
    """Matches `torch.optim.Adamax` (its single-tensor algorithm, which torch runs on CPU)."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 foreach=None, *, maximize=False, differentiable=False, capturable=False):
        check_lr(lr)
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        check_betas(betas)
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {'lr': lr, 'betas': betas, 'eps': eps, 'weight_decay': weight_decay,
                    'foreach': foreach, 'maximize': maximize,
                    'differentiable': differentiable, 'capturable': capturable}
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
            beta1, beta2 = group['betas']
            lr = hyper(group['lr'])
            eps = group['eps']
            weight_decay = hyper(group['weight_decay'])

            def start(p_state, param):
                p_state['step'] = new_scalar(0.0, scalar_dtype())
                p_state['exp_avg'] = zeros_state(param)
                p_state['exp_inf'] = zeros_state(param)

            for p, param, grad, p_state in gradients(group, state, start):
                if group['capturable']:
                    raise capturable_error()
                step = advance(p_state['step'])
                if weight_decay != 0:
                    grad = grad + param * weight_decay
                exp_avg = array_of(p_state['exp_avg'])
                exp_inf = array_of(p_state['exp_inf'])
                if needs_view(param):
                    param, grad = view(param), view(grad)
                    exp_avg, exp_inf = view(exp_avg), view(exp_inf)
                lerp_(exp_avg, grad, 1 - beta1)
                exp_inf *= beta2
                norm = np.abs(grad)
                norm += eps
                np.maximum(exp_inf, norm, out=exp_inf)
                clr = lr / (1 - beta1 ** step)
                update = exp_avg * -clr
                update /= exp_inf
                param += update
                bump(p, 1)
        return loss
