"""Tensor methods: reductions, scans, sorting and selection."""


class ReductionMethods:
    """Reductions, scans, sorting and selection."""

    __slots__ = ()


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
