"""The nn modules (layers, containers, losses)."""
from ember.nn.modules.container import (ModuleDict, ModuleList, ParameterDict,  # noqa: F401
                                        ParameterList, Sequential)
from ember.nn.modules.module import Module  # noqa: F401

__all__ = ['Module', 'Sequential', 'ModuleList', 'ModuleDict', 'ParameterList', 'ParameterDict']
