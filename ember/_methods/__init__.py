"""Tensor's op methods, one mixin per op family, each method a one-line call into ember.ops.

Note [Late import of ops]
The op modules need the Tensor class, and Tensor's methods need the op modules. Each mixin
module therefore reaches its ops through module globals that `import_ops()` binds; `_tensor.py`
calls it as soon as the Tensor class exists.
"""
from ember._methods import core, indexing, linalg, math, nn, reduction, shape

MIXINS = (core.CoreMethods, math.MathMethods, reduction.ReductionMethods,
          shape.ShapeMethods, indexing.IndexingMethods, linalg.LinalgMethods, nn.NNMethods)


def import_ops():
    for module in (core, math, reduction, shape, indexing, linalg, nn):
        module.import_ops()
