"""Flattening parameters into one vector and back."""
from ember._tensor import Tensor

__all__ = ['parameters_to_vector', 'vector_to_parameters']


def parameters_to_vector(parameters):
    """Matches `torch.nn.utils.parameters_to_vector`."""
    from ember.ops.joining import cat
    return cat([param.view(-1) for param in parameters])


def vector_to_parameters(vec, parameters):
    """Matches `torch.nn.utils.vector_to_parameters`."""
    if not isinstance(vec, Tensor):
        from ember.optim.optimizer import typename
        raise TypeError(f"expected torch.Tensor, but got: {typename(vec)}")
    pointer = 0
    for param in parameters:
        num_param = param.numel()
        param.data = vec[pointer:pointer + num_param].view_as(param).data
        pointer += num_param
