"""Fused and batched matrix products: addmm, addmv, addr, baddbmm, addbmm, vdot, inner, kron,
multi_dot and chain_matmul."""

__all__ = ['addmm', 'addmv', 'addmv_', 'addr', 'baddbmm', 'addbmm', 'vdot', 'inner', 'kron',
           'ger', 'chain_matmul', 'multi_dot']
import warnings

from ember._tensor import c_type_name, legacy_type_name, wrap_dim
from ember.ops import linalg as _mm
from ember.ops._primitive import Promote, primitive
from ember.ops.linalg import mm, mv, outer
from ember.ops.linalg_common import copy_out, write_out
from ember.ops.pointwise import mul
from ember.ops.shape import clone, expand, t, transpose_dims, unsafe_view, unsqueeze_dim, view


def _scaled(grad, factor):
    """torch's maybe_multiply: the gradient itself when the factor is one."""
    return grad if factor == 1 else grad * factor


def _integral_factor(value, kind):
    # NOTE: torch converts alpha and beta to an integer result's type, truncating 1.5 to 1
    #       (addr alone raises instead, in _check_addr)
    return int(value) if kind in 'iub' and isinstance(value, float) else value


def _combine(xp, input, product, beta, alpha):
    """beta * input + alpha * product, ignoring input (NaN included) when beta is 0."""
    kind = product.dtype.kind
    alpha = _integral_factor(alpha, kind)
    beta = _integral_factor(beta, kind)
    if alpha != 1:
        product = product * alpha
    if beta == 0:
        return product
    scaled = input if beta == 1 else input * beta
    if type(product) is xp.ndarray and xp.result_type(scaled, product) == product.dtype:
        # the product is a fresh array: add in place, sparing an allocation
        return xp.add(scaled, product, out=product)
    return (scaled + product).astype(product.dtype, copy=False)


def _check_expandable(input, sizes):
    """The errors torch's expand_size raises when `input` cannot be broadcast to `sizes`."""
    shape = tuple(input.shape)
    if len(sizes) < len(shape):
        raise RuntimeError(
            f"expand(torch.{legacy_type_name(input.dtype)}Tensor{{{list(shape)}}}, "
            f"size={list(sizes)}): the number of sizes provided ({len(sizes)}) must be greater "
            f"or equal to the number of dimensions in the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    for i in reversed(range(len(shape))):
        size = shape[i]
        if size != 1 and size != sizes[lead + i]:
            raise RuntimeError(
                f"The expanded size of the tensor ({sizes[lead + i]}) must match the existing "
                f"size ({size}) at non-singleton dimension {lead + i}.  Target sizes: "
                f"{list(sizes)}.  Tensor sizes: {list(shape)}")


# --- addmm -----------------------------------------------------------------------------------

def _check_addmm(input, mat1, mat2, *, beta=1, alpha=1):
    a, m1, m2 = input._data, mat1._data, mat2._data
    if a.dtype is m2.dtype is m1.dtype and m1.ndim == 2 == m2.ndim and \
            m1.shape[1] == m2.shape[0] and _bias_fits(a.shape, m1.shape[0], m2.shape[1]):
        return  # the common case, checked without building messages
    _check_addmm_operands(input, mat1, mat2)
    _check_expandable(input, (mat1.shape[0], mat2.shape[1]))


def _bias_fits(shape, rows, cols):
    if len(shape) == 1:
        return shape[0] == cols or shape[0] == 1
    if len(shape) == 2:
        return shape[0] in (rows, 1) and shape[1] in (cols, 1)
    return not shape


def _check_addmm_operands(input, mat1, mat2):
    if input._data.dtype != mat2._data.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got "
                           f"{legacy_type_name(input.dtype)} and {legacy_type_name(mat2.dtype)}")
    if mat1._data.dtype != mat2._data.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                           f"{legacy_type_name(mat1.dtype)} and {legacy_type_name(mat2.dtype)}")
    for name, mat in (('mat1', mat1), ('mat2', mat2)):
        if mat.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {mat.ndim}-D tensor")
    (n, m), (k, p) = mat1.shape, mat2.shape
    if m != k:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({n}x{m} and {k}x{p})")


@primitive(check=_check_addmm)
def addmm(xp, input, mat1, mat2, *, beta=1, alpha=1):
    return _combine(xp, input, mat1 @ mat2, beta, alpha)


def _addmm_input_grad(grad, beta):
    return _scaled(grad, beta)


def _addmm_mat1_grad(grad, mat2, alpha):
    return _scaled(mm(grad, t(mat2)), alpha)


def _addmm_mat2_grad(grad, mat1, alpha):
    return _scaled(mm(t(mat1), grad), alpha)


addmm.defvjp(_addmm_input_grad, _addmm_mat1_grad, _addmm_mat2_grad)


# --- addmv -----------------------------------------------------------------------------------

def _check_addmv(input, mat, vec, *, beta=1, alpha=1):
    dtypes = (input._data.dtype, mat._data.dtype, vec._data.dtype)
    if len(set(dtypes)) > 1:
        names = [legacy_type_name(x.dtype) for x in (input, mat, vec)]
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {names[0]}, "
                           f"{names[1]}, and {names[2]}")
    if mat.ndim != 2 or vec.ndim != 1 or input.ndim > 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {input.ndim}, {mat.ndim}, "
                           f"{vec.ndim}")
    (n, m), (k,) = mat.shape, vec.shape
    if m != k or (n != input.numel() and input.numel() != 1):
        if input.ndim == 0:
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        raise RuntimeError(f"size mismatch, got input ({input.shape[0]}), mat ({n}x{m}), vec "
                           f"({k})")


@primitive(check=_check_addmv)
def addmv(xp, input, mat, vec, *, beta=1, alpha=1):
    return _combine(xp, input, mat @ vec, beta, alpha)


def _addmv_mat_grad(grad, vec, alpha):
    return outer(grad, vec) * alpha


def _addmv_vec_grad(grad, mat, alpha):
    return mv(t(mat), grad) * alpha


addmv.defvjp(_addmm_input_grad, _addmv_mat_grad, _addmv_vec_grad)


# --- addr ------------------------------------------------------------------------------------

def _check_addr(input, vec1, vec2, *, beta=1, alpha=1):
    for name, vec in (('vec1', vec1), ('vec2', vec2)):
        if vec.ndim != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {vec.ndim}-D")
    _check_expandable(input, (vec1.shape[0], vec2.shape[0]))
    kinds = {x._data.dtype.kind for x in (input, vec1, vec2)}
    result_bool = kinds == {'b'}
    result_integral = not kinds & set('fc')
    for name, value in (('beta', beta), ('alpha', alpha)):
        if isinstance(value, bool) and not result_bool:
            raise RuntimeError(f"Boolean {name} only supported for Boolean results.")
        if result_integral and isinstance(value, float):
            raise RuntimeError(f"For integral input tensors, argument {name} must not be a "
                               "floating point number.")


@primitive(Promote.COMMON, check=_check_addr)
def addr(xp, input, vec1, vec2, *, beta=1, alpha=1):
    return _combine(xp, input, xp.multiply.outer(vec1, vec2), beta, alpha)


def _as_dtype_of(x, reference):
    # addr promotes its inputs, so the gradient may be wider than a saved vector
    return x if x.dtype is reference.dtype else x.to(reference.dtype)


def _addr_vec1_grad(grad, vec2, alpha):
    return mv(grad, _as_dtype_of(vec2, grad)) * alpha


def _addr_vec2_grad(grad, vec1, alpha):
    return mv(t(grad), _as_dtype_of(vec1, grad)) * alpha


addr.defvjp(_addmm_input_grad, _addr_vec1_grad, _addr_vec2_grad)


# --- baddbmm and addbmm ----------------------------------------------------------------------

def _size(x, dim):
    return x.shape[wrap_dim(dim, x.ndim)]


def _check_batch_operands(batch1, batch2):
    for name, batch in (('batch1', batch1), ('batch2', batch2)):
        if batch.ndim != 3:
            raise RuntimeError(f"{name} must be a 3D tensor")


def _check_baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    out_shape = (_size(batch1, 0), _size(batch1, 1), _size(batch2, 2))
    _check_expandable(input, out_shape)
    if input._data.dtype != batch1._data.dtype:
        names = [c_type_name(x.dtype) for x in (input, batch1, batch2)]
        raise RuntimeError(f"Input dtypes must be the same, got: input {names[0]}, batch1: "
                           f"{names[1]}, batch2: {names[2]}")
    _check_batch_operands(batch1, batch2)
    (b, n, m), (b2, k, _) = batch1.shape, batch2.shape
    if (b2, k) != (b, m):
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{b}, {m}] but got: [{b2}, {k}].")
    if batch1._data.dtype != batch2._data.dtype:
        raise RuntimeError(f"expected scalar type {legacy_type_name(batch1.dtype)} but found "
                           f"{legacy_type_name(batch2.dtype)}")


@primitive(check=_check_baddbmm)
def baddbmm(xp, input, batch1, batch2, *, beta=1, alpha=1):
    return _combine(xp, input, xp.matmul(batch1, batch2), beta, alpha)


def _baddbmm_batch1_grad(grad, batch2, alpha):
    return _mm.bmm(grad, transpose_dims(batch2, dim0=1, dim1=2)) * alpha


def _baddbmm_batch2_grad(grad, batch1, alpha):
    return _mm.bmm(transpose_dims(batch1, dim0=1, dim1=2), grad) * alpha


baddbmm.defvjp(_addmm_input_grad, _baddbmm_batch1_grad, _baddbmm_batch2_grad)


def _check_addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    _check_expandable(input, (_size(batch1, 1), _size(batch2, 2)))
    _check_batch_operands(batch1, batch2)
    (b, n, m), (b2, k, p) = batch1.shape, batch2.shape
    if b != b2:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got {b} and "
                           f"{b2}")
    if m != k:
        raise RuntimeError(f"Incompatible matrix sizes for bmm ({n}x{m} and {k}x{p})")
    if input._data.dtype != batch2._data.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got "
                           f"{legacy_type_name(input.dtype)} and {legacy_type_name(batch2.dtype)}")
    if batch1._data.dtype != batch2._data.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                           f"{legacy_type_name(batch1.dtype)} and "
                           f"{legacy_type_name(batch2.dtype)}")


@primitive(check=_check_addbmm)
def addbmm(xp, input, batch1, batch2, *, beta=1, alpha=1):
    product = xp.matmul(batch1, batch2).sum(axis=0, dtype=batch1.dtype)
    return _combine(xp, input, product, beta, alpha)


def _expanded_grad(grad, batch1, batch2):
    shape = (batch1.shape[0], batch1.shape[1], batch2.shape[2])
    return expand(unsqueeze_dim(grad, dim=0), shape)


def _addbmm_batch1_grad(grad, batch1, batch2, alpha):
    expanded = _expanded_grad(grad, batch1, batch2)
    return _mm.bmm(expanded, transpose_dims(batch2, dim0=1, dim1=2)) * alpha


def _addbmm_batch2_grad(grad, batch1, batch2, alpha):
    expanded = _expanded_grad(grad, batch1, batch2)
    return _mm.bmm(transpose_dims(batch1, dim0=1, dim1=2), expanded) * alpha


addbmm.defvjp(_addmm_input_grad, _addbmm_batch1_grad, _addbmm_batch2_grad)


# --- in-place forms: the input is the result, so it must have the result's shape ---------------

def _check_inplace_shape(input, shape):
    if tuple(input.shape) != tuple(shape):
        raise RuntimeError(f"Bad in-place call: input tensor size {list(input.shape)} and output "
                           f"tensor size {list(shape)} should match")


def addmm_(input, mat1, mat2, *, beta=1, alpha=1):
    """Matches `Tensor.addmm_`."""
    _check_addmm_operands(input, mat1, mat2)
    _check_inplace_shape(input, (mat1.shape[0], mat2.shape[1]))
    return addmm.inplace(input, mat1, mat2, beta=beta, alpha=alpha)


def addmv_(input, mat, vec, *, beta=1, alpha=1):
    """Matches `torch.addmv_` and `Tensor.addmv_`."""
    _check_addmv(input, mat, vec)
    _check_inplace_shape(input, (mat.shape[0],))
    return addmv.inplace(input, mat, vec, beta=beta, alpha=alpha)


def addr_(input, vec1, vec2, *, beta=1, alpha=1):
    """Matches `Tensor.addr_`."""
    if input.ndim != 2:
        raise RuntimeError(f"2D tensor expected, got {input.ndim}D tensor for input")
    return addr.inplace(input, vec1, vec2, beta=beta, alpha=alpha)


def baddbmm_(input, batch1, batch2, *, beta=1, alpha=1):
    """Matches `Tensor.baddbmm_`."""
    _check_baddbmm(input, batch1, batch2)
    _check_inplace_shape(input, (batch1.shape[0], batch1.shape[1], batch2.shape[2]))
    return baddbmm.inplace(input, batch1, batch2, beta=beta, alpha=alpha)


def ger(input, vec2):
    """Matches `torch.ger`, an alias of torch.outer."""
    return outer(input, vec2)


# --- vdot, inner, kron -----------------------------------------------------------------------

def _check_vdot(input, other):
    _mm.check_dot(input, other)


@primitive(check=_check_vdot)
def vdot(xp, input, other):
    return xp.vdot(input, other).astype(input.dtype)


def _vdot_input_grad(grad, other):
    return grad * other


def _vdot_other_grad(grad, input):
    return grad * input


vdot.defvjp(_vdot_input_grad, _vdot_other_grad)


def inner(input, other, *, out=None):
    """Matches `torch.inner`."""
    if input.ndim == 0 or other.ndim == 0:
        return copy_out(mul(input, other), out)
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but "
                           f"got shapes {list(input.shape)} and {list(other.shape)}")
    from ember.ops.linalg_contract import tensordot_dims
    return copy_out(tensordot_dims(input, other, [-1], [-1]), out)


def kron(input, other, *, out=None):
    """Matches `torch.kron`: interleaved views of both operands, multiplied."""
    ndim = max(input.ndim, other.ndim)
    pad_input, pad_other = ndim - input.ndim, ndim - other.ndim
    input_shape, other_shape, result_shape = [], [], []
    for i in range(ndim):
        a = input.shape[i - pad_input] if i >= pad_input else 1
        b = other.shape[i - pad_other] if i >= pad_other else 1
        input_shape += [a, 1]
        other_shape += [1, b]
        result_shape.append(a * b)
    product = mul(unsafe_view(input, size=tuple(input_shape)),
                  unsafe_view(other, size=tuple(other_shape)))
    return write_out('mul', unsafe_view(product, size=tuple(result_shape)), out)


# --- chains of products ----------------------------------------------------------------------

def _chain_order(shapes):
    """The cheapest parenthesisation of a matrix chain (Cormen et al., 15.2): split[i][j]."""
    n = len(shapes)
    dims = [shape[0] for shape in shapes] + [shapes[-1][1]]
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                q = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if cost[i][j] is None or q < cost[i][j]:
                    cost[i][j] = q
                    split[i][j] = k
    return split


def _chain_product(tensors, split, i, j):
    if i == j:
        return tensors[i]
    return mm(_chain_product(tensors, split, i, split[i][j]),
              _chain_product(tensors, split, split[i][j] + 1, j))


def _check_multi_dot(tensors):
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    for position, which in ((0, 'first'), (n - 1, 'last')):
        if tensors[position].ndim not in (1, 2):
            raise RuntimeError(f"multi_dot(): the {which} tensor must be 1D or 2D but got "
                               f"{tensors[position].ndim}D")
    for i in range(1, n - 1):
        if tensors[i].ndim != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {tensors[i].ndim}D")


def multi_dot(tensors, *, out=None):
    """Matches `torch.linalg.multi_dot`."""
    tensors = list(tensors)
    _check_multi_dot(tensors)
    n = len(tensors)
    out_shape = []
    matrices = list(tensors)
    if tensors[0].ndim == 1:
        matrices[0] = unsqueeze_dim(tensors[0], dim=0)
    else:
        out_shape.append(tensors[0].shape[0])
    if tensors[-1].ndim == 1:
        matrices[-1] = unsqueeze_dim(tensors[-1], dim=1)
    else:
        out_shape.append(tensors[-1].shape[1])
    for i in range(1, n):
        if matrices[i]._data.dtype != matrices[0]._data.dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor "
                               f"0 is {c_type_name(matrices[0].dtype)} and tensor {i} "
                               f"{c_type_name(matrices[i].dtype)}")
        if matrices[i - 1].shape[-1] != matrices[i].shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i - 1} and {i} with shapes "
                               f"{list(tensors[i - 1].shape)} and {list(tensors[i].shape)} cannot "
                               "be multiplied")
    if n == 2:
        result = mm(matrices[0], matrices[1])
    elif n == 3:
        a, b = matrices[0].shape[0], matrices[1].shape[0]
        c, d = matrices[2].shape
        if (a * c) * (b + d) > (b * d) * (a + c):
            result = mm(matrices[0], mm(matrices[1], matrices[2]))
        else:
            result = mm(mm(matrices[0], matrices[1]), matrices[2])
    else:
        result = _chain_product(matrices, _chain_order([m.shape for m in matrices]), 0, n - 1)
    return write_out('mm', view(result, size=tuple(out_shape)), out)


def chain_matmul(*matrices, out=None):
    """Matches `torch.chain_matmul` (deprecated there, with the same warning)."""
    warnings.warn("torch.chain_matmul is deprecated and will be removed in a future PyTorch "
                  "release. Use torch.linalg.multi_dot instead, which accepts a list of two or "
                  "more tensors rather than multiple parameters.", UserWarning, stacklevel=2)
    for matrix in matrices:
        if matrix.ndim != 2:
            raise RuntimeError(f"Tensor dimension is {matrix.ndim}, expected 2 instead.")
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    if len(matrices) == 1:
        return copy_out(clone(matrices[0]), out)
    return multi_dot(matrices, out=out)
