"""The op-table format: one OpInfo per public op drives every table-driven check.

A sample's arguments are NumPy arrays (made into an ember tensor and a torch tensor with the
same values), Python scalars, `Index` arrays (integer tensors that are never cast or
differentiated), or lists of those (for ops such as cat).
"""
import dataclasses
import enum
from typing import Callable

import numpy as np


class Check(enum.Enum):
    FORWARD = 'values, shape and dtype against torch'
    GRAD_FN = "grad_fn's name against torch"
    GRAD = 'first derivatives against torch.autograd.grad, random cotangent'
    GRADCHECK = 'first derivatives against float64 central differences'
    SECOND_ORDER = 'second derivatives against torch'
    NONCONTIGUOUS = 'non-contiguous inputs give the same values and gradients'
    NO_GRAD = 'no graph is recorded under no_grad'
    ERRORS = "bad input raises torch's exception type and message"


@dataclasses.dataclass(frozen=True)
class Index:
    """An integer array argument: passed as an int64 tensor, never cast or differentiated."""
    array: np.ndarray


@dataclasses.dataclass(frozen=True)
class Sample:
    args: tuple
    kwargs: dict = dataclasses.field(default_factory=dict)
    note: str = ''
    # False where the function is not differentiable at the sample (ties in max, sort...):
    # gradients are still compared with torch's, but not with finite differences
    gradcheck: bool = True

    def __repr__(self):
        def describe(a):
            if isinstance(a, np.ndarray):
                return f'array{a.shape}'
            if isinstance(a, Index):
                return f'index{a.array.shape}'
            if isinstance(a, (list, tuple)):
                return '[' + ', '.join(describe(x) for x in a) + ']'
            return repr(a)
        parts = [describe(a) for a in self.args] + [f'{k}={v!r}' for k, v in self.kwargs.items()]
        return f"({', '.join(parts)}){' ' + self.note if self.note else ''}"


@dataclasses.dataclass(frozen=True)
class OpInfo:
    """One public op: how to call it in either library, its samples and what to check."""
    name: str
    call: Callable                      # call(lib, *args, **kwargs) with lib = ember or torch
    samples: Callable                   # samples(make) -> list[Sample]
    dtypes: tuple = ('float32', 'float64')
    differentiable: bool = True
    domain: tuple = (-2.0, 2.0)
    skips: dict = dataclasses.field(default_factory=dict)   # Check -> reason
    errors: Callable = None             # errors(make) -> list[Sample] that must raise
    rtol: float = None
    atol: float = None

    def checks(self, check):
        return check not in self.skips


def func(name):
    """Call `lib.<name>(*args, **kwargs)`."""
    def call(lib, *args, **kwargs):
        target = lib
        for part in name.split('.'):
            target = getattr(target, part)
        return target(*args, **kwargs)
    call.__name__ = name
    return call


def method(name):
    """Call `args[0].<name>(*args[1:], **kwargs)`."""
    def call(lib, self, *args, **kwargs):
        return getattr(self, name)(*args, **kwargs)
    call.__name__ = name
    return call


def operator(fn):
    """Call a Python operator on the arguments."""
    def call(lib, *args):
        return fn(*args)
    call.__name__ = fn.__name__
    return call


class Maker:
    """Makes sample arrays with values in an op's domain."""

    def __init__(self, rng, domain):
        self.rng = rng
        self.domain = domain

    def __call__(self, *shape, low=None, high=None):
        low = self.domain[0] if low is None else low
        high = self.domain[1] if high is None else high
        return self.rng.uniform(low, high, size=shape)

    def index(self, high, *shape):
        return Index(self.rng.integers(0, high, size=shape))

    def mask(self, *shape):
        return Index(self.rng.random(shape) > 0.5)

    def scalar(self):
        return float(np.round(self.rng.uniform(*self.domain), 2))
