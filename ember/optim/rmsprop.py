"""RMSprop, plain or centered, with optional momentum."""
import numpy as np

from ember.optim._arrays import (addcmul_, advance, array_of, bump, capturable_error, check_lr,
                                 check_not_differentiable, gradients, hyper, lerp_, needs_view,
                                 new_scalar, scalar_dtype, upgrade_pickled, view, zeros_state)
from ember.optim.optimizer import Optimizer

__all__ = ['RMSprop']


class RMSprop(Optimizer):
    """Matches `torch.optim.RMSprop` (its single-tensor algorithm, which torch runs on CPU)."""

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        check_lr(lr)
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        defaults = {'lr': lr, 'momentum': momentum, 'alpha': alpha, 'eps': eps,
                    'centered': centered, 'weight_decay': weight_decay,
                    'capturable': capturable, 'foreach': foreach, 'maximize': maximize,
                    'differentiable': differentiable}
        super().__init__(params, defaults)
        check_not_differentiable(differentiable)

    def __setstate__(self, state):
        super().__setstate__(state)
        upgrade_pickled(self, {'momentum': 0, 'centered': False, 'foreach': None,
                               'maximize': False, 'differentiable': False, 'capturable': False})

    def step(self, closure=None):
        loss = self._closure_loss(closure)
        state = self.state
        for group in self.param_groups:
            lr = hyper(group['lr'])
            alpha = group['alpha']
            eps = group['eps']
            weight_decay = hyper(group['weight_decay'])
            momentum = group['momentum']
            centered = group['centered']

            def start(p_state, param):
                p_state['step'] = new_scalar(0.0, scalar_dtype())
                p_state['square_avg'] = zeros_state(param)
                if momentum > 0:
                    p_state['momentum_buffer'] = zeros_state(param)
                if centered:
                    p_state['grad_avg'] = zeros_state(param)

            for p, param, grad, p_state in gradients(group, state, start):
                if group['capturable']:
                    raise capturable_error()
                advance(p_state['step'])
                if weight_decay != 0:
                    grad = grad + param * weight_decay
                square_avg = array_of(p_state['square_avg'])
                grad_avg = array_of(p_state['grad_avg']) if centered else None
                buf = array_of(p_state['momentum_buffer']) if momentum > 0 else None
                if needs_view(param):
                    param, grad, square_avg = view(param), view(grad), view(square_avg)
                    grad_avg = view(grad_avg) if centered else None
                    buf = view(buf) if momentum > 0 else None

                square_avg *= alpha
                addcmul_(square_avg, 1 - alpha, grad, grad)
                if centered:
                    lerp_(grad_avg, grad, 1 - alpha)
                    # square_avg.addcmul(grad_avg, grad_avg, value=-1), then sqrt
                    avg = grad_avg * -1
                    avg *= grad_avg
                    avg += square_avg
                    np.sqrt(avg, out=avg)
                else:
                    avg = np.sqrt(square_avg)
                avg += eps
                if momentum > 0:
                    buf *= momentum
                    buf += grad / avg
                    param -= buf * lr
                else:
                    update = grad * -lr
                    update /= avg
                    param += update
                bump(p, 1)
        return loss
