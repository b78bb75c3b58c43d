"""Table rows for the ops in ember/ops/scan.py."""

OPS = []
