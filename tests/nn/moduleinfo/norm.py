"""Rows for the normalization layers."""
import numpy as np

from tests.nn.moduleinfo.core import ModuleInfo, arrays


def _input(*shape):
    return lambda rng: (arrays(rng, *shape, low=-2.0, high=2.0),)


def _dims(*ranks):
    return lambda rng: [(np.zeros((2,) * rank),) for rank in ranks]


MODULES = [
    ModuleInfo('BatchNorm1d', lambda nn: nn.BatchNorm1d(3), _input(5, 3), errors=_dims(1, 4)),
    ModuleInfo('BatchNorm1d-3d', lambda nn: nn.BatchNorm1d(3, momentum=0.3), _input(4, 3, 2)),
    ModuleInfo('BatchNorm1d-cumulative', lambda nn: nn.BatchNorm1d(3, momentum=None),
               _input(4, 3)),
    ModuleInfo('BatchNorm1d-no-affine', lambda nn: nn.BatchNorm1d(3, affine=False, eps=1e-3),
               _input(4, 3)),
    ModuleInfo('BatchNorm1d-untracked', lambda nn: nn.BatchNorm1d(3, track_running_stats=False),
               _input(4, 3)),
    ModuleInfo('BatchNorm1d-no-bias', lambda nn: nn.BatchNorm1d(3, bias=False), _input(4, 3)),
    ModuleInfo('BatchNorm2d', lambda nn: nn.BatchNorm2d(3), _input(2, 3, 3, 2),
               errors=_dims(3, 5)),
    ModuleInfo('BatchNorm3d', lambda nn: nn.BatchNorm3d(2), _input(2, 2, 2, 2, 2),
               errors=_dims(4)),
    ModuleInfo('InstanceNorm1d', lambda nn: nn.InstanceNorm1d(3), _input(2, 3, 5),
               errors=_dims(1, 4)),
    ModuleInfo('InstanceNorm1d-no-batch', lambda nn: nn.InstanceNorm1d(3, affine=True),
               _input(3, 5), errors=lambda rng: [(np.zeros((2, 4, 5)),)]),
    ModuleInfo('InstanceNorm2d-tracked', lambda nn: nn.InstanceNorm2d(
        3, affine=True, track_running_stats=True), _input(2, 3, 2, 3)),
    ModuleInfo('InstanceNorm3d', lambda nn: nn.InstanceNorm3d(2), _input(2, 2, 2, 2, 2)),
    ModuleInfo('LayerNorm', lambda nn: nn.LayerNorm(4), _input(3, 4),
               errors=lambda rng: [(np.zeros((3, 5)),)]),
    ModuleInfo('LayerNorm-2d', lambda nn: nn.LayerNorm([3, 4], eps=1e-3, bias=False),
               _input(2, 3, 4)),
    ModuleInfo('LayerNorm-no-affine', lambda nn: nn.LayerNorm(4, elementwise_affine=False),
               _input(2, 4)),
    ModuleInfo('GroupNorm', lambda nn: nn.GroupNorm(2, 4), _input(3, 4, 2),
               errors=lambda rng: [(np.zeros((3, 5, 2)),)]),
    ModuleInfo('GroupNorm-no-affine', lambda nn: nn.GroupNorm(3, 6, affine=False), _input(2, 6)),
    ModuleInfo('RMSNorm', lambda nn: nn.RMSNorm(4), _input(3, 4)),
    ModuleInfo('RMSNorm-2d', lambda nn: nn.RMSNorm([2, 3], eps=1e-3,
                                                   elementwise_affine=False), _input(4, 2, 3)),
    ModuleInfo('LocalResponseNorm', lambda nn: nn.LocalResponseNorm(3, alpha=0.1), _input(2, 5, 3),
               errors=lambda rng: [(np.zeros((2, 5)),)]),
]
