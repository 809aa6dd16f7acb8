"""Plots inside the lessons: drawn from the live run in the terminal, saved as PNGs with --png."""
import os
import re
import stat
from pathlib import Path

import pytest

from tests.helpers import PLOTTING, tutor, tutor_in_process

BOOK = Path(__file__).parent / "fixtures" / "book"


def test_lesson3_draws_minus_grad_pointing_at_the_origin(tmp_path):
    done = tutor_in_process("lesson3", "--auto", "--from", "17", "--to", "17", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    top = lines.index(next(line for line in lines if "-grad of function_2 on the grid" in line))
    first_row = [c for c in lines[top + 1] if c in "→↗↑↖←↙↓↘⇒⇗⇑⇖⇐⇙⇓⇘"]
    last_row = [c for c in lines[top + 16] if c in "→↗↑↖←↙↓↘⇒⇗⇑⇖⇐⇙⇓⇘"]
    # By hand: -grad = (-2·x0, -2·x1). Top left of the grid is (-2, 2.25): (4, -4.5) points down-right;
    # top right (2.25, 2.25): down-left; bottom left (-2, -2): up-right; bottom right: up-left. The corners
    # are the longest arrows, double in a transcript without colour.
    assert (first_row[0], first_row[-1]) == ("⇘", "⇙")
    assert (last_row[0], last_row[-1]) == ("⇗", "⇖")


def test_png_folder_gets_the_figures(tmp_path):
    pytest.importorskip("matplotlib", reason="--png draws with matplotlib: needs pdb-tutor[plot]")
    folder = tmp_path / "figures"
    done = tutor_in_process("lesson5", "--auto", "--png", str(folder), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    saved = sorted(folder.glob("lesson5-step*.png"))
    assert len(saved) == 2 and all(path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for path in saved)
    flat = "".join(line.strip("│ ") for line in done.stdout.splitlines()).replace(" ", "")
    for path in saved:  # the panel wraps long paths: compare without the spaces
        assert f"figuresavedto{path}".replace(" ", "") in flat


def test_without_matplotlib_png_says_why_there_is_none_and_the_lesson_goes_on(tmp_path):
    """In a tutor whose Python lacks matplotlib (hidden for the subprocess): each plot says why, no file."""
    folder = tmp_path / "figures"
    done = tutor("lesson5", "--auto", "--png", str(folder), cwd=tmp_path, hide=PLOTTING)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("No PNG: the plot extra is not installed: pip install 'pdb-tutor[plot]'") == 2
    assert "figure saved to" not in done.stdout and not folder.exists()  # not even an empty folder
    assert "to think about" in done.stdout  # the lesson's outro: every step ran


def test_plt_show_saves_in_a_private_folder_not_a_shared_one_planted_with_a_symlink(tmp_path):
    """Another local user made $TMPDIR/tutor-figures first, open to all, with a link where the figure would go:
    the script's plt.show() writes in a folder of its own instead and the link's target is untouched."""
    pytest.importorskip("matplotlib", reason="the book's script imports matplotlib at its top: needs pdb-tutor[plot]")
    planted = tmp_path / "tutor-figures"  # tutor_in_process makes tmp_path tempfile's folder
    planted.mkdir()
    planted.chmod(0o777)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (planted / "gradient_2d_2016-1.png").symlink_to(victim)
    done = tutor_in_process("lesson3", "--auto", "--script", str(BOOK / "gradient_2d_2016.py"), cwd=tmp_path,
                            env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    saved = Path(re.search(r"figure saved to (\S+\.png)", done.stdout).group(1))
    assert saved.name == "gradient_2d_2016-1.png" and saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert saved.parent.parent == tmp_path and re.fullmatch(r"tutor-figures-\w{8}", saved.parent.name)
    assert stat.S_IMODE(os.stat(saved.parent).st_mode) == 0o700
    assert victim.read_text() == "precious" and os.listdir(planted) == ["gradient_2d_2016-1.png"]
