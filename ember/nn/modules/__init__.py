"""The nn modules (layers, containers, losses); each file lists its layers in __all__."""
from ember.nn.modules.container import (ModuleDict, ModuleList, ParameterDict,  # noqa: F401
                                        ParameterList, Sequential)
from ember.nn.modules.module import Module  # noqa: F401
from ember.nn.modules import (activation, attention, batchnorm, conv, distance,  # noqa: F401
                              dropout, flatten, fold, instancenorm, linear, loss,
                              normalization, padding, pooling, rnn, sparse, transformer,
                              upsampling)
from ember.nn.modules.conv import *  # noqa: F401,F403
from ember.nn.modules.pooling import *  # noqa: F401,F403
from ember.nn.modules.padding import *  # noqa: F401,F403
from ember.nn.modules.upsampling import *  # noqa: F401,F403
from ember.nn.modules.fold import *  # noqa: F401,F403
from ember.nn.modules.linear import *  # noqa: F401,F403
from ember.nn.modules.activation import *  # noqa: F401,F403
from ember.nn.modules.dropout import *  # noqa: F401,F403
from ember.nn.modules.sparse import *  # noqa: F401,F403
from ember.nn.modules.flatten import *  # noqa: F401,F403
from ember.nn.modules.distance import *  # noqa: F401,F403
from ember.nn.modules.loss import *  # noqa: F401,F403
from ember.nn.modules.batchnorm import *  # noqa: F401,F403
from ember.nn.modules.normalization import *  # noqa: F401,F403
from ember.nn.modules.instancenorm import *  # noqa: F401,F403
from ember.nn.modules.rnn import *  # noqa: F401,F403
from ember.nn.modules.attention import *  # noqa: F401,F403
from ember.nn.modules.transformer import *  # noqa: F401,F403

__all__ = ['Module', 'Sequential', 'ModuleList', 'ModuleDict', 'ParameterList', 'ParameterDict']
for _family in (conv, pooling, padding, upsampling, fold, linear, activation, dropout,  # noqa
                sparse, flatten, distance, loss, batchnorm, normalization, instancenorm, rnn,
                attention, transformer):
    __all__ += _family.__all__
