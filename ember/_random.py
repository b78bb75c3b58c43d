"""Random numbers: torch's Generator API over NumPy's PCG64. The distributions are torch's;
the streams are NumPy's, so a seed gives reproducible but not torch-identical values."""
import numpy as np

from ember import _dtype
from ember._creation import _finish, _np_dtype, parse_size
from ember._device import check_device
from ember.ops._transforms import active as _transforms

_DEFAULT_SEED = 67280421310721


class Generator:
    """Matches `torch.Generator`."""

    def __init__(self, device='cpu'):
        check_device(device)
        self._seed = _DEFAULT_SEED
        self.rng = np.random.Generator(np.random.PCG64(self._seed))

    def manual_seed(self, seed):
        self._seed = int(seed)
        self.rng = np.random.Generator(np.random.PCG64(self._seed & (2 ** 128 - 1)))
        return self

    def seed(self):
        seed = int(np.random.SeedSequence().entropy) & (2 ** 63 - 1)
        self.manual_seed(seed)
        return seed

    def initial_seed(self):
        return self._seed

    def get_state(self):
        from ember._creation import tensor
        state = self.rng.bit_generator.state
        blob = repr((self._seed, state)).encode()
        return tensor(list(blob), dtype=_dtype.uint8)

    def set_state(self, new_state):
        import ast
        self._seed, state = ast.literal_eval(bytes(new_state.tolist()).decode())
        self.rng.bit_generator.state = state
        return self

    @property
    def device(self):
        from ember._device import CPU
        return CPU


default_generator = Generator()


def _rng(generator):
    return (generator or default_generator).rng


def manual_seed(seed):
    """Matches `torch.manual_seed`."""
    return default_generator.manual_seed(seed)


def seed():
    """Matches `torch.seed`."""
    return default_generator.seed()


def initial_seed():
    """Matches `torch.initial_seed`."""
    return default_generator.initial_seed()


def get_rng_state():
    """Matches `torch.get_rng_state`."""
    return default_generator.get_state()


def set_rng_state(new_state):
    """Matches `torch.set_rng_state`."""
    default_generator.set_state(new_state)


def _float_target(dtype, name):
    target = _np_dtype(dtype)
    if target.kind not in 'fc':
        raise RuntimeError(f'"{name}" not implemented for '
                           f"'{_legacy(_dtype.FROM_NP[target])}'")
    return target


def _legacy(dtype):
    from ember._tensor import legacy_type_name
    return legacy_type_name(dtype)


def _uniform(shape, target, generator):
    if target.kind == 'f' and target.itemsize >= 4:
        return _rng(generator).random(shape, dtype=target)
    return _rng(generator).random(shape).astype(target)


def _normal(shape, target, generator):
    if target.kind == 'f' and target.itemsize >= 4:
        return _rng(generator).standard_normal(shape, dtype=target)
    return _rng(generator).standard_normal(shape).astype(target)


def rand(*size, generator=None, out=None, dtype=None, layout=None, device=None,
         requires_grad=False, pin_memory=False):
    """Matches `torch.rand`: uniform on [0, 1)."""
    check_device(device)
    target = _float_target(dtype, 'check_uniform_bounds')
    if _transforms:
        return _transformed_draw('uniform_fill', size, target, generator, requires_grad)
    return _finish(_uniform(parse_size(size), target, generator), requires_grad)


def randn(*size, generator=None, out=None, dtype=None, layout=None, device=None,
          requires_grad=False, pin_memory=False):
    """Matches `torch.randn`: standard normal."""
    check_device(device)
    target = _float_target(dtype, 'normal_kernel_cpu')
    if _transforms:
        return _transformed_draw('normal_fill', size, target, generator, requires_grad)
    return _finish(_normal(parse_size(size), target, generator), requires_grad)


def _transformed_draw(fill, size, target, generator, requires_grad):
    """A draw made through a random primitive, so that an active vmap sees it and applies its
    `randomness` (an error, one draw for the batch, or one per sample)."""
    from ember.ops import random_ops
    empty = _finish(np.empty(parse_size(size), target), False)
    result = getattr(random_ops, fill)(empty, generator=generator)
    if requires_grad:
        result.requires_grad_()
    return result


def randint(low=0, high=None, size=None, *, generator=None, out=None, dtype=None, layout=None,
            device=None, requires_grad=False):
    """Matches `torch.randint`: integers in [low, high), int64 unless dtype says otherwise."""
    check_device(device)
    if size is None:
        # randint(high, size) form
        low, high, size = 0, low, high
    if high is None or size is None:
        raise TypeError("randint() missing required argument 'size'")
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= "
                           f"to={high}")
    target = _np_dtype(dtype, _dtype.int64)
    values = _rng(generator).integers(low, high, parse_size((size,)), dtype=np.int64)
    return _finish(values.astype(target), requires_grad)


def randperm(n, *, generator=None, out=None, dtype=None, layout=None, device=None,
             requires_grad=False, pin_memory=False):
    """Matches `torch.randperm`."""
    check_device(device)
    target = _np_dtype(dtype, _dtype.int64)
    return _finish(_rng(generator).permutation(n).astype(target), requires_grad)


def rand_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    """Matches `torch.rand_like`."""
    return rand(input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randn_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    """Matches `torch.randn_like`."""
    return randn(input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randint_like(input, low=0, high=None, *, dtype=None, layout=None, device=None,
                 requires_grad=False, memory_format=None):
    """Matches `torch.randint_like`."""
    if high is None:
        low, high = 0, low
    return randint(low, high, input.shape, dtype=dtype or input.dtype,
                   requires_grad=requires_grad)
