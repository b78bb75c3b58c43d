"""Moving parameters, gradients and state dicts between ember and torch, and comparing them."""
import numpy as np

import ember

try:
    import torch
except ImportError:  # the tests that need torch skip themselves
    torch = None

SHAPES = [(4, 3), (5,), ()]


def tolerance(dtype):
    """(rtol, atol) for N optimizer steps: float rounding only, accumulated over the steps."""
    return (2e-5, 1e-6) if np.dtype(dtype) in (np.float32, np.complex64) else (1e-11, 1e-13)


def make_arrays(seed, dtype, shapes=SHAPES, scale=1.0):
    rng = np.random.default_rng(seed)
    arrays = []
    for shape in shapes:
        values = rng.standard_normal(shape)
        if np.dtype(dtype).kind == 'c':
            values = values + 1j * rng.standard_normal(shape)
        arrays.append(np.asarray(values * scale, dtype=dtype))
    return arrays


def make_params(lib, arrays):
    return [lib.nn.Parameter(lib.tensor(a.copy())) for a in arrays]


def set_grads(params, arrays):
    lib = ember if isinstance(params[0], ember.Tensor) else torch
    for p, a in zip(params, arrays):
        p.grad = lib.tensor(a.copy())


def convert(value, lib):
    """A nested structure with every tensor rebuilt in `lib` (same values and dtype)."""
    if isinstance(value, (ember.Tensor, torch.Tensor)):
        array = value.detach().numpy().copy() if isinstance(value, torch.Tensor) else \
            np.array(value.detach().numpy())
        return lib.tensor(array)
    if isinstance(value, dict):
        return {k: convert(v, lib) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(convert(v, lib) for v in value)
    return value


def assert_same(ours, theirs, dtype=np.float64, path='value'):
    """Nested structures equal: same keys, types and values; tensors to float tolerance."""
    if isinstance(theirs, torch.Tensor):
        assert isinstance(ours, ember.Tensor), f'{path}: {type(ours)} is not a tensor'
        assert str(ours.dtype) == str(theirs.dtype), f'{path}: {ours.dtype} != {theirs.dtype}'
        assert tuple(ours.shape) == tuple(theirs.shape), path
        rtol, atol = tolerance(dtype)
        np.testing.assert_allclose(np.array(ours.detach().numpy()), theirs.detach().numpy(),
                                   rtol=rtol, atol=atol, err_msg=path)
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict), path
        assert list(ours.keys()) == list(theirs.keys()), f'{path}: {list(ours)} != {list(theirs)}'
        for key in theirs:
            assert_same(ours[key], theirs[key], dtype, f'{path}[{key!r}]')
    elif isinstance(theirs, (list, tuple)):
        assert type(ours) is type(theirs), f'{path}: {type(ours)} != {type(theirs)}'
        assert len(ours) == len(theirs), path
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_same(a, b, dtype, f'{path}[{i}]')
    else:
        assert type(ours) is type(theirs) and ours == theirs, f'{path}: {ours!r} != {theirs!r}'


def assert_params_close(ours, theirs, dtype):
    rtol, atol = tolerance(dtype)
    for i, (a, b) in enumerate(zip(ours, theirs)):
        np.testing.assert_allclose(np.array(a.detach().numpy()), b.detach().numpy(),
                                   rtol=rtol, atol=atol, err_msg=f'parameter {i}')


def raised(fn):
    """(exception type name, message) that fn raises, or None."""
    try:
        fn()
    except Exception as error:  # noqa: BLE001 - compared with torch's
        return type(error).__name__, str(error)
    return None
