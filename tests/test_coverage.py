"""The coverage report runs and counts what ember has."""
import ember
from ember import coverage


def test_coverage_report_counts_implemented_names(capsys):
    rows = {label: (have, missing) for label, have, missing in coverage.report()}
    functions, _ = rows['torch functions']
    methods, _ = rows['Tensor methods']
    assert 'add' in functions and 'matmul' in functions
    assert '__add__' in methods and 'backward' in methods
    assert all(hasattr(ember, name) for name in functions)
    coverage.main([])
    assert 'torch functions' in capsys.readouterr().out
