"""The op table: one OpInfo per public op (see tests/opinfo/core.py)."""
from tests.opinfo import (decompositions, diagonal, elementwise, indexing, inplace, linalg,
                          pointwise, rearrange, reduction, scan, scatter, shape, sorting,
                          statistics)

OPS = [op for family in (pointwise, elementwise, reduction, statistics, sorting, scan, shape,
                         rearrange, diagonal, indexing, scatter, linalg, decompositions, inplace)
       for op in family.OPS]
