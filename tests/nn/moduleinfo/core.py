"""The module-table format: one ModuleInfo per layer (or configuration) drives the checks in
tests/nn/test_module_table.py: repr, state_dict keys, forward values, gradients of inputs and
parameters against torch (after copying torch's weights into ember's module), and errors.
"""
import dataclasses
from typing import Callable

import numpy as np

from tests.opinfo.core import Index  # noqa: F401  (integer inputs, e.g. for Embedding)


@dataclasses.dataclass(frozen=True)
class ModuleInfo:
    name: str
    make: Callable            # make(nn) -> module, with nn = ember.nn or torch.nn
    inputs: Callable          # inputs(rng) -> tuple of arrays / Index / Python values
    dtypes: tuple = ('float32', 'float64')
    train: bool = True        # also compare in training mode (False for random layers)
    eval: bool = True         # also compare in eval mode
    errors: Callable = None   # errors(rng) -> list of input tuples that must raise torch's error
    rtol: float = None
    atol: float = None
    grad: bool = True         # compare gradients (False for non-differentiable layers)
    loss: Callable = None     # loss(lib, output) -> scalar; default: sum with random weights


def arrays(rng, *shape, low=-1.0, high=1.0):
    return rng.uniform(low, high, size=shape)
