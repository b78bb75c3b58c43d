"""The op table: one OpInfo per public op (see tests/opinfo/core.py)."""
from tests.opinfo import indexing, inplace, linalg, pointwise, reduction, shape

OPS = (pointwise.OPS + reduction.OPS + shape.OPS + linalg.OPS + indexing.OPS
       + inplace.OPS)
