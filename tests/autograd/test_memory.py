"""Graphs hold no reference cycles: dropping the output frees everything at once, with the
cyclic garbage collector switched off."""
import gc
import weakref

import ember


def _build_graph():
    x = ember.randn(8, 8, requires_grad=True)
    hidden = x @ x + 1
    view = hidden[1:, :4]
    view.mul_(2)  # in-place through a view re-bases the graph (CopySlices)
    hidden.retain_grad()
    hidden.register_hook(lambda g: g * 1)
    out = (hidden.exp() * view.sum()).sum()
    return x, hidden, out


def test_dropping_the_output_frees_the_graph_without_the_collector():
    gc.disable()
    try:
        x, hidden, out = _build_graph()
        refs = [weakref.ref(hidden), weakref.ref(out), weakref.ref(out.grad_fn),
                weakref.ref(hidden.grad_fn)]
        out.backward()
        del hidden, out
        assert all(ref() is None for ref in refs)
        assert x.grad is not None
    finally:
        gc.enable()


def test_unused_graph_is_freed_without_backward():
    gc.disable()
    try:
        x, hidden, out = _build_graph()
        refs = [weakref.ref(hidden), weakref.ref(out), weakref.ref(out.grad_fn)]
        del hidden, out
        assert all(ref() is None for ref in refs)
        x_ref = weakref.ref(x)
        del x
        assert x_ref() is None
    finally:
        gc.enable()


def test_backward_leaves_nothing_for_the_collector():
    _build_graph()[2].backward()  # first use fills caches (promotion, save masks)
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _ in range(5):
            out = _build_graph()[2]
            out.backward()
            del out
        gc.collect()
        # other libraries' garbage may turn up; none of it may be ember's
        found = [o for o in gc.garbage if type(o).__module__.startswith('ember')]
        assert found == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
