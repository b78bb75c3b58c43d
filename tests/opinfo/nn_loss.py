"""Table rows for ember.nn.functional (nn_loss)."""

OPS = []
