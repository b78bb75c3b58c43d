"""Table rows for the ops in ember/ops/diagonal.py."""

OPS = []
