"""Gathering and scattering along dims: gather, scatter, index_*, masked_*, take, nonzero."""

__all__ = []
