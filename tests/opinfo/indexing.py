"""Table rows for indexing, joining and splitting."""
import numpy as np

from tests.opinfo.core import Index, OpInfo, Sample, func

ALL = ('float32', 'float64', 'int64', 'bool')


def _getitem(key):
    def call(lib, x):
        return x[key]
    return call


def _basic_keys(make):
    return [Sample((make(3, 4),))]


KEYS = {'int': 0, 'negative_int': -1, 'slice': slice(1, 3), 'step': slice(None, None, 2),
        'full_slice': slice(None), 'none': (slice(None), None), 'ellipsis': Ellipsis,
        'int_slice': (0, slice(1, 3)), 'ellipsis_int': (Ellipsis, 0), 'two_ints': (1, 2),
        'slice_slice': (slice(1, None), slice(None, None, 2)), 'empty_slice': slice(2, 1),
        'none_ellipsis_none': (None, Ellipsis, None), 'clamped_slice': slice(-10, 2),
        'empty_tuple': ()}


def _cat_samples(make):
    return [Sample(([make(2, 3), make(4, 3)],)), Sample(([make(2, 3), make(2, 5)], 1)),
            Sample(([make(2, 3), make(2, 3), make(2, 3)], -1)), Sample(([make(3), make(0)],))]


def _cat_errors(make):
    return [Sample(([make(2, 3), make(2, 4)],), note='sizes'),
            Sample(([make(), make()],), note='0-d'),
            Sample(([make(2, 3), make(3)],), note='ndim')]


OPS = [OpInfo(f'getitem_{name}', _getitem(key), _basic_keys, dtypes=ALL)
       for name, key in KEYS.items()] + [
    OpInfo('getitem_errors', lambda lib, x, key: x[key], lambda make: [],
           errors=lambda make: [Sample((make(3, 4), 5), note='out of range'),
                                Sample((make(3, 4), (0, 7)), note='second dim out of range'),
                                Sample((make(3, 4), (0, 0, 0)), note='too many'),
                                Sample((make(3, 4), slice(None, None, -1)), note='negative step'),
                                Sample((make(3, 4), 1.5), note='float index')]),
    OpInfo('select', func('select'), lambda make: [Sample((make(3, 4), 1, -1))]),
    OpInfo('cat', func('cat'), _cat_samples, dtypes=ALL, errors=_cat_errors),
    OpInfo('stack', func('stack'), lambda make: [Sample(([make(2, 3), make(2, 3)],)),
                                                 Sample(([make(2, 3), make(2, 3)], 2)),
                                                 Sample(([make(), make()],))],
           dtypes=ALL,
           errors=lambda make: [Sample(([make(2), make(3)],), note='sizes')]),
    OpInfo('unbind', func('unbind'), lambda make: [Sample((make(3, 2),)), Sample((make(3, 2), 1))],
           dtypes=ALL),
]


def _index_key(*parts):
    """A key whose Index parts become tensors of the library under test."""
    def call(lib, x):
        key = tuple(lib.tensor(p.array) if isinstance(p, Index) else p for p in parts)
        return x[key if len(key) > 1 else key[0]]
    return call


def _setitem(key_parts, value_is_tensor=True):
    def call(lib, x, value):
        key = tuple(lib.tensor(p.array) if isinstance(p, Index) else p for p in key_parts)
        y = x * 1  # a non-leaf, so that it may be written in place
        y[key if len(key) > 1 else key[0]] = value
        return y
    return call


_ROWS = Index(np.array([2, 0, 2]))
_MASK = Index(np.array([True, False, True]))

ADVANCED = [
    OpInfo('getitem_index_tensor', _index_key(_ROWS), _basic_keys, dtypes=ALL),
    OpInfo('getitem_index_list', lambda lib, x: x[[0, 2, 2]], _basic_keys),
    OpInfo('getitem_mask', _index_key(_MASK), _basic_keys, dtypes=ALL),
    OpInfo('getitem_full_mask', lambda lib, x: x[x > 0], _basic_keys),
    OpInfo('getitem_slice_then_index', _index_key(slice(1, None), Index(np.array([0, 3]))),
           _basic_keys),
    OpInfo('getitem_index_then_slice', _index_key(Index(np.array([0, 1])), slice(1, 3)),
           _basic_keys),
    OpInfo('getitem_two_indices', _index_key(Index(np.array([0, 2])), Index(np.array([1, 3]))),
           _basic_keys),
    OpInfo('getitem_index_none', _index_key(Index(np.array([0, 1])), None), _basic_keys),
    OpInfo('getitem_bool_scalar', lambda lib, x: x[True], _basic_keys),
    OpInfo('getitem_advanced_errors', lambda lib, x, key: x[key], lambda make: [],
           errors=lambda make: [Sample((make(3, 4), [0, 5]), note='out of range'),
                                Sample((make(3, 4), (slice(None), [0, 7])), note='second dim'),
                                Sample((make(3, 4), [True, False]), note='mask shape')]),
    OpInfo('setitem_int', _setitem((0,)), lambda make: [Sample((make(3, 4), make(4))),
                                                        Sample((make(3, 4), 1.5))]),
    OpInfo('setitem_slice', _setitem((slice(1, 3),)),
           lambda make: [Sample((make(3, 4), make(2, 4))), Sample((make(3, 4), make(4)))]),
    OpInfo('setitem_index', _setitem((Index(np.array([2, 0])),)),
           lambda make: [Sample((make(3, 4), make(2, 4))), Sample((make(3, 4), -1.0))]),
    OpInfo('setitem_mask', _setitem((_MASK,)),
           lambda make: [Sample((make(3, 4), make(2, 4))), Sample((make(3, 4), 0.0))]),
    OpInfo('setitem_int_slice', _setitem((1, slice(None, None, 2))),
           lambda make: [Sample((make(3, 4), make(2)))]),
]
OPS = OPS + ADVANCED
