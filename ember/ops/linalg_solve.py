"""Inverses, determinants and linear solvers: linalg.inv(_ex), det, slogdet, logdet, solve,
solve_triangular and matrix_power. Singular inputs raise torch.linalg.LinAlgError as torch does
(Note [LAPACK info] in linalg_common.py)."""

import numpy as np

from ember._creation import eye, ones_like
from ember._tensor import legacy_type_name
from ember.autograd.grad_mode import is_grad_enabled
from ember.ops._primitive import primitive
from ember.ops.comparison import eq, lt
from ember.ops.diagonal import diag_embed, tril, triu
from ember.ops.indexing import copy_
from ember.ops.joining import stack, unbind
from ember.ops.linalg import matmul
from ember.ops.linalg_common import (check_floating, check_is_matrix, check_lapack_dtype,
                                     check_same_dtype, check_square, epsilon, lu_factor, lu_info,
                                     mT, raise_for_info, write_out)
from ember.ops.pointwise import abs, where
from ember.ops.shape import clone, expand, squeeze_dim, unsqueeze_dim


def _batched(solver, *arrays, failed):
    """`solver` applied to the matrices where `failed` (a batch mask) is False, NaN where it is
    True: NumPy refuses a whole batch when one matrix in it is singular."""
    if not np.any(failed):
        return solver(*arrays)
    batch = np.broadcast_shapes(*(a.shape[:-2] for a in arrays))
    arrays = [np.broadcast_to(a, batch + a.shape[-2:]) for a in arrays]
    good = ~np.broadcast_to(failed, batch)
    shape = batch + (arrays[0].shape[-2], arrays[-1].shape[-1])
    result = np.full(shape, np.nan, dtype=arrays[-1].dtype)
    if np.any(good):
        result[good] = solver(*(a[good] for a in arrays))
    return result


# --- inverse ---------------------------------------------------------------------------------

def _check_inv(A, *, check_errors=False):
    check_square(A, 'linalg.inv')
    check_floating(A, 'linalg.inv', low_precision=False)


@primitive(check=_check_inv, outputs=2, differentiable_outputs=(0,), name='linalg_inv_ex',
           node_name='LinalgInvExBackward0')
def inv_ex_op(xp, A, *, check_errors=False):
    info = lu_info(A)
    if check_errors:
        raise_for_info(info, 'linalg.inv_ex', 'inv')
    # NOTE: a singular matrix's "inverse" is NaN; torch leaves LAPACK's partial result there
    return _batched(np.linalg.inv, A, failed=info != 0), info


def _inv_grad(grads, out):
    inverse_h = mT(out[0])
    return -matmul(inverse_h, matmul(grads[0], inverse_h))


inv_ex_op.defvjp(_inv_grad)


def inv_ex(A, *, check_errors=False, out=None):
    """Matches `torch.linalg.inv_ex`."""
    from ember.return_types import linalg_inv_ex
    result = linalg_inv_ex(inv_ex_op(A, check_errors=check_errors))
    return write_out('linalg_inv_ex', result, out)


def inv(A, *, out=None):
    """Matches `torch.linalg.inv`."""
    inverse, info = inv_ex_op(A)
    raise_for_info(info._data, 'linalg.inv', 'inv')
    return write_out('linalg_inv_ex', inverse, out)


def inverse(input, *, out=None):
    """Matches `torch.inverse`."""
    return inv(input, out=out)


# --- determinants ----------------------------------------------------------------------------

def _determinant_lu(A):
    """The LU factors torch takes determinants from.

    NOTE: ember's own LU rather than np.linalg.det, so that a singular matrix gets the exactly
    zero determinant torch gives it where LAPACK meets a zero pivot (its gradient depends on
    it); and, as torch, of the transpose of a contiguous matrix, which LAPACK reads as is."""
    return lu_factor(np.swapaxes(A, -1, -2) if A.flags.c_contiguous else A)


def _check_det(A):
    check_square(A, 'linalg.det')
    check_floating(A, 'linalg.det')
    check_lapack_dtype(A, 'lu_cpu')


@primitive(check=_check_det, name='linalg_det', node_name='LinalgDetBackward0')
def det_op(xp, A):
    diagonal, sign, _ = _determinant_lu(A)
    return np.asarray(sign * np.prod(diagonal, axis=-1), dtype=A.dtype)[()]


def _products_of_others(S):
    """For each entry of the last dim, the product of the others, without dividing."""
    columns = unbind(S, -1)
    if len(columns) == 1:
        return ones_like(S)
    before, after = [ones_like(columns[0])], [ones_like(columns[0])]
    for column in columns[:-1]:
        before.append(before[-1] * column)
    for column in reversed(columns[1:]):
        after.append(after[-1] * column)
    return stack([b * a for b, a in zip(before, reversed(after))], -1)


def _det_grad_singular(grad, A):
    # the adjugate through an SVD, defined also where A is singular
    from ember.ops.decompositions import linalg_svd
    U, S, Vh = linalg_svd(A)
    alpha = det_op(U) * det_op(Vh) * grad
    D = unsqueeze_dim(alpha, dim=alpha.ndim) * _products_of_others(S)
    return matmul(U * unsqueeze_dim(D, dim=D.ndim - 1), Vh)


def _regular_det_grad(scale, A, singular, solver=None):
    """scale * A⁻ᵀ where A is regular; the matrices marked singular see the identity instead,
    and their (meaningless) result is left for the caller to replace."""
    n = A.shape[-1]
    selector = unsqueeze_dim(unsqueeze_dim(singular, dim=singular.ndim), dim=singular.ndim + 1)
    safe = where(selector, eye(n, dtype=A.dtype), A)
    scaled = diag_embed(expand(unsqueeze_dim(scale, dim=scale.ndim), scale.shape + (n,)))
    if solver is not None:
        # without create_graph torch solves with its LU factors, which never raises
        return solver(mT(safe), scaled)[0], selector
    return solve(mT(safe), scaled), selector


def _det_grad(grad, out, A):
    if A.numel() == 0:
        return expand(unsqueeze_dim(unsqueeze_dim(grad, dim=grad.ndim), dim=grad.ndim + 1),
                      A.shape)
    scale = grad * out
    if not is_grad_enabled():
        # NOTE: torch then solves with A's LU factors, a zero pivot replaced by eps: the
        # gradient is 0 where the determinant is exactly 0 (not the adjugate, which it gives
        # when differentiating twice)
        regular, zero = _regular_det_grad(scale, A, eq(out, 0), solve_ex_op)
        return where(zero, 0, regular)
    singular = lt(abs(out), 100 * epsilon(A))
    count = int(singular.sum().item())
    if count == 0:
        return _regular_det_grad(scale, A, singular)[0]
    adjugate = _det_grad_singular(grad, A)
    if count == singular.numel():
        return adjugate
    regular, selector = _regular_det_grad(scale, A, singular)
    return where(selector, adjugate, regular)


det_op.defvjp(_det_grad)


def det(A, *, out=None):
    """Matches `torch.linalg.det` (and `torch.det`)."""
    return write_out('_linalg_det', det_op(A), out)


def _check_slogdet(A):
    check_square(A, 'linalg.slogdet')
    check_floating(A, 'linalg.slogdet', low_precision=False)


@primitive(check=_check_slogdet, outputs=2, name='linalg_slogdet',
           node_name='LinalgSlogdetBackward0')
def slogdet_op(xp, A):
    diagonal, sign, _ = _determinant_lu(A)
    sign = sign * np.prod(np.sign(diagonal), axis=-1)
    with np.errstate(divide='ignore'):
        logabsdet = np.sum(np.log(np.abs(diagonal)), axis=-1)
    return (np.asarray(sign, dtype=A.dtype)[()], np.asarray(logabsdet, dtype=A.dtype)[()])


def _slogdet_grad(grads, A):
    g = grads[1]
    if g is None:
        return None
    n = A.shape[-1]
    scaled = diag_embed(expand(unsqueeze_dim(g, dim=g.ndim), g.shape + (n,)))
    if not is_grad_enabled():
        # torch then solves with its LU factors, which never raises (a singular A gives inf)
        return solve_ex_op(mT(A), scaled)[0]
    return solve(mT(A), scaled)


slogdet_op.defvjp(_slogdet_grad)


def slogdet(A, *, out=None):
    """Matches `torch.linalg.slogdet`."""
    from ember.return_types import linalg_slogdet
    return write_out('_linalg_slogdet', linalg_slogdet(slogdet_op(A)), out)


def slogdet_legacy(input, *, out=None):
    """Matches `torch.slogdet` (the same values as a torch.return_types.slogdet)."""
    from ember.return_types import slogdet as slogdet_type
    return write_out('_linalg_slogdet', slogdet_type(slogdet_op(input)), out)


def logdet(input):
    """Matches `torch.logdet`: NaN where the determinant is negative."""
    check_square(input, 'logdet')
    check_floating(input, 'logdet', low_precision=False)
    sign, logabsdet = slogdet_op(input)
    return where(eq(sign, -1.0), float('nan'), logabsdet)


# --- solve -----------------------------------------------------------------------------------

def is_vector_rhs(A, B):
    """torch's linalg_solve_is_vector_rhs: B is a (batch of) vector(s) rather than matrices."""
    return B.ndim == 1 or (A.ndim - 1 == B.ndim and tuple(B.shape) == tuple(A.shape[:-1]))


def check_solver_shapes(A, b_shape, left, name):
    """torch's checkInputsSolver, for B of shape `b_shape` (a batch of matrices)."""
    check_square(A, name)
    if len(b_shape) < 2:
        raise RuntimeError(f"{name}: The input tensor B must have at least 2 dimensions.")
    rows_a, cols_a = A.shape[-2:]
    rows_b, cols_b = b_shape[-2:]
    if (rows_a != rows_b) if left else (cols_a != cols_b):
        equation = 'AX = B' if left else 'XA = B'
        raise RuntimeError(f"{name}: Incompatible shapes of A and B for the equation {equation} "
                           f"({rows_a}x{cols_a} and {rows_b}x{cols_b})")


def _check_batch_broadcast(A, b_shape):
    from ember.ops.broadcast import broadcast_pair
    # torch broadcasts B's batch dims against A's, and names them in that order
    broadcast_pair(tuple(b_shape[:-2]), tuple(A.shape[:-2]))


def _check_solve(A, B, *, left=True, check_errors=False):
    check_floating(A, 'linalg.solve')
    check_same_dtype(A, B, 'linalg.solve')
    b_shape = tuple(B.shape) + (1,) if is_vector_rhs(A, B) else tuple(B.shape)
    check_solver_shapes(A, b_shape, left, 'linalg.solve')
    _check_batch_broadcast(A, b_shape)
    check_lapack_dtype(A, 'lu_cpu')


def solve_arrays(A, B, left, failed):
    """A⁻¹B (or BA⁻¹ when not `left`) for matrices B, NaN where `failed`."""
    if left:
        return _batched(np.linalg.solve, A, B, failed=failed)
    swapped = _batched(np.linalg.solve, np.swapaxes(A, -1, -2), np.swapaxes(B, -1, -2),
                       failed=failed)
    return np.swapaxes(swapped, -1, -2)


@primitive(check=_check_solve, outputs=2, differentiable_outputs=(0,), name='linalg_solve_ex',
           node_name='LinalgSolveExBackward0')
def solve_ex_op(xp, A, B, *, left=True, check_errors=False):
    info = lu_info(A)
    if check_errors:
        raise_for_info(info, 'torch.linalg.solve_ex', 'solve')
    vector = B.ndim == 1 or (A.ndim - 1 == B.ndim and B.shape == A.shape[:-1])
    matrix = B[..., None] if vector else B
    result = solve_arrays(A, matrix, left, info != 0)
    return (result[..., 0] if vector else result), info


def _solve_rhs_grad(grad, A, left):
    vector = is_vector_rhs(A, grad)
    matrix = unsqueeze_dim(grad, dim=grad.ndim) if vector else grad
    return solve(mT(A), matrix, left=left), vector


def _solve_A_grad(grads, out0, A, left):
    grad_b, vector = _solve_rhs_grad(grads[0], A, left)
    X = unsqueeze_dim(out0, dim=out0.ndim) if vector else out0
    return -matmul(grad_b, mT(X)) if left else -matmul(mT(X), grad_b)


def _solve_B_grad(grads, A, left):
    grad_b, vector = _solve_rhs_grad(grads[0], A, left)
    return squeeze_dim(grad_b, dim=grad_b.ndim - 1) if vector else grad_b


solve_ex_op.defvjp(_solve_A_grad, _solve_B_grad)


def solve(A, B, *, left=True, out=None):
    """Matches `torch.linalg.solve`."""
    result, info = solve_ex_op(A, B, left=left)
    raise_for_info(info._data, 'torch.linalg.solve', 'solve')
    return write_out('_linalg_solve_ex', result, out)


def solve_ex(A, B, *, left=True, check_errors=False, out=None):
    """Matches `torch.linalg.solve_ex`."""
    from ember import return_types
    return return_types.linalg_solve_ex(solve_ex_op(A, B, left=left, check_errors=check_errors))


def _check_solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    check_is_matrix(B, 'linalg.solve_triangular', 'B')
    check_solver_shapes(A, tuple(B.shape), left, 'linalg.solve_triangular')
    _check_batch_broadcast(A, tuple(B.shape))
    if A._data.dtype.kind not in 'fc' or A._data.dtype == np.float16:
        raise NotImplementedError(f'"triangular_solve_cpu" not implemented for '
                                  f"'{legacy_type_name(A.dtype)}'")


# NOTE: B is solved for in A's dtype, as torch does (it accepts B of another dtype)
@primitive(check=_check_solve_triangular, name='linalg_solve_triangular',
           node_name='LinalgSolveTriangularBackward0')
def solve_triangular_op(xp, A, B, *, upper, left=True, unitriangular=False):
    n = A.shape[-1]
    T = np.triu(A) if upper else np.tril(A)
    if unitriangular:
        T[..., np.arange(n), np.arange(n)] = 1
    failed = np.any(np.diagonal(T, 0, -2, -1) == 0, axis=-1)
    return solve_arrays(T, B.astype(A.dtype, copy=False), left, failed)


def _solve_triangular_rhs_grad(grad, A, upper, left, unitriangular):
    return solve_triangular(mT(A), grad, upper=not upper, left=left,
                            unitriangular=unitriangular)


def _solve_triangular_A_grad(grad, out, A, upper, left, unitriangular):
    grad_b = _solve_triangular_rhs_grad(grad, A, upper, left, unitriangular)
    grad_a = -matmul(grad_b, mT(out)) if left else -matmul(mT(out), grad_b)
    offset = int(unitriangular)
    return triu(grad_a, offset) if upper else tril(grad_a, -offset)


solve_triangular_op.defvjp(_solve_triangular_A_grad, _solve_triangular_rhs_grad)


def solve_triangular(A, B, *, upper, left=True, unitriangular=False, out=None):
    """Matches `torch.linalg.solve_triangular`."""
    result = solve_triangular_op(A, B, upper=upper, left=left, unitriangular=unitriangular)
    return write_out('linalg_solve_triangular', result, out)


# --- matrix_power ----------------------------------------------------------------------------

def matrix_power(A, n, *, out=None):
    """Matches `torch.linalg.matrix_power`: repeated squaring, the inverse for negative n."""
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"linalg_matrix_power(): argument 'n' (position 2) must be int, not "
                        f"{type(n).__name__}")
    check_square(A, 'linalg.matrix_power')
    if n == 0:
        # a copy of A overwritten by the identity, so that the result joins A's graph
        result = copy_.inplace(clone(A), eye(A.shape[-1], dtype=A.dtype))
        return write_out('matmul', result, out)
    if n == 1:
        return write_out('matmul', clone(A), out)
    if n == -1:
        return write_out('matmul', inv(A), out)
    a = inv(A) if n < 0 else A
    n = -n if n < 0 else n
    if n == 2:
        result = matmul(a, a)
    elif n == 3:
        result = matmul(matmul(a, a), a)
    else:
        square = result = None
        while n > 0:
            bit = n % 2
            n //= 2
            square = a if square is None else matmul(square, square)
            if bit:
                result = square if result is None else matmul(result, square)
    return write_out('matmul', result, out)
