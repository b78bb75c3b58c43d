"""Sample sets shared by many table rows."""
from tests.opinfo.core import Sample

# (shape of input, shape of other): same shape, broadcasting both ways, 0-d, empty
BINARY_SHAPES = [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 1, 4), (3, 1)), ((5,), ()),
                 ((), ()), ((0, 3), (3,))]
UNARY_SHAPES = [(), (5,), (3, 4), (2, 3, 2), (0, 3)]


def unary(make, **kwargs):
    return [Sample((make(*shape),), dict(kwargs)) for shape in UNARY_SHAPES]


def binary(make, **kwargs):
    samples = [Sample((make(*a), make(*b)), dict(kwargs)) for a, b in BINARY_SHAPES]
    samples.append(Sample((make(3, 4), make.scalar()), dict(kwargs), 'python scalar'))
    samples.append(Sample((make(3, 4), 2), dict(kwargs), 'python int'))
    return samples


def binary_positive_other(make, **kwargs):
    """Binary samples whose second operand stays away from zero (divisors)."""
    samples = [Sample((make(*a), make(*b, low=0.5, high=2.0)), dict(kwargs))
               for a, b in BINARY_SHAPES]
    samples.append(Sample((make(3, 4), 1.5), dict(kwargs), 'python scalar'))
    return samples


def reflected(make):
    """Python number on the left of an operator."""
    return [Sample((make(3, 4),)), Sample((make(),))]
