"""The pseudoinverse and least squares: linalg.pinv (and torch.pinverse) and linalg.lstsq."""

import numpy as np

from ember._tensor import Tensor, legacy_type_name
from ember.ops._primitive import primitive
from ember.ops.linalg import matmul
from ember.ops.linalg_common import mT, write_out
from ember.ops.shape import squeeze_dim, unsqueeze_dim

_DEFAULT_RCOND = object()   # rtol's default: eps * max(rows, cols)


# --- pinv ------------------------------------------------------------------------------------

def _check_pinv(A, *, atol, rtol, hermitian):
    if A._data.dtype not in (np.float32, np.float64) or A.ndim < 2:
        raise RuntimeError(f"linalg.pinv({legacy_type_name(A.dtype)}{{{list(A.shape)}}}): "
                           "expected a tensor with 2 or more dimensions of float, double, cfloat "
                           "or cdouble types")


def _tolerance(value):
    """A tolerance (a number or a tensor broadcasting over the batch) as a float64 array."""
    return np.asarray(value.detach().numpy() if isinstance(value, Tensor) else value,
                      dtype=np.float64)


@primitive(check=_check_pinv, name='linalg_pinv', node_name='LinalgPinvBackward0')
def pinv_op(xp, A, *, atol, rtol, hermitian):
    m, n = A.shape[-2:]
    if A.size == 0:
        return np.zeros(A.shape[:-2] + (n, m), dtype=A.dtype)
    if hermitian:
        S, U = np.linalg.eigh(A)
        V = U
        magnitude = np.abs(S)
        largest = np.max(magnitude, axis=-1, keepdims=True)
    else:
        U, S, Vh = np.linalg.svd(A, full_matrices=False)
        V = np.swapaxes(Vh, -1, -2)
        magnitude = S
        largest = S[..., :1]
    if rtol is _DEFAULT_RCOND:
        rtol = np.where(atol > 0, 0.0, float(np.finfo(A.dtype).eps) * max(m, n))
    tol = np.maximum(atol[..., None], rtol[..., None] * largest)
    inverse = np.where(magnitude > tol, 1 / np.where(S == 0, 1, S), 0).astype(A.dtype)
    return (V * inverse[..., None, :]) @ np.swapaxes(U, -1, -2)


def pinv_backward(grad, pinvA, A):
    """The gradient of pinv(A) (Golub and Pereyra), arranged to form the smallest matrices."""
    m, n = A.shape[-2:]
    pinvA_h, grad_h = mT(pinvA), mT(grad)
    if m <= n:
        K = matmul(grad_h, pinvA)
        K_pinvA_h = matmul(K, pinvA_h)
        return (-mT(matmul(pinvA, K)) + K_pinvA_h - matmul(matmul(A, pinvA), K_pinvA_h)
                + matmul(matmul(pinvA_h, pinvA), grad_h - matmul(K, A)))
    K = matmul(pinvA, grad_h)
    pinvA_h_K = matmul(pinvA_h, K)
    return (-mT(matmul(K, pinvA)) + matmul(matmul(grad_h - matmul(A, K), pinvA), pinvA_h)
            + pinvA_h_K - matmul(matmul(pinvA_h_K, pinvA), A))


def _pinv_grad(grad, out, A):
    return pinv_backward(grad, out, A)


pinv_op.defvjp(_pinv_grad)


def pinv(A, rcond=None, hermitian=False, *, atol=None, rtol=None, out=None):
    """Matches `torch.linalg.pinv`, including its (A, rcond, hermitian) form."""
    if rcond is not None:
        atol, rtol = 0.0, rcond
    atol = _tolerance(0.0 if atol is None else atol)
    rtol = _DEFAULT_RCOND if rtol is None else _tolerance(rtol)
    result = pinv_op(A, atol=atol, rtol=rtol, hermitian=hermitian)
    return write_out('linalg_pinv', result, out)


def pinverse(input, rcond=1e-15):
    """Matches `torch.pinverse`."""
    return pinv_op(input, atol=_tolerance(0.0), rtol=_tolerance(rcond), hermitian=False)


# --- lstsq -----------------------------------------------------------------------------------

_DRIVERS = ('gels', 'gelsy', 'gelsd', 'gelss')


def _check_lstsq(A, B, *, rcond=None, driver=None):
    if A.ndim < 2:
        raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    if B.ndim < 1:
        raise RuntimeError("torch.linalg.lstsq: other must have at least 1 dimension.")
    if A._data.dtype != B._data.dtype:
        raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same "
                           f"dtype, but got input's dtype {legacy_type_name(A.dtype)} and "
                           f"other's dtype {legacy_type_name(B.dtype)}")
    difference = A.ndim - B.ndim
    if not 0 <= difference <= 1:
        raise RuntimeError("torch.linalg.lstsq: input.dim() must be greater or equal to "
                           "other.dim() and (input.dim() - other.dim()) <= 1")
    vector = _is_vector_rhs(A, B)
    if A.shape[-2] != (B.shape[-1] if vector else B.shape[-2]):
        other = 'other.size(-1)' if vector else 'other.size(-2)'
        raise RuntimeError(f"torch.linalg.lstsq: input.size(-2) should match {other}")
    # NOTE: torch broadcasts the batch dims of a B one dim short of A as if B were vectors,
    #       even where it is not (then torch's results are malformed; ember's are B's as matrices)
    from ember.ops.broadcast import broadcast_pair
    b_batch = B.shape[:-1] if difference else B.shape[:-2]
    broadcast_pair(tuple(A.shape[:-2]), tuple(b_batch))
    if driver is not None and driver not in _DRIVERS:
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (gels, "
                           "gelsy, gelsd, gelss)")
    if A._data.dtype not in (np.float32, np.float64):
        raise RuntimeError("This function doesn't handle types other than float and double")


@primitive(check=_check_lstsq, outputs=4, differentiable_outputs=(0, 1), name='linalg_lstsq',
           node_name='LinalgLstsqBackward0')
def lstsq_op(xp, A, B, *, rcond=None, driver=None):
    driver = driver or 'gelsy'
    vector = _is_vector_rhs(A, B)
    B = B[..., None] if vector else B
    m, n = A.shape[-2:]
    k = B.shape[-1]
    if rcond is None:
        rcond = float(np.finfo(A.dtype).eps) * max(m, n)
    # NOTE: the rank and singular values are A's own, whatever batch B broadcasts it to
    singular = np.linalg.svd(A, compute_uv=False)
    largest = singular[..., :1] if min(m, n) else np.zeros(A.shape[:-2] + (1,), A.dtype)
    ranks = np.sum(singular > rcond * largest, axis=-1, dtype=np.int64)
    batch = np.broadcast_shapes(A.shape[:-2], B.shape[:-2])
    A_all = np.broadcast_to(A, batch + (m, n)).reshape((-1, m, n))
    B_all = np.broadcast_to(B, batch + (m, k)).reshape((-1, m, k))
    solution = np.zeros((A_all.shape[0], n, k), dtype=A.dtype)
    for i in range(A_all.shape[0]):
        solution[i] = np.linalg.lstsq(A_all[i], B_all[i], rcond=rcond)[0]
    empty = np.zeros((0,), dtype=A.dtype)
    residuals = empty
    full_rank = driver not in ('gelsd', 'gelss') or np.all(ranks == n)
    if m > n and driver != 'gelsy' and full_rank:
        misfit = A_all @ solution - B_all
        residuals = np.sum(misfit * misfit, axis=-2).reshape(batch + (k,))
    solution = solution.reshape(batch + (n, k))
    return (solution[..., 0] if vector else solution, residuals,
            np.zeros((0,), dtype=np.int64) if driver == 'gels' else ranks,
            singular if driver in ('gelsd', 'gelss') else empty)


def _is_vector_rhs(A, B):
    from ember.ops.linalg_solve import is_vector_rhs
    return is_vector_rhs(A, B)


def _lstsq_parts(A, B, X):
    vector = _is_vector_rhs(A, B)
    if vector:
        return unsqueeze_dim(B, dim=B.ndim), unsqueeze_dim(X, dim=X.ndim), True
    return B, X, False


def _lstsq_A_grad(grads, out, A, B):
    gX, gL = grads[:2]
    B, X, vector = _lstsq_parts(A, B, out[0])
    grad = None
    if gX is not None:
        gX = unsqueeze_dim(gX, dim=gX.ndim) if vector else gX
        grad = pinv_backward(matmul(gX, mT(B)), pinv(A), A)
    if gL is not None and gL.numel():
        residual = matmul(A, X) - B
        from_residuals = 2 * matmul(unsqueeze_dim(gL, dim=gL.ndim - 1) * residual, mT(X))
        grad = from_residuals if grad is None else grad + from_residuals
    return grad


def _lstsq_B_grad(grads, out, A, B):
    gX, gL = grads[:2]
    B, X, vector = _lstsq_parts(A, B, out[0])
    grad = None
    if gX is not None:
        gX = unsqueeze_dim(gX, dim=gX.ndim) if vector else gX
        grad = matmul(mT(pinv(A)), gX)
    if gL is not None and gL.numel():
        residual = matmul(A, X) - B
        from_residuals = -2 * unsqueeze_dim(gL, dim=gL.ndim - 1) * residual
        grad = from_residuals if grad is None else grad + from_residuals
    if grad is not None and vector:
        grad = squeeze_dim(grad, dim=grad.ndim - 1)
    return grad


lstsq_op.defvjp(_lstsq_A_grad, _lstsq_B_grad)


def lstsq(A, B, rcond=None, *, driver=None):
    """Matches `torch.linalg.lstsq` (the default driver is 'gelsy', as on torch's CPU)."""
    from ember.return_types import linalg_lstsq
    return linalg_lstsq(lstsq_op(A, B, rcond=rcond, driver=driver))
