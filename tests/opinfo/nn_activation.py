"""Table rows for ember.nn.functional (nn_activation)."""

OPS = []
