"""BatchedTensor: what a function under vmap sees in place of a batch of tensors.

Note [Physical and logical tensors]
A BatchedTensor of level L stands for one sample of `value`, its physical tensor, whose dim 0
is L's batch dim (vmap moves batch dims to the front on entry and every rule keeps them
there). `value` may itself be a BatchedTensor of an outer level, so a tensor batched by nested
vmaps is a chain of wrappers, innermost level outermost; the plain tensor at the bottom holds
the batch dims in level order, outermost first, then the logical dims. User code sees the
logical tensor: shape, dtype and the like come from `_data`, a stand-in with no values, so
Tensor's own methods read logical metadata unchanged, and any attempt to read values fails
instead of returning garbage. Ops never compute on BatchedTensors: each primitive call goes
to the innermost vmap level (ember/ops/_transforms.py), which applies a batching rule to the
physical tensors. Autograd records on the plain tensors at the bottom.
"""
from ember._tensor import Tensor

_new = object.__new__

NO_STORAGE = "Cannot access data pointer of Tensor that doesn't have storage"
ITEM = ("vmap: It looks like you're calling .item() on a Tensor. We don't support vmap over "
        "calling .item() on a Tensor, please try to rewrite what you're doing with other "
        "operations. If error is occurring somewhere inside PyTorch internals, please file a "
        "bug report.")
CONTROL_FLOW = ("vmap: It looks like you're attempting to use a Tensor in some data-dependent "
                "control flow. We don't support that yet, please file an issue at "
                "https://github.com/pytorch/pytorch/issues .")
REQUIRES_GRAD = (
    "You are attempting to call Tensor.requires_grad_() (or perhaps using "
    "torch.autograd.functional.* APIs) inside of a function being transformed by a functorch "
    "transform. This is unsupported, please attempt to use the functorch transforms (e.g. "
    "grad, vjp, jacrev, jacfwd, hessian) or call requires_grad_() outside of a function being "
    "transformed instead.")


class Logical:
    """The `_data` of a BatchedTensor: the logical shape and dtype, without values."""

    __slots__ = ('shape', 'dtype', 'ndim', 'size')

    def __init__(self, shape, dtype):
        self.shape = shape
        self.dtype = dtype
        self.ndim = len(shape)
        size = 1
        for n in shape:
            size *= n
        self.size = size

    @property
    def itemsize(self):
        return self.dtype.itemsize

    @property
    def nbytes(self):
        return self.size * self.dtype.itemsize

    @property
    def strides(self):
        strides, step = [], self.dtype.itemsize
        for n in reversed(self.shape):
            strides.append(step)
            step *= max(n, 1)
        return tuple(reversed(strides))

    def __array__(self, dtype=None, copy=None):
        raise RuntimeError(NO_STORAGE)


class BatchedTensor(Tensor):
    """One sample of `_value` along its dim 0, batched by vmap level `_level`."""

    __slots__ = ('_value', '_level')

    def __new__(cls, *args, **kwargs):
        raise TypeError('BatchedTensor is created by vmap only')

    @property
    def requires_grad(self):
        return self._value.requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        raise RuntimeError(REQUIRES_GRAD)

    def requires_grad_(self, requires_grad=True):
        raise RuntimeError(REQUIRES_GRAD)

    @property
    def grad_fn(self):
        return self._value.grad_fn

    @property
    def is_leaf(self):
        return self._value.is_leaf

    def detach(self):
        return batched(self._value.detach(), self._level)

    def item(self):
        raise RuntimeError(ITEM)

    def __float__(self):
        raise RuntimeError(ITEM)

    __int__ = __complex__ = __index__ = __float__

    def __bool__(self):
        raise RuntimeError(CONTROL_FLOW)

    def tolist(self):
        raise RuntimeError(NO_STORAGE)

    def numpy(self, *, force=False):
        raise RuntimeError(NO_STORAGE)

    def __array__(self, dtype=None, copy=None):
        raise RuntimeError(NO_STORAGE)

    def data_ptr(self):
        raise RuntimeError(NO_STORAGE)

    def __repr__(self, *, tensor_contents=None):
        inner = repr(self._value).replace('\n', '\n    ')
        return f'BatchedTensor(lvl={self._level.number}, bdim=0, value=\n    {inner}\n)'


def batched(value, level):
    """Wrap physical tensor `value` (batch dim 0) as a BatchedTensor of `level`."""
    t = _new(BatchedTensor)
    data = value._data
    t._data = Logical(data.shape[1:], data.dtype)
    t._value = value
    t._level = level
    t._requires_grad = False
    t._grad_fn = t._grad = t._vc = t._view = t._meta = None
    t._output_nr = 0
    return t


def levels_of(t):
    """(the plain tensor under all of `t`'s wrappers, the levels batching it, outermost first)."""
    levels = []
    while type(t) is BatchedTensor:
        levels.append(t._level)
        t = t._value
    levels.reverse()
    return t, levels


def align(physical, levels, target):
    """`physical` (batch dims for `levels`, in order, then logical dims) with batch dims for
    every level of `target` in that order, broadcast (as an expanded view) where missing.
    `levels` must be a subsequence of `target`. Call with no transform active."""
    if levels == target:
        return physical
    shape = list(physical.shape)
    logical = shape[len(levels):]
    have = dict(zip((id(level) for level in levels), shape))
    new_shape, sizes = [], []
    for level in target:
        size = have.get(id(level))
        new_shape.append(1 if size is None else size)
        sizes.append(level.batch_size if size is None else size)
    physical = physical.reshape(new_shape + logical)
    return physical.expand(sizes + logical)


def rewrap(physical, levels):
    """Wrap `physical` (batch dims for `levels`, outermost first) in one BatchedTensor per
    level, innermost level outermost."""
    for level in levels:
        physical = batched(physical, level)
    return physical


def is_batched(value):
    return type(value) is BatchedTensor

