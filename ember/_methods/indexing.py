"""Tensor methods: gathering and scattering by index tensors and masks."""


class IndexingMethods:
    """Gathering and scattering by index tensors and masks."""

    __slots__ = ()


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
