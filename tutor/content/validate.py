"""`python -m tutor validate [PATH]`: every problem of lesson files at once, as file:line: message, never running them.

The loader (tutor/content/lesson.py) stops at a lesson's first problem; this walks the whole file with
the loader's own checks, one table at a time, so that one problem does not hide the next. It
also reads and compiles the script (never runs it) to resolve the [lines] patterns, compiles
every Python line and expression of the lesson, and follows the pdb commands to find steps that
can never be reached.
"""
from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from tutor.content import lesson as loader
from tutor.content import translations
from tutor.content.catalog import is_translation, lesson_folder, paths_in, script_for
from tutor.content.lesson import LessonError, parse_lesson
from tutor.model.script import Script
from tutor.content.locate import ScriptError, executable_lines, find_line, read_script

TUTOR_COMMANDS = ("trace", "watch", "unwatch")  # tutor's own words in the console: not Python
QUIT = {"q", "quit", "exit", "EOF"}
CONTINUE = {"c", "cont", "continue"}
BREAK = {"b", "break", "tbreak"}
_TARGET = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)([+-]\d+)?\}$|^(\d+)$")


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
    problems, count, notes = [], 0, []
    for _, files in targets:
        found, checked = validate_files(files)
        problems += found
        count += checked
        for path, _ in files:
            broken, lacking = translations.check(path)
            problems += [Problem(str(where), None, message) for where, message in broken]
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
    if not paths:
        folders = [(str(lesson_folder()), lesson_folder())] + ([(str(folder), folder)] if folder else [])
        return [(shown, [(path, str(path)) for path in paths_in(place).values()]) for shown, place in folders]
    found = []
    for given in paths:
        place = Path(given).expanduser()
        if place.is_dir():
            found.append((given, [(path, str(Path(given) / path.name)) for path in paths_in(place).values()]))
        elif place.is_file() and is_translation(place):  # lesson1.zh-TW.toml: a translation, not a lesson
            print(f"tutor: {given} is a translation, not a lesson: skipped", file=sys.stderr)
        elif place.is_file():
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
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(shown, None, f"cannot read the lesson: {getattr(exc, 'strerror', None) or exc}")], None, None
    check = _Check(text, path, shown)
    check.run()
    return sorted(check.problems, key=lambda p: p.line or 0), check.id, check.id_line


class _Finder(loader._Locator):
    """The loader's locator, which also finds a step's key written in an inline table (`rows = { aray = "X" }`)
    or as the first part of a dotted key (`expcet.line = ...`)."""

    def key_line(self, number, key):
        found = super().key_line(number, key)
        if not number or not key or found != self.step_line(number):
            return found
        start, end = self.step_range(number)
        written = re.compile(rf"[{{,]\s*\"?{re.escape(key)}\"?\s*=|^\s*\"?{re.escape(key)}\"?\s*\.\s*[\w\"]")
        for index in range(start - 1, end - 1):
            if written.search(self.lines[index]):
                return index + 1
        return found

    def step_range(self, number: int) -> tuple[int, int]:
        """First line of step `number` and the line after its last."""
        start = self.step_line(number)
        end = self.headers[number] if number < len(self.headers) else len(self.lines) + 1
        return start, end

    def value_line(self, number: int, key: str, value: str) -> int | None:
        """The line holding a value of `key` (an item of a list, a line of a long text), else the key's line."""
        start = self.key_line(number, key)
        first = next((part.strip() for part in value.splitlines() if part.strip()), "")
        if start and first:
            _, end = self.step_range(number)
            for index in range(start - 1, end - 1):
                if first in self.lines[index]:
                    return index + 1
        return start

    def lines_key(self, name: str) -> int | None:
        """The line that gives a [lines] name its pattern."""
        header = next((i for i, line in enumerate(self.lines) if re.match(r"^\s*\[\s*lines\s*\]", line)), None)
        if header is None:
            return None
        pattern = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=")
        stop = self.headers[0] - 1 if self.headers else len(self.lines)
        for index in range(header + 1, stop):
            if pattern.match(self.lines[index]):
                return index + 1
        return header + 1


class _Check:
    """One lesson file, walked key by key, collecting every problem."""

    def __init__(self, text: str, path: Path, shown: str):
        self.text, self.path, self.shown = text, path, shown
        self.where = _Finder(text, Path(shown))
        self.problems: list[Problem] = []
        self.id: object = None
        self.id_line: int | None = None

    def add(self, line: int | None, message: str) -> None:
        problem = Problem(self.shown, line, message)
        if problem not in self.problems:
            self.problems.append(problem)

    def attempt(self, check, *args, table: tuple[int, str] | None = None) -> object:
        """Run one of the loader's checks; its LessonError becomes a problem and the walk goes on.

        `table` (step, key): a problem the loader can only place on the step's header, such as a key
        missing from `rows = {...}`, is placed on the line of that table instead.
        """
        try:
            return check(*args)
        except LessonError as exc:
            line = exc.line
            if table and line == self.where.step_line(table[0]):
                line = self.where.key_line(*table)
            self.add(line, exc.message)
            return None

    # -- the walk --------------------------------------------------------------------------------

    def run(self) -> None:
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            self.add(loader._toml_error_line(exc), f"not valid TOML: {loader._toml_message(exc)}")
            return
        version = data.get("format")
        self.attempt(loader._check_format, version, self.where)
        if type(version) is int and version > loader.FORMAT_VERSION:
            return  # a newer format: its keys are not ours to judge
        data = self.known(data, loader._TOP_KEYS, None, "the lesson")
        for key in ("id", "title", "script"):
            self.attempt(loader._require_str, data, key, self.where, None)
        self.id, self.id_line = data.get("id"), self.where.key_line(None, "id")
        if isinstance(self.id, str) and self.id.strip() and self.id != self.path.stem:
            self.add(self.id_line, f"the file is {self.path.stem}.toml but its id is {self.id!r}")
        raw_lines = data.get("lines", {})
        lines = self.check_lines(raw_lines)  # the usable patterns
        named = {name: "" for name in raw_lines} if isinstance(raw_lines, dict) else {}  # every name, even a bad one
        # unknown {names} are reported here, once each: the loader's checks are told every name is known
        names = {**{name: "" for name in self.placeholders_in(data)}, **named}
        for key in ("summary", "intro", "outro"):
            self.attempt(loader._optional_str, data, key, self.where, None)
            self.placeholders(data.get(key), named, None, key)
        raw_steps = data.get("step", [])
        steps: list[dict] = []
        if not isinstance(raw_steps, list) or not raw_steps:
            self.add(None, "a lesson needs at least one [[step]]")
        else:
            for number, raw in enumerate(raw_steps, start=1):
                if not isinstance(raw, dict):
                    self.add(self.where.step_line(number), "a step must be a table")
                    steps.append({})
                    continue
                steps.append(self.check_step(raw, number, named, names))
        script = self.check_script(data)
        numbers = self.resolve(script, lines) if script else None
        self.flow(steps, script, numbers, lines)
        if not self.problems:  # a rule of the loader this walk does not know yet: the loader's word is final
            try:
                parse_lesson(self.text, Path(self.shown))
            except LessonError as exc:
                self.add(exc.line, exc.message)

    def known(self, table: dict, allowed: set[str], number: int | None, what: str) -> dict:
        """Report every unknown key (with the close match), and go on with the known ones."""
        kept = {}
        for key, value in table.items():
            if key in allowed:
                kept[key] = value
            else:
                self.attempt(loader._check_keys, {key: value}, allowed, self.where, number, what)
        return kept

    def check_lines(self, lines: object) -> dict[str, str]:
        """[lines]: each pattern non-empty text; the good ones are kept for the rest of the walk."""
        if not isinstance(lines, dict):
            self.add(self.where.key_line(None, "lines"), "[lines] maps names to non-empty text patterns")
            return {}
        good = {}
        for name, pattern in lines.items():
            if isinstance(pattern, str) and pattern.strip():
                good[name] = pattern
            else:
                self.add(self.where.lines_key(name),
                         f"[lines] maps names to non-empty text patterns; {name!r} is {pattern!r}")
        return good

    def check_step(self, raw: dict, number: int, lines: dict[str, str], names: dict[str, str]) -> dict:
        """One step: the loader's checks table by table, placeholders, and Python that must compile.

        `lines` holds the lesson's line names; `names` those and every {name} written anywhere in it.
        """
        where, n = self.where, number
        step = self.known(raw, loader._STEP_KEYS, n, f"step {n}")
        kinds = [kind for kind in loader.STEP_KINDS if kind in step]
        if len(kinds) != 1:
            self.add(where.step_line(n), f"step {n} needs exactly one of 'pdb', 'python' or 'exercise'")
        elif kinds[0] == "exercise":
            self.attempt(loader._parse_exercise, self.known_exercise(step["exercise"], n), n, where,
                         table=(n, "exercise"))
        else:
            self.attempt(loader._require_str, step, kinds[0], where, n)
        self.attempt(loader._require_str, step, "say", where, n)
        for key in ("after", "exact"):
            self.attempt(loader._optional_str, step, key, where, n)
        if "expect" in step:
            expect = step["expect"]
            if isinstance(expect, dict):
                expect = self.known(expect, loader._EXPECT_KEYS, n, f"step {n}'s expect")
            self.attempt(loader._parse_expect, expect, n, where, names, table=(n, "expect"))
            if isinstance(expect, dict) and isinstance(expect.get("line"), str) and expect["line"] not in lines \
                    and expect["line"] in names:
                self.add(where.key_line(n, "line"), f"expect.line names {expect['line']!r}, which is not in [lines]")
        for key, parse, allowed in (("rows", loader._parse_rows, loader._ROWS_KEYS),
                                    ("predict", loader._parse_predict, loader._PREDICT_KEYS),
                                    ("plot", loader._parse_plot, loader._PLOT_KEYS)):
            if key in step:
                table = step[key]
                if isinstance(table, dict):
                    table = self.known(table, allowed, n, f"step {n}'s {key}")
                self.attempt(parse, table, n, where, table=(n, key))
        if "compare" in step:
            self.attempt(loader._parse_compare, self.known_items(step["compare"], loader._COMPARE_KEYS, n, "compare"),
                         n, where, table=(n, "compare"))
        if "cases" in step:
            self.attempt(loader._parse_cases, self.known_items(step["cases"], {"when", "after"}, n, "cases"), n,
                         where, names, table=(n, "cases"))
        for key in ("say", "after", "pdb"):
            self.placeholders(step.get(key), lines, n, key)
        expect = step.get("expect") if isinstance(step.get("expect"), dict) else {}
        for item in expect.get("output", []) if isinstance(expect.get("output"), list) else []:
            self.placeholders(item, lines, n, "output")
        for case in step.get("cases", []) if isinstance(step.get("cases"), list) else []:
            if isinstance(case, dict):
                self.placeholders(case.get("after"), lines, n, "after")
        # narration the player fills too, though the loader does not check it
        predict = step.get("predict") if isinstance(step.get("predict"), dict) else {}
        for key in ("ask", "hint"):
            self.placeholders(predict.get(key), lines, n, key)
        exercise = step.get("exercise") if isinstance(step.get("exercise"), dict) else {}
        for hint in exercise.get("hints", []) if isinstance(exercise.get("hints"), list) else []:
            self.placeholders(hint, lines, n, "hints")
        self.compiles(step, n)
        return step

    def known_exercise(self, exercise: object, number: int) -> object:
        """The exercise table and its check items with unknown keys reported and left out."""
        if not isinstance(exercise, dict):
            return exercise
        exercise = self.known(exercise, loader._EXERCISE_KEYS, number, f"step {number}'s exercise")
        if isinstance(exercise.get("check"), list):
            exercise["check"] = [self.known(item, loader._PROPERTY_KEYS, number, f"step {number}'s exercise.check")
                                 if isinstance(item, dict) else item for item in exercise["check"]]
        return exercise

    def known_items(self, items: object, allowed: set[str], number: int, key: str) -> object:
        """A list of tables with unknown keys reported and left out."""
        if not isinstance(items, list):
            return items
        return [self.known(item, allowed, number, f"step {number}'s {key}") if isinstance(item, dict) else item
                for item in items]

    # -- placeholders ----------------------------------------------------------------------------

    @staticmethod
    def placeholders_in(data: dict) -> set[str]:
        """Every {name} written anywhere in the lesson (so that one unknown name is reported once, where it is)."""
        found: set[str] = set()

        def walk(value: object) -> None:
            if isinstance(value, str):
                found.update(match.group(1) for match in loader.PLACEHOLDER.finditer(value))
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(data)
        return found

    def placeholders(self, text: object, lines: dict[str, str], number: int | None, key: str) -> None:
        """Each {name} that is not a line name, every one of them."""
        if not isinstance(text, str):
            return
        for match in loader.PLACEHOLDER.finditer(text):
            if match.group(1) not in lines:
                self.add(self.where.key_line(number, key), f"{{{match.group(1)}}} is not a name in [lines]")

    # -- Python in the lesson --------------------------------------------------------------------

    def compiles(self, step: dict, n: int) -> None:
        """Python lines compile as the console compiles them; expressions compile as expressions."""
        python = step.get("python")
        if isinstance(python, str) and python.strip() and not _tutor_command(python):
            self.python_line(python, n, "python", "python line")
        expressions: list[tuple[str, object, str]] = []
        expect = step.get("expect")
        if isinstance(expect, dict) and isinstance(expect.get("true"), list):
            expressions += [("true", item, "expect.true") for item in expect["true"]]
        for item in step.get("compare", []) if isinstance(step.get("compare"), list) else []:
            if isinstance(item, dict):
                expressions += [(key, item.get(key), f"compare.{key}") for key in ("got", "want")]
        for item in step.get("cases", []) if isinstance(step.get("cases"), list) else []:
            if isinstance(item, dict):
                expressions.append(("when", item.get("when"), "cases.when"))
        predict = step.get("predict")
        if isinstance(predict, dict):
            expressions += [(key, predict.get(key), f"predict.{key}") for key in ("expression", "answer")]
        plot = step.get("plot")
        if isinstance(plot, dict):
            ys = plot.get("y") if isinstance(plot.get("y"), list) else [plot.get("y")]
            expressions += [("x", plot.get("x"), "plot.x")] + [("y", y, "plot.y") for y in ys]
            expressions += [(key, plot.get(key), f"plot.{key}") for key in ("u", "v") if key in plot]
        expressions.append(("exact", step.get("exact"), "exact"))
        exercise = step.get("exercise")
        if isinstance(exercise, dict):
            for item in exercise.get("check", []) if isinstance(exercise.get("check"), list) else []:
                if isinstance(item, dict):
                    expressions += [(key, item.get(key), f"exercise.check {key}") for key in ("got", "want", "holds")]
            given = exercise.get("given")
            if isinstance(given, str) and given.strip():
                self.compile_or_report(given, "exec", n, "given", "exercise.given")
            solution = exercise.get("solution")
            if isinstance(solution, str) and solution.strip():
                self.python_line(solution.strip("\n") + "\n", n, "solution", "exercise.solution")
        for key, text, what in expressions:
            if isinstance(text, str) and text.strip():
                self.compile_or_report(text, "eval", n, key, f"{what} {text.strip()!r}")

    def python_line(self, text: str, n: int, key: str, what: str) -> None:
        """What is typed at `>>>`: one statement (a block may span lines; the console ends it with a newline)."""
        self.compile_or_report(text if text.endswith("\n") else text + "\n", "single", n, key, what)

    def compile_or_report(self, text: str, mode: str, n: int, key: str, what: str) -> None:
        try:
            compile(text, "<lesson>", mode)
        except SyntaxError as exc:
            kind = "an expression" if mode == "eval" else "Python"
            self.add(self.where.value_line(n, key, text), f"step {n}'s {what} does not compile as {kind}: {exc.msg}")
        except ValueError as exc:  # a NUL byte
            self.add(self.where.value_line(n, key, text), f"step {n}'s {what} does not compile: {exc}")

    # -- the script ------------------------------------------------------------------------------

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
        runnable, numbers = executable_lines(script.code), {}
        for name, pattern in lines.items():
            try:
                numbers[name] = find_line(script, pattern, runnable)
            except ScriptError as exc:
                self.add(self.where.lines_key(name), f"[lines] {name}: {exc}")
        return numbers

    # -- steps that cannot happen ----------------------------------------------------------------

    def flow(self, steps: list[dict], script: Script | None, numbers: dict[str, int] | None,
             lines: dict[str, str]) -> None:
        """Steps after the debugger quits; `c` that cannot stop where expect.line says, or at all.

        Sound, never guessing: `c` stops only at a breakpoint (the script has no breakpoint() of its
        own, and tutor does no post-mortem). A breakpoint set on a line this walk cannot compute
        (a function name, a file:line) turns the breakpoint rules off from there on.
        """
        sure = script is not None and numbers is not None and not re.search(r"\bbreakpoint\(|set_trace\(",
                                                                             script.text)
        breakpoints: set[int] = set()
        for index, step in enumerate(steps):
            n = index + 1
            command = step.get("pdb")
            if not isinstance(command, str):
                if re.search(r"\bbreakpoint\(|set_trace\(", repr(step.get("python") or step.get("exercise"))):
                    sure = False  # Python that starts a debugger of its own
                continue
            word, _, rest = command.strip().partition(" ")
            if word in QUIT:
                self.unreachable(n + 1, len(steps), f"step {n} ({command.strip()!r}) quits the debugger")
                return
            if word in BREAK and rest.strip():
                target = _TARGET.match(rest.split(",")[0].strip())
                if target is None or (target.group(1) and target.group(1) not in (numbers or {})):
                    sure = False
                elif target.group(3):
                    breakpoints.add(int(target.group(3)))
                else:
                    breakpoints.add(numbers[target.group(1)] + int(target.group(2) or 0))
            elif word in ("alias", "commands", "debug", "run", "restart") or command.strip().startswith("!"):
                sure = False  # these can set breakpoints or start over in ways this walk does not follow
            if word not in CONTINUE or rest.strip() or not sure:
                continue
            expect = step.get("expect") if isinstance(step.get("expect"), dict) else {}
            name = expect.get("line")
            if isinstance(name, str) and name in numbers and numbers[name] not in breakpoints:
                self.add(self.where.key_line(n, "line"),
                         f"step {n} expects to stop at {name} (line {numbers[name]}), but no earlier step sets a "
                         f"breakpoint there, so {command.strip()!r} cannot stop on it")
            if not breakpoints and n < len(steps):
                self.unreachable(n + 1, len(steps), f"step {n} ({command.strip()!r}) runs the program to its end: "
                                 "no earlier step sets a breakpoint")
                return

    def unreachable(self, first: int, last: int, why: str) -> None:
        if first > last:
            return
        which = f"step {first}" if first == last else f"steps {first} to {last}"
        self.add(self.where.step_line(first), f"{which} can never be reached: {why}")


def _tutor_command(text: str) -> bool:
    """`trace EXPR` and friends in the console: tutor's, unless the line is Python after all."""
    word, _, rest = text.strip().partition(" ")
    if word not in TUTOR_COMMANDS or not rest.strip():
        return False
    try:
        compile(text.strip(), "<console>", "single")
    except SyntaxError:
        return True
    return False
