"""Matrix products: mm, mv, dot, bmm, outer, and matmul composed from them as torch does.

This module also gathers the torch-level names of the other matrix-product modules
(linalg_products, linalg_contract, linalg_geometry), which build on the products here.
"""

__all__ = ['matmul', 'mm', 'mv', 'dot', 'bmm', 'outer', 'addmm', 'addmv', 'addmv_', 'addr',
           'baddbmm', 'addbmm', 'vdot', 'inner', 'kron', 'ger', 'chain_matmul', 'einsum',
           'tensordot', 'cross', 'cdist']
from ember._tensor import c_type_name, legacy_type_name
from ember.ops._primitive import primitive
from ember.ops.broadcast import broadcast_pair
from ember.ops.shape import (contiguous, expand, reshape, squeeze_dim, squeeze_result, t,
                             transpose_dims, unsafe_view, unsqueeze_dim)

def _check_mm(input, mat2):
    a, b = input._data, mat2._data
    if a.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if b.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    if a.dtype != b.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{c_type_name(input.dtype)} != {c_type_name(mat2.dtype)}")
    (n, m), (k, p) = a.shape, b.shape
    if m != k:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({n}x{m} and {k}x{p})")


@primitive(check=_check_mm)
def mm(xp, input, mat2):
    return input @ mat2


def _mm_input_grad(grad, mat2):
    return mm(grad, t(mat2))


def _mm_mat2_grad(grad, input):
    return mm(t(input), grad)


mm.defvjp(_mm_input_grad, _mm_mat2_grad)


def _check_mv(input, vec):
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    if input._data.dtype != vec._data.dtype:
        raise RuntimeError(
            f"addmv input tensors must have the same dtype, but got {legacy_type_name(vec.dtype)}"
            f", {legacy_type_name(input.dtype)}, and {legacy_type_name(vec.dtype)}")
    (n, m), (k,) = input.shape, vec.shape
    if m != k:
        raise RuntimeError(f"size mismatch, got input ({n}), mat ({n}x{m}), vec ({k})")


@primitive(check=_check_mv)
def mv(xp, input, vec):
    return input @ vec


def _mv_input_grad(grad, vec):
    return outer(grad, vec)


def _mv_vec_grad(grad, input):
    return mv(t(input), grad)


mv.defvjp(_mv_input_grad, _mv_vec_grad)


def check_dot(input, tensor):
    """dot's checks, which vdot shares."""
    if input.ndim != 1 or tensor.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {tensor.ndim}D "
                           "tensors")
    if input._data.dtype != tensor._data.dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found "
                           f"{legacy_type_name(input.dtype)} and {legacy_type_name(tensor.dtype)}")
    n, m = input.shape[0], tensor.shape[0]
    if n != m:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to "
                           f"have the same number of elements, but got {n} and {m} elements "
                           "respectively")


@primitive(check=check_dot)
def dot(xp, input, tensor):
    return xp.dot(input, tensor)


def _dot_input_grad(grad, tensor):
    return grad * tensor


def _dot_tensor_grad(grad, input):
    return grad * input


dot.defvjp(_dot_input_grad, _dot_tensor_grad)


def _check_bmm(input, mat2):
    if input.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    (b, n, m), (b2, k, p) = input.shape, mat2.shape
    if (b2, k) != (b, m):
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{b}, {m}] but got: [{b2}, {k}].")
    if input._data.dtype != mat2._data.dtype:
        raise RuntimeError(f"expected scalar type {legacy_type_name(input.dtype)} but found "
                           f"{legacy_type_name(mat2.dtype)}")


@primitive(check=_check_bmm)
def bmm(xp, input, mat2):
    return xp.matmul(input, mat2)


def _bmm_input_grad(grad, mat2):
    return bmm(grad, transpose_dims(mat2, dim0=1, dim1=2))


def _bmm_mat2_grad(grad, input):
    return bmm(transpose_dims(input, dim0=1, dim1=2), grad)


bmm.defvjp(_bmm_input_grad, _bmm_mat2_grad)


def outer(input, vec2):
    """Matches `torch.outer` (a broadcast product, as in torch)."""
    return reshape(input, (input.shape[0], 1)) * vec2


def _mT(x):
    return transpose_dims(x, dim0=x.ndim - 2, dim1=x.ndim - 1)


# --- matmul ----------------------------------------------------------------------------------

def matmul(input, other, *, out=None):
    """Matches `torch.matmul`, decomposed into mm/mv/dot/bmm exactly as torch decomposes it, so
    that results carry the same grad_fn chain."""
    if out is not None:
        from ember.ops.linalg_common import write_out
        return write_out('matmul', matmul(input, other), out)
    dim1, dim2 = input.ndim, other.ndim
    if dim1 == 0 or dim2 == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{dim1}D and {dim2}D")
    if dim1 == 1 and dim2 == 1:
        return dot(input, other)
    if dim1 == 2 and dim2 == 1:
        return mv(input, other)
    if dim1 == 1 and dim2 == 2:
        return squeeze_result(mm(unsqueeze_dim(input, dim=0), other), dim=0)
    if dim1 == 2 and dim2 == 2:
        return mm(input, other)
    if _should_fold(input, other):
        return _folded_matmul(input, other)
    return _batched_matmul(input, other)


def _should_fold(tensor1, tensor2):
    """torch's test for computing a batched product as one mm/mv over folded batch dims."""
    larger, smaller = (tensor1, tensor2) if tensor1.ndim >= tensor2.ndim else (tensor2, tensor1)
    if not (larger.ndim >= 3 and smaller.ndim <= 2):
        return False
    if smaller.requires_grad:
        # folding avoids an expanded copy of `smaller` in the backward pass
        return True
    if tensor1.ndim == 2:
        return False
    if larger.numel() == 0:
        return True
    shape, strides = larger.shape, larger.stride()
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(larger.ndim - 2))


def _folded_matmul(tensor1, tensor2):
    transpose = tensor2.ndim > tensor1.ndim
    if transpose:
        big = _mT(tensor2)
        small = t(tensor1) if tensor1.ndim == 2 else tensor1
    else:
        big, small = tensor1, tensor2
    output_shape = big.shape[:-1]
    folded_rows = 1
    for size in output_shape:
        folded_rows *= size
    folded = reshape(big, (folded_rows, big.shape[-1]))
    if small.ndim == 2:
        output = unsafe_view(mm(folded, small), size=output_shape + (small.shape[1],))
        return contiguous(_mT(output)) if transpose else output
    return unsafe_view(mv(folded, small), size=output_shape)


def _batched_matmul(tensor1, tensor2):
    dim1, dim2 = tensor1.ndim, tensor2.ndim
    n = tensor1.shape[-2] if dim1 > 1 else 1
    m1 = tensor1.shape[-1]
    m2 = tensor2.shape[-2] if dim2 > 1 else tensor2.shape[0]
    p = tensor2.shape[-1] if dim2 > 1 else 1
    batch = broadcast_pair(tensor1.shape[:max(dim1 - 2, 0)], tensor2.shape[:max(dim2 - 2, 0)])
    batch_count = 1
    for size in batch:
        batch_count *= size
    expanded1 = reshape(expand(tensor1, batch + (n, m1)), (batch_count, n, m1))
    vector_rhs = dim2 == 1
    if vector_rhs:
        expanded2 = unsqueeze_dim(reshape(expand(tensor2, batch + (m2,)), (batch_count, m2)),
                                  dim=2)
    else:
        expanded2 = reshape(expand(tensor2, batch + (m2, p)), (batch_count, m2, p))
    output_shape = batch + ((n,) if dim1 > 1 else ()) + ((p,) if dim2 > 1 else ())
    product = bmm(expanded1, expanded2)
    if vector_rhs:
        product = squeeze_dim(product, dim=2)
    return unsafe_view(product, size=output_shape)


# the modules below build on the products above, so they come last
from ember.ops.linalg_contract import einsum, tensordot  # noqa: E402
from ember.ops.linalg_geometry import cdist, cross  # noqa: E402
from ember.ops.linalg_products import (addbmm, addmm, addmv, addmv_, addr,  # noqa: E402
                                       baddbmm, chain_matmul, ger, inner, kron, vdot)
