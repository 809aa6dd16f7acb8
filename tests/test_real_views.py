"""Views that follow the program shown (issue 12 point 5): the central difference's names read from its code,
no text about gradient_2d.py outside its lessons, and the packaged scripts' figures in a folder of their own."""
import re
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from tests import helpers
from tests.conftest import ROOT
from tutor.model.passes import Difference, Meant, completed, first_loop_passes, found_names, pass_rows

GRADIENT_2D_LINES = ["h = 1e-4", "grad = np.zeros_like(x)", "for idx in range(x.size):", "tmp_val = x[idx]",
                     "x[idx] = float(tmp_val) + h", "fxh1 = f(x)", "x[idx] = tmp_val - h", "fxh2 = f(x)",
                     "grad[idx] = (fxh1 - fxh2) / (2 * h)", "x[idx] = tmp_val"]

# The same central difference with every name changed, the nudge written step first, and an integer point:
# w[i] = eps + old stores 5 where 5.0001 was meant (worked by hand: int64 drops the fraction).
RENAMED = textwrap.dedent("""\
    import numpy as np


    def slope(fn, w):
        eps = 1e-4
        g = np.zeros_like(w, dtype=float)
        for i in range(w.size):
            old = w[i]
            w[i] = eps + old
            up = fn(w)
            w[i] = old - eps
            down = fn(w)
            g[i] = (up - down) / (2 * eps)
            w[i] = old
        return g


    def square(w):
        return np.sum(w**2)


    point = np.array([5, 6])
    result = slope(square, point)
    print("done")
    """)


def test_the_names_are_read_from_the_nudge_and_the_quotient():
    assert found_names(GRADIENT_2D_LINES) == Difference("x", "idx", "tmp_val", "h", "grad")
    renamed = [line.strip() for line in RENAMED.splitlines()]
    assert found_names(renamed) == Difference("w", "i", "old", "eps", "g")


def test_a_loop_with_no_nudge_has_no_names_and_no_notes():
    assert found_names(["total = 0", "for i in range(3):", "a[i] = b[i] * 2", "total += a[i]"]) == Difference()
    assert found_names(["x[idx] = f(x)"]) == Difference()
    # a sum into a cell is no nudge unless its value was kept from a cell first (what the notes rely on)
    assert found_names(["for i in range(3):", "a[i] = b + c"]) == Difference()
    assert found_names(["b = a[i]", "a[i] = b + c"]) == Difference("a", "i", "b", "c", "")


def test_a_lesson_may_still_name_them():
    named = completed(Difference(result="other", exact="2 * tmp_val"), GRADIENT_2D_LINES)
    assert named == Difference("x", "idx", "tmp_val", "h", "other", exact="2 * tmp_val")


def recording_of_renamed(tmp_path):
    from tutor.core.recorder import Recorder

    script = tmp_path / "slope.py"
    script.write_text(RENAMED)
    namespace = {"__name__": "lib"}
    exec(compile(RENAMED.replace("result = slope", "# result = slope"), str(script), "exec"), namespace)
    return Recorder({str(script)}).record("slope(square, np.array([5, 6]))",
                                          lambda: namespace["slope"](namespace["square"], np.array([5, 6])))


def test_notes_on_a_renamed_loop(tmp_path):
    recording = recording_of_renamed(tmp_path)
    frame, iteration = first_loop_passes(recording, 1)[0]
    notes = {row.event.text.strip(): row.note for row in pass_rows(recording, frame, iteration) if row.note}
    # 5 + 1e-4 meant, 5 stored; 5 - 1e-4 meant, 4 stored (the int64 cell truncates toward zero)
    assert notes == {"w[i] = eps + old": Meant(pytest.approx(5.0001), 5, "int64"),
                     "w[i] = old - eps": Meant(pytest.approx(4.9999), 4, "int64")}


LESSON = """\
format = 1
id = "slope"
title = "A renamed central difference"
script = "slope.py"

[lines]
call = "result = slope(square, point)"

[[step]]
say = "Break at the call."
pdb = "b {call}"

[[step]]
say = "Run to it."
pdb = "c"
expect.line = "call"

[[step]]
say = "Record it."
pdb = "trace slope(square, point.copy())"
exact = "2 * old"
"""


def test_a_lesson_traces_a_renamed_loop_with_its_notes(tmp_path):
    (tmp_path / "slope.py").write_text(RENAMED)
    (tmp_path / "slope.toml").write_text(LESSON)
    done = helpers.tutor_in_process("slope", "--lessons", str(tmp_path), "--auto", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    flat = " ".join(done.stdout.replace("│", " ").split())
    # The int cell holds 5, so up = 5² + 6² = 61, and 4 after the second nudge, so down = 4² + 6² = 52;
    # (61 - 52) / 2e-4 = 45000 against the exact 2 * 5 = 10: an error of 44990.
    for piece in ("meant 5.0001, stored 5: an array of int64 cannot hold it", "g[0]: 0 → 45000",
                  "exact 10 error 44990"):
        assert piece in flat, piece


def test_a_lesson_names_what_the_code_does_not_show(tmp_path):
    """A quotient stored through another name is not found by itself; the lesson's `difference` names it."""
    script = RENAMED.replace("g[i] = (up - down) / (2 * eps)", "q = (up - down) / (2 * eps)\n        g[i] = q")
    (tmp_path / "slope.py").write_text(script)
    (tmp_path / "slope.toml").write_text(LESSON.replace('exact = "2 * old"', 'exact = "2 * old"\n'
                                                        'difference = { result = "g" }'))
    done = helpers.tutor_in_process("slope", "--lessons", str(tmp_path), "--auto", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "exact 10 error 44990" in " ".join(done.stdout.replace("│", " ").split())
    (tmp_path / "slope.toml").write_text(LESSON)
    done = helpers.tutor_in_process("slope", "--lessons", str(tmp_path), "--auto", cwd=tmp_path)
    assert done.returncode == 0 and "exact 10" not in done.stdout  # without the name, no exact note


@pytest.mark.parametrize("given, message", [
    ('difference = { result = "g[0]" }', "difference.result must be a variable name"),
    ("difference = 3", "difference must be a table of names (array, index, saved, result)"),
])
def test_a_difference_that_is_not_a_table_of_names_is_refused(tmp_path, given, message):
    (tmp_path / "slope.py").write_text(RENAMED)
    lesson = tmp_path / "slope.toml"
    lesson.write_text(LESSON.replace('exact = "2 * old"', given))
    done = helpers.tutor_in_process("validate", str(lesson), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == f"{lesson}:21: {message}\n"  # line 21: the step's `difference` key


def test_no_code_outside_lessons_3_and_4_names_gradient_2d():
    """tutor's code, its docs' field reference and the other lessons and scripts never name gradient_2d.py."""
    allowed = {"lesson3", "lesson4", "gradient_2d", "gradient_batch"}  # the lessons and their scripts
    found = []
    for path in [*(ROOT / "tutor").rglob("*.py"), *(ROOT / "tutor").rglob("*.toml"), *(ROOT / "lessons").glob("*"),
                 *(ROOT / "scripts").glob("*.py")]:
        if path.name.split(".")[0] in allowed or path.suffix not in (".py", ".toml"):
            continue
        found += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(path.read_text().splitlines(), 1)
                  if "gradient_2d" in line]
    assert found == []


PLOTTING_SCRIPTS = ["gradient_1d", "gradient_2d", "gradient_method"]


@pytest.mark.parametrize("name", PLOTTING_SCRIPTS)
def test_each_packaged_script_saves_its_figure_in_a_folder_of_its_own(name, tmp_path):
    """`python SCRIPT` on its own, without tutor: it ends without blocking on a window, its figure saved in a
    folder of its own under TMPDIR (mkdtemp: unguessable, yours only), never a fixed shared name."""
    pytest.importorskip("matplotlib", reason="the scripts draw with matplotlib: needs pdb-tutor[plot]")
    helpers.lend_font_list(tmp_path / "mpl")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / f"{name}.py")], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path), "MPLCONFIGDIR": str(tmp_path / "mpl")})
    assert done.returncode == 0, done.stderr
    saved = Path(re.search(r"figure saved to (\S+)", done.stdout).group(1))
    assert saved.parent.parent == tmp_path and saved.name == f"{name}.png" and saved.stat().st_size > 0
    assert saved.parent.name.startswith(f"{name}-") and stat.S_IMODE(saved.parent.stat().st_mode) == 0o700


def test_every_packaged_script_that_saves_a_figure_is_checked():
    saving = sorted(p.stem for p in (ROOT / "scripts").glob("*.py") if "savefig" in p.read_text())
    assert saving == PLOTTING_SCRIPTS
    for name in saving:
        assert "/tmp" not in (ROOT / "scripts" / f"{name}.py").read_text()
