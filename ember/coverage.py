"""`python -m ember.coverage [--missing]`: how much of torch's public API ember implements.

Measured against the lists in ember/_coverage/ (torch's public functions and Tensor methods,
written by tools/make_coverage_reference.py from torch itself).
"""
import argparse
import pathlib

import ember

_REFERENCE = pathlib.Path(__file__).resolve().parent / '_coverage'


def _names(filename):
    lines = (_REFERENCE / filename).read_text().splitlines()
    return [line for line in lines if line and not line.startswith('#')]


def report():
    """(label, implemented names, missing names) for functions and for Tensor methods."""
    rows = []
    for label, filename, owner in (('torch functions', 'torch_functions.txt', ember),
                                   ('Tensor methods', 'tensor_methods.txt', ember.Tensor)):
        names = _names(filename)
        have = [n for n in names if hasattr(owner, n)]
        rows.append((label, have, [n for n in names if not hasattr(owner, n)]))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--missing', action='store_true', help='list what ember lacks')
    args = parser.parse_args(argv)
    for label, have, missing in report():
        total = len(have) + len(missing)
        print(f'{label:16s} {len(have):4d} / {total:4d}  ({100 * len(have) / total:.1f}%)')
        if args.missing:
            print('  missing: ' + ', '.join(missing))


if __name__ == '__main__':
    main()
