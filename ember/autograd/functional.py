"""torch.autograd.functional: vjp, jvp, jacobian, hessian, hvp and vhp of Python functions.

All are built on autograd.grad. As in torch, the inputs are replaced by fresh leaves that
require grad, and results are detached unless create_graph=True.
"""
from ember import _tensor
from ember.autograd import grad_mode


def _as_tuple(x):
    return (tuple(x), True) if isinstance(x, (tuple, list)) else ((x,), False)


def _prepare_inputs(inputs, create_graph):
    """Leaves standing in for the inputs: detached, or (create_graph) views keeping history."""
    prepared = []
    for t in inputs:
        if not isinstance(t, _tensor.Tensor):
            raise TypeError("The inputs given to the functional API must be Tensors or tuples "
                            f"of Tensors but got {type(t).__name__}.")
        if create_graph and t.requires_grad:
            prepared.append(t.view_as(t))
        else:
            prepared.append(t.detach().requires_grad_(True))
    return tuple(prepared)


def _call(func, inputs, name):
    outputs = func(*inputs)
    outputs, is_tuple = _as_tuple(outputs)
    for o in outputs:
        if not isinstance(o, _tensor.Tensor):
            raise TypeError(f"The outputs of the user-provided function given to {name} must "
                            f"be either a Tensor or a tuple of Tensors but the given outputs of "
                            f"the user-provided function has type {type(o).__name__}.")
    return outputs, is_tuple


def _grads(outputs, inputs, cotangents, create_graph, strict, output_index=None):
    """Gradients of outputs (weighted by cotangents) w.r.t. inputs; zeros where unused."""
    from ember._creation import zeros_like
    from ember.autograd import grad as autograd_grad
    used = [(o, c) for o, c in zip(outputs, cotangents) if o.requires_grad]
    if used:
        grads = autograd_grad([o for o, _ in used], inputs, [c for _, c in used],
                              retain_graph=True, create_graph=create_graph, allow_unused=True)
    else:
        grads = (None,) * len(inputs)
    results = []
    for index, (g, x) in enumerate(zip(grads, inputs)):
        if g is None:
            if strict:
                where = 'the user-provided function' if output_index is None \
                    else f'Output {output_index} of the user-provided function'
                raise RuntimeError(f"{where} is independent of input {index}. This is not "
                                   "allowed in strict mode.")
            g = zeros_like(x)
        results.append(g)
    return tuple(results)


def _finish(values, create_graph):
    return tuple(v if create_graph else v.detach() for v in values)


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """Matches `torch.autograd.functional.vjp`: (func(inputs), v^T J)."""
    from ember._creation import ones_like
    with grad_mode.enable_grad():
        inputs, inputs_tuple = _as_tuple(inputs)
        inputs = _prepare_inputs(inputs, create_graph)
        outputs, outputs_tuple = _call(func, inputs, 'vjp')
        if v is None:
            if len(outputs) != 1 or outputs[0].numel() != 1:
                raise RuntimeError("The vector v can only be None if the user-provided function "
                                   "returns a single Tensor with a single element.")
            cotangents = (ones_like(outputs[0]),)
        else:
            cotangents, _ = _as_tuple(v)
        grads = _grads(outputs, inputs, cotangents, create_graph, strict)
    outputs = _finish(outputs, create_graph)
    grads = _finish(grads, create_graph)
    return (outputs if outputs_tuple else outputs[0]), (grads if inputs_tuple else grads[0])


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """Matches `torch.autograd.functional.jvp`: (func(inputs), J v), by differentiating a
    vector-Jacobian product with respect to its vector (the "double backward" trick)."""
    from ember._creation import ones_like, zeros_like
    with grad_mode.enable_grad():
        inputs, inputs_tuple = _as_tuple(inputs)
        inputs = _prepare_inputs(inputs, create_graph)
        if v is None:
            if len(inputs) != 1 or inputs[0].numel() != 1:
                raise RuntimeError("The vector v can only be None if the input to the "
                                   "user-provided function is a single Tensor with a single "
                                   "element.")
            tangents = (ones_like(inputs[0]),)
        else:
            tangents, _ = _as_tuple(v)
        outputs, outputs_tuple = _call(func, inputs, 'jvp')
        dummies = tuple(zeros_like(o).requires_grad_(True) for o in outputs)
        vjps = _grads(outputs, inputs, dummies, True, strict)
        results = _grads(vjps, dummies, tangents, create_graph, strict)
    outputs = _finish(outputs, create_graph)
    results = _finish(results, create_graph)
    return (outputs if outputs_tuple else outputs[0]), (results if outputs_tuple else results[0])


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy='reverse-mode'):
    """Matches `torch.autograd.functional.jacobian` (one backward pass per output element;
    vectorize and strategy are accepted)."""
    from ember._creation import zeros_like
    from ember.ops.joining import stack
    with grad_mode.enable_grad():
        inputs, inputs_tuple = _as_tuple(inputs)
        inputs = _prepare_inputs(inputs, create_graph)
        outputs, outputs_tuple = _call(func, inputs, 'jacobian')
        jacobians = []
        for index, out in enumerate(outputs):
            rows = [[] for _ in inputs]
            flat = out.reshape(-1)
            for k in range(flat.numel()):
                grads = _grads((flat[k],), inputs, (None,), create_graph, strict, index) \
                    if flat.requires_grad else tuple(zeros_like(x) for x in inputs)
                for row, g in zip(rows, grads):
                    row.append(g)
            per_input = []
            for x, row in zip(inputs, rows):
                if row:
                    block = stack(row).reshape(tuple(out.shape) + tuple(x.shape))
                else:
                    block = zeros_like(x).reshape((0,) + tuple(x.shape)).reshape(
                        tuple(out.shape) + tuple(x.shape))
                per_input.append(block if create_graph else block.detach())
            jacobians.append(tuple(per_input) if inputs_tuple else per_input[0])
    return tuple(jacobians) if outputs_tuple else jacobians[0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy='reverse-mode'):
    """Matches `torch.autograd.functional.hessian`."""
    inputs_tuple = isinstance(inputs, (tuple, list))

    def gradient(*values):
        outputs, _ = _call(func, values, 'hessian')
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError("The Tensor returned by the function given to hessian should "
                               "contain a single element")
        grads = _grads(outputs, values, (None,), True, strict)
        return grads if inputs_tuple else grads[0]

    return jacobian(gradient, inputs, create_graph=create_graph, strict=strict)


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """Matches `torch.autograd.functional.vhp`: (func(inputs), v^T H)."""
    with grad_mode.enable_grad():
        inputs, inputs_tuple = _as_tuple(inputs)
        inputs = _prepare_inputs(inputs, create_graph)
        outputs, _ = _call(func, inputs, 'vhp')
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError("The Tensor returned by the function given to hvp should "
                               "contain a single element")
        grads = _grads(outputs, inputs, (None,), True, strict)
        vectors, _ = _as_tuple(v)
        results = _grads(grads, inputs, vectors, create_graph, strict)
    output = outputs[0] if create_graph else outputs[0].detach()
    results = _finish(results, create_graph)
    return output, (results if inputs_tuple else results[0])


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """Matches `torch.autograd.functional.hvp`: (func(inputs), H v) (H is symmetric)."""
    return vhp(func, inputs, v, create_graph=create_graph, strict=strict)
