"""docs/lessons.md, "Lessons for your own scripts": every example in the section runs, on the look-alikes of the
book's scripts (tests/fixtures/book), and what the section says happens does (issue 12 point 7)."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import helpers
from tests.conftest import ROOT

BOOK = ROOT / "tests" / "fixtures" / "book"


PARTS = ["Where the script runs and what it can import", "Breaking in another file", "Floats in expectations",
         "Patterns that survive edits"]


def section() -> str:
    """The section's four parts; what follows them (the part on `tutor new`, issue 12 point 4) is tested apart."""
    text = (ROOT / "docs" / "lessons.md").read_text(encoding="utf-8")
    start = text.index("## Lessons for your own scripts\n")
    whole = text[start:text.index("\n## ", start + 1)]
    last = whole.index(f"### {PARTS[-1]}\n")
    ends = [found for mark in ("\n### ", "\n<!--") if (found := whole.find(mark, last + 1)) != -1]
    return whole[:min(ends, default=len(whole))]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section(), flags=re.S)


def lesson_block(name: str) -> str:
    """The section's lesson whose first line names `name`.toml."""
    found = [block for block in blocks("toml") if block.startswith(f"# {name}.toml")]
    assert len(found) == 1, [block.splitlines()[0] for block in blocks("toml")]
    return found[0]


def folder_with(tmp_path: Path, name: str, files: dict[str, Path]) -> Path:
    """A lessons folder: the section's lesson `name` beside copies of the fixtures it is written for."""
    folder = tmp_path / "lessons"
    folder.mkdir()
    for target, source in files.items():
        shutil.copy(source, folder / target)
    (folder / f"{name}.toml").write_text(lesson_block(name), encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    return folder


def test_the_section_has_its_parts_and_every_block_is_tested():
    assert re.findall(r"^### (.+)$", section(), flags=re.M) == PARTS
    assert [block.splitlines()[0] for block in blocks("toml")] == [
        "# apples.toml, beside copies of ch05/buy_apple.py and ch05/layer_naive.py",
        "# grid.toml, beside a copy of ch04/gradient_2d.py; played on all three versions"]
    assert len(blocks("python")) == 1
    assert len(re.findall(r"```", section())) == 2 * 3  # no block this file does not run


def test_the_apples_lesson_validates_rehearses_and_plays_from_another_folder(tmp_path):
    folder = folder_with(tmp_path, "apples", {"buy_apple.py": BOOK / "ch05" / "buy_apple.py",
                                              "layer_naive.py": BOOK / "ch05" / "layer_naive.py"})
    elsewhere = tmp_path / "elsewhere"
    validated = helpers.tutor_in_process("validate", str(folder / "apples.toml"), cwd=elsewhere)
    assert (validated.returncode, validated.stdout) == (0, "1 lesson OK\n")
    checked = helpers.tutor_in_process("check", "apples", "--lessons", str(folder), cwd=elsewhere)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "missed" not in checked.stdout and "not reached" not in checked.stdout
    played = helpers.tutor_in_process("apples", "--lessons", str(folder), "--auto", cwd=elsewhere)
    assert played.returncode == 0, played.stderr
    shown = " ".join(played.stdout.replace("│", " ").split())
    module = folder.resolve() / "layer_naive.py"
    forward = next(n for n, line in enumerate(module.read_text().splitlines(), 1) if "self.x = x" in line)
    assert f"(Pdb) tbreak {module}:{forward} Breakpoint 1 at {module}:{forward}" in shown
    # 100 * 2 = 200, then 200 * 1.1 in float64 is 220.00000000000003 (1.1 is stored a little above 1.1)
    assert "total is 220.00000000000003: 200 × 1.1 is not exactly 220" in shown
    assert "(Pdb) p round(total, 6) 220.0" in shown


def test_the_grid_lesson_rehearses_on_each_version_and_reads_true(tmp_path):
    pytest.importorskip("matplotlib", reason="the book's scripts import matplotlib at their top: needs pdb-tutor[plot]")
    folder = folder_with(tmp_path, "grid", {"gradient_2d.py": BOOK / "gradient_2d_2016.py"})
    elsewhere = tmp_path / "elsewhere"
    assert helpers.tutor_in_process("validate", str(folder / "grid.toml"), cwd=elsewhere).returncode == 0
    for year in ("2016", "2018", "2019"):
        copy = str(BOOK / f"gradient_2d_{year}.py")
        checked = helpers.tutor_in_process("check", "grid", "--lessons", str(folder), "--script", copy, cwd=elsewhere)
        assert checked.returncode == 0 and "missed" not in checked.stdout, (year, checked.stdout + checked.stderr)
    for year, said in (("2016", "x holds one coordinate of every grid point: 324 numbers."),
                       ("2019", "This copy passes one point per row: x is the point array([-2., -2.]).")):
        played = helpers.tutor_in_process("grid", "--lessons", str(folder), "--auto", "--script",
                                          str(BOOK / f"gradient_2d_{year}.py"), cwd=elsewhere)
        assert played.returncode == 0, played.stderr
        assert said in " ".join(played.stdout.replace("│", " ").split()), year


OWN = 'format = 1\nid = "own"\ntitle = "Own"\nscript = "own.py"\n[[step]]\nsay = "Go."\npdb = "c"\n'


def play_own(tmp_path: Path, script: Path, cwd: Path):
    """In a process of its own: an import the script makes must not be left for the next run to find."""
    folder = tmp_path / "own"
    folder.mkdir(exist_ok=True)
    (folder / "own.py").write_text("pass\n")
    (folder / "own.toml").write_text(OWN)
    return helpers.tutor("own", "--lessons", str(folder), "--auto", "--script", str(script), cwd=cwd)


def test_the_path_built_from_the_scripts_file_imports_common_from_any_folder(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(BOOK / "common", book / "common")
    (book / "ch05").mkdir()
    script = book / "ch05" / "anywhere.py"
    script.write_text(blocks("python")[0] + 'print("sigmoid(0) =", sigmoid(0.0))\n')
    done = play_own(tmp_path, script, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "sigmoid(0) = 0.5" in done.stdout


def test_the_books_pardir_reaches_common_from_any_folder_as_it_runs_in_its_own(tmp_path):
    script = BOOK / "ch05" / "activate.py"
    assert "sys.path.append(os.pardir)" in script.read_text()
    for cwd in (BOOK / "ch05", tmp_path):
        done = play_own(tmp_path, script, cwd=cwd)
        assert done.returncode == 0 and "sigmoid(0) = 0.5" in done.stdout, done.stdout + done.stderr
    plain = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True)
    assert "No module named 'common'" in plain.stderr  # what tutor spares: plain python from another folder


def test_the_script_runs_in_its_own_folder_and_gives_the_learners_back(tmp_path, monkeypatch):
    from tutor.content.locate import read_script

    folder = tmp_path / "ch05"
    folder.mkdir()
    (folder / "where.py").write_text("import os\nhere = os.getcwd()\nlisted = sorted(os.listdir(os.pardir))\n")
    learner = tmp_path / "elsewhere"
    learner.mkdir()
    monkeypatch.chdir(learner)
    run = helpers.run_tutor(read_script(folder / "where.py"), ["n", "n", "n", "p here, listed", "c"])
    assert f"({str(folder)!r}, ['ch05', 'elsewhere'])" in run.text
    assert os.getcwd() == str(learner)


def test_expect_output_looks_for_text_so_a_float_that_prints_long_misses(tmp_path):
    folder = tmp_path / "own"
    folder.mkdir()
    (folder / "own.py").write_text("slope = 2.2 - 8.64e-13\nprint('done')\n")  # 2.199999999999136, by repr
    steps = '[[step]]\nsay = "Run a line."\npdb = "n"\n[[step]]\nsay = "Print."\npdb = "PRINT"\nexpect.output = ["2.2"]\n'
    lesson = OWN[:OWN.index("[[step]]")] + steps
    (folder / "own.toml").write_text(lesson.replace("PRINT", "p slope"))
    checked = helpers.tutor_in_process("check", "own", "--lessons", str(folder), cwd=tmp_path)
    assert checked.returncode == 1
    assert "missed       p slope  expected output containing '2.2'; saw '2.199999999999136'" in checked.stdout
    for fixed in ('pdb = "p round(slope, 6)"', 'pdb = "p slope"\nexpect.true = ["abs(slope - 2.2) < 1e-9"]'):
        (folder / "own.toml").write_text(lesson.replace('pdb = "PRINT"\nexpect.output = ["2.2"]', fixed))
        checked = helpers.tutor_in_process("check", "own", "--lessons", str(folder), cwd=tmp_path)
        assert checked.returncode == 0, checked.stdout
