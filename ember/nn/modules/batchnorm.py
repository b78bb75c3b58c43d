"""Batch normalization."""

__all__ = []
