"""The Tensor: a NumPy array plus the autograd state torch keeps beside it.

Note [Scalar-backed tensors]
NumPy computes on 0-d arrays through its array machinery (about 0.5 us an op) but on NumPy
scalars in a tenth of that, and every operation on 0-d data returns a scalar anyway. So `_data`
is either an ndarray or, for a 0-d result no one else can see, a NumPy scalar. Anything that
exposes the memory (a view, an in-place write, `.numpy()`) first calls `materialize`, which
swaps the scalar for a 0-d array that is from then on shared.
"""
import operator
import warnings

import numpy as np

from ember import _dtype
from ember._device import CPU, check_device
from ember._errors import INTEGER_GRAD, hinted
from ember._size import Size
from ember import _methods
from ember.autograd import grad_mode
from ember.autograd.graph import AccumulateGrad, HookDict

_grad_state = grad_mode.state
_new = object.__new__
_FROM_NP = _dtype.FROM_NP
ndarray = np.ndarray


class TensorMeta:
    """Per-tensor autograd extras that most tensors never need."""

    __slots__ = ('accumulator', 'hooks', 'retains_grad', 'post_accumulate_hooks', 'tangent')

    def __init__(self):
        self.accumulator = None
        self.hooks = None
        self.retains_grad = False
        self.post_accumulate_hooks = None
        # (dual level, tangent) while forward-mode AD gives the tensor a tangent
        self.tangent = None


class Tensor(*_methods.MIXINS):
    """Matches `torch.Tensor`."""

    __slots__ = ('_data', '_requires_grad', '_grad_fn', '_grad', '_vc', '_view', '_output_nr',
                 '_meta', '__weakref__')

    def __new__(cls, *args, **kwargs):
        # torch's legacy constructor: Tensor(sizes...) is uninitialised, Tensor(data) copies
        from ember._creation import legacy_constructor
        return legacy_constructor(cls, args, kwargs)

    # --- storage and metadata ------------------------------------------------------------

    @property
    def dtype(self):
        return _FROM_NP[self._data.dtype]

    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[wrap_dim(dim, self._data.ndim)]

    @property
    def ndim(self):
        return self._data.ndim

    def dim(self):
        return self._data.ndim

    ndimension = dim

    def numel(self):
        return self._data.size

    nelement = numel

    def element_size(self):
        return self._data.itemsize

    @property
    def itemsize(self):
        return self._data.itemsize

    @property
    def nbytes(self):
        return self._data.nbytes

    @property
    def device(self):
        return CPU

    @property
    def is_cuda(self):
        return False

    @property
    def is_sparse(self):
        return False

    @property
    def is_quantized(self):
        return False

    @property
    def is_meta(self):
        return False

    @property
    def layout(self):
        from ember._layout import strided
        return strided

    def is_floating_point(self):
        return self._data.dtype.kind == 'f'

    def is_complex(self):
        return self._data.dtype.kind == 'c'

    def get_device(self):
        return -1

    def stride(self, dim=None):
        data = self._data
        itemsize = data.itemsize
        strides = tuple(s // itemsize for s in data.strides) if data.ndim else ()
        if dim is None:
            return strides
        return strides[wrap_dim(dim, data.ndim)]

    def is_contiguous(self, memory_format=None):
        data = self._data
        return type(data) is not ndarray or data.flags.c_contiguous

    def storage_offset(self):
        view = self._view
        if view is None:
            return 0
        base = materialize(view.base)
        return (self._data.__array_interface__['data'][0]
                - base.__array_interface__['data'][0]) // self._data.itemsize

    def data_ptr(self):
        return materialize(self).__array_interface__['data'][0]

    @property
    def data(self):
        """A tensor sharing this one's memory, outside autograd (and its version counter)."""
        return wrap(materialize(self))

    @data.setter
    def data(self, value):
        self._data = value._data
        self._view = None

    @property
    def _base(self):
        view = self._view
        return None if view is None else view.base

    def _is_view(self):
        return self._view is not None

    @property
    def _version(self):
        vc = self._vc
        return 0 if vc is None else vc[0]

    @property
    def output_nr(self):
        return self._output_nr

    # --- autograd state ------------------------------------------------------------------

    @property
    def requires_grad(self):
        if self._view is not None:
            refresh_view(self)
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        self._set_requires_grad(flag, "only Tensors of floating point and complex dtype can "
                                      "require gradients")

    def requires_grad_(self, requires_grad=True):
        self._set_requires_grad(
            requires_grad, "only Tensors of floating point dtype can require gradients")
        return self

    def _set_requires_grad(self, flag, dtype_message):
        if self._grad_fn is not None:
            if flag:
                return
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use "
                "a computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach().")
        if flag and self._data.dtype.kind not in 'fc':
            raise hinted(RuntimeError(dtype_message), INTEGER_GRAD)
        self._requires_grad = bool(flag)

    @property
    def grad_fn(self):
        if self._view is not None:
            refresh_view(self)
        return self._grad_fn

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def grad(self):
        if self._grad_fn is not None and not self.retains_grad:
            warnings.warn(
                "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. "
                "Its .grad attribute won't be populated during autograd.backward(). If you "
                "indeed want the .grad field to be populated for a non-leaf Tensor, use "
                ".retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by "
                "mistake, make sure you access the leaf Tensor instead. See "
                "github.com/pytorch/pytorch/pull/30531 for more information.",
                UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError("assigned grad expected to be a Tensor or None but got grad "
                                f"of type {type(value).__name__}")
            if value._data.shape != self._data.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value._data.shape)}' to a "
                    f"tensor of size '{list(self._data.shape)}'. Please ensure that the gradient "
                    "and the tensor are the same size")
            if value._data.dtype != self._data.dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{c_type_name(value.dtype)}' to "
                    f"a tensor with grad_dtype '{legacy_type_name(self.dtype)}'. The gradient must "
                    "match the tensor's grad_dtype (defaults to the tensor's dtype). You can set "
                    "the tensor's grad_dtype attribute with a specific dtype, or None to allow "
                    "any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and "
                    "its gradient may break downstream systems that assume they match.")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    @property
    def retains_grad(self):
        meta = self._meta
        return meta is not None and meta.retains_grad

    def _ensure_meta(self):
        meta = self._meta
        if meta is None:
            meta = self._meta = TensorMeta()
        return meta

    def retain_grad(self):
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._grad_fn is None or self.retains_grad:
            return
        from ember.autograd.hooks import install_retain_grad
        install_retain_grad(self)
        self._ensure_meta().retains_grad = True

    def register_hook(self, hook):
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        grad_fn = self.grad_fn
        if grad_fn is None:
            meta = self._ensure_meta()
            if meta.hooks is None:
                meta.hooks = HookDict()
            return meta.hooks.add(hook)
        hooks = grad_fn.hooks().tensor_pre
        if self._output_nr not in hooks:
            hooks[self._output_nr] = HookDict()
        return hooks[self._output_nr].add(hook)

    def register_post_accumulate_grad_hook(self, hook):
        if self._grad_fn is not None:
            raise RuntimeError(
                "post accumulate grad hooks cannot be registered on non-leaf tensors")
        meta = self._ensure_meta()
        if meta.post_accumulate_hooks is None:
            meta.post_accumulate_hooks = HookDict()
        return meta.post_accumulate_hooks.add(hook)

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        from ember.autograd import backward
        backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self):
        out = wrap(materialize(self))
        out._vc = version_counter(self)
        return out

    def detach_(self):
        if self._view is not None:
            raise RuntimeError(
                "Can't detach views in-place. Use detach() instead. If you are using "
                "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set "
                "as True, gradients are views of DDP buckets, and hence detach_() cannot be "
                "called on these gradients. To fix this error, please refer to the "
                "Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")
        self._grad_fn = None
        self._requires_grad = False
        return self

    # --- conversion to Python and NumPy --------------------------------------------------

    def item(self):
        data = self._data
        if data.size != 1:
            raise RuntimeError(f"a Tensor with {data.size} elements cannot be converted to Scalar")
        return data.item()

    def tolist(self):
        return self._data.tolist()

    def numpy(self, *, force=False):
        if self._requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                               "tensor.detach().numpy() instead.")
        return materialize(self)

    def __array__(self, dtype=None, copy=None):
        array = self.numpy()
        if dtype is not None and array.dtype != dtype:
            return array.astype(dtype)
        return array.copy() if copy else array

    def _scalar_value(self, kind):
        data = self._data
        if data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return kind(data.reshape(()).item() if data.ndim else data.item())

    def __float__(self):
        if self._requires_grad:
            warnings.warn(
                "Converting a tensor with requires_grad=True to a scalar may lead to unexpected "
                "behavior.\nConsider using tensor.detach() first.", UserWarning, stacklevel=2)
        return self._scalar_value(float)

    def __int__(self):
        return self._scalar_value(int)

    def __complex__(self):
        return self._scalar_value(complex)

    def __index__(self):
        data = self._data
        if data.dtype.kind not in 'iub' or data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an "
                            "index")
        return int(data.item() if data.ndim == 0 else data.reshape(()).item())

    def __bool__(self):
        data = self._data
        if data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(data.item() if data.ndim == 0 else data.reshape(()).item())

    def __len__(self):
        shape = self._data.shape
        if not shape:
            raise TypeError("len() of a 0-d tensor")
        return shape[0]

    def __iter__(self):
        if not self._data.shape:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    __hash__ = object.__hash__

    def __repr__(self, *, tensor_contents=None):
        from ember._tensor_str import tensor_repr
        return tensor_repr(self)

    def __format__(self, spec):
        if self._data.ndim == 0:
            return self.item().__format__(spec)
        if spec:
            raise TypeError("unsupported format string passed to Tensor.__format__")
        return repr(self)

    def __reduce_ex__(self, protocol):
        from ember.serialization import reduce_tensor
        return reduce_tensor(self)

    def __deepcopy__(self, memo):
        from ember.serialization import deepcopy_tensor
        return deepcopy_tensor(self, memo)


def wrap(data):
    """A new Tensor around `data` (an ndarray or a NumPy scalar), outside any graph."""
    t = _new(Tensor)
    t._data = data
    t._requires_grad = False
    t._grad_fn = None
    t._grad = None
    t._vc = None
    t._view = None
    t._output_nr = 0
    t._meta = None
    return t


def materialize(t):
    """The tensor's data as an ndarray that it shares from now on (Note [Scalar-backed tensors])."""
    data = t._data
    if type(data) is not ndarray:
        data = t._data = np.asarray(data)
    return data


def version_counter(t):
    """The tensor's version counter, a one-element list shared with its views."""
    vc = t._vc
    if vc is None:
        vc = t._vc = [0]
    return vc


def accumulator(t):
    """The AccumulateGrad node of leaf `t`, created on first use and owned by `t`."""
    meta = t._meta
    if meta is None:
        meta = t._meta = TensorMeta()
    acc = meta.accumulator
    if acc is None:
        acc = meta.accumulator = AccumulateGrad(t)
    return acc


def wrap_dim(dim, ndim):
    """A dim in range(ndim) from a possibly negative one, raising torch's IndexError."""
    dim = operator.index(dim)
    bound = max(ndim, 1)
    if not -bound <= dim < bound:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-bound}, "
                         f"{bound - 1}], but got {dim})")
    return dim + bound if dim < 0 else dim


_LEGACY_NAMES = {
    _dtype.float32: 'Float', _dtype.float64: 'Double', _dtype.float16: 'Half',
    _dtype.int64: 'Long', _dtype.int32: 'Int', _dtype.int16: 'Short', _dtype.int8: 'Char',
    _dtype.uint8: 'Byte', _dtype.bool: 'Bool', _dtype.complex64: 'ComplexFloat',
    _dtype.complex128: 'ComplexDouble',
}


def legacy_type_name(dtype):
    """torch's C++ scalar-type name ('Float', 'Long'), used in many error messages."""
    return _LEGACY_NAMES[dtype]


_C_TYPE_NAMES = {'Float': 'float', 'Double': 'double', 'Half': 'c10::Half', 'Long': 'long int',
                 'Int': 'int', 'Short': 'short int', 'Char': 'signed char',
                 'Byte': 'unsigned char', 'Bool': 'bool'}


def c_type_name(dtype):
    """The C++ type name torch prints in some messages ('float', 'long int')."""
    name = _LEGACY_NAMES[dtype]
    return _C_TYPE_NAMES.get(name, name)


# Note [Late import of ops]: the op modules need Tensor, so they come after it
_methods.import_ops()
from ember.ops._views import refresh_view  # noqa: E402
