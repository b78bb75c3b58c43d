"""Rows for containers (built from the simplest layers)."""
from tests.nn.moduleinfo.core import ModuleInfo

MODULES = []
