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
from ember.ops.comparison import (bitwise_and, bitwise_not, bitwise_or, bitwise_xor, eq,  # noqa
                                  ge, gt, le, logical_and, logical_not, logical_or, logical_xor,
                                  lt, ne)
from ember.ops.indexing import select  # noqa: F401
from ember.ops.joining import cat, stack, unbind  # noqa: F401
from ember.ops.linalg import bmm, dot, matmul, mm, mv, outer  # noqa: F401
from ember.ops.pointwise import (abs, add, cos, div, exp, floor_divide, log, mul, neg,  # noqa
                                 pow, reciprocal, relu, remainder, rsqrt, sigmoid, sign, sin,
                                 sqrt, square, sub, tanh, true_divide, where)
from ember.ops.reduction import mean, sum  # noqa: F401
from ember.ops.shape import (clone, flatten, permute, reshape, squeeze, t,  # noqa: F401
                             transpose, unflatten, unsqueeze)
from ember import autograd  # noqa: F401

__version__ = '0.1.0'
