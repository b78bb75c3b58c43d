"""Rearranging elements: repeat, tile, flip, roll, rot90, split, chunk, narrow."""

__all__ = []
