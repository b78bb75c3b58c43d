"""Tensor methods: gathering and scattering by index tensors and masks.

Each op module's `<op>_call(...)` checks a call and returns (op, inputs, settings); a method
runs that op or, in place, its `inplace`. The calls take the position of the first tensor
argument after self, which messages name (a method's positions are one less than the
function's).
"""


class IndexingMethods:
    """Gathering and scattering by index tensors and masks."""

    __slots__ = ()

    # --- gather and scatter ----------------------------------------------------------------

    def gather(self, dim, index, *, sparse_grad=False):
        return _apply(_gather.gather_call(self, dim, index, 2))

    def scatter(self, dim, index, src=None, value=None, *, reduce=None):
        return _apply(_gather.scatter_call(self, dim, index, src, value, reduce, 2))

    def scatter_(self, dim, index, src=None, value=None, *, reduce=None):
        return _apply_(_gather.scatter_call(self, dim, index, src, value, reduce, 2))

    def scatter_add(self, dim, index, src):
        return _apply(_gather.scatter_add_call(self, dim, index, src, 2))

    def scatter_add_(self, dim, index, src):
        return _apply_(_gather.scatter_add_call(self, dim, index, src, 2))

    def scatter_reduce(self, dim, index, src, reduce, *, include_self=True):
        return _apply(_gather.scatter_reduce_call(self, dim, index, src, reduce, include_self, 2))

    def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
        return _apply_(_gather.scatter_reduce_call(self, dim, index, src, reduce, include_self,
                                                   2))

    def take_along_dim(self, indices, dim=None):
        return _apply(_gather.take_along_dim_call(self, indices, dim, 1))

    # --- slices chosen by index ------------------------------------------------------------

    def index_select(self, dim, index):
        return _apply(_index.index_select_call(self, dim, index, 2))

    def index_add(self, dim, index, source, *, alpha=1):
        return _apply(_index.index_add_call(self, dim, index, source, alpha, 2))

    def index_add_(self, dim, index, source, *, alpha=1):
        return _apply_(_index.index_add_call(self, dim, index, source, alpha, 2))

    def index_copy(self, dim, index, source):
        return _apply(_index.index_copy_call(self, dim, index, source, 2))

    def index_copy_(self, dim, index, source):
        return _apply_(_index.index_copy_call(self, dim, index, source, 2))

    def index_fill(self, dim, index, value):
        return _apply(_index.index_fill_call(self, dim, index, value, 2))

    def index_fill_(self, dim, index, value):
        return _apply_(_index.index_fill_call(self, dim, index, value, 2))

    def index_reduce(self, dim, index, source, reduce, *, include_self=True):
        return _apply(_index.index_reduce_call(self, dim, index, source, reduce, include_self, 2))

    def index_reduce_(self, dim, index, source, reduce, *, include_self=True):
        return _apply_(_index.index_reduce_call(self, dim, index, source, reduce, include_self,
                                                2))

    def index_put(self, indices, values, accumulate=False):
        return _scatter.put_indices(self, indices, values, accumulate, False, 1)

    def index_put_(self, indices, values, accumulate=False):
        return _scatter.put_indices(self, indices, values, accumulate, True, 1)

    # --- masks and flat indices ------------------------------------------------------------

    def masked_fill(self, mask, value):
        return _apply(_masked.masked_fill_call(self, mask, value, False, 1))

    def masked_fill_(self, mask, value):
        return _apply_(_masked.masked_fill_call(self, mask, value, True, 1))

    def masked_select(self, mask):
        return _apply(_masked.masked_select_call(self, mask, 1))

    def masked_scatter(self, mask, source):
        return _apply(_masked.masked_scatter_call(self, mask, source, False, 1))

    def masked_scatter_(self, mask, source):
        return _apply_(_masked.masked_scatter_call(self, mask, source, True, 1))

    def take(self, index):
        return _apply(_masked.take_call(self, index, 1))

    def put(self, index, source, accumulate=False):
        return _apply(_masked.put_call(self, index, source, accumulate, 1))

    def put_(self, index, source, accumulate=False):
        return _apply_(_masked.put_call(self, index, source, accumulate, 1))

    def nonzero(self, *, as_tuple=False):
        return _masked.nonzero(self, as_tuple=as_tuple)

    def nonzero_static(self, *, size, fill_value=-1):
        return _masked.nonzero_static(self, size=size, fill_value=fill_value)

    def argwhere(self):
        return _masked.argwhere(self)

    # --- a view replaced by another tensor (ember/ops/extras_scatter.py) ------------------------

    def select_scatter(self, src, dim, index):
        return _view_scatter.select_scatter(self, src, dim, index)

    def slice_scatter(self, src, dim=0, start=None, end=None, step=1):
        return _view_scatter.slice_scatter(self, src, dim, start, end, step)

    def diagonal_scatter(self, src, offset=0, dim1=0, dim2=1):
        return _view_scatter.diagonal_scatter(self, src, offset, dim1, dim2)


def _apply(call):
    op, inputs, settings = call
    return op(*inputs, **settings)


def _apply_(call):
    op, inputs, settings = call
    return op.inplace(*inputs, **settings)


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
    global _gather, _index, _masked, _scatter, _view_scatter
    from ember.ops import extras_scatter as _view_scatter
    from ember.ops import scatter as _scatter
    from ember.ops import scatter_gather as _gather
    from ember.ops import scatter_index as _index
    from ember.ops import scatter_masked as _masked
