"""The command line as a user meets it: a subprocess, stdin not a terminal, run from another folder."""
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import SCRIPT
from tests.helpers import tutor


def grid_call_line() -> int:
    """The grid call's line, found by reading the script (not through tutor)."""
    lines = SCRIPT.read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if "numerical_gradient(function_2, np.array([X, Y]" in line)


def assert_in_order(text: str, pieces: list[str]) -> None:
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} missing after position {at}"
        at = found + len(piece)


@pytest.fixture(scope="module")
def transcript(tmp_path_factory):
    return tutor("lesson3", "--auto", cwd=tmp_path_factory.mktemp("elsewhere"))


def test_hands_free_transcript_holds_the_post_session(transcript):
    assert transcript.returncode == 0, transcript.stderr
    call = grid_call_line()
    banner = "*pdb interact start*" if sys.version_info >= (3, 13) else "*interactive*"
    answers = [repr(2 * np.array(p)) for p in ([5.0, 6.0], [3.0, 4.0], [0.0, 2.0])]
    assert answers == ["array([10., 12.])", "array([6., 8.])", "array([0., 4.])"]
    assert_in_order(transcript.stdout, [
        "-> import numpy as np", f"(Pdb) b {call}", "Breakpoint 1 at ", f"gradient_2d.py:{call}\n",
        f"(Pdb) l {call - 1}", f"\n{call:>3} B\t", "(Pdb) c", f"gradient_2d.py({call})<module>()",
        "(Pdb) interact", banner, *answers, "((2,), (2, 324))",
        "for idx, x in enumerate(X)", "idx = 0  →  x = X[0]", "X[0] [", "← x", "x has shape (324,)",
        "for idx, x in enumerate(X)", "idx = 1  →  x = X[1]", "X[1] [", "← x", "x has shape (324,)",
    ])
    assert "Traceback" not in transcript.stdout + transcript.stderr
    assert "\x1b[" not in transcript.stdout  # NO_COLOR and a pipe: no escape codes


def test_piped_stdin_plays_hands_free_without_auto(tmp_path):
    done = tutor("lesson3", cwd=tmp_path, stdin=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    assert "idx = 1  →  x = X[1]" in done.stdout


def test_a_changed_script_is_caught_and_its_real_numbers_shown(tmp_path):
    changed = tmp_path / "my_gradient_2d.py"
    changed.write_text(SCRIPT.read_text().replace("return np.sum(x**2)\n", "return np.sum(x**3)\n"))
    done = tutor("lesson3", "--script", str(changed), cwd=tmp_path)
    assert done.returncode == 1
    assert "step 5" in done.stderr and "array([10., 12.])" in done.stderr
    # d/dx of x**3 is 3x**2: at (5, 6) that is (75, 108), which the screen must show
    shown = done.stdout.split(">>> numerical_gradient(function_2, np.array([5.0, 6.0]))\n")[1].splitlines()[0]
    np.testing.assert_allclose(eval(shown, {"array": np.array}), 3 * np.array([5.0, 6.0]) ** 2, rtol=1e-6)


def test_listing_version_and_help(tmp_path):
    listing = tutor(cwd=tmp_path)
    assert listing.returncode == 0 and re.search(r"lesson3\s+(new|\d+\/\d+|done ✓)\s+The numerical gradient", listing.stdout)
    assert tutor("--version", cwd=tmp_path).stdout.startswith("tutor ")
    assert "--script" in tutor("--help", cwd=tmp_path).stdout


@pytest.mark.parametrize("args, words", [
    (["lesson33"], "did you mean lesson3"),
    (["lesson3", "--script", "/nonexistent/gradient_2d.py"], "no such script"),
    (["lesson3", "--bogus"], "unrecognized arguments"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, words):
    done = tutor(*args, cwd=tmp_path)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


def test_script_with_a_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import numpy as np\ndef f(:\n    pass\n")
    done = tutor("lesson3", "--script", str(bad), cwd=tmp_path)
    assert done.returncode == 2 and f'"{bad}", line 2' in done.stderr and "SyntaxError" in done.stderr


def test_script_without_the_lessons_lines_is_refused(tmp_path):
    other = tmp_path / "other.py"
    other.write_text("import numpy as np\nprint(np.pi)\n")
    done = tutor("lesson3", "--script", str(other), cwd=tmp_path)
    assert done.returncode == 2 and "has no line containing" in done.stderr


def test_sixty_columns_views_shrink_and_nothing_breaks(tmp_path):
    env_columns = {"COLUMNS": "60"}
    done = subprocess.run([sys.executable, "-m", "tutor", "lesson3", "--auto"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL,
                          env={**os.environ, "NO_COLOR": "1", **env_columns})
    assert done.returncode == 0, done.stderr
    drawn = [line for line in done.stdout.splitlines() if line[:1] in "╭│╰"]
    assert len(drawn) > 100 and max(len(line) for line in drawn) <= 60


def test_check_rehearses_every_packaged_lesson(tmp_path):
    done = tutor("check", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(re.match(r"lesson\d+ step +\d+/\d+  met ", line) for line in lines)
    assert {"lesson3", "lesson4"} <= {line.split()[0] for line in lines}


def test_check_names_the_step_what_was_expected_and_what_came(tmp_path):
    changed = tmp_path / "my_gradient_2d.py"
    changed.write_text(SCRIPT.read_text().replace("return np.sum(x**2)\n", "return np.sum(x**3)\n"))
    done = tutor("check", "lesson3", "--script", str(changed), cwd=tmp_path)
    assert done.returncode == 1
    missed = [line for line in done.stdout.splitlines() if " missed " in line]
    assert missed and missed[0].startswith("lesson3 step  5/18  missed")
    assert "expected output containing 'array([10., 12.])'; saw 'array([ 75." in missed[0]
    assert "figure saved" not in done.stdout  # the script's own prints stay out of the report


def test_check_with_a_script_needs_one_lesson(tmp_path):
    done = tutor("check", "--script", str(SCRIPT), cwd=tmp_path)
    assert done.returncode == 2 and "needs the lesson" in done.stderr


def test_from_and_to_play_a_slice(tmp_path):
    done = tutor("lesson3", "--auto", "--from", "5", "--to", "6", "--delay", "0.01", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "steps 1 to 4 were replayed" in done.stdout
    assert "step 5/18" in done.stdout and "step 6/18" in done.stdout
    assert "step 4/18" not in done.stdout and "step 7/18" not in done.stdout
    assert "(Pdb) b 59" not in done.stdout  # replayed silently
    assert "array([10., 12.])" in done.stdout and "array([6., 8.])" in done.stdout
    assert "to think about" not in done.stdout  # the outro belongs to the whole lesson


@pytest.mark.parametrize("args", [["--from", "9", "--to", "3"], ["--to", "99"], ["--from", "0"], ["--delay", "-1"]])
def test_bad_slices_and_delays_are_usage_errors(tmp_path, args):
    done = tutor("lesson3", "--auto", *args, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("tutor: ") and "Traceback" not in done.stderr


def test_typing_mode_hands_free_types_the_commands(tmp_path):
    done = tutor("lesson3", "--auto", "--type", "--to", "2", cwd=tmp_path)
    assert done.returncode == 0 and "(Pdb) b 59\nBreakpoint 1 at" in done.stdout and "(Pdb) l 58\n" in done.stdout


def test_projector_mode_is_one_sentence_a_step_and_whole_at_60_columns(tmp_path):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "60"}
    done = subprocess.run([sys.executable, "-m", "tutor", "lesson3", "--auto", "--present", "--to", "13"],
                          cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    drawn = [line for line in done.stdout.splitlines() if line[:1] in "╭│╰"]
    assert max(len(line) for line in drawn) <= 60
    assert "│ Which path?" in done.stdout and "Print X.ndim" not in done.stdout  # one sentence of two
    variables = done.stdout.split("variables in numerical_gradient()")[-1].split("╰")[0]
    assert "idx" in variables and "grad " not in variables  # step 13 talks about X, idx and x, not grad


def test_check_prints_expectations_as_text_not_markup(tmp_path):
    done = tutor("check", "lesson3", cwd=tmp_path)
    assert "x.shape == X.shape[1:]" in done.stdout  # brackets survive: not taken as rich markup


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path):
    # `python -m tutor lesson3 --auto | head -3`: the pipe closes while tutor still writes
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    child = subprocess.Popen([sys.executable, "-m", "tutor", "lesson3", "--auto"], cwd=tmp_path, env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.read(200)
    child.stdout.close()
    stderr = child.stderr.read().decode()
    assert child.wait(timeout=120) == 0 and "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_a_bad_trace_backend_is_one_pdb_error_and_the_lesson_goes_on(tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_TRACE_BACKEND", "bogus")
    done = tutor("lesson4", "--auto", "--to", "4", cwd=tmp_path)
    assert "*** $TUTOR_TRACE_BACKEND: unknown recorder backend 'bogus'; choose settrace or monitoring" in done.stdout
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert "(Pdb) cl 1" in done.stdout  # step 4 still ran after the failed trace
