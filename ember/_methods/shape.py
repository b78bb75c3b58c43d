"""Tensor methods: shape ops: moving dims, repeating, splitting, flipping, diagonals."""


def _sequence_or_varargs(args):
    """The one sequence, or the ints themselves, of a method taking `*dims` as torch does."""
    return args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else args


class ShapeMethods:
    """Shape ops: moving dims, repeating, splitting, flipping, diagonals."""

    __slots__ = ()

    # --- dims ------------------------------------------------------------------------------

    def movedim(self, source, destination):
        return _rearrange.movedim(self, source, destination)

    def moveaxis(self, source, destination):
        return _rearrange.moveaxis(self, source, destination)

    def swapaxes(self, axis0, axis1):
        return _rearrange.swapaxes(self, axis0, axis1)

    def swapdims(self, dim0, dim1):
        return _rearrange.swapdims(self, dim0, dim1)

    # NOTE: CoreMethods' T and mT (and its swapaxes/swapdims aliases of transpose) come first
    #       in Tensor's bases and hide these until they are removed there
    @property
    def T(self):
        return _rearrange.reverse_dims(self)

    @property
    def mT(self):
        return _rearrange.matrix_transpose(self)

    @property
    def H(self):
        return _rearrange.conjugate_transpose(self)

    @property
    def mH(self):
        return _rearrange.matrix_adjoint(self)

    def adjoint(self):
        return _rearrange.adjoint(self)

    def ravel(self):
        return _shape.ravel(self)

    def broadcast_to(self, *size):
        return _broadcast.broadcast_to(self, _sequence_or_varargs(size))

    # --- repeating -------------------------------------------------------------------------

    def repeat(self, *sizes, repeats=None):
        return _rearrange.repeat(self, *sizes, repeats=repeats)

    def tile(self, *dims):
        return _rearrange.tile(self, _sequence_or_varargs(dims))

    def repeat_interleave(self, repeats, dim=None, *, output_size=None):
        return _rearrange.repeat_interleave(self, repeats, dim, output_size=output_size)

    # --- flipping and rolling --------------------------------------------------------------

    def flip(self, *dims):
        return _rearrange.flip(self, _sequence_or_varargs(dims))

    def fliplr(self):
        return _rearrange.fliplr(self)

    def flipud(self):
        return _rearrange.flipud(self)

    def roll(self, shifts, dims=None):
        return _rearrange.roll(self, shifts, dims)

    def rot90(self, k=1, dims=(0, 1)):
        return _rearrange.rot90(self, k, dims)

    # --- splitting -------------------------------------------------------------------------

    def split(self, split_size, dim=0):
        return _joining.split(self, split_size, dim)

    def split_with_sizes(self, split_sizes, dim=0):
        return _joining.split_with_sizes(self, split_sizes, dim)

    def chunk(self, chunks, dim=0):
        return _joining.chunk(self, chunks, dim)

    def tensor_split(self, indices_or_sections, dim=0):
        return _joining.tensor_split(self, indices_or_sections, dim)

    def hsplit(self, indices_or_sections):
        return _joining.hsplit(self, indices_or_sections)

    def vsplit(self, indices_or_sections):
        return _joining.vsplit(self, indices_or_sections)

    def dsplit(self, indices_or_sections):
        return _joining.dsplit(self, indices_or_sections)

    def narrow(self, dim, start, length):
        return _joining.narrow(self, dim, start, length)

    # --- triangles and diagonals -----------------------------------------------------------

    def tril(self, diagonal=0):
        return _diagonal.tril(self, diagonal)

    def tril_(self, diagonal=0):
        return _diagonal.tril_part.inplace(self, diagonal=_shape.int_arg(
            diagonal, 'tril_', 'diagonal', 1))

    def triu(self, diagonal=0):
        return _diagonal.triu(self, diagonal)

    def triu_(self, diagonal=0):
        return _diagonal.triu_part.inplace(self, diagonal=_shape.int_arg(
            diagonal, 'triu_', 'diagonal', 1))

    def diag(self, diagonal=0):
        return _diagonal.diag(self, diagonal)

    def diagonal(self, offset=0, dim1=0, dim2=1):
        return _diagonal.diagonal(self, offset, dim1, dim2)

    def diag_embed(self, offset=0, dim1=-2, dim2=-1):
        return _diagonal.diag_embed(self, offset, dim1, dim2)

    def diagflat(self, offset=0):
        return _diagonal.diagflat(self, offset)

    def trace(self):
        return _diagonal.trace(self)


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
    global _broadcast, _diagonal, _joining, _rearrange, _shape
    from ember.ops import broadcast as _broadcast
    from ember.ops import diagonal as _diagonal
    from ember.ops import joining as _joining
    from ember.ops import rearrange as _rearrange
    from ember.ops import shape as _shape
