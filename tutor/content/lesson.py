"""A lesson as the player reads it: plain, frozen data built from a checked lesson file."""
from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from tutor.model.record import Record

NOTHING: Mapping = MappingProxyType({})  # the default of a mapping field: shared, so read-only
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)([+-]\d+)?\}")
BREAKPOINT_COMMANDS = frozenset({"b", "break", "tbreak", "cl", "clear"})  # pdb takes FILE:LINE here
LIVE = re.compile(r"\{=([^{}]+)\}")  # {=expr}: a value of the paused program, shown in a text
# Terminal escape sequences (CSI, OSC up to BEL or ST, the rest), then every other C0 or C1 control but \n and \t.
_ESCAPES = re.compile(r"(\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(\x1b\]|\x9d)[^\x07\x1b\x9c]*(\x07|\x1b\\|\x9c)?"
                      r"|\x1b[ -/]*[0-~]?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class LessonError(Exception):
    """A lesson file that cannot be used, with where the problem is."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line, self.message = Path(path), line, message
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")


class TranslationError(Exception):
    """A translation file that cannot be read, with where the problem is."""


class Expect(Record):
    """What a rehearsal checks after a step; never shown as output."""

    output: tuple[str, ...] = ()
    line: str | None = None
    function: str | None = None
    true: tuple[str, ...] = ()


class Step(Record):
    """One thing to type, with the sentence that explains it; a step feature's value by its key (step.rows)."""

    number: int
    line: int
    say: str
    kind: str  # the key that holds the command: pdb, python, or a feature's (exercise)
    command: str
    at: str = "pdb"  # the prompt the command is typed at: pdb or python
    after: str = ""
    expect: Expect = Expect()
    features: Mapping[str, object] = NOTHING

    def __getattr__(self, name: str) -> object:
        """A feature's field (`step.predict`); only the features the step holds."""
        features = self.features
        if name in features:
            return features[name]
        raise AttributeError(f"a step has no field {name!r}")


class Lesson(Record):
    """A whole lesson as loaded from its file (numbers: its lines in the script played, once resolved)."""

    path: Path
    id: str
    title: str
    summary: str
    script: str
    lines: dict[str, object]  # a name to its pattern, or to {file, text} for a line of another file
    steps: tuple[Step, ...]
    intro: str = ""
    outro: str = ""
    numbers: Mapping[str, int] = NOTHING
    files: Mapping[str, str] = NOTHING  # once resolved: the absolute path of each line in another file
    cases: tuple = ()  # LessonCase: an intro or outro for the scripts with a given line (decided on resolving)
    course: str = ""  # the heading the list shows above the lesson and the next ones of the same course


def shown_as_text(text: str) -> str:
    """A lesson's text without terminal escape sequences or control characters: it may colour nothing, move nothing."""
    return _ESCAPES.sub("", text)


def fill(text: str, numbers: Mapping[str, int], files: Mapping[str, str] = NOTHING) -> str:
    """Replace {name} and {name+N} by the line numbers resolved for this run (FILE:LINE for a name in `files`)."""
    def number(match: re.Match) -> str:
        name, offset = match.group(1), match.group(2)
        if name not in numbers:
            return match.group(0)
        line = numbers[name] + int(offset or 0)
        return f"{files[name]}:{line}" if name in files else str(line)

    return PLACEHOLDER.sub(number, text)


def takes_file(command: str) -> bool:
    """Whether a pdb command takes FILE:LINE: only b, tbreak and cl do."""
    words = command.split(maxsplit=1)
    return bool(words) and words[0] in BREAKPOINT_COMMANDS


def fill_command(command: str, numbers: Mapping[str, int], files: Mapping[str, str]) -> str:
    """A pdb command filled: a line of another file becomes FILE:LINE in the target of b, tbreak and cl only."""
    if not takes_file(command):
        return fill(command, numbers)
    target, comma, condition = command.partition(",")
    return fill(target, numbers, files) + comma + fill(condition, numbers)
