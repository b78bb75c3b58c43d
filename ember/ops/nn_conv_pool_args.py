"""The public max and average poolings: torch's argument checks, in torch's order, then the
primitives of nn_conv_pool.py. 1-d pooling is 2-d pooling of a height-1 input, as in torch."""
from ember._tensor import Tensor
from ember.ops.nn_conv_args import is_int, shape_list
from ember.ops.nn_conv_pool import avg_pool2d as _avg_pool2d
from ember.ops.nn_conv_pool import max_pool2d_with_indices, output_size


def int_list_arg(value, name, position, func):
    """An int or sequence of ints (torch's `int[]`), as a tuple; torch's TypeError else."""
    where = f" (position {position})" if position else ""
    if is_int(value):
        return (int(value),)
    if isinstance(value, Tensor) and value.ndim == 0 and value._data.dtype.kind in 'iu':
        return (int(value),)
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"{func}(): argument '{name}'{where} must be tuple of ints, not "
                        f"{type(value).__name__}")
    for index, item in enumerate(value):
        if not is_int(item):
            raise TypeError(f"{func}(): argument '{name}'{where} must be tuple of ints, but "
                            f"found element of type {type(item).__name__} at pos {index}")
    return tuple(int(v) for v in value)


def _require_tensor(input, func):
    if not isinstance(input, Tensor):
        raise TypeError(f"{func}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")


def _pair(value, func, what, allow_empty=False):
    if len(value) == 1:
        return value * 2
    if len(value) == 2 or (allow_empty and not value):
        return value
    messages = {
        'kernel_size': 'kernel_size must either be a single int, or a tuple of two ints',
        'stride': 'stride must either be omitted, a single int, or a tuple of two ints',
        'padding': 'padding must either be a single int, or a tuple of two ints',
        'dilation': 'dilation must be either a single int, or a tuple of two ints'}
    raise RuntimeError(f"{func}: {messages[what]}")


def _not_bool(input, func):
    if input._data.dtype.kind == 'b':
        raise NotImplementedError(f'"{func}" not implemented for \'Bool\'')


def _output_extent(size, kernel, stride, padding, dilation, ceil_mode):
    """torch's pooling_output_shape, with its checks."""
    if stride == 0:
        raise RuntimeError("stride should not be zero")
    if padding < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {padding}")
    effective = (kernel - 1) * dilation + 1
    if padding > int(effective / 2):
        raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                           f"pad={padding}, kernel_size={kernel} and dilation={dilation}")
    return output_size(size, kernel, stride, padding, dilation, ceil_mode)


def _shape_check(input, kernel, stride, padding, dilation, out):
    """torch's pool2d_shape_check."""
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = kernel, stride, padding, dilation
    if kh <= 0 or kw <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {kh} kW: {kw}")
    if sh <= 0 or sw <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got dH: {sh} dW: {sw}")
    if dh <= 0 or dw <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: {dh} "
                           f"dilationW: {dw}")
    shape = tuple(input.shape)
    if 0 in shape[-3:]:
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch "
                           f"size for input, but got:{shape_list(shape)}")
    if kw // 2 < pw or kh // 2 < ph:
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but "
                           f"got padW = {pw}, padH = {ph}, kW = {kw}, kH = {kh}")
    if out[0] < 1 or out[1] < 1:
        planes, height, width = shape[-3:]
        raise RuntimeError(f"Given input size: ({planes}x{height}x{width}). Calculated output "
                           f"size: ({planes}x{out[0]}x{out[1]}). Output size is too small")


# --- max pooling -----------------------------------------------------------------------------

def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False, func='max_pool2d'):
    """torch's max_pool2d(_with_indices): (values, indices) if return_indices."""
    _require_tensor(input, func)
    kernel = _pair(int_list_arg(kernel_size, 'kernel_size', 2, func), func, 'kernel_size')
    stride = () if stride is None else int_list_arg(stride, 'stride', 3, func)
    stride = _pair(stride, func, 'stride', allow_empty=True) or kernel
    padding = _pair(int_list_arg(padding, 'padding', 4, func), func, 'padding')
    dilation = _pair(int_list_arg(dilation, 'dilation', 5, func), func, 'dilation')
    if input.ndim not in (3, 4):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    _not_bool(input, 'max_pool2d')
    out = tuple(_output_extent(size, *args, ceil_mode) for size, *args in
                zip(input.shape[-2:], kernel, stride, padding, dilation))
    _shape_check(input, kernel, stride, padding, dilation, out)
    values, indices = max_pool2d_with_indices(
        input, kernel_size=kernel, stride=stride, padding=padding, dilation=dilation,
        ceil_mode=bool(ceil_mode))
    return (values, indices) if return_indices else values


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """torch's max_pool1d(_with_indices): 2-d pooling of a height-1 input."""
    _require_tensor(input, 'max_pool1d')
    kernel = int_list_arg(kernel_size, 'kernel_size', 2, 'max_pool1d')
    stride = () if stride is None else int_list_arg(stride, 'stride', 3, 'max_pool1d')
    padding = int_list_arg(padding, 'padding', 4, 'max_pool1d')
    dilation = int_list_arg(dilation, 'dilation', 5, 'max_pool1d')
    if return_indices:
        if input.ndim not in (2, 3):
            raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional "
                               "tensor for argument #1 'self' (while checking arguments for "
                               "max_pool1d)")
        for name, value in (('kernel_size', kernel), ('stride', stride),
                            ('padding', padding), ('dilation', dilation)):
            if len(value) != 1 and not (name == 'stride' and not value):
                raise RuntimeError(f"max_pool1d() argument '{name}' should contain one int "
                                   f"(got {len(value)})")
    else:
        _check_max_pool1d(input, kernel, stride, padding, dilation, ceil_mode)
    result = max_pool2d(input.unsqueeze(-2), (1,) + kernel, (1,) + (stride or kernel),
                        (0,) + padding, (1,) + dilation, ceil_mode, True)
    values, indices = result[0].squeeze(-2), result[1].squeeze(-2)
    return (values, indices) if return_indices else values


def _check_max_pool1d(input, kernel, stride, padding, dilation, ceil_mode):
    shape = tuple(input.shape)
    if input.ndim not in (2, 3) or 0 in shape[-2:]:
        raise RuntimeError("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 "
                           f"dim batch size for input, but got:{shape_list(shape)}")
    sizes = (('kernel_size', kernel, 'an int, list of ints or'),
             ('stride', stride, 'None, an int, list of ints, or'),
             ('padding', padding, 'an int, list of ints, or'),
             ('dilation', dilation, 'an int, list of ints or'))
    for name, value, kinds in sizes:
        if len(value) != 1 and not (name == 'stride' and not value):
            raise RuntimeError(f"max_pool1d() {name} must be {kinds} tuple of ints of size 1 but "
                               f"got size {len(value)}")
    (k,), (p,), (d,) = kernel, padding, dilation
    s = stride[0] if stride else k
    if k <= 0:
        raise RuntimeError(f"max_pool1d() kernel_size must be greater than zero, but got {k}")
    if s <= 0:
        raise RuntimeError(f"max_pool1d() stride must be greater than zero, but got {s}")
    if p < 0:
        raise RuntimeError(f"max_pool1d() padding must be non-negative, but got {p}")
    if p > k // 2:
        raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but "
                           f"got padding={p} and kernel_size={k}")
    if d <= 0:
        raise RuntimeError(f"max_pool1d() dilation must be greater than zero, but got {d}")
    width = output_size(shape[-1], k, s, p, d, ceil_mode)
    if width <= 0:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {width}")


# --- average pooling -------------------------------------------------------------------------

def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None, func='avg_pool2d'):
    """torch's avg_pool2d."""
    _require_tensor(input, func)
    kernel = _pair(int_list_arg(kernel_size, 'kernel_size', 2, func), func, 'kernel_size')
    stride = () if stride is None else int_list_arg(stride, 'stride', 3, func)
    stride = _pair(stride, func, 'stride', allow_empty=True) or kernel
    padding = _pair(int_list_arg(padding, 'padding', 4, func), func, 'padding')
    if divisor_override is not None and not is_int(divisor_override):
        raise TypeError(f"{func}(): argument 'divisor_override' (position 7) must be int, not "
                        f"{type(divisor_override).__name__}")
    if divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    if input.ndim < 3:
        from ember._tensor import wrap_dim
        wrap_dim(-3, input.ndim)
    _not_bool(input, 'avg_pool2d')
    out = tuple(_output_extent(size, k, s, p, 1, ceil_mode) for size, k, s, p in
                zip(input.shape[-2:], kernel, stride, padding))
    _shape_check(input, kernel, stride, padding, (1, 1), out)
    return _avg_pool2d(input, kernel_size=kernel, stride=stride, padding=padding,
                       ceil_mode=bool(ceil_mode), count_include_pad=bool(count_include_pad),
                       divisor_override=divisor_override)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    """torch's avg_pool1d: 2-d pooling of a height-1 input."""
    _require_tensor(input, 'avg_pool1d')
    kernel = int_list_arg(kernel_size, 'kernel_size', 2, 'avg_pool1d')
    stride = () if stride is None else int_list_arg(stride, 'stride', 3, 'avg_pool1d')
    padding = int_list_arg(padding, 'padding', 4, 'avg_pool1d')
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional "
                           "tensor for argument #1 'self' (while checking arguments for "
                           "avg_pool1d)")
    for name, value in (('kernel_size', kernel), ('stride', stride), ('padding', padding)):
        if len(value) != 1 and not (name == 'stride' and not value):
            raise RuntimeError(f"avg_pool1d() argument '{name}' should contain one int (got "
                               f"{len(value)})")
    result = avg_pool2d(input.unsqueeze(-2), (1,) + kernel, (1,) + (stride or kernel),
                        (0,) + padding, ceil_mode, count_include_pad)
    return result.squeeze(-2)


def lp_pool(input, norm_type, kernel_size, stride, ceil_mode, dims):
    """torch's lp_pool1d/2d: the p-th root of the windows' sums of p-th powers."""
    from ember.ops.pointwise import relu, sign
    if dims == 2:
        kernel = kernel_size if isinstance(kernel_size, (tuple, list)) else (kernel_size,) * 2
        count = kernel[0] * kernel[1]
        max_pool, avg_pool = max_pool2d, avg_pool2d
    else:
        count = kernel_size
        max_pool, avg_pool = max_pool1d, avg_pool1d
    if norm_type == float('inf'):
        return max_pool(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if norm_type == -float('inf'):
        return -max_pool(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    powered = input.pow(norm_type)
    if stride is not None:
        out = avg_pool(powered, kernel_size, stride, 0, ceil_mode)
    else:
        out = avg_pool(powered, kernel_size, padding=0, ceil_mode=ceil_mode)
    # NOTE: sign * relu(abs) keeps torch's zero gradient where the windows sum to zero
    return (sign(out) * relu(out.abs())).mul(count).pow(1.0 / norm_type)
