"""Helpers of the DataLoader, at the module paths torch gives them."""
from ember.utils.data._utils import collate  # noqa: F401
