"""Expectations: after each step, compare what the program did with what the lesson expects."""
from __future__ import annotations

import os
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Callable, Mapping

from tutor.content.lesson import Step
from tutor.model.record import Record

if TYPE_CHECKING:
    from tutor.core.debugger import TutorDebugger

Report = Callable[[Step, str, str], None]


class Miss(Record):
    """A step whose expectation did not hold: what was expected and what the program did."""

    step: Step
    command: str
    expected: str
    seen: str

    def message(self, lesson_id: str) -> str:
        """One line naming the step, the expectation and what came instead."""
        return f"{lesson_id} step {self.step.number} ({self.command}): expected {self.expected}; saw {self.seen}"


class Checks:
    """Checks one step's output, stop and frame; each failure goes to `report(step, expected, seen)`."""

    def __init__(self, debugger: TutorDebugger, numbers: dict[str, int], script: Path, report: Report,
                 files: Mapping[str, str] = MappingProxyType({})):
        self.debugger, self.numbers, self.script, self.report = debugger, numbers, script, report
        self.files = files  # a line name to its file, for the lines of files beside the script

    def check(self, step: Step, output: str, paused: bool) -> None:
        """Output substrings first; then, if the program is paused, the place and the frame."""
        expect = step.expect
        for wanted in expect.output:  # the lesson was resolved: its line names are numbers already
            if wanted not in output:
                self.report(step, f"output containing {wanted!r}", repr(_last_lines(output)))
        if not (expect.line or expect.function or expect.true):
            return
        if not paused:
            self.report(step, "the program to be paused", "it was no longer running")
            return
        self._place(step)
        for expression in expect.true:
            self._true(step, expression)

    def _place(self, step: Step) -> None:
        """The stop's line and function."""
        filename, lineno, function = self.debugger.where()
        if step.expect.line:
            wanted, name = self.numbers[step.expect.line], step.expect.line
            file = self.files.get(name, str(self.script))
            if lineno != wanted or not same_file(filename, file):
                where = f" of {Path(file).name}" if name in self.files else ""
                self.report(step, f"to stop at line {wanted}{where}", f"line {lineno} of {filename}")
        if step.expect.function and function != step.expect.function:
            self.report(step, f"to stop in {step.expect.function}()", f"{function}()")

    def _true(self, step: Step, expression: str) -> None:
        """An expression that must hold in the paused frame."""
        try:
            value = self.debugger.evaluate(expression)
        except Exception as exc:
            self.report(step, f"{expression} to be true", f"{type(exc).__name__}: {exc}")
            return
        if not value:
            self.report(step, f"{expression} to be true", "it was false")


def _last_lines(text: str, count: int = 3) -> str:
    """The end of an output, enough to see what came instead."""
    lines = text.strip("\n").splitlines()
    return "\n".join(lines[-count:]) if lines else "(no output)"


def same_file(seen: str, wanted: str) -> bool:
    """One file however it is named: a module reached through ../common or a relative sys.path entry keeps that name."""
    return seen == wanted or os.path.realpath(seen) == os.path.realpath(wanted)
