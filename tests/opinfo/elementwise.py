"""Table rows for the ops in ember/ops/elementwise.py."""

OPS = []
