"""The gradient guide's examples print exactly what the guide shows."""
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
GUIDE_OUTPUT = ("tensor(4.)\n"
                "Gradient at x=2: 7.0\n"
                "Error: element 0 of tensors does not require grad and does not have a grad_fn\n"
                "Gradient: tensor(4.)\n")


def _run(source):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, '-c', source], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=True).stdout


def test_gradients_example_prints_the_guide_output():
    assert _run((ROOT / 'examples' / 'gradients.py').read_text()) == GUIDE_OUTPUT


def test_gradients_example_prints_the_same_under_torch():
    pytest.importorskip('torch')
    source = (ROOT / 'examples' / 'gradients.py').read_text()
    assert _run(source.replace('import ember as torch', 'import torch')) == GUIDE_OUTPUT


def test_ember_run_stands_in_for_torch(tmp_path):
    script = tmp_path / 'script.py'
    script.write_text('import torch\nx = torch.tensor(3.0, requires_grad=True)\n'
                      '(x ** 2).backward()\nprint(x.grad, torch.__name__)\n')
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, '-m', 'ember', 'run', str(script)],
                         capture_output=True, text=True, env=env, check=True).stdout
    assert out == 'tensor(6.) ember\n'
