"""Tensor methods: reductions, scans, sorting and selection."""


class ReductionMethods:
    """Reductions, scans, sorting and selection."""

    __slots__ = ()

    # --- reductions ------------------------------------------------------------------------

    def cov(self, *, correction=1, fweights=None, aweights=None):
        return _extras_stats.cov(self, correction=correction, fweights=fweights,
                                 aweights=aweights)

    def corrcoef(self):
        return _extras_stats.corrcoef(self)

    def renorm(self, p, dim, maxnorm):
        return _extras_stats.renorm(self, p, dim, maxnorm)

    def renorm_(self, p, dim, maxnorm):
        return _extras_stats.renorm_inplace(self, p, dim, maxnorm)

    def bincount(self, weights=None, minlength=0):
        return _extras_index.bincount(self, weights, minlength)

    def histc(self, bins=100, min=0, max=0):  # noqa: A002 - torch's names
        return _extras_index.histc(self, bins, min, max)

    def quantile(self, q, dim=None, keepdim=False, *, interpolation='linear'):
        return _extras_quantile.quantile(self, q, dim, keepdim, interpolation=interpolation)

    def nanquantile(self, q, dim=None, keepdim=False, *, interpolation='linear'):
        return _extras_quantile.nanquantile(self, q, dim, keepdim, interpolation=interpolation)

    def histogram(self, bins, *, range=None, weight=None, density=False):  # noqa: A002
        return _extras_index.histogram(self, bins, range=range, weight=weight, density=density)

    def sum_to_size(self, *size):
        return _extras_math.sum_to_size(self, *size)

    def prod(self, *args, **kwargs):
        return _reduction.prod(self, *args, **kwargs)

    def nansum(self, dim=None, keepdim=False, *, dtype=None):
        return _statistics.nansum(self, dim, keepdim, dtype=dtype)

    def nanmean(self, dim=None, keepdim=False, *, dtype=None):
        return _statistics.nanmean(self, dim, keepdim, dtype=dtype)

    def max(self, *args, **kwargs):
        return _reduction.max(self, *args, **kwargs)

    def min(self, *args, **kwargs):
        return _reduction.min(self, *args, **kwargs)

    def amax(self, dim=(), keepdim=False):
        return _reduction.amax(self, dim, keepdim)

    def amin(self, dim=(), keepdim=False):
        return _reduction.amin(self, dim, keepdim)

    def aminmax(self, *, dim=None, keepdim=False):
        return _reduction.aminmax(self, dim=dim, keepdim=keepdim)

    def argmax(self, dim=None, keepdim=False):
        return _reduction.argmax(self, dim, keepdim)

    def argmin(self, dim=None, keepdim=False):
        return _reduction.argmin(self, dim, keepdim)

    def all(self, dim=None, keepdim=False):
        return _reduction.all(self, dim, keepdim)

    def any(self, dim=None, keepdim=False):
        return _reduction.any(self, dim, keepdim)

    def count_nonzero(self, dim=None):
        return _reduction.count_nonzero(self, dim)

    # --- statistics ------------------------------------------------------------------------

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _statistics.var(self, dim, unbiased, keepdim, correction=correction)

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _statistics.std(self, dim, unbiased, keepdim, correction=correction)

    def norm(self, p='fro', dim=None, keepdim=False, dtype=None):
        return _statistics.norm(self, p, dim, keepdim, dtype=dtype)

    def logsumexp(self, dim, keepdim=False):
        return _statistics.logsumexp(self, dim, keepdim)

    # --- scans -----------------------------------------------------------------------------

    def cumsum(self, dim, *, dtype=None):
        return _scan.cumsum(self, dim, dtype=dtype)

    def cumsum_(self, dim, *, dtype=None):
        return _scan.cumsum_inplace(self, dim, dtype=dtype)

    def cumprod(self, dim, *, dtype=None):
        return _scan.cumprod(self, dim, dtype=dtype)

    def cumprod_(self, dim, *, dtype=None):
        return _scan.cumprod_inplace(self, dim, dtype=dtype)

    def cummax(self, dim):
        return _scan.cummax(self, dim)

    def cummin(self, dim):
        return _scan.cummin(self, dim)

    # --- sorting and selection -------------------------------------------------------------

    def sort(self, dim=-1, descending=False, *, stable=None):
        return _sorting.sort(self, dim, descending, stable=stable)

    def argsort(self, dim=-1, descending=False, *, stable=False):
        return _sorting.argsort(self, dim, descending, stable=stable)

    def msort(self):
        return _sorting.msort(self)

    def topk(self, k, dim=-1, largest=True, sorted=True):
        return _sorting.topk(self, k, dim, largest, sorted)

    def kthvalue(self, k, dim=-1, keepdim=False):
        return _sorting.kthvalue(self, k, dim, keepdim)

    def median(self, *args, **kwargs):
        return _sorting.median(self, *args, **kwargs)

    def nanmedian(self, *args, **kwargs):
        return _sorting.nanmedian(self, *args, **kwargs)

    def mode(self, dim=-1, keepdim=False):
        return _sorting.mode(self, dim, keepdim)

    def unique(self, sorted=True, return_inverse=False, return_counts=False, dim=None):
        return _sorting.unique(self, sorted, return_inverse, return_counts, dim)

    def unique_consecutive(self, return_inverse=False, return_counts=False, dim=None):
        return _sorting.unique_consecutive(self, return_inverse, return_counts, dim)


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
    global _reduction, _statistics, _scan, _sorting, _extras_math, _extras_stats, _extras_index
    global _extras_quantile
    from ember.ops import extras_index as _extras_index
    from ember.ops import extras_quantile as _extras_quantile
    from ember.ops import extras_stats as _extras_stats
    from ember.ops import extras_math as _extras_math
    from ember.ops import reduction as _reduction
    from ember.ops import scan as _scan
    from ember.ops import sorting as _sorting
    from ember.ops import statistics as _statistics
