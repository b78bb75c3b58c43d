"""Datasets and random_split against torch.utils.data: items, lengths, errors, warnings."""
import warnings

import pytest

import ember
import ember.utils.data  # noqa: F401  (ember.utils does not import it eagerly)

torch = pytest.importorskip('torch')
LIBS = [ember, torch]


def _plain(value):
    """A comparable Python form of nested tensors and containers."""
    if isinstance(value, (ember.Tensor, torch.Tensor)):
        return ('tensor', str(value.dtype), tuple(value.shape), value.tolist())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_plain(v) for v in value])
    if isinstance(value, dict):
        return (type(value).__name__, {k: _plain(v) for k, v in value.items()})
    return value


def _error(fn):
    with pytest.raises(Exception) as info:
        fn()
    return type(info.value), str(info.value)


def _same_error(build):
    assert _error(lambda: build(ember)) == _error(lambda: build(torch))


def _tensors(lib):
    return lib.arange(12.).reshape(6, 2), lib.arange(6)


class _Stream:
    """An IterableDataset over range(n) for either library."""

    @staticmethod
    def make(lib, n):
        class Stream(lib.utils.data.IterableDataset):
            def __iter__(self):
                return iter(range(n))

            def __len__(self):
                return n
        return Stream()


def test_tensor_dataset_items_and_len():
    for index in (0, 5, -1, slice(1, 4)):
        ours = ember.utils.data.TensorDataset(*_tensors(ember))
        theirs = torch.utils.data.TensorDataset(*_tensors(torch))
        assert len(ours) == len(theirs) == 6
        assert _plain(ours[index]) == _plain(theirs[index])


def test_tensor_dataset_size_mismatch():
    _same_error(lambda lib: lib.utils.data.TensorDataset(lib.ones(3), lib.ones(4)))


def test_subset_and_concat():
    def build(lib):
        data = lib.utils.data.TensorDataset(*_tensors(lib))
        sub = lib.utils.data.Subset(data, [4, 0, 2])
        both = lib.utils.data.ConcatDataset([sub, data])
        joined = data + sub
        items = [both[i] for i in range(len(both))] + [both[-1], both[-9], joined[7]]
        return (len(sub), len(both), both.cumulative_sizes, type(joined).__name__,
                [_plain(x) for x in items], _plain(sub[[0, 2]]))
    assert build(ember) == build(torch)


def test_concat_errors():
    _same_error(lambda lib: lib.utils.data.ConcatDataset([]))
    _same_error(lambda lib: lib.utils.data.ConcatDataset([_Stream.make(lib, 3)]))
    _same_error(lambda lib: lib.utils.data.ConcatDataset([[1, 2]])[-3])


def test_chain_dataset():
    def build(lib):
        chain = _Stream.make(lib, 2) + _Stream.make(lib, 3)
        return type(chain).__name__, list(chain), len(chain)
    assert build(ember) == build(torch)
    _same_error(lambda lib: list(lib.utils.data.ChainDataset([[1, 2]])))
    _same_error(lambda lib: len(lib.utils.data.ChainDataset([[1, 2]])))


def test_stack_dataset():
    def build(lib):
        a, b = _tensors(lib)
        by_position = lib.utils.data.StackDataset(a, b)
        by_name = lib.utils.data.StackDataset(x=a, y=b)
        return len(by_position), _plain(by_position[1]), _plain(by_name[2])
    assert build(ember) == build(torch)
    _same_error(lambda lib: lib.utils.data.StackDataset())
    _same_error(lambda lib: lib.utils.data.StackDataset([1], y=[2]))
    _same_error(lambda lib: lib.utils.data.StackDataset([1], [2, 3]))


def test_subset_subclass_must_override_getitems():
    def build(lib):
        class Mine(lib.utils.data.Subset):
            def __getitem__(self, idx):
                return 0
        return Mine([1, 2], [0])
    _same_error(build)


def test_dataset_getitem_is_abstract():
    _same_error(lambda lib: lib.utils.data.Dataset()[0])
    _same_error(lambda lib: len(lib.utils.data.Dataset()))


@pytest.mark.parametrize('n, lengths', [
    (10, [3, 7]), (10, [0.3, 0.7]), (10, [0.33, 0.33, 0.34]), (7, [0.1, 0.2, 0.7]),
    (5, [1.0]), (11, [0.25, 0.25, 0.25, 0.25]), (3, [0.5, 0.5, 0.0]),
])
def test_random_split_lengths(n, lengths):
    def build(lib):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            parts = lib.utils.data.random_split(range(n), lengths,
                                                generator=lib.Generator().manual_seed(0))
        return [len(p) for p in parts], [str(w.message) for w in caught]
    assert build(ember) == build(torch)


def test_random_split_is_a_seeded_partition():
    def split(seed):
        g = ember.Generator().manual_seed(seed)
        return [list(p) for p in ember.utils.data.random_split(range(20), [5, 15], generator=g)]
    first = split(3)
    assert first == split(3)
    assert sorted(first[0] + first[1]) == list(range(20))
    assert first != split(4)
    ember.manual_seed(7)
    default = [list(p) for p in ember.utils.data.random_split(range(20), [0.5, 0.5])]
    ember.manual_seed(7)
    assert default == [list(p) for p in ember.utils.data.random_split(range(20), [0.5, 0.5])]


@pytest.mark.parametrize('lengths', [[3, 3], [1.5, -0.5], [0.5, 0.6], [11]])
def test_random_split_errors(lengths):
    _same_error(lambda lib: lib.utils.data.random_split(range(10), lengths))
