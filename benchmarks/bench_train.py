"""Training-step speed of ember against torch (when installed) and hand-written NumPy.

    python benchmarks/bench_train.py [--repeat N]

Workloads, each the same code for both libraries (zero_grad, forward, cross-entropy,
backward, SGD step):
  digits epoch   one epoch of a 64-128-64-10 MLP over 1437 digits images, batch 64
  large MLP      one step of a 784-1024-1024-10 MLP, batch 256
  CNN            one step of conv(1->16,3x3,pad 1)-relu-maxpool2-conv(16->32,3x3,pad 1)-relu-
                 maxpool2-linear on 64 images of 1x28x28
The NumPy column is the same step written out by hand (plain im2col for the convolutions):
the floor for a NumPy backend. Prints milliseconds per workload and ember/torch ratios.
"""
import argparse
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import ember  # noqa: E402
from bench_core import best_times  # noqa: E402

try:
    import torch
except ImportError:
    torch = None


def digits_data():
    """The digits training split (80% of scikit-learn's 1797 images), or random data of the
    same shape when scikit-learn is missing: the timing does not depend on the pixels."""
    try:
        from sklearn.datasets import load_digits
        images, labels = load_digits(return_X_y=True)
    except ImportError:
        gen = np.random.default_rng(0)
        images, labels = gen.random((1797, 64)) * 16, gen.integers(0, 10, 1797)
    images = ((images - images.mean(0)) / (images.std(0) + 1e-6)).astype(np.float32)
    return images[:1437], labels[:1437].astype(np.int64)


def mlp(lib, sizes):
    nn = lib.nn
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
    return nn.Sequential(*layers[:-1])


def cnn(lib):
    nn = lib.nn
    return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(32 * 7 * 7, 10))


class Trainer:
    """A model, its SGD optimizer and loss, and the data it trains on, for one library."""

    def __init__(self, lib, model, inputs, labels, batch):
        lib.manual_seed(0)
        self.model = model(lib)
        self.optimizer = lib.optim.SGD(self.model.parameters(), lr=0.01)
        self.loss = lib.nn.CrossEntropyLoss()
        self.inputs, self.labels = lib.from_numpy(inputs), lib.from_numpy(labels)
        self.batch = batch

    def step(self, x, y):
        self.optimizer.zero_grad()
        loss = self.loss(self.model(x), y)
        loss.backward()
        self.optimizer.step()
        return loss

    def epoch(self):
        for start in range(0, len(self.inputs), self.batch):
            stop = start + self.batch
            self.step(self.inputs[start:stop], self.labels[start:stop])

    def one_step(self):
        self.step(self.inputs, self.labels)


# --- the same steps written out in NumPy ----------------------------------------------------

def numpy_linear_params(sizes, gen):
    return [[(gen.standard_normal((o, i)) / np.sqrt(i)).astype(np.float32),
             np.zeros(o, np.float32)] for i, o in zip(sizes[:-1], sizes[1:])]


def cross_entropy_grad(logits, labels):
    """The mean cross-entropy's gradient with respect to the logits."""
    shifted = logits - logits.max(1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(1, keepdims=True)
    probs[np.arange(len(labels)), labels] -= 1
    return probs / len(labels)


def numpy_mlp_step(params, x, labels, lr=np.float32(0.01)):
    activations = [x]
    for index, (w, b) in enumerate(params):
        z = activations[-1] @ w.T + b
        activations.append(np.maximum(z, 0) if index < len(params) - 1 else z)
    g = cross_entropy_grad(activations[-1], labels)
    for index in reversed(range(len(params))):
        w, b = params[index]
        a = activations[index]
        gw, gb = g.T @ a, g.sum(0)
        if index:
            g = (g @ w) * (a > 0)
        w -= lr * gw
        b -= lr * gb


def im2col(x, k=3, pad=1):
    """(N, C, H, W) -> (N*H*W, C*k*k) patches for a stride-1 'same' convolution."""
    n, c, h, w = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    cols = np.empty((n, c, k, k, h, w), x.dtype)
    for i in range(k):
        for j in range(k):
            cols[:, :, i, j] = padded[:, :, i:i + h, j:j + w]
    return cols.transpose(0, 4, 5, 1, 2, 3).reshape(n * h * w, c * k * k)


def col2im(cols, shape, k=3, pad=1):
    n, c, h, w = shape
    cols = cols.reshape(n, h, w, c, k, k).transpose(0, 3, 4, 5, 1, 2)
    padded = np.zeros((n, c, h + 2 * pad, w + 2 * pad), cols.dtype)
    for i in range(k):
        for j in range(k):
            padded[:, :, i:i + h, j:j + w] += cols[:, :, i, j]
    return padded[:, :, pad:pad + h, pad:pad + w]


def conv_forward(x, w, b):
    n, _, h, width = x.shape
    cols = im2col(x)
    out = cols @ w.reshape(len(w), -1).T + b
    return out.reshape(n, h, width, len(w)).transpose(0, 3, 1, 2), cols


def conv_backward(g, x_shape, cols, w):
    g_rows = g.transpose(0, 2, 3, 1).reshape(-1, len(w))
    gw = (g_rows.T @ cols).reshape(w.shape)
    gx = col2im(g_rows @ w.reshape(len(w), -1), x_shape)
    return gx, gw, g_rows.sum(0)


def pool_forward(x):
    n, c, h, w = x.shape
    windows = x.reshape(n, c, h // 2, 2, w // 2, 2)
    out = windows.max((3, 5))
    mask = windows == out[:, :, :, None, :, None]
    return out, mask


def pool_backward(g, mask):
    n, c, h, _, w, _ = mask.shape
    return (mask * g[:, :, :, None, :, None]).reshape(n, c, h * 2, w * 2)


def numpy_cnn_step(params, x, labels, lr=np.float32(0.01)):
    (w1, b1), (w2, b2), (w3, b3) = params
    z1, cols1 = conv_forward(x, w1, b1)
    a1 = np.maximum(z1, 0)
    p1, mask1 = pool_forward(a1)
    z2, cols2 = conv_forward(p1, w2, b2)
    a2 = np.maximum(z2, 0)
    p2, mask2 = pool_forward(a2)
    flat = p2.reshape(len(x), -1)
    g = cross_entropy_grad(flat @ w3.T + b3, labels)
    gw3, gb3 = g.T @ flat, g.sum(0)
    g = pool_backward((g @ w3).reshape(p2.shape), mask2) * (z2 > 0)
    g, gw2, gb2 = conv_backward(g, p1.shape, cols2, w2)
    g = pool_backward(g, mask1) * (z1 > 0)
    _, gw1, gb1 = conv_backward(g, x.shape, cols1, w1)
    for (w, b), gw, gb in zip(params, (gw1, gw2, gw3), (gb1, gb2, gb3)):
        w -= lr * gw
        b -= lr * gb


def numpy_cnn_params(gen):
    def conv(cin, cout):
        return [(gen.standard_normal((cout, cin, 3, 3)) / 3 / np.sqrt(cin)).astype(np.float32),
                np.zeros(cout, np.float32)]
    return [conv(1, 16), conv(16, 32), *numpy_linear_params((32 * 7 * 7, 10), gen)]


def workloads():
    gen = np.random.default_rng(0)
    digits_x, digits_y = digits_data()
    large_x = gen.standard_normal((256, 784)).astype(np.float32)
    large_y = gen.integers(0, 10, 256)
    images = gen.standard_normal((64, 1, 28, 28)).astype(np.float32)
    image_labels = gen.integers(0, 10, 64)
    digits_params = numpy_linear_params((64, 128, 64, 10), gen)
    large_params = numpy_linear_params((784, 1024, 1024, 10), gen)
    cnn_params = numpy_cnn_params(gen)

    def numpy_digits_epoch():
        for start in range(0, len(digits_x), 64):
            numpy_mlp_step(digits_params, digits_x[start:start + 64],
                           digits_y[start:start + 64])

    return [
        ('digits epoch', lambda lib: Trainer(lib, lambda l: mlp(l, (64, 128, 64, 10)),
                                             digits_x, digits_y, 64).epoch,
         numpy_digits_epoch),
        ('large MLP', lambda lib: Trainer(lib, lambda l: mlp(l, (784, 1024, 1024, 10)),
                                          large_x, large_y, 256).one_step,
         lambda: numpy_mlp_step(large_params, large_x, large_y)),
        ('CNN', lambda lib: Trainer(lib, cnn, images, image_labels, 64).one_step,
         lambda: numpy_cnn_step(cnn_params, images, image_labels)),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--repeat', type=int, default=10)
    args = parser.parse_args()
    if torch is not None:
        print(f'torch threads: {torch.get_num_threads()}')
    print(f"{'workload':<14}{'ember ms':>10}{'torch ms':>10}{'numpy ms':>10}"
          f"{'ember/torch':>13}{'numpy/torch':>13}")
    for name, make, replay in workloads():
        fns = [make(ember), replay]
        if torch is not None:
            fns.append(make(torch))
        for fn in fns:
            fn()  # warm-up: first-call allocations and lazy imports
        times = [t * 1e3 for t in best_times(fns, args.repeat)]
        ours, floor = times[0], times[1]
        if torch is not None:
            theirs = times[2]
            print(f'{name:<14}{ours:10.2f}{theirs:10.2f}{floor:10.2f}'
                  f'{ours / theirs:13.2f}{floor / theirs:13.2f}')
        else:
            print(f"{name:<14}{ours:10.2f}{'-':>10}{floor:10.2f}{'-':>13}{'-':>13}")


if __name__ == '__main__':
    main()
