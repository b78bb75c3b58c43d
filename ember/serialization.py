"""Pickling and deep-copying tensors (ember.save / ember.load build on this)."""
import copy

import numpy as np

from ember._tensor import Tensor, wrap


def _rebuild(array, requires_grad):
    t = wrap(array)
    t._requires_grad = requires_grad
    return t


def reduce_tensor(t):
    """What pickle stores for a tensor: its values and requires_grad, not its graph."""
    if t.grad_fn is not None:
        raise RuntimeError(
            "Can't pickle a non-leaf tensor requiring grad; detach() it first")
    return _rebuild, (np.array(t._data, copy=True), t._requires_grad)


def deepcopy_tensor(t, memo):
    """Matches torch's Tensor.__deepcopy__: leaves only, with their grad."""
    if t.grad_fn is not None:
        raise RuntimeError(
            "Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
            "protocol at the moment.  If you were attempting to deepcopy a module, this may be "
            "because of a torch.nn.utils.weight_norm usage, see "
            "https://github.com/pytorch/pytorch/pull/103001")
    if id(t) in memo:
        return memo[id(t)]
    result = _rebuild(np.array(t._data, copy=True), t._requires_grad)
    if type(t) is not Tensor:
        result = type(t)._wrap_copy(result, t)
    memo[id(t)] = result
    if t._grad is not None:
        result._grad = copy.deepcopy(t._grad, memo)
    return result
