"""Gathering and scattering along dims: gather, scatter, index_*, masked_*, take, put, nonzero.

The ops live in scatter_gather.py (gather, scatter, scatter_add, scatter_reduce,
take_along_dim), scatter_index.py (index_select, index_add, index_copy, index_fill,
index_reduce) and scatter_masked.py (masked_fill, masked_select, masked_scatter, take, put,
nonzero, nonzero_static, argwhere); torch.index_put, below, writes with advanced indexing's
index_put op.
"""
from ember.ops import advanced_indexing
from ember.ops.scatter_gather import (gather, scatter, scatter_add, scatter_reduce,
                                      take_along_dim)
from ember.ops.scatter_index import (index_add, index_copy, index_fill, index_reduce,
                                     index_select)
from ember.ops.scatter_masked import (argwhere, masked_fill, masked_scatter, masked_select,
                                      nonzero, nonzero_static, put, take)

__all__ = ['gather', 'scatter', 'scatter_add', 'scatter_reduce', 'take_along_dim',
           'index_select', 'index_add', 'index_copy', 'index_fill', 'index_reduce',
           'masked_fill', 'masked_select', 'masked_scatter', 'take', 'put', 'nonzero',
           'nonzero_static', 'argwhere', 'index_put', 'index_put_']


def index_put(input, indices, values, accumulate=False):
    """Matches `torch.index_put`."""
    return put_indices(input, indices, values, accumulate, inplace=False, position=2)


def index_put_(input, indices, values, accumulate=False):
    """Matches `torch.index_put_`."""
    return put_indices(input, indices, values, accumulate, inplace=True, position=2)


def put_indices(input, indices, values, accumulate, inplace, position):
    """index_put(_) for the functions and methods (`position`: that of `indices`, for
    messages)."""
    name = 'index_put_' if inplace else 'index_put'
    entries = advanced_indexing.index_put_entries(input, indices, values, name, position)
    return advanced_indexing.put_into(input, entries, values, accumulate, inplace=inplace)
