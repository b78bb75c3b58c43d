"""Tensor methods: elementwise math beyond arithmetic: trigonometry, rounding, special functions, clamping."""


class MathMethods:
    """Elementwise math beyond arithmetic: trigonometry, rounding, special functions, clamping."""

    __slots__ = ()


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
