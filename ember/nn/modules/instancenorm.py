"""Instance normalization."""

__all__ = []
