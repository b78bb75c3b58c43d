"""Every differentiable op, declared once: forward on arrays, derivatives in ember ops.

_primitive must be imported first: the op modules are declared with it.
"""
from ember.ops import _primitive  # noqa: F401  (first: the other modules build on it)
from ember.ops import (broadcast, comparison, conversion, indexing, joining, linalg,  # noqa: F401
                       pointwise, reduction, shape)
