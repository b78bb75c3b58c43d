"""ember.linalg: matches torch.linalg."""
