"""Tensor contractions: einsum and tensordot, reduced to permutes, reshapes and (batched)
matrix products step by step as torch reduces them, so that results carry torch's grad_fn."""

__all__ = ['einsum', 'tensordot']
import numbers

from ember._tensor import Tensor, wrap_dim
from ember.ops.diagonal import diagonal
from ember.ops.linalg import bmm, mm
from ember.ops.linalg_common import copy_out
from ember.ops.pointwise import mul
from ember.ops.rearrange import movedim
from ember.ops.reduction import reduction_dims, sum_dim
from ember.ops.shape import permute_dims, reshape, unsqueeze_dim, view

_LETTERS = 26
_ELLIPSIS = 2 * _LETTERS   # label code of '...', after the 52 letters


# --- tensordot -------------------------------------------------------------------------------

def _dim_set(dims, ndim):
    """torch's dim_list_to_bitset: the wrapped dims, each at most once."""
    seen = set()
    for d in dims:
        d = wrap_dim(d, ndim)
        if d in seen:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        seen.add(d)
    return seen


def tensordot_dims(input1, input2, dims1, dims2):
    """tensordot over explicit dim lists: sum out broadcast dims, permute the contracted dims
    together, and reshape both operands into matrices for one mm."""
    if len(dims1) != len(dims2):
        raise RuntimeError("both dimension lists should have same length")
    if input1._data.dtype != input2._data.dtype:
        raise RuntimeError("both inputs should have same dtype")
    contracted = 1
    t1, t2 = input1, input2
    for d1, d2 in zip(dims1, dims2):
        s1 = input1.shape[wrap_dim(d1, input1.ndim)]
        s2 = input2.shape[wrap_dim(d2, input2.ndim)]
        if s2 == 1:
            # a broadcast dim can be summed right away
            t1 = sum_dim(t1, dim=reduction_dims(d1, t1.ndim), keepdim=True)
        elif s1 == 1:
            t2 = sum_dim(t2, dim=reduction_dims(d2, t2.ndim), keepdim=True)
        elif s1 != s2:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {s1} in "
                               f"dim {d1} and second has size {s2} in dim {d2}")
        else:
            contracted *= s1
    contracted1 = _dim_set(dims1, input1.ndim)
    contracted2 = _dim_set(dims2, input2.ndim)
    kept1 = [i for i in range(input1.ndim) if i not in contracted1]
    kept2 = [i for i in range(input2.ndim) if i not in contracted2]
    size1 = size2 = 1
    for i in kept1:
        size1 *= t1.shape[i]
    for i in kept2:
        size2 *= t2.shape[i]
    result_shape = [t1.shape[i] for i in kept1] + [t2.shape[i] for i in kept2]
    order1 = kept1 + [wrap_dim(d, input1.ndim) for d in dims1]
    order2 = [wrap_dim(d, input2.ndim) for d in dims2] + kept2
    matrix1 = reshape(permute_dims(t1, dims=tuple(order1)), (size1, contracted))
    matrix2 = reshape(permute_dims(t2, dims=tuple(order2)), (contracted, size2))
    return reshape(mm(matrix1, matrix2), tuple(result_shape))


def _dims_list(dims, name, position):
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"tensordot(): argument '{name}' (position {position}) must be tuple of "
                        f"ints, not {type(dims).__name__}")
    return [int(d) for d in dims]


def tensordot(a, b, dims=2, out=None):
    """Matches `torch.tensordot`."""
    return copy_out(_tensordot(a, b, dims), out)


def _tensordot(a, b, dims):
    if isinstance(dims, bool) or not isinstance(dims, (tuple, list, Tensor, numbers.Integral)):
        raise RuntimeError("tensordot expects dims to be int or tuple[list[int], list[int]] or "
                           "list[list[int]] containing two lists, but got "
                           f"dims={dims}")
    if isinstance(dims, (tuple, list)):
        dims_a, dims_b = dims
        return tensordot_dims(a, b, _dims_list(dims_a, 'dims_self', 3),
                              _dims_list(dims_b, 'dims_other', 4))
    if isinstance(dims, Tensor):
        if dims.numel() > 1:
            if dims.shape[0] != 2:
                raise AssertionError(f"dims tensor must have size 2 in first dimension, got "
                                     f"{dims.shape[0]}")
            return tensordot_dims(a, b, dims[0].tolist(), dims[1].tolist())
        count = int(dims.item())
        if count < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        return tensordot_dims(a, b, list(range(-count, 0)), list(range(count)))
    if dims < 0:
        raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
    if dims > min(a.ndim, b.ndim):
        raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
    return tensordot_dims(a, b, list(range(-dims, 0)), list(range(dims)))


# --- einsum ----------------------------------------------------------------------------------

def _code(label):
    """A letter's label code: 'A'-'Z' are 0-25, 'a'-'z' are 26-51 (torch's order)."""
    return ord(label) - ord('A') if label.isupper() else ord(label) - ord('a') + _LETTERS


def _letter(code):
    return chr(code + ord('A')) if code < _LETTERS else chr(code - _LETTERS + ord('a'))


def _is_letter(char):
    return char.isascii() and char.isalpha()


def _parse_operands(lhs, num_ops):
    """The label codes of each operand's dims, _ELLIPSIS standing for '...'."""
    labels = [[] for _ in range(num_ops)]
    current = 0
    seen_ellipsis = False
    i = 0
    while i < len(lhs):
        char = lhs[i]
        if char == ' ':
            pass
        elif char == '.':
            if seen_ellipsis:
                raise RuntimeError(f"einsum(): found '.' for operand {current} for which an "
                                   "ellipsis was already found")
            if not (i + 2 < len(lhs) and lhs[i + 1] == '.' and lhs[i + 2] == '.'):
                raise RuntimeError(f"einsum(): found '.' for operand {current} that is not part "
                                   "of any ellipsis")
            i += 2
            labels[current].append(_ELLIPSIS)
            seen_ellipsis = True
        elif char == ',':
            current += 1
            if current >= num_ops:
                raise RuntimeError("einsum(): fewer operands were provided than specified in the "
                                   "equation")
            seen_ellipsis = False
        elif _is_letter(char):
            labels[current].append(_code(char))
        else:
            raise RuntimeError(f"einsum(): invalid subscript given at index {i} in the equation "
                               "string, subscripts must be in [a-zA-Z]")
        i += 1
    if current != num_ops - 1:
        raise RuntimeError("einsum(): more operands were provided than specified in the "
                           "equation")
    return labels


def _output_positions(rhs, lhs_length, label_count, ell_dims):
    """Each output label's position, the ellipsis position, and the number of output dims."""
    positions = {}
    position = 0
    ell_index = None
    i = 0
    while i < len(rhs):
        char = rhs[i]
        if char == ' ':
            pass
        elif char == '.':
            if ell_index is not None:
                raise RuntimeError("einsum(): found '.' for output but an ellipsis (...) was "
                                   "already found")
            if not (i + 2 < len(rhs) and rhs[i + 1] == '.' and rhs[i + 2] == '.'):
                raise RuntimeError("einsum(): found '.' for output that is not part of any "
                                   "ellipsis (...)")
            i += 2
            ell_index = position
            position += ell_dims
        elif _is_letter(char):
            code = _code(char)
            if label_count[code] == 0 or code in positions:
                why = ('appears more than once in the output' if code in positions
                       else 'does not appear in the equation for any input operand')
                raise RuntimeError(f"einsum(): output subscript {char} {why}")
            positions[code] = position
            position += 1
        else:
            raise RuntimeError(f"einsum(): invalid subscript given at index {lhs_length + 2 + i} "
                               "in the equation string, subscripts must be in [a-zA-Z]")
        i += 1
    return positions, ell_index, position


def einsum(*args):
    """Matches `torch.einsum`, including the sublist format; operands are contracted left to
    right (as torch does without opt_einsum)."""
    if len(args) < 2:
        raise ValueError("einsum(): must specify the equation string and at least one operand, "
                         "or at least one operand and its subscripts list")
    if isinstance(args[0], Tensor):
        equation = ','.join(''.join(_sublist_label(s) for s in sub) for sub in args[1::2])
        if len(args) % 2 == 1:
            equation += '->' + ''.join(_sublist_label(s) for s in args[-1])
            operands = args[:-1:2]
        else:
            operands = args[::2]
    else:
        equation, operands = args[0], args[1:]
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        return einsum(equation, *operands[0])
    return _einsum(equation, list(operands))


def _sublist_label(s):
    if s is Ellipsis:
        return '...'
    if 0 <= s < _LETTERS:
        return chr(ord('A') + s)
    if _LETTERS <= s < 2 * _LETTERS:
        return chr(ord('a') + s - _LETTERS)
    raise ValueError("einsum(): subscript in subscript list is not within the valid range "
                     "[0, 52)")


def _einsum(equation, operands):
    num_ops = len(operands)
    if num_ops == 0:
        raise RuntimeError("einsum(): must provide at least one operand")
    arrow = equation.find('->')
    lhs = equation if arrow < 0 else equation[:arrow]
    op_labels = _parse_operands(lhs, num_ops)
    label_count = [0] * (2 * _LETTERS)
    ell_dims = 0
    for i, (operand, labels) in enumerate(zip(operands, op_labels)):
        has_ellipsis = _ELLIPSIS in labels
        count = len(labels) - has_ellipsis
        for code in labels:
            if code != _ELLIPSIS:
                label_count[code] += 1
        if has_ellipsis:
            ell_dims = max(ell_dims, operand.ndim - count)
            if count > operand.ndim:
                raise RuntimeError(f"einsum(): the number of subscripts in the equation ({count}) "
                                   f"is more than the number of dimensions ({operand.ndim}) for "
                                   f"operand {i}")
        elif count != operand.ndim:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({count}) "
                               f"does not match the number of dimensions ({operand.ndim}) for "
                               f"operand {i} and no ellipsis was given")
    if arrow < 0:
        # implicit output: the ellipsis dims, then the labels used once, in label order
        ell_index = 0
        positions = {}
        for code in range(2 * _LETTERS):
            if label_count[code] == 1:
                positions[code] = ell_dims + len(positions)
        out_dims = ell_dims + len(positions)
    else:
        positions, ell_index, out_dims = _output_positions(
            equation[arrow + 2:], len(lhs), label_count, ell_dims)
    total = out_dims
    if ell_index is None:
        ell_index = total
        total += ell_dims
    for code in range(2 * _LETTERS):
        if label_count[code] > 0 and code not in positions:
            positions[code] = total
            total += 1
    ops, dim_counts = _align_operands(operands, op_labels, positions, ell_index, ell_dims, total)
    while len(ops) > 1:
        a, b = ops.pop(0), ops.pop(0)
        sum_dims, a_sums, b_sums = [], [], []
        for d in range(out_dims, total):
            if a.shape[d] != 1 and b.shape[d] != 1:
                dim_counts[d] -= 1
                if dim_counts[d] == 1:
                    sum_dims.append(d)
                    dim_counts[d] = 0
            elif dim_counts[d] == 1:
                if a.shape[d] != 1:
                    a_sums.append(d)
                    dim_counts[d] = 0
                elif b.shape[d] != 1:
                    b_sums.append(d)
                    dim_counts[d] = 0
        if a_sums:
            a = sum_dim(a, dim=tuple(a_sums), keepdim=True)
        if b_sums:
            b = sum_dim(b, dim=tuple(b_sums), keepdim=True)
        ops.insert(0, _sumproduct_pair(a, b, sum_dims))
    result = ops[0]
    if total > out_dims:
        if num_ops > 1:
            return view(result, size=tuple(result.shape[:out_dims]))
        return sum_dim(result, dim=tuple(range(out_dims, total)), keepdim=False)
    return result


def _align_operands(operands, op_labels, positions, ell_index, ell_dims, total):
    """Each operand with diagonals taken for repeated labels, size-1 dims for missing labels,
    and its dims permuted into the common order; and how many operands have each dim."""
    label_size = {}
    ell_sizes = [1] * ell_dims
    dim_counts = [0] * total
    aligned = []
    for i, operand in enumerate(operands):
        op = operand
        permutation = [-1] * total
        dim = 0
        labels = op_labels[i]
        for code in labels:
            if code == _ELLIPSIS:
                covered = operand.ndim - (len(labels) - 1)
                for j in range(ell_dims - covered, ell_dims):
                    size = op.shape[dim]
                    if size != 1:
                        if ell_sizes[j] != 1 and ell_sizes[j] != size:
                            raise RuntimeError(
                                f"einsum(): dimension {dim} covered by ellipsis in operand "
                                f"{i}has size {size} which does not broadcast with previously "
                                f"seen ellipsis with size {ell_sizes[j]} for the respective "
                                "dimension")
                        ell_sizes[j] = size
                        dim_counts[ell_index + j] += 1
                    permutation[ell_index + j] = dim
                    dim += 1
            elif permutation[positions[code]] == -1:
                size = op.shape[dim]
                if size != 1:
                    seen = label_size.get(code, 1)
                    if seen != 1 and seen != size:
                        raise RuntimeError(
                            f"einsum(): subscript {_letter(code)} has size {size} for operand "
                            f"{i} which does not broadcast with previously seen size {seen}")
                    label_size[code] = size
                    dim_counts[positions[code]] += 1
                permutation[positions[code]] = dim
                dim += 1
            else:
                previous = permutation[positions[code]]
                if op.shape[dim] != op.shape[previous]:
                    raise RuntimeError(
                        f"einsum(): subscript {_letter(code)} is repeated for operand {i} but the "
                        f"sizes don't match, {op.shape[dim]} != {op.shape[previous]}")
                op = movedim(diagonal(op, 0, previous, dim), -1, previous)
        for index, value in enumerate(permutation):
            if value == -1:
                op = unsqueeze_dim(op, dim=dim)
                permutation[index] = dim
                dim += 1
        aligned.append(permute_dims(op, dims=tuple(permutation)))
    return aligned, dim_counts


def _sumproduct_pair(left, right, sum_dims):
    """(left * right).sum(sum_dims, keepdim=True) through one bmm, as torch computes it."""
    if not sum_dims:
        return mul(left, right)
    ndim = left.ndim
    summed = set(sum_dims)
    both, left_only, right_only = [], [], []
    both_size = left_size = right_size = sum_size = 1
    for i in range(ndim):
        in_left, in_right = left.shape[i] != 1, right.shape[i] != 1
        if i in summed:
            if in_left and in_right:
                if left.shape[i] != right.shape[i]:
                    raise RuntimeError("non-broadcast dimensions must match")
                sum_size *= left.shape[i]
            elif in_left:
                left = sum_dim(left, dim=(i,), keepdim=True)
            elif in_right:
                right = sum_dim(right, dim=(i,), keepdim=True)
        elif in_left and in_right:
            if left.shape[i] != right.shape[i]:
                raise RuntimeError("non-broadcast dimensions must match")
            both.append(i)
            both_size *= left.shape[i]
        elif in_left:
            left_only.append(i)
            left_size *= left.shape[i]
        else:
            right_only.append(i)
            right_size *= right.shape[i]
    out_size = ([left.shape[d] for d in both] + [left.shape[d] for d in left_only]
                + [1] * len(sum_dims) + [right.shape[d] for d in right_only])
    left_order = both + left_only + list(sum_dims) + right_only
    right_order = both + list(sum_dims) + right_only + left_only
    out_order = [0] * ndim
    for position, d in enumerate(both + left_only + list(sum_dims) + right_only):
        out_order[d] = position
    left = reshape(permute_dims(left, dims=tuple(left_order)), (both_size, left_size, sum_size))
    right = reshape(permute_dims(right, dims=tuple(right_order)),
                    (both_size, sum_size, right_size))
    result = view(bmm(left, right), size=tuple(out_size))
    return permute_dims(result, dims=tuple(out_order))
