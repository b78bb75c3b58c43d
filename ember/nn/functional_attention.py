"""Attention: scaled_dot_product_attention and multi-head attention."""

__all__ = []
