"""DataLoader against torch's on the same datasets: batches, lengths, option errors; shuffling
by its properties (each epoch a permutation, seeded runs repeat)."""
import collections
import warnings

import numpy as np
import pytest

import ember
import ember.utils.data  # noqa: F401  (ember.utils does not import it eagerly)

torch = pytest.importorskip('torch')

Pair = collections.namedtuple('Pair', 'image label')


def _plain(value):
    if isinstance(value, (ember.Tensor, torch.Tensor)):
        return ('tensor', str(value.dtype), tuple(value.shape), value.tolist())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_plain(v) for v in value])
    if isinstance(value, dict):
        return (type(value).__name__, {k: _plain(v) for k, v in value.items()})
    return (type(value).__name__, value)


def _error(fn):
    with pytest.raises(Exception) as info:
        fn()
    return type(info.value), str(info.value)


def _tensor_data(lib):
    return lib.utils.data.TensorDataset(lib.arange(30.).reshape(10, 3), lib.arange(10) % 3)


def _stream(lib, n):
    class Stream(lib.utils.data.IterableDataset):
        def __iter__(self):
            return iter({'x': float(i), 'i': i} for i in range(n))

        def __len__(self):
            return n
    return Stream()


# each builder makes a dataset for the given library
DATASETS = {
    'tensors': _tensor_data,
    'subset_of_tensors': lambda lib: lib.utils.data.Subset(_tensor_data(lib), [7, 1, 4, 4, 0]),
    'nested_subsets': lambda lib: lib.utils.data.Subset(
        lib.utils.data.Subset(_tensor_data(lib), [9, 8, 7, 6, 5]), [4, 0, 2]),
    'concat': lambda lib: _tensor_data(lib) + _tensor_data(lib),
    'python_numbers': lambda lib: [(i, i / 2, str(i)) for i in range(7)],
    'dicts': lambda lib: [{'a': np.full(2, i, np.float32), 'b': [i, True]} for i in range(5)],
    'namedtuples': lambda lib: [Pair(lib.full((2, 2), float(i)), i) for i in range(5)],
    'one_dim_tensors': lambda lib: lib.utils.data.TensorDataset(lib.arange(6)),
    'stream': lambda lib: _stream(lib, 7),
}

OPTIONS = {
    'default': {},
    'batch_3': {'batch_size': 3},
    'batch_3_drop_last': {'batch_size': 3, 'drop_last': True},
    'batch_larger_than_data': {'batch_size': 64},
    'no_batching': {'batch_size': None},
    'shuffle_false': {'batch_size': 2, 'shuffle': False},
}


@pytest.mark.parametrize('options', sorted(OPTIONS))
@pytest.mark.parametrize('dataset', sorted(DATASETS))
def test_batches_match_torch(dataset, options):
    def run(lib):
        loader = lib.utils.data.DataLoader(DATASETS[dataset](lib), **OPTIONS[options])
        return len(loader), [_plain(batch) for batch in loader]
    assert run(ember) == run(torch)


def test_samplers_and_collate_fn_match_torch():
    def run(lib):
        data = lib.utils.data
        dataset = _tensor_data(lib)
        reverse = list(range(9, -1, -1))
        results = []
        for loader in (data.DataLoader(dataset, batch_size=4, sampler=reverse),
                       data.DataLoader(dataset, batch_sampler=[[1, 2], [0], [9, 3, 3]]),
                       data.DataLoader(dataset, batch_size=3,
                                       sampler=data.SequentialSampler(dataset)),
                       data.DataLoader(dataset, batch_size=4,
                                       collate_fn=lambda batch: len(batch)),
                       data.DataLoader(dataset, batch_size=None, sampler=[[0, 2], [1]])):
            results.append((len(loader), [_plain(b) for b in loader]))
        return results
    assert run(ember) == run(torch)


def test_worker_options_are_accepted():
    # ember loads in the main process (Note [Workers]): the batches of torch's
    # single-process loading
    loader = ember.utils.data.DataLoader(_tensor_data(ember), batch_size=3, num_workers=2,
                                         worker_init_fn=print, prefetch_factor=3,
                                         persistent_workers=True, in_order=False,
                                         multiprocessing_context='spawn', timeout=1.0)
    reference = torch.utils.data.DataLoader(_tensor_data(torch), batch_size=3)
    assert [_plain(b) for b in loader] == [_plain(b) for b in reference]
    assert loader.prefetch_factor == 3 and loader.multiprocessing_context == 'spawn'


def test_loader_attributes_match_torch():
    def run(lib):
        data = lib.utils.data
        loader = data.DataLoader(_tensor_data(lib), batch_size=4, drop_last=True)
        unbatched = data.DataLoader(_tensor_data(lib), batch_size=None)
        shuffled = data.DataLoader(_tensor_data(lib), shuffle=True)
        return (loader.batch_size, loader.drop_last, type(loader.sampler).__name__,
                type(loader.batch_sampler).__name__, loader.collate_fn.__name__,
                loader.num_workers, loader.prefetch_factor, unbatched.batch_sampler,
                unbatched.collate_fn.__name__, type(shuffled.sampler).__name__,
                data.get_worker_info())
    assert run(ember) == run(torch)


OPTION_ERRORS = {
    'sampler_and_shuffle': {'sampler': [0, 1], 'shuffle': True},
    'batch_sampler_and_batch_size': {'batch_sampler': [[0]], 'batch_size': 2},
    'batch_sampler_and_shuffle': {'batch_sampler': [[0]], 'shuffle': True},
    'batch_sampler_and_sampler': {'batch_sampler': [[0]], 'sampler': [0]},
    'batch_sampler_and_drop_last': {'batch_sampler': [[0]], 'drop_last': True},
    'no_batching_and_drop_last': {'batch_size': None, 'drop_last': True},
    'negative_workers': {'num_workers': -1},
    'negative_timeout': {'timeout': -1},
    'prefetch_without_workers': {'prefetch_factor': 2},
    'negative_prefetch': {'num_workers': 1, 'prefetch_factor': -1},
    'persistent_without_workers': {'persistent_workers': True},
    'context_without_workers': {'multiprocessing_context': 'spawn'},
    'zero_batch': {'batch_size': 0},
    'float_batch': {'batch_size': 2.0},
    'non_bool_drop_last': {'drop_last': 1},
}


@pytest.mark.parametrize('name', sorted(OPTION_ERRORS))
def test_option_errors(name):
    def build(lib):
        return lib.utils.data.DataLoader(_tensor_data(lib), **OPTION_ERRORS[name])
    assert _error(lambda: build(ember)) == _error(lambda: build(torch))


@pytest.mark.parametrize('options', [{'shuffle': True}, {'sampler': [0]},
                                     {'batch_sampler': [[0]]}])
def test_iterable_dataset_refuses_samplers(options):
    def build(lib):
        return lib.utils.data.DataLoader(_stream(lib, 3), **options)
    ours, theirs = _error(lambda: build(ember)), _error(lambda: build(torch))
    # the messages show the sampler's repr; compare up to it
    assert ours[0] == theirs[0] and ours[1].split(', but')[0] == theirs[1].split(', but')[0]


def test_attributes_are_frozen_after_init():
    for name in ('batch_size', 'sampler', 'dataset', 'drop_last'):
        def build(lib):
            setattr(lib.utils.data.DataLoader([1, 2]), name, None)
        assert _error(lambda: build(ember)) == _error(lambda: build(torch))
    loader = ember.utils.data.DataLoader([1, 2])
    loader.collate_fn = list
    assert next(iter(loader)) == [1]


def test_len_of_stream_warns_when_exceeded():
    def run(lib):
        class Liar(lib.utils.data.IterableDataset):
            def __iter__(self):
                return iter(range(5))

            def __len__(self):
                return 2
        loader = lib.utils.data.DataLoader(Liar(), batch_size=None)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            length = len(loader)
            values = [int(v) for v in loader]
        return length, values, len(caught), str(caught[0].message).split(' was')[1]
    assert run(ember) == run(torch)


def _epochs(generator, epochs=3, **options):
    loader = ember.utils.data.DataLoader(_tensor_data(ember), batch_size=4, shuffle=True,
                                         generator=generator, **options)
    return [[i for _, labels_rows in [(b[0], b[0][:, 0]) for b in loader]
             for i in (labels_rows / 3).long().tolist()] for _ in range(epochs)]


def test_shuffle_gives_a_permutation_each_epoch():
    epochs = _epochs(ember.Generator().manual_seed(0), epochs=4)
    for order in epochs:
        assert sorted(order) == list(range(10))
    assert len({tuple(order) for order in epochs}) > 1


def test_shuffle_repeats_under_a_seed():
    assert _epochs(ember.Generator().manual_seed(3)) == _epochs(ember.Generator().manual_seed(3))
    assert _epochs(ember.Generator().manual_seed(3)) != _epochs(ember.Generator().manual_seed(4))
    ember.manual_seed(11)
    first = _epochs(None)
    ember.manual_seed(11)
    assert _epochs(None) == first


def test_shuffle_with_drop_last_and_batch_shapes():
    loader = ember.utils.data.DataLoader(_tensor_data(ember), batch_size=4, shuffle=True,
                                         drop_last=True)
    shapes = [tuple(images.shape) for images, _ in loader]
    assert len(loader) == 2 and shapes == [(4, 3), (4, 3)]


def test_batched_gather_equals_per_sample_batches():
    # default_collate through ember's gather path and through a per-sample collate_fn
    dataset = ember.utils.data.Subset(_tensor_data(ember), [3, 1, 4, 1, 5, 9, 2, 6])
    fast = list(ember.utils.data.DataLoader(dataset, batch_size=3))
    slow = list(ember.utils.data.DataLoader(
        dataset, batch_size=3, collate_fn=lambda b: ember.utils.data.default_collate(b)))
    assert [_plain(b) for b in fast] == [_plain(b) for b in slow]


def test_tensors_requiring_grad_are_stacked():
    def run(lib):
        x = lib.ones(4, 2, requires_grad=True)
        batch = next(iter(lib.utils.data.DataLoader(lib.utils.data.TensorDataset(x),
                                                    batch_size=2)))
        return type(batch[0].grad_fn).__name__
    assert run(ember) == run(torch)


def test_pin_memory_warns_without_accelerator():
    def run(lib):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            list(lib.utils.data.DataLoader([1, 2], pin_memory=True))
        return [str(w.message) for w in caught]
    assert run(ember) == run(torch)


def test_iterator_len():
    for lib in (ember, torch):
        loader = lib.utils.data.DataLoader(list(range(7)), batch_size=3)
        assert len(iter(loader)) == 3
