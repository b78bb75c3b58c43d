"""Matrix functions and decompositions behind ember.linalg."""

__all__ = []
