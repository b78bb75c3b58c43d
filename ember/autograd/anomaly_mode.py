"""Anomaly detection: remember where each node was made, and stop at NaN gradients."""
import os
import traceback
import warnings

from ember.autograd.grad_mode import _ModeContext

_EMBER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class _AnomalyState:
    __slots__ = ('enabled', 'check_nan')


state = _AnomalyState()
state.enabled = False
state.check_nan = True


def is_anomaly_enabled():
    """Matches `torch.is_anomaly_enabled`."""
    return state.enabled


def is_anomaly_check_nan_enabled():
    """Matches `torch.is_anomaly_check_nan_enabled`."""
    return state.check_nan


def _warn_enabled():
    warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime and "
                  "should only be enabled for debugging.", UserWarning, stacklevel=3)


class detect_anomaly(_ModeContext):
    """Matches `torch.autograd.detect_anomaly`."""

    def __init__(self, check_nan=True):
        self.check_nan = check_nan
        self.prev = (state.enabled, state.check_nan)

    def clone(self):
        return type(self)(self.check_nan)

    def __enter__(self):
        _warn_enabled()
        self.prev = (state.enabled, state.check_nan)
        state.enabled, state.check_nan = True, self.check_nan

    def __exit__(self, *exc):
        state.enabled, state.check_nan = self.prev


class set_detect_anomaly(_ModeContext):
    """Matches `torch.autograd.set_detect_anomaly`: takes effect at once, undone on exit."""

    def __init__(self, mode, check_nan=True):
        self.prev = (state.enabled, state.check_nan)
        self.mode, self.check_nan = mode, check_nan
        state.enabled, state.check_nan = mode, check_nan

    def clone(self):
        return type(self)(self.mode, self.check_nan)

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        state.enabled, state.check_nan = self.prev


def record_creation(node):
    """Keep the stack that created `node` (its user-code frames) in its metadata."""
    frames = [f for f in traceback.extract_stack()[:-1]
              if not os.path.abspath(f.filename).startswith(_EMBER_DIR)]
    node.metadata['traceback_'] = traceback.format_list(frames)


def warn_forward_trace(node):
    """The warning torch gives when a node's backward fails under anomaly detection."""
    trace = ''.join(node.metadata.get('traceback_', ()))
    warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused the "
                  f"error:\n{trace}", UserWarning, stacklevel=4)


def check_outputs(node, outputs):
    """Raise torch's error if the node produced NaN gradients."""
    import numpy as np
    for index, grad in enumerate(outputs):
        if grad is not None and np.isnan(grad._data).any():
            warn_forward_trace(node)
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {index}th "
                               "output.")
