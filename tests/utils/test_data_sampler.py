"""Samplers against torch.utils.data: orders, lengths, errors; random ones by their properties
(a permutation, the range, the weights) and by repeating under a seed."""
import pytest

import ember
import ember.utils.data  # noqa: F401  (ember.utils does not import it eagerly)

torch = pytest.importorskip('torch')


def _error(fn):
    with pytest.raises(Exception) as info:
        fn()
    return type(info.value), str(info.value)


def _same_error(build):
    assert _error(lambda: build(ember)) == _error(lambda: build(torch))


def test_sequential_sampler():
    for lib in (ember, torch):
        sampler = lib.utils.data.SequentialSampler(range(4))
        assert list(sampler) == [0, 1, 2, 3] and len(sampler) == 4


@pytest.mark.parametrize('n, size, drop_last', [(10, 3, False), (10, 3, True), (9, 3, True),
                                                (2, 5, False), (2, 5, True), (0, 2, False)])
def test_batch_sampler(n, size, drop_last):
    def build(lib):
        data = lib.utils.data
        sampler = data.BatchSampler(data.SequentialSampler(range(n)), size, drop_last)
        return list(sampler), len(sampler)
    assert build(ember) == build(torch)


@pytest.mark.parametrize('size, drop_last', [(0, False), (-1, False), (2.0, False),
                                             (True, False), (2, 1), (2, None)])
def test_batch_sampler_errors(size, drop_last):
    _same_error(lambda lib: lib.utils.data.BatchSampler(range(4), size, drop_last))


def test_batch_sampler_over_any_iterable():
    for lib in (ember, torch):
        assert list(lib.utils.data.BatchSampler([5, 6, 7], 2, False)) == [[5, 6], [7]]


def test_random_sampler_permutes_and_repeats_under_a_seed():
    sampler = ember.utils.data.RandomSampler(range(50), generator=ember.Generator().manual_seed(0))
    first, second = list(sampler), list(sampler)
    assert sorted(first) == sorted(second) == list(range(50)) and first != second
    again = ember.utils.data.RandomSampler(range(50), generator=ember.Generator().manual_seed(0))
    assert list(again) == first and len(again) == 50


def test_random_sampler_follows_manual_seed():
    def draw():
        ember.manual_seed(123)
        return list(ember.utils.data.RandomSampler(range(30)))
    assert draw() == draw()


@pytest.mark.parametrize('replacement, num_samples', [(False, 25), (False, 7), (True, 100),
                                                      (True, 3), (True, None)])
def test_random_sampler_counts(replacement, num_samples):
    sampler = ember.utils.data.RandomSampler(range(10), replacement, num_samples,
                                             generator=ember.Generator().manual_seed(1))
    drawn = list(sampler)
    expected = 10 if num_samples is None else num_samples
    assert len(drawn) == len(sampler) == expected
    assert all(type(i) is int and 0 <= i < 10 for i in drawn)
    if not replacement:
        # whole permutations first, then part of one
        for start in range(0, expected - expected % 10, 10):
            assert sorted(drawn[start:start + 10]) == list(range(10))
        assert len(set(drawn[expected - expected % 10:])) == expected % 10


@pytest.mark.parametrize('kwargs', [{'replacement': 1}, {'num_samples': 0},
                                    {'num_samples': 2.5}, {'num_samples': -3}])
def test_random_sampler_errors(kwargs):
    _same_error(lambda lib: lib.utils.data.RandomSampler(range(4), **kwargs))


def test_random_sampler_of_empty_dataset():
    _same_error(lambda lib: lib.utils.data.RandomSampler([]))


def test_subset_random_sampler():
    indices = [3, 8, 11, 20]
    g = ember.Generator().manual_seed(5)
    sampler = ember.utils.data.SubsetRandomSampler(indices, generator=g)
    first = list(sampler)
    assert sorted(first) == indices and len(sampler) == 4
    again = ember.utils.data.SubsetRandomSampler(indices, ember.Generator().manual_seed(5))
    assert list(again) == first


def test_weighted_random_sampler():
    weights = [0.0, 1.0, 3.0, 0.0, 2.0]
    sampler = ember.utils.data.WeightedRandomSampler(
        weights, 3000, generator=ember.Generator().manual_seed(0))
    drawn = list(sampler)
    assert len(drawn) == len(sampler) == 3000
    counts = [drawn.count(i) for i in range(5)]
    assert counts[0] == counts[3] == 0
    # shares 1/6, 3/6, 2/6, each within about five standard deviations
    for i, share in ((1, 1 / 6), (2, 3 / 6), (4, 2 / 6)):
        assert abs(counts[i] / 3000 - share) < 0.05
    assert sampler.weights.dtype == ember.float64


def test_weighted_random_sampler_without_replacement():
    sampler = ember.utils.data.WeightedRandomSampler([1, 2, 3, 4], 4, replacement=False,
                                                     generator=ember.Generator().manual_seed(2))
    assert sorted(sampler) == [0, 1, 2, 3]


@pytest.mark.parametrize('weights, num_samples, replacement', [
    ([1.0, 2.0], 0, True), ([1.0, 2.0], True, True), ([1.0, 2.0], 2, 1),
    ([[1.0, 2.0]], 2, True), ([1.0, 2.0], 1.5, True),
])
def test_weighted_random_sampler_errors(weights, num_samples, replacement):
    _same_error(lambda lib: lib.utils.data.WeightedRandomSampler(weights, num_samples,
                                                                 replacement))


def test_weighted_random_sampler_too_many_without_replacement():
    _same_error(lambda lib: list(lib.utils.data.WeightedRandomSampler([1.0, 2.0], 3, False)))


def test_sampler_base_class():
    for lib in (ember, torch):
        class Evens(lib.utils.data.Sampler):
            def __iter__(self):
                return iter([0, 2, 4])
        assert list(Evens()) == [0, 2, 4]
        assert not hasattr(Evens(), '__len__')
    _same_error(lambda lib: iter(lib.utils.data.Sampler()))
