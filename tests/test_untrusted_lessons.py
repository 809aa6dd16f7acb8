"""Lessons and translations written by someone else (issue 14, items 7 to 12): odd files, markup, escapes, clashes.

The fixtures are in tests/fixtures/bad/content: plain.toml is a good lesson on tiny.py; each other file
is plain.toml with one thing changed. FIFOs and files nested 100,000 deep are made in each test's folder.
Expected messages are written by hand from the file's contents (the offsets and lines counted in the file).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import tutor, tutor_in_process

CONTENT = Path(__file__).parent / "fixtures" / "bad" / "content"
WIDE = {"COLUMNS": "200", "TUTOR_LESSONS": None}


def folder(tmp_path: Path, *names: str) -> Path:
    """A lesson folder holding tiny.py and the named fixtures (plain.toml always)."""
    place = tmp_path / "lessons"
    place.mkdir()
    for name in ("tiny.py", "plain.toml", *names):
        shutil.copy(CONTENT / name, place / name)
    return place


def deep(path: Path) -> Path:
    """A TOML file with an array nested 100,000 deep (tomllib recurses once per bracket)."""
    path.write_text('format = 1\nid = "deep"\nx = ' + "[" * 100_000 + "]" * 100_000 + "\n")
    return path


# -- item 8: a lesson's texts are text -------------------------------------------------------------------------


def test_markup_in_a_lesson_is_shown_as_written_in_play_check_and_the_list(tmp_path):
    place = folder(tmp_path, "markup.toml")
    played = tutor_in_process("--lessons", str(place), "markup", "--auto", cwd=tmp_path, env=WIDE)
    assert (played.returncode, played.stderr) == (0, "")
    assert "markup · Arrays [/] and slices" in played.stdout
    assert "Continue: why x[idx] is not grad[idx]." in played.stdout
    checked = tutor_in_process("--lessons", str(place), "check", "markup", cwd=tmp_path, env=WIDE)
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout.count(" met ") == 3
    listed = tutor_in_process("--lessons", str(place), "list", cwd=tmp_path, env=WIDE)
    assert re.search(r"Arrays \[/\] and slices +Why x\[idx\] is not grad\[idx\] \[bold\]b\[/bold\]", listed.stdout)


def test_terminal_escapes_and_control_characters_in_a_lesson_are_removed_before_display(tmp_path):
    place = folder(tmp_path, "escapes.toml")
    listed = tutor("--lessons", str(place), "list", cwd=tmp_path, env=WIDE, timeout=120)
    assert re.search(r"Arrays red and slices +Clears the screen", listed.stdout)  # titles are padded to one column
    played = tutor("--lessons", str(place), "escapes", "--auto", cwd=tmp_path, env=WIDE, timeout=120)
    assert played.returncode == 0, played.stderr
    assert "escapes · Arrays red and slices" in played.stdout and "Continue to it." in played.stdout
    for shown in (listed.stdout, played.stdout):
        assert not [c for c in shown if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f]


def test_escapes_in_a_translation_are_removed_too(tmp_path):
    place = folder(tmp_path)
    (place / "plain.zh-TW.toml").write_text('title = "紅\\u001b[31m字\\u001b]0;x\\u0007"\n', encoding="utf-8")
    listed = tutor_in_process("--lessons", str(place), "--lang", "zh-TW", "list", cwd=tmp_path, env=WIDE)
    assert "紅字" in listed.stdout and "\x1b" not in listed.stdout and "\x07" not in listed.stdout


def test_a_text_made_only_of_escapes_is_blank(tmp_path):
    """`say` is required text: one that is nothing but an escape sequence shows nothing, so it is refused as blank;
    a translated text that is nothing but escapes is missing, and the English one is shown."""
    place = folder(tmp_path)
    (place / "blank.toml").write_text((place / "plain.toml").read_text().replace('id = "plain"', 'id = "blank"')
                                      .replace('say = "Continue to it."', 'say = "\\u001b[2J\\u0007"'))
    checked = tutor_in_process("validate", str(place / "blank.toml"), cwd=tmp_path)
    assert checked.returncode == 1 and "step 2 needs 'say' as non-empty text" in checked.stdout, checked.stdout
    (place / "plain.zh-TW.toml").write_text('[step.2]\nsay = "\\u001b]0;x\\u0007"\n', encoding="utf-8")
    played = tutor_in_process("--lessons", str(place), "--lang", "zh-TW", "plain", "--auto", cwd=tmp_path, env=WIDE)
    assert played.returncode == 0 and "Continue to it." in played.stdout, played.stdout + played.stderr
    checked = tutor_in_process("validate", str(place / "plain.toml"), cwd=tmp_path)
    assert "step 2: say" in checked.stdout, checked.stdout  # reported as missing from the translation


# -- item 9: files that are not lessons ------------------------------------------------------------------------

NOT_UTF8 = "cannot read the lesson: it is not UTF-8 text (byte 0xe9 at offset 36); save it as UTF-8"  # 'Caf\xe9'
NESTED = "not valid TOML: arrays or tables nested too deeply"
FIFO = "cannot read the lesson: it is a FIFO, not a regular file"


def test_a_lesson_that_is_not_utf8(tmp_path):
    place = folder(tmp_path, "latin.toml")
    played = tutor_in_process("--lessons", str(place), "latin", "--auto", cwd=tmp_path)
    assert (played.returncode, played.stderr) == (2, f"tutor: {place / 'latin.toml'}: {NOT_UTF8}\n")
    checked = tutor_in_process("validate", str(place / "latin.toml"), cwd=tmp_path)
    assert checked.returncode == 1 and checked.stdout == f"{place / 'latin.toml'}: {NOT_UTF8}\n"


def test_a_lesson_nested_100000_deep(tmp_path):
    place = folder(tmp_path)
    path = deep(place / "deep.toml")
    played = tutor_in_process("--lessons", str(place), "deep", "--auto", cwd=tmp_path)
    assert (played.returncode, played.stderr) == (2, f"tutor: {path}: {NESTED}\n")
    checked = tutor_in_process("validate", str(path), cwd=tmp_path)
    assert checked.returncode == 1 and checked.stdout == f"{path}: {NESTED}\n"


def test_a_translation_nested_100000_deep(tmp_path):
    place = folder(tmp_path)
    path = deep(place / "plain.zh-TW.toml")
    played = tutor_in_process("--lessons", str(place), "--lang", "zh-TW", "plain", "--auto", cwd=tmp_path)
    assert (played.returncode, played.stderr) == (2, f"tutor: {path}: {NESTED}\n")
    checked = tutor_in_process("validate", str(place / "plain.toml"), cwd=tmp_path)
    assert checked.returncode == 1 and f"{path}: {NESTED}\n" in checked.stdout


def test_a_lesson_saved_with_a_bom_is_read(tmp_path):
    place = folder(tmp_path, "bom.toml")
    assert (CONTENT / "bom.toml").read_bytes().startswith(b"\xef\xbb\xbf")
    checked = tutor_in_process("validate", str(place / "bom.toml"), cwd=tmp_path)
    assert (checked.returncode, checked.stdout) == (0, "1 lesson OK\n")
    played = tutor_in_process("--lessons", str(place), "bom", "--auto", cwd=tmp_path)
    assert (played.returncode, played.stderr) == (0, "")


def test_a_script_path_with_a_nul_byte(tmp_path):
    place = folder(tmp_path, "nul.toml")
    message = "script 'ti\\x00ny.py' has a NUL byte in its name"
    played = tutor_in_process("--lessons", str(place), "nul", "--auto", cwd=tmp_path)
    assert (played.returncode, played.stderr) == (2, f"tutor: {place / 'nul.toml'}: {message}\n")
    checked = tutor_in_process("validate", str(place / "nul.toml"), cwd=tmp_path)
    assert checked.returncode == 1 and checked.stdout == f"{place / 'nul.toml'}:5: {message}\n"


def sized(place: Path, name: str, size: int) -> Path:
    """plain.toml as lesson `name`, padded with a comment to exactly `size` bytes."""
    text = (place / "plain.toml").read_text(encoding="utf-8").replace('"plain"', f'"{name}"')
    path = place / f"{name}.toml"
    path.write_text(text + "#" + "x" * (size - len(text.encode()) - 2) + "\n", encoding="utf-8")
    assert path.stat().st_size == size
    return path


def test_a_lesson_file_over_a_million_bytes_is_refused_before_it_is_read(tmp_path):
    # a 30 MB file of 30,000 steps in a lesson folder took the list 6 s and validate 18 s
    place = folder(tmp_path)
    sized(place, "edge", 1_000_000)
    over = sized(place, "over", 1_000_001)
    why = "cannot read the lesson: it holds 1,000,001 bytes, more than the 1,000,000 of a lesson file"
    listed = tutor_in_process("--lessons", str(place), "list", cwd=tmp_path, env=WIDE)
    shown = dict(line.split(None, 1) for line in listed.stdout.splitlines() if line.strip())
    assert shown["over"] == f"cannot be loaded: over.toml: {why}" and "cannot" not in shown["edge"]
    played = tutor_in_process("--lessons", str(place), "over", "--auto", cwd=tmp_path)
    assert (played.returncode, played.stderr) == (2, f"tutor: {over}: {why}\n")
    assert tutor_in_process("--lessons", str(place), "edge", "--auto", cwd=tmp_path).returncode == 0
    checked = tutor_in_process("validate", str(over), cwd=tmp_path)
    assert (checked.returncode, checked.stdout) == (1, f"{over}: {why}\n")


def test_a_fifo_as_the_lesson_or_as_the_script_is_refused_without_waiting(tmp_path):
    place = folder(tmp_path)
    os.mkfifo(place / "fifo.toml")
    os.mkfifo(place / "pipe.py")
    (place / "piped.toml").write_text((CONTENT / "plain.toml").read_text().replace('"plain"', '"piped"')
                                      .replace('"tiny.py"', '"pipe.py"'))
    for args, code, line in [
        (["--lessons", str(place), "fifo", "--auto"], 2, f"tutor: {place / 'fifo.toml'}: {FIFO}\n"),
        (["validate", str(place / "fifo.toml")], 1, None),
        (["--lessons", str(place), "piped", "--auto"], 2,
         f"tutor: cannot read {place / 'pipe.py'}: it is a FIFO, not a regular file\n"),
    ]:
        done = tutor(*args, cwd=tmp_path, timeout=60)  # a guard against a hang, not a timing bet
        assert done.returncode == code, (args, done.stderr)
        if line:
            assert done.stderr == line
    checked = tutor("validate", str(place), cwd=tmp_path, timeout=60)
    assert f"{place}/fifo.toml: {FIFO}" in checked.stdout
    assert f"{place}/piped.toml:5: script 'pipe.py': cannot read {place / 'pipe.py'}: it is a FIFO, not a regular " \
           "file" in checked.stdout


def test_one_broken_file_hides_no_other_lesson_from_the_list_or_check(tmp_path):
    place = folder(tmp_path, "latin.toml", "nul.toml")
    deep(place / "deep.toml")
    os.mkfifo(place / "fifo.toml")
    listed = tutor("--lessons", str(place), "list", cwd=tmp_path, env=WIDE, timeout=60)
    assert listed.returncode == 0, listed.stderr
    shown = dict(line.split(None, 1) for line in listed.stdout.splitlines() if line.strip())
    assert shown["plain"].endswith("A good lesson beside broken ones  Break, continue, continue.")
    assert shown["latin"] == f"cannot be loaded: latin.toml: {NOT_UTF8}"
    assert shown["deep"] == f"cannot be loaded: deep.toml: {NESTED}"
    assert shown["fifo"] == f"cannot be loaded: fifo.toml: {FIFO}"
    checked = tutor("--lessons", str(place), "check", cwd=tmp_path, env=WIDE, timeout=300)
    assert checked.returncode == 2
    assert [line for line in checked.stdout.splitlines() if line.startswith("plain ")] == [
        "plain step  1/3  met          b 9  ran (nothing to check)",
        "plain step  2/3  met          c  stops at line 9",
        "plain step  3/3  met          c  ran (nothing to check)"]
    assert checked.stderr.splitlines() == [
        f"tutor: {place / 'deep.toml'}: {NESTED}", f"tutor: {place / 'fifo.toml'}: {FIFO}",
        f"tutor: {place / 'latin.toml'}: {NOT_UTF8}",
        f"tutor: {place / 'nul.toml'}: script 'ti\\x00ny.py' has a NUL byte in its name"]


# -- item 7: a translation holds texts, never code -------------------------------------------------------------

PLAIN_WITH_VALUE = ('say = "Continue to it."', 'say = "Continue to it: a is {=a}."')  # plain.toml line 15
RUNS_CODE = "{=__import__('pathlib').Path('RAN').touch()}"
ALIEN = (f"step 2: say: {RUNS_CODE} is not in the English text; a translation may only use the English text's "
         "{=...} expressions (it holds texts, never code)")


def translated(tmp_path: Path, translation: str, lesson_change: tuple[str, str] = PLAIN_WITH_VALUE) -> Path:
    """The plain lesson (changed) in a folder, with a zh-TW translation."""
    place = folder(tmp_path)
    text = (place / "plain.toml").read_text()
    assert text.count(lesson_change[0]) == 1
    (place / "plain.toml").write_text(text.replace(*lesson_change))
    (place / "plain.zh-TW.toml").write_text(translation, encoding="utf-8")
    return place


def test_an_expression_a_translation_adds_is_refused_by_the_loader_and_validate_never_run(tmp_path):
    place = translated(tmp_path, f'title = "示範"\n\n[step.2]\nsay = "繼續 {RUNS_CODE}"\n')
    zh = place / "plain.zh-TW.toml"
    played = tutor_in_process("--lessons", str(place), "--lang", "zh-TW", "plain", "--auto", cwd=tmp_path)
    assert (played.returncode, played.stderr) == (2, f"tutor: {zh}:4: {ALIEN}\n")
    checked = tutor_in_process("validate", str(place / "plain.toml"), cwd=tmp_path)
    assert checked.returncode == 1 and f"{zh}:4: {ALIEN}" in checked.stdout.splitlines()
    assert not (tmp_path / "RAN").exists() and not (place / "RAN").exists()


def test_a_translation_may_use_the_english_texts_expression(tmp_path):
    place = translated(tmp_path, '[step.2]\nsay = "繼續：a 是 {=a}。"\n')
    assert tutor_in_process("validate", str(place / "plain.toml"), cwd=tmp_path).returncode == 0
    played = tutor_in_process("--lessons", str(place), "--lang", "zh-TW", "plain", "--auto", cwd=tmp_path)
    assert played.returncode == 0 and "繼續：a 是" in played.stdout


def test_an_expression_of_another_text_is_not_allowed_at_this_place(tmp_path):
    place = translated(tmp_path, '[step.1]\nsay = "在 {first} 行設斷點 {=a}"\n')
    checked = tutor_in_process("validate", str(place / "plain.toml"), cwd=tmp_path)
    assert f"{place / 'plain.zh-TW.toml'}:2: step 1: say: {{=a}} is not in the English text; a translation may " \
           "only use the English text's {=...} expressions (it holds texts, never code)" in checked.stdout


@pytest.mark.parametrize("translation, problem", [  # each placed on its line, counted by hand
    ('title = 5\n', "1: title must be text"),
    ('\n[step.1]\nsay = 7\n', "3: [step.1]: say must be text"),
    ('[step.3]\n\nsay = ["x"]\n', "3: [step.3]: say must be text"),
    ('[step.2]\nsay = "繼續 {nope}"\n', "2: step 2: say: {nope} is not a name in [lines]"),
])
def test_validate_checks_a_translations_types_and_placeholders_with_lines(tmp_path, translation, problem):
    place = translated(tmp_path, translation)
    checked = tutor_in_process("validate", str(place / "plain.toml"), cwd=tmp_path)
    assert checked.returncode == 1
    assert f"{place / 'plain.zh-TW.toml'}:{problem}" in checked.stdout.splitlines()


# -- item 10: validate reports everything, in order ------------------------------------------------------------


def plain_with(tmp_path: Path, old: str, new: str) -> Path:
    """plain.toml with one text replaced (it must be there once)."""
    place = folder(tmp_path)
    text = (place / "plain.toml").read_text()
    assert text.count(old) == 1, old
    (place / "plain.toml").write_text(text.replace(old, new))
    return place / "plain.toml"


def test_every_type_error_of_a_table_is_reported(tmp_path):
    path = plain_with(tmp_path, 'expect.line = "first"', 'expect.output = "str"\nexpect.true = [1]')
    checked = tutor_in_process("validate", str(path), cwd=tmp_path)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [f"{path}:17: expect.output must be a list of strings",
                                           f"{path}:18: expect.true must be a list of strings"]


def test_a_bad_trials_does_not_hide_an_empty_check(tmp_path):
    path = plain_with(tmp_path, 'pdb = "c"\nexpect.line = "first"',
                      'exercise = { define = "f", solution = "def f(x): return x", trials = 0, check = [] }')
    checked = tutor_in_process("validate", str(path), cwd=tmp_path)
    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    assert f"{path}:16: exercise.check must be a list of tables, each {{got, want}} or {{holds}}" in lines
    assert f"{path}:16: exercise.trials must be a whole number from 1 to 10000" in lines


def test_a_malformed_placeholder_is_refused_by_validate_and_the_loader(tmp_path):
    path = plain_with(tmp_path, 'say = "Break on line {first}."', 'say = "Break on line {first+}."')
    message = "{first+} is not a placeholder: write {first}, {first+1} or {first-1}"
    checked = tutor_in_process("validate", str(path), cwd=tmp_path)
    assert (checked.returncode, checked.stdout) == (1, f"{path}:11: {message}\n")
    played = tutor_in_process("--lessons", str(path.parent), "plain", "--auto", cwd=tmp_path)
    assert (played.returncode, played.stderr) == (2, f"tutor: {path}:11: {message}\n")


def test_an_expression_in_a_text_is_compiled(tmp_path):
    path = plain_with(tmp_path, 'say = "Continue to it."', 'say = "Continue to it: {=x[}"')
    checked = tutor_in_process("validate", str(path), cwd=tmp_path)
    assert (checked.returncode, checked.stdout) == (
        1, f"{path}:15: step 2's say {{=x[}} does not compile as an expression: '[' was never closed\n")


def test_validate_lists_a_folders_files_in_order(tmp_path):
    place = tmp_path / "lessons"
    place.mkdir()
    for name in ("c10", "b", "c9", "a"):  # each without a title: one problem each
        (place / f"{name}.toml").write_text(f'format = 1\nid = "{name}"\nscript = "x.py"\n[[step]]\nsay = "s"\n'
                                            'pdb = "c"\n')
    (place / "x.py").write_text("x = 1\n")
    checked = tutor_in_process("validate", str(place), cwd=tmp_path)
    assert [line.split(":")[0] for line in checked.stdout.splitlines()] == [
        str(place / f"{name}.toml") for name in ("a", "b", "c9", "c10")]


def test_validate_refuses_the_players_options(tmp_path):
    done = tutor_in_process("validate", "--delay", "3", "--present", "--png", "x", cwd=tmp_path)
    assert done.returncode == 2
    assert "tutor validate: error: unrecognized arguments: --delay --present --png x" in done.stderr


# -- item 11: a lesson named like a packaged one ---------------------------------------------------------------


def packaged_count() -> int:
    """The packaged lessons, counted from the folder's files (translations aside)."""
    from tutor.content.catalog import lesson_folder

    return len([path for path in lesson_folder().glob("*.toml") if "." not in path.stem])


def test_new_refuses_a_packaged_lessons_name(tmp_path):
    (tmp_path / "tiny.py").write_text((CONTENT / "tiny.py").read_text())
    done = tutor_in_process("new", "lesson3", "--script", str(tmp_path / "tiny.py"), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "tutor: a packaged lesson is called 'lesson3'; choose another name\n")
    assert not (tmp_path / "lesson3.toml").exists()


def test_a_clash_is_one_line_in_the_list_check_and_validate_and_counted_once(tmp_path):
    place = folder(tmp_path)
    clashing = place / "lesson3.toml"
    clashing.write_text((CONTENT / "plain.toml").read_text().replace('"plain"', '"lesson3"'))
    listed = tutor_in_process("--lessons", str(place), "list", cwd=tmp_path, env=WIDE)
    shown = dict(line.split(None, 1) for line in listed.stdout.splitlines() if line.strip())
    assert shown["lesson3"] == "not used: a packaged lesson is called lesson3; rename lesson3.toml (and its id)"
    named = [line for line in listed.stdout.splitlines() if line.startswith("lesson3 ")]
    assert len(named) == 2 and named[1].split(None, 1)[1] == shown["lesson3"]  # the packaged one, then this file
    checked = tutor_in_process("--lessons", str(place), "validate", cwd=tmp_path)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        f"{clashing}: a packaged lesson is called 'lesson3'; rename the file (and its id) to use it"]
    assert checked.stderr == f"tutor: 1 problem in 1 file ({packaged_count() + 1} lessons checked, with their " \
                             "translations)\n"


# -- item 12: validate and the list never run anything ---------------------------------------------------------


def planted_lesson(place: Path) -> str:
    """A valid lesson with a side effect (creating RAN-<where>) in its script, its commands, every expression field
    and an {=...} of every text; each field's mark names it, so a failure says which one ran."""
    def run(where: str) -> str:
        return f'__import__("pathlib").Path(r"{place}/RAN-{where}").touch()'

    def text(where: str) -> str:
        return "'Text {=" + run(where) + "}'"

    def code(where: str) -> str:
        return "'" + run(where) + "'"

    return f"""format = 1
id = "planted"
title = {text("title")}
summary = {text("summary")}
intro = {text("intro")}
outro = {text("outro")}
script = "planted.py"

[lines]
here = "x = 1"

[[step]]
say = {text("say")}
pdb = '!{run("pdb")}'
after = {text("after")}
expect.true = [{code("expect.true")}]
exact = {code("exact")}
compare = [{{ got = {code("compare.got")}, want = {code("compare.want")} }}]
plot = {{ kind = "arrows", title = {text("plot.title")}, x = {code("plot.x")}, y = [{code("plot.y")}], u = {code("plot.u")}, v = {code("plot.v")}, labels = [{text("plot.labels")}] }}
cases = [{{ when = {code("cases.when")}, after = {text("cases.after")} }}]
predict = {{ ask = {text("predict.ask")}, expression = {code("predict.expression")}, answer = {code("predict.answer")}, hint = {text("predict.hint")} }}
shapes = [{{ result = {code("shapes.result")}, left = {code("shapes.left")}, right = {code("shapes.right")} }}, {{ result = {code("shapes.result")}, sum = {code("shapes.sum")} }}]
mask = {{ blocked = {code("mask.blocked")}, values = {code("mask.values")} }}

[[step]]
say = {text("say2")}
python = {code("python")}

[[step]]
say = {text("say3")}
exercise = {{ define = "f", given = {code("exercise.given")}, solution = {code("exercise.solution")}, hints = [{text("exercise.hints")}], check = [{{ got = {code("exercise.check.got")}, want = {code("exercise.check.want")} }}, {{ holds = {code("exercise.check.holds")} }}] }}
"""


def test_validate_and_the_list_run_nothing_of_a_lesson_or_its_translation(tmp_path):
    import importlib
    import tomllib

    importlib.import_module("tutor.play.features")  # the features' fields, to count what is planted
    from tutor.content.compiles import pieces
    from tutor.content.schema import step_fields, walk_fields

    place = tmp_path / "lessons"
    place.mkdir()
    (place / "planted.py").write_text(f'__import__("pathlib").Path(r"{place}/RAN-script").touch()\nx = 1\n')
    lesson = planted_lesson(place)
    (place / "planted.toml").write_text(lesson)
    raw = tomllib.loads(lesson)
    planted = {path for step in raw["step"] for _, path, _ in pieces(step_fields(), step, "")}
    assert planted == {path for path, field in walk_fields(step_fields()) if field.compiles}  # every field
    for language in ("zh-TW", "nan-TW"):  # a translation may repeat the English text's {=...}: planted there too
        (place / f"planted.{language}.toml").write_text(
            lesson.split("script =")[0].replace('id = "planted"', "").replace("format = 1", ""), encoding="utf-8")
    runs = [("validate", str(place / "planted.toml")), ("validate", str(place)),
            ("--lessons", str(place), "validate"), ("--lessons", str(place), "list"),
            ("--lessons", str(place), "--lang", "zh-TW", "list"), ("--lessons", str(place), "--lang", "nan-TW", "list")]
    for args in runs:
        done = tutor_in_process(*args, cwd=tmp_path, env=WIDE)
        assert (done.returncode, done.stderr) == (0, ""), (args, done.stdout)
        assert sorted(path.name for path in place.glob("RAN-*")) == [], args
    played = tutor("--lessons", str(place), "planted", "--auto", "--from", "1", "--to", "1", cwd=tmp_path,
                   timeout=120)  # the side effects are real: playing the lesson runs them
    assert {"RAN-pdb", "RAN-say", "RAN-expect.true"} <= {path.name for path in place.glob("RAN-*")}, played.stderr


def test_the_trust_model_is_written_down():
    root = Path(__file__).parent.parent
    for name in ("README.md", "docs/lessons.md"):
        text = " ".join((root / name).read_text().split()).lower()
        assert "play only lessons you trust, as you would run only scripts you trust" in text, name
        assert "never run anything" in text, name


def test_playing_a_clashing_name_plays_the_packaged_lesson_and_says_so(tmp_path):
    place = folder(tmp_path)
    clashing = place / "lesson3.toml"
    clashing.write_text((CONTENT / "plain.toml").read_text().replace('"plain"', '"lesson3"'))
    played = tutor_in_process("--lessons", str(place), "lesson3", "--auto", "--to", "1", cwd=tmp_path)
    assert played.stderr.splitlines()[0] == (f"tutor: warning: {clashing}: a packaged lesson is called 'lesson3'; "
                                             "rename the file (and its id) to use it; playing the packaged lesson")
    assert "A good lesson beside broken ones" not in played.stdout and "lesson3 · " in played.stdout


def test_a_lesson_whose_id_is_not_its_name_is_one_line_in_the_list(tmp_path):
    place = folder(tmp_path)
    (place / "odd.toml").write_text((CONTENT / "plain.toml").read_text().replace('"plain"', '"\\u001b[2Jodd"'))
    listed = tutor_in_process("--lessons", str(place), "list", cwd=tmp_path, env=WIDE)
    shown = dict(line.split(None, 1) for line in listed.stdout.splitlines() if line.strip())
    assert shown["odd"] == "cannot be loaded: odd.toml: the file is odd.toml but its id is '\\x1b[2Jodd'"
    assert "\x1b" not in listed.stdout


def test_a_refused_translation_is_one_line_in_the_list_and_check_and_hides_no_other_lesson(tmp_path):
    place = translated(tmp_path, f'[step.2]\nsay = "繼續 {RUNS_CODE}"\n')
    shutil.copy(CONTENT / "markup.toml", place / "markup.toml")
    listed = tutor_in_process("--lessons", str(place), "--lang", "zh-TW", "list", cwd=tmp_path,
                              env={**WIDE, "COLUMNS": "400"})  # the whole line on one line
    assert listed.returncode == 0, listed.stderr
    shown = dict(line.split(None, 1) for line in listed.stdout.splitlines() if line.strip())
    assert shown["plain"] == f"無法載入：plain.zh-TW.toml:2: {ALIEN}"  # zh-TW's words for "cannot be loaded"
    assert "Arrays [/] and slices" in shown["markup"]
    checked = tutor_in_process("--lessons", str(place), "--lang", "zh-TW", "check", cwd=tmp_path, env=WIDE)
    assert checked.returncode == 2
    assert f"tutor: {place / 'plain.zh-TW.toml'}:2: {ALIEN}" in checked.stderr.splitlines()
    assert [line for line in checked.stdout.splitlines() if line.startswith("markup ")][0].startswith(
        "markup step  1/3")
    assert not (tmp_path / "RAN").exists() and not (place / "RAN").exists()


def test_every_kind_of_lesson_text_is_shown_as_written(tmp_path):
    place = folder(tmp_path, "markup_all.toml")
    played = tutor_in_process("--lessons", str(place), "markup_all", "--auto", cwd=tmp_path, env=WIDE)
    assert played.returncode == 0, played.stderr
    for text in ("markup_all · M [/]", "Intro x[idx] [/] [bold]b[/bold]", "Break [/].", "After x[idx] [/]",
                 "Continue [/] 1.", "Ask x[idx] [/]?", "Plot x[idx] [/]", "Lab x[idx] [/]", "Case x[idx] [/]",
                 "Write f [/].", "Outro x[idx] [/]"):
        assert text in played.stdout, text


def test_validate_of_a_folder_names_a_clash_on_the_id_line(tmp_path):
    place = folder(tmp_path)
    clashing = place / "lesson3.toml"
    clashing.write_text((CONTENT / "plain.toml").read_text().replace('"plain"', '"lesson3"'))
    checked = tutor_in_process("validate", str(place), cwd=tmp_path)
    assert (checked.returncode, checked.stdout) == (
        1, f"{clashing}:2: a packaged lesson is called 'lesson3'; rename the file (and its id) to use it\n")
