"""ember.nn.utils: matches torch.nn.utils."""
