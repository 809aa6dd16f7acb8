"""The packaged gradient_2d.py: the layout lessons rely on, and numbers checked by hand."""
import runpy
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import SCRIPT
from tests.helpers import PLOTTING, hiding


def test_grid_call_stands_at_line_59_as_in_the_post():
    lines = SCRIPT.read_text().splitlines()
    assert lines[58].strip() == "grad = numerical_gradient(function_2, np.array([X, Y]))"


def test_first_executable_line_is_the_numpy_import():
    from tutor.content.locate import executable_lines, read_script

    script = read_script(SCRIPT)
    first = min(executable_lines(script.code))
    assert script.text.splitlines()[first - 1] == "import numpy as np"


@pytest.fixture(scope="module")
def functions():
    return runpy.run_path(str(SCRIPT), run_name="gradient_2d")


@pytest.mark.parametrize("point", [(5.0, 6.0), (3.0, 4.0), (0.0, 2.0), (-1.25, 0.5)])
def test_gradient_of_sum_of_squares_is_twice_the_point(functions, point):
    grad = functions["numerical_gradient"](functions["function_2"], np.array(point))
    np.testing.assert_allclose(grad, 2 * np.array(point), atol=1e-6)


def test_the_point_is_restored_after_nudging(functions):
    x = np.array([5.0, 6.0])
    functions["numerical_gradient"](functions["function_2"], x)
    assert x.tolist() == [5.0, 6.0]


def test_batch_branch_hands_over_rows(functions):
    seen = []
    original = functions["_numerical_gradient_no_batch"]

    def spy(f, x):
        seen.append(x.shape)
        return original(f, x)

    functions["numerical_gradient"].__globals__["_numerical_gradient_no_batch"] = spy
    try:
        functions["numerical_gradient"](functions["function_2"], np.zeros((2, 7)))
    finally:
        functions["numerical_gradient"].__globals__["_numerical_gradient_no_batch"] = original
    assert seen == [(7,), (7,)]


def test_without_matplotlib_it_says_so_and_ends_cleanly(tmp_path):
    run = f"import runpy; runpy.run_path({str(SCRIPT)!r}, run_name='__main__')"  # as `python SCRIPT` would
    done = subprocess.run([sys.executable, "-c", hiding(PLOTTING, then=run)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "matplotlib is not installed, so no plot: pip install 'pdb-tutor[plot]'" in done.stdout
    assert list(tmp_path.iterdir()) == []
