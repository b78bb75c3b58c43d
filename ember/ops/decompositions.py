"""Matrix decompositions (QR, SVD, symmetric eigendecomposition), and the torch-level names of
the linear-algebra functions that ember.linalg holds.

Decompositions are unique only up to signs: NumPy and torch call the same LAPACK routines, but
a user must not rely on the signs of Q's columns or of singular/eigen vectors, and neither do
the tests (they compare sign-independent functions of them).
"""

__all__ = ['det', 'logdet', 'slogdet', 'inverse', 'cholesky', 'cholesky_inverse', 'cholesky_solve',
           'svd', 'pinverse', 'matrix_power', 'qr']
import warnings

import numpy as np

from ember._creation import eye, zeros
from ember.autograd.grad_mode import is_grad_enabled
from ember.ops._primitive import primitive
from ember.ops.diagonal import diag_embed, tril, triu
from ember.ops.indexing import slice_dim
from ember.ops.joining import cat
from ember.ops.linalg import matmul
from ember.ops.linalg_common import (check_floating, check_is_matrix, check_lapack_dtype,
                                     check_square, mT, write_out)
from ember.ops.linalg_pinv import pinverse
from ember.ops import linalg_solve as _solve
from ember.ops.linalg_cholesky import cholesky_inverse, cholesky_legacy, cholesky_solve
from ember.ops.linalg_solve import inverse, logdet, slogdet_legacy, solve_triangular
from ember.ops.shape import unsqueeze_dim

slogdet = slogdet_legacy
cholesky = cholesky_legacy


def det(input):
    """Matches `torch.det`."""
    return _solve.det(input)


def matrix_power(input, n, *, out=None):
    """Matches `torch.matrix_power`."""
    return _solve.matrix_power(input, n, out=out)


def _narrow(x, dim, length):
    """The first `length` entries of `x` along a non-negative `dim`."""
    return slice_dim(x, dim=dim, start=0, end=length, step=1)


# --- QR --------------------------------------------------------------------------------------

def _check_qr(A, *, mode='reduced'):
    check_is_matrix(A, 'linalg.qr')
    check_floating(A, 'linalg.qr')
    if mode not in ('reduced', 'complete', 'r'):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of "
                           "'reduced' (default), 'r', or 'complete'")
    check_lapack_dtype(A, 'geqrf_cpu')


@primitive(check=_check_qr, outputs=2, name='linalg_qr', node_name='LinalgQrBackward0')
def qr_op(xp, A, *, mode='reduced'):
    if mode == 'r':
        return np.empty((0,), dtype=A.dtype), np.linalg.qr(A, mode='r')
    Q, R = np.linalg.qr(A, mode=mode)
    return Q, R


def _qr_grad(grads, out, mode):
    gQ, gR = grads
    Q, R = out
    if mode == 'r':
        raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when "
                           "mode='r'. Please use linalg.qr(A, mode='reduced') if you are going "
                           "to differentiate through linalg.qr.")
    m, n = Q.shape[-2], R.shape[-1]
    if mode == 'complete' and m > n:
        raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and "
                           "nrows > ncols.")
    if gQ is None and gR is None:
        return None
    if gQ is None:
        gA = matmul(gR, mT(R))
    elif gR is None:
        gA = -matmul(mT(Q), gQ)
    else:
        gA = matmul(gR, mT(R)) - matmul(mT(Q), gQ)
    if m >= n:
        upper = triu(gA)
        # the adjoint of sym⁻¹: X + Xᴴ with the diagonal counted once
        gA = matmul(Q, upper + mT(triu(upper, 1)))
        if gQ is not None:
            gA = gA + gQ
        return solve_triangular(mT(R), gA, upper=False, left=False)
    skew = -gA
    gA = matmul(Q, tril(skew - mT(skew)))
    gA = solve_triangular(mT(_narrow(R, R.ndim - 1, m)), gA, upper=False, left=False)
    gA = cat([gA, zeros(gA.shape[:-1] + (n - m,), dtype=gA.dtype)], -1)
    if gR is not None:
        gA = gA + matmul(Q, gR)
    return gA


qr_op.defvjp(_qr_grad)


def linalg_qr(A, mode='reduced', *, out=None):
    """Matches `torch.linalg.qr`."""
    from ember.return_types import linalg_qr as linalg_qr_type
    return write_out('linalg_qr', linalg_qr_type(qr_op(A, mode=mode)), out)


def qr(input, some=True, *, out=None):
    """Matches `torch.qr` (deprecated there, with the same warning)."""
    from ember.return_types import qr as qr_type
    warnings.warn(
        "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future "
        "PyTorch release.\nThe boolean parameter 'some' has been replaced with a string "
        "parameter 'mode'.\nQ, R = torch.qr(A, some)\nshould be replaced with\nQ, R = "
        "torch.linalg.qr(A, 'reduced' if some else 'complete')", UserWarning, stacklevel=2)
    result = qr_type(qr_op(input, mode='reduced' if some else 'complete'))
    return write_out('linalg_qr', result, out)


# --- SVD -------------------------------------------------------------------------------------

def _check_svd(A, *, full_matrices=True, compute_uv=True):
    check_is_matrix(A, 'linalg.svd')
    check_floating(A, 'linalg.svd')
    check_lapack_dtype(A, 'linalg_svd_cpu')


@primitive(check=_check_svd, outputs=3, name='_linalg_svd', node_name='LinalgSvdBackward0')
def svd_op(xp, A, *, full_matrices=True, compute_uv=True):
    if not compute_uv:
        empty = np.empty((0,), dtype=A.dtype)
        return empty, np.linalg.svd(A, compute_uv=False), empty
    return tuple(np.linalg.svd(A, full_matrices=full_matrices))


def _svd_backward(gU, gS, gVh, U, S, Vh):
    """The gradient of A = U diag(S) Vh; assumes distinct singular values and, for
    rectangular A, full rank."""
    m, n = U.shape[-2], Vh.shape[-1]
    if gU is None and gVh is None:
        if m >= n:
            return matmul(U, unsqueeze_dim(gS, dim=gS.ndim) * Vh)
        return matmul(U * unsqueeze_dim(gS, dim=gS.ndim - 1), Vh)
    row, column = unsqueeze_dim(S, dim=S.ndim - 1), unsqueeze_dim(S, dim=S.ndim)
    squares = S * S
    # E[j, k] = S_k² - S_j², with ones on the diagonal, where it only ever divides zeros
    E = (unsqueeze_dim(squares, dim=S.ndim - 1) - unsqueeze_dim(squares, dim=S.ndim)
         + eye(S.shape[-1], dtype=S.dtype))
    if gU is not None:
        UhgU = matmul(mT(U), gU)
        UhgU = UhgU - mT(UhgU)
    if gVh is not None:
        VhgV = matmul(Vh, mT(gVh))
        VhgV = VhgV - mT(VhgV)
    if gU is not None and gVh is not None:
        inner = (UhgU * row + column * VhgV) / E
    elif gU is not None:
        inner = (UhgU / E) * row
    else:
        inner = column * (VhgV / E)
    if gS is not None:
        inner = inner + diag_embed(gS)
    if m > n and gU is not None:
        gA = matmul(U, inner)
        gU_Sinv = gU / row
        gA = gA + gU_Sinv - matmul(U, matmul(mT(U), gU_Sinv))
        return matmul(gA, Vh)
    if m < n and gVh is not None:
        gA = matmul(inner, Vh)
        Sinv_gVh = gVh / column
        gA = gA + Sinv_gVh - matmul(matmul(Sinv_gVh, mT(Vh)), Vh)
        return matmul(U, gA)
    return matmul(U, matmul(inner, Vh)) if m >= n else matmul(matmul(U, inner), Vh)


def _svd_grad(grads, out, full_matrices):
    gU, gS, gVh = grads
    U, S, Vh = out
    if gU is None and gS is None and gVh is None:
        return None
    if full_matrices:
        k = S.shape[-1]
        gU = None if gU is None else _narrow(gU, gU.ndim - 1, k)
        gVh = None if gVh is None else _narrow(gVh, gVh.ndim - 2, k)
        U, Vh = _narrow(U, U.ndim - 1, k), _narrow(Vh, Vh.ndim - 2, k)
    return _svd_backward(gU, gS, gVh, U, S, Vh)


svd_op.defvjp(_svd_grad)


def _check_driver(driver):
    if driver is not None:
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on "
                           "CUDA inputs with cuSOLVER backend.")


def linalg_svd(A, full_matrices=True, *, driver=None, out=None):
    """Matches `torch.linalg.svd`."""
    from ember.return_types import linalg_svd as linalg_svd_type
    _check_driver(driver)
    result = linalg_svd_type(svd_op(A, full_matrices=full_matrices, compute_uv=True))
    return write_out('_linalg_svd', result, out)


def _needs_grad(A):
    return A.requires_grad and is_grad_enabled()


def svdvals(A, *, driver=None, out=None):
    """Matches `torch.linalg.svdvals`."""
    _check_driver(driver)
    S = svd_op(A, full_matrices=False, compute_uv=_needs_grad(A))[1]
    return write_out('_linalg_svd', S, out)


def svd(input, some=True, compute_uv=True, *, out=None):
    """Matches `torch.svd`: V rather than Vh, and zeros for U and V without compute_uv."""
    from ember.return_types import svd as svd_type
    if input.ndim < 2:
        raise RuntimeError(f"linalg.svd: input should have at least 2 dimensions, but has "
                           f"{input.ndim} dimensions instead")
    if compute_uv:
        U, S, Vh = svd_op(input, full_matrices=not some, compute_uv=True)
        return write_out('_linalg_svd', svd_type((U, S, mT(Vh))), out)
    S = svd_op(input, full_matrices=False, compute_uv=_needs_grad(input))[1]
    batch, (m, n) = tuple(input.shape[:-2]), tuple(input.shape[-2:])
    U = zeros(batch + (m, m), dtype=input.dtype)
    V = zeros(batch + (n, n), dtype=input.dtype)
    return write_out('_linalg_svd', svd_type((U, S, V)), out)


# --- symmetric eigendecomposition ------------------------------------------------------------

def _check_eigh(A, *, UPLO='L', compute_v=True):
    check_square(A, 'linalg.eigh')
    check_floating(A, 'linalg.eigh')
    if UPLO not in ('L', 'U'):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    check_lapack_dtype(A, 'linalg_eigh_cpu')


@primitive(check=_check_eigh, outputs=2, name='_linalg_eigh', node_name='LinalgEighBackward0')
def eigh_op(xp, A, *, UPLO='L', compute_v=True):
    if not compute_v:
        return np.linalg.eigvalsh(A, UPLO=UPLO), np.empty((0,), dtype=A.dtype)
    return tuple(np.linalg.eigh(A, UPLO=UPLO))


def _eigh_grad(grads, out):
    gL, gV = grads
    L, V = out
    if gL is None and gV is None:
        return None
    if gV is None:
        return matmul(V * unsqueeze_dim(gL, dim=gL.ndim - 1), mT(V))
    VhgV = matmul(mT(V), gV)
    # the projection onto the tangent space of the orthogonal group: the skew part
    VhgV = 0.5 * (VhgV - mT(VhgV))
    n = L.shape[-1]
    E = (unsqueeze_dim(L, dim=L.ndim - 1) - unsqueeze_dim(L, dim=L.ndim)
         + eye(n, dtype=L.dtype))
    inner = VhgV / E
    if gL is not None:
        inner = inner + diag_embed(gL)
    return matmul(V, matmul(inner, mT(V)))


eigh_op.defvjp(_eigh_grad)


def eigh(A, UPLO='L', *, out=None):
    """Matches `torch.linalg.eigh`."""
    from ember.return_types import linalg_eigh
    return write_out('_linalg_eigh', linalg_eigh(eigh_op(A, UPLO=UPLO)), out)


def eigvalsh(A, UPLO='L', *, out=None):
    """Matches `torch.linalg.eigvalsh`."""
    values = eigh_op(A, UPLO=UPLO, compute_v=_needs_grad(A))[0]
    return write_out('_linalg_eigh', values, out)

