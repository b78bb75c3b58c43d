"""RAdam: Adam with a rectified adaptive learning rate."""
import numpy as np

from ember.optim._arrays import (addcmul_, advance, array_of, bump, capturable_error, check_lr,
                                 check_not_differentiable, gradients, hyper, lerp_, needs_view,
                                 new_scalar, scalar_dtype, upgrade_pickled, view, zeros_state)
from ember.optim.adam import check_betas
from ember.optim.optimizer import Optimizer

__all__ = ['RAdam']


class RAdam(Optimizer):
    """Matches `torch.optim.RAdam` (its single-tensor algorithm, which torch runs on CPU)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False,
                 capturable=False, differentiable=False):
        check_lr(lr)
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        check_betas(betas)
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {'lr': lr, 'betas': betas, 'eps': eps, 'weight_decay': weight_decay,
                    'maximize': maximize, 'foreach': foreach, 'capturable': capturable,
                    'decoupled_weight_decay': decoupled_weight_decay,
                    'differentiable': differentiable}
        super().__init__(params, defaults)
        check_not_differentiable(differentiable)

    def __setstate__(self, state):
        super().__setstate__(state)
        upgrade_pickled(self, {'foreach': None, 'maximize': False, 'differentiable': False,
                               'decoupled_weight_decay': False, 'capturable': False})

    def step(self, closure=None):
        loss = self._closure_loss(closure)
        state = self.state
        for group in self.param_groups:
            beta1, beta2 = group['betas']
            lr = hyper(group['lr'])
            eps = group['eps']
            weight_decay = hyper(group['weight_decay'])
            decoupled = group['decoupled_weight_decay']

            def start(p_state, param):
                p_state['step'] = new_scalar(0.0, scalar_dtype())
                p_state['exp_avg'] = zeros_state(param)
                p_state['exp_avg_sq'] = zeros_state(param)

            for p, param, grad, p_state in gradients(group, state, start):
                if group['capturable']:
                    raise capturable_error()
                step = advance(p_state['step'])
                writes = 1
                if weight_decay != 0:
                    if decoupled:
                        param *= 1 - lr * weight_decay
                        writes += 1
                    else:
                        grad = grad + param * weight_decay
                exp_avg = array_of(p_state['exp_avg'])
                exp_avg_sq = array_of(p_state['exp_avg_sq'])
                if needs_view(param):
                    param, grad = view(param), view(grad)
                    exp_avg, exp_avg_sq = view(exp_avg), view(exp_avg_sq)
                lerp_(exp_avg, grad, 1 - beta1)
                exp_avg_sq *= beta2
                addcmul_(exp_avg_sq, 1 - beta2, grad, grad)
                _rectified_update(param, exp_avg, exp_avg_sq, step, beta1, beta2, lr, eps)
                bump(p, writes)
        return loss


def _rectified_update(param, exp_avg, exp_avg_sq, step, beta1, beta2, lr, eps):
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    update = exp_avg / bias_correction1
    update *= lr
    # the length of the approximated simple moving average, and its limit
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
    if rho_t > 5.0:
        # NOTE: torch divides a number by a tensor as reciprocal(tensor) * number
        adaptive = np.sqrt(exp_avg_sq)
        adaptive += eps
        np.reciprocal(adaptive, out=adaptive)
        adaptive *= bias_correction2 ** 0.5
        rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        update *= adaptive
        update *= rect
    param -= update
