"""ember.utils: matches torch.utils (checkpoint and data)."""
from ember.utils import checkpoint, data  # noqa: F401,E402
