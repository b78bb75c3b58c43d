"""DataLoader: batches of samples from a dataset, in the main process.

Note [Workers]
ember loads every batch in the calling process. `num_workers`, `worker_init_fn`,
`multiprocessing_context`, `prefetch_factor`, `persistent_workers`, `timeout` and `in_order`
are checked as torch checks them and otherwise ignored: a map-style dataset yields the same
batches as torch with any number of workers. An IterableDataset yields its stream once; under
torch each worker process would replay it unless the dataset splits it with get_worker_info().
"""
import math
import warnings
from typing import Generic, TypeVar

from ember._creation import from_numpy
from ember.utils.data._utils.collate import default_collate, default_convert
from ember.utils.data.dataset import IterableDataset, Subset, TensorDataset
from ember.utils.data.sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler

__all__ = ['DataLoader', 'get_worker_info']

T_co = TypeVar('T_co', covariant=True)

# attributes that fix the order of batches: torch refuses to change them after __init__
_FROZEN = frozenset(('batch_size', 'batch_sampler', 'sampler', 'drop_last', 'dataset',
                     'persistent_workers'))


def get_worker_info():
    """Matches `torch.utils.data.get_worker_info`: None, as in torch's main process."""
    return None


class _InfiniteConstantSampler(Sampler):
    """The sampler of an IterableDataset: the dataset ignores keys, so every key is None."""

    def __iter__(self):
        while True:
            yield None


class DataLoader(Generic[T_co]):
    """Matches `torch.utils.data.DataLoader`, loading in the main process (Note [Workers])."""

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
                 worker_init_fn=None, multiprocessing_context=None, generator=None, *,
                 prefetch_factor=None, persistent_workers=False, pin_memory_device='',
                 in_order=True):
        object.__setattr__(self, '_initialized', False)
        _check_worker_options(num_workers, timeout, prefetch_factor, persistent_workers)
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            _check_iterable_options(shuffle, sampler, batch_sampler)
        else:
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually "
                             "exclusive with drop_last")
        if sampler is None:
            if self._iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if batch_sampler is not None else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self._IterableDataset_len_called = None
        object.__setattr__(self, '_initialized', True)

    @property
    def multiprocessing_context(self):
        return self._multiprocessing_context

    @multiprocessing_context.setter
    def multiprocessing_context(self, context):
        if context is not None and self.num_workers == 0:
            raise ValueError("multiprocessing_context can only be used with multi-process "
                             f"loading (num_workers > 0), but got num_workers={self.num_workers}")
        self._multiprocessing_context = context

    def __setattr__(self, name, value):
        if self._initialized and name in _FROZEN:
            raise ValueError(f"{name} attribute should not be set after "
                             f"{type(self).__name__} is initialized")
        object.__setattr__(self, name, value)

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self.batch_sampler is not None else self.sampler

    def __iter__(self):
        return _DataLoaderIter(self)

    def __len__(self):
        if not self._iterable:
            return len(self._index_sampler)
        length = self._IterableDataset_len_called = len(self.dataset)
        if self.batch_size is not None:
            if self.drop_last:
                return length // self.batch_size
            return math.ceil(length / self.batch_size)
        return length

    def check_worker_number_rationality(self):
        pass


def _check_worker_options(num_workers, timeout, prefetch_factor, persistent_workers):
    if num_workers < 0:
        raise ValueError("num_workers option should be non-negative; use num_workers=0 to "
                         "disable multiprocessing.")
    if timeout < 0:
        raise ValueError("timeout option should be non-negative")
    if num_workers == 0 and prefetch_factor is not None:
        raise ValueError("prefetch_factor option could only be specified in multiprocessing.let "
                         "num_workers > 0 to enable multiprocessing, otherwise set "
                         "prefetch_factor to None.")
    if prefetch_factor is not None and prefetch_factor < 0:
        raise ValueError("prefetch_factor option should be non-negative")
    if persistent_workers and num_workers == 0:
        raise ValueError("persistent_workers option needs num_workers > 0")


def _check_iterable_options(shuffle, sampler, batch_sampler):
    # the keys of an IterableDataset mean nothing, so nothing may choose them
    if shuffle not in {False, None}:
        raise ValueError("DataLoader with IterableDataset: expected unspecified shuffle "
                         f"option, but got shuffle={shuffle}")
    if sampler is not None:
        raise ValueError("DataLoader with IterableDataset: expected unspecified sampler "
                         f"option, but got sampler={sampler}")
    if batch_sampler is not None:
        raise ValueError("DataLoader with IterableDataset: expected unspecified batch_sampler "
                         f"option, but got batch_sampler={batch_sampler}")


class _DataLoaderIter:
    """One pass over a DataLoader."""

    def __init__(self, loader):
        if loader.pin_memory:
            warnings.warn("'pin_memory' argument is set as true but no accelerator is found, "
                          "then device pinned memory won't be used.", stacklevel=3)
        self._loader = loader
        self._dataset = loader.dataset
        self._index_sampler = loader._index_sampler
        self._sampler_iter = iter(self._index_sampler)
        self._auto_collation = loader._auto_collation
        self._collate_fn = loader.collate_fn
        self._num_yielded = 0
        self._len_called = loader._IterableDataset_len_called
        if loader._iterable:
            self._dataset_iter = iter(self._dataset)
            self._ended = False
            self._fetch = self._fetch_iterable
        else:
            self._tensors = _tensor_source(self._dataset, self._collate_fn,
                                           self._auto_collation)
            self._fetch = self._fetch_map

    def __iter__(self):
        return self

    def __len__(self):
        return len(self._index_sampler)

    def __next__(self):
        data = self._fetch(next(self._sampler_iter))
        self._num_yielded += 1
        if self._len_called is not None and self._num_yielded > self._len_called:
            warnings.warn(f"Length of IterableDataset {self._dataset} was reported to be "
                          f"{self._len_called}(when accessing len(dataloader)), but "
                          f"{self._num_yielded} samples have been fetched. ", stacklevel=2)
        return data

    def _fetch_map(self, index):
        if not self._auto_collation:
            return self._collate_fn(self._dataset[index])
        if self._tensors is not None:
            batch = _gather_batch(self._tensors, index)
            if batch is not None:
                return batch
        dataset = self._dataset
        if getattr(dataset, '__getitems__', None):
            samples = dataset.__getitems__(index)
        else:
            samples = [dataset[i] for i in index]
        return self._collate_fn(samples)

    def _fetch_iterable(self, index):
        if self._ended:
            raise StopIteration
        if not self._auto_collation:
            return self._collate_fn(next(self._dataset_iter))
        samples = []
        for _ in index:
            try:
                samples.append(next(self._dataset_iter))
            except StopIteration:
                self._ended = True
                break
        if not samples or (self._loader.drop_last and len(samples) < len(index)):
            raise StopIteration
        return self._collate_fn(samples)


def _tensor_source(dataset, collate_fn, auto_collation):
    """For a TensorDataset (maybe inside Subsets) batched by default_collate: its tensors and
    the Subsets' index lists, outermost first (Note [Batched gather])."""
    if collate_fn is not default_collate or not auto_collation:
        return None
    subsets = []
    while type(dataset) is Subset:
        if type(dataset.indices) not in (list, tuple, range):
            return None
        subsets.append(dataset.indices)
        dataset = dataset.dataset
    if type(dataset) is not TensorDataset:
        return None
    if any(t.requires_grad for t in dataset.tensors):
        return None
    return dataset.tensors, subsets


def _gather_batch(source, index):
    """Note [Batched gather]
    default_collate stacks the samples t[i]; a gather of the rows holds the same values in the
    same layout without Python work per sample. Only for the library's own classes (a
    subclass may override __getitem__), tensors outside autograd (stack would record a graph)
    and keys in range (others take the per-sample path, which raises torch's errors)."""
    tensors, subsets = source
    rows = index
    for indices in subsets:
        rows = [indices[i] for i in rows]
    if not rows or not all(type(i) is int for i in rows):
        return None
    if min(rows) < 0 or max(rows) >= len(tensors[0]):
        return None
    # NOTE: a list, as default_collate gives for tuple samples
    return [from_numpy(t.numpy().take(rows, axis=0)) for t in tensors]
