"""ember.optim: matches torch.optim."""
