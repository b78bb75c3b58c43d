"""default_collate and default_convert against torch: output types, dtypes, values, errors."""
import collections

import numpy as np
import pytest

import ember
import ember.utils.data  # noqa: F401  (ember.utils does not import it eagerly)

torch = pytest.importorskip('torch')

Point = collections.namedtuple('Point', 'x y')


def _plain(value):
    """A comparable Python form of nested tensors and containers, keeping container types."""
    if isinstance(value, (ember.Tensor, torch.Tensor)):
        return ('tensor', str(value.dtype), tuple(value.shape), value.tolist())
    if isinstance(value, np.ndarray):
        return ('ndarray', value.dtype.str, value.tolist())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_plain(v) for v in value])
    if isinstance(value, dict):
        return (type(value).__name__, {k: _plain(v) for k, v in value.items()})
    return (type(value).__name__, value)


def _error(fn):
    with pytest.raises(Exception) as info:
        fn()
    return type(info.value), str(info.value)


# each builder makes a batch (a list of samples) with the given library's tensors
BATCHES = {
    'ints': lambda lib: [1, 2, 3],
    'floats': lambda lib: [1.5, 2.0],
    'int_then_float': lambda lib: [1, 2.5],
    'float_then_int': lambda lib: [2.5, 1],
    'bools': lambda lib: [True, False],
    'strings': lambda lib: ['a', 'bc'],
    'bytes': lambda lib: [b'a', b'b'],
    'tensors': lambda lib: [lib.tensor([1.0, 2.0]), lib.tensor([3.0, 4.0])],
    'scalar_tensors': lambda lib: [lib.tensor(1), lib.tensor(2)],
    'int32_tensors': lambda lib: [lib.ones(2, 2, dtype=lib.int32)] * 3,
    'ndarrays': lambda lib: [np.array([1, 2]), np.array([3, 4])],
    'float32_arrays': lambda lib: [np.ones((2, 2), np.float32), np.zeros((2, 2), np.float32)],
    'zero_d_arrays': lambda lib: [np.array(1.5), np.array(2.0)],
    'numpy_scalars': lambda lib: [np.float32(1), np.float32(2)],
    'numpy_ints': lambda lib: [np.int16(1), np.int16(2)],
    'numpy_bools': lambda lib: [np.bool_(True), np.bool_(False)],
    'tuples': lambda lib: [(1, 'a'), (2, 'b')],
    'lists': lambda lib: [[1, 2], [3, 4]],
    'tensor_label_pairs': lambda lib: [(lib.ones(2), 0), (lib.zeros(2), 1)],
    'dicts': lambda lib: [{'a': 1, 'b': lib.ones(1)}, {'a': 2, 'b': lib.zeros(1)}],
    'ordered_dicts': lambda lib: [collections.OrderedDict(a=1.0)] * 2,
    'namedtuples': lambda lib: [Point(1, 2.0), Point(3, 4.0)],
    'nested': lambda lib: [{'p': [Point(lib.ones(1), 'u')]}, {'p': [Point(lib.zeros(1), 'v')]}],
}


@pytest.mark.parametrize('name', sorted(BATCHES))
def test_default_collate(name):
    ours = ember.utils.data.default_collate(BATCHES[name](ember))
    theirs = torch.utils.data.default_collate(BATCHES[name](torch))
    assert _plain(ours) == _plain(theirs)


CONVERTED = {
    'int': lambda lib: 3,
    'numpy_scalar': lambda lib: np.float64(2.5),
    'numpy_int': lambda lib: np.int8(3),
    'numpy_bool': lambda lib: np.bool_(True),
    'ndarray': lambda lib: np.arange(4).reshape(2, 2),
    'string_array': lambda lib: np.array(['a', 'b']),
    'numpy_str': lambda lib: np.str_('a'),
    'tensor': lambda lib: lib.ones(2),
    'tuple': lambda lib: (1, np.float64(2.0), np.array([1])),
    'list': lambda lib: [np.int64(1), 'x'],
    'dict': lambda lib: {'a': np.array([1.0]), 'b': 2},
    'namedtuple': lambda lib: Point(np.int64(1), 2),
    'string': lambda lib: 'abc',
}


@pytest.mark.parametrize('name', sorted(CONVERTED))
def test_default_convert(name):
    ours = ember.utils.data.default_convert(CONVERTED[name](ember))
    theirs = torch.utils.data.default_convert(CONVERTED[name](torch))
    assert _plain(ours) == _plain(theirs)


def test_collated_tensors_are_new_memory():
    samples = [ember.ones(2), ember.zeros(2)]
    batch = ember.utils.data.default_collate(samples)
    batch[0, 0] = 5.0
    assert samples[0].tolist() == [1.0, 1.0]


ERRORS = {
    'unequal_lists': lambda lib: [[1, 2], [3]],
    'unequal_tensors': lambda lib: [lib.ones(2), lib.ones(3)],
    'unequal_arrays': lambda lib: [np.ones(2), np.ones(3)],
    'object': lambda lib: [object()],
    'string_arrays': lambda lib: [np.array(['a'])],
    'none': lambda lib: [None, None],
    'empty': lambda lib: [],
    'dict_missing_key': lambda lib: [{'a': 1}, {'b': 2}],
}


@pytest.mark.parametrize('name', sorted(ERRORS))
def test_default_collate_errors(name):
    ours = _error(lambda: ember.utils.data.default_collate(ERRORS[name](ember)))
    theirs = _error(lambda: torch.utils.data.default_collate(ERRORS[name](torch)))
    assert ours == theirs


def test_collate_with_a_custom_map():
    def build(lib):
        from_collate = __import__(f'{lib.__name__}.utils.data._utils.collate',
                                  fromlist=['collate'])

        def as_list(batch, *, collate_fn_map=None):
            return [b.tolist() for b in batch]

        custom = {lib.Tensor: as_list}
        return from_collate.collate([(lib.ones(1), lib.zeros(2))] * 2, collate_fn_map=custom)
    assert build(ember) == build(torch) == [[[1.0], [1.0]], [[0.0, 0.0], [0.0, 0.0]]]
