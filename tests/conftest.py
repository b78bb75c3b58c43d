import numpy as np
import pytest

import ember


@pytest.fixture(autouse=True)
def _restore_global_state():
    """Tests may change the default dtype or print options; put them back."""
    dtype = ember.get_default_dtype()
    yield
    ember.set_default_dtype(dtype)
    ember.set_printoptions(profile='default')
    assert ember.is_grad_enabled(), 'a test left grad mode disabled'
    ember.set_grad_enabled(True)


@pytest.fixture
def rng():
    return np.random.default_rng(0)
