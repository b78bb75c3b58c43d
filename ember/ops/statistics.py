"""Statistics: variance, standard deviation, median, norms."""

__all__ = []
