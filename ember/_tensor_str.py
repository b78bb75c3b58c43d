"""repr and str of tensors, character for character as torch prints them."""
import dataclasses
import math

import numpy as np

from ember import _dtype


@dataclasses.dataclass
class _PrintOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool = None


PRINT_OPTS = _PrintOptions()
_PROFILES = {
    'default': dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
    'short': dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
    'full': dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80),
}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    """Matches `torch.set_printoptions`."""
    if profile is not None:
        for name, value in _PROFILES[profile].items():
            setattr(PRINT_OPTS, name, value)
    for name, value in (('precision', precision), ('threshold', threshold),
                        ('edgeitems', edgeitems), ('linewidth', linewidth)):
        if value is not None:
            setattr(PRINT_OPTS, name, value)
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions():
    """Matches `torch._tensor_str.get_printoptions`."""
    return dataclasses.asdict(PRINT_OPTS)


class _Formatter:
    """Chooses one format (integer, fixed or scientific) and width for all values shown."""

    def __init__(self, values, floating):
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        precision = PRINT_OPTS.precision
        if not floating:
            for value in values.tolist():
                self.max_width = max(self.max_width, len(str(value)))
            return
        finite = values[np.isfinite(values) & (values != 0)].astype(np.float64)
        if finite.size == 0:
            return
        magnitudes = np.abs(finite)
        smallest, largest = magnitudes.min(), magnitudes.max()
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        if PRINT_OPTS.sci_mode is None:
            self.sci_mode = bool(largest / smallest > 1000.0 or largest > 1.0e8
                                 or smallest < 1.0e-4)
        else:
            self.sci_mode = PRINT_OPTS.sci_mode
        if self.sci_mode:
            widths = (len(f'{v:.{precision}e}') for v in finite.tolist())
        elif self.int_mode:
            # integral floats print with a trailing '.', one more character
            widths = (len(f'{v:.0f}') + 1 for v in finite.tolist())
        else:
            widths = (len(f'{v:.{precision}f}') for v in finite.tolist())
        self.max_width = max(self.max_width, max(widths))

    def width(self):
        return self.max_width

    def format(self, value):
        precision = PRINT_OPTS.precision
        if self.floating:
            if self.sci_mode:
                text = f'{value:{self.max_width}.{precision}e}'
            elif self.int_mode:
                text = f'{value:.0f}'
                if not (math.isinf(value) or math.isnan(value)):
                    text += '.'
            else:
                text = f'{value:.{precision}f}'
        else:
            text = str(value)
        return (self.max_width - len(text)) * ' ' + text


def _summarized(array):
    """The values shown when a tensor is summarised: edgeitems from each end of each dim."""
    edge = PRINT_OPTS.edgeitems
    for axis, size in enumerate(array.shape):
        if size > 2 * edge:
            index = np.r_[0:edge, size - edge:size]
            array = np.take(array, index, axis=axis)
    return array


def _format_complex(value, real, imag):
    real_text = real.format(value.real)
    imag_text = (imag.format(value.imag) + 'j').lstrip()
    if imag_text[0] in '+-':
        return real_text + imag_text
    return real_text + '+' + imag_text


def _vector_str(array, indent, summarize, formatters):
    real, imag = formatters
    element_length = real.width() + 2 + (imag.width() + 1 if imag else 0)
    per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / element_length))

    def text(value):
        return real.format(value) if imag is None else _format_complex(value, real, imag)

    edge = PRINT_OPTS.edgeitems
    if summarize and not edge:
        data = ['...']
    elif summarize and array.shape[0] > 2 * edge:
        data = ([text(v) for v in array[:edge].tolist()] + [' ...']
                + [text(v) for v in array[-edge:].tolist()])
    else:
        data = [text(v) for v in array.tolist()]
    lines = [', '.join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return '[' + (',' + '\n' + ' ' * (indent + 1)).join(lines) + ']'


def _array_str(array, indent, summarize, formatters):
    ndim = array.ndim
    if ndim == 0:
        real, imag = formatters
        value = array.item()
        return real.format(value) if imag is None else _format_complex(value, real, imag)
    if ndim == 1:
        return _vector_str(array, indent, summarize, formatters)
    edge = PRINT_OPTS.edgeitems
    size = array.shape[0]
    if summarize and size > 2 * edge:
        rows = ([_array_str(array[i], indent + 1, summarize, formatters) for i in range(edge)]
                + ['...']
                + [_array_str(array[i], indent + 1, summarize, formatters)
                   for i in range(size - edge, size)])
    else:
        rows = [_array_str(array[i], indent + 1, summarize, formatters) for i in range(size)]
    return (',' + '\n' * (ndim - 1) + ' ' * (indent + 1)).join(rows)\
        .join(('[', ']'))


def _contents(array, indent):
    if array.size == 0:
        return '[]'
    summarize = array.size > PRINT_OPTS.threshold
    shown = _summarized(array) if summarize else array
    if array.dtype.kind == 'c':
        formatters = (_Formatter(shown.real, True), _Formatter(shown.imag, True))
    else:
        floating = array.dtype.kind == 'f'
        values = shown.astype(np.float64) if array.dtype == np.float16 else shown
        formatters = (_Formatter(values.reshape(-1), floating), None)
    if array.dtype == np.float16:
        array = array.astype(np.float32)
    return _array_str(array, indent, summarize, formatters)


def _add_suffixes(text, suffixes, indent):
    parts = [text]
    last_line_len = len(text) - text.rfind('\n') + 1
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > PRINT_OPTS.linewidth:
            parts.append(',\n' + ' ' * indent + suffix)
            last_line_len = indent + len(suffix)
        else:
            parts.append(', ' + suffix)
            last_line_len += len(suffix) + 2
    parts.append(')')
    return ''.join(parts)


def tensor_repr(tensor, prefix='tensor('):
    """torch's repr of `tensor`."""
    array = np.asarray(tensor._data)
    dtype = tensor.dtype
    indent = len(prefix)
    suffixes = []
    default = _dtype.get_default_dtype()
    if array.size == 0:
        if array.ndim != 1:
            suffixes.append(f'size={tuple(array.shape)}')
        if dtype is not default:
            suffixes.append(f'dtype={dtype}')
        text = '[]'
    else:
        if not PRINT_OPTS.edgeitems:
            suffixes.append(f'size={tuple(array.shape)}')
        if dtype not in (default, _dtype.default_complex(), _dtype.int64, _dtype.bool):
            suffixes.append(f'dtype={dtype}')
        text = _contents(array, indent)
    grad_fn = tensor.grad_fn
    if grad_fn is not None:
        suffixes.append(f'grad_fn=<{type(grad_fn).__name__}>')
    elif tensor.requires_grad:
        suffixes.append('requires_grad=True')
    from ember.ops._transforms import active as transforms
    if transforms:
        from ember.autograd.forward_ad import tangent_for_repr
        tangent = tangent_for_repr(tensor)
        if tangent is not None:
            suffixes.append(f'tangent={tangent}')
    return _add_suffixes(prefix + text, suffixes, indent)
