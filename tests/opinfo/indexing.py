"""Table rows for indexing (x[key], x[key] = value, index_put), the masked ops, take, put and
nonzero, and for joining and splitting."""
import numpy as np

from tests.opinfo.core import Index, OpInfo, Sample, func
from tests.opinfo.scatter import ALL, idx, inplace


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


# --- masked_fill, masked_select, masked_scatter, take, put, nonzero --------------------------

FIRST = Index(np.array([True, False, False, False]))


def _masked_fill_samples(make):
    return [Sample((make(3, 4), make.mask(3, 4), 2.5)), Sample((make(3, 4), make.mask(4), -1)),
            Sample((make(4), make.mask(3, 4), 0.5), note='input broadcast'),
            Sample((make(), make.mask(), 1.0), note='0-d'),
            Sample((make(0, 3), make.mask(3), 1.0), note='empty'),
            Sample((make(3, 4), make.mask(3, 4), make()), note='tensor value'),
            Sample((make(4), make.mask(3, 1), make()), note='tensor value, broadcast')]


def _masked_errors(make):
    return [Sample((make(4), idx([1, 0, 1, 0], dtype=np.uint8), 1.0), note='uint8 mask'),
            Sample((make(4), idx([1, 0, 1, 0], dtype=np.int64), 1.0), note='long mask'),
            Sample((make(4), make.mask(3), 1.0), note='broadcast'),
            Sample((make(4), make.mask(3, 4), 1.0), note='mask larger than self (in place)'),
            Sample((make(4), make.mask(4), make(1)), note='1-d value')]


def _masked_scatter_samples(make):
    return [Sample((make(3, 4), make.mask(3, 4), make(12))),
            Sample((make(3, 4), make.mask(4), make(4, 5)), note='larger source'),
            Sample((make(4), make.mask(3, 4), make(3, 4)), note='input broadcast'),
            Sample((make(4), FIRST, make()), note='0-d source'),
            Sample((make(0, 3), make.mask(3), make(2)), note='empty')]


def _masked_scatter_errors(make):
    return [Sample((make(4), FIRST, make(0)), note='source too small'),
            Sample((make(4), idx([1, 0, 1, 0], dtype=np.uint8), make(4)), note='uint8 mask'),
            Sample((make(4), make.mask(3), make(4)), note='broadcast'),
            Sample((make(4), make.mask(3, 4), make(12)), note='mask larger than self')]


def _masked_dtype(name):
    def call(lib, x, mask, source):
        return getattr(lib, name)(x, mask, source.double())
    return call


def _take_put_errors(make):
    return [Sample((make(2, 3), idx([0, 6]), make(2)), note='out of range'),
            Sample((make(2, 3), idx([-7, 0]), make(2)), note='negative'),
            Sample((make(0), idx([0]), make(1)), note='empty input'),
            Sample((make(2, 3), idx([0], dtype=np.int32), make(1)), note='int32'),
            Sample((make(2, 3), idx([0, 1]), make(3)), note='count (put)')]


def _nonzero_samples(make, **kwargs):
    zeros = np.array([[0.0, 1.5], [0, -2], [0, 0]])
    return [Sample((make(3, 4),), kwargs), Sample((zeros,), kwargs), Sample((make(),), kwargs),
            Sample((np.array(0.0),), kwargs), Sample((make(0, 3),), kwargs)]


MASKED = [
    OpInfo('masked_fill', func('masked_fill'), _masked_fill_samples, dtypes=ALL,
           errors=lambda make: _masked_errors(make)[:3] + _masked_errors(make)[4:]),
    OpInfo('masked_fill_', inplace('masked_fill_'),
           lambda make: [s for s in _masked_fill_samples(make) if 'broadcast' not in s.note],
           dtypes=ALL, errors=_masked_errors),
    OpInfo('masked_select', func('masked_select'),
           lambda make: [Sample(s.args[:2]) for s in _masked_fill_samples(make)[:5]]
           + [Sample((make(3), Index(np.zeros(3, dtype=bool))), note='no element')],
           dtypes=ALL,
           errors=lambda make: [Sample(s.args[:2], note=s.note)
                                for s in _masked_errors(make)[:3]]),
    OpInfo('masked_scatter', func('masked_scatter'), _masked_scatter_samples, dtypes=ALL,
           errors=lambda make: _masked_scatter_errors(make)[:3]),
    OpInfo('masked_scatter_', inplace('masked_scatter_'),
           lambda make: [s for s in _masked_scatter_samples(make) if 'broadcast' not in s.note],
           dtypes=ALL, errors=_masked_scatter_errors),
    OpInfo('masked_scatter_errors', _masked_dtype('masked_scatter'), lambda make: [],
           errors=lambda make: [Sample((make(4), FIRST, make(4)), note='dtype')]),
    OpInfo('take', func('take'),
           lambda make: [Sample((make(2, 3), idx([0, -1], [5, 5]))), Sample((make(), idx(0))),
                         Sample((make(3), idx([], dtype=np.int64)), note='empty')],
           dtypes=ALL, errors=lambda make: [Sample(s.args[:2], note=s.note)
                                            for s in _take_put_errors(make)[:4]]),
    OpInfo('put', func('put'),
           lambda make: [Sample((make(2, 3), idx([[0, -1]]), make(1, 2))),
                         Sample((make(2, 3), idx([0, 0, 3]), make(3)), note='repeated',
                                gradcheck=False),
                         Sample((make(2, 3), idx([0, 0, 3]), make(3), True), note='accumulate'),
                         Sample((make(), idx(0), make()), note='0-d')],
           dtypes=ALL, errors=_take_put_errors),
    OpInfo('put_', inplace('put_', accumulate=True),
           lambda make: [Sample((make(2, 3), idx([0, 0, 3]), make(3)))]),
    OpInfo('put_errors', _masked_dtype('put'), lambda make: [],
           errors=lambda make: [Sample((make(3), idx([0]), make(1)), note='dtype')]),
    OpInfo('nonzero', func('nonzero'), _nonzero_samples, dtypes=ALL, differentiable=False),
    OpInfo('nonzero_as_tuple', func('nonzero'),
           lambda make: _nonzero_samples(make, as_tuple=True), dtypes=ALL,
           differentiable=False),
    OpInfo('argwhere', func('argwhere'), _nonzero_samples, dtypes=ALL, differentiable=False),
    OpInfo('nonzero_static', func('nonzero_static'),
           lambda make: _nonzero_samples(make, size=4) + _nonzero_samples(make, size=1,
                                                                          fill_value=7),
           dtypes=ALL, differentiable=False,
           errors=lambda make: [Sample((make(3),), {'size': -1}, note='negative size')]),
    OpInfo('Tensor.nonzero', lambda lib, x, **kwargs: x.nonzero(**kwargs),
           lambda make: _nonzero_samples(make, as_tuple=True), differentiable=False),
]


# --- index_put -------------------------------------------------------------------------------

def _index_put_samples(make):
    return [Sample((make(3, 4), [idx([0, 0, 2])], make(3, 4)), note='repeated',
                   gradcheck=False),
            Sample((make(3, 4), [idx([0, 0, 2])], make(4)), {'accumulate': True}),
            Sample((make(3, 4), [idx([0, 2]), idx([1, 3])], make(2))),
            Sample((make(3, 4), [idx([[0], [2]]), idx([1, 3, 3])], make(2, 3)),
                   {'accumulate': True}),
            Sample((make(3, 4), [idx([True, False, True])], make()), note='mask, one value'),
            Sample((make(3, 4), [idx([0, 1])], make(1, 4)), {'accumulate': True}),
            Sample((make(3, 4), [idx([], dtype=np.int64)], make(4)), note='empty')]


def _index_put_errors(make):
    return [Sample((make(3, 4), [idx([0, 3])], make(4)), note='out of range'),
            Sample((make(3), [idx([0]), idx([0])], make()), note='too many'),
            Sample((make(3, 4), [idx([0, 1])], make(3)), note='shape'),
            Sample((make(3, 4), [idx([0, 1])], make(2, 4, 1)), note='more dims than result'),
            Sample((make(3), [idx([0])], 1.5), note='number value'),
            Sample((make(3), idx([0]), make()), note='indices not a tuple'),
            Sample((make(3), [[0]], make()), note='list in indices'),
            Sample((make(3, 4), [idx([1, 0, 1], dtype=np.uint8)], make()), note='uint8 mask'),
            Sample((make(3, 4), [idx([0], dtype=np.int16)], make(4)), note='int16 index'),
            Sample((make(3, 4), [idx([True, False])], make()), note='mask shape'),
            Sample((make(3, 4), [idx([0, 1]), idx([0, 1, 2])], make()), note='broadcast')]


def _index_put_dtype(lib, x, indices, values, **kwargs):
    return lib.index_put(x, indices, values.double(), **kwargs)


def _index_put_fn(lib, x, *args, **kwargs):
    return lib.index_put_(x.clone(), *args, **kwargs)


MASKED += [
    OpInfo('index_put', func('index_put'), _index_put_samples, dtypes=ALL,
           errors=_index_put_errors),
    OpInfo('index_put_', inplace('index_put_'), _index_put_samples, dtypes=ALL),
    OpInfo('index_put_function_', _index_put_fn, lambda make: _index_put_samples(make)[1:3]),
    OpInfo('index_put_dtype_errors', _index_put_dtype, lambda make: [],
           errors=lambda make: [Sample((make(3, 4), [idx([0, 1])], make(4)), note='dtype'),
                                Sample((make(3, 4), [idx([0, 1])], make(3)),
                                       note='shape before dtype')]),
    OpInfo('index_put_mask_cast', _index_put_dtype,
           lambda make: [Sample((make(3, 4), [idx([True, False, True])], make()),
                                note='one value through a mask is cast')]),
]


# --- more keys: index dtypes, sequences, broadcast values, augmented assignment --------------

def _key(lib, parts):
    """A key from parts, Index parts (also inside lists) becoming tensors of `lib`."""
    def convert(part):
        if isinstance(part, Index):
            return lib.tensor(part.array)
        if isinstance(part, list):
            return [convert(p) for p in part]
        return part
    key = tuple(convert(p) for p in parts)
    return key if len(key) > 1 else key[0]


def _get_at(*parts):
    def call(lib, x):
        return x[_key(lib, parts)]
    return call


def _iadd_at(*parts):
    def call(lib, x, value):
        y = x * 1
        y[_key(lib, parts)] += value
        return y
    return call


def _set_with(convert, *parts):
    def call(lib, x, value):
        y = x * 1
        y[_key(lib, parts)] = convert(value)
        return y
    return call


def _matrix(make):
    return [Sample((make(3, 4),))]


MORE_KEYS = {
    'int32': (idx([2, 0], dtype=np.int32),), 'uint8_mask': (idx([1, 0, 1], dtype=np.uint8),),
    'negative': (idx([-1, 0, -3]),), 'list_of_lists': ([[0, 1], [2, 3]],),
    'sequence_tuple': ([0, slice(1, 3)],), 'tensor_list': ([idx(2), idx(1)],),
    'float_list': ([0.7, 2.2],), 'numpy_index': (np.array([2, 0]),),
    'zero_d_int16': (idx(1, dtype=np.int16),), 'zero_d_bool_tuple': (0, idx(True)),
    'mask_2d': (idx([[True, False, True, True]] * 3),), 'index_int_index': (idx([0, 2]), 1),
    'bool_in_tuple': (slice(None), False), 'broadcast_indices': (idx([[0], [2]]), idx([1, 3]))}


def _more_key_errors(make):
    return [Sample((make(3, 4), idx([0], dtype=np.int16)), note='int16 index'),
            Sample((make(3, 4), (idx([0, 1]), idx([0, 1, 2]))), note='broadcast'),
            Sample((make(3, 4), (idx([5, 0]), idx([0, 9]))), note='first bad reported'),
            Sample((make(3, 4), (None, 0, 9)), note='dim is the key position'),
            Sample((make(), 0), note='0-d'), Sample((make(), slice(None)), note='0-d slice'),
            Sample((make(3, 4), 'a'), note='string'),
            Sample((make(3, 4), np.bool_(True)), note='numpy bool')]


def _set_errors(make):
    return [Sample((make(3, 4), [0, 1], make(3)), note='value shape'),
            Sample((make(3, 4), idx([1, 0, 1], dtype=np.uint8), 2.0),
                   note='uint8 mask, one value'),
            Sample((make(3, 4), [0, 1], [1.0, 2.0]), note='list value'),
            Sample((make(3, 4), 0, make(3)), note='basic: value shape'),
            Sample((make(3, 4), [0, 9], 1.0), note='out of range')]


def _get_key(lib, x, key):
    return x[_key(lib, key if isinstance(key, tuple) else (key,))]


def _set_key(lib, x, key, value):
    y = x * 1
    y[_key(lib, key if isinstance(key, tuple) else (key,))] = value
    return y


def _double(value):
    return value.double()


def _values(shape, *values):
    """Samples of an input of `shape` and each value: a shape (an array) or a number."""
    def samples(make):
        return [Sample((make(*shape), make(*v) if isinstance(v, tuple) else v)) for v in values]
    return samples


MORE = [OpInfo(f'getitem_{name}', _get_at(*parts), _matrix, dtypes=ALL)
        for name, parts in MORE_KEYS.items()] + [
    OpInfo('getitem_more_errors', _get_key, lambda make: [], errors=_more_key_errors),
    OpInfo('setitem_int32', _setitem((idx([2, 0], dtype=np.int32),)),
           _values((3, 4), (2, 4), (4,))),
    OpInfo('setitem_negative', _setitem((idx([-1, 0]),)), _values((3, 4), (2, 1), 2.0)),
    OpInfo('setitem_list_of_lists', _setitem(([[0, 1], [2, 3]],)),
           _values((3, 4), (2,), ())),
    OpInfo('setitem_leading_ones', _setitem((idx([2, 0]),)),
           _values((3, 4), (1, 1, 2, 4), (1, 4))),
    OpInfo('setitem_basic_leading_ones', _setitem((1,)), _values((3, 4), (1, 4))),
    OpInfo('setitem_mask_one_value', _setitem((idx([True, False, True]),)),
           _values((3, 4), (), (1,))),
    OpInfo('setitem_mask_cast', _set_with(_double, idx([True, False, True])),
           _values((3, 4), ())),
    OpInfo('setitem_separated', _setitem((idx([0, 1]), slice(None), idx([1, 2]))),
           _values((2, 3, 4), (3,), (2, 3))),
    OpInfo('setitem_whole', _setitem((Ellipsis,)), _values((3, 4), (4,))),
    OpInfo('setitem_true', _setitem((True,)), _values((3, 4), (4,))),
    OpInfo('setitem_false', _setitem((False,)), _values((3, 4), (5,))),
    OpInfo('setitem_errors', _set_key, lambda make: [], errors=_set_errors),
    OpInfo('setitem_dtype_errors', _set_with(_double, idx([0, 1])), lambda make: [],
           errors=lambda make: [Sample((make(3, 4), make(4)), note='dtype')]),
    # x[key] += v: with a repeated index the last write wins, as in torch, while the gradient
    # reaches every copy; finite differences see only the winner
    OpInfo('iadd_repeated', _iadd_at(idx([0, 0, 1])),
           lambda make: [Sample((make(3, 4), make(3, 4)), gradcheck=False),
                         Sample((make(3, 4), make(4)), gradcheck=False)]),
    OpInfo('iadd_pairs', _iadd_at(idx([0, 0]), idx([1, 1])),
           lambda make: [Sample((make(3, 4), make(2)), gradcheck=False)]),
    OpInfo('iadd_mask', _iadd_at(idx([True, False, True])), _values((3, 4), ())),
]
OPS = OPS + MASKED + MORE
