"""The op table: one OpInfo per public op, from every family file here (see core.py)."""
import importlib
import pkgutil

OPS = []
for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name not in ('core', 'samples'):
        _module = importlib.import_module(f'{__name__}.{_info.name}')
        OPS += getattr(_module, 'OPS', [])
