"""Tensor's operators and core op methods (see Note [Late import of ops] in __init__)."""
from ember import _dtype


class CoreMethods:
    """Operators, arithmetic, comparisons, sum/mean, matmul, shapes and conversions."""

    __slots__ = ()

    # --- arithmetic operators --------------------------------------------------------------

    def __add__(self, other):
        return _pw.add.fast(self, other)

    __radd__ = __add__

    def __iadd__(self, other):
        return _pw.add.inplace(self, other)

    def __sub__(self, other):
        return _pw.sub.fast(self, other)

    def __rsub__(self, other):
        return _pw.rsub.fast(self, other)

    def __isub__(self, other):
        return _pw.sub.inplace(self, other)

    def __mul__(self, other):
        return _pw.mul.fast(self, other)

    __rmul__ = __mul__

    def __imul__(self, other):
        return _pw.mul.inplace(self, other)

    def __truediv__(self, other):
        return _pw.true_divide.fast(self, other)

    def __rtruediv__(self, other):
        # torch computes number / tensor as reciprocal(tensor) * number
        return _pw.mul(_pw.reciprocal(self), other)

    def __itruediv__(self, other):
        return _pw.true_divide.inplace(self, other)

    def __floordiv__(self, other):
        return _pw.floor_divide.fast(self, other)

    def __rfloordiv__(self, other):
        return _pw.floor_divide.fast(other, self)

    def __ifloordiv__(self, other):
        return _pw.floor_divide.inplace(self, other)

    def __mod__(self, other):
        return _pw.remainder(self, other)

    def __rmod__(self, other):
        return _pw.remainder_of_number.fast(other, self)

    def __imod__(self, other):
        return self.remainder_(other)

    def __pow__(self, exponent):
        return _pw.pow(self, exponent)

    def __rpow__(self, base):
        return _pw.pow_scalar_tensor.fast(base, self)

    def __ipow__(self, exponent):
        return self.pow_(exponent)

    def __neg__(self):
        return _pw.neg.fast(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _pw.abs.fast(self)

    def __matmul__(self, other):
        return _linalg.matmul(self, other)

    def __rmatmul__(self, other):
        return _linalg.matmul(other, self)

    # --- comparison and logical operators --------------------------------------------------

    def __eq__(self, other):
        return _cmp.eq.fast(self, other)

    def __ne__(self, other):
        return _cmp.ne.fast(self, other)

    def __lt__(self, other):
        return _cmp.lt.fast(self, other)

    def __le__(self, other):
        return _cmp.le.fast(self, other)

    def __gt__(self, other):
        return _cmp.gt.fast(self, other)

    def __ge__(self, other):
        return _cmp.ge.fast(self, other)

    def __and__(self, other):
        return _cmp.bitwise_and.fast(self, other)

    __rand__ = __and__

    def __iand__(self, other):
        return _cmp.bitwise_and.inplace(self, other)

    def __or__(self, other):
        return _cmp.bitwise_or.fast(self, other)

    __ror__ = __or__

    def __ior__(self, other):
        return _cmp.bitwise_or.inplace(self, other)

    def __xor__(self, other):
        return _cmp.bitwise_xor.fast(self, other)

    __rxor__ = __xor__

    def __ixor__(self, other):
        return _cmp.bitwise_xor.inplace(self, other)

    def __invert__(self):
        return _cmp.bitwise_not.fast(self)

    # --- indexing --------------------------------------------------------------------------

    def __getitem__(self, key):
        return _indexing.getitem(self, key)

    def __setitem__(self, key, value):
        _indexing.setitem(self, key, value)

    # --- arithmetic methods ----------------------------------------------------------------

    def add(self, other, *, alpha=1):
        return _pw.add(self, other, alpha=alpha)

    def add_(self, other, *, alpha=1):
        return _pw.add.inplace(self, other, alpha=alpha)

    def sub(self, other, *, alpha=1):
        return _pw.sub(self, other, alpha=alpha)

    def sub_(self, other, *, alpha=1):
        return _pw.sub.inplace(self, other, alpha=alpha)

    subtract = sub
    subtract_ = sub_

    def mul(self, other):
        return _pw.mul.fast(self, other)

    def mul_(self, other):
        return _pw.mul.inplace(self, other)

    multiply = mul
    multiply_ = mul_

    def div(self, other, *, rounding_mode=None):
        return _pw.div(self, other, rounding_mode=rounding_mode)

    def div_(self, other, *, rounding_mode=None):
        if rounding_mode is None:
            return _pw.true_divide.inplace(self, other)
        return _pw.div_rounding.inplace(self, other, rounding_mode=rounding_mode)

    divide = div
    divide_ = div_

    def true_divide(self, other):
        return _pw.true_divide.fast(self, other)

    def true_divide_(self, other):
        return _pw.true_divide.inplace(self, other)

    def floor_divide(self, other):
        return _pw.floor_divide.fast(self, other)

    def floor_divide_(self, other):
        return _pw.floor_divide.inplace(self, other)

    def remainder(self, other):
        return _pw.remainder(self, other)

    def remainder_(self, other):
        if isinstance(other, type(self)):
            return _pw.remainder_tensor.inplace(self, other)
        return _pw.remainder_scalar.inplace(self, other)

    def pow(self, exponent):
        return _pw.pow(self, exponent)

    def pow_(self, exponent):
        if isinstance(exponent, type(self)):
            return _pw.pow_tensor_tensor.inplace(self, exponent)
        return _pw.pow_tensor_scalar.inplace(self, exponent)

    def neg(self):
        return _pw.neg.fast(self)

    def neg_(self):
        return _pw.neg.inplace(self)

    negative = neg
    negative_ = neg_

    def abs(self):
        return _pw.abs.fast(self)

    def abs_(self):
        return _pw.abs.inplace(self)

    absolute = abs
    absolute_ = abs_

    def sign(self):
        return _pw.sign.fast(self)

    def sign_(self):
        return _pw.sign.inplace(self)

    def sqrt(self):
        return _pw.sqrt.fast(self)

    def sqrt_(self):
        return _pw.sqrt.inplace(self)

    def rsqrt(self):
        return _pw.rsqrt.fast(self)

    def rsqrt_(self):
        return _pw.rsqrt.inplace(self)

    def reciprocal(self):
        return _pw.reciprocal.fast(self)

    def reciprocal_(self):
        return _pw.reciprocal.inplace(self)

    def square(self):
        return _pw.square(self)

    def square_(self):
        return _pw.pow_tensor_scalar.inplace(self, 2)

    def exp(self):
        return _pw.exp.fast(self)

    def exp_(self):
        return _pw.exp.inplace(self)

    def log(self):
        return _pw.log.fast(self)

    def log_(self):
        return _pw.log.inplace(self)

    def sin(self):
        return _pw.sin.fast(self)

    def sin_(self):
        return _pw.sin.inplace(self)

    def cos(self):
        return _pw.cos.fast(self)

    def cos_(self):
        return _pw.cos.inplace(self)

    def tanh(self):
        return _pw.tanh.fast(self)

    def tanh_(self):
        return _pw.tanh.inplace(self)

    def sigmoid(self):
        return _pw.sigmoid.fast(self)

    def sigmoid_(self):
        return _pw.sigmoid.inplace(self)

    def relu(self):
        return _pw.relu.fast(self)

    def relu_(self):
        return _pw.relu.inplace(self)

    def where(self, condition, other):
        return _pw.where(condition, self, other)

    # --- comparison methods ----------------------------------------------------------------

    def eq(self, other):
        return _cmp.eq.fast(self, other)

    def ne(self, other):
        return _cmp.ne.fast(self, other)

    def lt(self, other):
        return _cmp.lt.fast(self, other)

    def le(self, other):
        return _cmp.le.fast(self, other)

    def gt(self, other):
        return _cmp.gt.fast(self, other)

    def ge(self, other):
        return _cmp.ge.fast(self, other)

    def logical_not(self):
        return _cmp.logical_not.fast(self)

    def logical_and(self, other):
        return _cmp.logical_and.fast(self, other)

    def logical_or(self, other):
        return _cmp.logical_or.fast(self, other)

    def logical_xor(self, other):
        return _cmp.logical_xor.fast(self, other)

    def bitwise_not(self):
        return _cmp.bitwise_not.fast(self)

    def bitwise_and(self, other):
        return _cmp.bitwise_and.fast(self, other)

    def bitwise_or(self, other):
        return _cmp.bitwise_or.fast(self, other)

    def bitwise_xor(self, other):
        return _cmp.bitwise_xor.fast(self, other)

    # --- reductions ------------------------------------------------------------------------

    def sum(self, dim=None, keepdim=False, *, dtype=None):
        return _reduction.sum(self, dim, keepdim, dtype=dtype)

    def mean(self, dim=None, keepdim=False, *, dtype=None):
        return _reduction.mean(self, dim, keepdim, dtype=dtype)

    # --- linear algebra --------------------------------------------------------------------

    def matmul(self, other):
        return _linalg.matmul(self, other)

    def mm(self, mat2):
        return _linalg.mm(self, mat2)

    def mv(self, vec):
        return _linalg.mv(self, vec)

    def dot(self, tensor):
        return _linalg.dot(self, tensor)

    def bmm(self, mat2):
        return _linalg.bmm(self, mat2)

    def outer(self, vec2):
        return _linalg.outer(self, vec2)

    # --- shape -----------------------------------------------------------------------------

    def view(self, *shape, size=None):
        if len(shape) == 1 and isinstance(shape[0], _dtype.dtype):
            raise NotImplementedError("Tensor.view(dtype) is not supported by ember")
        return _shape.view_shape(self, *shape, size=size)

    def view_as(self, other):
        return _shape.view_shape(self, other.shape)

    def reshape(self, *shape, **kwargs):
        return _shape.reshape(self, *shape, **kwargs)

    def reshape_as(self, other):
        return _shape.reshape(self, other.shape)

    def flatten(self, start_dim=0, end_dim=-1):
        return _shape.flatten(self, start_dim, end_dim)

    def unflatten(self, dim, sizes):
        return _shape.unflatten(self, dim, sizes)

    def t(self):
        return _shape.t(self)

    def t_(self):
        raise NotImplementedError("in-place t_() is not supported by ember; use t()")

    def transpose(self, dim0, dim1):
        return _shape.transpose(self, dim0, dim1)

    def permute(self, *dims, **kwargs):
        return _shape.permute(self, *dims, **kwargs)

    def unsqueeze(self, dim):
        return _shape.unsqueeze(self, dim)

    def squeeze(self, dim=None):
        return _shape.squeeze(self, dim)

    def expand(self, *sizes, size=None):
        return _shape.expand(self, *sizes, size=size)

    def expand_as(self, other):
        return _shape.expand(self, other.shape)

    def unbind(self, dim=0):
        return _joining.unbind(self, dim)

    def select(self, dim, index):
        return _indexing.select(self, dim, index)

    # --- copies and conversion -------------------------------------------------------------

    def clone(self, *, memory_format=None):
        return _shape.clone(self)

    def contiguous(self, memory_format=None):
        return _shape.contiguous(self)

    def copy_(self, src, non_blocking=False):
        return _indexing.copy_.inplace(self, src)

    def fill_(self, value):
        return _indexing.fill(self, value)

    def zero_(self):
        return _indexing.zero_.inplace(self)

    def to(self, *args, **kwargs):
        return _conversion.to(self, *args, **kwargs)

    def type(self, dtype=None, non_blocking=False):
        return _conversion.type_(self, dtype)

    def type_as(self, other):
        return _conversion.to(self, other.dtype)

    def float(self):
        return _conversion.to(self, _dtype.float32)

    def double(self):
        return _conversion.to(self, _dtype.float64)

    def half(self):
        return _conversion.to(self, _dtype.float16)

    def long(self):
        return _conversion.to(self, _dtype.int64)

    def int(self):
        return _conversion.to(self, _dtype.int32)

    def short(self):
        return _conversion.to(self, _dtype.int16)

    def char(self):
        return _conversion.to(self, _dtype.int8)

    def byte(self):
        return _conversion.to(self, _dtype.uint8)

    def bool(self):
        return _conversion.to(self, _dtype.bool)

    def cpu(self):
        return self

    # --- random fills ----------------------------------------------------------------------

    def uniform_(self, from_=0.0, to=1.0, *, generator=None, **kwargs):
        low = kwargs.pop('from', from_)
        return _random.uniform_fill.inplace(self, low=low, high=to, generator=generator)

    def normal_(self, mean=0.0, std=1.0, *, generator=None):
        return _random.normal_fill.inplace(self, mean=mean, std=std, generator=generator)

    def bernoulli_(self, p=0.5, *, generator=None):
        return _random.bernoulli_fill.inplace(self, p=p, generator=generator)

    def bernoulli(self, p=None, *, generator=None):
        return _random.bernoulli(self, p, generator=generator)

    def exponential_(self, lambd=1.0, *, generator=None):
        return _random.exponential_fill.inplace(self, lambd=lambd, generator=generator)

    def geometric_(self, p, *, generator=None):
        return _random.geometric_fill.inplace(self, p=p, generator=generator)

    def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
        return _random.cauchy_fill.inplace(self, median=median, sigma=sigma, generator=generator)

    def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
        return _random.log_normal_fill.inplace(self, mean=mean, std=std, generator=generator)

    def random_(self, from_=0, to=None, *, generator=None, **kwargs):
        return _random.random_(self, kwargs.pop('from', from_), to, generator=generator)

    def multinomial(self, num_samples, replacement=False, *, generator=None):
        return _random.multinomial(self, num_samples, replacement, generator=generator)

    def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
        return _conversion.new_tensor(self, data, dtype, requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        return _conversion.new_filled(self, size, 0, dtype, requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
        return _conversion.new_filled(self, size, 1, dtype, requires_grad)

    def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False):
        return _conversion.new_filled(self, (size,), fill_value, dtype, requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        return _conversion.new_filled(self, size, 0, dtype, requires_grad)


def import_ops():
    """Bind the op modules the methods call (Note [Late import of ops])."""
    global _pw, _cmp, _reduction, _linalg, _shape, _indexing, _joining, _conversion, _random
    from ember.ops import comparison as _cmp
    from ember.ops import conversion as _conversion
    from ember.ops import indexing as _indexing
    from ember.ops import joining as _joining
    from ember.ops import linalg as _linalg
    from ember.ops import pointwise as _pw
    from ember.ops import random_ops as _random
    from ember.ops import reduction as _reduction
    from ember.ops import shape as _shape
