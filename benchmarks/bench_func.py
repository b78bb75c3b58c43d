"""ember.func against torch.func (when installed), side by side in one run.

    python benchmarks/bench_func.py [--repeat N]

Workloads:
  hessian 100        hessian of a scalar function of 100 variables
  per-sample vmap    per-sample gradients of a 10-32-1 MLP, batch 64, via vmap(grad)
  per-sample loop    the same gradients, one grad call per sample
  jacrev 100->100    jacobian of a function from 100 to 100 values
Prints milliseconds per call and ember/torch ratios (best of N, runs interleaved).
"""
import argparse
import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import ember  # noqa: E402
import ember.func  # noqa: E402,F401
import ember.nn.functional  # noqa: E402,F401

try:
    import torch
    import torch.func  # noqa: F401
except ImportError:
    torch = None


def _data(lib):
    gen = np.random.default_rng(0)
    x100 = lib.tensor(gen.standard_normal(100))
    params = {'w1': lib.tensor(gen.standard_normal((32, 10)) / 3),
              'b1': lib.tensor(gen.standard_normal(32) / 3),
              'w2': lib.tensor(gen.standard_normal((1, 32)) / 3),
              'b2': lib.tensor(gen.standard_normal(1) / 3)}
    xs = lib.tensor(gen.standard_normal((64, 10)))
    ys = lib.tensor(gen.standard_normal((64, 1)))
    a = lib.tensor(gen.standard_normal((100, 100)) / 10)
    return x100, params, xs, ys, a


def workloads(lib):
    x100, params, xs, ys, a = _data(lib)
    func, functional = lib.func, lib.nn.functional

    def scalar(x):
        return (x.sin() * x.roll(1, 0)).sum() + (x * x).sum().log()

    def loss(p, x, y):
        hidden = functional.linear(x, p['w1'], p['b1']).tanh()
        return functional.mse_loss(functional.linear(hidden, p['w2'], p['b2']), y)

    def vector(x):
        return (a @ x).tanh() * x.exp()

    per_sample = func.vmap(func.grad(loss), in_dims=(None, 0, 0))
    one_grad = func.grad(loss)

    def loop():
        return [one_grad(params, xs[i], ys[i]) for i in range(xs.shape[0])]

    return [('hessian 100', lambda: func.hessian(scalar)(x100)),
            ('per-sample vmap', lambda: per_sample(params, xs, ys)),
            ('per-sample loop', loop),
            ('jacrev 100->100', lambda: func.jacrev(vector)(x100))]


def best_times(fns, repeat):
    """The best time of each function, run in turn so that slow phases hit all alike."""
    for fn in fns:
        fn()  # warm-up: first calls pay one-time costs (torch loads its decompositions)
    best = [float('inf')] * len(fns)
    for _ in range(repeat):
        for index, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--repeat', type=int, default=10)
    args = parser.parse_args()
    ours = workloads(ember)
    theirs = workloads(torch) if torch is not None else None
    print(f"{'workload':<18}{'ember ms':>11}{'torch ms':>11}{'ember/torch':>13}")
    for index, (name, fn) in enumerate(ours):
        fns = [fn] if theirs is None else [fn, theirs[index][1]]
        times = [t * 1e3 for t in best_times(fns, args.repeat)]
        if theirs is None:
            print(f'{name:<18}{times[0]:11.2f}{"-":>11}{"-":>13}')
        else:
            print(f'{name:<18}{times[0]:11.2f}{times[1]:11.2f}{times[0] / times[1]:13.2f}')


if __name__ == '__main__':
    main()
