"""Table rows for the ops in ember/ops/rearrange.py."""

OPS = []
