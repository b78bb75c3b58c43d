"""Triangles and diagonals: tril, triu, diag, diagonal, diag_embed, trace."""

__all__ = []
