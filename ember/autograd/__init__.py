"""ember.autograd: backward, grad and grad modes, matching torch.autograd."""
import warnings

from ember._errors import NO_GRAD_FN, NOT_SCALAR, hinted
from ember.autograd import functional, graph  # noqa: F401
from ember.autograd.anomaly_mode import (detect_anomaly, is_anomaly_check_nan_enabled,  # noqa
                                         is_anomaly_enabled, set_detect_anomaly)
from ember.autograd.function import Function, once_differentiable  # noqa: F401
from ember.autograd.gradcheck import gradcheck, gradgradcheck  # noqa: F401
from ember.autograd.grad_mode import (enable_grad, inference_mode, is_grad_enabled,  # noqa: F401
                                      is_inference_mode_enabled, no_grad, set_grad_enabled)


def __getattr__(name):
    # forward_ad builds on ember.ops, which needs this package first: it is imported on first use
    if name == 'forward_ad':
        import importlib
        return importlib.import_module('ember.autograd.forward_ad')
    raise AttributeError(f"module 'ember.autograd' has no attribute '{name}'")


def _tensors(value, name):
    from ember._tensor import Tensor
    if isinstance(value, Tensor):
        return (value,)
    if isinstance(value, dict):
        return tuple(value.values())
    return tuple(value)


def _root_edges(tensors):
    from ember._tensor import accumulator
    edges = []
    for index, t in enumerate(tensors):
        grad_fn = t.grad_fn
        if grad_fn is None:
            if not t.requires_grad:
                raise hinted(RuntimeError(f"element {index} of tensors does not require grad "
                                          "and does not have a grad_fn"), NO_GRAD_FN)
            edges.append((accumulator(t), 0))
        else:
            edges.append((grad_fn, t.output_nr))
    return edges


def _input_edges(inputs, for_grad):
    from ember._tensor import accumulator
    edges = []
    for t in inputs:
        if not t.requires_grad:
            if for_grad:
                raise RuntimeError("One of the differentiated Tensors does not require grad")
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        grad_fn = t.grad_fn
        edges.append((accumulator(t), 0) if grad_fn is None else (grad_fn, t.output_nr))
    return edges


def _make_grads(outputs, grads):
    from ember._creation import ones_like
    from ember._tensor import Tensor
    made = []
    for index, (out, grad) in enumerate(zip(outputs, grads)):
        if isinstance(grad, Tensor):
            if grad.shape != out.shape:
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{index}] has a shape of {grad.shape} and "
                    f"output[{index}] has a shape of {out.shape}.")
            if out.dtype.is_complex != grad.dtype.is_complex:
                raise RuntimeError(
                    "For complex Tensors, both grad_output and output are required to have the "
                    f"same dtype. Mismatch in dtype: grad_output[{index}] has a dtype of "
                    f"{grad.dtype} and output[{index}] has a dtype of {out.dtype}.")
            made.append(grad)
        elif grad is None:
            if out.requires_grad:
                if out.numel() != 1:
                    raise hinted(RuntimeError("grad can be implicitly created only for scalar "
                                              "outputs"), NOT_SCALAR)
                if not out.dtype.is_floating_point:
                    raise RuntimeError("grad can be implicitly created only for real scalar "
                                       f"outputs but got {out.dtype}")
                made.append(ones_like(out))
            else:
                made.append(None)
        else:
            raise TypeError(f"gradients can be either Tensors or None, but got "
                            f"{type(grad).__name__}")
    return made


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    """Matches `torch.autograd.backward`."""
    from ember.autograd.engine import run_backward
    if grad_variables is not None:
        warnings.warn("`grad_variables` is deprecated. Use `grad_tensors` instead.",
                      FutureWarning, stacklevel=2)
        grad_tensors = grad_variables if grad_tensors is None else grad_tensors
    tensors = _tensors(tensors, 'tensors')
    grads = (None,) * len(tensors) if grad_tensors is None else _tensors(grad_tensors, 'grads')
    input_tensors = None
    if inputs is not None:
        input_tensors = _tensors(inputs, 'inputs')
        if not input_tensors:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    grads = _make_grads(tensors, grads)
    if retain_graph is None:
        retain_graph = create_graph
    if create_graph:
        warnings.warn(
            "Using backward() with create_graph=True will create a reference cycle between the "
            "parameter and its gradient which can cause a memory leak. We recommend using "
            "autograd.grad when creating the graph to avoid this. If you have to use this "
            "function, make sure to reset the .grad fields of your parameters to None after use "
            "to break the cycle and avoid the leak.", UserWarning, stacklevel=3)
    roots = _root_edges(tensors)
    input_edges = None
    if input_tensors is not None:
        input_edges = _input_edges(input_tensors, for_grad=False)
        for t in input_tensors:
            if t.grad_fn is not None:
                t.retain_grad()
    run_backward(roots, grads, retain_graph, create_graph, input_edges, accumulate=True)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """Matches `torch.autograd.grad`."""
    from ember._creation import zeros_like
    from ember.autograd.engine import run_backward
    if is_grads_batched:
        raise NotImplementedError("is_grads_batched=True is not supported by ember yet")
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads="
                         "True, but got False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    outputs = _tensors(outputs, 'outputs')
    inputs = _tensors(inputs, 'inputs')
    grads = (None,) * len(outputs) if grad_outputs is None else _tensors(grad_outputs, 'grads')
    grads = _make_grads(outputs, grads)
    if retain_graph is None:
        retain_graph = create_graph
    roots = _root_edges(outputs)
    input_edges = _input_edges(inputs, for_grad=True)
    results = run_backward(roots, grads, retain_graph, create_graph, input_edges,
                           accumulate=False)
    for index, result in enumerate(results):
        if result is None and not allow_unused:
            raise RuntimeError(
                f"The differentiated Tensor at index {index} appears to not have been used in "
                "the graph. Set allow_unused=True if this is the desired behavior.")
    if materialize_grads:
        results = [zeros_like(t) if r is None else r for t, r in zip(inputs, results)]
    return tuple(results)
