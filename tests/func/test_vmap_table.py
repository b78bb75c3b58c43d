"""vmap over the op table: each float64 sample, batched three ways, against a loop over the
batch; and which ops run a batching rule rather than the per-sample fallback."""
import warnings

import numpy as np
import pytest

import ember
from ember.func import vmap
from ember.func._rules import FALLBACK_WARNING
from tests.opinfo import OPS
from tests.opinfo.core import Index, Maker

BATCH = 3
_PREFIX = FALLBACK_WARNING.split('{}')[0]


def _variants(op, sample, rng):
    """Three samples like `sample`, with fresh values in its float arrays."""
    found = []
    for _ in range(BATCH):
        args = []
        for arg in sample.args:
            if isinstance(arg, np.ndarray) and arg.dtype.kind == 'f':
                noise = rng.uniform(*op.domain, size=arg.shape) if arg.size else arg
                args.append(np.asarray(noise, dtype=np.float64))
            else:
                args.append(arg)
        found.append(args)
    return found


def _tensor(arg):
    if isinstance(arg, np.ndarray):
        return ember.tensor(arg.astype(np.float64) if arg.dtype.kind == 'f' else arg)
    if isinstance(arg, Index):
        return ember.tensor(arg.array)
    return arg


def _batchable(arg):
    return isinstance(arg, np.ndarray) and arg.dtype.kind == 'f'


def _check(op, sample, variants, in_dim):
    positions = [i for i, a in enumerate(sample.args) if _batchable(a)]
    if not positions:
        return None
    fixed = [_tensor(a) for a in sample.args]
    try:
        expected = [op.call(ember, *[_tensor(a) for a in args], **sample.kwargs)
                    for args in variants]
    except Exception:
        return None
    if not all(isinstance(e, ember.Tensor) for e in expected):
        return None
    batched_args = []
    for i in positions:
        stacked = np.stack([args[i] for args in variants])
        if in_dim and stacked.ndim > 1:
            stacked = np.moveaxis(stacked, 0, in_dim)
        batched_args.append(ember.tensor(stacked))
    dims = tuple(in_dim if ember.Tensor.dim(b) > 1 else 0 for b in batched_args)

    def call(*batched):
        args = list(fixed)
        for i, b in zip(positions, batched):
            args[i] = b
        return op.call(ember, *args, **sample.kwargs)

    got = vmap(call, in_dims=dims)(*batched_args)
    want = ember.stack(expected)
    assert got.shape == want.shape, (op.name, sample.note)
    assert got.dtype == want.dtype, (op.name, sample.note)
    np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), rtol=1e-9,
                               atol=1e-9, err_msg=f'{op.name} {sample.note}')
    return True


_FLOAT64_OPS = [op for op in OPS if 'float64' in op.dtypes]

# table ops whose ember implementation cannot run under vmap yet, and why
_READS_VALUES = 'reads the values of a batched tensor in Python (an info or mask check)'
_WRITES_NEW = ('writes batched values into a new tensor made with a shape (zeros, empty), which '
               'is not batched')
UNSUPPORTED = {
    'linalg.inv': _READS_VALUES, 'inverse': _READS_VALUES, 'Tensor.inverse': _READS_VALUES,
    'linalg.solve': _READS_VALUES, 'linalg.cholesky': _READS_VALUES,
    'linalg.cholesky_upper': _READS_VALUES, 'linalg.matrix_power': _READS_VALUES,
    'matrix_power': _READS_VALUES, 'Tensor.matrix_power': _READS_VALUES,
    'getitem_full_mask': _READS_VALUES, 'nn.functional.poisson_nll_loss': _READS_VALUES,
    'nn.functional.pad': _WRITES_NEW,
    'fill': _WRITES_NEW,
    # in-place logical ops write to the target's memory outside the primitive dispatch
    'Tensor.logical_and_': _READS_VALUES, 'Tensor.logical_or_': _READS_VALUES,
    'Tensor.logical_xor_': _READS_VALUES, 'Tensor.logical_not_': _READS_VALUES,
    'histc': _READS_VALUES, 'Tensor.histc': _READS_VALUES, 'isin': _READS_VALUES,
    'searchsorted': _READS_VALUES, 'bucketize': _READS_VALUES, 'vander': _WRITES_NEW,
    'quantile': _READS_VALUES, 'Tensor.quantile': _READS_VALUES, 'nanquantile': _READS_VALUES,
    'Tensor.nanquantile': _READS_VALUES, 'quantile_lower': _READS_VALUES,
    'quantile_higher': _READS_VALUES, 'quantile_midpoint': _READS_VALUES,
    'quantile_nearest': _READS_VALUES, 'poisson_nll_loss': _READS_VALUES,
}


def _param(op):
    reason = UNSUPPORTED.get(op.name)
    marks = [pytest.mark.xfail(raises=(RuntimeError, AttributeError), reason=reason,
                              strict=False)] if reason else []
    return pytest.param(op, id=op.name, marks=marks)


@pytest.mark.parametrize('op', [_param(op) for op in _FLOAT64_OPS])
def test_vmap_matches_a_loop(op):
    rng = np.random.default_rng(0)
    samples = op.samples(Maker(np.random.default_rng(1), op.domain))
    for index, sample in enumerate(samples):
        variants = _variants(op, sample, rng)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            _check(op, sample, variants, 0)
            if index == 0:
                _check(op, sample, variants, -1)


def _fallbacks(op):
    """The primitives an op's samples send to the fallback, by name."""
    names = set()
    rng = np.random.default_rng(0)
    for sample in op.samples(Maker(np.random.default_rng(1), op.domain)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            try:
                _check(op, sample, _variants(op, sample, rng), 0)
            except Exception:
                pass
        for w in caught:
            text = str(w.message)
            if text.startswith(_PREFIX):
                names.add(text[len(_PREFIX):].split('.')[0])
    return names


# table ops whose samples all run on batching rules
BATCHED = None


def test_ops_with_rules_do_not_fall_back():
    batched, fell_back = [], {}
    for op in _FLOAT64_OPS:
        names = _fallbacks(op)
        if names:
            fell_back[op.name] = sorted(names)
        else:
            batched.append(op.name)
    print(f'\n{len(batched)} table ops batched by rules, {len(fell_back)} falling back')
    for name, prims in sorted(fell_back.items()):
        print(f'  {name}: {", ".join(prims)}')
    from ember.func._rules import RULES, DECOMPOSITIONS
    from ember.ops._primitive import Primitive
    import sys
    everything = {id(v): v for module in list(sys.modules.values())
                  if getattr(module, '__name__', '').startswith('ember.')
                  for v in vars(module).values() if isinstance(v, Primitive)}.values()
    # a name every primitive of which has a rule (several primitives may share a name)
    ruled = {op.name for op in everything} - {
        op.name for op in everything if op not in RULES and op not in DECOMPOSITIONS}
    from ember.func._rules_table import FALLS_BACK_SOMETIMES
    for name, prims in fell_back.items():
        for prim in prims:
            assert prim not in ruled or prim in FALLS_BACK_SOMETIMES, (name, prim)
