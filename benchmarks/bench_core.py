"""Per-op overhead of ember against torch (when installed) and a bare NumPy replay.

    python benchmarks/bench_core.py [--repeat N]

Workloads, each a forward pass and a backward pass:
  scalar chain   2,000 ops on 0-d tensors (pure per-op overhead)
  16x16 chain    1,000 ops on 16x16 tensors (overhead plus small kernels)
and `import` time in a fresh interpreter. Prints microseconds per op and ember/torch ratios.
"""
import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import ember  # noqa: E402

try:
    import torch
except ImportError:
    torch = None

SCALAR_OPS = 2000
MATRIX_OPS = 1000


def scalar_chain(lib):
    """y <- a mix of mul, add, tanh, sub, sigmoid and y*y on a 0-d tensor; then backward."""
    x = lib.tensor(0.5, requires_grad=True)
    c = lib.tensor(0.3, requires_grad=True)
    y = x
    for i in range(SCALAR_OPS // 6):
        y = y * 1.01
        y = y + c
        y = y.tanh()
        y = y - 0.1
        y = y.sigmoid()
        y = y * y
    y.backward()
    return x.grad


def matrix_chain(lib):
    """y <- a mix of matmul, add, tanh, mul and sum-free elementwise ops on 16x16; backward."""
    gen = np.random.default_rng(0)
    x = lib.tensor(gen.standard_normal((16, 16)).astype(np.float32), requires_grad=True)
    w = lib.tensor((gen.standard_normal((16, 16)) / 4).astype(np.float32), requires_grad=True)
    b = lib.tensor(gen.standard_normal(16).astype(np.float32), requires_grad=True)
    y = x
    for i in range(MATRIX_OPS // 5):
        y = y @ w
        y = y + b
        y = y.tanh()
        y = y * 0.9
        y = y - x
    y.sum().backward()
    return w.grad


def numpy_scalar_chain():
    """The scalar chain's forward and backward written out by hand in NumPy."""
    x, c = np.float32(0.5), np.float32(0.3)
    y = x
    tape = []
    for i in range(SCALAR_OPS // 6):
        y = y * np.float32(1.01)
        y = y + c
        t = np.tanh(y)
        tape.append(t)
        y = t - np.float32(0.1)
        s = np.float32(1) / (np.float32(1) + np.exp(-y))
        tape.append(s)
        tape.append(s)
        y = s * s
    g, gc = np.float32(1), np.float32(0)
    for i in reversed(range(SCALAR_OPS // 6)):
        s = tape[3 * i + 2]
        g = g * 2 * s
        g = g * s * (1 - s)
        t = tape[3 * i]
        g = g * (1 - t * t)
        gc = gc + g
        g = g * np.float32(1.01)
    return g


def numpy_matrix_chain():
    """The 16x16 chain's forward and backward written out by hand in NumPy."""
    gen = np.random.default_rng(0)
    x = gen.standard_normal((16, 16)).astype(np.float32)
    w = (gen.standard_normal((16, 16)) / 4).astype(np.float32)
    b = gen.standard_normal(16).astype(np.float32)
    y = x
    tape = []
    for i in range(MATRIX_OPS // 5):
        tape.append(y)
        t = np.tanh(y @ w + b)
        tape.append(t)
        y = t * np.float32(0.9) - x
    g = np.ones_like(y)
    gw = np.zeros_like(w)
    gb = np.zeros_like(b)
    gx = np.zeros_like(x)
    for i in reversed(range(MATRIX_OPS // 5)):
        gx -= g
        g = g * np.float32(0.9)
        t = tape[2 * i + 1]
        g = g * (1 - t * t)
        gb += g.sum(0)
        gw += tape[2 * i].T @ g
        g = g @ w.T
    return gw


def best_times(fns, repeat):
    """The best time of each function, running them in turn so that the machine's slow and
    fast phases fall on all of them alike."""
    best = [float('inf')] * len(fns)
    for _ in range(repeat):
        for index, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def import_time(module, repeat=5):
    """Median time of `import module` in a fresh interpreter, with bytecode caching on (the
    first, untimed run fills the cache) as on a user's machine."""
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONDONTWRITEBYTECODE'}
    code = f'import time; s = time.perf_counter(); import {module}; ' \
           'print(time.perf_counter() - s)'
    times = []
    for _ in range(repeat + 1):
        out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                             env=env, cwd=pathlib.Path(__file__).resolve().parent.parent)
        times.append(float(out.stdout))
    return statistics.median(times[1:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--repeat', type=int, default=15)
    args = parser.parse_args()
    rows = [('scalar chain', SCALAR_OPS, scalar_chain, numpy_scalar_chain),
            ('16x16 chain', MATRIX_OPS, matrix_chain, numpy_matrix_chain)]
    print(f"{'workload':<14}{'ember us/op':>13}{'torch us/op':>13}{'numpy us/op':>13}"
          f"{'ember/torch':>13}{'ember/numpy':>13}")
    for name, count, workload, replay in rows:
        fns = [lambda: workload(ember), replay]
        if torch is not None:
            fns.append(lambda: workload(torch))
        times = [t / count * 1e6 for t in best_times(fns, args.repeat)]
        ours, floor = times[0], times[1]
        if torch is not None:
            theirs = times[2]
            ratio = f'{ours / theirs:13.2f}'
            theirs = f'{theirs:13.2f}'
        else:
            theirs = ratio = f"{'-':>13}"
        print(f'{name:<14}{ours:13.2f}{theirs}{floor:13.2f}{ratio}{ours / floor:13.2f}')
    ember_import = import_time('ember')
    line = f"{'import':<14}{ember_import:12.3f}s"
    if torch is not None:
        torch_import = import_time('torch')
        line += f'{torch_import:12.3f}s   ember/torch {ember_import / torch_import:.2f}'
    print(line)


if __name__ == '__main__':
    main()
