"""Tensor methods: matrix products and linear algebra."""


class LinalgMethods:
    """Matrix products and linear algebra."""

    __slots__ = ()

    # --- fused products --------------------------------------------------------------------

    def addmm(self, mat1, mat2, *, beta=1, alpha=1):
        return _products.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def addmm_(self, mat1, mat2, *, beta=1, alpha=1):
        return _products.addmm_(self, mat1, mat2, beta=beta, alpha=alpha)

    def addmv(self, mat, vec, *, beta=1, alpha=1):
        return _products.addmv(self, mat, vec, beta=beta, alpha=alpha)

    def addmv_(self, mat, vec, *, beta=1, alpha=1):
        return _products.addmv_(self, mat, vec, beta=beta, alpha=alpha)

    def addr(self, vec1, vec2, *, beta=1, alpha=1):
        return _products.addr(self, vec1, vec2, beta=beta, alpha=alpha)

    def addr_(self, vec1, vec2, *, beta=1, alpha=1):
        return _products.addr_(self, vec1, vec2, beta=beta, alpha=alpha)

    def baddbmm(self, batch1, batch2, *, beta=1, alpha=1):
        return _products.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def baddbmm_(self, batch1, batch2, *, beta=1, alpha=1):
        return _products.baddbmm_(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm(self, batch1, batch2, *, beta=1, alpha=1):
        return _products.addbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm_(self, batch1, batch2, *, beta=1, alpha=1):
        return _products.addbmm.inplace(self, batch1, batch2, beta=beta, alpha=alpha)

    # --- other products --------------------------------------------------------------------

    def vdot(self, other):
        return _products.vdot(self, other)

    def inner(self, other):
        return _products.inner(self, other)

    def ger(self, vec2):
        return _products.ger(self, vec2)

    def kron(self, other):
        return _products.kron(self, other)

    def cross(self, other, dim=None):
        return _geometry.cross(self, other, dim)

    # --- matrix functions and decompositions -----------------------------------------------

    def det(self):
        return _solve.det(self)

    def logdet(self):
        return _solve.logdet(self)

    def slogdet(self):
        return _solve.slogdet_legacy(self)

    def inverse(self):
        return _solve.inverse(self)

    def cholesky(self, upper=False):
        return _cholesky.cholesky_legacy(self, upper)

    def cholesky_inverse(self, upper=False):
        return _cholesky.cholesky_inverse(self, upper)

    def cholesky_solve(self, input2, upper=False):
        return _cholesky.cholesky_solve(self, input2, upper)

    def matrix_power(self, n):
        return _solve.matrix_power(self, n)

    def pinverse(self, rcond=1e-15):
        return _pinv.pinverse(self, rcond)

    def svd(self, some=True, compute_uv=True):
        return _decompositions.svd(self, some, compute_uv)

    def qr(self, some=True):
        return _decompositions.qr(self, some)


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
    global _products, _geometry, _solve, _cholesky, _pinv, _decompositions
    from ember.ops import decompositions as _decompositions
    from ember.ops import linalg_cholesky as _cholesky
    from ember.ops import linalg_geometry as _geometry
    from ember.ops import linalg_pinv as _pinv
    from ember.ops import linalg_products as _products
    from ember.ops import linalg_solve as _solve
