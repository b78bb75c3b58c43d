"""Grad modes: context managers, decorators, thread-locality."""
import threading

import pytest

import ember


def _records():
    x = ember.ones(2, requires_grad=True)
    return (x * 2).requires_grad


def test_no_grad_and_enable_grad_nest():
    assert ember.is_grad_enabled()
    with ember.no_grad():
        assert not ember.is_grad_enabled() and not _records()
        with ember.enable_grad():
            assert _records()
        assert not _records()
    assert _records()


def test_set_grad_enabled_as_function_and_context():
    ember.set_grad_enabled(False)
    try:
        assert not _records()
    finally:
        ember.set_grad_enabled(True)
    with ember.set_grad_enabled(False):
        assert not _records()
    assert _records()


DECORATORS = {
    'no_grad()': lambda: ember.no_grad(),
    'no_grad': lambda: ember.no_grad,
    # NOTE: made inside the test: set_grad_enabled(False) takes effect when it is created
    'set_grad_enabled': lambda: ember.set_grad_enabled(False),
    'inference_mode()': lambda: ember.inference_mode(),
    'inference_mode': lambda: ember.inference_mode,
}


@pytest.mark.parametrize('name', DECORATORS)
def test_decorators(name):
    @DECORATORS[name]()
    def inner(value):
        return value, _records()

    assert inner(3) == (3, False)
    assert _records()


def test_decorated_generator_runs_without_grad_only_inside():
    @ember.no_grad()
    def steps():
        for _ in range(2):
            yield _records()

    seen = []
    for inside in steps():
        seen.append((inside, _records()))
    assert seen == [(False, True), (False, True)]


def test_inference_mode():
    with ember.inference_mode():
        assert ember.is_inference_mode_enabled() and not _records()
        with ember.inference_mode(False):
            assert not ember.is_inference_mode_enabled()
    assert not ember.is_inference_mode_enabled() and _records()


def test_grad_mode_is_per_thread():
    results = {}
    ready, done = threading.Event(), threading.Event()

    def worker():
        ready.wait()
        results['worker'] = (ember.is_grad_enabled(), _records())
        done.set()

    thread = threading.Thread(target=worker)
    thread.start()
    with ember.no_grad():
        ready.set()
        done.wait()
        results['main'] = ember.is_grad_enabled()
    thread.join()
    assert results == {'worker': (True, True), 'main': False}
