"""linear, bilinear, dropout, embedding, one_hot, normalize and distances."""

__all__ = []
