"""LayerNorm, GroupNorm and other normalizations."""

__all__ = []
