"""A mixed workload of pointwise, reduction, indexing and linalg ops, forward and backward, on
tensors of about 1e3 and 1e6 elements, in ember against torch (when installed).

    python benchmarks/bench_ops.py [--repeat N]

NumPy computes each elementwise op on one core; torch spreads large ones over both cores of
this machine, which bounds the 1e6-element ratio from below.
"""
import argparse
import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import ember  # noqa: E402

try:
    import torch
except ImportError:
    torch = None

SIZES = {'1e3': 32, '1e6': 1000}  # square matrices of side n: ~1e3 and ~1e6 elements


def make_inputs(lib, n, seed=0):
    rng = np.random.default_rng(seed)
    x = lib.tensor(rng.standard_normal((n, n)).astype(np.float32), requires_grad=True)
    w = lib.tensor((rng.standard_normal((n, n)) / np.sqrt(n)).astype(np.float32),
                   requires_grad=True)
    index = lib.tensor(rng.integers(0, n, (n, 4)))
    mask = lib.tensor(rng.random((n, n)) > 0.5)
    return x, w, index, mask


def workload(lib, x, w, index, mask):
    """Forward and backward through a mix of the op families."""
    h = (x @ w).tanh()                                   # linalg, pointwise
    h = h * x.sigmoid() + (x * 0.1).exp() - h.abs().sqrt()
    rows = h.sum(1) + h.max(1).values + h.logsumexp(1)   # reductions
    picked = h.gather(1, index) + h[index[:, 0]][:, :4]  # indexing
    filled = h.masked_fill(mask, 0.0)
    loss = rows.mean() + picked.sum() + filled.var(0).sum()
    loss.backward()
    return loss


def best_times(fns, repeat):
    best = [float('inf')] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--repeat', type=int, default=10)
    args = parser.parse_args()
    print(f"{'size':<8}{'ember ms':>12}{'torch ms':>12}{'ember/torch':>14}")
    for label, n in SIZES.items():
        repeat = args.repeat if n < 500 else max(3, args.repeat // 3)
        ember_inputs = make_inputs(ember, n)
        fns = [lambda: workload(ember, *ember_inputs)]
        if torch is not None:
            torch_inputs = make_inputs(torch, n)
            fns.append(lambda: workload(torch, *torch_inputs))
        times = [t * 1e3 for t in best_times(fns, repeat)]
        if torch is not None:
            print(f'{label:<8}{times[0]:12.3f}{times[1]:12.3f}{times[0] / times[1]:14.2f}')
        else:
            print(f"{label:<8}{times[0]:12.3f}{'-':>12}{'-':>14}")


if __name__ == '__main__':
    main()
