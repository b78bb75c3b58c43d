"""softmax and log_softmax: primitives for numerical stability and for torch's node names
(SoftmaxBackward0, LogSoftmaxBackward0), with backward kernels that differentiate again."""

__all__ = ['softmax', 'log_softmax']

from ember._tensor import Tensor, legacy_type_name, wrap_dim
from ember.ops._primitive import primitive


def _axis(input, dim):
    """The NumPy axis for an already checked dim: None (all) for a 0-d array."""
    ndim = input.ndim
    return dim % ndim if ndim else None


def _kernel_check(kernel):
    def check(input, *, dim):
        if isinstance(input, Tensor):
            wrap_dim(dim, input.ndim)

    def dtype_check(input, *, dim):
        data = input._data
        if data.size:  # torch returns empty integer input as it is
            last = data.ndim == 0 or wrap_dim(dim, data.ndim) == data.ndim - 1
            name = f'{kernel}_lastdim_kernel_impl' if last else f'{kernel}_kernel_impl'
            raise NotImplementedError(f'"{name}" not implemented for '
                                      f"'{legacy_type_name(input.dtype)}'")
    return check, dtype_check


_softmax_check, _softmax_dtype_check = _kernel_check('softmax')
_log_softmax_check, _log_softmax_dtype_check = _kernel_check('log_softmax')


@primitive(check=_softmax_check, dtype_check=_softmax_dtype_check, name='softmax')
def softmax_op(xp, input, *, dim):
    if not input.size or input.dtype.kind not in 'fc':
        return input.copy()
    axis = _axis(input, dim)
    # shifted by the maximum so that exp cannot overflow; a row of -inf gives NaN, as in torch
    shifted = xp.exp(input - input.max(axis=axis, keepdims=True))
    return shifted / shifted.sum(axis=axis, keepdims=True)


def _softmax_grad(grad, out, dim):
    return softmax_backward_data(grad, out, dim=dim)


softmax_op.defvjp(_softmax_grad)


@primitive(node_name='SoftmaxBackwardDataBackward0')
def softmax_backward_data(xp, grad_output, output, *, dim):
    """The derivative of softmax given its output: one kernel, as in torch."""
    product = grad_output * output
    return product - output * product.sum(axis=_axis(output, dim), keepdims=True)


def _softmax_backward_grad_output_grad(grad, output, dim):
    return softmax_backward_data(grad, output, dim=dim)


def _softmax_backward_output_grad(grad, grad_output, output, dim):
    return (grad_output * grad - (output * grad_output).sum(dim, True) * grad
            - grad_output * (output * grad).sum(dim, True))


softmax_backward_data.defvjp(_softmax_backward_grad_output_grad, _softmax_backward_output_grad)


@primitive(check=_log_softmax_check, dtype_check=_log_softmax_dtype_check, name='log_softmax')
def log_softmax_op(xp, input, *, dim):
    if not input.size or input.dtype.kind not in 'fc':
        return input.copy()
    axis = _axis(input, dim)
    shifted = input - input.max(axis=axis, keepdims=True)
    return shifted - xp.log(xp.exp(shifted).sum(axis=axis, keepdims=True))


def _log_softmax_grad(grad, out, dim):
    return log_softmax_backward_data(grad, out, dim=dim)


log_softmax_op.defvjp(_log_softmax_grad)


@primitive(node_name='LogSoftmaxBackwardDataBackward0')
def log_softmax_backward_data(xp, grad_output, output, *, dim):
    """The derivative of log_softmax given its output: one kernel, as in torch."""
    return grad_output - xp.exp(output) * grad_output.sum(axis=_axis(output, dim), keepdims=True)


def _log_softmax_backward_grad_output_grad(grad, output, dim):
    return grad - (grad * output.exp()).sum(dim, True)


def _log_softmax_backward_output_grad(grad, grad_output, output, dim):
    return -grad_output.sum(dim, True) * output.exp() * grad


log_softmax_backward_data.defvjp(_log_softmax_backward_grad_output_grad,
                                 _log_softmax_backward_output_grad)


def softmax(input, dim, dtype=None):
    """Matches `torch.softmax`."""
    if dtype is not None:
        input = input.to(dtype)
    return softmax_op(input, dim=dim)


def log_softmax(input, dim, dtype=None):
    """Matches `torch.log_softmax`."""
    if dtype is not None:
        input = input.to(dtype)
    return log_softmax_op(input, dim=dim)
