"""Load a lesson file: read the TOML, walk it against the schema failing at the first problem, build a Lesson."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from tutor.content.files import NotText, read_text, reason
from tutor.content.lesson import Expect, Lesson, LessonError, Step
from tutor.content.locator import Locator
from tutor.content.schema import CORE_STEP_KEYS, STEP_FIELDS, lesson_fields
from tutor.content.walk import Walk


class _Raise:
    """The loader's sink: the first problem ends the load, placed at its line."""

    def __init__(self, where: Locator):
        self.where = where

    def report(self, number: int | None, key: str | None, message: str) -> None:
        raise LessonError(self.where.path, self.where.line(number, key), message)


def load_lesson(path: Path | str) -> Lesson:
    """Read and check one lesson file, or raise LessonError naming file and line."""
    path = Path(path)
    try:
        text = read_text(path)
    except (OSError, NotText) as exc:
        raise LessonError(path, None, f"cannot read the lesson: {reason(exc)}") from None
    return parse_lesson(text, path)


def parse_lesson(text: str, path: Path | str = "<lesson>") -> Lesson:
    """Turn the text of a lesson into a Lesson, checking every key."""
    path = Path(path)
    data = read_toml(text, path)
    where = Locator(text, path)
    walk = Walk(_Raise(where), names=line_names(data))
    walk.version(data.get("format"))
    parsed = walk.table(lesson_fields(), data, None, "")
    steps = tuple(make_step(raw, number, where) for number, raw in enumerate(parsed["step"], start=1))
    return Lesson(path=path, id=parsed["id"], title=parsed["title"], summary=parsed["summary"],
                  script=parsed["script"], lines=dict(parsed["lines"]), steps=steps, intro=parsed["intro"],
                  outro=parsed["outro"], cases=parsed["cases"],
                  course=parsed["course"])


def read_toml(text: str, path: Path) -> dict:
    """The TOML table, or a LessonError at the line tomllib names."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonError(path, toml_error_line(exc), f"not valid TOML: {toml_message(exc)}") from None
    except RecursionError:  # tomllib recurses once per nested [ or {
        raise LessonError(path, None, "not valid TOML: arrays or tables nested too deeply") from None


def line_names(data: dict) -> set[str]:
    """The names of [lines] (placeholders may use them), whatever their patterns."""
    lines = data.get("lines")
    return set(lines) if isinstance(lines, dict) else set()


def make_step(parsed: dict, number: int, where: Locator) -> Step:
    """A checked step table as a Step: core fields as attributes, a feature's under its key."""
    commands = {f.key: f.command for f in STEP_FIELDS if f.command and parsed.get(f.key) is not None}
    kind, at = next(iter(commands.items()))
    value = parsed[kind]
    features = {key: value for key, value in parsed.items() if key not in CORE_STEP_KEYS}
    return Step(number=number, line=where.step_line(number), say=parsed["say"], kind=kind, at=at,
                command=value if isinstance(value, str) else value.command, after=parsed["after"],
                expect=Expect(**parsed["expect"]) if parsed["expect"] else Expect(), features=features)


def toml_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    """The line tomllib reports, across Python versions."""
    line = getattr(exc, "lineno", None)
    if line:
        return line
    found = re.search(r"at line (\d+)", str(exc))
    return int(found.group(1)) if found else None


def toml_message(exc: tomllib.TOMLDecodeError) -> str:
    """tomllib's message without its own position suffix."""
    return getattr(exc, "msg", None) or re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
