"""Lessons 1, 2 and 5 and their scripts: each lesson loads, rehearses and plays hands-free with no miss, and
the numbers the scripts compute (and the screen shows) agree with calculus worked out here, not by tutor."""
import re
import tempfile

import numpy as np
import pytest

from tests import helpers
from scripts import gradient_1d, gradient_method, gradient_partial
from tutor.content.catalog import find_lesson, script_for
from tutor.content.locate import read_script, resolve_lines

COURSE = ["lesson1", "lesson2", "lesson5"]
EPS = np.finfo(float).eps


# One worker runs this module (tests/conftest.py: ONE_WORKER), so its module fixture runs once.


def tutor(*args, cwd):
    """`python -m tutor ARGS` run in this process (the command's behaviour, not the process's, is tested here)."""
    return helpers.tutor_in_process(*args, cwd=cwd, env={"COLUMNS": "100"})


def shown_after(transcript: str, typed: str) -> str:
    """What the program printed for a typed line, up to the next panel or prompt; a prediction asked
    first (its panels and answer, shown before the held-back output) is skipped."""
    rest = transcript.split(typed + "\n", 1)[1]
    lines, in_panel = [], False
    for line in rest.splitlines():
        if not lines and (in_panel or line.startswith(("╭", "your answer>"))):
            in_panel = line.startswith(("╭", "│"))
            continue
        if line.startswith(("╭", "(Pdb)", ">>>", "your answer>")):
            break
        lines.append(line)
    return "\n".join(lines)


def value_after(transcript: str, typed: str):
    """The Python value pdb or the console echoed for a typed line (an array repr or a number)."""
    return eval(shown_after(transcript, typed), {"array": np.array, "np": np})


# -- the lesson files ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", COURSE)
def test_lesson_loads_with_its_script_and_lines(name):
    lesson = find_lesson(name)
    assert lesson.id == name and lesson.title and lesson.summary and lesson.intro and lesson.outro
    assert 8 <= len(lesson.steps) <= 16
    numbers = resolve_lines(read_script(script_for(lesson)), lesson.lines)  # every pattern names one line
    assert set(numbers) == set(lesson.lines)
    assert any(step.predict is not None for step in lesson.steps)


@pytest.mark.parametrize("name", COURSE)
def test_rehearsal_meets_every_step(name, tmp_path):
    done = tutor("check", name, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(find_lesson(name).steps)
    assert all(re.match(rf"{name} step +\d+/\d+  met ", line) for line in lines), done.stdout


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """Each lesson played hands-free once, as a learner would see it."""
    runs = {}
    for name in COURSE:
        runs[name] = tutor(name, "--auto", cwd=tmp_path_factory.mktemp(name))
    return runs


@pytest.mark.parametrize("name", COURSE)
def test_hands_free_play_has_no_miss_and_ends_with_the_outro(played, name):
    run = played[name]
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert "not what the lesson expected" not in run.stdout
    assert not re.search(r"<[^<>]*: \w+Error>", run.stdout), "a live value failed"
    assert "to think about" in run.stdout
    predictions = sum(step.predict is not None for step in find_lesson(name).steps)
    assert run.stdout.count("your answer> ") == predictions


def test_lesson1_screen_shows_the_slopes_and_the_h_study(played):
    out = played["lesson1"].stdout
    returned = float(re.search(r"numerical_diff\(\)->([-\d.e]+)", out).group(1))
    assert returned == pytest.approx(0.02 * 5 + 0.1, abs=1e-9)
    table = value_after(out, "(Pdb) p np.column_stack([hs, forward_error, central_error])")
    hs, forward_error, central_error = table.T
    np.testing.assert_allclose(hs, [1e-1, 1e-4, 1e-8, 1e-12, 1e-50])
    # forward difference of 0.01x² + 0.1x is 0.02x + 0.1 + 0.01h: its error is 0.01h while rounding is small
    np.testing.assert_allclose(forward_error[:2], 0.01 * hs[:2], rtol=1e-4)
    # the central difference of a parabola is exact on paper: only rounding, about eps·f/h, is left
    assert np.all(central_error[:2] <= 10 * EPS / hs[:2])
    # 5 + 1e-50 is 5 in float64: both differences are 0, a whole slope (0.2) off
    np.testing.assert_allclose([forward_error[-1], central_error[-1]], [0.2, 0.2])
    assert shown_after(out, "(Pdb) p 5.0 + 1e-50 == 5.0") == "True"
    assert "float(tiny) is 0.0" in out


def test_lesson2_screen_shows_the_partials(played):
    out = played["lesson2"].stdout
    assert value_after(out, ">>> numerical_diff(function_tmp1, 3.0)") == pytest.approx(2 * 3.0, abs=1e-6)
    assert value_after(out, ">>> numerical_diff(function_tmp2, 4.0)") == pytest.approx(2 * 4.0, abs=1e-6)
    first = ">>> partials = np.array([numerical_diff(function_tmp1, 3.0), numerical_diff(function_tmp2, 4.0)]); partials"
    second = ">>> partials = np.array([numerical_diff(function_tmp1, 5.0), numerical_diff(function_tmp2, 6.0)]); partials"
    np.testing.assert_allclose(value_after(out, first), [6.0, 8.0], atol=1e-6)
    np.testing.assert_allclose(value_after(out, second), [10.0, 12.0], atol=1e-6)
    assert shown_after(out, ">>> np.allclose(partials, [10.0, 12.0])") == "True"


def test_lesson5_screen_shows_the_three_descents(played):
    out = played["lesson5"].stdout
    start = np.array([-3.0, 4.0])
    # the watch view's first change: one step of lr = 0.1 multiplies x by 1 - 2·0.1
    first = (1 - 2 * 0.1) * start
    assert f"[0]: {start[0]:g} → {first[0]:g}  [1]: {start[1]:g} → {first[1]:g}" in out
    np.testing.assert_allclose(value_after(out, "(Pdb) p x_good"), 0.8 ** 20 * start, rtol=1e-6)
    path_x0 = value_after(out, "(Pdb) p path_big[:, 0]")
    np.testing.assert_allclose(path_x0[:6], (-19.0) ** np.arange(6) * start[0], rtol=1e-6)
    moved = value_after(out, "(Pdb) p x_small - init_x")
    np.testing.assert_allclose(moved, -20 * 1e-10 * 2 * start, rtol=1e-4)
    np.testing.assert_array_equal(value_after(out, "(Pdb) p x_big + 1e-4 == x_big"), [True, True])


# -- gradient_1d.py ------------------------------------------------------------------------------

def exact_slope(x):
    return 0.02 * x + 0.1  # d/dx of 0.01x² + 0.1x


@pytest.mark.parametrize("x", [5, 10, -3.0, 0.0])
def test_numerical_diff_matches_the_exact_derivative(x):
    assert gradient_1d.numerical_diff(gradient_1d.function_1, x) == pytest.approx(exact_slope(x), abs=1e-9)


def test_tangent_at_5_touches_the_curve_with_slope_0_2():
    tf = gradient_1d.tangent_line(gradient_1d.function_1, 5)
    f5 = 0.01 * 25 + 0.1 * 5  # 0.75
    assert tf(5) == pytest.approx(f5, abs=1e-9)
    assert (tf(7) - tf(3)) / 4 == pytest.approx(0.2, abs=1e-9)
    assert tf(0) == pytest.approx(f5 - 0.2 * 5, abs=1e-9)  # intercept -0.25
    t = np.linspace(0, 20, 41)  # a parabola opening upward minus its tangent is 0.01(t - 5)²
    np.testing.assert_allclose(gradient_1d.function_1(t) - tf(t), 0.01 * (t - 5) ** 2, atol=1e-9)


@pytest.mark.parametrize("h", [1e-1, 1e-2, 1e-3, 1e-4])
def test_forward_error_is_a_times_h_and_central_error_is_rounding(h):
    # f = a x² + b x: forward = 2ax + b + a·h exactly, central = 2ax + b exactly (before rounding)
    forward_error = gradient_1d.forward_diff(gradient_1d.function_1, 5.0, h) - exact_slope(5.0)
    central_error = gradient_1d.central_diff(gradient_1d.function_1, 5.0, h) - exact_slope(5.0)
    assert forward_error == pytest.approx(0.01 * h, rel=1e-4)
    assert abs(central_error) <= 10 * EPS / h


def test_numerical_diff_uses_the_central_difference_with_h_1e_4():
    f = gradient_1d.function_1
    assert gradient_1d.numerical_diff(f, 5.0) == gradient_1d.central_diff(f, 5.0, 1e-4)


def test_main_block_h_study_and_the_float32_underflow(monkeypatch, tmp_path, capsys):
    import runpy

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the optional plot lands here
    names = runpy.run_path(gradient_1d.__file__, run_name="__main__")
    assert names["tiny"] == 0.0 and names["tiny"].dtype == np.float32  # below float32's smallest subnormal
    assert np.float32(1e-50) == 0.0 and 1e-50 < np.finfo(np.float32).smallest_subnormal
    hs = names["hs"]
    np.testing.assert_allclose(names["forward_error"][:2], 0.01 * hs[:2], rtol=1e-4)
    assert np.all(names["central_error"][:2] <= 10 * EPS / hs[:2])
    assert names["forward"][-1] == 0.0 and names["central"][-1] == 0.0  # 5 + 1e-50 == 5
    assert names["slope_5"] == pytest.approx(0.2, abs=1e-9) and names["slope_10"] == pytest.approx(0.3, abs=1e-9)
    assert names["x"].shape == names["y2"].shape == (200,)
    assert "slopes at 5 and 10:" in capsys.readouterr().out


# -- gradient_partial.py -------------------------------------------------------------------------

@pytest.mark.parametrize("point", [(3.0, 4.0), (5.0, 6.0)])
def test_partials_with_one_variable_frozen(point):
    x0, x1 = point
    along_x0 = gradient_partial.numerical_diff(lambda t: t * t + x1 ** 2, x0)
    along_x1 = gradient_partial.numerical_diff(lambda t: x0 ** 2 + t * t, x1)
    assert (along_x0, along_x1) == (pytest.approx(2 * x0, abs=1e-6), pytest.approx(2 * x1, abs=1e-6))
    x = np.array(point)
    grad = gradient_partial.numerical_gradient(gradient_partial.function_2, x)
    np.testing.assert_allclose(grad, [2 * x0, 2 * x1], atol=1e-6)
    assert x.tolist() == list(point)  # nudged in place, put back


def test_partial_values_at_the_book_and_post_points():
    f = gradient_partial.function_2
    np.testing.assert_allclose(gradient_partial.numerical_gradient(f, np.array([3.0, 4.0])), [6.0, 8.0], atol=1e-6)
    np.testing.assert_allclose(gradient_partial.numerical_gradient(f, np.array([5.0, 6.0])), [10.0, 12.0], atol=1e-6)
    assert f(np.array([3.0, 4.0])) == 25.0
    np.testing.assert_allclose(f(np.array([[3.0, 4.0], [5.0, 6.0]])), [25.0, 61.0])


# -- gradient_method.py --------------------------------------------------------------------------

def descend(lr, steps=20):
    start = np.array([-3.0, 4.0])
    x, history = gradient_method.gradient_descent(gradient_method.function_2, start, lr=lr, step_num=steps)
    assert start.tolist() == [-3.0, 4.0], "the caller's starting point is left alone"
    return start, x, history


def test_descent_with_lr_0_1_shrinks_x_by_0_8_a_step():
    start, x, history = descend(0.1)
    # x - lr·2x = (1 - 2·lr)·x, so after k steps x_k = 0.8^k · x_0
    np.testing.assert_allclose(x, 0.8 ** 20 * start, rtol=1e-6)
    assert history.shape == (20, 2)
    np.testing.assert_allclose(history, 0.8 ** np.arange(20)[:, None] * start, rtol=1e-6)


def test_descent_with_lr_10_blows_up_until_the_gradient_rounds_to_zero():
    start, x, history = descend(10.0)
    # while x is small enough for x ± h to register, each step multiplies x by 1 - 2·10 = -19
    np.testing.assert_allclose(history[:6], (-19.0) ** np.arange(6)[:, None] * start, rtol=1e-6)
    assert np.all(np.abs(x) > 1e11 * np.abs(start))
    # but 19**20·|x0| (about 1e26) is never reached: once |x| >= 2**40 the float64 spacing there
    # (2**-12 or more) exceeds 2h, so x ± 1e-4 rounds to x and the numerical gradient is exactly 0
    assert not np.allclose(x, (-19.0) ** 20 * start, rtol=1e-6)
    assert np.all(np.abs(x) >= 2.0 ** 40) and np.all(np.abs(np.spacing(x)) > 2e-4)
    assert np.all(x + 1e-4 == x)
    assert np.all(gradient_method.numerical_gradient(gradient_method.function_2, x.copy()) == 0)
    assert np.all(history[-1] == x)  # the last steps did not move


def test_descent_with_lr_1e_10_hardly_moves():
    start, x, _ = descend(1e-10)
    # (1 - 2e-10)**20 - 1 is about -20 · 2e-10
    np.testing.assert_allclose(x - start, -20 * 1e-10 * 2 * start, rtol=1e-4)
    np.testing.assert_allclose(x - start, ((1 - 2e-10) ** 20 - 1) * start, rtol=1e-4)


def test_history_starts_at_the_starting_point_and_has_a_row_per_step():
    start, _, history = descend(0.1, steps=3)
    assert history.shape == (3, 2)
    np.testing.assert_array_equal(history[0], start)
