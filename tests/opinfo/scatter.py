"""Table rows for the ops in ember/ops/scatter.py."""

OPS = []
