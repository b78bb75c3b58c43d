"""Every differentiable op, declared once: forward on arrays, derivatives in ember ops.

_primitive must be imported first: the op modules are declared with it.
"""
from ember.ops import _primitive  # noqa: F401  (first: the other modules build on it)
from ember.ops import (advanced_indexing, broadcast, comparison, conversion,  # noqa: F401
                       decompositions, diagonal, elementwise, indexing, joining, linalg,
                       pointwise, random_ops, rearrange, reduction, scan, scatter, shape,
                       sorting, statistics)
