"""Tensor methods: shape ops: moving dims, repeating, splitting, flipping, diagonals."""
from ember import _dtype


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


    # --- device, layout and lazy-bit queries (ember/ops/extras.py) ----------------------------
    # ember's tensors are dense, on the CPU, with no lazy conjugation or negation

    @property
    def is_cpu(self):
        return True

    @property
    def is_sparse_csr(self):
        return False

    @property
    def is_mkldnn(self):
        return False

    @property
    def is_mps(self):
        return False

    @property
    def is_xla(self):
        return False

    @property
    def is_xpu(self):
        return False

    @property
    def is_ipu(self):
        return False

    @property
    def is_maia(self):
        return False

    @property
    def is_mtia(self):
        return False

    @property
    def is_vulkan(self):
        return False

    @property
    def is_nested(self):
        return False

    def is_shared(self):
        return False

    def is_pinned(self, device=None):
        return False

    def is_conj(self):
        return False

    def is_neg(self):
        return False

    def is_inference(self):
        return False

    def is_signed(self):
        return _extras.is_signed(self)

    def is_nonzero(self):
        return _extras.is_nonzero(self)

    def is_same_size(self, other):
        return _extras.is_same_size(self, other)

    def conj(self):
        return _extras.conj(self)

    def resolve_conj(self):
        return self

    def resolve_neg(self):
        return self

    def isreal(self):
        return _extras.isreal(self)

    def __contains__(self, element):
        if not isinstance(element, (type(self), int, float, complex, bool)):
            raise RuntimeError("Tensor.__contains__ only supports Tensor or scalar, but you "
                               f"passed in a {type(element)}.")
        return bool((element == self).any().item())

    def __reversed__(self):
        return self if self.ndim == 0 else _rearrange.flip(self, (0,))

    def dim_order(self, *, ambiguity_check=False):
        # dims from the largest stride to the smallest, ties kept in dim order
        strides = self.stride()
        return tuple(sorted(range(self.ndim), key=lambda d: -strides[d]))

    def cfloat(self):
        return self.to(_dtype.complex64)

    def cdouble(self):
        return self.to(_dtype.complex128)

    @property
    def real(self):
        return _extras.real(self)

    @property
    def imag(self):
        return _extras.imag(self)


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
    global _broadcast, _diagonal, _joining, _rearrange, _shape, _extras
    from ember.ops import extras as _extras
    from ember.ops import broadcast as _broadcast
    from ember.ops import diagonal as _diagonal
    from ember.ops import joining as _joining
    from ember.ops import rearrange as _rearrange
    from ember.ops import shape as _shape
