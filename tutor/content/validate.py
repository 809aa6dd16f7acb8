"""`python -m tutor validate [PATH]`: every problem of lesson files at once, as file:line: message, never running them.

The loader (tutor/content/lesson.py) stops at a lesson's first problem; this walks the whole file with
the loader's own checks, one table at a time, so that one problem does not hide the next. It
also reads and compiles the script (never runs it) to resolve the [lines] patterns, compiles
every Python line and expression of the lesson, and follows the pdb commands to find steps that
can never be reached.
"""
from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from tutor.content import compiles, translate
from tutor.content.catalog import (RESERVED, clash, clashing_paths, is_translation, lesson_folder, own_paths,
                                   paths_in, reserved, script_for)
from tutor.content.files import NotText, read_text, reason
from tutor.content.flow import flow
from tutor.content.lesson import PLACEHOLDER, LessonError, takes_file
from tutor.content.load import line_names, parse_lesson, toml_error_line, toml_message
from tutor.content.locate import ScriptError, read_script, resolve_line
from tutor.content.locator import Locator
from tutor.content.schema import FORMAT_VERSION, lesson_fields
from tutor.content.walk import Walk
from tutor.model.script import Script


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lesson file, where it is."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


def validate_command(paths: list[str], folder: Path | None = None, out=None, err=None) -> int:
    """The CLI's `validate`: problems on stdout, one a line; exit 1 if any, 0 with "N lessons OK" if none."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        targets = _targets(paths, folder)
    except FileNotFoundError as exc:
        print(f"tutor: {exc}", file=err)
        return 2
    problems = [Problem(str(path), None, clash(path).removeprefix(f"{path}: ")) for path in clashing_paths(folder)] \
        if not paths else []
    count, notes = 0, []
    for _, files in targets:
        found, checked = validate_files(files)
        problems += found
        count += checked
        for path, _ in files:
            broken, lacking = translate.check(path)
            problems += [Problem(str(where), line, message) for where, line, message in broken]
            notes += lacking
    for note in notes:
        print(f"note: {note}", file=out)
    if not count:
        print(f"tutor: no lesson files in {', '.join(paths or [shown for shown, _ in targets])}", file=err)
        return 2
    for problem in problems:
        print(problem, file=out)
    if problems:
        bad = len({problem.path for problem in problems})
        print(f"tutor: {len(problems)} problem{'s' * (len(problems) != 1)} in {bad} file{'s' * (bad != 1)} "
              f"({count} lesson{'s' * (count != 1)} checked, with their translations)", file=err)
        return 1
    print(f"{count} lesson{'s' * (count != 1)} OK", file=out)
    return 0


def _targets(paths: list[str], folder: Path | None) -> list[tuple[str, list[tuple[Path, str]]]]:
    """What to check: each PATH (a file, or a folder's lessons), or the packaged lessons and --lessons DIR."""
    if not paths:  # an instructor's file named like a packaged lesson: one problem, not a second lesson
        own = [path for path in own_paths(folder).values() if path not in clashing_paths(folder)]
        return [(str(lesson_folder()), [(path, str(path)) for path in paths_in(lesson_folder()).values()])] + \
            ([(str(folder), [(path, str(path)) for path in own])] if folder else [])
    found = []
    for given in paths:
        place = Path(given).expanduser()
        if place.is_dir():
            found.append((given, [(path, str(Path(given) / path.name)) for path in paths_in(place).values()]))
        elif place.is_file() and is_translation(place):  # lesson1.zh-TW.toml: a translation, not a lesson
            print(f"tutor: {given} is a translation, not a lesson: skipped", file=sys.stderr)
        elif place.exists():  # a file, or a FIFO or device that validate_file refuses without waiting on it
            found.append((given, [(place, given)]))
        else:
            raise FileNotFoundError(f"no such lesson file or folder: {given}")
    return found


def validate_files(files: list[tuple[Path, str]]) -> tuple[list[Problem], int]:
    """Check the lesson files of one folder: each one, then ids used twice. Returns the problems and the count.

    Of two files with one id, the one whose name is the id keeps it; the other is told so.
    """
    found: dict[str, list[Problem]] = {}
    ids: dict[str, list[tuple[str, int | None]]] = {}
    for path, name in files:
        problems, lesson_id, id_line = validate_file(path, name)
        found[name] = problems
        if isinstance(lesson_id, str) and lesson_id.strip():
            ids.setdefault(lesson_id, []).append((name, id_line))
    for lesson_id, owners in ids.items():
        keeper = next((name for name, _ in owners if Path(name).stem == lesson_id), owners[0][0])
        for name, line in owners:
            if name != keeper:
                found[name].append(Problem(name, line, f"id {lesson_id!r} is also the id of {Path(keeper).name}"))
    problems = [problem for name in found for problem in sorted(found[name], key=lambda p: p.line or 0)]
    return problems, len(files)


def validate_file(path: Path, shown: str | None = None) -> tuple[list[Problem], object, int | None]:
    """Every problem of one lesson file, in line order; also its id and the line of `id =`, for the folder's checks."""
    shown = shown or str(path)
    try:
        text = read_text(path)
    except (OSError, NotText) as exc:
        return [Problem(shown, None, f"cannot read the lesson: {reason(exc)}")], None, None
    check = FileCheck(text, path, shown)
    check.run()
    return sorted(check.problems, key=lambda p: p.line or 0), check.id, check.id_line


class FileCheck:
    """One lesson file, walked against the schema, collecting every problem."""

    def __init__(self, text: str, path: Path, shown: str):
        self.text, self.path, self.shown = text, path, shown
        self.where = Locator(text, Path(shown))
        self.problems: list[Problem] = []
        self.id: object = None
        self.id_line: int | None = None

    def add(self, line: int | None, message: str) -> None:
        problem = Problem(self.shown, line, message)
        if problem not in self.problems:
            self.problems.append(problem)

    def report(self, number: int | None, key: str | None, message: str) -> None:
        """The walk's sink: a problem placed at its step or key."""
        self.add(self.where.line(number, key), message)

    def run(self) -> None:
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            self.add(toml_error_line(exc), f"not valid TOML: {toml_message(exc)}")
            return
        except RecursionError:  # tomllib recurses once per nested [ or {
            self.add(None, "not valid TOML: arrays or tables nested too deeply")
            return
        walk = Walk(self, names=line_names(data), build=False)
        version = walk.version(data.get("format"))
        if version is None and type(data.get("format")) is int and data["format"] > FORMAT_VERSION:
            return  # a newer format: its keys are not ours to judge
        walk.table(lesson_fields(), data, None, "")
        self.check_id(data)
        steps = data.get("step") if isinstance(data.get("step"), list) else []
        steps = [raw if isinstance(raw, dict) else {} for raw in steps]
        for number, raw in enumerate(steps, start=1):
            compiles.check_step(raw, number, self.compile_problem)
        lines = data.get("lines") if isinstance(data.get("lines"), dict) else {}
        script = self.check_script(data)
        lines = {k: v for k, v in lines.items() if (isinstance(v, str) and v.strip()) or _other_file(v)}
        numbers = self.resolve(script, lines) if script else None
        self.check_other_files(steps, lines)
        flow(steps, script, numbers, self.report, {k: v["file"] for k, v in lines.items() if isinstance(v, dict)})
        if not self.problems:  # a rule this walk does not know yet: the loader's word is final
            try:
                parse_lesson(self.text, Path(self.shown))
            except LessonError as exc:
                self.add(exc.line, exc.message)

    def check_id(self, data: dict) -> None:
        """The id names the file: lesson3.toml holds id = "lesson3"."""
        self.id, self.id_line = data.get("id"), self.where.key_line(None, "id")
        if isinstance(self.id, str) and self.id.strip() and self.id != self.path.stem:
            self.add(self.id_line, f"the file is {self.path.stem}.toml but its id is {self.id!r}")
        if self.path.stem in RESERVED:
            self.add(self.id_line, f"{reserved(self.path.stem)}; rename the file (and its id)")
        packaged = lesson_folder()
        if self.path.stem in paths_in(packaged) and self.path.parent.resolve() != packaged.resolve():
            self.add(self.id_line, f"a packaged lesson is called {self.path.stem!r}; "
                                   "rename the file (and its id) to use it")

    def compile_problem(self, number: int, key: str, text: str, message: str) -> None:
        self.add(self.where.value_line(number, key, text), message)

    def check_script(self, data: dict) -> Script | None:
        """The script exists beside the lesson (or among the packaged ones) and compiles; it is not run."""
        name = data.get("script")
        if not (isinstance(name, str) and name.strip()):
            return None
        line = self.where.key_line(None, "script")
        try:
            path = script_for(SimpleNamespace(path=self.path, script=name))
        except LessonError as exc:
            self.add(line, exc.message)
            return None
        try:
            return read_script(path)
        except ScriptError as exc:
            self.add(line, f"script {name!r}: {exc}")
            return None

    def resolve(self, script: Script, lines: dict[str, str]) -> dict[str, int]:
        """Each pattern to its line, as the player will; every pattern that does not resolve is a problem."""
        numbers: dict[str, int] = {}
        for name, entry in lines.items():
            try:
                numbers[name] = resolve_line(script, entry)
            except ScriptError as exc:
                self.add(self.where.lines_key(name), f"[lines] {name}: {exc}")
        return numbers

    def check_other_files(self, steps: list[dict], lines: dict[str, object]) -> None:
        """A line of another file in a pdb command that does not take FILE:LINE: its number means the current file."""
        elsewhere = {name: entry["file"] for name, entry in lines.items() if isinstance(entry, dict)}
        for number, step in enumerate(steps, start=1):
            command = step.get("pdb")
            if not isinstance(command, str) or takes_file(command):
                continue
            for name in dict.fromkeys(n for n, _ in PLACEHOLDER.findall(command) if n in elsewhere):
                self.add(self.where.value_line(number, "pdb", command),
                         f"step {number}: {command.strip()!r} names {{{name}}}, a line of {elsewhere[name]}, but pdb "
                         "takes FILE:LINE only in b, tbreak and cl: here the number works only while pdb is in that file")


def _other_file(entry: object) -> bool:
    """A well-formed { file, text } entry of [lines]."""
    return isinstance(entry, dict) and set(entry) == {"file", "text"} \
        and all(isinstance(v, str) and v.strip() for v in entry.values())
