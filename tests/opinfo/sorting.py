"""Table rows for the ops in ember/ops/sorting.py."""

OPS = []
