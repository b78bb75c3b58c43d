"""Random sampling ops: the in-place fills (uniform_, normal_...) and bernoulli, normal,
multinomial, poisson. Their results are constant in the inputs' values: a fill's derivative
is zero, as in torch, and only normal(mean, std) passes gradients to mean and std."""
import numpy as np

from ember._creation import _finish, _np_dtype, parse_size, zeros_like
from ember._random import default_generator
from ember._tensor import Tensor, legacy_type_name
from ember.ops._primitive import primitive

__all__ = ['bernoulli', 'normal', 'multinomial', 'poisson']


def _rng(generator):
    return (generator or default_generator).rng


def _overwritten(grad):
    return zeros_like(grad)


def _float_only(kernel):
    def check(input, **settings):
        if input._data.dtype.kind not in 'fc':
            raise RuntimeError(f'"{kernel}" not implemented for '
                               f"'{legacy_type_name(input.dtype)}'")
    return check


@primitive(node_name='UniformBackward0', check=_float_only('check_uniform_bounds'))
def uniform_fill(xp, input, *, low=0.0, high=1.0, generator=None):
    values = _rng(generator).random(input.shape)
    return (low + (high - low) * values).astype(input.dtype)


@primitive(node_name='NormalBackward0', check=_float_only('normal_kernel_cpu'))
def normal_fill(xp, input, *, mean=0.0, std=1.0, generator=None):
    return _rng(generator).normal(mean, std, input.shape).astype(input.dtype)


def _check_probability(input, *, p=0.5, generator=None):
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")


@primitive(node_name='BernoulliBackward2', check=_check_probability)
def bernoulli_fill(xp, input, *, p=0.5, generator=None):
    return (_rng(generator).random(input.shape) < p).astype(input.dtype)


@primitive(node_name='ExponentialBackward0')
def exponential_fill(xp, input, *, lambd=1.0, generator=None):
    return _rng(generator).exponential(1 / lambd, input.shape).astype(input.dtype)


@primitive(node_name='GeometricBackward0')
def geometric_fill(xp, input, *, p, generator=None):
    return _rng(generator).geometric(p, input.shape).astype(input.dtype)


@primitive(node_name='CauchyBackward0')
def cauchy_fill(xp, input, *, median=0.0, sigma=1.0, generator=None):
    return (median + sigma * _rng(generator).standard_cauchy(input.shape)).astype(input.dtype)


@primitive(node_name='LogNormalBackward0')
def log_normal_fill(xp, input, *, mean=1.0, std=2.0, generator=None):
    return _rng(generator).lognormal(mean, std, input.shape).astype(input.dtype)


def _check_range(input, *, low, high, generator=None):
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= "
                           f"to={high}")


@primitive(node_name='RandomBackward0', check=_check_range)
def random_fill(xp, input, *, low, high, generator=None):
    return _rng(generator).integers(low, high, input.shape).astype(input.dtype)


for _fill in (uniform_fill, normal_fill, bernoulli_fill, exponential_fill, geometric_fill,
              cauchy_fill, log_normal_fill, random_fill):
    _fill.defvjp(_overwritten)


def random_(input, low=0, high=None, *, generator=None):
    """`Tensor.random_`: integers in [low, high), or [0, low) given one bound."""
    if high is None:
        low, high = 0, low if low else _default_random_bound(input)
    return random_fill.inplace(input, low=low, high=high, generator=generator)


def _default_random_bound(input):
    kind = input._data.dtype
    if kind.kind == 'f':
        return 2 ** np.finfo(kind).nmant + 1
    if kind.kind == 'b':
        return 2
    return int(np.iinfo(kind).max) + 1


# --- sampling functions ----------------------------------------------------------------------

@primitive(node_name='BernoulliBackward0')
def bernoulli_sample(xp, input, *, generator=None):
    return (_rng(generator).random(input.shape) < input).astype(input.dtype)


bernoulli_sample.defvjp(_overwritten)


def bernoulli(input, p=None, *, generator=None, out=None):
    """Matches `torch.bernoulli`."""
    if p is not None:
        return bernoulli_fill.inplace(input.clone(), p=p, generator=generator)
    return bernoulli_sample(input, generator=generator)


@primitive(node_name='NormalBackward1')
def normal_tensor_scalar(xp, mean, *, std, generator=None):
    return (mean + std * _rng(generator).standard_normal(mean.shape)).astype(mean.dtype)


def _pass_through(grad):
    return grad


normal_tensor_scalar.defvjp(_pass_through)


@primitive(node_name='NormalBackward3')
def normal_tensor_tensor(xp, mean, std, *, generator=None):
    noise = _rng(generator).standard_normal(np.broadcast_shapes(np.shape(mean), np.shape(std)))
    return (mean + std * noise).astype(np.result_type(mean, std))


def _normal_std_grad(grad, mean, std, out):
    return grad * (out - mean) / std


normal_tensor_tensor.defvjp(_pass_through, _normal_std_grad)


def normal(mean, std=1.0, size=None, *, generator=None, out=None, dtype=None, layout=None,
           device=None, requires_grad=False):
    """Matches `torch.normal`."""
    if isinstance(mean, Tensor) and isinstance(std, Tensor):
        return normal_tensor_tensor(mean, std, generator=generator)
    if isinstance(mean, Tensor):
        return normal_tensor_scalar(mean, std=std, generator=generator)
    if isinstance(std, Tensor):
        return normal_tensor_tensor(zeros_like(std) + mean, std, generator=generator)
    shape = parse_size((size,))
    target = _np_dtype(dtype)
    return _finish(_rng(generator).normal(mean, std, shape).astype(target), requires_grad)


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    """Matches `torch.multinomial`."""
    weights = input._data.astype(np.float64)
    rows = weights.reshape(-1, weights.shape[-1])
    if not replacement and num_samples > rows.shape[-1]:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                           "replacement")
    rng = _rng(generator)
    samples = [rng.choice(rows.shape[-1], num_samples, replace=replacement, p=row / row.sum())
               for row in rows]
    result = np.array(samples, dtype=np.int64).reshape(weights.shape[:-1] + (num_samples,))
    return _finish(result, False)


def poisson(input, generator=None):
    """Matches `torch.poisson`."""
    return _finish(_rng(generator).poisson(input._data).astype(input._data.dtype), False)
