"""torch.Size: a tuple of ints that prints as torch prints it."""


class Size(tuple):
    """Matches `torch.Size`."""

    __slots__ = ()

    def __new__(cls, sizes=()):
        if type(sizes) is not tuple:
            sizes = tuple(s.__index__() for s in sizes)
        return tuple.__new__(cls, sizes)

    def __repr__(self):
        return f'torch.Size([{", ".join(str(s) for s in self)}])'

    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        return Size(item) if isinstance(index, slice) else item

    def __add__(self, other):
        return Size(tuple.__add__(self, other))

    def numel(self):
        count = 1
        for s in self:
            count *= s
        return count

    def __reduce__(self):
        return Size, (tuple(self),)
