"""What the linear-algebra modules share: torch's input checks and LinAlgError reports, LU and
Cholesky factorisations that report LAPACK's `info`, and small matrix helpers used by the
derivative formulas.

Note [LAPACK info]
torch reports a singular or non positive-definite input by the `info` LAPACK returns: the
1-based index of the first zero pivot of the LU factorisation (getrf), or the order of the
first leading minor that is not positive-definite (potrf). NumPy only says that a matrix is
singular, so the factorisations below are written out, batched over leading dims, in the
input's dtype and with LAPACK's pivot choice (the first largest magnitude in the column), so
that the reported index is the one torch reports.
"""
import numpy as np

from ember._tensor import legacy_type_name
from ember.ops import shape as _shape


# --- input checks ----------------------------------------------------------------------------

def check_is_matrix(A, name, arg='A'):
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor {arg} must have at least 2 dimensions.")


def check_square(A, name, arg='A'):
    """torch's squareCheckInputs; `name` None for the messages that name no function."""
    check_is_matrix(A, name, arg)
    rows, cols = A.shape[-2:]
    if rows != cols:
        prefix = '' if name is None else f'{name}: '
        raise RuntimeError(f"{prefix}{arg} must be batches of square matrices, but they are "
                           f"{rows} by {cols} matrices")


def check_floating(A, name, low_precision=True):
    """torch's checkFloatingOrComplex; `low_precision` False also rejects float16."""
    kind = A._data.dtype.kind
    if kind not in 'fc':
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got "
                           f"{legacy_type_name(A.dtype)}")
    if not low_precision and A._data.dtype == np.float16:
        raise RuntimeError(f"{name}: Low precision dtypes not supported. Got Half")


def check_lapack_dtype(A, kernel):
    """The error torch's CPU kernels raise for float16, which LAPACK does not support."""
    if A._data.dtype == np.float16:
        raise NotImplementedError(f'"{kernel}" not implemented for \'Half\'')


def check_same_dtype(A, B, name):
    if A._data.dtype != B._data.dtype:
        raise RuntimeError(f"{name}: Expected A and B to have the same dtype, but found A of "
                           f"type {legacy_type_name(A.dtype)} and B of type "
                           f"{legacy_type_name(B.dtype)} instead")


def format_scalar(value):
    """A number as torch's C++ messages print it (C++ stream formatting: 2, 2.5, inf)."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    value = float(value)
    if value != value:
        return 'nan'
    if value in (float('inf'), float('-inf')):
        return 'inf' if value > 0 else '-inf'
    return f'{value:g}'


# --- LinAlgError -----------------------------------------------------------------------------

def linalg_error(message):
    """torch.linalg.LinAlgError(message); imported late since ember.linalg imports the ops."""
    from ember.linalg import LinAlgError
    return LinAlgError(message)


def raise_for_info(info, api_name, kind):
    """torch's _linalg_check_errors: raise for the first batch element with a nonzero info.

    `kind` names what the info reports: 'inv' (a zero pivot), 'solve' (a singular matrix),
    'cholesky' (a leading minor that is not positive-definite)."""
    info = np.asarray(info)
    failed = np.flatnonzero(info.reshape(-1))
    if failed.size == 0:
        return
    first = int(failed[0])
    code = int(info.reshape(-1)[first])
    batch = f"(Batch element {first}): " if info.ndim > 0 else ''
    if kind == 'inv':
        detail = (f"The diagonal element {code} is zero, the inversion could not be completed "
                  "because the input matrix is singular.")
    elif kind == 'solve':
        detail = "The solver failed because the input matrix is singular."
    else:
        detail = ("The factorization could not be completed because the input is not "
                  f"positive-definite (the leading minor of order {code} is not "
                  "positive-definite).")
    raise linalg_error(f"{api_name}: {batch}{detail}")


# --- factorisations reporting LAPACK's info (Note [LAPACK info]) -----------------------------

def _count(batch):
    count = 1
    for size in batch:
        count *= size
    return count


def lu_factor(a):
    """getrf on each matrix of `a` (..., n, n): U's diagonal, the sign of the row permutation,
    and `info` (0, or the first zero pivot, 1-based)."""
    n = a.shape[-1]
    batch = a.shape[:-2]
    work = np.array(a, copy=True).reshape((_count(batch), n, n))
    info = np.zeros(work.shape[0], dtype=np.int32)
    sign = np.ones(work.shape[0], dtype=a.dtype)
    rows = np.arange(work.shape[0])
    for j in range(n):
        pivot_rows = j + np.argmax(np.abs(work[:, j:, j]), axis=1)
        sign[pivot_rows != j] *= -1
        pivots = work[rows, pivot_rows, j]
        zero = pivots == 0
        info[zero & (info == 0)] = j + 1
        swapped = work[rows, pivot_rows].copy()
        work[rows, pivot_rows] = work[:, j]
        work[:, j] = swapped
        # a zero pivot means a zero column below it: nothing to eliminate
        scale = np.where(zero, 0, 1 / np.where(zero, 1, pivots)).astype(work.dtype)
        multipliers = work[:, j + 1:, j] * scale[:, None]
        work[:, j + 1:, j + 1:] -= multipliers[:, :, None] * work[:, j, None, j + 1:]
    diagonal = np.diagonal(work, 0, -2, -1).reshape(batch + (n,))
    return diagonal, sign.reshape(batch), info.reshape(batch)


def lu_info(a):
    """getrf's info for each matrix of `a`."""
    return lu_factor(a)[2]


def cholesky_lower(a):
    """potrf on the lower triangle of each matrix of `a`: (L, info). Where info is nonzero, L
    holds LAPACK's partial result: the failing diagonal entry unsquared, later columns as
    they were in the input."""
    n = a.shape[-1]
    batch = a.shape[:-2]
    work = np.tril(np.array(a, copy=True)).reshape((_count(batch), n, n))
    info = np.zeros(work.shape[0], dtype=np.int32)
    for j in range(n):
        active = info == 0
        diagonal = work[:, j, j] - np.sum(work[:, j, :j] ** 2, axis=1)
        failed = active & ~(diagonal > 0)
        info[failed] = j + 1
        active = active & ~failed
        work[failed, j, j] = diagonal[failed]
        root = np.sqrt(np.where(active, diagonal, 1)).astype(work.dtype)
        work[active, j, j] = root[active]
        below = work[:, j + 1:, j] - np.einsum('bik,bk->bi', work[:, j + 1:, :j], work[:, j, :j])
        work[active, j + 1:, j] = (below / root[:, None])[active]
    return work.reshape(batch + (n, n)), info.reshape(batch)


# --- helpers for derivative formulas ---------------------------------------------------------

def mT(x):
    """The matrix transpose `x.mT` (for real tensors also `x.mH`)."""
    return _shape.transpose_dims(x, dim0=x.ndim - 2, dim1=x.ndim - 1)


_EPSILON = {np.dtype(np.float32): float(np.finfo(np.float32).eps),
            np.dtype(np.float64): float(np.finfo(np.float64).eps),
            np.dtype(np.float16): float(np.finfo(np.float16).eps)}


def epsilon(x):
    """The machine epsilon of a floating-point tensor's dtype."""
    return _EPSILON[x.dtype.np]


def write_out(name, result, out):
    """A composite's result written into `out=` (a tensor, or a sequence for tuple results)."""
    if out is None:
        return result
    from ember.autograd.grad_mode import is_grad_enabled
    from ember.ops._views import copy_into
    results = result if isinstance(result, tuple) else (result,)
    outs = tuple(out) if isinstance(out, (tuple, list)) else (out,)
    if is_grad_enabled() and any(x.requires_grad for x in results + outs):
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    for target, value in zip(outs, results):
        copy_into(target, value)
    return out


def copy_out(result, out):
    """A composite's result copied into `out=`, as torch's composites do (no autograd check)."""
    if out is None:
        return result
    from ember.ops._views import copy_into
    copy_into(out, result)
    return out
