"""Tensor methods: shape ops: repeating, splitting, flipping, diagonals."""


class ShapeMethods:
    """Shape ops: repeating, splitting, flipping, diagonals."""

    __slots__ = ()


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
