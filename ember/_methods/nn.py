"""Tensor methods: the neural-network ops torch also offers as methods (softmax...)."""


class NNMethods:
    """Tensor methods from torch.nn.functional's ops."""

    __slots__ = ()

    def softmax(self, dim, dtype=None):
        if dtype is None:
            return _softmax.softmax_op(self, dim=dim)
        return _softmax.softmax(self, dim, dtype)

    def log_softmax(self, dim, dtype=None):
        if dtype is None:
            return _softmax.log_softmax_op(self, dim=dim)
        return _softmax.log_softmax(self, dim, dtype)

    def prelu(self, weight):
        return _activation.prelu(self, weight)

    def hardshrink(self, lambd=0.5):
        return _activation.hardshrink(self, lambd)


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
    global _softmax, _activation
    from ember.ops import nn_activation as _activation
    from ember.ops import nn_activation_softmax as _softmax
