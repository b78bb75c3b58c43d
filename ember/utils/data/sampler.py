"""Samplers: the orders in which a DataLoader visits a map-style dataset."""
import itertools
from typing import Generic, TypeVar

from ember import _dtype
from ember._creation import as_tensor
from ember._random import Generator, _rng, randint, randperm

__all__ = ['Sampler', 'SequentialSampler', 'RandomSampler', 'SubsetRandomSampler',
           'WeightedRandomSampler', 'BatchSampler']

T_co = TypeVar('T_co', covariant=True)

# RandomSampler with replacement draws its indices in chunks of this many
_CHUNK = 32


class Sampler(Generic[T_co]):
    """Matches `torch.utils.data.Sampler`."""

    def __iter__(self):
        raise NotImplementedError

    # NOTE: no default __len__, as for Dataset: a missing length must look missing


class SequentialSampler(Sampler):
    """Matches `torch.utils.data.SequentialSampler`."""

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


def _seeded_generator():
    """A fresh generator seeded from the default one, so manual_seed makes runs repeat."""
    seed = int(_rng(None).integers(0, 2 ** 63 - 1))
    return Generator().manual_seed(seed)


class RandomSampler(Sampler):
    """Matches `torch.utils.data.RandomSampler`. The orders are reproducible under a seed but
    are not torch's (ember's random streams are NumPy's)."""

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(replacement, bool):
            raise TypeError("replacement should be a boolean value, but got "
                            f"replacement={replacement}")
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError("num_samples should be a positive integer value, but got "
                             f"num_samples={self.num_samples}")

    @property
    def num_samples(self):
        # the dataset may grow or shrink between epochs
        if self._num_samples is None:
            return len(self.data_source)
        return self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        generator = self.generator if self.generator is not None else _seeded_generator()
        count = self.num_samples
        if self.replacement:
            for _ in range(count // _CHUNK):
                yield from randint(0, n, (_CHUNK,), generator=generator).tolist()
            yield from randint(0, n, (count % _CHUNK,), generator=generator).tolist()
        else:
            for _ in range(count // n):
                yield from randperm(n, generator=generator).tolist()
            yield from randperm(n, generator=generator).tolist()[:count % n]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """Matches `torch.utils.data.SubsetRandomSampler`."""

    def __init__(self, indices, generator=None):
        self.indices = indices
        self.generator = generator

    def __iter__(self):
        for i in randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


def _check_positive_int(value, name):
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{name} should be a positive integer value, but got {name}={value}")


class WeightedRandomSampler(Sampler):
    """Matches `torch.utils.data.WeightedRandomSampler`."""

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        _check_positive_int(num_samples, 'num_samples')
        if not isinstance(replacement, bool):
            raise ValueError("replacement should be a boolean value, but got "
                             f"replacement={replacement}")
        weights = as_tensor(weights, dtype=_dtype.float64)
        if weights.dim() != 1:
            raise ValueError("weights should be a 1d sequence but given weights have shape "
                             f"{tuple(weights.shape)}")
        self.weights = weights
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self):
        from ember.ops.random_ops import multinomial
        drawn = multinomial(self.weights, self.num_samples, self.replacement,
                            generator=self.generator)
        yield from drawn.tolist()

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler):
    """Matches `torch.utils.data.BatchSampler`: lists of batch_size indices."""

    def __init__(self, sampler, batch_size, drop_last):
        _check_positive_int(batch_size, 'batch_size')
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self):
        indices = iter(self.sampler)
        size = self.batch_size
        while True:
            batch = list(itertools.islice(indices, size))
            if not batch or (self.drop_last and len(batch) < size):
                return
            yield batch

    def __len__(self):
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size
