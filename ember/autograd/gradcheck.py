"""gradcheck and gradgradcheck: analytical gradients against central finite differences."""
import warnings

import numpy as np

from ember import _tensor


class GradcheckError(RuntimeError):
    """Matches `torch.autograd.gradcheck.GradcheckError`."""


def _as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _outputs(func, inputs):
    return [o for o in _as_tuple(func(*inputs)) if isinstance(o, _tensor.Tensor)]


def _differentiable(inputs):
    return [i for i, t in enumerate(inputs) if isinstance(t, _tensor.Tensor) and t.requires_grad]


def _numerical_jacobian(func, inputs, index, output_count, eps):
    """Columns of d(outputs)/d(inputs[index]) by central differences, one per input element:
    a list (per output) of arrays shaped (input numel, output numel)."""
    target = inputs[index]
    data = _tensor.materialize(target)
    flat = data.reshape(-1)
    columns = [[] for _ in range(output_count)]
    # NOTE: the function runs with grad mode on: gradgradcheck's function differentiates
    for k in range(flat.size):
        original = flat[k]
        flat[k] = original + eps
        plus = [o.detach().numpy().astype(np.float64).reshape(-1)
                for o in _outputs(func, inputs)]
        flat[k] = original - eps
        minus = [o.detach().numpy().astype(np.float64).reshape(-1)
                 for o in _outputs(func, inputs)]
        flat[k] = original
        for o in range(output_count):
            columns[o].append((plus[o] - minus[o]) / (2 * eps))
    return [np.array(c).reshape(flat.size, -1) for c in columns]


def _analytical_jacobian(outputs, inputs, differentiable):
    """d(outputs)/d(inputs) by backward passes with one-hot cotangents: a dict
    (output, input) -> array shaped (input numel, output numel)."""
    from ember._creation import zeros_like
    from ember.autograd import grad as autograd_grad
    jacobians = {}
    for o, out in enumerate(outputs):
        rows = {i: np.zeros((inputs[i].numel(), out.numel())) for i in differentiable}
        if out.requires_grad:
            for k in range(out.numel()):
                cotangent = zeros_like(out)
                cotangent._data.reshape(-1)[k] = 1
                grads = autograd_grad(out, [inputs[i] for i in differentiable], cotangent,
                                      retain_graph=True, allow_unused=True)
                for i, g in zip(differentiable, grads):
                    if g is not None:
                        rows[i][:, k] = g.detach().numpy().astype(np.float64).reshape(-1)
        for i in differentiable:
            jacobians[o, i] = rows[i]
    return jacobians


def _format(array, like):
    from ember._creation import tensor
    return repr(tensor(array, dtype=like.dtype))


def _fail(message, raise_exception):
    if raise_exception:
        raise GradcheckError(message)
    return False


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
              check_batched_grad=False, check_batched_forward_grad=False,
              check_forward_ad=False, check_backward_ad=True, fast_mode=False, masked=None):
    """Matches `torch.autograd.gradcheck` (fast_mode is accepted and checks the full
    Jacobians, which is slower but finds the same failures)."""
    inputs = _as_tuple(inputs)
    differentiable = _differentiable(inputs)
    for i in differentiable:
        if inputs[i].dtype.category != 2 or inputs[i].dtype.itemsize < 8:
            warnings.warn(
                f"Input #{i} requires gradient and is not a double precision floating point or "
                "complex. This check will likely fail if all the inputs are not of double "
                "precision floating point or complex. ", UserWarning, stacklevel=2)
    outputs = _outputs(func, inputs)
    analytical = _analytical_jacobian(outputs, inputs, differentiable)
    for i in differentiable:
        numerical = _numerical_jacobian(func, inputs, i, len(outputs), eps)
        for o, out in enumerate(outputs):
            a, n = analytical[o, i], numerical[o]
            if not out.requires_grad:
                if np.any(n != 0):
                    return _fail("Numerical gradient for function expected to be zero",
                                 raise_exception)
                continue
            if not np.all(np.abs(a - n) <= atol + rtol * np.abs(n)):
                return _fail(f"Jacobian mismatch for output {o} with respect to input {i},\n"
                             f"numerical:{_format(n, out)}\nanalytical:{_format(a, out)}\n",
                             raise_exception)
    if nondet_tol == 0.0:
        again = _analytical_jacobian(_outputs(func, inputs), inputs, differentiable)
        for key, a in analytical.items():
            if not np.array_equal(again[key], a):
                return _fail("Backward is not reentrant, i.e., running backward with same input "
                             "and grad_output multiple times gives different values, although "
                             "analytical gradient matches numerical gradient.The tolerance for "
                             f"nondeterminism was {nondet_tol}.", raise_exception)
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
                  check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False,
                  masked=False):
    """Matches `torch.autograd.gradgradcheck`: gradcheck of the first-order gradients, as
    functions of the inputs and the output cotangents."""
    from ember._random import randn
    from ember.autograd import grad as autograd_grad
    inputs = _as_tuple(inputs)
    outputs = _outputs(func, inputs)
    if grad_outputs is None:
        grad_outputs = tuple(randn(o.shape, dtype=o.dtype, requires_grad=True)
                             for o in outputs if o.requires_grad)
    grad_outputs = _as_tuple(grad_outputs)
    n_inputs = len(inputs)
    differentiable = _differentiable(inputs)

    def first_order(*values):
        ins, cotangents = values[:n_inputs], values[n_inputs:]
        outs = [o for o in _outputs(func, ins) if o.requires_grad]
        grads = autograd_grad(outs, [ins[i] for i in differentiable], cotangents,
                              create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_order, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, nondet_tol=nondet_tol)

