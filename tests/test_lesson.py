"""Loading lessons: every packaged one loads, and each kind of mistake names its file and line."""
import re

import pytest

from tutor.content.catalog import UnknownLesson, all_lessons, find_lesson
from tutor.content.lesson import LessonError, fill
from tutor.content.load import parse_lesson

GOOD = '''format = 1
id = "demo"
title = "A demo"
script = "gradient_2d.py"

[lines]
call = "grad = numerical_gradient("

[[step]]
say = "Break at line {call}."
pdb = "b {call}"
expect.output = ["Breakpoint 1"]

[[step]]
say = "List around it."
pdb = "l {call-1}"
'''


def test_packaged_lessons_load():
    lessons = all_lessons()
    assert "lesson3" in [lesson.id for lesson in lessons]


def test_good_lesson_parses_into_steps():
    lesson = parse_lesson(GOOD, "demo.toml")
    assert [(s.number, s.kind, s.command) for s in lesson.steps] == [(1, "pdb", "b {call}"), (2, "pdb", "l {call-1}")]
    assert lesson.steps[0].expect.output == ("Breakpoint 1",)
    assert lesson.steps[1].line == 14


def test_fill_uses_numbers_and_offsets():
    assert fill("b {call}; l {call-1}; l {call+2}; {other}", {"call": 59}) == "b 59; l 58; l 61; {other}"


@pytest.mark.parametrize("broken, line, words", [
    (GOOD.replace('title = "A demo"', 'title = "A demo'), 3, "not valid TOML"),
    (GOOD.replace("format = 1", "format = 2"), 1, "newer tutor"),
    (GOOD.replace('pdb = "b {call}"', 'pbd = "b {call}"'), 11, "did you mean 'pdb'"),
    (GOOD.replace('pdb = "b {call}"', 'pdb = "b {call}"\npython = "1"'), 9, "exactly one of"),
    (GOOD.replace('say = "List around it."\n', ""), 14, "needs 'say'"),
    (GOOD.replace("b {call}", "b {cal}"), 11, "{cal} is not a name in [lines]"),
    (GOOD.replace('expect.output = ["Breakpoint 1"]', 'expect.output = "Breakpoint 1"'), 12, "list of strings"),
    (GOOD.replace('expect.output = ["Breakpoint 1"]', 'expect.line = "nowhere"'), 12, "not in [lines]"),
    (GOOD.replace('id = "demo"\n', ""), None, "needs 'id'"),
])
def test_mistakes_are_reported_with_file_and_line(broken, line, words):
    with pytest.raises(LessonError) as caught:
        parse_lesson(broken, "demo.toml")
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"demo.toml:{line}: " if line else "demo.toml: ")


def test_unknown_lesson_suggests_close_names():
    with pytest.raises(UnknownLesson, match="did you mean lesson3"):
        find_lesson("lesson33")


def test_unreadable_lesson_file_is_a_lesson_error(tmp_path):
    from tutor.content.load import load_lesson

    with pytest.raises(LessonError, match="cannot read"):
        load_lesson(tmp_path / "missing.toml")


PREDICTING = GOOD + '''exact = "2 * tmp_val"
compare = [{ got = "a", want = "b", tolerance = 0.5 }]

[step.predict]
ask = "What is x.shape?"
expression = "x.shape"
answer = "(2,)"
hint = "a row"
'''


def test_predict_compare_and_exact_parse():
    step = parse_lesson(PREDICTING, "demo.toml").steps[1]
    assert step.exact == "2 * tmp_val"
    assert (step.compare[0].got, step.compare[0].want, step.compare[0].tolerance) == ("a", "b", 0.5)
    assert (step.predict.expression, step.predict.answer, step.predict.hint) == ("x.shape", "(2,)", "a row")


@pytest.mark.parametrize("change, words", [
    (('hint = "a row"\n', ""), "needs 'hint'"),
    (('answer = "(2,)"', 'answr = "(2,)"'), "did you mean 'answer'"),
    (("tolerance = 0.5", "tolerance = -1"), "tolerance must be a number >= 0"),
    (('compare = [{ got = "a", want = "b", tolerance = 0.5 }]', 'compare = "a"'), "compare must be a list"),
])
def test_predict_and_compare_mistakes_are_lesson_errors(change, words):
    with pytest.raises(LessonError, match=re.escape(words)):
        parse_lesson(PREDICTING.replace(*change), "demo.toml")


def test_lines_that_are_not_a_table_are_a_lesson_error():
    broken = GOOD.replace('[lines]\ncall = "grad = numerical_gradient("\n', "").replace(
        'script = "gradient_2d.py"', 'script = "gradient_2d.py"\nlines = 5\nsummary = "see {call}"')
    with pytest.raises(LessonError, match=r"\[lines\] maps names"):
        parse_lesson(broken, "demo.toml")
