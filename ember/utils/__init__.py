"""ember.utils: matches torch.utils (checkpoint; data comes with the training tools)."""
