"""nn.Parameter and nn.Buffer: tensors that a Module registers by assignment."""
from ember import _tensor
from ember._tensor import Tensor, materialize, wrap


def _shared(data, cls, requires_grad):
    """A `cls` tensor sharing `data`'s memory (and version counter), outside any graph."""
    if data is None:
        from ember._creation import empty
        data = empty(0)
    t = object.__new__(cls)
    t._data = materialize(data)
    t._requires_grad = False
    t._grad_fn = t._grad = t._view = t._meta = None
    t._vc = _tensor.version_counter(data)
    t._output_nr = 0
    if requires_grad:
        t.requires_grad_(True)
    return t


class Parameter(Tensor):
    """Matches `torch.nn.Parameter`."""

    def __new__(cls, data=None, requires_grad=True):
        return _shared(data, cls, requires_grad)

    def __init__(self, data=None, requires_grad=True):
        pass

    def __repr__(self):
        return 'Parameter containing:\n' + super().__repr__()

    def __reduce_ex__(self, protocol):
        return Parameter, (wrap(materialize(self).copy()), self._requires_grad)

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = Parameter(wrap(materialize(self).copy()), self._requires_grad)
        memo[id(self)] = result
        if self._grad is not None:
            import copy
            result._grad = copy.deepcopy(self._grad, memo)
        return result


class Buffer(Tensor):
    """Matches `torch.nn.Buffer`: marks a tensor to be registered as a buffer."""

    def __new__(cls, data=None, *, persistent=True):
        t = _shared(data, cls, False)
        t.persistent = persistent
        return t

    def __init__(self, data=None, *, persistent=True):
        pass
