"""The module table: ModuleInfo rows from every family file."""
import importlib
import pkgutil

MODULES = []
for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name != 'core':
        MODULES += importlib.import_module(f'{__name__}.{_info.name}').MODULES
