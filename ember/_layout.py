"""torch.layout: ember has the strided layout only."""


class layout:
    """Matches `torch.layout`."""

    __slots__ = ('_name',)

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return 'torch.' + self._name

    def __reduce__(self):
        return self._name


strided = layout('strided')
