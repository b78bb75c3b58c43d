"""Broadcasting of shapes, with torch's error messages."""

__all__ = ['broadcast_shapes']
from ember.ops._dispatch import broadcast_error


def broadcast_pair(shape_a, shape_b):
    """The broadcast of two shapes; torch's "size of tensor a" error if there is none."""
    message = broadcast_error(shape_a, shape_b)
    if message:
        raise RuntimeError(message)
    ndim = max(len(shape_a), len(shape_b))
    padded_a = (1,) * (ndim - len(shape_a)) + tuple(shape_a)
    padded_b = (1,) * (ndim - len(shape_b)) + tuple(shape_b)
    return tuple(b if a == 1 else a for a, b in zip(padded_a, padded_b))


def broadcast_shapes(*shapes):
    """Matches `torch.broadcast_shapes` (for the pairwise case its message is torch's)."""
    result = ()
    for shape in shapes:
        result = broadcast_pair(result, tuple(shape) if not isinstance(shape, int) else (shape,))
    return result
