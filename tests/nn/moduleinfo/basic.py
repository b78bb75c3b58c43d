"""Rows for dropout layers (in eval mode; their training behaviour has tests of its own),
Embedding, EmbeddingBag, Flatten, Unflatten and the distance layers."""
import numpy as np

from tests.nn.moduleinfo.core import Index, ModuleInfo, arrays


def _eval_only(name, make, *shape):
    return ModuleInfo(name, make, lambda rng: (arrays(rng, *shape),), train=False)


def _indices(*shape, high=10):
    return lambda rng: (Index(rng.integers(0, high, size=shape)),)


def _embedding_errors(rng):
    return [(Index(np.array([1, 10])),), (Index(np.array([-1])),), (arrays(rng, 3),)]


_BAG = Index(np.array([1, 2, 4, 5, 4, 3, 2, 0]))
_OFFSETS = Index(np.array([0, 2, 2, 5]))


def _bag_errors(rng):
    return [(_BAG,), (_BAG, Index(np.array([1, 2])))]


MODULES = [
    _eval_only('Dropout', lambda nn: nn.Dropout(), 3, 4),
    _eval_only('Dropout_p', lambda nn: nn.Dropout(p=0.2, inplace=True), 3, 4),
    _eval_only('Dropout1d', lambda nn: nn.Dropout1d(0.3), 2, 3, 4),
    _eval_only('Dropout2d', lambda nn: nn.Dropout2d(), 2, 3, 2, 2),
    _eval_only('Dropout3d', lambda nn: nn.Dropout3d(), 2, 3, 2, 2, 2),
    _eval_only('AlphaDropout', lambda nn: nn.AlphaDropout(0.2), 3, 4),
    _eval_only('FeatureAlphaDropout', lambda nn: nn.FeatureAlphaDropout(0.2), 2, 3, 4),
    ModuleInfo('Dropout_p0', lambda nn: nn.Dropout(0.0), lambda rng: (arrays(rng, 3, 4),)),
    ModuleInfo('Dropout_p1', lambda nn: nn.Dropout(1.0), lambda rng: (arrays(rng, 3, 4),)),
    ModuleInfo('Embedding', lambda nn: nn.Embedding(10, 3), _indices(2, 4),
               errors=_embedding_errors),
    ModuleInfo('Embedding_padding', lambda nn: nn.Embedding(10, 3, padding_idx=-2),
               lambda rng: (Index(np.array([[8, 1, 8], [2, 3, 8]])),)),
    ModuleInfo('Embedding_options',
               lambda nn: nn.Embedding(10, 3, padding_idx=0, max_norm=1.5, norm_type=1.0,
                                       scale_grad_by_freq=True),
               lambda rng: (Index(np.array([[0, 1, 1], [2, 3, 1]])),)),
    ModuleInfo('Embedding_sparse', lambda nn: nn.Embedding(10, 3, sparse=True), _indices(3),
               grad=False),
    ModuleInfo('EmbeddingBag', lambda nn: nn.EmbeddingBag(6, 3),
               lambda rng: (_BAG, _OFFSETS), errors=_bag_errors),
    ModuleInfo('EmbeddingBag_sum', lambda nn: nn.EmbeddingBag(6, 3, mode='sum', padding_idx=2),
               lambda rng: (Index(np.array([[1, 2, 4], [5, 4, 3]])),)),
    ModuleInfo('EmbeddingBag_max', lambda nn: nn.EmbeddingBag(6, 3, mode='max',
                                                              include_last_offset=True),
               lambda rng: (_BAG, Index(np.array([0, 2, 2, 5, 8])))),
    ModuleInfo('EmbeddingBag_weighted', lambda nn: nn.EmbeddingBag(6, 3, mode='sum'),
               lambda rng: (_BAG, _OFFSETS, arrays(rng, 8))),
    ModuleInfo('Flatten', lambda nn: nn.Flatten(), lambda rng: (arrays(rng, 2, 3, 4),)),
    ModuleInfo('Flatten_dims', lambda nn: nn.Flatten(0, 1), lambda rng: (arrays(rng, 2, 3, 4),)),
    ModuleInfo('Unflatten', lambda nn: nn.Unflatten(1, (2, 3)),
               lambda rng: (arrays(rng, 4, 6),)),
    ModuleInfo('Unflatten_list', lambda nn: nn.Unflatten(-1, [3, -1]),
               lambda rng: (arrays(rng, 4, 6),)),
    ModuleInfo('CosineSimilarity', lambda nn: nn.CosineSimilarity(),
               lambda rng: (arrays(rng, 3, 4), arrays(rng, 3, 4))),
    ModuleInfo('CosineSimilarity_dim', lambda nn: nn.CosineSimilarity(dim=0, eps=1e-6),
               lambda rng: (arrays(rng, 3, 4), arrays(rng, 4))),
    ModuleInfo('PairwiseDistance', lambda nn: nn.PairwiseDistance(),
               lambda rng: (arrays(rng, 3, 4), arrays(rng, 3, 4))),
    ModuleInfo('PairwiseDistance_p', lambda nn: nn.PairwiseDistance(p=1.5, eps=0.0,
                                                                    keepdim=True),
               lambda rng: (arrays(rng, 3, 4), arrays(rng, 3, 4)),
               errors=lambda rng: [(arrays(rng, 3, 4), arrays(rng, 2, 4))]),
]
