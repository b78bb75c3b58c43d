"""Table rows for the ops in ember/ops/elementwise.py, gathered from the elementwise_* files."""
from tests.opinfo import (elementwise_binary, elementwise_inplace, elementwise_special,
                          elementwise_ternary, elementwise_unary)

OPS = (elementwise_unary.OPS + elementwise_special.OPS + elementwise_binary.OPS +
       elementwise_ternary.OPS + elementwise_inplace.OPS)
