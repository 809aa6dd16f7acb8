"""`python -m tutor new NAME --script PATH`: a first draft of a lesson for any script, read with ast, never run.

The draft stops at each call of the script's main code (module level, or directly inside
`if __name__ == "__main__":`), and steps into each function it defines when the code above
calls it on every run. Lines are named by [lines] patterns, never by numbers. Narration is
left for the author as TODO texts; the draft loads and plays hands-free as written.
Here: the plan of steps and the lesson's text; what the script defines and calls is read by
tutor/content/script_reading.py.
"""
from __future__ import annotations

import ast
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tutor.content.catalog import RESERVED, lesson_folder, paths_in, reserved
from tutor.content.lesson import LessonError
from tutor.content.load import parse_lesson
from tutor.content.locate import ScriptError, executable_lines, find_line, read_script
from tutor.content.script_reading import (Function, bind, call_name, callee, first_body_statement, first_line,
                                          guaranteed_calls, local_names, loops_on_its_line, main_lines,
                                          plain_functions, steps_in_first, straight_line, top_call)
from tutor.model.script import Script

TODO_SAY = "TODO: say what this step shows"
TODO_AFTER = "TODO: say what the learner should notice"
NAME_RULE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
MAX_DEPTH = 3  # how deep the draft follows calls into the script's own functions


class AuthoringError(Exception):
    """A draft that cannot be written: a bad name, a missing or broken script, an existing file."""


@dataclass
class _Step:
    """One [[step]] of the draft, written in this order."""

    command: str
    kind: str = "pdb"
    note: str = ""  # a comment above the step, for the author
    output: list[str] = field(default_factory=list)
    line: str | None = None
    function: str | None = None
    after: bool = False


def new_command(name: str | None, script_path: str | None, out=None, err=None) -> int:
    """The CLI's `new`: write the draft beside the script; every mistake is one line and exit code 2."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        path, steps, skipped = write_draft(name, script_path)
    except (AuthoringError, ScriptError) as exc:
        print(f"tutor: {exc}", file=err)
        return 2
    folder = path.parent
    print(f"wrote {path}: {steps} steps", file=out)
    if skipped:
        print(f"  not stepped into (not called on every run of the main code): {', '.join(skipped)}", file=out)
    print("next: replace the TODO texts, then", file=out)
    print(f"  python -m tutor validate {path}", file=out)
    print(f"  python -m tutor check {path.stem} --lessons {folder}", file=out)
    print(f"  python -m tutor {path.stem} --lessons {folder}", file=out)
    return 0


def write_draft(name: str | None, script_path: str | Path | None) -> tuple[Path, int, list[str]]:
    """Write NAME.toml beside the script, refusing to overwrite; the path, the step count, the functions left out."""
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
    text, count, skipped = draft(name, script)
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
    return target, count, skipped


def draft(name: str, script: Script) -> tuple[str, int, list[str]]:
    """The text of a draft lesson for this script, how many steps it has, and the functions it leaves out."""
    return _Drafter(script).lesson(name)


class _Drafter:
    """Plans the steps: stops in the main code, visits into the script's functions, breakpoint numbers."""

    def __init__(self, script: Script):
        self.script = script
        self.tree = ast.parse(script.text)
        self.text_lines = script.text.splitlines()
        self.runnable = executable_lines(script.code)
        self.functions = plain_functions(self.tree)
        self.lines: dict[str, str] = {}  # name -> pattern, in the order they are used
        self.line_of: dict[int, str] = {}  # line number -> name already given to it
        self.steps: list[_Step] = []
        self.breakpoints = 0
        self.visited: set[str] = set()
        self.unnamed: list[int] = []  # lines of the main code with a call but no unique pattern

    # -- the plan --------------------------------------------------------------------------------

    def lesson(self, name: str) -> tuple[str, int, list[str]]:
        first = first_line(self.script)
        for number, statements in main_lines(self.tree):
            calls = [call for statement in statements for call in guaranteed_calls(statement)]
            if not calls:
                continue
            if number != first or self.steps:  # pdb starts paused on the first line: no need to stop there
                label = self._name_line(number, call_name(top_call(statements[0]) or calls[0]) + "_call")
                if label is None:
                    self.unnamed.append(number)  # no unique pattern for it: left to the author
                    continue
                self.breakpoints += 1
                # a comprehension or lambda on the line runs it again and again: stop only the first time
                command, note = ("tbreak", f"stop at: {self._quote(number)}\n# (tbreak: the line loops on its own, "
                                 "so a plain breakpoint would stop at every turn)") if any(
                    loops_on_its_line(statement) for statement in statements) else (
                    "b", f"stop at: {self._quote(number)}")
                self.steps.append(_Step(f"{command} {{{label}}}", note=note,
                                        output=[f"Breakpoint {self.breakpoints} at ", f":{{{label}}}\n"]))
                self.steps.append(_Step("c", line=label, function="<module>", after=True))
            self._visit_calls(calls, {}, stepping=statements[0], depth=1)
        self.steps.append(_Step("c", note="to the end of the program"))
        skipped = [f for f in self.functions if f not in self.visited]
        return self._render(name, skipped), len(self.steps), skipped

    def _visit_calls(self, calls: list[ast.Call], bindings: dict[str, str | None], stepping: ast.stmt | None,
                     depth: int) -> None:
        """Visit, in the order they run, the script's functions among these calls (all of which run).

        `stepping`: the statement the program is paused on, when `s` may enter its first call.
        """
        for index, call in enumerate(calls):
            target = callee(call, self.functions, bindings)
            if target is None or target in self.visited or depth > MAX_DEPTH:
                continue
            step_in = stepping is not None and index == 0 and steps_in_first(stepping, call)
            self._visit(self.functions[target], bind(call, self.functions[target], self.functions, bindings),
                        step_in, depth)

    def _visit(self, function: Function, bindings: dict[str, str | None], step_in: bool, depth: int) -> None:
        """Stop inside one function (by `s` or a temporary breakpoint), show its arguments, then its callees."""
        self.visited.add(function.name)
        node = function.node
        if step_in:
            self.steps.append(_Step("s", note=f"into {function.name}()", function=function.name))
        else:
            body = first_body_statement(node)
            # a breakpoint on the first line stops before anything in it has run only if the statement is
            # on one line of its own; otherwise pdb's `tbreak NAME` stops on the first line that runs
            label = self._name_line(body.lineno, f"in_{function.name}") if (
                body is not None and body.lineno == body.end_lineno and body.lineno > node.lineno) else None
            self.breakpoints += 1
            if label is not None:
                self.steps.append(_Step(f"tbreak {{{label}}}", note=f"inside {function.name}(): "
                                        + self._quote(body.lineno),
                                        output=[f"Breakpoint {self.breakpoints} at ", f":{{{label}}}\n"]))
                self.steps.append(_Step("c", line=label, function=function.name, after=True))
            else:  # its first line is not unique: break on the function by name
                self.steps.append(_Step(f"tbreak {function.name}", note=f"inside {function.name}()",
                                        output=[f"Breakpoint {self.breakpoints} at "]))
                self.steps.append(_Step("c", function=function.name, after=True))
        if function.params:
            names = ", ".join(function.params)
            self.steps.append(_Step(f"p {names}", note=f"the arguments of {function.name}()", after=True))
        calls = [call for statement in straight_line(node.body) for call in guaranteed_calls(statement)]
        local = {name: None for name in local_names(node)}  # a local name hides the script's function
        self._visit_calls(calls, {**local, **bindings}, stepping=None, depth=depth + 1)

    # -- [lines] ---------------------------------------------------------------------------------

    def _name_line(self, number: int, wanted: str) -> str | None:
        """A [lines] name for this line, with a pattern that finds exactly it (None when no pattern is unique)."""
        if number in self.line_of:
            return self.line_of[number]
        text = self.text_lines[number - 1]
        for pattern in (text.strip(), text.rstrip()):
            if not pattern or sum(pattern in line for line in self.text_lines) != 1:
                continue
            try:
                if find_line(self.script, pattern, self.runnable) != number:
                    continue
            except ScriptError:
                continue
            label = _free_name(wanted, self.lines)
            self.lines[label] = pattern
            self.line_of[number] = label
            return label
        return None

    def _quote(self, number: int) -> str:
        """A line of the script for a comment (TOML comments hold no control characters)."""
        return "".join(c if ord(c) >= 32 and ord(c) != 127 else " " for c in self.text_lines[number - 1].strip())

    # -- the file --------------------------------------------------------------------------------

    def _render(self, name: str, skipped: list[str]) -> str:
        script = self.script.path.name
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
            *(f"{label} = {_toml(pattern)}" for label, pattern in self.lines.items()),
        ]
        for step in self.steps:
            out.append("")
            if step.note:
                out.append(f"# {step.note}")
            out.append("[[step]]")
            out.append(f"say = {_toml(TODO_SAY)}")
            out.append(f"{step.kind} = {_toml(step.command)}")
            if step.output:
                out.append(f"expect.output = [{', '.join(_toml(text) for text in step.output)}]")
            if step.line:
                out.append(f"expect.line = {_toml(step.line)}")
            if step.function:
                out.append(f"expect.function = {_toml(step.function)}")
            if step.after:
                out.append(f"after = {_toml(TODO_AFTER)}")
        if self.unnamed:
            out += ["", "# Not stopped at (no pattern finds the line alone): "
                    + ", ".join(f"line {n}" for n in self.unnamed) + "."]
        if skipped:
            out += ["", f"# Not stepped into (the main code does not call them on every run): {', '.join(skipped)}."]
        return "\n".join(out) + "\n"


def _free_name(wanted: str, taken: dict[str, str]) -> str:
    """wanted, or wanted_2, wanted_3... whichever is not yet a line name."""
    if not (wanted.isidentifier() and wanted.isascii()):
        wanted = "line"
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}_{number}" in taken:
        number += 1
    return f"{wanted}_{number}"


def _toml(text: str) -> str:
    """A TOML string: a literal one ('...') for code with quotes or backslashes, else a basic one ("...")."""
    plain = not any(ord(c) < 32 or ord(c) == 127 for c in text)
    if plain and "'" not in text and ('"' in text or "\\" in text):
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")  # JSON's escapes are TOML's; DEL too
