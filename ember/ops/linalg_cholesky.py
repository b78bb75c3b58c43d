"""Cholesky factorisations and what builds on them: linalg.cholesky(_ex), torch.cholesky,
cholesky_inverse and cholesky_solve. Inputs that are not positive-definite raise
torch.linalg.LinAlgError as torch does (Note [LAPACK info] in linalg_common.py)."""

import warnings

import numpy as np

from ember._tensor import legacy_type_name
from ember.ops._primitive import primitive
from ember.ops.diagonal import tril
from ember.ops.linalg import matmul
from ember.ops.linalg_common import (check_floating, check_lapack_dtype, check_square,
                                     cholesky_lower, mT, raise_for_info, write_out)
from ember.ops.linalg_solve import solve_triangular


def _cholesky_arrays(A, upper):
    source = np.swapaxes(A, -1, -2) if upper else A
    L, info = cholesky_lower(source)
    if not np.any(info):
        try:
            L = np.linalg.cholesky(source)
        except np.linalg.LinAlgError:
            pass  # a borderline input LAPACK rejects: keep ember's own factor
    return (np.swapaxes(L, -1, -2) if upper else L), info


def _check_cholesky(A, *, upper=False, check_errors=False):
    check_square(A, 'linalg.cholesky')
    check_floating(A, 'linalg.cholesky')
    check_lapack_dtype(A, 'cholesky_cpu')


@primitive(check=_check_cholesky, outputs=2, differentiable_outputs=(0,),
           name='linalg_cholesky_ex', node_name='LinalgCholeskyExBackward0')
def cholesky_ex_op(xp, A, *, upper=False, check_errors=False):
    L, info = _cholesky_arrays(A, upper)
    if check_errors:
        raise_for_info(info, 'linalg.cholesky_ex', 'cholesky')
    return L, info


def _cholesky_backward(grad, L, upper):
    if upper:
        L, grad = mT(L), mT(grad)
    # tril(L^H gL) is what the projection onto lower-triangular matrices keeps
    gA = tril(matmul(mT(L), grad))
    gA = 0.5 * (gA + mT(tril(gA, -1)))
    gA = solve_triangular(mT(L), gA, upper=True, left=True)
    return solve_triangular(L, gA, upper=False, left=False)


def _cholesky_ex_grad(grads, out, upper):
    return _cholesky_backward(grads[0], out[0], upper)


cholesky_ex_op.defvjp(_cholesky_ex_grad)


def cholesky_ex(A, *, upper=False, check_errors=False, out=None):
    """Matches `torch.linalg.cholesky_ex`."""
    from ember.return_types import linalg_cholesky_ex
    result = linalg_cholesky_ex(cholesky_ex_op(A, upper=upper, check_errors=check_errors))
    return write_out('linalg_cholesky_ex', result, out)


def cholesky(A, *, upper=False, out=None):
    """Matches `torch.linalg.cholesky`."""
    L, info = cholesky_ex_op(A, upper=upper)
    raise_for_info(info._data, 'linalg.cholesky', 'cholesky')
    return write_out('linalg_cholesky_ex', L, out)


def _check_cholesky_legacy(input, *, upper=False):
    check_square(input, 'cholesky')
    check_lapack_dtype(input, 'cholesky_cpu')
    if input._data.dtype.kind not in 'fc':
        raise NotImplementedError(f'"cholesky_cpu" not implemented for '
                                  f"'{legacy_type_name(input.dtype)}'")


@primitive(check=_check_cholesky_legacy, name='cholesky', node_name='CholeskyBackward0')
def cholesky_legacy_op(xp, input, *, upper=False):
    L, info = _cholesky_arrays(input, upper)
    raise_for_info(info, 'cholesky', 'cholesky')
    return L


def _cholesky_legacy_grad(grad, out, upper):
    return _cholesky_backward(grad, out, upper)


cholesky_legacy_op.defvjp(_cholesky_legacy_grad)

_CHOLESKY_DEPRECATION = (
    "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a "
    "future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\nL = "
    "torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\nshould be replaced "
    "with\nU = torch.linalg.cholesky(A).mH\nThis transform will produce equivalent results for "
    "all valid (symmetric positive definite) inputs.")


def cholesky_legacy(input, upper=False, *, out=None):
    """Matches `torch.cholesky` (deprecated there, with the same warning)."""
    warnings.warn(_CHOLESKY_DEPRECATION, UserWarning, stacklevel=2)
    return write_out('cholesky', cholesky_legacy_op(input, upper=upper), out)


# --- cholesky_inverse and cholesky_solve -----------------------------------------------------

def _gram(factor, upper):
    """The matrix a Cholesky factor factors: L Lᴴ, or Uᴴ U when `upper` (its triangle only)."""
    if upper:
        U = np.triu(factor)
        return np.swapaxes(U, -1, -2) @ U
    L = np.tril(factor)
    return L @ np.swapaxes(L, -1, -2)


def _check_cholesky_inverse(input, *, upper=False):
    check_square(input, 'cholesky_inverse')
    if input._data.dtype.kind not in 'fc' or input._data.dtype == np.float16:
        raise NotImplementedError(f'"cholesky_inverse_out_cpu" not implemented for '
                                  f"'{legacy_type_name(input.dtype)}'")


@primitive(check=_check_cholesky_inverse, name='cholesky_inverse',
           node_name='CholeskyInverseBackward0')
def cholesky_inverse_op(xp, input, *, upper=False):
    zero = np.diagonal(input, 0, -2, -1) == 0
    if zero.shape[-1]:
        # LAPACK's potri reports the first zero on the factor's diagonal
        info = np.where(np.any(zero, axis=-1), np.argmax(zero, axis=-1) + 1, 0)
        raise_for_info(info, 'cholesky_inverse', 'inv')
    return np.linalg.inv(_gram(input, upper))


def _cholesky_inverse_grad(grad, out, input, upper):
    common = matmul(out, matmul(grad + mT(grad), out))
    return -matmul(input, common) if upper else -matmul(common, input)


cholesky_inverse_op.defvjp(_cholesky_inverse_grad)


def cholesky_inverse(L, upper=False, *, out=None):
    """Matches `torch.cholesky_inverse`."""
    return write_out('cholesky_inverse', cholesky_inverse_op(L, upper=upper), out)


def _check_cholesky_solve(input, input2, *, upper=False):
    for name, x in (('b', input), ('u', input2)):
        if x.ndim < 2:
            raise RuntimeError(f"{name} should have at least 2 dimensions, but has {x.ndim} "
                               "dimensions instead")
    if input._data.dtype != input2._data.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                           f"{legacy_type_name(input.dtype)} and A of type "
                           f"{legacy_type_name(input2.dtype)} instead.")
    check_square(input2, None)
    rows, cols = input2.shape[-2:]
    if input.shape[-2] != rows:
        raise RuntimeError(f"Incompatible matrix sizes for cholesky_solve: each A matrix is "
                           f"{rows} by {cols} but each b matrix is {input.shape[-2]} by "
                           f"{input.shape[-1]}")
    from ember.ops.broadcast import broadcast_pair
    broadcast_pair(tuple(input.shape[:-2]), tuple(input2.shape[:-2]))
    if input._data.dtype.kind not in 'fc' or input._data.dtype == np.float16:
        raise NotImplementedError(f'"cholesky_solve_cpu" not implemented for '
                                  f"'{legacy_type_name(input.dtype)}'")


@primitive(check=_check_cholesky_solve, name='cholesky_solve',
           node_name='CholeskySolveBackward0')
def cholesky_solve_op(xp, input, input2, *, upper=False):
    gram = _gram(input2, upper)
    batch = np.broadcast_shapes(input.shape[:-2], gram.shape[:-2])
    gram = np.broadcast_to(gram, batch + gram.shape[-2:])
    rhs = np.broadcast_to(input, batch + input.shape[-2:])
    with np.errstate(all='ignore'):
        try:
            return np.linalg.solve(gram, rhs)
        except np.linalg.LinAlgError:
            # a singular factor: torch's triangular solves give NaN, and raise nothing
            return np.full(np.broadcast_shapes(rhs.shape, batch + (gram.shape[-1], 1)), np.nan,
                           dtype=input.dtype)


def _cholesky_solve_input_grad(grad, input2, upper):
    return cholesky_solve_op(grad, input2, upper=upper)


def _cholesky_solve_input2_grad(grad, out, input2, upper):
    common = matmul(cholesky_solve_op(grad, input2, upper=upper), mT(out))
    common = common + mT(common)
    return -matmul(input2, common) if upper else -matmul(common, input2)


cholesky_solve_op.defvjp(_cholesky_solve_input_grad, _cholesky_solve_input2_grad)


def cholesky_solve(B, L, upper=False, *, out=None):
    """Matches `torch.cholesky_solve`."""
    return write_out('cholesky_solve', cholesky_solve_op(B, L, upper=upper), out)
