"""Rows for the activation layers."""
from tests.nn.moduleinfo.core import ModuleInfo, arrays


def _input(*shape, low=-3.0, high=3.0):
    return lambda rng: (arrays(rng, *shape, low=low, high=high),)


def _row(name, make, shape=(3, 4), **kw):
    return ModuleInfo(name, make, _input(*shape), **kw)


def _through_copy(make_layer):
    """The layer applied to `input * 1`: an in-place layer must not write into the table's
    leaf input, which requires grad."""
    def make(nn):
        layer = make_layer(nn)
        original = type(layer).forward

        class Wrapped(type(layer)):
            def forward(self, input):
                return original(self, input * 1)
        Wrapped.__name__ = type(layer).__name__
        layer.__class__ = Wrapped
        return layer
    return make


def _glu_errors(rng):
    return [(arrays(rng, 3, 3),)]


def _prelu_errors(rng):
    return [(arrays(rng, 2, 4),)]


MODULES = [
    _row('ReLU', lambda nn: nn.ReLU()),
    _row('ReLU_inplace', _through_copy(lambda nn: nn.ReLU(inplace=True))),
    _row('ReLU6', lambda nn: nn.ReLU6(), shape=(2, 3, 4)),
    _row('ReLU6_inplace', _through_copy(lambda nn: nn.ReLU6(True))),
    _row('LeakyReLU', lambda nn: nn.LeakyReLU()),
    _row('LeakyReLU_slope', _through_copy(lambda nn: nn.LeakyReLU(0.2, inplace=True))),
    _row('PReLU', lambda nn: nn.PReLU(), shape=(2, 3, 4)),
    _row('PReLU_channels', lambda nn: nn.PReLU(3, init=0.1), shape=(2, 3, 4),
         errors=_prelu_errors),
    _row('ELU', lambda nn: nn.ELU()),
    _row('ELU_alpha_inplace', _through_copy(lambda nn: nn.ELU(0.5, inplace=True))),
    _row('SELU', lambda nn: nn.SELU()),
    _row('SELU_inplace', _through_copy(lambda nn: nn.SELU(inplace=True))),
    _row('CELU', lambda nn: nn.CELU(1.5)),
    _row('CELU_inplace', _through_copy(lambda nn: nn.CELU(inplace=True))),
    _row('GELU', lambda nn: nn.GELU()),
    _row('GELU_tanh', lambda nn: nn.GELU('tanh')),
    _row('SiLU', lambda nn: nn.SiLU()),
    _row('SiLU_inplace', _through_copy(lambda nn: nn.SiLU(inplace=True))),
    _row('Mish', lambda nn: nn.Mish()),
    _row('Mish_inplace', _through_copy(lambda nn: nn.Mish(True))),
    _row('Sigmoid', lambda nn: nn.Sigmoid()),
    _row('Tanh', lambda nn: nn.Tanh()),
    _row('Hardtanh', lambda nn: nn.Hardtanh(-2.0, 1.5)),
    _row('Hardtanh_inplace', _through_copy(lambda nn: nn.Hardtanh(inplace=True))),
    _row('Hardsigmoid', lambda nn: nn.Hardsigmoid()),
    _row('Hardsigmoid_inplace', _through_copy(lambda nn: nn.Hardsigmoid(inplace=True))),
    _row('Hardswish', lambda nn: nn.Hardswish()),
    _row('Hardswish_inplace', _through_copy(lambda nn: nn.Hardswish(True))),
    _row('Softplus', lambda nn: nn.Softplus(beta=2, threshold=3)),
    _row('Softsign', lambda nn: nn.Softsign()),
    _row('Softmax', lambda nn: nn.Softmax(dim=1), shape=(2, 3, 4)),
    _row('Softmax_implicit_dim', lambda nn: nn.Softmax(), shape=(2, 3)),
    _row('Softmax2d', lambda nn: nn.Softmax2d(), shape=(2, 3, 2, 2),
         errors=lambda rng: [(arrays(rng, 3, 4),)]),
    _row('LogSoftmax', lambda nn: nn.LogSoftmax(-1), shape=(2, 3, 4)),
    _row('Softmin', lambda nn: nn.Softmin(0), shape=(5, 2)),
    _row('Threshold', lambda nn: nn.Threshold(0.3, -2.0)),
    _row('Threshold_inplace', _through_copy(lambda nn: nn.Threshold(0.1, 20, inplace=True))),
    _row('GLU', lambda nn: nn.GLU(), errors=_glu_errors),
    _row('GLU_dim', lambda nn: nn.GLU(dim=0), shape=(4, 3)),
    _row('LogSigmoid', lambda nn: nn.LogSigmoid()),
    _row('Softshrink', lambda nn: nn.Softshrink()),
    _row('Softshrink_lambda', lambda nn: nn.Softshrink(1.0)),
    _row('Hardshrink', lambda nn: nn.Hardshrink(lambd=1.2)),
    _row('Tanhshrink', lambda nn: nn.Tanhshrink()),
]
