"""Cumulative ops: cumsum, cumprod, cummax, cummin."""

__all__ = []
