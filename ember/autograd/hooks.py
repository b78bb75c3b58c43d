"""retain_grad: a non-leaf's gradient kept in its `.grad`, through a hook on its grad_fn."""
import weakref

from ember.autograd import grad_mode


def install_retain_grad(tensor):
    """Keep the gradient reaching `tensor` in `tensor.grad` (Tensor.retain_grad)."""
    target = weakref.ref(tensor)  # NOTE: weak: the node must not keep its output alive

    def retain(grad):
        t = target()
        if t is None:
            return
        if t._grad is None:
            t._grad = grad.clone() if grad_mode.state.enabled else _detached_copy(grad)
        else:
            t._grad = t._grad + grad

    tensor.grad_fn.hooks().retain[tensor._output_nr] = retain


def _detached_copy(grad):
    from ember._tensor import wrap
    return wrap(grad._data.copy())
