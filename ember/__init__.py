"""ember: PyTorch's tensors and autograd, in Python on NumPy. `import ember as torch`."""
import warnings as _warnings

# torch computes inf and nan silently; NumPy warns. Only warnings raised from ember's own code
# are silenced, so NumPy keeps warning in the user's code.
_warnings.filterwarnings('ignore', category=RuntimeWarning, module=r'ember(\.|$)')

from ember._dtype import (bool, cdouble, cfloat, complex64, complex128, double, dtype,  # noqa
                          float, float16, float32, float64, get_default_dtype, half, int, int8,
                          int16, int32, int64, long, promote_types, set_default_dtype, short,
                          uint8)
from ember._device import device  # noqa: F401
from ember._layout import layout, strided  # noqa: F401
from ember._size import Size  # noqa: F401
from ember._tensor import Tensor  # noqa: F401
from ember._creation import (arange, as_tensor, empty, empty_like, eye, from_numpy,  # noqa
                             full, full_like, linspace, logspace, ones, ones_like, tensor, zeros,
                             zeros_like)
from ember._random import (Generator, default_generator, get_rng_state, initial_seed,  # noqa
                           manual_seed, rand, rand_like, randint, randint_like, randn,
                           randn_like, randperm, seed, set_rng_state)
from ember._tensor_str import set_printoptions  # noqa: F401
from ember.autograd.grad_mode import (enable_grad, inference_mode, is_grad_enabled,  # noqa
                                      is_inference_mode_enabled, no_grad, set_grad_enabled)
from ember.autograd.anomaly_mode import (is_anomaly_check_nan_enabled,  # noqa: F401
                                         is_anomaly_enabled)
# each op module lists its public functions in __all__
from ember.ops.broadcast import *  # noqa: F401,F403
from ember.ops.comparison import *  # noqa: F401,F403
from ember.ops.decompositions import *  # noqa: F401,F403
from ember.ops.diagonal import *  # noqa: F401,F403
from ember.ops.elementwise import *  # noqa: F401,F403
from ember.ops.extras import *  # noqa: F401,F403
from ember.ops.extras_bits import *  # noqa: F401,F403
from ember.ops.extras_combine import *  # noqa: F401,F403
from ember.ops.extras_config import *  # noqa: F401,F403
from ember.ops.extras_index import *  # noqa: F401,F403
from ember.ops.extras_math import *  # noqa: F401,F403
from ember.ops.extras_nn import *  # noqa: F401,F403
from ember.ops.extras_quantile import *  # noqa: F401,F403
from ember.ops.extras_scatter import *  # noqa: F401,F403
from ember.ops.extras_stats import *  # noqa: F401,F403
from ember.ops.extras_windows import *  # noqa: F401,F403
from ember.ops.indexing import *  # noqa: F401,F403
from ember.ops.joining import *  # noqa: F401,F403
from ember.ops.linalg import *  # noqa: F401,F403
from ember.ops.nn_activation import *  # noqa: F401,F403
from ember.ops.nn_activation_smooth import *  # noqa: F401,F403
from ember.ops.nn_activation_softmax import *  # noqa: F401,F403
from ember.ops.nn_basic import *  # noqa: F401,F403
from ember.ops.nn_basic_dropout import *  # noqa: F401,F403
from ember.ops.pointwise import *  # noqa: F401,F403
from ember.ops.random_ops import *  # noqa: F401,F403
from ember.ops.rearrange import *  # noqa: F401,F403
from ember.ops.reduction import *  # noqa: F401,F403
from ember.ops.scan import *  # noqa: F401,F403
from ember.ops.scatter import *  # noqa: F401,F403
from ember.ops.shape import *  # noqa: F401,F403
from ember.ops.sorting import *  # noqa: F401,F403
from ember.ops.statistics import *  # noqa: F401,F403
from ember import autograd, linalg, return_types  # noqa: F401,E402

__version__ = '0.1.0'

# subpackages torch imports eagerly; ember imports them on first use to keep `import` fast
_LAZY_SUBMODULES = ('nn', 'optim', 'utils', 'func', 'serialization', 'coverage')
_LAZY_FUNCTIONS = {'save': 'serialization', 'load': 'serialization', 'vmap': 'func'}


def __getattr__(name):
    if name in _LAZY_SUBMODULES:
        import importlib
        return importlib.import_module(f'{__name__}.{name}')
    if name in _LAZY_FUNCTIONS:
        import importlib
        return getattr(importlib.import_module(f'{__name__}.{_LAZY_FUNCTIONS[name]}'), name)
    raise AttributeError(f"module 'ember' has no attribute '{name}'")
