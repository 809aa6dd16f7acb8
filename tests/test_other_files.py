"""Lines in other files: a [lines] entry naming a line of a module beside the script (issue 12 point 3).

The script and module are look-alikes of the book's ch05 (tests/fixtures/book/ch05). Line numbers in
the expectations are counted from the fixtures' text here, never taken from tutor's output.
"""
import shutil
from pathlib import Path

import pytest

from tests import helpers
from tutor.cli import main
from tutor.content.lesson import Expect, Step, fill, fill_command
from tutor.play.expectations import Checks

CH05 = Path(__file__).parent / "fixtures" / "book" / "ch05"
BODY = "self.x = x"  # the first line of MulLayer.forward's body

LESSON = '''\
format = 1
id = "apples"
title = "Into a layer"
script = "buy_apple.py"

[lines]
forward = { file = "layer_naive.py", text = "self.x = x" }
subtotal = "subtotal = "

[[step]]
say = "Break at line {forward} of the layer, where forward starts."
pdb = "b {forward}"

[[step]]
say = "Run to it: the first call multiplies the price by the count."
pdb = "c"
expect.line = "forward"
expect.function = "forward"
expect.true = ["y == 2"]

[[step]]
say = "The first input."
pdb = "p x"
expect.output = ["100"]
'''


def line_of(path: Path, text: str) -> int:
    """The one line of the file holding text, counted here."""
    hits = [n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    assert len(hits) == 1, hits
    return hits[0]


def lessons(tmp_path: Path, lesson: str = LESSON) -> Path:
    """A lesson folder: the lesson beside copies of the ch05 look-alikes."""
    folder = tmp_path / "lessons"
    folder.mkdir()
    for name in ("buy_apple.py", "layer_naive.py"):
        shutil.copy(CH05 / name, folder / name)
    (folder / "apples.toml").write_text(lesson)
    return folder.resolve()  # as tutor names files: resolved


def validate(capsys, path: Path) -> tuple[int, list[str]]:
    code = main(["validate", str(path)])
    return code, capsys.readouterr().out.splitlines()


def test_a_breakpoint_in_the_sibling_module_rehearses_and_plays_hands_free(tmp_path):
    folder = lessons(tmp_path)
    (tmp_path / "run").mkdir()
    module, line = folder / "layer_naive.py", line_of(CH05 / "layer_naive.py", BODY)
    checked = helpers.tutor("check", "apples", "--lessons", str(folder), cwd=tmp_path / "run")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"b {module}:{line}" in checked.stdout
    assert f"stops at line {line} of layer_naive.py" in checked.stdout and "missed" not in checked.stdout
    played = helpers.tutor("apples", "--lessons", str(folder), "--auto", cwd=tmp_path / "run")
    assert played.returncode == 0, played.stderr
    assert f"(Pdb) b {module}:{line}\nBreakpoint 1 at {module}:{line}\n" in played.stdout
    assert f"> {module}({line})forward()" in played.stdout
    assert f"Break at line {line} of the layer" in played.stdout  # narration keeps the bare number


def test_on_a_renamed_copy_in_another_folder_the_lines_come_from_that_folders_module(tmp_path):
    folder = lessons(tmp_path)
    other = (tmp_path / "elsewhere").resolve()
    other.mkdir()
    shutil.copy(CH05 / "buy_apple.py", other / "shop.py")
    (other / "layer_naive.py").write_text("# a copy with two more lines on top\n\n" + (CH05 / "layer_naive.py").read_text())
    module, line = other / "layer_naive.py", line_of(CH05 / "layer_naive.py", BODY) + 2
    (tmp_path / "run").mkdir()
    checked = helpers.tutor("check", "apples", "--lessons", str(folder), "--script", str(other / "shop.py"),
                            cwd=tmp_path / "run")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"b {module}:{line}" in checked.stdout and "missed" not in checked.stdout
    played = helpers.tutor("apples", "--lessons", str(folder), "--script", str(other / "shop.py"), "--auto",
                           cwd=tmp_path / "run")
    assert played.returncode == 0, played.stderr
    assert f"Breakpoint 1 at {module}:{line}\n" in played.stdout
    assert f"> {module}({line})forward()" in played.stdout


def test_the_lesson_validates(tmp_path, capsys):
    assert validate(capsys, lessons(tmp_path) / "apples.toml") == (0, ["1 lesson OK"])


@pytest.mark.parametrize("old, new, message", [
    ('file = "layer_naive.py"', 'file = "layers.py"',
     "7: [lines] forward: no file 'layers.py' beside buy_apple.py (looked for {folder}/layers.py)"),
    ('text = "self.x = x"', 'text = "self.outputs"',
     "7: [lines] forward: layer_naive.py has no line containing 'self.outputs'"),
    ('text = "self.x = x"', 'text = "self.x = "',
     "7: [lines] forward: layer_naive.py has 2 lines containing 'self.x = ' (lines {init}, {body}); "
     "make the pattern longer"),
    ('pdb = "p x"', 'pdb = "l {forward}"',
     "23: step 3: 'l {{forward}}' names {{forward}}, a line of layer_naive.py, but pdb takes FILE:LINE only in b, "
     "tbreak and cl: here the number works only while pdb is in that file"),
])
def test_validate_reports_each_mistake_with_its_line(tmp_path, capsys, old, new, message):
    assert LESSON.count(old) == 1
    folder = lessons(tmp_path, LESSON.replace(old, new).replace('expect.output = ["100"]', ""))
    module = (CH05 / "layer_naive.py")
    numbers = {"folder": folder, "init": line_of(module, "self.x = None"), "body": line_of(module, BODY)}
    assert validate(capsys, folder / "apples.toml") == (1, [f"{folder / 'apples.toml'}:{message.format(**numbers)}"])


def test_a_malformed_entry_is_one_line(tmp_path, capsys):
    folder = lessons(tmp_path, LESSON.replace('text = "self.x = x"', 'line = 3'))
    assert validate(capsys, folder / "apples.toml") == (1, [
        f"{folder / 'apples.toml'}:7: [lines] forward: a line of another file is "
        '{ file = "module.py", text = "a pattern" }, both non-empty'])


def test_only_the_target_of_b_tbreak_and_cl_becomes_file_colon_line():
    numbers, files = {"forward": 11, "here": 4}, {"forward": "/x/layer_naive.py"}
    assert fill_command("b {forward}, x > {forward}", numbers, files) == "b /x/layer_naive.py:11, x > 11"
    assert fill_command("tbreak {forward+1}", numbers, files) == "tbreak /x/layer_naive.py:12"
    assert fill_command("cl {forward}", numbers, files) == "cl /x/layer_naive.py:11"
    assert fill_command("b {here}", numbers, files) == "b 4"
    assert fill_command("l {forward}", numbers, files) == "l 11"
    assert fill_command("until {forward}", numbers, files) == "until 11"
    assert fill("line {forward}", numbers) == "line 11"


class Stopped:
    """A debugger paused at a given place (only what the checks ask of it)."""

    def __init__(self, filename: str, line: int, function: str):
        self.place = (filename, line, function)

    def where(self):
        return self.place


def test_a_missed_stop_in_a_module_names_the_modules_file(tmp_path):
    script, module = tmp_path / "buy_apple.py", str(tmp_path / "layer_naive.py")
    misses = []
    checks = Checks(Stopped(str(script), 10, "<module>"), {"forward": 11}, script,
                    lambda step, expected, seen: misses.append((expected, seen)), {"forward": module})
    step = Step(number=2, line=1, say="", kind="pdb", command="c", expect=Expect(line="forward"))
    checks.check(step, "", paused=True)
    assert misses == [("to stop at line 11 of layer_naive.py", f"line 10 of {script}")]
    misses.clear()
    Checks(Stopped(module, 11, "forward"), {"forward": 11}, script,
           lambda *miss: misses.append(miss), {"forward": module}).check(step, "", paused=True)
    assert misses == []


def test_the_docs_example_validates_and_rehearses_on_the_look_alikes(tmp_path, capsys):
    doc = (Path(__file__).parent.parent / "docs" / "lessons.md").read_text(encoding="utf-8")
    section = doc[doc.index("### Lines in other files"):]
    example = section[section.index("```toml\n") + 8:section.index("```\n", section.index("```toml\n") + 8)]
    header = 'format = 1\nid = "apples"\ntitle = "From the docs"\nscript = "buy_apple.py"\n\n'
    folder = lessons(tmp_path, header + example)
    assert validate(capsys, folder / "apples.toml") == (0, ["1 lesson OK"])
    line = line_of(CH05 / "layer_naive.py", BODY)
    checked = helpers.tutor("check", "apples", "--lessons", str(folder), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"b {folder / 'layer_naive.py'}:{line}" in checked.stdout
    assert f"stops at line {line} of layer_naive.py" in checked.stdout


@pytest.mark.parametrize("broken, expected, said", [("forward", "total", "line {n}"),
                                                    ("total", "forward", "line {n} of layer_naive.py")])
def test_a_breakpoint_in_one_file_is_not_a_stop_at_the_same_number_in_the_other(tmp_path, capsys, broken, expected,
                                                                                  said):
    n = line_of(CH05 / "layer_naive.py", BODY)
    assert line_of(CH05 / "buy_apple.py", "total = by_tax") == n  # the same number in both files
    lesson = (LESSON.replace('subtotal = "subtotal = "', 'total = "total = by_tax"')
              .replace('pdb = "b {forward}"', f'pdb = "b {{{broken}}}"')
              .replace('expect.line = "forward"', f'expect.line = "{expected}"'))
    folder = lessons(tmp_path, lesson.replace('expect.function = "forward"\n', "").replace('expect.true = ["y == 2"]\n', ""))
    assert validate(capsys, folder / "apples.toml") == (1, [
        f"{folder / 'apples.toml'}:17: step 2 expects to stop at {expected} ({said.format(n=n)}), but no earlier step "
        "sets a breakpoint there, so 'c' cannot stop on it"])


def test_a_file_in_a_sibling_folder_is_named_by_a_relative_path(tmp_path, capsys):
    folder = lessons(tmp_path, LESSON.replace('file = "layer_naive.py"', 'file = "../common/layers.py"'))
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "layers.py").write_text("# two lines on top\n\n" + (CH05 / "layer_naive.py").read_text())
    from tutor.content.load import parse_lesson
    from tutor.content.locate import read_script
    from tutor.content.resolve import resolve

    lesson = resolve(parse_lesson((folder / "apples.toml").read_text(), folder / "apples.toml"),
                     read_script(folder / "buy_apple.py"))
    line = line_of(CH05 / "layer_naive.py", BODY) + 2
    assert lesson.steps[0].command == f"b {(tmp_path / 'common' / 'layers.py').resolve()}:{line}"
    assert lesson.steps[0].say == f"Break at line {line} of the layer, where forward starts."
    assert validate(capsys, folder / "apples.toml") == (0, ["1 lesson OK"])
