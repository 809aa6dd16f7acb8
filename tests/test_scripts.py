"""The packaged gradient_2d.py: the layout lessons rely on, and numbers checked by hand."""
import re
import runpy
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import SCRIPT
from tests.helpers import PLOTTING, hiding, lend_font_list


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


def test_runs_on_its_own_without_blocking(tmp_path):
    pytest.importorskip("matplotlib", reason="the script's figure is drawn with matplotlib: needs pdb-tutor[plot]")
    lend_font_list(tmp_path / "mpl")  # else matplotlib, finding no home, builds its font list in a temporary folder
    done = subprocess.run([sys.executable, str(SCRIPT)], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path), "MPLCONFIGDIR": str(tmp_path / "mpl")})
    assert done.returncode == 0, done.stderr
    saved = Path(re.search(r"figure saved to (\S+)", done.stdout).group(1))
    # in a folder of its own under TMPDIR (mkdtemp: unguessable, yours only), never a fixed shared name
    assert saved.name == "gradient_2d.png" and saved.parent.parent == tmp_path and saved.stat().st_size > 0
    assert saved.parent.name.startswith("gradient_2d-") and stat.S_IMODE(saved.parent.stat().st_mode) == 0o700


def test_without_matplotlib_it_says_so_and_ends_cleanly(tmp_path):
    run = f"import runpy; runpy.run_path({str(SCRIPT)!r}, run_name='__main__')"  # as `python SCRIPT` would
    done = subprocess.run([sys.executable, "-c", hiding(PLOTTING, then=run)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "matplotlib is not installed, so no plot: pip install 'pdb-tutor[plot]'" in done.stdout
    assert list(tmp_path.iterdir()) == []
