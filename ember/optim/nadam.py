"""NAdam: Adam with Nesterov momentum and a momentum-decay schedule."""
import numpy as np

from ember._tensor import Tensor
from ember.optim._arrays import (addcmul_, advance, array_of, bump, capturable_error, check_lr,
                                 check_not_differentiable, gradients, hyper, lerp_, needs_view,
                                 new_scalar, scalar_dtype, scale_scalar, view, zeros_state)
from ember.optim.adam import check_betas
from ember.optim.optimizer import Optimizer

__all__ = ['NAdam']


class NAdam(Optimizer):
    """Matches `torch.optim.NAdam` (its single-tensor algorithm, which torch runs on CPU)."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 momentum_decay=4e-3, decoupled_weight_decay=False, *, foreach=None,
                 maximize=False, capturable=False, differentiable=False):
        check_lr(lr)
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        check_betas(betas)
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= momentum_decay:
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        defaults = {'lr': lr, 'betas': betas, 'eps': eps, 'weight_decay': weight_decay,
                    'momentum_decay': momentum_decay,
                    'decoupled_weight_decay': decoupled_weight_decay, 'maximize': maximize,
                    'foreach': foreach, 'capturable': capturable,
                    'differentiable': differentiable}
        super().__init__(params, defaults)
        check_not_differentiable(differentiable)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault('maximize', False)
            group.setdefault('foreach', None)
            group.setdefault('capturable', False)
            group.setdefault('differentiable', False)
            group.setdefault('decoupled_weight_decay', False)
            for p in group['params']:
                p_state = self.state.get(p, [])
                if len(p_state) != 0:
                    if not isinstance(p_state['step'], Tensor):
                        p_state['step'] = new_scalar(float(p_state['step']), scalar_dtype())
                    if not isinstance(p_state['mu_product'], Tensor):
                        p_state['mu_product'] = new_scalar(p_state['mu_product'],
                                                           scalar_dtype())

    def step(self, closure=None):
        loss = self._closure_loss(closure)
        state = self.state
        for group in self.param_groups:
            beta1, beta2 = group['betas']
            lr = hyper(group['lr'])
            eps = group['eps']
            weight_decay = hyper(group['weight_decay'])
            momentum_decay = group['momentum_decay']
            decoupled = group['decoupled_weight_decay']

            def start(p_state, param):
                p_state['step'] = new_scalar(0.0, scalar_dtype())
                p_state['mu_product'] = new_scalar(1.0, scalar_dtype())
                p_state['exp_avg'] = zeros_state(param)
                p_state['exp_avg_sq'] = zeros_state(param)

            for p, param, grad, p_state in gradients(group, state, start):
                if group['capturable']:
                    raise capturable_error(what='params, mu_products and state_steps')
                step = advance(p_state['step'])
                bias_correction2 = 1 - beta2 ** step
                writes = 2
                if weight_decay != 0:
                    if decoupled:
                        param *= 1 - lr * weight_decay
                        writes += 1
                    else:
                        grad = grad + param * weight_decay
                mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * momentum_decay)))
                mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
                mu_product = scale_scalar(p_state['mu_product'], mu)
                exp_avg = array_of(p_state['exp_avg'])
                exp_avg_sq = array_of(p_state['exp_avg_sq'])
                if needs_view(param):
                    param, grad = view(param), view(grad)
                    exp_avg, exp_avg_sq = view(exp_avg), view(exp_avg_sq)
                lerp_(exp_avg, grad, 1 - beta1)
                exp_avg_sq *= beta2
                addcmul_(exp_avg_sq, 1 - beta2, grad, grad)
                denom = exp_avg_sq / bias_correction2
                np.sqrt(denom, out=denom)
                mu_product_next = mu_product * mu_next
                denom += eps
                update = grad * (-lr * (1.0 - mu) / (1.0 - mu_product))
                update /= denom
                param += update
                update = exp_avg * ((-lr * mu_next) / (1.0 - mu_product_next))
                update /= denom
                param += update
                bump(p, writes)
        return loss
