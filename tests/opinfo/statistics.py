"""Table rows for the ops in ember/ops/statistics.py."""

OPS = []
