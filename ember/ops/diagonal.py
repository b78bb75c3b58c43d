"""Triangles and diagonals: tril, triu, diag, diagonal, diag_embed, diagflat, trace.

A diagonal is a view (DiagonalBackward0); its derivative writes the gradient into the diagonal
of zeros, and diag_embed, which writes its input into the diagonal of zeros, has the diagonal of
the gradient for derivative: each op is the other's adjoint."""

__all__ = ['tril', 'triu', 'diag', 'diagonal', 'diagonal_copy', 'diag_embed', 'diagflat', 'trace']
import numpy as np

from ember._creation import zeros
from ember._tensor import wrap_dim
from ember.ops._primitive import primitive
from ember.ops._views import _view_assign
from ember.ops.shape import int_arg, ravel


def _c_order(array):
    return array if array.flags.c_contiguous else array.copy(order='C')


# --- triangles -------------------------------------------------------------------------------

def _triangle_check(name):
    def check(input, *, diagonal):
        if input._data.ndim < 2:
            raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    return check


@primitive(check=_triangle_check('tril'), node_name='TrilBackward0')
def tril_part(xp, input, *, diagonal):
    return _c_order(xp.tril(input, diagonal))


def _tril_grad(grad, diagonal):
    return tril_part(grad, diagonal=diagonal)


tril_part.defvjp(_tril_grad)


@primitive(check=_triangle_check('triu'), node_name='TriuBackward0')
def triu_part(xp, input, *, diagonal):
    return _c_order(xp.triu(input, diagonal))


def _triu_grad(grad, diagonal):
    return triu_part(grad, diagonal=diagonal)


triu_part.defvjp(_triu_grad)


def tril(input, diagonal=0, *, out=None):
    """Matches `torch.tril`."""
    diagonal = int_arg(diagonal, 'tril', 'diagonal', 2)
    if out is not None:
        return tril_part(input, diagonal=diagonal, out=out)
    return tril_part(input, diagonal=diagonal)


def triu(input, diagonal=0, *, out=None):
    """Matches `torch.triu`."""
    diagonal = int_arg(diagonal, 'triu', 'diagonal', 2)
    if out is not None:
        return triu_part(input, diagonal=diagonal, out=out)
    return triu_part(input, diagonal=diagonal)


# --- diagonals -------------------------------------------------------------------------------

def _diagonal_of(array, offset, dim1, dim2):
    """A writable view of `array`'s diagonal, as its last dim (np.diagonal's is read-only)."""
    shape = array.shape
    if offset >= 0:
        length = max(min(shape[dim1], shape[dim2] - offset), 0)
        corner = {dim2: offset}
    else:
        length = max(min(shape[dim1] + offset, shape[dim2]), 0)
        corner = {dim1: -offset}
    if length:
        array = array[tuple(slice(corner.get(d, 0), None) for d in range(array.ndim))]
    kept = [d for d in range(array.ndim) if d != dim1 and d != dim2]
    strides = array.strides
    return np.lib.stride_tricks.as_strided(
        array, tuple(shape[d] for d in kept) + (length,),
        tuple(strides[d] for d in kept) + (strides[dim1] + strides[dim2],))


@primitive(view=True, node_name='DiagonalBackward0')
def diagonal_view(xp, input, *, offset, dim1, dim2):
    return _diagonal_of(input, offset, dim1, dim2)


def _diagonal_grad(grad, input_shape, offset, dim1, dim2):
    chain = ((diagonal_view, {'offset': offset, 'dim1': dim1, 'dim2': dim2}),)
    return _view_assign(zeros(input_shape, dtype=grad.dtype), grad, chain=chain)


diagonal_view.defvjp(_diagonal_grad)


@primitive(name='diagonal_copy', node_name='DiagonalBackward0_copy')
def diagonal_copy_dims(xp, input, *, offset, dim1, dim2):
    return _diagonal_of(input, offset, dim1, dim2).copy()


diagonal_copy_dims.defvjp(_diagonal_grad)


def _diagonal_dims(name, offset, dim1, dim2, ndim):
    offset = int_arg(offset, name, 'offset', 2)
    dim1, dim2 = int_arg(dim1, name, 'dim1', 3), int_arg(dim2, name, 'dim2', 4)
    first, second = wrap_dim(dim1, ndim), wrap_dim(dim2, ndim)
    if first == second:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return {'offset': offset, 'dim1': first, 'dim2': second}


def diagonal(input, offset=0, dim1=0, dim2=1):
    """Matches `torch.diagonal`."""
    return diagonal_view(input, **_diagonal_dims('diagonal', offset, dim1, dim2, input.ndim))


def diagonal_copy(input, offset=0, dim1=0, dim2=1, *, out=None):
    """Matches `torch.diagonal_copy`."""
    settings = _diagonal_dims('diagonal_copy', offset, dim1, dim2, input.ndim)
    if out is not None:
        return diagonal_copy_dims(input, out=out, **settings)
    return diagonal_copy_dims(input, **settings)


@primitive(node_name='DiagEmbedBackward0')
def diag_embed_dims(xp, input, *, offset, dim1, dim2):
    size = input.shape[-1] + abs(offset)
    batch = iter(input.shape[:-1])
    shape = [size if d in (dim1, dim2) else next(batch) for d in range(input.ndim + 1)]
    out = xp.zeros(shape, dtype=input.dtype)
    _diagonal_of(out, offset, dim1, dim2)[...] = input
    return out


def _diag_embed_grad(grad, offset, dim1, dim2):
    return diagonal_view(grad, offset=offset, dim1=dim1, dim2=dim2)


diag_embed_dims.defvjp(_diag_embed_grad)


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """Matches `torch.diag_embed`."""
    return diag_embed_dims(input, **_diagonal_dims('diag_embed', offset, dim1, dim2,
                                                   input.ndim + 1))


def diag(input, diagonal=0, *, out=None):
    """Matches `torch.diag`: a 1-D input becomes a diagonal, a 2-D one gives its diagonal."""
    diagonal = int_arg(diagonal, 'diag', 'diagonal', 2)
    ndim = input.ndim
    if ndim == 1:
        op = diag_embed_dims
    elif ndim == 2:
        op = diagonal_copy_dims
    else:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {ndim}D")
    if out is not None:
        return op(input, offset=diagonal, dim1=0, dim2=1, out=out)
    return op(input, offset=diagonal, dim1=0, dim2=1)


def diagflat(input, offset=0):
    """Matches `torch.diagflat`."""
    offset = int_arg(offset, 'diagflat', 'offset', 2)
    return diag_embed_dims(ravel(input), offset=offset, dim1=0, dim2=1)


# --- trace -----------------------------------------------------------------------------------

def _check_trace(input):
    if input._data.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim "
                           f"{input._data.ndim}")


def _check_trace_dtype(input):
    if input._data.dtype.kind == 'b':
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")


@primitive(check=_check_trace, dtype_check=_check_trace_dtype, node_name='TraceBackward0')
def trace(xp, input):
    kind = input.dtype.kind
    if kind in 'iu':
        return xp.trace(input, dtype=xp.int64)
    if input.dtype == xp.float16:
        return xp.trace(input, dtype=xp.float32).astype(xp.float16)
    return xp.trace(input)


def _trace_grad(grad, input_shape):
    chain = ((diagonal_view, {'offset': 0, 'dim1': 0, 'dim2': 1}),)
    return _view_assign(zeros(input_shape, dtype=grad.dtype), grad, chain=chain)


trace.defvjp(_trace_grad)
