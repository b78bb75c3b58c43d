"""examples/train_digits.py trains on real data to torch-level test accuracy, under ember and,
unchanged but for its first import, under torch."""
import os
import pathlib
import re
import subprocess
import sys

import pytest

pytest.importorskip('sklearn')

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = (ROOT / 'examples' / 'train_digits.py').read_text()
# the accuracies the example must reach on its held-out images under ember; under torch (another
# split and initialisation, from torch's random streams) it need only train as well
REQUIRED = {'MLP': 0.97, 'CNN': 0.98}
TORCH_REQUIRED = {'MLP': 0.96, 'CNN': 0.96}


def _run(source):
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS='1')
    result = subprocess.run([sys.executable, '-c', source], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=1200)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _final_accuracies(output):
    found = re.findall(r'^(\w+) final test accuracy: ([\d.]+)%$', output, re.MULTILINE)
    return {name: float(value) / 100 for name, value in found}


def _check(output, required):
    for name in required:
        epochs = re.findall(rf'^{name} epoch +\d+: loss [\d.]+, test accuracy [\d.]+%$',
                            output, re.MULTILINE)
        assert len(epochs) > 1, output
    accuracies = _final_accuracies(output)
    assert set(accuracies) == set(required), output
    for name, least in required.items():
        assert accuracies[name] >= least, output


def test_train_digits_with_ember():
    assert SOURCE.startswith('"""') and '\nimport ember as torch\n' in SOURCE
    _check(_run(SOURCE), REQUIRED)


def test_train_digits_runs_unchanged_with_torch():
    pytest.importorskip('torch')
    _check(_run(SOURCE.replace('\nimport ember as torch\n', '\nimport torch\n')), TORCH_REQUIRED)
