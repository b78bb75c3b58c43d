"""Normalization functions: batch, layer, group and instance norm."""

__all__ = []
