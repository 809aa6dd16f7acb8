"""`python -m tutor new NAME --script PATH`: a first draft of a lesson for any script, read with ast, never run.

The draft stops at each line of the script's main code (module level, or directly inside
`if __name__ == "__main__":`) that computes, not at lines that only print or plot, and steps into
the script's own functions and methods, and those of the modules beside it that it imports, when
the code above calls them on every run. Lines are named by the shortest [lines] pattern of their
code, never by numbers, so the draft resolves on other versions of the script too. Narration is left
for the author as TODO texts; the draft loads and plays hands-free as written. Here: the command and
the lesson's text; the plan is tutor/content/draft_plan.py.
"""
from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path

from tutor.content.catalog import RESERVED, lesson_folder, paths_in, reserved
from tutor.content.draft_plan import Plan, plan
from tutor.content.lesson import LessonError
from tutor.content.load import parse_lesson
from tutor.content.locate import ScriptError, read_script
from tutor.model.script import Script

TODO_SAY = "TODO: say what this step shows"
TODO_AFTER = "TODO: say what the learner should notice"
NAME_RULE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


class AuthoringError(Exception):
    """A draft that cannot be written: a bad name, a missing or broken script, an existing file."""


class NothingToDraft(AuthoringError):
    """A script whose main code calls nothing: only definitions, which a lesson cannot stop in."""

    def __init__(self, script: Script, plan: Plan):
        super().__init__(script.path.name)
        self.script, self.plan = script, plan


def new_command(name: str | None, script_path: str | None, words, out=None, err=None) -> int:
    """The CLI's `new`: write the draft beside the script, say what it left out; every mistake is one line, exit 2."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        path, made = write_draft(name, script_path)
    except NothingToDraft as exc:
        print(f"tutor: {nothing_said(exc, words)}", file=err)
        return 2
    except (AuthoringError, ScriptError) as exc:
        print(f"tutor: {exc}", file=err)
        return 2
    folder = path.parent
    print(words("new_wrote", path=path, steps=len(made.steps)), file=out)
    for line in left_out(made, words):
        print(f"  {line}", file=out)
    print(words("new_next"), file=out)
    path_typed, folder_typed = shlex.quote(str(path)), shlex.quote(str(folder))  # a shell reads a space as two words
    print(f"  python -m tutor validate {path_typed}", file=out)
    print(f"  python -m tutor check {path.stem} --lessons {folder_typed}", file=out)
    print(f"  python -m tutor {path.stem} --lessons {folder_typed}", file=out)
    return 0


def left_out(made: Plan, words) -> list[str]:
    """A sentence for each kind of thing the draft did not stop at or step into, with why."""
    numbers = {"new_output": made.output, "new_blocks": made.blocks, "new_unnamed": made.unnamed}
    names = {"new_not_entered": made.not_entered, "new_unreached": made.unreached}
    said = [words(key, lines=spans(found)) for key, found in numbers.items() if found]
    return said + [words(key, names=", ".join(found)) for key, found in names.items() if found]


def spans(numbers: list[int]) -> str:
    """Line numbers with runs shortened: 3, 62-70."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)


def nothing_said(exc: NothingToDraft, words) -> str:
    """Why a script with nothing called at module level gets no draft, naming what it defines."""
    kinds = {kind for kind, _ in exc.plan.defined}
    names = ", ".join(name for _, name in exc.plan.defined)
    key = "new_classes_only" if kinds == {"class"} else "new_nothing_called" if kinds else "new_nothing_runs"
    return words(key, script=exc.script.path.name, names=names)


def write_draft(name: str | None, script_path: str | Path | None) -> tuple[Path, Plan]:
    """Write NAME.toml beside the script, refusing to overwrite; the path and the plan it follows."""
    if not name:
        raise AuthoringError("new needs a name for the lesson: python -m tutor new NAME --script PATH")
    if not script_path:
        raise AuthoringError("new needs the script: python -m tutor new NAME --script PATH")
    if not NAME_RULE.fullmatch(name):
        raise AuthoringError(f"a lesson name is letters, digits, '_' and '-' (it becomes NAME.toml), not {name!r}")
    if name in RESERVED:
        raise AuthoringError(f"{reserved(name)}; choose another name")
    if name in paths_in(lesson_folder()):  # it would be hidden by the packaged one, and share its progress
        raise AuthoringError(f"a packaged lesson is called {name!r}; choose another name")
    script = read_script(script_path)
    target = script.path.parent / f"{name}.toml"
    if target.exists():
        raise AuthoringError(f"{target} already exists; choose another name or remove it first")
    text, made = draft(name, script)
    try:
        parse_lesson(text, target)  # the draft must load as written
    except LessonError as exc:  # a bug in the draft, not the author's mistake
        raise AuthoringError(f"the draft does not load ({exc}); please report this") from None
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise AuthoringError(f"{target} already exists; choose another name or remove it first") from None
    except OSError as exc:
        raise AuthoringError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target, made


def draft(name: str, script: Script) -> tuple[str, Plan]:
    """The text of a draft lesson for this script and its plan; NothingToDraft when the main code calls nothing."""
    made = plan(script)
    if made.idle:
        raise NothingToDraft(script, made)
    return render(name, made), made


def render(name: str, made: Plan) -> str:
    """The lesson file: its header, the [lines] table, one [[step]] per step, and what was left out."""
    script = made.script.path.name
    out = [
        f"# A draft lesson for {script}, written by `python -m tutor new`.",
        "# Replace every TODO text, then: python -m tutor validate " + f"{name}.toml",
        "# Format: docs/lessons.md. Lines are named by [lines] patterns, never by numbers.",
        "format = 1",
        f"id = {_toml(name)}",
        f"title = {_toml('TODO: a title for ' + name)}",
        f"summary = {_toml('TODO: one sentence for the list of lessons')}",
        f"script = {_toml(script)}",
        f"intro = {_toml('TODO: what the learner is about to see, shown once before the program starts')}",
        f"outro = {_toml('TODO: what the learner should take away, shown once at the end')}",
        "",
        "[lines]",
        *(f"{label} = {_entry(pattern)}" for label, pattern in made.lines.items()),
    ]
    for step in made.steps:
        out.append("")
        if step.note:
            out.append(f"# {step.note}")
        out += ["[[step]]", f"say = {_toml(TODO_SAY)}", f"{step.kind} = {_toml(step.command)}"]
        if step.output:
            out.append(f"expect.output = [{', '.join(_toml(text) for text in step.output)}]")
        out += [f"expect.{key} = {_toml(value)}" for key, value in (("line", step.line), ("function", step.function))
                if value]
        if step.after:
            out.append(f"after = {_toml(TODO_AFTER)}")
    return "\n".join(out + _left_out_comments(made)) + "\n"


def _left_out_comments(made: Plan) -> list[str]:
    """The same news as the command's, as comments at the end of the file, for the author."""
    said = [("Not stopped at (they only print, plot or add to sys.path)", made.output),
            ("Not stopped in (loops and blocks of the main code)", made.blocks),
            ("Not stopped at (no pattern finds the line alone)", made.unnamed)]
    out = [f"# {why}: lines {spans(lines)}." for why, lines in said if lines]
    named = [("Not stepped into (the main code does not call them on every run)", made.not_entered),
             ("Not stepped into (no line of theirs is unique enough to break on)", made.unreached)]
    out += [f"# {why}: {', '.join(names)}." for why, names in named if names]
    return [line for comment in out for line in ("", comment)]


def _entry(pattern: str | dict[str, str]) -> str:
    """A [lines] entry: a pattern, or an inline table naming a line of another file."""
    if isinstance(pattern, str):
        return _toml(pattern)
    return f"{{ file = {_toml(pattern['file'])}, text = {_toml(pattern['text'])} }}"


def _toml(text: str) -> str:
    """A TOML string: a literal one ('...') for code with quotes or backslashes, else a basic one ("...")."""
    plain = not any(ord(c) < 32 or ord(c) == 127 for c in text)
    if plain and "'" not in text and ('"' in text or "\\" in text):
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")  # JSON's escapes are TOML's; DEL too
