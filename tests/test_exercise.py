"""The exercise checker: a right answer passes, wrong ones fail with one line saying why."""
import re

import numpy as np
import pytest

from tutor.play.features.judge import judge
from tutor.content.lesson import LessonError
from tutor.content.load import parse_lesson

LESSON = '''
format = 1
id = "ex"
title = "t"
script = "s.py"
[[step]]
say = "Write my_diff."
[step.exercise]
define = "my_diff"
given = """
a, b, c = rng.uniform(-3, 3, size=3)
x = rng.uniform(-10, 10)
"""
check = [ { got = "my_diff(lambda t: a*t*t + b*t + c, x)", want = "2*a*x + b", tolerance = 1e-6 } ]
hints = ["one", "two"]
solution = """
def my_diff(f, x):
    h = 1e-4
    return (f(x + h) - f(x - h)) / (2 * h)
"""
'''


def exercise():
    return parse_lesson(LESSON).steps[0].exercise


def defined(source: str) -> dict:
    names: dict = {}
    exec(source, names)
    return names


def test_the_lessons_solution_passes():
    assert exercise().solution.startswith("def my_diff")
    verdict = judge(exercise(), defined(exercise().solution), seed=1)
    assert verdict.passed, verdict.line


def test_forward_difference_fails_on_tolerance():
    # forward difference on a*t^2 + b*t + c is off by a*h (1e-4 * a), far above 1e-6
    wrong = defined("def my_diff(f, x):\n    h = 1e-4\n    return (f(x + h) - f(x)) / h\n")
    verdict = judge(exercise(), wrong, seed=1)
    assert not verdict.passed
    assert verdict.line.startswith("my_diff(lambda t: a*t*t + b*t + c, x) gave ")
    assert "want" in verdict.line and "(for a=" in verdict.line and ", x=" in verdict.line


def test_inputs_that_shadow_the_programs_names_are_still_listed():
    wrong = defined("def my_diff(f, x):\n    return 0.0\n")
    wrong["x"] = "the program's own x"  # given makes a fresh x: the failure line must show that one
    line = judge(exercise(), wrong, seed=5).line
    assert re.search(r"[( ]x=-?[0-9]", line) and "program" not in line


def test_tiny_h_fails():
    # h = 1e-50: x + h == x in float64, so the difference is exactly 0
    wrong = defined("def my_diff(f, x):\n    h = 1e-50\n    return (f(x + h) - f(x - h)) / (2 * h)\n")
    verdict = judge(exercise(), wrong, seed=2)
    assert not verdict.passed and " gave 0," in verdict.line


def test_raising_and_missing_code_are_one_line():
    raising = judge(exercise(), defined("def my_diff(f, x):\n    return {}[x]\n"), seed=3)
    assert not raising.passed and "raised KeyError" in raising.line and "\n" not in raising.line
    assert judge(exercise(), {}, seed=3).line == "my_diff is not defined yet (or is not a function)"
    looping = judge(exercise(), defined("def my_diff(f, x):\n    return my_diff(f, x)\n"), seed=3)
    assert not looping.passed and "RecursionError" in looping.line


def test_wrong_shape_is_named():
    names = defined("def my_diff(f, x):\n    return np.array([1.0, 2.0])\n")
    names["np"] = np
    verdict = judge(exercise(), names, seed=4)
    assert "has shape (2,), want ()" in verdict.line


def test_fresh_inputs_each_time():
    # With no seed, two judgements draw different inputs: the failure lines differ.
    wrong = defined("def my_diff(f, x):\n    return 0.0\n")
    lines = {judge(exercise(), wrong).line for _ in range(3)}
    assert len(lines) == 3


@pytest.mark.parametrize("change, message", [
    ('define = "my_diff"', 'define = "my diff"', ),
    ('hints = ["one", "two"]', 'hints = "one"'),
    ('check = [', 'check = [ { holds = "True", got = "1" }, '),
])
def test_bad_exercise_tables_are_refused(change, message):
    with pytest.raises(LessonError):
        parse_lesson(LESSON.replace(change, message))


ARRAYS = LESSON.replace('define = "my_diff"', 'define = "twice"').replace(
    'check = [ { got = "my_diff(lambda t: a*t*t + b*t + c, x)", want = "2*a*x + b", tolerance = 1e-6 } ]',
    'check = [ { got = "twice(v)", want = "2 * v", tolerance = 1e-6 }, { holds = "twice(v).shape == v.shape" } ]',
).replace("x = rng.uniform(-10, 10)", "v = np.arange(6.0).reshape(2, 3)").replace(
    "def my_diff(f, x):\n    h = 1e-4\n    return (f(x + h) - f(x - h)) / (2 * h)", "def twice(v):\n    return 2 * v")


def test_an_array_answer_names_its_first_wrong_cell_and_both_values_in_one_line():
    # issue 14 item 22: v = [[0, 1, 2], [3, 4, 5]]; wrong only where v > 3, so first at [1, 1]: 4 against 8
    names = defined("import numpy as np\ndef twice(v):\n    return np.where(v > 3, v, 2 * v)\n")
    line = judge(parse_lesson(ARRAYS).steps[0].exercise, names, seed=1).line
    assert line.startswith("twice(v)[1, 1] is 4, want 8 (2 * v[1, 1], within 1e-06; 2 of 6 cells differ)")
    assert "\n" not in line


def test_passing_says_how_many_checks_in_words():
    one = judge(exercise(), defined(exercise().solution), seed=1).line
    assert "my_diff passed its one check on each of" in one
    two = parse_lesson(ARRAYS).steps[0].exercise
    assert "twice passed all 2 checks on each of" in judge(two, defined("def twice(v):\n    return 2 * v\n"), seed=1).line
