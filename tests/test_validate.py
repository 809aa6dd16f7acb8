"""`python -m tutor validate`: every problem of a lesson as file:line: message, found without running the script.

Each broken lesson below is the good lesson GOOD with one thing changed; the line numbers in
the expected messages are counted by hand in GOOD (and in TINY for the script's lines).
"""
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import tutor_in_process
from tutor.cli import main

TINY = '''\
import math


def area(r):
    return math.pi * r ** 2


if __name__ == "__main__":
    a = area(2.0)
    b = area(3.0)
    print(a, b)
'''
# tiny.py: "area(" is on lines 4, 9 and 10; "return math.pi" is line 5; "a = area(2.0)" is line 9.

GOOD = '''\
format = 1
id = "demo"
title = "Demo"
script = "tiny.py"

[lines]
first = "a = area(2.0)"
inside = "return math.pi"

[[step]]
say = "Break on line {first}."
pdb = "b {first}"
expect.output = ["Breakpoint 1 at "]

[[step]]
say = "Continue to it."
pdb = "c"
expect.line = "first"

[[step]]
say = "Ask Python."
python = "area(1.0)"
expect.output = ["3.14159"]

[[step]]
say = "Continue to the end."
pdb = "c"
'''
# GOOD's lines: 2 id, 4 script, 7 first, 8 inside, 10 [[step]] 1, 11 its say, 15 [[step]] 2,
# 17 its pdb, 18 its expect.line, 20 [[step]] 3, 22 its python, 25 [[step]] 4.


def tutor(*args, cwd):
    """The command in this process, as `python -m tutor` runs it; the packaged lessons only (no $TUTOR_LESSONS)."""
    return tutor_in_process(*args, cwd=cwd, env={"TUTOR_LESSONS": None, "COLUMNS": "100"})


def validate(capsys, *paths) -> tuple[int, list[str], str]:
    code = main(["validate", *map(str, paths)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def folder_with(tmp_path: Path, lesson: str, name: str = "demo") -> Path:
    (tmp_path / "tiny.py").write_text(TINY)
    (tmp_path / f"{name}.toml").write_text(lesson)
    return tmp_path / f"{name}.toml"


def changed(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def test_the_good_lesson_validates_clean_and_plays_without_a_miss(tmp_path, capsys):
    path = folder_with(tmp_path, GOOD)
    assert validate(capsys, path) == (0, ["1 lesson OK"], "")
    played = tutor("--lessons", str(tmp_path), "demo", "--auto", cwd=tmp_path)
    assert played.returncode == 0, played.stderr


ONE_PROBLEM = {
    "misspelt step key": (changed('expect.line = "first"', 'expect.lien = "first"'),
                          18, "unknown key 'lien' in step 2's expect (did you mean 'line'?)"),
    "misspelt top-level key": (changed('title = "Demo"', 'title = "Demo"\nsumary = "A demo."'),
                               4, "unknown key 'sumary' in the lesson (did you mean 'summary'?)"),
    "wrong type": (changed('pdb = "c"\nexpect.line', 'pdb = 3\nexpect.line'),
                   17, "step 2 needs 'pdb' as non-empty text"),
    "pattern matching nothing": (changed('inside = "return math.pi"', 'inside = "return math.tau"'),
                                 8, "[lines] inside: tiny.py has no line containing 'return math.tau'"),
    "pattern matching three lines": (changed('inside = "return math.pi"', 'inside = "area("'),
                                     8, "[lines] inside: tiny.py has 3 lines containing 'area(' (lines 4, 9, 10); "
                                        "make the pattern longer"),
    "placeholder not in [lines]": (changed("Break on line {first}.", "Break on line {frist}."),
                                   11, "{frist} is not a name in [lines]"),
    "python that does not compile": (changed('python = "area(1.0)"', 'python = "area(1.0"'),
                                     22, "step 3's python line does not compile as Python: '(' was never closed"),
    "a step that restarts": (changed('python = "area(1.0)"', 'pdb = "run"'),
                             22, "step 3: 'run' cannot be a step: in a lesson it runs the program again and replays "
                                 "the steps before it, so no step after it is ever reached (a learner may type it; "
                                 "the lesson never does)"),
    "steps after q": (changed('python = "area(1.0)"', 'pdb = "q"'),
                      25, "step 4 can never be reached: step 3 ('q') quits the debugger"),
    "expect.line where no breakpoint is": (changed('expect.line = "first"', 'expect.line = "inside"'),
                                           18, "step 2 expects to stop at inside (line 5), but no earlier step sets "
                                               "a breakpoint there, so 'c' cannot stop on it"),
    "an expect.true that is not an expression": (
        changed('expect.line = "first"', 'expect.line = "first"\nexpect.true = ["a == 2", "a >"]'),
        19, "step 2's expect.true 'a >' does not compile as an expression: invalid syntax"),
    "a compare that is not an expression": (
        changed('expect.line = "first"', 'expect.line = "first"\ncompare = [{ got = "a", want = "b +" }]'),
        19, "step 2's compare.want 'b +' does not compile as an expression: invalid syntax"),
    "a predict.expression that is not an expression": (
        changed('expect.line = "first"', 'expect.line = "first"\n'
                'predict = { ask = "What?", expression = "a +", answer = "1", hint = "Look." }'),
        19, "step 2's predict.expression 'a +' does not compile as an expression: invalid syntax"),
    "a plot expression that does not compile": (
        changed('expect.line = "first"', 'expect.line = "first"\nplot = { kind = "curve", x = "a", y = ["x["] }'),
        19, "step 2's plot.y 'x[' does not compile as an expression: '[' was never closed"),
    "an exercise check that does not compile": (
        changed('python = "area(1.0)"\nexpect.output = ["3.14159"]',
                'exercise = { define = "f", solution = "def f(x): return x", check = [{ holds = "f(1) ==" }] }'),
        22, "step 3's exercise.check.holds 'f(1) ==' does not compile as an expression: invalid syntax"),
}


@pytest.mark.parametrize("kind", ONE_PROBLEM)
def test_one_broken_lesson_one_message(tmp_path, capsys, kind):
    text, line, message = ONE_PROBLEM[kind]
    path = folder_with(tmp_path, text)
    code, out, err = validate(capsys, path)
    assert out == [f"{path}:{line}: {message}"]
    assert code == 1 and err == "tutor: 1 problem in 1 file (1 lesson checked, with their translations)\n"


def test_a_missing_script_is_named_on_the_script_line(tmp_path, capsys):
    path = folder_with(tmp_path, changed('script = "tiny.py"', 'script = "nope.py"'))
    code, out, _ = validate(capsys, path)
    assert (code, out) == (1, [f"{path}:4: script 'nope.py': no such script: {(tmp_path / 'nope.py').resolve()}"])


def test_a_script_outside_the_lesson_folder_is_refused(tmp_path, capsys):
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "tiny.py").write_text(TINY)  # it exists, one folder up
    path = home / "demo.toml"
    path.write_text(changed('script = "tiny.py"', 'script = "../tiny.py"'))
    code, out, _ = validate(capsys, path)
    assert (code, out) == (1, [f"{path}:4: script '../tiny.py' is outside the lesson's folder {home.resolve()}; "
                                "a lesson may only run scripts in its own folder"])


def test_a_file_name_that_is_not_the_id(tmp_path, capsys):
    path = folder_with(tmp_path, GOOD, name="other")
    code, out, _ = validate(capsys, path)
    assert (code, out) == (1, [f"{path}:2: the file is other.toml but its id is 'demo'"])


def test_two_lessons_of_a_folder_with_one_id(tmp_path, capsys):
    folder_with(tmp_path, GOOD)
    (tmp_path / "copy.toml").write_text(GOOD)
    (tmp_path / "demo.zh-TW.toml").write_text('title = "a translation, not a lesson"\n')
    code, out, err = validate(capsys, tmp_path)
    copy = tmp_path / "copy.toml"
    assert out[0].startswith(f"note: {tmp_path / 'demo.zh-TW.toml'}: zh-TW lacks 4 string(s)")  # 4 steps' say
    assert out[1:] == [f"{copy}:2: the file is copy.toml but its id is 'demo'",
                   f"{copy}:2: id 'demo' is also the id of demo.toml"]
    assert code == 1 and err == "tutor: 2 problems in 1 file (2 lessons checked, with their translations)\n"


def test_a_continue_with_no_breakpoint_runs_to_the_end(tmp_path, capsys):
    path = folder_with(tmp_path, changed('pdb = "b {first}"', 'pdb = "p 1"'))
    code, out, _ = validate(capsys, path)
    assert code == 1
    assert out == [f"{path}:18: step 2 expects to stop at first (line 9), but no earlier step sets a breakpoint "
                   "there, so 'c' cannot stop on it",
                   f"{path}:20: steps 3 to 4 can never be reached: step 2 ('c') runs the program to its end: "
                   "no earlier step sets a breakpoint"]


def test_a_breakpoint_by_function_name_turns_the_breakpoint_rules_off(tmp_path, capsys):
    # `b area` stops inside area, line 5: the walk cannot compute that, so it reports nothing
    path = folder_with(tmp_path, changed('pdb = "b {first}"', 'pdb = "b area"').replace(
        'expect.line = "first"', 'expect.line = "inside"'))
    assert validate(capsys, path)[:2] == (0, ["1 lesson OK"])


def test_toml_that_does_not_parse(tmp_path, capsys):
    path = folder_with(tmp_path, changed('title = "Demo"', 'title = "Demo'))
    code, out, _ = validate(capsys, path)
    assert code == 1 and len(out) == 1 and out[0].startswith(f"{path}:3: not valid TOML: ")


def test_a_lesson_with_many_problems_reports_all_of_them_in_line_order(tmp_path, capsys):
    text = '''\
format = 1
id = "demo"
titel = "Demo"
script = "tiny.py"

[lines]
first = "a = area(2.0)"
inside = "area("

[[step]]
say = "Break on line {frist}."
pdb = "b {first}"
expcet.line = "first"

[[step]]
say = 3
pdb = "c"
expect.true = ["a >", "b == 2"]
rows = { aray = "X", index = "i", item = "x" }

[[step]]
say = "Ask."
python = "a = = 1"
compare = [{ got = "a", want = "b +" }]

[[step]]
say = "Leave."
pdb = "q"
plot = { kind = "curve", x = "a[", y = ["b"] }

[[step]]
say = "Never."
pdb = "c"
'''
    path = folder_with(tmp_path, text)
    code, out, err = validate(capsys, path)
    assert out == [
        f"{path}: the lesson needs 'title' as non-empty text",
        f"{path}:3: unknown key 'titel' in the lesson (did you mean 'title'?)",
        f"{path}:8: [lines] inside: tiny.py has 3 lines containing 'area(' (lines 4, 9, 10); make the pattern longer",
        f"{path}:11: {{frist}} is not a name in [lines]",
        f"{path}:13: unknown key 'expcet' in step 1 (did you mean 'expect'?)",
        f"{path}:16: step 2 needs 'say' as non-empty text",
        f"{path}:18: step 2's expect.true 'a >' does not compile as an expression: invalid syntax",
        f"{path}:19: unknown key 'aray' in step 2's rows (did you mean 'array'?)",
        f"{path}:19: rows.array must be a variable name",
        f"{path}:23: step 3's python line does not compile as Python: invalid syntax",
        f"{path}:24: step 3's compare.want 'b +' does not compile as an expression: invalid syntax",
        f"{path}:29: step 4's plot.x 'a[' does not compile as an expression: '[' was never closed",
        f"{path}:31: step 5 can never be reached: step 4 ('q') quits the debugger",
    ]
    assert code == 1 and err == "tutor: 13 problems in 1 file (1 lesson checked, with their translations)\n"


def test_the_script_is_read_never_run(tmp_path, capsys):
    path = folder_with(tmp_path, GOOD)
    (tmp_path / "tiny.py").write_text(TINY + 'open(__file__ + ".ran", "w").close()\n')
    assert validate(capsys, path)[:2] == (0, ["1 lesson OK"])
    assert not (tmp_path / "tiny.py.ran").exists()


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path, capsys):
    code, out, err = validate(capsys, tmp_path / "nowhere")
    assert (code, out) == (2, [])
    assert err == f"tutor: no such lesson file or folder: {tmp_path / 'nowhere'}\n"


def test_every_packaged_lesson_validates_clean(tmp_path):
    lessons = [p for p in (ROOT / "lessons").glob("*.toml") if "." not in p.stem]
    assert len(lessons) >= 2
    done = tutor("validate", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{len(lessons)} lessons OK\n", "")


def test_a_lesson_named_like_a_command_is_a_problem(tmp_path, capsys):
    path = folder_with(tmp_path, GOOD.replace('id = "demo"', 'id = "list"'), name="list")
    code, out, _ = validate(capsys, path)
    assert (code, out) == (1, [f"{path}:2: a lesson cannot be called 'list': play, check, new, validate, list, "
                               "reset are tutor's commands; rename the file (and its id)"])
