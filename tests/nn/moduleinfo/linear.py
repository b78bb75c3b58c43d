"""Rows for Identity, Linear and Bilinear."""
import math

from tests.nn.moduleinfo.core import ModuleInfo, arrays


def _assert_uniform(tensor, bound):
    """`tensor` looks drawn from U(-bound, bound): inside the bounds, with its variance."""
    values = tensor.detach().numpy()
    assert values.min() >= -bound and values.max() <= bound
    assert abs(values.var() / (bound * bound / 3) - 1) < 0.05
    assert abs(values.mean()) < 0.05 * bound


def _initialised(make_layer, weight_bound, bias_bound):
    """make(nn), checking first (in either library) that the layer's fresh parameters follow
    torch's reset_parameters; the table then copies torch's values in as usual."""
    def make(nn):
        layer = make_layer(nn)
        _assert_uniform(layer.weight, weight_bound)
        if bias_bound is not None:
            values = layer.bias.detach().numpy()
            assert values.min() >= -bias_bound and values.max() <= bias_bound
            assert values.std() > 0.4 * bias_bound
        return layer
    return make


def _linear_errors(rng):
    return [(arrays(rng, 3, 6),), (arrays(rng, 2, 3, 6),), (arrays(rng, 6),)]


def _bilinear_errors(rng):
    return [(arrays(rng, 3, 4), arrays(rng, 3, 4)), (arrays(rng, 3, 3), arrays(rng, 2, 5))]


MODULES = [
    ModuleInfo('Identity', lambda nn: nn.Identity(3, unused=True),
               lambda rng: (arrays(rng, 2, 3),)),
    ModuleInfo('Linear', lambda nn: nn.Linear(4, 5), lambda rng: (arrays(rng, 3, 4),),
               errors=_linear_errors),
    ModuleInfo('Linear_3d', lambda nn: nn.Linear(4, 5), lambda rng: (arrays(rng, 2, 3, 4),)),
    ModuleInfo('Linear_1d', lambda nn: nn.Linear(4, 5), lambda rng: (arrays(rng, 4),)),
    ModuleInfo('Linear_no_bias', lambda nn: nn.Linear(4, 5, bias=False),
               lambda rng: (arrays(rng, 3, 4),), errors=_linear_errors),
    ModuleInfo('Linear_keywords', lambda nn: nn.Linear(in_features=1, out_features=1),
               lambda rng: (arrays(rng, 7, 1),)),
    ModuleInfo('Linear_initialisation',
               _initialised(lambda nn: nn.Linear(400, 300), 1 / math.sqrt(400),
                            1 / math.sqrt(400)),
               lambda rng: (arrays(rng, 2, 400),), dtypes=('float32',)),
    ModuleInfo('Bilinear_initialisation',
               _initialised(lambda nn: nn.Bilinear(40, 30, 20), 1 / math.sqrt(40),
                            1 / math.sqrt(40)),
               lambda rng: (arrays(rng, 2, 40), arrays(rng, 2, 30)), dtypes=('float32',)),
    ModuleInfo('Bilinear', lambda nn: nn.Bilinear(4, 5, 3),
               lambda rng: (arrays(rng, 2, 4), arrays(rng, 2, 5)), errors=_bilinear_errors),
    ModuleInfo('Bilinear_no_bias', lambda nn: nn.Bilinear(4, 5, 3, bias=False),
               lambda rng: (arrays(rng, 2, 3, 4), arrays(rng, 2, 3, 5))),
]
