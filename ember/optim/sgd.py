"""Stochastic gradient descent, with momentum, dampening, Nesterov and weight decay."""
import numpy as np

from ember._tensor import Tensor, wrap
from ember.optim._arrays import array_of, bump, check_fused, check_not_differentiable, hyper
from ember.optim.optimizer import Optimizer

__all__ = ['SGD']


class SGD(Optimizer):
    """Matches `torch.optim.SGD` (its single-tensor algorithm, which torch runs on CPU)."""

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False, foreach=None, differentiable=False,
                 fused=None):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {'lr': lr, 'momentum': momentum, 'dampening': dampening,
                    'weight_decay': weight_decay, 'nesterov': nesterov, 'maximize': maximize,
                    'foreach': foreach, 'differentiable': differentiable, 'fused': fused}
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)
        check_fused(fused, foreach, differentiable)
        check_not_differentiable(differentiable)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault('nesterov', False)
            group.setdefault('maximize', False)
            group.setdefault('foreach', None)
            group.setdefault('differentiable', False)
            group.setdefault('fused', False)

    def step(self, closure=None):
        loss = self._closure_loss(closure)
        state = self.state
        for group in self.param_groups:
            lr = hyper(group['lr'])
            weight_decay = hyper(group['weight_decay'])
            momentum = group['momentum']
            dampening = group['dampening']
            nesterov = group['nesterov']
            maximize = group['maximize']
            for p in group['params']:
                g = p._grad
                if g is None:
                    continue
                param = array_of(p)
                grad = g._data
                fresh = maximize or weight_decay != 0
                if maximize:
                    grad = -grad
                if weight_decay != 0:
                    grad = grad + param * weight_decay
                if momentum != 0:
                    p_state = state[p]
                    buf_t = p_state.get('momentum_buffer')
                    if buf_t is None:
                        buf_t = wrap(np.asarray(grad) if fresh else np.array(grad))
                    else:
                        buf = array_of(buf_t)
                        buf *= momentum
                        if dampening == 0:
                            buf += grad
                        else:
                            buf += grad * (1 - dampening)
                    p_state['momentum_buffer'] = buf_t
                    buf = buf_t._data
                    grad = grad + buf * momentum if nesterov else buf
                param -= grad * lr
                bump(p, 1)
        return loss
