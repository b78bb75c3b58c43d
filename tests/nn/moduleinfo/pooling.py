"""Rows for the pooling layers."""
from tests.nn.moduleinfo.core import ModuleInfo, arrays


def _row(name, make, *shape, **kw):
    return ModuleInfo(name, make, lambda rng: (arrays(rng, *shape),), **kw)


def _positive(name, make, *shape):
    return ModuleInfo(name, make, lambda rng: (arrays(rng, *shape, low=0.5, high=2.0),))


def _pool2d_errors(rng):
    return [(arrays(rng, 2, 3, 1, 1),), (arrays(rng, 4, 4),)]


MODULES = [
    _row('MaxPool2d', lambda nn: nn.MaxPool2d(2), 2, 3, 6, 6, errors=_pool2d_errors),
    _row('MaxPool2d_options', lambda nn: nn.MaxPool2d((3, 2), stride=(2, 1), padding=1,
                                                      dilation=(1, 2), ceil_mode=True),
         2, 3, 7, 6),
    _row('MaxPool2d_indices', lambda nn: nn.MaxPool2d(3, stride=2, return_indices=True),
         3, 7, 7),
    _row('MaxPool1d', lambda nn: nn.MaxPool1d(3, stride=2, padding=1), 2, 3, 9),
    _row('MaxPool1d_indices', lambda nn: nn.MaxPool1d(2, return_indices=True, ceil_mode=True),
         2, 3, 9),
    _row('AvgPool2d', lambda nn: nn.AvgPool2d(2), 2, 3, 6, 6, errors=_pool2d_errors),
    _row('AvgPool2d_options', lambda nn: nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True,
                                                      count_include_pad=False), 2, 3, 7, 7),
    _row('AvgPool2d_divisor', lambda nn: nn.AvgPool2d((2, 3), stride=1, divisor_override=4),
         3, 5, 5),
    _row('AvgPool1d', lambda nn: nn.AvgPool1d(3, stride=2, padding=1), 2, 3, 9),
    _positive('LPPool2d', lambda nn: nn.LPPool2d(2, 2), 2, 3, 6, 6),
    _positive('LPPool1d', lambda nn: nn.LPPool1d(3, 3, stride=2), 2, 3, 9),
    _row('AdaptiveAvgPool2d', lambda nn: nn.AdaptiveAvgPool2d((3, 4)), 2, 3, 7, 9),
    _row('AdaptiveAvgPool2d_global', lambda nn: nn.AdaptiveAvgPool2d(1), 2, 3, 5, 5),
    _row('AdaptiveAvgPool2d_none', lambda nn: nn.AdaptiveAvgPool2d((None, 2)), 3, 5, 5),
    _row('AdaptiveAvgPool1d', lambda nn: nn.AdaptiveAvgPool1d(4), 2, 3, 9),
    _row('AdaptiveMaxPool2d', lambda nn: nn.AdaptiveMaxPool2d((3, 4)), 2, 3, 7, 9),
    _row('AdaptiveMaxPool2d_indices', lambda nn: nn.AdaptiveMaxPool2d(2, return_indices=True),
         3, 5, 5),
    _row('AdaptiveMaxPool1d', lambda nn: nn.AdaptiveMaxPool1d(4), 2, 3, 9),
]
