"""Elementwise math beyond arithmetic: trigonometric, hyperbolic, rounding, special functions, clamping and binary math."""

__all__ = []
