"""Which batching rule each primitive uses, and the rules for matrix products and losses."""
import numpy as np

import ember
from ember._tensor import Tensor
from ember.func import _rules
from ember.func._batched import batched
from ember.func._rules import (DECOMPOSITIONS, INT_DIM, RULES, elementwise, embedding_rule,
                               fallback, index_rule, index_select_rule, reduce_dims, trailing,
                               whole, with_dims, _physical, _run)
from ember.ops import (advanced_indexing, nn_attention,
                       nn_conv, nn_conv_adaptive, nn_conv_pool, nn_conv_resample, nn_loss_bce,
                       scatter_index, scatter_masked, comparison, diagonal, elementwise_binary,
                       elementwise_clamp, elementwise_compare, elementwise_rounding,
                       elementwise_ternary, elementwise_unary, indexing, joining, linalg,
                       linalg_cholesky, linalg_geometry, linalg_norms, linalg_products,
                       linalg_solve, decompositions, nn_activation, nn_activation_smooth,
                       nn_activation_softmax, nn_basic, nn_conv_pad, nn_loss, nn_loss_nll,
                       nn_norm, pointwise, random_ops, rearrange, reduction, scan,
                       scatter_gather, shape, sorting, statistics)
from ember.ops._primitive import Primitive

# NOTE: ops are found through the modules that define them: a module may hold several
# primitives of one name (prod with and without dim), so they are told apart by settings.


def _primitives(module):
    seen = []
    for value in vars(module).values():
        if isinstance(value, Primitive) and value.forward.__module__ == module.__name__ \
                and value not in seen:
            seen.append(value)
    return seen


def _named(module, name, with_dim=None):
    for op in _primitives(module):
        if op.name == name and (with_dim is None or ('dim' in op.defaults) == with_dim):
            return op
    raise LookupError(name)


RANDOM = frozenset(_primitives(random_ops))

_ELEMENTWISE_MODULES = (pointwise, comparison, elementwise_binary, elementwise_clamp,
                        elementwise_compare, elementwise_rounding, elementwise_ternary,
                        elementwise_unary, nn_activation, nn_activation_smooth)
_NOT_ELEMENTWISE = {'glu', 'glu_backward', '_prelu_kernel', '_prelu_kernel_backward'}


def _register():
    for module in _ELEMENTWISE_MODULES:
        for op in _primitives(module):
            if op.name not in _NOT_ELEMENTWISE and op not in RANDOM:
                RULES[op] = elementwise
    # with randomness='different' a fill over the whole physical batch is one draw per sample
    for op in RANDOM:
        RULES[op] = elementwise
    for op in (indexing.copy_, indexing.fill_scalar, indexing.zero_, shape.alias,
               shape.clone_tensor, shape.to_dtype, shape.copy_to_new,
               _named(nn_loss, 'div_by_number'), diagonal.tril_part, diagonal.triu_part):
        RULES[op] = elementwise
    RULES[indexing.fill_tensor] = _fill_tensor
    # ops with dims
    dim_ops = [indexing.select_index, indexing.slice_dim, joining.cat_tensors,
               joining.stack_tensors, joining.unbind_dim, joining.split_equal,
               joining.split_with_sizes_dim,
               shape.transpose_dims, shape.unsqueeze_dim, shape.squeeze_dim,
               shape.squeeze_dims, diagonal.diagonal_view, diagonal.diagonal_copy_dims,
               diagonal.diag_embed_dims, rearrange.flip_dims, rearrange.rot90_dims,
               scan.cumsum_dim, scan.cumprod_dim, scan.cummax_dim, scan.cummin_dim,
               linalg_geometry.cross_op, scatter_gather._gather,
               scatter_gather._scatter_add, scatter_gather._scatter_reduce]
    dim_ops += [op for op in _primitives(nn_activation_softmax)]
    dim_ops += [_named(nn_activation_smooth, 'glu'), _named(nn_activation_smooth, 'glu_backward')]
    dim_ops += [op for op in _primitives(scatter_gather) if op.name == 'scatter']
    dim_ops += [op for op in _primitives(sorting) if 'dim' in op.defaults
                and op.name not in ('unique_dim', 'unique_consecutive')]
    for op in dim_ops:
        RULES[op] = with_dims
    RULES[shape.squeeze_result] = with_dims
    RULES[shape.permute_dims] = _rules.permute_rule
    _rules.NO_PAD.update(op for op in dim_ops if op in _primitives(scatter_gather))
    _rules.EMPTY_MEANS_ALL.update(
        op for op in
        _primitives(reduction) + _primitives(statistics) + [linalg_norms.vector_norm_op]
        if op.name in ('sum_dim', 'mean_dim', 'nansum', 'amax', 'amin', 'var', 'std', 'var_mean',
                       'std_mean', 'count_nonzero', 'linalg_vector_norm'))
    _rules.GROWS_RANK.update((shape.unsqueeze_dim, joining.stack_tensors, diagonal.diag_embed_dims))
    RULES[rearrange.roll_dims] = _roll
    RULES[rearrange.index_select_dim] = index_select_rule
    # reductions
    for module in (reduction, statistics):
        for op in _primitives(module):
            if 'dim' in op.defaults:
                RULES[op] = reduce_dims
    for op in (linalg_norms.vector_norm_op, nn_basic.norm_dim):
        RULES[op] = reduce_dims
    for name in ('argmax', 'argmin', 'all', 'any'):
        INT_DIM.add(_named(reduction, name))
    prod_dim = _named(reduction, 'prod', True)
    INT_DIM.add(prod_dim)
    median_dim, nanmedian_dim = _named(sorting, 'median', True), _named(sorting, 'nanmedian', True)
    INT_DIM.update((median_dim, nanmedian_dim))
    RULES[reduction.sum_all] = whole(reduction.sum_dim)
    RULES[reduction.mean_all] = whole(reduction.mean_dim)
    RULES[_named(reduction, 'prod', False)] = whole(prod_dim)
    RULES[_named(reduction, 'max', False)] = whole(reduction.amax_dims)
    RULES[_named(reduction, 'min', False)] = whole(reduction.amin_dims)
    RULES[_named(sorting, 'median', False)] = whole(median_dim, pick=0)
    RULES[_named(sorting, 'nanmedian', False)] = whole(nanmedian_dim, pick=0)
    RULES[diagonal.trace] = _trace
    # shapes
    for op in (shape.view, shape.unsafe_view):
        RULES[op] = _view
    RULES[shape.expand_to] = _expand
    RULES[shape.t] = _t
    RULES[shape.squeeze_all] = _squeeze_all
    RULES[rearrange.repeat_tensor] = _repeat
    # trailing-dim ops
    for op in (nn_conv_pad.constant_pad_nd, linalg_solve.inv_ex_op, linalg_solve.det_op,
               linalg_solve.slogdet_op, linalg_cholesky.cholesky_ex_op,
               linalg_cholesky.cholesky_legacy_op, decompositions.qr_op, decompositions.svd_op,
               decompositions.eigh_op, nn_norm.native_layer_norm):
        RULES[op] = trailing
    # indexing
    RULES[advanced_indexing.index] = index_rule
    RULES[advanced_indexing.index_put] = _index_put
    RULES[nn_basic.embedding_op] = embedding_rule
    # products
    RULES[linalg.mm] = _mm
    RULES[linalg.bmm] = _bmm
    RULES[linalg.mv] = _mv
    RULES[linalg.dot] = _dot
    RULES[linalg_products.addmm] = _addmm
    DECOMPOSITIONS[linalg_products.addmv] = _addmv
    DECOMPOSITIONS[linalg_products.addr] = _addr
    DECOMPOSITIONS[linalg_products.baddbmm] = _baddbmm
    DECOMPOSITIONS[linalg_products.addbmm] = _addbmm
    # losses
    DECOMPOSITIONS[nn_loss_nll.nll_loss] = _nll_loss
    DECOMPOSITIONS[nn_loss_nll.nll_loss2d] = _nll_loss
    DECOMPOSITIONS[nn_loss_nll.nll_loss_backward] = _nll_loss_backward
    DECOMPOSITIONS[nn_loss_nll.nll_loss2d_backward] = _nll_loss_backward
    for op in (nn_loss.mse_loss, nn_loss.smooth_l1_loss, nn_loss.huber_loss,
               nn_loss.soft_margin_loss, nn_loss_bce.binary_cross_entropy,
               nn_loss_bce.binary_cross_entropy_with_logits):
        RULES[op] = _loss
    DECOMPOSITIONS[nn_loss.mse_loss_backward] = _mse_loss_backward
    # more dims, masks and folds
    RULES[_named(nn_attention, '_safe_softmax')] = with_dims
    RULES[_named(scatter_index, 'index_select')] = index_select_rule
    for op in _primitives(scatter_index):
        if op.name in ('index_add', 'index_copy', 'index_reduce') or \
                op.name == 'index_fill' and op.n_inputs == 1:
            RULES[op] = with_dims
    for op in _primitives(scatter_masked):
        if op.name == 'masked_fill':
            RULES[op] = _masked_fill
    RULES[_named(nn_conv, 'convolution')] = _convolution
    for op in (_named(nn_conv_pool, 'max_pool2d_with_indices'), _named(nn_conv_pool, 'avg_pool2d'),
               _named(nn_conv_adaptive, 'adaptive_avg_pool2d_forward'),
               _named(nn_conv_adaptive, 'adaptive_max_pool2d_forward'),
               _named(nn_conv_resample, 'pixel_shuffle_forward'),
               _named(nn_conv_resample, 'pixel_unshuffle_forward')):
        RULES[op] = _fold_planes
    _register_extras()


_EXTRA_ELEMENTWISE = {'deg2rad', 'rad2deg', 'sinc', 'ldexp', 'heaviside', 'gcd', 'lcm'}


def _register_extras():
    """Ops of modules that other work is adding now; a module that is absent (or does not
    import yet) is skipped."""
    import importlib
    for name in ('extras_math', 'extras_compare', 'extras'):
        try:
            module = importlib.import_module('ember.ops.' + name)
        except Exception:  # noqa: BLE001 - a half-written module must not break vmap
            continue
        for op in _primitives(module):
            if op.name == 'logcumsumexp':
                RULES[op] = with_dims
            elif op.forward.__name__ == 'fill_tensor':
                RULES[op] = _fill_tensor
            elif op.forward.__name__ == 'fill_scalar' or op.name in _EXTRA_ELEMENTWISE or \
                    name == 'extras_compare':
                RULES[op] = elementwise


# --- rules of single ops ---------------------------------------------------------------------

def _fill_tensor(level, op, inputs, settings, inplace):
    target = _rules._target(level, inplace)
    value = _physical(inputs[1], level)
    if value is None:
        _run(op, (target, inputs[1]), settings, target)
    else:
        value = value.reshape((value.shape[0],) + (1,) * inplace._data.ndim)
        _run(indexing.copy_, (target, value), {}, target)
    return inplace


def _roll(level, op, inputs, settings, inplace):
    if not settings.get('dims'):
        return fallback(level, op, inputs, settings, inplace)
    return with_dims(level, op, inputs, settings, inplace)


def _trace(level, op, inputs, settings, inplace):
    diag = _run(diagonal.diagonal_copy_dims, (inputs[0]._value,),
                {'offset': 0, 'dim1': 1, 'dim2': 2}, None)
    return batched(diag.sum(-1), level)


def _view(level, op, inputs, settings, inplace):
    value = inputs[0]._value
    size = (value.shape[0],) + tuple(settings['size'])
    if op is shape.view and not shape._viewable(value._data, size):
        # NOTE: the logical tensor looks contiguous to reshape(), which then asks for a view;
        # the physical one may not allow it, so it is copied
        return batched(value.reshape(size), level)
    return batched(_run(op, (value,), {'size': size}, None), level)


def _expand(level, op, inputs, settings, inplace):
    x = inputs[0]
    size = tuple(settings['size'])
    value = _rules._pad(x._value, x._data.ndim, len(size))
    return batched(_run(op, (value,), {'size': (value.shape[0],) + size}, None), level)


def _t(level, op, inputs, settings, inplace):
    value = inputs[0]._value
    if inputs[0]._data.ndim < 2:
        return batched(_run(shape.alias, (value,), {}, None), level)
    return batched(_run(shape.transpose_dims, (value,), {'dim0': 1, 'dim1': 2}, None), level)


def _squeeze_all(level, op, inputs, settings, inplace):
    x = inputs[0]
    dims = tuple(i + 1 for i, n in enumerate(x._data.shape) if n == 1)
    return batched(_run(shape.squeeze_dims, (x._value,), {'dims': dims}, None), level)


def _repeat(level, op, inputs, settings, inplace):
    x = inputs[0]
    repeats = tuple(settings['repeats'])
    value = _rules._pad(x._value, x._data.ndim, len(repeats))
    return batched(_run(op, (value,), {'repeats': (1,) + repeats}, None), level)


# --- products --------------------------------------------------------------------------------

def _mm(level, op, inputs, settings, inplace):
    a, b = inputs
    pa, pb = _physical(a, level), _physical(b, level)
    if pb is None:
        n, k = a._data.shape
        flat = pa.reshape(pa.shape[0] * n, k)
        return batched(_run(op, (flat, b), {}, None).reshape(pa.shape[0], n, -1), level)
    if pa is None:
        return batched(ember.matmul(a, pb), level)
    return batched(_run(linalg.bmm, (pa, pb), {}, None), level)


def _bmm(level, op, inputs, settings, inplace):
    a, b = inputs
    pa, pb = _physical(a, level), _physical(b, level)
    return batched(ember.matmul(a if pa is None else pa, b if pb is None else pb), level)


def _mv(level, op, inputs, settings, inplace):
    a, v = inputs
    pa, pv = _physical(a, level), _physical(v, level)
    if pv is None:
        return batched(ember.matmul(pa, v), level)
    return batched(ember.matmul(a if pa is None else pa, pv.unsqueeze(-1)).squeeze(-1), level)


def _dot(level, op, inputs, settings, inplace):
    a, b = inputs
    pa, pb = _physical(a, level), _physical(b, level)
    if pb is None:
        return batched(_run(linalg.mv, (pa, b), {}, None), level)
    if pa is None:
        return batched(_run(linalg.mv, (pb, a), {}, None), level)
    return batched(ember.matmul(pa.unsqueeze(1), pb.unsqueeze(2)).reshape(-1), level)


def _addmm(level, op, inputs, settings, inplace):
    bias, a, b = inputs
    pa = _physical(a, level)
    if pa is not None and _physical(b, level) is None and _physical(bias, level) is None \
            and bias._data.ndim <= 1 and inplace is None:
        n, k = a._data.shape
        out = _run(op, (bias, pa.reshape(pa.shape[0] * n, k), b), settings, None)
        return batched(out.reshape(pa.shape[0], n, -1), level)
    return _with_level(level, _scaled_sum, bias, ember.mm, (a, b), settings)


def _with_level(level, decomposition, *args):
    """Run `decomposition` on logical tensors, with `level` active again."""
    from ember.ops import _transforms
    _transforms.active.append(level)
    try:
        return decomposition(*args)
    finally:
        _transforms.active.pop()


def _scaled_sum(input, product, factors, settings):
    """beta * input + alpha * product(*factors), where beta == 0 ignores input (NaNs too)."""
    beta, alpha = settings.get('beta', 1), settings.get('alpha', 1)
    out = product(*factors)
    if alpha != 1:
        out = out * alpha
    if beta == 0:
        return out
    return out + (input if beta == 1 else input * beta)


def _addmv(level, op, inputs, settings, inplace):
    return _scaled_sum(inputs[0], ember.mv, inputs[1:], settings)


def _addr(level, op, inputs, settings, inplace):
    return _scaled_sum(inputs[0], ember.outer, inputs[1:], settings)


def _baddbmm(level, op, inputs, settings, inplace):
    return _scaled_sum(inputs[0], ember.bmm, inputs[1:], settings)


def _addbmm(level, op, inputs, settings, inplace):
    def summed(a, b):
        return ember.bmm(a, b).sum(0)
    return _scaled_sum(inputs[0], summed, inputs[1:], settings)


# --- losses ----------------------------------------------------------------------------------

def _nll_parts(input, target, weight, ignore_index):
    """(class dim, mask of each target class, the weight of each target, 0 where ignored)."""
    # NOTE: classes are picked with a mask, not gather: a batched target would reach gather as
    # an index array, which cannot carry a batch
    class_dim = 1 if input.dim() >= 2 else 0
    n_classes = input.shape[class_dim]
    trailing_ones = (1,) * (input.dim() - class_dim - 1)
    classes = ember.arange(n_classes).view((n_classes,) + trailing_ones)
    mask = target.unsqueeze(class_dim) == classes
    valid = target != ignore_index
    if weight is None:
        weights = valid.to(input.dtype)
    else:
        shaped = weight.view((n_classes,) + trailing_ones)
        weights = ember.where(mask, shaped, 0.0).sum(class_dim) * valid
    return class_dim, mask, weights


def _nll_loss(level, op, inputs, settings, inplace):
    input, target, weight = inputs
    class_dim, mask, weights = _nll_parts(input, target, weight, settings['ignore_index'])
    loss = -ember.where(mask, input, 0.0).sum(class_dim) * weights
    reduction = settings['reduction']
    if reduction == 'none':
        return loss
    if reduction == 'sum':
        return loss.sum()
    return loss.sum() / weights.sum()


def _nll_loss_backward(level, op, inputs, settings, inplace):
    grad_output, input, target, weight = inputs
    class_dim, mask, weights = _nll_parts(input, target, weight, settings['ignore_index'])
    scale = -weights * grad_output
    if settings['reduction'] == 'mean':
        scale = scale / weights.sum()
    return ember.where(mask, scale.unsqueeze(class_dim), 0.0)


def _loss(level, op, inputs, settings, inplace):
    """An elementwise loss: computed unreduced on the batch, then reduced per sample."""
    reduction = settings['reduction']
    if reduction == 'none':
        return elementwise(level, op, inputs, settings, inplace)
    unreduced = dict(settings)
    unreduced['reduction'] = 'none'
    loss = elementwise(level, op, inputs, unreduced, None)._value
    flat = loss.reshape(level.batch_size, -1)
    return batched(flat.sum(1) if reduction == 'sum' else flat.mean(1), level)


def _mse_loss_backward(level, op, inputs, settings, inplace):
    grad_output, input, target = inputs
    scale = 2.0 / input.numel() if settings['reduction'] == 'mean' else 2.0
    return (input - target) * grad_output * scale


def _index_put(level, op, inputs, settings, inplace):
    """x[indices] = values (or +=) for unbatched index arrays next to each other."""
    x, values = inputs
    indices = settings['indices']
    if not isinstance(indices, tuple):
        indices = (indices,)
    positions = [i for i, key in enumerate(indices) if not isinstance(key, slice)]
    if positions and positions[-1] - positions[0] + 1 != len(positions):
        return fallback(level, op, inputs, settings, inplace)
    # the logical shape of x[indices], read off a stand-in array without memory
    picked = np.broadcast_to(np.zeros((), np.int8), tuple(x.shape))[indices].shape
    target = _rules._target(level, inplace) if inplace is not None else \
        _rules._expanded(x, level)
    value = _physical(values, level)
    if value is not None:
        value = _rules._pad(value, values._data.ndim, len(picked))
    else:
        value = values
    new = dict(settings)
    new['indices'] = (slice(None),) + indices
    if inplace is not None:
        _run(op, (target, value), new, target)
        return inplace
    return batched(_run(op, (target, value), new, None), level)


def _masked_fill(level, op, inputs, settings, inplace):
    x = inputs[0]
    value = _physical(x, level)
    if value is None or any(_physical(v, level) is not None for v in inputs[1:]):
        return fallback(level, op, inputs, settings, inplace)
    # the mask (an array) broadcasts against each sample from the right, as it would alone
    value = _rules._pad(value, x._data.ndim, np.ndim(settings['mask']))
    if inplace is not None:
        _run(op, (value,) + tuple(inputs[1:]), settings, value)
        return inplace
    return batched(_run(op, (value,) + tuple(inputs[1:]), settings, None), level)


def _convolution(level, op, inputs, settings, inplace):
    """The batch folded into the conv's own batch dim; batched weights (per-sample gradients)
    become groups of one grouped conv."""
    x, weight, bias = inputs
    value, kernel = _physical(x, level), _physical(weight, level)
    bias_value = None if bias is None else _physical(bias, level)
    if kernel is None and bias_value is None:
        if value is None:
            return fallback(level, op, inputs, settings, inplace)
        plane = weight._data.ndim - 1  # channels and spatial dims
        shape = tuple(value.shape)
        lead = shape[:len(shape) - plane]
        out = _run(op, (value.reshape((-1,) + shape[-plane:]), weight, bias), settings, None)
        return batched(out.reshape(lead + tuple(out.shape[1:])), level)
    if settings['transposed']:
        return fallback(level, op, inputs, settings, inplace)
    size = level.batch_size
    kernel = _rules._expanded(weight, level)
    unbatched_input = x._data.ndim < weight._data.ndim
    value = _rules._expanded(x, level)
    if unbatched_input:
        value = value.unsqueeze(1)
    # [B, N, C, *spatial] -> [N, B * C, *spatial]; weights [B, O, C/g, *k] -> [B * O, C/g, *k]
    n, channels = value.shape[1], value.shape[2]
    spatial = tuple(value.shape[3:])
    folded = value.movedim(0, 1).reshape((n, size * channels) + spatial)
    out_channels = kernel.shape[1]
    kernels = kernel.reshape((size * out_channels,) + tuple(kernel.shape[2:]))
    biases = None
    if bias is not None:
        biases = _rules._expanded(bias, level).reshape(size * out_channels)
    new = dict(settings)
    new['groups'] = settings['groups'] * size
    out = _run(op, (folded, kernels, biases), new, None)
    out = out.reshape((n, size, out_channels) + tuple(out.shape[2:])).movedim(1, 0)
    if unbatched_input:
        out = out.squeeze(1)
    return batched(out, level)


def _fold_planes(level, op, inputs, settings, inplace):
    """2-d pooling and pixel shuffles act on each (H, W) plane (or (C, H, W) block for the
    shuffles): every leading dim, the batch's too, folds into one."""
    value = _physical(inputs[0], level)
    if value is None or len(inputs) > 1:
        return fallback(level, op, inputs, settings, inplace)
    keep = 3 if 'upscale_factor' in settings or 'downscale_factor' in settings else 2
    shape = tuple(value.shape)
    if len(shape) - 1 < keep:
        return fallback(level, op, inputs, settings, inplace)
    lead = shape[:len(shape) - keep]
    out = _run(op, (value.reshape((-1,) + shape[-keep:]),), settings, None)
    if isinstance(out, Tensor):
        return batched(out.reshape(lead + tuple(out.shape[1:])), level)
    return tuple(batched(o.reshape(lead + tuple(o.shape[1:])), level) for o in out)


_register()

# primitives whose rule loops over the batch for some arguments: a batched index_select
# index, index_put at separated index arrays, roll over the flattened tensor, a batched
# weight or second input of a conv, pooling or trailing-dims op, gather and scatter on 0-d
# samples, whole-tensor reductions of empty samples
FALLS_BACK_SOMETIMES = frozenset(
    ('index_select', 'index_put', 'roll_dims', 'embedding', 'masked_fill', 'gather', 'scatter',
     'scatter_add', 'scatter_reduce', 'sum_all', 'mean_all', 'prod', 'max', 'min', 'median',
     'nanmedian')
    + tuple(op.name for op, rule in RULES.items() if rule in (trailing, _convolution,
                                                              _fold_planes, _masked_fill)))
