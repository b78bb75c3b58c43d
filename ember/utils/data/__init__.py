"""ember.utils.data: matches torch.utils.data."""
from ember.utils.data.dataset import *  # noqa: F401,F403
from ember.utils.data.sampler import *  # noqa: F401,F403
from ember.utils.data.dataloader import *  # noqa: F401,F403
from ember.utils.data._utils.collate import default_collate, default_convert  # noqa: F401
from ember.utils.data import _utils  # noqa: F401
