"""ember.linalg: matches torch.linalg."""


class _LinAlgError(RuntimeError):
    """Matches `torch.linalg.LinAlgError`: raised for singular or non positive-definite input."""


# torch's class is torch._C._LinAlgError, exposed under this name
LinAlgError = _LinAlgError

# the ops raise LinAlgError, so they are imported after it
from ember.ops.decompositions import eigh, eigvalsh, svdvals  # noqa: E402
from ember.ops.decompositions import linalg_qr as qr  # noqa: E402
from ember.ops.decompositions import linalg_svd as svd  # noqa: E402
from ember.ops.linalg import matmul  # noqa: E402
from ember.ops.linalg_geometry import linalg_cross as cross  # noqa: E402
from ember.ops.linalg_norms import matrix_norm, norm, vector_norm  # noqa: E402
from ember.ops.linalg_pinv import lstsq, pinv  # noqa: E402
from ember.ops.linalg_products import multi_dot  # noqa: E402
from ember.ops.linalg_cholesky import cholesky, cholesky_ex  # noqa: E402
from ember.ops.linalg_solve import (det, inv, inv_ex, matrix_power, slogdet, solve,  # noqa: E402
                                    solve_ex, solve_triangular)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """Matches `torch.linalg.diagonal`."""
    from ember.ops.diagonal import diagonal as _diagonal
    return _diagonal(A, offset, dim1, dim2)


__all__ = ['LinAlgError', 'cholesky', 'cholesky_ex', 'cross', 'det', 'diagonal', 'eigh',
           'eigvalsh', 'inv', 'inv_ex', 'lstsq', 'matmul', 'matrix_norm', 'matrix_power',
           'multi_dot', 'norm', 'pinv', 'qr', 'slogdet', 'solve', 'solve_ex', 'solve_triangular', 'svd',
           'svdvals', 'vector_norm']
