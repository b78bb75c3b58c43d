"""Function transforms that see every primitive call: forward-mode AD and vmap.

A transform is an object with a method `process(op, inputs, settings, inplace)`. While any
transform is active, each primitive call goes to the innermost one (the last in `active`),
which computes the op with `call_below`: the same call, seen only by the transforms beneath
it. Transforms nest the way functorch's levels do: vmap(jvp(f)) is a forward-AD transform
inside a vmap transform.

NOTE: the stack is global rather than thread-local. Transforms are entered and left in the
thread that runs the transformed function; threads running ops meanwhile would see them.
"""
from ember.ops import _dispatch

active = []


def call_below(transform, op, inputs, settings, inplace):
    """Run `op` as if `transform` and every transform inside it were not active."""
    index = next(i for i, t in enumerate(active) if t is transform)
    above = active[index:]
    del active[index:]
    try:
        return _dispatch.run(op, inputs, settings, inplace)
    finally:
        active[index:] = above


def push(transform):
    active.append(transform)


def pop(transform):
    if not active or active[-1] is not transform:
        raise RuntimeError('ember: function transforms must be exited in the reverse order '
                           'they were entered')
    active.pop()
