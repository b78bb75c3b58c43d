"""Table rows for shape and view ops, broadcasting, atleast_*d and the stacks; also the
helpers the view rows of every shape family use."""
from tests.opinfo.core import Check, OpInfo, Sample, func, method

VIEW_NEEDS_STRIDES = {Check.NONCONTIGUOUS: "view() of non-contiguous memory raises, as in torch"}

ALL = ('float32', 'float64', 'int64', 'bool')


def viewed(fn):
    """`fn` applied to a non-leaf copy of x, and for each result whether it is a view of that
    copy (`_base`), which torch and ember must agree on."""
    def call(lib, x, *args, **kwargs):
        base = x * 1
        out = fn(lib, base, *args, **kwargs)
        outs = out if isinstance(out, (tuple, list)) else (out,)
        return out, tuple(o._base is base for o in outs)
    return call


def written(fn, piece=None):
    """Write through the view `fn` makes of a non-leaf copy of x (multiplying it in place by
    w) and return the copy: its values and its gradients show that the view shares memory
    and history with it. `piece` picks one result of a multi-output op."""
    def call(lib, x, w, *args, **kwargs):
        base = x * 1
        view = fn(lib, base, *args, **kwargs)
        if piece is not None:
            view = view[piece]
        view.mul_(w)
        return base
    return call


# whether some results are views depends on the input's strides, in torch as in ember
VIEW_IF_CONTIGUOUS = {Check.NONCONTIGUOUS: "a view only of contiguous memory, as in torch"}


def view_rows(name, fn, samples, written_samples, **kw):
    """A row checking which results are views, and one writing through the view."""
    return [OpInfo(f'{name}_is_view', viewed(fn), samples, **kw),
            OpInfo(f'{name}_write_through', written(fn), written_samples, **kw)]


def _reshape_samples(make):
    return [Sample((make(3, 4), (4, 3))), Sample((make(3, 4), (-1,))), Sample((make(), (1, 1))),
            Sample((make(2, 3, 4), (6, -1))), Sample((make(0, 3), (3, 0)))]


def _reshape_errors(make):
    return [Sample((make(3, 4), (5,)), note='wrong size'),
            Sample((make(3, 4), (-1, -1)), note='two inferred'),
            Sample((make(3, 4), (-2, 6)), note='negative')]


def _transpose_samples(make):
    return [Sample((make(3, 4), 0, 1)), Sample((make(2, 3, 4), -1, 0)),
            Sample((make(2, 3, 4), 1, 1))]


def _permute_samples(make):
    return [Sample((make(2, 3, 4), (2, 0, 1))), Sample((make(3, 4), (1, 0))),
            Sample((make(), ()))]


def _squeeze_samples(make):
    return [Sample((make(3, 1, 4, 1),)), Sample((make(3, 1, 4),), {'dim': 1}),
            Sample((make(3, 1, 4),), {'dim': 0}), Sample((make(1, 3, 1),), {'dim': (0, 2)}),
            Sample((make(),),)]


def _expand_samples(make):
    return [Sample((make(3, 1), 3, 4)), Sample((make(4), 2, 3, 4)), Sample((make(), 2, 2)),
            Sample((make(3, 1), -1, 5))]


def _expand_errors(make):
    return [Sample((make(3), 2, 4), note='mismatch'), Sample((make(2, 3), 3), note='too few')]


def _flatten_samples(make):
    return [Sample((make(2, 3, 4),)), Sample((make(2, 3, 4), 1)), Sample((make(2, 3, 4), 0, 1)),
            Sample((make(),)), Sample((make(5),))]


OPS = [
    OpInfo('reshape', func('reshape'), _reshape_samples, dtypes=ALL, errors=_reshape_errors),
    OpInfo('reshape_noncontiguous', lambda lib, x: x.t().reshape(-1),
           lambda make: [Sample((make(3, 4),))]),
    OpInfo('view', lambda lib, x, shape: x.view(shape), _reshape_samples, dtypes=ALL,
           errors=lambda make: [Sample((make(3, 4), (5,)), note='wrong size')],
           skips=VIEW_NEEDS_STRIDES),
    OpInfo('view_varargs', lambda lib, x: x.view(2, -1), lambda make: [Sample((make(3, 4),))],
           skips=VIEW_NEEDS_STRIDES),
    OpInfo('view_of_transpose', lambda lib, x: x.t().view(-1),
           lambda make: [Sample((make(1, 4),))],
           errors=lambda make: [Sample((make(3, 4),), note='not viewable')]),
    OpInfo('flatten', func('flatten'), _flatten_samples, dtypes=ALL),
    OpInfo('unflatten', func('unflatten'), lambda make: [Sample((make(2, 6), 1, (3, 2))),
                                                         Sample((make(6), 0, (-1, 3)))]),
    OpInfo('t', func('t'), lambda make: [Sample((make(3, 4),)), Sample((make(5),)),
                                         Sample((make(),))], dtypes=ALL,
           errors=lambda make: [Sample((make(2, 3, 4),), note='3-D')]),
    OpInfo('T', lambda lib, x: x.T, lambda make: [Sample((make(3, 4),))]),
    OpInfo('mT', lambda lib, x: x.mT, lambda make: [Sample((make(2, 3, 4),))]),
    OpInfo('transpose', func('transpose'), _transpose_samples, dtypes=ALL,
           errors=lambda make: [Sample((make(3, 4), 0, 2), note='dim out of range')]),
    OpInfo('permute', func('permute'), _permute_samples, dtypes=ALL,
           errors=lambda make: [Sample((make(3, 4), (0, 0)), note='duplicate'),
                                Sample((make(3, 4), (0,)), note='too few')]),
    OpInfo('permute_varargs', lambda lib, x: x.permute(1, 0), lambda make: [Sample((make(3, 4),))]),
    OpInfo('unsqueeze', func('unsqueeze'),
           lambda make: [Sample((make(3, 4), 0)), Sample((make(3, 4), -1)), Sample((make(), 0))],
           dtypes=ALL, errors=lambda make: [Sample((make(3, 4), 3), note='dim out of range')]),
    OpInfo('squeeze', func('squeeze'), _squeeze_samples, dtypes=ALL),
    OpInfo('expand', method('expand'), _expand_samples, dtypes=ALL, errors=_expand_errors),
    OpInfo('expand_as', method('expand_as'), lambda make: [Sample((make(3, 1), make(2, 3, 4)))]),
    OpInfo('clone', func('clone'), lambda make: [Sample((make(3, 4),)), Sample((make(),))],
           dtypes=ALL),
    OpInfo('contiguous', lambda lib, x: x.t().contiguous(), lambda make: [Sample((make(3, 4),))]),
    OpInfo('to_double', lambda lib, x: x.to(lib.float64), lambda make: [Sample((make(3, 4),))],
           dtypes=('float32',)),
    OpInfo('double', method('double'), lambda make: [Sample((make(3, 4),))],
           dtypes=('float32', 'int64')),
    OpInfo('float', method('float'), lambda make: [Sample((make(3, 4),))],
           dtypes=('float64', 'int64', 'bool'),
           skips={Check.GRADCHECK: 'rounds to float32, too coarse for central differences'}),
    OpInfo('long', method('long'), lambda make: [Sample((make(3, 4),))], dtypes=('float32',),
           differentiable=False),
]


# --- edge cases of the view ops above --------------------------------------------------------

def _squeeze_edge_samples(make):
    return [Sample((make(), 0)), Sample((make(), -1)), Sample((make(), (0,))),
            Sample((make(), ())), Sample((make(1, 2, 1), [2, 0])), Sample((make(0, 1), 1))]


def _squeeze_errors(make):
    return [Sample((make(3, 1, 4), (0, -3)), note='repeated dim'),
            Sample((make(1, 2, 1), (0, 2, -1)), note='repeated dim'),
            Sample((make(3, 4), (0, 5)), note='dim out of range'),
            Sample((make(), (0, 1)), note='0-d, dim out of range')]


def _unflatten_errors(make):
    return [Sample((make(2, 3, 4), 1, (2, 2)), note='product'),
            Sample((make(2, 3, 4), 1, (-1, 2)), note='product with -1'),
            Sample((make(2, 3, 4), 1, ()), note='no sizes'),
            Sample((make(2, 3, 4), 1, (3.0,)), note='float size')]


def _expand_more_errors(make):
    return [Sample((make(4), -1, 4), note='-1 in a new dim'),
            Sample((make(4), -2, 4), note='negative new size'),
            Sample((make(), -1), note='0-d, negative size'),
            Sample((make(3, 2), 5, 1), note='mismatch reported from the last dim'),
            Sample((make(3, 1), 2, -2), note='mismatch before a negative size')]


def _reshape_type_errors(make):
    return [Sample((make(3, 4), (2.0, 6)), note='float first'),
            Sample((make(3, 4), (2, 6.0)), note='float second')]


EDGE_ROWS = [
    OpInfo('squeeze_edges', func('squeeze'), _squeeze_edge_samples, dtypes=ALL,
           errors=_squeeze_errors),
    OpInfo('transpose_0d', func('transpose'),
           lambda make: [Sample((make(), 0, 0)), Sample((make(), 0, -1))], dtypes=ALL),
    OpInfo('unflatten_errors', func('unflatten'), lambda make: [], errors=_unflatten_errors),
    OpInfo('expand_edges', method('expand'),
           lambda make: [Sample((make(3, 4), 1, 3, 4)), Sample((make(0, 1), 0, 5)),
                         Sample((make(), 1, 1))],
           errors=_expand_more_errors),
    OpInfo('reshape_type_errors', func('reshape'), lambda make: [], errors=_reshape_type_errors),
    OpInfo('transpose_type_errors', func('transpose'), lambda make: [],
           errors=lambda make: [Sample((make(2, 3), 1.0, 0), note='float dim0'),
                                Sample((make(2, 3), 1, 0.0), note='float dim1')]),
    OpInfo('unsqueeze_type_errors', func('unsqueeze'), lambda make: [],
           errors=lambda make: [Sample((make(2, 3), 1.0), note='float dim')]),
    OpInfo('permute_keyword', lambda lib, x: lib.permute(x, dims=(1, 0)),
           lambda make: [Sample((make(3, 4),))]),
    OpInfo('view_as', method('view_as'),
           lambda make: [Sample((make(3, 4), make(2, 6))), Sample((make(), make(1, 1)))],
           skips=VIEW_NEEDS_STRIDES),
    OpInfo('reshape_as', method('reshape_as'),
           lambda make: [Sample((make(3, 4), make(12))), Sample((make(2, 3), make(3, 2)))]),
    OpInfo('reshape_as_noncontiguous', lambda lib, x, y: x.t().reshape_as(y),
           lambda make: [Sample((make(3, 4), make(12)))]),
    OpInfo('ravel', func('ravel'),
           lambda make: [Sample((make(3, 4),)), Sample((make(),)), Sample((make(0, 3),)),
                         Sample((make(2, 3, 4),))], dtypes=ALL),
    OpInfo('ravel_method', method('ravel'), lambda make: [Sample((make(3, 4),))]),
    OpInfo('ravel_noncontiguous', lambda lib, x: x.t().ravel(),
           lambda make: [Sample((make(3, 4),))]),
]
EDGE_ROWS += view_rows('expand_same_shape', lambda lib, x: x.expand(1, 3, 4),
                       lambda make: [Sample((make(3, 4),))],
                       lambda make: [Sample((make(3, 4), make(3, 4)))])
EDGE_ROWS += view_rows('ravel', lambda lib, x: x.ravel(),
                       lambda make: [Sample((make(3, 4),)), Sample((make(),))],
                       lambda make: [Sample((make(3, 4), make(12))), Sample((make(), make()))],
                       skips=VIEW_IF_CONTIGUOUS)
EDGE_ROWS += view_rows('view_as', lambda lib, x, y: x.view_as(y),
                       lambda make: [Sample((make(3, 4), make(6, 2)))],
                       lambda make: [Sample((make(3, 4), make(2, 6), make(2, 6)))],
                       skips=VIEW_IF_CONTIGUOUS)
EDGE_ROWS += view_rows('reshape_as', lambda lib, x, y: x.reshape_as(y),
                       lambda make: [Sample((make(3, 4), make(6, 2)))],
                       lambda make: [Sample((make(3, 4), make(2, 6), make(2, 6)))],
                       skips=VIEW_IF_CONTIGUOUS)
EDGE_ROWS += [
    OpInfo('expand_write_errors', written(lambda lib, x: x.expand(2, 3, 4)), lambda make: [],
           errors=lambda make: [Sample((make(3, 4), make(2, 3, 4)), note='repeated elements')]),
]


# --- broadcasting ----------------------------------------------------------------------------

def _broadcast_to_samples(make):
    return [Sample((make(3, 1), (2, 3, 4))), Sample((make(4), (3, 4))), Sample((make(), (2, 2))),
            Sample((make(3, 1), (-1, 5))), Sample((make(0, 1), (0, 3))),
            Sample((make(2, 3), [2, 3])), Sample((make(), ()))]


def _broadcast_to_errors(make):
    return [Sample((make(2, 3), (3,)), note='too few sizes'),
            Sample((make(2, 3), (4, 3)), note='mismatch'),
            Sample((make(2, 3), (-1, 2, 3)), note='-1 in a new dim'),
            Sample((make(2, 3), (2, 3.0)), note='float size')]


def _broadcast_tensors_samples(make):
    return [Sample((make(3, 1), make(4))), Sample((make(2, 3), make(2, 3))),
            Sample((make(), make(2, 3), make(3))), Sample((make(0, 1), make(3))),
            Sample((make(2),)), Sample(())]


def _broadcast_tensors_errors(make):
    return [Sample((make(2, 3), make(4, 3)), note='mismatch'),
            Sample((make(2, 3, 4), make(5, 3, 2), make(4)), note='mismatch of the first two'),
            Sample((make(3), make(2, 3), make(5)), note='mismatch with the third'),
            Sample((make(3), 1), note='not a tensor'),
            Sample(([make(3), make(3)],), note='a list')]


def _broadcast_shapes(lib, *shapes):
    return tuple(lib.broadcast_shapes(*shapes))


def _broadcast_shapes_samples(make):
    return [Sample(((2, 3), (3,))), Sample(((5, 1, 3), (4, 1), [1])), Sample(((2, 3), 3)),
            Sample(()), Sample(((2, 0), (1,))), Sample(((2, 1), None, [3])), Sample((4,)),
            Sample(((0,), (1,)))]


def _broadcast_shapes_errors(make):
    return [Sample(((2, 3), (4,)), note='mismatch'),
            Sample(((2, 3), (5, 1, 3), (3, 3)), note='expected shape so far'),
            Sample((2, 3), note='ints'),
            Sample(((-1, 3),), note='negative'),
            Sample(((3,), (-1,)), note='negative against a size'),
            Sample(((2.0, 1),), note='float size'),
            Sample((1.5,), note='not a shape')]


def _meshgrid_samples(make):
    return [Sample((make(3), make(2)), {'indexing': 'ij'}),
            Sample((make(3), make(2)), {'indexing': 'xy'}),
            Sample((make(3), make(), make(2)), {'indexing': 'xy'}),
            Sample((make(4),), {'indexing': 'xy'}),
            Sample((make(0), make(2)), {'indexing': 'ij'}),
            Sample(([make(3), make(2)],), {'indexing': 'xy'}),
            Sample((make(3), make(2)), note='default indexing, with its warning')]


def _meshgrid_errors(make):
    return [Sample((make(2, 3),), {'indexing': 'ij'}, note='2-D'),
            Sample((make(3), make(2)), {'indexing': 'ab'}, note='indexing'),
            Sample(([],), {'indexing': 'ij'}, note='no tensors'),
            Sample((make(3), 1), {'indexing': 'ij'}, note='not a tensor')]


BROADCAST_ROWS = [
    OpInfo('broadcast_to', func('broadcast_to'), _broadcast_to_samples, dtypes=ALL,
           errors=_broadcast_to_errors),
    OpInfo('broadcast_to_method', lambda lib, x: x.broadcast_to(2, 3, 4),
           lambda make: [Sample((make(3, 1),))]),
    OpInfo('broadcast_tensors', func('broadcast_tensors'), _broadcast_tensors_samples,
           dtypes=ALL, errors=_broadcast_tensors_errors),
    OpInfo('broadcast_shapes', _broadcast_shapes, _broadcast_shapes_samples, dtypes=('float32',),
           differentiable=False, errors=_broadcast_shapes_errors),
    OpInfo('meshgrid', func('meshgrid'), _meshgrid_samples, dtypes=ALL, errors=_meshgrid_errors),
    OpInfo('broadcast_tensors_is_view', viewed(lambda lib, x, y: lib.broadcast_tensors(x, y)),
           lambda make: [Sample((make(3, 1), make(4))), Sample((make(2, 3), make(3)))]),
    OpInfo('meshgrid_is_view', viewed(lambda lib, x, y: lib.meshgrid(x, y, indexing='xy')),
           lambda make: [Sample((make(3), make(2)))]),
    OpInfo('meshgrid_write_errors',
           written(lambda lib, x: lib.meshgrid(x, x, indexing='ij'), piece=0),
           lambda make: [],
           errors=lambda make: [Sample((make(3), make(3, 3)), note='repeated elements')]),
]
BROADCAST_ROWS += view_rows('broadcast_to', lambda lib, x: lib.broadcast_to(x, (1, 3, 4)),
                            lambda make: [Sample((make(3, 4),))],
                            lambda make: [Sample((make(3, 4), make(4)))])


# --- atleast_*d and the stacks ---------------------------------------------------------------

def _atleast_samples(make):
    return [Sample((make(),)), Sample((make(3),)), Sample((make(2, 3),)),
            Sample((make(2, 3, 4),)), Sample((make(0),)), Sample((make(2, 3, 4, 1),)),
            Sample((make(), make(3), make(2, 3))), Sample(())]


def _atleast_errors(make):
    return [Sample((1,), note='not a tensor'), Sample((make(3), 1), note='second not a tensor')]


def _atleast_rows(n):
    name = f'atleast_{n}d'
    return [
        OpInfo(name, func(name), _atleast_samples, dtypes=ALL, errors=_atleast_errors),
        OpInfo(f'{name}_list', lambda lib, *ts: getattr(lib, name)(list(ts)),
               lambda make: [Sample((make(), make(3))), Sample((make(2, 3),))]),
        OpInfo(f'{name}_is_view', viewed(lambda lib, x: getattr(lib, name)(x)),
               lambda make: [Sample((make(),)), Sample((make(3),)), Sample((make(2, 3),)),
                             Sample((make(2, 3, 4),))]),
        OpInfo(f'{name}_write_through', written(lambda lib, x: getattr(lib, name)(x)),
               lambda make: [Sample((make(), make(1))), Sample((make(3), make(1))),
                             Sample((make(2, 3), make(1)))]),
    ]


def _stack_errors(name):
    def errors(make):
        return [Sample(([],), note='empty'), Sample((make(3),), note='a tensor'),
                Sample(([make(2, 3), make(3, 4, 5)],), note='sizes')]
    return errors


def _hstack_samples(make):
    return [Sample(([make(2, 3), make(2, 4)],)), Sample(([make(3), make(2)],)),
            Sample(([make(), make()],)), Sample(([make(), make(3)],)),
            Sample(([make(2, 3, 4), make(2, 1, 4)],)), Sample(([make(2, 3)],))]


def _vstack_samples(make):
    return [Sample(([make(3), make(3)],)), Sample(([make(), make()],)),
            Sample(([make(2, 3), make(1, 3)],)), Sample(([make(0, 3), make(3)],)),
            Sample(([make(2, 3, 4), make(1, 3, 4)],))]


def _dstack_samples(make):
    return [Sample(([make(3), make(3)],)), Sample(([make(), make()],)),
            Sample(([make(2, 3), make(2, 3)],)), Sample(([make(2, 3, 4), make(2, 3, 1)],))]


def _column_stack_samples(make):
    return [Sample(([make(3), make(3)],)), Sample(([make(), make()],)),
            Sample(([make(3, 2), make(3)],)), Sample(([make(2, 3, 4), make(2, 1, 4)],))]


STACK_ROWS = _atleast_rows(1) + _atleast_rows(2) + _atleast_rows(3) + [
    OpInfo(name, func(name), samples, dtypes=ALL, errors=_stack_errors(name))
    for name, samples in (('hstack', _hstack_samples), ('vstack', _vstack_samples),
                          ('row_stack', _vstack_samples), ('dstack', _dstack_samples),
                          ('column_stack', _column_stack_samples))] + [
    OpInfo('concat', func('concat'),
           lambda make: [Sample(([make(2, 3), make(4, 3)],)), Sample(([make(2, 3), make(2, 5)], 1)),
                         Sample(([make(2, 3), make(2, 1)],), {'dim': -1})],
           dtypes=ALL, errors=lambda make: [Sample((make(3),), note='a tensor')]),
    OpInfo('concatenate', func('concatenate'),
           lambda make: [Sample(([make(2, 3), make(4, 3)],)), Sample(([make(2, 3), make(2, 5)], 1)),
                         Sample(([make(2, 3), make(2, 1)],), {'axis': -1})],
           dtypes=ALL, errors=lambda make: [Sample(([make(2, 3), make(3, 3)], 1), note='sizes')]),
    OpInfo('hstack_mixed_dtypes', lambda lib, x, y: lib.hstack([x, y.double()]),
           lambda make: [Sample((make(2, 3), make(2, 2)))], dtypes=('float32',)),
]

OPS = OPS + EDGE_ROWS + BROADCAST_ROWS + STACK_ROWS
OPS.append(OpInfo('reshape_keyword', lambda lib, x: lib.reshape(x, shape=(2, -1)),
                  lambda make: [Sample((make(3, 4),))]))
