"""`ember run script.py [args...]`: run a PyTorch script with ember standing in for torch."""
import runpy
import sys

_USAGE = "usage: ember run SCRIPT [ARGS...]"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) < 2 or argv[0] != 'run':
        print(_USAGE, file=sys.stderr)
        return 2
    import ember
    # `import torch` and `from torch import nn` in the script now find ember
    sys.modules['torch'] = ember
    for name, module in list(sys.modules.items()):
        if name.startswith('ember.'):
            sys.modules['torch.' + name[len('ember.'):]] = module
    script = argv[1]
    sys.argv = argv[1:]
    runpy.run_path(script, run_name='__main__')
    return 0


if __name__ == '__main__':
    sys.exit(main())
