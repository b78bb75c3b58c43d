"""Table rows for ember.nn.functional (nn_norm)."""

OPS = []
