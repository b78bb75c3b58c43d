"""Tensor methods: the neural-network ops torch also offers as methods (softmax...)."""


class NNMethods:
    """Tensor methods from torch.nn.functional's ops."""

    __slots__ = ()


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
