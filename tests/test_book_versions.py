"""Lesson 3 on look-alikes of the three versions of the book's gradient_2d.py (tests/fixtures/book)."""
import re
import sys
from pathlib import Path

import pytest

from tests import helpers
from tutor.content.locate import ScriptError, check_imports, read_script

BOOK = Path(__file__).parent / "fixtures" / "book"


def call_line(path: Path) -> int:
    """Where the grid call stands in this copy, read from its text here."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1)
                if "grad = numerical_gradient(function_2, np.array([X, Y]" in line)


@pytest.mark.parametrize("year, line, split", [("2016", 59, "puzzle"), ("2018", 60, "puzzle"), ("2019", 60, "fixed")])
def test_lesson3_on_each_version_of_the_book(tmp_path, year, line, split):
    pytest.importorskip("matplotlib", reason="the book's scripts import matplotlib at their top: needs pdb-tutor[plot]")
    script = BOOK / f"gradient_2d_{year}.py"
    assert call_line(script) == line
    done = helpers.tutor_in_process("lesson3", "--auto", "--script", str(script), cwd=tmp_path,
                                    env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    assert f"(Pdb) b {line}\nBreakpoint 1 at {script}:{line}\n" in done.stdout
    assert f"gradient_2d_{year}.py({line})<module>()" in done.stdout
    if split == "fixed":
        assert "Here each row of X is one point" in done.stdout and "x is not a point" not in done.stdout
        assert re.search(r"X has shape \(324, 2\); x has shape \(2,\)", done.stdout)
    else:
        assert "x is not a point" in done.stdout and "Here each row of X is one point" not in done.stdout
        assert re.search(r"X has shape \(2, 324\); x has shape \(324,\)", done.stdout)
    saved = re.search(r"figure saved to (\S+\.png)", done.stdout)
    assert saved and Path(saved.group(1)).stat().st_size > 0  # plt.show() saved instead of blocking
    assert_texts_follow_the_copy(flat(done.stdout), split)


def flat(output: str) -> str:
    """The run's output with panel borders gone and every run of blanks one space, so wrapped text reads whole."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", output).split())


def assert_texts_follow_the_copy(shown: str, split: str) -> None:
    """What each version's learner reads (issue 12 point 6): the 2019 copy passes .T, the others do not."""
    assert "The script computes the gradient of its function_2" in shown and "gradient_2d.py computes" not in shown
    assert "-grad of function_2 on the grid" in shown
    fixed = ["passes np.array([X, Y]).T: the grid np.array([X, Y]), transposed",
             "will nudge each of the 2 coordinates of this point in turn",
             "This copy of the script passes np.array([X, Y]).T, one point per row",
             "Lesson 4 shows why, and when that breaks."]
    puzzle = ["The grid call on line", "is built from np.array([X, Y]) instead",
              "as if they were the coordinates of one point in 324 dimensions",
              "With the post's call, np.array([X, Y]), the batch path hands it all the x0-coordinates",
              "Is that luck, or does it always work? Lesson 4 answers it."]
    for text in fixed if split == "fixed" else puzzle:
        assert text in shown, text
    for text in (puzzle[1:] if split == "fixed" else fixed):
        assert text not in shown, text


@pytest.mark.parametrize("year", ["2016", "2019"])
def test_without_matplotlib_the_books_script_is_one_line_asking_for_the_plot_extra(tmp_path, year):
    """In a tutor whose Python lacks matplotlib (hidden for the subprocess), nothing of the lesson runs."""
    script = BOOK / f"gradient_2d_{year}.py"
    done = helpers.tutor("lesson3", "--auto", "--script", str(script), cwd=tmp_path, hide=helpers.PLOTTING)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"tutor: gradient_2d_{year}.py line 4 imports matplotlib, which is not installed: "
                           "pip install 'pdb-tutor[plot]'\n")  # line 4 by hand: `import matplotlib.pylab as plt`


def test_a_missing_plotting_library_is_one_clear_line(monkeypatch):
    for name in ("matplotlib", "mpl_toolkits"):  # what `import` makes of a None entry: ModuleNotFoundError
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ScriptError, match=r"^gradient_2d_2016.py line 4 imports matplotlib, which is not installed: "
                                          r"pip install 'pdb-tutor\[plot\]'$"):
        check_imports(read_script(BOOK / "gradient_2d_2016.py"))


def test_imports_inside_try_are_not_required(tmp_path):
    script = tmp_path / "optional.py"
    script.write_text("try:\n    import no_such_module_here\nexcept ImportError:\n    pass\nimport numpy\n")
    check_imports(read_script(script))
    script.write_text("import no_such_module_here\n")
    with pytest.raises(ScriptError, match="^optional.py line 1 imports no_such_module_here, which is not found "):
        check_imports(read_script(script))


@pytest.mark.parametrize("year", ["2016", "2018", "2019"])
def test_lesson4_on_a_gradient_2d_copy_says_which_script_it_needs(tmp_path, year):
    # issue 12 point 6: the line it could not find, and which script the lesson is written for, in one line
    done = helpers.tutor_in_process("lesson4", "--auto", "--script", str(BOOK / f"gradient_2d_{year}.py"), cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (f"tutor: gradient_2d_{year}.py has no line containing 'print(\"function_2, points as columns:\"': "
                           "lesson4 is written for gradient_batch.py, and a --script must hold the lines its [lines] "
                           "table names\n")
