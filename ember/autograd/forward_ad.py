"""Matches `torch.autograd.forward_ad`: dual tensors carry a tangent through every op.

Entering a dual level pushes a function transform (ember/ops/_transforms.py) that sees every
primitive call; _forward_rules.py derives each op's tangent from its reverse formulas.
Only one level at a time, as in torch.
"""
import contextlib
import functools
from typing import NamedTuple, Optional

from ember._tensor import Tensor
from ember.autograd import _forward_rules
from ember.ops import _transforms

__all__ = ['UnpackedDualTensor', 'enter_dual_level', 'exit_dual_level', 'make_dual',
           'unpack_dual', 'dual_level']

_current_level = -1
_level = None  # the entered ForwardLevel


def enter_dual_level():
    """Matches `torch.autograd.forward_ad.enter_dual_level`."""
    global _current_level, _level
    if _level is not None:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    _level = _forward_rules.ForwardLevel()
    _transforms.push(_level)
    _current_level = 0
    return _current_level


def exit_dual_level(*, level=None):
    """Matches `torch.autograd.forward_ad.exit_dual_level`."""
    global _current_level, _level
    if level is None:
        level = _current_level
    if level != _current_level:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that "
                           "was created. This is not supported.")
    if level < 0:
        raise RuntimeError("Dual level must be a positive number.")
    _transforms.pop(_level)
    _level.clear()
    _level = None
    _current_level = level - 1


class dual_level(contextlib.ContextDecorator):
    """Matches `torch.autograd.forward_ad.dual_level`."""

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, exc_type, exc_value, traceback):
        exit_dual_level()


class UnpackedDualTensor(NamedTuple):
    """Matches `torch.autograd.forward_ad.UnpackedDualTensor`."""
    primal: Tensor
    tangent: Optional[Tensor]


def make_dual(tensor, tangent, *, level=None):
    """Matches `torch.autograd.forward_ad.make_dual`: a view of `tensor` with tangent
    `tangent`, kept as it is."""
    if level is None:
        level = _current_level
    if level < 0:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, "
                           "make sure to enter_dual_level() first.")
    if not (tensor.is_floating_point() or tensor.is_complex()):
        raise ValueError(
            f"Expected primal to be floating point or complex, but got: {tensor.dtype}")
    if not (tangent.is_floating_point() or tangent.is_complex()):
        raise ValueError(
            f"Expected tangent to be floating point or complex, but got: {tangent.dtype}")
    if level != _current_level:
        raise RuntimeError("Invalid level given to _make_dual")
    if _forward_rules.tangent_of(tensor, _level) is not None:
        raise RuntimeError("Making a dual Tensor based on a Tensor that already has a forward "
                           f"gradient at the same level {level} is not supported.")
    if tangent.shape != tensor.shape:
        raise RuntimeError(
            "Trying to set a forward gradient that has a different size than that of the "
            f"original Tensor, this is not supported. Tensor is of size {list(tensor.shape)} "
            f"while the given forward gradient is of size {list(tangent.shape)}.")
    with _forward_rules.Outside(_level):
        dual = tensor.view(tensor.shape)
        if tangent.stride() != tensor.stride():
            # the primal's layout, so that the view ops that work on the primal work on it
            laid_out = tensor.detach().clone()
            laid_out.copy_(tangent)
            tangent = laid_out
    _forward_rules.set_tangent(dual, tangent, _level)
    return dual


def unpack_dual(tensor, *, level=None):
    """Matches `torch.autograd.forward_ad.unpack_dual`: a view of the primal and the tangent
    (None if it has none)."""
    if level is None:
        level = _current_level
    if level < 0:
        return UnpackedDualTensor(tensor, None)
    if not isinstance(tensor, Tensor):
        raise TypeError("_unpack_dual(): argument 'dual' (position 1) must be Tensor, not "
                        f"{type(tensor).__name__}")
    if level != _current_level:
        raise RuntimeError("Invalid level given to _fw_primal")
    tangent = _forward_rules.tangent_of(tensor, _level)
    with _forward_rules.Outside(_level):
        primal = _primal_view()(tensor)
    return UnpackedDualTensor(primal, tangent)


def tangent_for_repr(tensor):
    """The tangent repr shows: the current level's, or None."""
    if _level is None:
        return None
    return _forward_rules.tangent_of(tensor, _level)


@functools.lru_cache(maxsize=None)
def _primal_view():
    """The view op unpack_dual returns the primal through (ops need Tensor, hence the delay)."""
    from ember.ops._primitive import primitive

    # NOTE: torch's node is a CppFunction whose name() is 'Identity'; repr shows the name
    @primitive(name='_fw_primal', node_name='Identity', view=True)
    def fw_primal(xp, input):
        return input.view()

    def identity_grad(grad):
        return grad

    fw_primal.defvjp(identity_grad)
    return fw_primal
