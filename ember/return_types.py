"""torch.return_types: the named tuples that ops like max(dim) and sort return."""


class _ReturnType(tuple):
    """A tuple with named fields that prints as torch's structseqs do."""

    __slots__ = ()
    _fields = ()
    n_fields = n_sequence_fields = 0

    def __new__(cls, values):
        values = tuple(values)
        if len(values) != len(cls._fields):
            raise TypeError(f"torch.return_types.{cls.__name__} takes a {len(cls._fields)}"
                            f"-sequence ({len(values)}-sequence given)")
        return tuple.__new__(cls, values)

    def __repr__(self):
        fields = ',\n'.join(f'{name}={value!r}' for name, value in zip(self._fields, self))
        return f'torch.return_types.{type(self).__name__}(\n{fields})'

    def __reduce__(self):
        return type(self), (tuple(self),)


def _field(index):
    return property(lambda self: self[index])


def _make(name, fields):
    namespace = {'__slots__': (), '_fields': fields, 'n_fields': len(fields),
                 'n_sequence_fields': len(fields), '__module__': __name__, '__qualname__': name}
    namespace.update({field: _field(i) for i, field in enumerate(fields)})
    return type(name, (_ReturnType,), namespace)


_VALUES_INDICES = ('values', 'indices')

max = _make('max', _VALUES_INDICES)  # noqa: A001 - torch's names
min = _make('min', _VALUES_INDICES)  # noqa: A001
sort = _make('sort', _VALUES_INDICES)
topk = _make('topk', _VALUES_INDICES)
kthvalue = _make('kthvalue', _VALUES_INDICES)
median = _make('median', _VALUES_INDICES)
nanmedian = _make('nanmedian', _VALUES_INDICES)
mode = _make('mode', _VALUES_INDICES)
cummax = _make('cummax', _VALUES_INDICES)
cummin = _make('cummin', _VALUES_INDICES)
aminmax = _make('aminmax', ('min', 'max'))
frexp = _make('frexp', ('mantissa', 'exponent'))
histogram = _make('histogram', ('hist', 'bin_edges'))
slogdet = _make('slogdet', ('sign', 'logabsdet'))
qr = _make('qr', ('Q', 'R'))
svd = _make('svd', ('U', 'S', 'V'))
linalg_slogdet = _make('linalg_slogdet', ('sign', 'logabsdet'))
linalg_qr = _make('linalg_qr', ('Q', 'R'))
linalg_svd = _make('linalg_svd', ('U', 'S', 'Vh'))
linalg_eigh = _make('linalg_eigh', ('eigenvalues', 'eigenvectors'))
linalg_eig = _make('linalg_eig', ('eigenvalues', 'eigenvectors'))
linalg_lstsq = _make('linalg_lstsq', ('solution', 'residuals', 'rank', 'singular_values'))
linalg_inv_ex = _make('linalg_inv_ex', ('inverse', 'info'))
linalg_cholesky_ex = _make('linalg_cholesky_ex', ('L', 'info'))
linalg_solve_ex = _make('linalg_solve_ex', ('result', 'info'))
