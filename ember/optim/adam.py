"""Adam, with AMSGrad, maximize and coupled or decoupled (AdamW) weight decay."""
import numpy as np

from ember._tensor import Tensor
from ember.optim._arrays import (addcmul_, advance, array_of, bump, capturable_error, check_fused,
                                 check_not_differentiable, gradients, hyper, lerp_, needs_view,
                                 new_scalar, scalar_dtype, view, zeros_state)
from ember.optim.optimizer import Optimizer

__all__ = ['Adam']


def _to_scalar(x):
    """A 1-element tensor hyperparameter squeezed to 0-d, as torch keeps it."""
    if isinstance(x, Tensor) and x.dim() != 0:
        return x.squeeze()
    return x


def check_betas(betas):
    if not 0.0 <= betas[0] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
    if not 0.0 <= betas[1] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")


class Adam(Optimizer):
    """Matches `torch.optim.Adam` (its single-tensor algorithm, which torch runs on CPU)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        if isinstance(lr, Tensor):
            if foreach and not capturable:
                raise ValueError("lr as a Tensor is not supported for capturable=False and "
                                 "foreach=True")
            if lr.numel() != 1:
                raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        check_betas(betas)
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not ((isinstance(betas[0], float) and isinstance(betas[1], float))
                or (isinstance(betas[0], Tensor) and isinstance(betas[1], Tensor))):
            raise ValueError("betas must be either both floats or both Tensors")
        for i in (0, 1):
            if isinstance(betas[i], Tensor):
                if not capturable and foreach:
                    raise ValueError(f"betas[{i}] as a Tensor is not supported for "
                                     "capturable=False and foreach=True")
                if betas[i].numel() != 1:
                    raise ValueError(f"Tensor betas[{i}] must be 1-element")
        betas = tuple(map(_to_scalar, betas))
        defaults = {'lr': lr, 'betas': betas, 'eps': eps, 'weight_decay': weight_decay,
                    'amsgrad': amsgrad, 'maximize': maximize, 'foreach': foreach,
                    'capturable': capturable, 'differentiable': differentiable, 'fused': fused,
                    'decoupled_weight_decay': decoupled_weight_decay}
        super().__init__(params, defaults)
        check_fused(fused, foreach, differentiable)
        check_not_differentiable(differentiable)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault('amsgrad', False)
            group.setdefault('maximize', False)
            group.setdefault('foreach', None)
            group.setdefault('capturable', False)
            group.setdefault('differentiable', False)
            group.setdefault('decoupled_weight_decay', False)
            fused = group.setdefault('fused', None)
            for p in group['params']:
                p_state = self.state.get(p, [])
                if len(p_state) != 0 and not isinstance(p_state['step'], Tensor):
                    on_device = group['capturable'] or group['fused']
                    p_state['step'] = new_scalar(float(p_state['step']),
                                                 scalar_dtype(fused if on_device else False))

    def step(self, closure=None):
        loss = self._closure_loss(closure)
        state = self.state
        for group in self.param_groups:
            beta1, beta2 = (hyper(b) for b in group['betas'])
            lr = hyper(group['lr'])
            weight_decay = hyper(group['weight_decay'])
            eps = group['eps']
            amsgrad = group['amsgrad']
            decoupled = group['decoupled_weight_decay']
            capturable = group['capturable']
            fused = group['fused']

            def start(p_state, param):
                on_device = capturable or fused
                p_state['step'] = new_scalar(0.0, scalar_dtype(fused if on_device else False))
                p_state['exp_avg'] = zeros_state(param)
                p_state['exp_avg_sq'] = zeros_state(param)
                if amsgrad:
                    p_state['max_exp_avg_sq'] = zeros_state(param)

            for p, param, grad, p_state in gradients(group, state, start):
                if capturable:
                    raise capturable_error()
                exp_avg = array_of(p_state['exp_avg'])
                exp_avg_sq = array_of(p_state['exp_avg_sq'])
                max_exp_avg_sq = array_of(p_state['max_exp_avg_sq']) if amsgrad else None
                step = advance(p_state['step'])
                writes = 1
                if weight_decay != 0:
                    if decoupled:
                        param *= 1 - lr * weight_decay
                        writes += 1
                    else:
                        grad = grad + param * weight_decay
                if needs_view(param):
                    param, grad = view(param), view(grad)
                    exp_avg, exp_avg_sq = view(exp_avg), view(exp_avg_sq)
                    if amsgrad:
                        max_exp_avg_sq = view(max_exp_avg_sq)
                adam_update(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step, beta1,
                            beta2, lr, eps)
                bump(p, writes)
        return loss


def adam_update(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step, beta1, beta2, lr, eps):
    """One Adam step on working arrays (Note [Working views]), in torch's op order."""
    lerp_(exp_avg, grad, 1 - beta1)
    exp_avg_sq *= beta2
    addcmul_(exp_avg_sq, 1 - beta2, grad, grad)
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    step_size = lr / bias_correction1
    bias_correction2_sqrt = bias_correction2 ** 0.5
    if max_exp_avg_sq is not None:
        np.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
        denom = np.sqrt(max_exp_avg_sq)
    else:
        denom = np.sqrt(exp_avg_sq)
    denom /= bias_correction2_sqrt
    denom += eps
    update = exp_avg * -step_size
    update /= denom
    param += update
