"""quantile and nanquantile, composed as torch composes them (sort, gather, lerp), so that
their graphs and gradients are torch's."""
import builtins

from ember import _dtype
from ember._creation import full_like, tensor
from ember._tensor import Tensor, wrap_dim
from ember.ops import pointwise as _pw
from ember.ops.comparison import logical_not, lt
from ember.ops.elementwise_rounding import ceil, floor, isnan, round
from ember.ops.elementwise_ternary import lerp
from ember.ops.reduction import any as _any, sum as _sum
from ember.ops.scatter_gather import gather
from ember.ops.shape import squeeze_result, transpose, unsqueeze
from ember.ops.sorting import sort

__all__ = ['quantile', 'nanquantile']

_INTERPOLATIONS = ('linear', 'lower', 'higher', 'midpoint', 'nearest')


def _checks(name, input, q, interpolation):
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(f"{name}() interpolation must be one of linear, lower, higher, "
                           f"midpoint or nearest, but got {interpolation}")
    if input.dtype not in (_dtype.float32, _dtype.float64):
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    if q.dtype is not input.dtype:
        raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
    if q.ndim > 1:
        raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
    if input.numel() == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")


def _output_shape(input, dim, keepdim):
    if dim is None:
        return [1] * input.ndim if keepdim else []
    shape = list(input.shape)
    if keepdim:
        if shape:
            shape[dim] = 1
    elif shape:
        del shape[dim]
    return shape


def _quantile(name, input, q, dim, keepdim, interpolation, ignore_nan):
    if not isinstance(q, Tensor):
        if isinstance(q, builtins.bool) or not isinstance(q, (builtins.int, builtins.float)):
            raise TypeError(f"{name}() received an invalid combination of arguments - got "
                            f"(Tensor, {type(q).__name__}), but expected one of:\n"
                            f" * (Tensor input, Tensor q, int dim = None, bool keepdim = False, "
                            f"*, str interpolation = \"linear\", Tensor out = None)\n"
                            f" * (Tensor input, float q, int dim = None, bool keepdim = False, "
                            f"*, str interpolation = \"linear\", Tensor out = None)\n")
        if not 0 <= q <= 1:
            raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {q:g}")
        # torch turns a number q into a 0-d tensor of the input's dtype
        q = tensor(q, dtype=input.dtype)
    # NOTE: nanquantile's messages name quantile, as torch's do
    _checks('quantile', input, q, interpolation)
    if dim is not None:
        dim = wrap_dim(dim, input.ndim)
    if q.numel() and not bool(((q >= 0) & (q <= 1)).all()):
        raise RuntimeError("quantile() q values must be in the range [0, 1]")
    out_shape = _output_shape(input, dim, keepdim)
    if dim is None:
        ordered = sort(input.flatten()).values
    elif dim == input.ndim - 1:
        ordered = sort(input).values
    else:
        ordered = sort(transpose(unsqueeze(input, -1), dim, -1)).values
    # the sorted values viewed as (*out_shape, n), so that q broadcasts along the last dim
    ordered = ordered.view(out_shape + [ordered.shape[-1]])
    last_index = ordered.shape[-1] - 1
    with_nan = _any(isnan(ordered.detach()), -1, True)
    if ignore_nan:
        counts = _sum(logical_not(isnan(ordered.detach())), -1, True)
        ranks = q * (counts - 1)
        ranks = _pw.where(lt(ranks, 0), 0, ranks)
    else:
        ranks = _pw.where(with_nan, last_index, q * last_index)
    if interpolation == 'lower':
        ranks = floor(ranks)
    elif interpolation == 'higher':
        ranks = ceil(ranks)
    elif interpolation == 'nearest':
        ranks = round(ranks)
    ranks = ranks.to(input.dtype)
    below = ranks.long()
    values = gather(ordered, -1, below)
    if interpolation in ('linear', 'midpoint'):
        weights = full_like(ranks, 0.5) if interpolation == 'midpoint' else ranks - below
        values = lerp(values, gather(ordered, -1, ceil(ranks).long()), weights)
    if q.ndim == 0:
        return squeeze_result(values, dim=values.ndim - 1)
    return squeeze_result(transpose(unsqueeze(values, 0), 0, -1), dim=values.ndim)


def quantile(input, q, dim=None, keepdim=False, *, interpolation='linear', out=None):
    """Matches `torch.quantile`."""
    result = _quantile('quantile', input, q, dim, keepdim, interpolation, False)
    return _finish(result, out)


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation='linear', out=None):
    """Matches `torch.nanquantile`."""
    result = _quantile('nanquantile', input, q, dim, keepdim, interpolation, True)
    return _finish(result, out)


def _finish(result, out):
    if out is None:
        return result
    out.copy_(result)
    return out

