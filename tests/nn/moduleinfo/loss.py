"""Rows for the loss layers."""
import numpy as np

from tests.nn.moduleinfo.core import Index, ModuleInfo, arrays


def _signs(rng, *shape):
    return Index(np.where(rng.random(shape) > 0.5, 1.0, -1.0))


def _classes(rng, high, *shape):
    return Index(rng.integers(0, high, size=shape))


def _regression(rng):
    return arrays(rng, 3, 4), arrays(rng, 3, 4)


def _probabilities(rng):
    return arrays(rng, 3, 4, low=0.05, high=0.95), arrays(rng, 3, 4, low=0.0, high=1.0)


MODULES = [
    ModuleInfo('MSELoss', lambda nn: nn.MSELoss(), _regression),
    ModuleInfo('MSELoss-sum', lambda nn: nn.MSELoss(reduction='sum'), _regression),
    ModuleInfo('L1Loss-none', lambda nn: nn.L1Loss(reduction='none'), _regression),
    ModuleInfo('SmoothL1Loss', lambda nn: nn.SmoothL1Loss(beta=0.5), _regression),
    ModuleInfo('HuberLoss', lambda nn: nn.HuberLoss(delta=0.7, reduction='sum'), _regression),
    ModuleInfo('CrossEntropyLoss', lambda nn: nn.CrossEntropyLoss(),
               lambda rng: (arrays(rng, 6, 5), _classes(rng, 5, 6)),
               errors=lambda rng: [(arrays(rng, 4, 5), Index(np.array([0, 1, 2, 5])))]),
    ModuleInfo('CrossEntropyLoss-smoothed', lambda nn: nn.CrossEntropyLoss(
        ignore_index=1, label_smoothing=0.1, reduction='sum'),
        lambda rng: (arrays(rng, 2, 5, 3), _classes(rng, 5, 2, 3))),
    ModuleInfo('CrossEntropyLoss-probabilities', lambda nn: nn.CrossEntropyLoss(),
               lambda rng: (arrays(rng, 4, 5), arrays(rng, 4, 5, low=0.0, high=1.0))),
    ModuleInfo('NLLLoss', lambda nn: nn.NLLLoss(reduction='none'),
               lambda rng: (arrays(rng, 6, 5), _classes(rng, 5, 6)),
               errors=lambda rng: [(arrays(rng, 4, 5), Index(np.zeros(4)))]),
    ModuleInfo('BCELoss', lambda nn: nn.BCELoss(), _probabilities,
               errors=lambda rng: [(arrays(rng, 3, 4, low=1.5, high=2.0), arrays(rng, 3, 4))]),
    ModuleInfo('BCEWithLogitsLoss', lambda nn: nn.BCEWithLogitsLoss(), _probabilities),
    ModuleInfo('KLDivLoss', lambda nn: nn.KLDivLoss(reduction='batchmean'),
               lambda rng: (arrays(rng, 3, 4), arrays(rng, 3, 4, low=0.1, high=1.0))),
    ModuleInfo('KLDivLoss-log-target', lambda nn: nn.KLDivLoss(log_target=True), _regression),
    ModuleInfo('PoissonNLLLoss', lambda nn: nn.PoissonNLLLoss(full=True),
               lambda rng: (arrays(rng, 3, 4), arrays(rng, 3, 4, low=0.0, high=3.0))),
    ModuleInfo('GaussianNLLLoss', lambda nn: nn.GaussianNLLLoss(),
               lambda rng: (arrays(rng, 3, 4), arrays(rng, 3, 4), arrays(rng, 3, 4, low=0.5))),
    ModuleInfo('SoftMarginLoss', lambda nn: nn.SoftMarginLoss(),
               lambda rng: (arrays(rng, 3, 4), _signs(rng, 3, 4)), dtypes=('float64',)),
    ModuleInfo('MultiLabelSoftMarginLoss', lambda nn: nn.MultiLabelSoftMarginLoss(),
               lambda rng: (arrays(rng, 3, 4), arrays(rng, 3, 4, low=0.0, high=1.0))),
    ModuleInfo('HingeEmbeddingLoss', lambda nn: nn.HingeEmbeddingLoss(margin=0.5),
               lambda rng: (arrays(rng, 3, 4), _signs(rng, 3, 4))),
    ModuleInfo('CosineEmbeddingLoss', lambda nn: nn.CosineEmbeddingLoss(margin=0.1),
               lambda rng: (arrays(rng, 4, 3), arrays(rng, 4, 3), _signs(rng, 4))),
    ModuleInfo('MarginRankingLoss', lambda nn: nn.MarginRankingLoss(margin=0.2),
               lambda rng: (arrays(rng, 5), arrays(rng, 5), _signs(rng, 5))),
    ModuleInfo('TripletMarginLoss', lambda nn: nn.TripletMarginLoss(margin=0.5, swap=True),
               lambda rng: (arrays(rng, 4, 3), arrays(rng, 4, 3), arrays(rng, 4, 3))),
    ModuleInfo('TripletMarginWithDistanceLoss', lambda nn: nn.TripletMarginWithDistanceLoss(
        margin=0.5, swap=True), lambda rng: (arrays(rng, 4, 3), arrays(rng, 4, 3),
                                             arrays(rng, 4, 3))),
]
