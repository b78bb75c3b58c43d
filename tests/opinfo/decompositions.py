"""Table rows for the ops in ember/ops/decompositions.py."""

OPS = []
