"""Table rows for the ops in ember/ops/rearrange.py (moving dims, repeating, flipping, rolling)
and the splitting ops of ember/ops/joining.py (split, chunk, tensor_split, narrow)."""
import numpy as np

from tests.opinfo.core import Check, Index, OpInfo, Sample, func, method
from tests.opinfo.shape import ALL, view_rows, viewed, written


# --- moving dims -----------------------------------------------------------------------------

def _movedim_samples(make):
    return [Sample((make(2, 3, 4), 0, 2)), Sample((make(2, 3, 4), (0, 1), (2, 0))),
            Sample((make(2, 3, 4), -1, 0)), Sample((make(2, 3, 4), [2], [1])),
            Sample((make(), 0, 0)), Sample((make(), (), ())), Sample((make(0, 3), 0, 1)),
            Sample((make(2, 3),), {'source': 1, 'destination': 0}),
            Sample((make(2, 3, 4), (), ()))]


def _movedim_errors(make):
    return [Sample((make(2, 3, 4), (0, 1), (1,)), note='count'),
            Sample((make(2, 3, 4), (0, -3), (1, 2)), note='repeated source'),
            Sample((make(2, 3, 4), (0, 1), (-1, 2)), note='repeated destination'),
            Sample((make(2, 3, 4), 0, 5), note='out of range'),
            Sample((make(2, 3, 4), (0, 1.0), (1, 2)), note='float dim')]


def _swap_samples(make):
    return [Sample((make(2, 3, 4), 0, 2)), Sample((make(2, 3), -1, 0)), Sample((make(), 0, 0)),
            Sample((make(3), 0, 0))]


def _swap_errors(make):
    return [Sample((make(2, 3), 0, 2), note='out of range'),
            Sample((make(2, 3), 1.0, 0), note='float first dim'),
            Sample((make(2, 3), 1, 0.0), note='float second dim')]


def _matrix_samples(make):
    return [Sample((make(3, 4),)), Sample((make(2, 3, 4),)), Sample((make(0, 2),))]


def _one_d_error(make):
    return [Sample((make(3),), note='1-D')]


DIM_ROWS = [
    OpInfo('movedim', func('movedim'), _movedim_samples, dtypes=ALL, errors=_movedim_errors),
    OpInfo('moveaxis', func('moveaxis'), _movedim_samples, errors=_movedim_errors),
    OpInfo('movedim_method', method('movedim'), _movedim_samples),
    OpInfo('moveaxis_method', method('moveaxis'), _movedim_samples),
    OpInfo('swapaxes', func('swapaxes'), _swap_samples, dtypes=ALL, errors=_swap_errors),
    OpInfo('swapdims', func('swapdims'), _swap_samples, dtypes=ALL, errors=_swap_errors),
    OpInfo('swapaxes_keywords', lambda lib, x: lib.swapaxes(x, axis0=0, axis1=1),
           lambda make: [Sample((make(2, 3),))]),
    OpInfo('swapdims_keywords', lambda lib, x: lib.swapdims(x, dim0=0, dim1=1),
           lambda make: [Sample((make(2, 3),))]),
    OpInfo('swapaxes_method', method('swapaxes'), _swap_samples),
    OpInfo('swapdims_method', method('swapdims'), _swap_samples),
    OpInfo('H', lambda lib, x: x.H, lambda make: [Sample((make(3, 4),)), Sample((make(0, 2),))],
           errors=lambda make: [Sample((make(3),), note='1-D'),
                                Sample((make(2, 3, 4),), note='3-D')]),
    OpInfo('mH', lambda lib, x: x.mH, _matrix_samples, errors=_one_d_error),
    OpInfo('adjoint', func('adjoint'), _matrix_samples, dtypes=ALL, errors=_one_d_error),
    OpInfo('adjoint_method', method('adjoint'), _matrix_samples),
]
for _name, _fn in (('movedim', lambda lib, x: lib.movedim(x, (0, 1), (2, 0))),
                   ('swapaxes', lambda lib, x: lib.swapaxes(x, 0, 2)),
                   ('mH', lambda lib, x: x.mH), ('adjoint', lambda lib, x: lib.adjoint(x))):
    DIM_ROWS += view_rows(_name, _fn, lambda make: [Sample((make(2, 3, 4),))],
                          lambda make: [Sample((make(2, 3, 4), make(1)))])
DIM_ROWS += view_rows('H', lambda lib, x: x.H, lambda make: [Sample((make(3, 4),))],
                      lambda make: [Sample((make(3, 4), make(4, 1)))])
DIM_ROWS += view_rows('T', lambda lib, x: x.T, lambda make: [Sample((make(3, 4),))],
                      lambda make: [Sample((make(3, 4), make(4, 1)))])
DIM_ROWS += view_rows('movedim_0d', lambda lib, x: lib.movedim(x, 0, 0),
                      lambda make: [Sample((make(),))], lambda make: [Sample((make(), make()))])


# --- repeating -------------------------------------------------------------------------------

def _repeat_samples(make):
    return [Sample((make(2, 3), 2, 1)), Sample((make(2, 3), 2, 1, 3)), Sample((make(3), 2, 2)),
            Sample((make(), 3)), Sample((make(), ())), Sample((make(2, 3), 0, 2)),
            Sample((make(2, 3), (1, 2))), Sample((make(0, 2), 2, 2)), Sample((make(2, 3), 1, 1))]


def _repeat_errors(make):
    return [Sample((make(2, 3), 2), note='too few'),
            Sample((make(2, 3), 2, -1, 1), note='negative'),
            Sample((make(2, 3), (2, 2.0)), note='float')]


def _tile_samples(make):
    return [Sample((make(2, 3), (2,))), Sample((make(2, 3), (2, 1, 3))), Sample((make(3), (2, 2))),
            Sample((make(), (3,))), Sample((make(), ())), Sample((make(2, 3), ())),
            Sample((make(2, 3), [0, 2])), Sample((make(0, 2), (2, 2)))]


def _tile_errors(make):
    return [Sample((make(2, 3), 2), note='an int'),
            Sample((make(2, 3), (2, -1)), note='negative'),
            Sample((make(2, 3), (2.0,)), note='float first'),
            Sample((make(2, 3), [2, 2.0]), note='float second')]


_COUNTS = Index(np.array([1, 2, 0]))


def _repeat_interleave_samples(make):
    return [Sample((make(2, 3), 2)), Sample((make(2, 3), 2), {'dim': 1}),
            Sample((make(2, 3), 3, 0)), Sample((make(2, 3), 2, -1)), Sample((make(2, 3), 0, 1)),
            Sample((make(), 3)), Sample((make(0, 3), 2, 0)),
            Sample((make(2, 3), 2), {'dim': 1, 'output_size': 6}),
            Sample((make(2, 3), _COUNTS), {'dim': 1}),
            Sample((make(2, 3), _COUNTS), {'dim': 1, 'output_size': 3}),
            Sample((make(2, 3), Index(np.array([2]))), {'dim': 0}),
            Sample((make(2, 3), Index(np.array(2))), {'dim': -1}),
            Sample((make(3), Index(np.array([3, 0, 1])))),
            Sample((make(), Index(np.array([2])))),
            Sample((make(2, 2), Index(np.array([1, 0, 2, 1]))))]


def _repeat_interleave_errors(make):
    return [Sample((make(2, 3), -1), {'dim': 1}, note='negative'),
            Sample((make(2, 3), 2), {'dim': 1, 'output_size': 5}, note='output_size'),
            Sample((make(2, 3), 2), {'dim': 2}, note='dim'),
            Sample((make(), 2), {'dim': 0}, note='dim of a 0-d input'),
            Sample((make(2, 3), Index(np.array([1, 2]))), {'dim': 1}, note='count of repeats'),
            Sample((make(2, 3), Index(np.array([1, 2]))), {'dim': -1}, note='dim as given'),
            Sample((make(2, 3), Index(np.array([1, -2, 0]))), {'dim': 1}, note='negative'),
            Sample((make(2, 3), Index(np.array([[2]]))), {'dim': 1}, note='2-D repeats'),
            Sample((make(2, 3), Index(np.array([1.0, 2.0, 0.0]))), {'dim': 1}, note='float'),
            Sample((make(2, 3), _COUNTS), {'dim': 1, 'output_size': 4}, note='output_size'),
            Sample((make(), Index(np.array([2]))), {'dim': 0}, note='dim of a 0-d input')]


def _repeat_indices_samples(make):
    return [Sample((Index(np.array([3, 1, 2])),)),
            Sample((Index(np.array([3, 0, 2])),), {'output_size': 5}),
            Sample((Index(np.array([3, 1, 2], dtype=np.int32)),)),
            Sample((Index(np.zeros(0, dtype=np.int64)),))]


def _repeat_indices_errors(make):
    return [Sample((Index(np.array([[3, 1]])),), note='2-D'),
            Sample((Index(np.array([3.0])),), note='float'),
            Sample((Index(np.array([3, -1])),), note='negative'),
            Sample((Index(np.array([3, 1])),), {'output_size': 5}, note='output_size'),
            Sample((Index(np.array([3, 1])),), {'output_size': -1}, note='negative size')]


REPEAT_ROWS = [
    OpInfo('repeat', method('repeat'), _repeat_samples, dtypes=ALL, errors=_repeat_errors),
    OpInfo('repeat_keyword', lambda lib, x: x.repeat(repeats=(2, 1)),
           lambda make: [Sample((make(2, 3),))]),
    OpInfo('tile', func('tile'), _tile_samples, dtypes=ALL, errors=_tile_errors),
    OpInfo('tile_method', lambda lib, x: x.tile(2, 1), lambda make: [Sample((make(2, 3),))]),
    OpInfo('repeat_interleave', func('repeat_interleave'), _repeat_interleave_samples,
           dtypes=ALL, errors=_repeat_interleave_errors),
    OpInfo('repeat_interleave_method', method('repeat_interleave'),
           lambda make: [Sample((make(2, 3), 2), {'dim': 0}), Sample((make(2, 3), _COUNTS, 1))]),
    OpInfo('repeat_interleave_indices', func('repeat_interleave'), _repeat_indices_samples,
           dtypes=('int64',), differentiable=False, errors=_repeat_indices_errors),
    OpInfo('repeat_interleave_is_view', viewed(lambda lib, x: lib.repeat_interleave(x, 2, 1)),
           lambda make: [Sample((make(2, 3),))]),
]


# --- flipping and rolling --------------------------------------------------------------------

def _flip_samples(make):
    return [Sample((make(2, 3, 4), (0,))), Sample((make(2, 3, 4), [0, 2])),
            Sample((make(2, 3, 4), (-1, 1))), Sample((make(2, 3), ())), Sample((make(), (0,))),
            Sample((make(), ())), Sample((make(0, 3), (0, 1)))]


def _flip_errors(make):
    return [Sample((make(2, 3), 0), note='an int'),
            Sample((make(2, 3), (0, -2)), note='repeated'),
            Sample((make(2, 3), (0, 0, 5)), note='repeated before out of range'),
            Sample((make(2, 3), (5,)), note='out of range'),
            Sample((make(2, 3), (0, 1.0)), note='float')]


def _roll_samples(make):
    return [Sample((make(2, 3, 4), 1, 0)), Sample((make(2, 3, 4), 1)), Sample((make(2, 3, 4), -7)),
            Sample((make(2, 3, 4), (1, 2), (0, 1))), Sample((make(2, 3, 4), (1, 1), (0, 0))),
            Sample((make(2, 3), 1, ())), Sample((make(), 3)), Sample((make(0, 3), 1, 0)),
            Sample((make(2, 3, 4),), {'shifts': -2, 'dims': -1}), Sample((make(3, 4), (5,), (1,)))]


def _roll_errors(make):
    return [Sample((make(2, 3), (1, 2), 0), note='more shifts'),
            Sample((make(2, 3), 1, (0, 1)), note='more dims'),
            Sample((make(2, 3), (1, 2)), note='several shifts without dims'),
            Sample((make(2, 3), (), ()), note='no shifts'),
            Sample((make(2, 3), 1, 5), note='out of range'),
            Sample((make(), 1, 0), note='dim of a 0-d input'),
            Sample((make(2, 3), 1.0, 0), note='float shift')]


def _rot90_samples(make):
    return ([Sample((make(2, 3, 4), k, dims)) for k in (-1, 0, 1, 2, 3, 5)
             for dims in ((0, 1), (2, 0))] +
            [Sample((make(2, 3),)), Sample((make(2, 3), 1)), Sample((make(2, 3, 4), 1, [-1, -2])),
             Sample((make(0, 3), 1)), Sample((make(2, 3, 4),), {'k': 3, 'dims': (1, 2)})])


def _rot90_errors(make):
    return [Sample((make(2, 3), 1, (0, 0)), note='same dims'),
            Sample((make(2, 3, 4), 1, (0, -3)), note='same dims once wrapped'),
            Sample((make(2, 3), 1, (0,)), note='one dim'),
            Sample((make(2, 3), 1, (0, 1, 2)), note='three dims'),
            Sample((make(2, 3), 1, (0, 5)), note='out of range'),
            Sample((make(3), 1), note='1-D'),
            Sample((make(2, 3), 1.0), note='float k')]


FLIP_ROWS = [
    OpInfo('flip', func('flip'), _flip_samples, dtypes=ALL, errors=_flip_errors),
    OpInfo('flip_method', lambda lib, x: x.flip(0, 1), lambda make: [Sample((make(2, 3),))]),
    OpInfo('flip_method_sequence', lambda lib, x: x.flip((1,)),
           lambda make: [Sample((make(2, 3),))]),
    OpInfo('fliplr', func('fliplr'), lambda make: [Sample((make(2, 3),)), Sample((make(2, 3, 4),))],
           dtypes=ALL, errors=lambda make: [Sample((make(3),), note='1-D')]),
    OpInfo('flipud', func('flipud'), lambda make: [Sample((make(3),)), Sample((make(2, 3),))],
           dtypes=ALL, errors=lambda make: [Sample((make(),), note='0-d')]),
    OpInfo('fliplr_method', method('fliplr'), lambda make: [Sample((make(2, 3),))]),
    OpInfo('flipud_method', method('flipud'), lambda make: [Sample((make(2, 3),))]),
    OpInfo('roll', func('roll'), _roll_samples, dtypes=ALL, errors=_roll_errors),
    OpInfo('roll_method', method('roll'), _roll_samples),
    OpInfo('rot90', func('rot90'), _rot90_samples, dtypes=ALL, errors=_rot90_errors),
    OpInfo('rot90_method', method('rot90'), lambda make: [Sample((make(2, 3),)),
                                                          Sample((make(2, 3, 4), 3, (2, 1)))]),
    OpInfo('rot90_then_view', lambda lib, x: lib.rot90(x, 1).reshape(-1),
           lambda make: [Sample((make(2, 3),))]),
    OpInfo('flip_is_view', viewed(lambda lib, x: lib.flip(x, (0,))),
           lambda make: [Sample((make(2, 3),))]),
]


# --- splitting -------------------------------------------------------------------------------

def _split_samples(make):
    return [Sample((make(2, 3, 4), 2, 2)), Sample((make(2, 3, 4), 3), {'dim': -1}),
            Sample((make(5, 2), 5)), Sample((make(5, 2), 2)), Sample((make(0, 2), 0)),
            Sample((make(0, 2), 2)), Sample((make(2, 3, 4), [1, 3], 2)),
            Sample((make(2, 3, 4), (0, 4, 0), 2)), Sample((make(4), [4]))]


def _split_errors(make):
    return [Sample((make(2, 4), 0, 1), note='zero size'),
            Sample((make(2, 4), -1, 1), note='negative size'),
            Sample((make(2, 4), [1, 2], 1), note='sum'),
            Sample((make(2, 4), [1, -1, 4], 1), note='negative entry'),
            Sample((make(), 1), note='0-d'),
            Sample((make(), [1]), note='0-d with sizes'),
            Sample((make(2, 4), 2, 5), note='out of range'),
            Sample((make(2, 4), 2.0), note='float size'),
            Sample((make(2, 4), [1.0, 3], 1), note='float entry')]


def _chunk_samples(make):
    return [Sample((make(2, 3, 4), 2, 2)), Sample((make(2, 3, 4), 3, 2)),
            Sample((make(2, 3, 4), 5), {'dim': -1}), Sample((make(5), 4)), Sample((make(6), 5)),
            Sample((make(0, 2), 3)), Sample((make(0, 2), 3, 1)), Sample((make(3), 1))]


def _chunk_errors(make):
    return [Sample((make(4), 0), note='zero chunks'), Sample((make(4), -1), note='negative'),
            Sample((make(), 1), note='0-d'), Sample((make(4), 2, 1), note='out of range'),
            Sample((make(4), 2.0), note='float'), Sample((make(4), 2, 0.0), note='float dim')]


def _tensor_split_samples(make):
    return [Sample((make(2, 3, 4), 3, 2)), Sample((make(2, 3, 4), 5, -1)),
            Sample((make(2, 3, 4), [1, 3], 2)), Sample((make(2, 3, 4), (3, 1), 2)),
            Sample((make(2, 3, 4), [-1, 10], 2)), Sample((make(2, 3, 4), [-10, 2], 2)),
            Sample((make(2, 3, 4), [], 2)), Sample((make(4, 3), 2)), Sample((make(0), 3)),
            Sample((make(2, 3, 4), Index(np.array([1, 3]))), {'dim': 2}),
            Sample((make(2, 3, 4), Index(np.array(2))), {'dim': -1})]


def _tensor_split_errors(make):
    return [Sample((make(4), 0), note='zero sections'),
            Sample((make(4), -1), note='negative sections'),
            Sample((make(), 2), note='0-d'), Sample((make(4), 2, 1), note='out of range'),
            Sample((make(4), Index(np.array([[2]]))), note='2-D indices'),
            Sample((make(4), Index(np.array([1.0]))), note='float indices'),
            Sample((make(4), Index(np.array([1], dtype=np.int32))), note='int32 indices'),
            Sample((make(4), 2.0), note='float')]


def _directional_errors(name):
    def errors(make):
        return [Sample((make(), 2), note='too few dims'),
                Sample((make(3, 3, 3), 2), note='not divisible'),
                Sample((make(3, 3, 3), 0), note='zero'),
                Sample((make(3, 3, 3), Index(np.array([1]))), note='an index tensor')]
    return errors


def _narrow_samples(make):
    return [Sample((make(2, 3, 4), 2, 1, 2)), Sample((make(2, 3, 4), 2, -1, 1)),
            Sample((make(2, 3, 4), -1, -4, 1)), Sample((make(2, 3, 4), 2, 4, 0)),
            Sample((make(2, 3, 4), 0, 0, 2)), Sample((make(2, 3, 4), 1, Index(np.array(1)), 2)),
            Sample((make(2, 3, 4),), {'dim': 2, 'start': 1, 'length': 2})]


def _narrow_errors(make):
    return [Sample((make(4), 0, -5, 1), note='start below'),
            Sample((make(4), 0, 5, 0), note='start above'),
            Sample((make(4), 0, 3, 2), note='past the end'),
            Sample((make(4), 0, -1, 2), note='past the end from a negative start'),
            Sample((make(4), 0, 0, -1), note='negative length'),
            Sample((make(4), 5, 0, -1), note='negative length before dim'),
            Sample((make(4), 5, 0, 1), note='out of range'),
            Sample((make(), 0, 0, 1), note='0-d'),
            Sample((make(4), 0, Index(np.array([1])), 2), note='1-D start'),
            Sample((make(4), 0, Index(np.array(1.0)), 2), note='float start')]


SPLIT_ROWS = [
    OpInfo('split', func('split'), _split_samples, dtypes=ALL, errors=_split_errors),
    OpInfo('split_method', method('split'), _split_samples),
    OpInfo('split_tensor_size', lambda lib, x: lib.split(x, lib.tensor(2)),
           lambda make: [Sample((make(5, 2),))]),
    OpInfo('split_with_sizes', func('split_with_sizes'),
           lambda make: [Sample((make(2, 3, 4), [1, 3], 2)), Sample((make(4), (0, 4)))],
           dtypes=ALL, errors=lambda make: [Sample((make(4), [1, 2]), note='sum')]),
    OpInfo('split_with_sizes_method', method('split_with_sizes'),
           lambda make: [Sample((make(2, 3, 4), [1, 3], 2))]),
    OpInfo('chunk', func('chunk'), _chunk_samples, dtypes=ALL, errors=_chunk_errors),
    OpInfo('chunk_method', method('chunk'), _chunk_samples),
    OpInfo('tensor_split', func('tensor_split'), _tensor_split_samples, dtypes=ALL,
           errors=_tensor_split_errors),
    OpInfo('tensor_split_method', method('tensor_split'), _tensor_split_samples),
    OpInfo('narrow', func('narrow'), _narrow_samples, dtypes=ALL, errors=_narrow_errors),
    OpInfo('narrow_method', method('narrow'), _narrow_samples),
    OpInfo('hsplit', func('hsplit'),
           lambda make: [Sample((make(2, 3, 4), 3)), Sample((make(2, 3, 4), [1])),
                         Sample((make(4), 2)), Sample((make(4), Index(np.array(2))))],
           dtypes=ALL, errors=_directional_errors('hsplit')),
    OpInfo('vsplit', func('vsplit'),
           lambda make: [Sample((make(4, 3), 2)), Sample((make(4, 3), [1, 3]))],
           dtypes=ALL, errors=_directional_errors('vsplit')),
    OpInfo('dsplit', func('dsplit'),
           lambda make: [Sample((make(2, 3, 4), 2)), Sample((make(2, 3, 4), (3,)))],
           dtypes=ALL, errors=_directional_errors('dsplit')),
    OpInfo('hsplit_method', method('hsplit'), lambda make: [Sample((make(2, 4), 2))]),
    OpInfo('vsplit_method', method('vsplit'), lambda make: [Sample((make(4, 2), 2))]),
    OpInfo('dsplit_method', method('dsplit'), lambda make: [Sample((make(2, 3, 4), 2))]),
    OpInfo('split_unused_pieces', lambda lib, x: lib.split(x, 2)[1],
           lambda make: [Sample((make(5, 3),))]),
    OpInfo('chunk_unused_pieces', lambda lib, x: lib.chunk(x, 3, 1)[0],
           lambda make: [Sample((make(2, 6),))]),
    # NOTE: torch forbids writing through a piece of split or chunk (outputs of an op that
    #       makes several views at once); ember has no such check yet
    OpInfo('split_write_errors', written(lambda lib, x: lib.split(x, 2), piece=0),
           lambda make: [],
           errors=lambda make: [Sample((make(4, 3), make(3)), note='a piece of split')],
           skips={Check.ERRORS: 'needs the multi-output view check in ember/ops/_views.py'}),
]
for _name, _fn, _piece in (
        ('split', lambda lib, x: lib.split(x, 2), None),
        ('split_with_sizes', lambda lib, x: lib.split_with_sizes(x, [1, 3]), None),
        ('chunk', lambda lib, x: lib.chunk(x, 2, 1), None),
        ('hsplit', lambda lib, x: lib.hsplit(x, [1]), None)):
    SPLIT_ROWS.append(OpInfo(f'{_name}_is_view', viewed(_fn),
                             lambda make: [Sample((make(4, 3),))]))
for _name, _fn, _shape in (
        ('tensor_split', lambda lib, x: lib.tensor_split(x, [1, 3]), (2, 3)),
        ('vsplit', lambda lib, x: lib.vsplit(x, 2), (2, 3))):
    SPLIT_ROWS += [
        OpInfo(f'{_name}_is_view', viewed(_fn), lambda make: [Sample((make(4, 3),))]),
        OpInfo(f'{_name}_write_through', written(_fn, piece=1),
               lambda make, _shape=_shape: [Sample((make(4, 3), make(*_shape)))]),
    ]
SPLIT_ROWS += view_rows('narrow', lambda lib, x: lib.narrow(x, 1, 1, 2),
                        lambda make: [Sample((make(4, 3),))],
                        lambda make: [Sample((make(4, 3), make(4, 2)))])

OPS = DIM_ROWS + REPEAT_ROWS + FLIP_ROWS + SPLIT_ROWS
