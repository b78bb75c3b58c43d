"""ember.utils.data: matches torch.utils.data."""
