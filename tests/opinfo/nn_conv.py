"""Table rows for ember.nn.functional (nn_conv)."""

OPS = []
