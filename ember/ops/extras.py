"""torch's small public functions that are not ops: type and value predicates, thread-count
bookkeeping, dtype queries, the aliases torch documents for existing ops, and out-of-place fill.
"""
import builtins
import os

import numpy as np

from ember import _dtype
from ember._device import device as _device_type
from ember._tensor import Tensor
from ember.ops import comparison as _cmp
from ember.ops import pointwise as _pw
from ember.ops._primitive import primitive
from ember.ops import indexing as _indexing
from ember.ops.indexing import _check_fill_value, _overwritten_grad, _source_grad

__all__ = [
    'is_tensor', 'is_storage', 'is_floating_point', 'is_complex', 'is_nonzero', 'is_same_size',
    'is_signed', 'is_inference', 'is_conj', 'is_neg', 'numel', 'typename',
    'get_num_threads', 'set_num_threads', 'get_num_interop_threads', 'set_num_interop_threads',
    'get_default_device', 'can_cast', 'result_type', 'scalar_tensor',
    'divide', 'multiply', 'subtract', 'negative', 'absolute', 'greater', 'greater_equal',
    'less', 'less_equal', 'not_equal', 'fill', 'fill_', 'zero_', 'detach', 'detach_',
    'conj', 'resolve_conj', 'resolve_neg', 'real', 'imag', 'isreal',
    'abs_', 'cos_', 'exp_', 'log_', 'neg_', 'negative_', 'reciprocal_', 'relu_', 'rsqrt_',
    'sigmoid_', 'sin_', 'sqrt_', 'square_', 'tanh_',
]


def _tensor_input(name, input, argument='input', position=1):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be Tensor, "
                        f"not {type(input).__name__}")
    return input


# --- predicates ------------------------------------------------------------------------------

def is_tensor(obj, /):
    """Matches `torch.is_tensor`."""
    return isinstance(obj, Tensor)


def is_storage(obj, /):
    """Matches `torch.is_storage`: ember has no storage objects, so always False."""
    return False


def is_floating_point(input):
    """Matches `torch.is_floating_point`."""
    return _tensor_input('is_floating_point', input).is_floating_point()


def is_complex(input):
    """Matches `torch.is_complex`."""
    return _tensor_input('is_complex', input).is_complex()


def is_nonzero(input):
    """Matches `torch.is_nonzero`."""
    data = _tensor_input('is_nonzero', input)._data
    size = np.size(data)
    if size == 0:
        raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
    if size > 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return builtins.bool(np.reshape(data, ()) != 0)


def is_same_size(input, other):
    """Matches `torch.is_same_size`."""
    _tensor_input('is_same_size', input)
    _tensor_input('is_same_size', other, 'other', 2)
    return input.shape == other.shape


def is_signed(input):
    """Matches `torch.is_signed`: False for bool and uint8, True for every other dtype."""
    return _tensor_input('is_signed', input)._data.dtype.kind not in 'bu'


def is_inference(input):
    """Matches `torch.is_inference`: ember makes no inference tensors, so always False."""
    _tensor_input('is_inference', input)
    return False


def is_conj(input):
    """Matches `torch.is_conj`: ember never sets the lazy conjugation bit."""
    _tensor_input('is_conj', input)
    return False


def is_neg(input):
    """Matches `torch.is_neg`: ember never sets the lazy negation bit."""
    _tensor_input('is_neg', input)
    return False


def numel(input):
    """Matches `torch.numel`."""
    return _tensor_input('numel', input).numel()


def typename(obj, /):
    """Matches `torch.typename`."""
    if isinstance(obj, Tensor):
        return obj.type()
    module = getattr(obj, '__module__', '') or ''
    qualname = getattr(obj, '__qualname__', None) or getattr(obj, '__name__', None)
    if qualname is None:
        qualname = type(obj).__qualname__
        module = type(obj).__module__
    if module in ('', 'builtins'):
        return qualname
    return f'{module}.{qualname}'


# --- threads: bookkeeping only; NumPy's BLAS threads are not touched --------------------------

class _Threads:
    intra = os.cpu_count() or 1
    interop = os.cpu_count() or 1
    interop_set = False


def _thread_count(name, value):
    if type(value) is not builtins.int:
        raise RuntimeError(f"{name} expects an int, but got {type(value).__name__}")
    if value <= 0:
        raise RuntimeError(f"{name} expects a positive integer")
    return value


def get_num_threads():
    """Matches `torch.get_num_threads` (a count ember keeps; it computes on NumPy's threads)."""
    return _Threads.intra


def set_num_threads(int):  # noqa: A002 - torch's parameter name
    """Matches `torch.set_num_threads`; the count is recorded, NumPy's threads are unchanged."""
    _Threads.intra = _thread_count('set_num_threads', int)


def get_num_interop_threads():
    """Matches `torch.get_num_interop_threads`."""
    return _Threads.interop


def set_num_interop_threads(int):  # noqa: A002 - torch's parameter name
    """Matches `torch.set_num_interop_threads`: it may be called once."""
    value = _thread_count('set_num_interop_threads', int)
    if _Threads.interop_set:
        raise RuntimeError("Error: cannot set number of interop threads after parallel work has "
                           "started or set_num_interop_threads called")
    _Threads.interop = value
    _Threads.interop_set = True


# --- dtypes and devices ------------------------------------------------------------------------

def get_default_device():
    """Matches `torch.get_default_device`: ember computes on the CPU only."""
    return _device_type('cpu')


_CAST_ORDER = 'biufc'


def can_cast(from_, to):
    """Matches `torch.can_cast`: no cast to a lower category (complex > float > int > bool)."""
    for position, (argument, value) in enumerate((('from_', from_), ('to', to)), 1):
        if not isinstance(value, _dtype.dtype):
            raise TypeError(f"can_cast(): argument '{argument}' (position {position}) must be "
                            f"torch.dtype, not {type(value).__name__}")
    source = 'i' if from_.np.kind == 'u' else from_.np.kind
    target = 'i' if to.np.kind == 'u' else to.np.kind
    return _CAST_ORDER.index(source) <= _CAST_ORDER.index(target)


_NUMBERS = (builtins.bool, builtins.int, builtins.float, builtins.complex)


def result_type(tensor1, tensor2):
    """Matches `torch.result_type`."""
    dims, zero_dims, scalars = [], [], []
    for value in (tensor1, tensor2):
        if isinstance(value, Tensor):
            (dims if value.ndim else zero_dims).append(value.dtype)
        elif isinstance(value, _NUMBERS):
            scalars.append(_dtype.scalar_dtype(value))
        else:
            names = tuple('Tensor' if isinstance(v, Tensor) else type(v).__name__
                          for v in (tensor1, tensor2))
            raise TypeError(f"result_type() received an invalid combination of arguments - got "
                            f"({', '.join(names)}), but expected one of: (Tensor tensor, Tensor "
                            "other), (Number scalar, Tensor tensor), (Tensor tensor, Number "
                            "other), (Number scalar1, Number scalar2)")
    return _dtype.result_type_of(dims, zero_dims, scalars)


def scalar_tensor(s, *, dtype=None, layout=None, device=None, pin_memory=None):
    """Matches `torch.scalar_tensor`: a 0-d tensor of the default float dtype unless `dtype`."""
    from ember._creation import tensor
    if isinstance(s, Tensor) and s.ndim == 0:
        s = s.item()  # torch reads a 0-d tensor as the number it holds
    if not isinstance(s, _NUMBERS) and not isinstance(s, np.generic):
        raise TypeError(f"scalar_tensor(): argument 's' (position 1) must be Number, not "
                        f"{type(s).__name__}")
    if dtype is None:
        dtype = _dtype.default_complex() if isinstance(s, builtins.complex) else \
            _dtype.get_default_dtype()
    return tensor(s, dtype=dtype, device=device)


# --- aliases torch documents -------------------------------------------------------------------

def divide(input, other, *, rounding_mode=None, out=None):
    """Matches `torch.divide` (an alias of `torch.div`)."""
    result = _pw.div(input, other, rounding_mode=rounding_mode)
    if out is None:
        return result
    if result.requires_grad or out.requires_grad:
        raise RuntimeError("div(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    return out.copy_(result)


def multiply(input, other, *, out=None):
    """Matches `torch.multiply` (an alias of `torch.mul`)."""
    return _pw.mul(input, other, out=out)


def subtract(input, other, *, alpha=1, out=None):
    """Matches `torch.subtract` (an alias of `torch.sub`)."""
    return _pw.sub(input, other, alpha=alpha, out=out)


def negative(input, *, out=None):
    """Matches `torch.negative` (an alias of `torch.neg`)."""
    return _pw.neg(input, out=out)


def absolute(input, *, out=None):
    """Matches `torch.absolute` (an alias of `torch.abs`)."""
    return _pw.abs(input, out=out)


def greater(input, other, *, out=None):
    """Matches `torch.greater` (an alias of `torch.gt`)."""
    return _cmp.gt(input, other, out=out)


def greater_equal(input, other, *, out=None):
    """Matches `torch.greater_equal` (an alias of `torch.ge`)."""
    return _cmp.ge(input, other, out=out)


def less(input, other, *, out=None):
    """Matches `torch.less` (an alias of `torch.lt`)."""
    return _cmp.lt(input, other, out=out)


def less_equal(input, other, *, out=None):
    """Matches `torch.less_equal` (an alias of `torch.le`)."""
    return _cmp.le(input, other, out=out)


def not_equal(input, other, *, out=None):
    """Matches `torch.not_equal` (an alias of `torch.ne`)."""
    return _cmp.ne(input, other, out=out)


# --- fill, detach ------------------------------------------------------------------------------

@primitive(name='fill', node_name='FillBackward0')
def fill_scalar(xp, input, value):
    return xp.full(np.shape(input), value, dtype=np.result_type(input))


fill_scalar.defvjp(_overwritten_grad, None)


@primitive(name='fill', node_name='FillBackward1', check=_check_fill_value)
def fill_tensor(xp, input, value):
    return xp.full(np.shape(input), value, dtype=np.result_type(input))


fill_tensor.defvjp(_overwritten_grad, _source_grad)


def fill(input, value):
    """Matches `torch.fill`: a new tensor of `input`'s shape and dtype holding `value`."""
    _tensor_input('fill', input)
    if isinstance(value, Tensor):
        return fill_tensor(input, value)
    return fill_scalar(input, value)


def fill_(input, value):
    """Matches `torch.fill_`."""
    return _tensor_input('fill_', input).fill_(value)


def zero_(input):
    """Matches `torch.zero_`."""
    return _indexing.zero_.inplace(_tensor_input('zero_', input))


def detach(input):
    """Matches `torch.detach`."""
    return _tensor_input('detach', input).detach()


def detach_(input):
    """Matches `torch.detach_`."""
    return _tensor_input('detach_', input).detach_()


# --- complex parts of real tensors -------------------------------------------------------------

def _real_only(name, input):
    _tensor_input(name, input)
    if input.is_complex():
        raise NotImplementedError(f"ember: {name} of a complex tensor is not supported")
    return input


def conj(input):
    """Matches `torch.conj` for real tensors (it returns `input` itself); complex tensors are
    not supported."""
    return _real_only('conj', input)


def resolve_conj(input):
    """Matches `torch.resolve_conj`: ember never sets the conjugation bit, so `input`."""
    return _tensor_input('resolve_conj', input)


def resolve_neg(input):
    """Matches `torch.resolve_neg`: ember never sets the negation bit, so `input`."""
    return _tensor_input('resolve_neg', input)


def real(input):
    """Matches `torch.real` for real tensors (it returns `input` itself); complex tensors are
    not supported."""
    return _real_only('real', input)


def imag(input):
    """Matches `torch.imag`'s error for real tensors; complex tensors are not supported."""
    _real_only('imag', input)
    raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")


def isreal(input):
    """Matches `torch.isreal`."""
    _real_only('isreal', input)
    from ember._creation import ones
    return ones(input.shape, dtype=_dtype.bool)


# --- torch's module-level in-place functions: the Tensor method on `input` ---------------------

def _inplace(method, name=None):
    name = name or method.__name__

    def inplace(input):
        return method(_tensor_input(name, input))
    inplace.__name__ = inplace.__qualname__ = name
    inplace.__doc__ = f"Matches `torch.{name}`."
    return inplace


abs_ = _inplace(Tensor.abs_)
cos_ = _inplace(Tensor.cos_)
exp_ = _inplace(Tensor.exp_)
log_ = _inplace(Tensor.log_)
neg_ = _inplace(Tensor.neg_)
negative_ = _inplace(Tensor.neg_, 'negative_')
reciprocal_ = _inplace(Tensor.reciprocal_)
relu_ = _inplace(Tensor.relu_)
rsqrt_ = _inplace(Tensor.rsqrt_)
sigmoid_ = _inplace(Tensor.sigmoid_)
sin_ = _inplace(Tensor.sin_)
sqrt_ = _inplace(Tensor.sqrt_)
square_ = _inplace(Tensor.square_)
tanh_ = _inplace(Tensor.tanh_)
