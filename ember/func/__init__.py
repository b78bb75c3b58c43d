"""Matches `torch.func`: composable function transforms (grad, vjp, jvp, jacrev, jacfwd,
hessian, vmap, functional_call)."""
from ember.func._vmap import vmap
from ember.func._grad import grad, grad_and_value, jvp, vjp
from ember.func._jacobian import hessian, jacfwd, jacrev
from ember.func._functional_call import functional_call

__all__ = ['functional_call', 'grad', 'grad_and_value', 'hessian', 'jacfwd', 'jacrev', 'jvp',
           'vjp', 'vmap']
