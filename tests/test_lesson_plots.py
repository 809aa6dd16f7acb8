"""Plots inside the lessons: drawn from the live run in the terminal, saved as PNGs with --png."""
import importlib.util

from tests.helpers import tutor

HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None


def test_lesson3_draws_minus_grad_pointing_at_the_origin(tmp_path):
    done = tutor("lesson3", "--auto", "--from", "17", "--to", "17", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    top = lines.index(next(line for line in lines if "-grad of x0² + x1² on the grid" in line))
    first_row = [c for c in lines[top + 1] if c in "→↗↑↖←↙↓↘"]
    last_row = [c for c in lines[top + 16] if c in "→↗↑↖←↙↓↘"]
    # By hand: -grad = (-2·x0, -2·x1). Top left of the grid is (-2, 2.25): (4, -4.5) points down-right;
    # top right (2.25, 2.25): down-left; bottom left (-2, -2): up-right; bottom right: up-left.
    assert (first_row[0], first_row[-1]) == ("↘", "↙")
    assert (last_row[0], last_row[-1]) == ("↗", "↖")


def test_png_folder_gets_the_figures_or_a_clear_reason(tmp_path):
    folder = tmp_path / "figures"
    done = tutor("lesson5", "--auto", "--png", str(folder), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    if HAS_MATPLOTLIB:
        saved = sorted(folder.glob("lesson5-step*.png"))
        assert len(saved) == 2 and all(path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for path in saved)
        flat = "".join(line.strip("│ ") for line in done.stdout.splitlines()).replace(" ", "")
        for path in saved:  # the panel wraps long paths: compare without the spaces
            assert f"figuresavedto{path}".replace(" ", "") in flat
    else:
        assert "No PNG: the plot extra is not installed: pip install 'tutor[plot]'" in done.stdout
