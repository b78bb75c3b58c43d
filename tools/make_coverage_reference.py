"""Write the lists of torch's public functions and Tensor methods that `python -m
ember.coverage` measures ember against. Run with torch installed; commit the output."""
import inspect
import pathlib
import types

import torch

OUT = pathlib.Path(__file__).resolve().parent.parent / 'ember' / '_coverage'


def public_functions():
    names = []
    for name in dir(torch):
        if name.startswith('_'):
            continue
        obj = getattr(torch, name)
        if isinstance(obj, types.ModuleType) or inspect.isclass(obj) or not callable(obj):
            continue
        names.append(name)
    return names


def tensor_methods():
    generic = set(dir(object))
    names = []
    for name in dir(torch.Tensor):
        if name.startswith('_') and not (name.startswith('__') and name.endswith('__')):
            continue
        if name in generic or name.startswith('__torch_') or 'dlpack' in name or \
                'cuda' in name:
            continue
        names.append(name)
    return names


def main():
    OUT.mkdir(exist_ok=True)
    header = f'# torch {torch.__version__}: written by tools/make_coverage_reference.py\n'
    (OUT / 'torch_functions.txt').write_text(header + '\n'.join(public_functions()) + '\n')
    (OUT / 'tensor_methods.txt').write_text(header + '\n'.join(tensor_methods()) + '\n')


if __name__ == '__main__':
    main()
