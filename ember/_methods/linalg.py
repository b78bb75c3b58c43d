"""Tensor methods: matrix products and linear algebra."""


class LinalgMethods:
    """Matrix products and linear algebra."""

    __slots__ = ()


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
