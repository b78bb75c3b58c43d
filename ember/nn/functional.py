"""ember.nn.functional: matches torch.nn.functional."""
from ember.nn.functional_conv import *  # noqa: F401,F403
from ember.nn.functional_activation import *  # noqa: F401,F403
from ember.nn.functional_basic import *  # noqa: F401,F403
from ember.nn.functional_loss import *  # noqa: F401,F403
from ember.nn.functional_norm import *  # noqa: F401,F403
from ember.nn.functional_attention import *  # noqa: F401,F403
