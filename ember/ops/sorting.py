"""Sorting and selection: sort, argsort, topk, kthvalue, unique."""

__all__ = []
