"""Convolution, pooling, padding, resampling and fold/unfold functions."""

__all__ = []
