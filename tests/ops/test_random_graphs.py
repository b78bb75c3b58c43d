"""Random expression graphs built from ember ops, compared with torch: values and gradients,
over random broadcasting shapes and dtypes."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import ember

torch = pytest.importorskip('torch')

# each op is numerically safe on any finite input, so random graphs never leave the domain
UNARY = {
    'exp': lambda x: (x.tanh() * 2).exp(),
    'tanh': lambda x: x.tanh(),
    'sigmoid': lambda x: x.sigmoid(),
    'sin': lambda x: x.sin(),
    'cos': lambda x: x.cos(),
    'abs': lambda x: x.abs(),
    'relu': lambda x: x.relu(),
    'neg': lambda x: -x,
    'square': lambda x: x * x,
    'scale': lambda x: x * 0.5 + 1.0,
    'log': lambda x: (x.abs() + 1).log(),
    'sqrt': lambda x: (x * x + 1).sqrt(),
    'pow': lambda x: (x.abs() + 1) ** 1.5,
    'rsub': lambda x: 2.0 - x,
    'rdiv': lambda x: 1.0 / (x.abs() + 1),
    'expm1': lambda x: x.tanh().expm1(),
    'log1p': lambda x: x.abs().log1p(),
    'erf': lambda x: x.erf(),
    'atan': lambda x: x.atan(),
    'clamp': lambda x: x.clamp(-0.5, 0.7),
    'softplus_like': lambda x: x.exp().log1p(),
}
BINARY = {
    'add': lambda a, b: a + b,
    'sub': lambda a, b: a - b,
    'mul': lambda a, b: a * b,
    'div': lambda a, b: a / (b.abs() + 1),
    'where': lambda a, b: a.where(a > b, b),
    'maximum': lambda a, b: a.maximum(b),
    'minimum': lambda a, b: a.minimum(b),
    'hypot': lambda a, b: a.hypot(b + 2),
    'atan2': lambda a, b: a.atan2(b.abs() + 1),
    'logaddexp': lambda a, b: a.logaddexp(b),
}
REDUCE = {
    'sum': lambda x, dim: x.sum(dim) if dim is not None else x.sum(),
    'mean': lambda x, dim: x.mean(dim) if dim is not None else x.mean(),
    'amax': lambda x, dim: x.amax(dim) if dim is not None else x.amax(),
    'logsumexp': lambda x, dim: x.logsumexp(dim if dim is not None else tuple(range(x.ndim))),
    'prod': lambda x, dim: (x.tanh() + 2).prod(dim) if dim is not None else (x.tanh() + 2).prod(),
    'norm': lambda x, dim: (x * x + 1).norm(dim=dim),
}


@st.composite
def graphs(draw):
    ndim = draw(st.integers(0, 3))
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=ndim, max_size=ndim)))
    n_leaves = draw(st.integers(1, 3))
    leaves = []
    for _ in range(n_leaves):
        # each leaf's shape broadcasts to `shape`: some dims dropped from the front, some 1
        drop = draw(st.integers(0, ndim))
        leaf_shape = tuple(1 if draw(st.booleans()) else s for s in shape[drop:])
        leaves.append(leaf_shape)
    steps = draw(st.lists(st.tuples(st.sampled_from(sorted(UNARY) + sorted(BINARY)),
                                    st.integers(0, 10)), min_size=1, max_size=8))
    reduce = draw(st.sampled_from(sorted(REDUCE)))
    dim = draw(st.one_of(st.none(), st.integers(-max(ndim, 1), max(ndim, 1) - 1)))
    dtype = draw(st.sampled_from(['float32', 'float64']))
    seed = draw(st.integers(0, 2 ** 16))
    return leaves, steps, reduce, dim if ndim else None, dtype, seed


def _evaluate(lib, leaves, steps, reduce, dim):
    values = list(leaves)
    for name, pick in steps:
        if name in UNARY:
            values.append(UNARY[name](values[pick % len(values)]))
        else:
            a, b = values[pick % len(values)], values[(pick // 2) % len(values)]
            values.append(BINARY[name](a, b))
    out = values[-1]
    for v in values[:-1]:
        out = out + v  # every intermediate feeds the output, so all get gradients
    return REDUCE[reduce](out, dim)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(graphs())
def test_random_graph_matches_torch(graph):
    leaf_shapes, steps, reduce, dim, dtype, seed = graph
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(s).astype(dtype) for s in leaf_shapes]
    t_leaves = [torch.tensor(a, requires_grad=True) for a in arrays]
    e_leaves = [ember.tensor(a, requires_grad=True) for a in arrays]
    t_out = _evaluate(torch, t_leaves, steps, reduce, dim)
    e_out = _evaluate(ember, e_leaves, steps, reduce, dim)
    assert str(e_out.dtype) == str(t_out.dtype) and tuple(e_out.shape) == tuple(t_out.shape)
    rtol = 1e-4 if dtype == 'float32' else 1e-9
    np.testing.assert_allclose(e_out.detach().numpy(), t_out.detach().numpy(), rtol=rtol,
                               atol=rtol)
    cotangent = rng.standard_normal(tuple(t_out.shape)).astype(dtype)
    t_grads = torch.autograd.grad(t_out, t_leaves, torch.tensor(cotangent), allow_unused=True)
    e_grads = ember.autograd.grad(e_out, e_leaves, ember.tensor(cotangent), allow_unused=True)
    for e, t in zip(e_grads, t_grads):
        assert (e is None) == (t is None)
        if t is not None:
            assert tuple(e.shape) == tuple(t.shape)
            np.testing.assert_allclose(e.numpy(), t.numpy(), rtol=rtol, atol=rtol)
