"""Lessons as data: load a TOML lesson, check it, and report problems as file:line."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

FORMAT_VERSION = 1
STEP_KINDS = ("pdb", "python", "exercise")
_TOP_KEYS = {"format", "id", "title", "summary", "script", "intro", "outro", "lines", "step"}
_STEP_KEYS = {"say", "pdb", "python", "exercise", "after", "cases", "expect", "rows", "exact", "predict", "compare",
              "plot"}
_EXPECT_KEYS = {"output", "line", "function", "true"}
_ROWS_KEYS = {"array", "index", "item"}
_PREDICT_KEYS = {"ask", "expression", "answer", "hint"}
_COMPARE_KEYS = {"got", "want", "tolerance"}
_PLOT_KEYS = {"kind", "title", "x", "y", "labels", "u", "v"}
PLOT_KINDS = ("curve", "arrows", "path")
_EXERCISE_KEYS = {"define", "given", "check", "trials", "hints", "solution"}
_PROPERTY_KEYS = {"got", "want", "tolerance", "holds"}


class LessonError(Exception):
    """A lesson file that cannot be used, with where the problem is."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line, self.message = Path(path), line, message
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Expect:
    """What a rehearsal checks after a step; never shown as output."""

    output: tuple[str, ...] = ()
    line: str | None = None
    function: str | None = None
    true: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowsView:
    """Ask for the row-split view: which array is enumerated, by which index, into which item."""

    array: str
    index: str
    item: str


@dataclass(frozen=True)
class Predict:
    """A question answered before the step's result is shown, checked against the live frame."""

    ask: str
    expression: str  # evaluated in the frame once the command has run: the truth
    answer: str  # what --auto types: an expression or a literal
    hint: str


@dataclass(frozen=True)
class Compare:
    """Two arrays of the paused frame to compare cell by cell after the step."""

    got: str
    want: str
    tolerance: float = 1e-6


@dataclass(frozen=True)
class PlotSpec:
    """A plot drawn from the paused frame after the step: each field is an expression, evaluated live."""

    kind: str  # curve (x against each y), arrows (u, v at x, y) or path (x, y in order)
    x: str
    y: tuple[str, ...]
    labels: tuple[str, ...] = ()
    u: str = ""
    v: str = ""
    title: str = ""


@dataclass(frozen=True)
class Property:
    """One property an exercise's code must have: `got` close to `want`, or `holds` true."""

    got: str = ""
    want: str = ""
    tolerance: float = 1e-6
    holds: str = ""


@dataclass(frozen=True)
class Exercise:
    """Code the learner writes in the console, checked on fresh random inputs; hints one at a time."""

    define: str  # the name the learner's code defines
    given: str  # Python run before each trial, with `rng` and `np`: makes the random inputs
    check: tuple[Property, ...]
    hints: tuple[str, ...]
    solution: str  # what --auto types; kept with the lesson
    trials: int = 20


@dataclass(frozen=True)
class Case:
    """An `after` text for when an expression holds in the paused frame (the first that holds wins)."""

    when: str
    after: str


@dataclass(frozen=True)
class Step:
    """One thing to type, with the sentence that explains it."""

    number: int
    line: int
    say: str
    kind: str
    command: str
    after: str = ""
    expect: Expect = field(default_factory=Expect)
    rows: RowsView | None = None
    exact: str = ""  # for a traced central difference: the exact derivative over the pass's scalars
    predict: Predict | None = None
    compare: tuple[Compare, ...] = ()
    cases: tuple[Case, ...] = ()
    plot: PlotSpec | None = None
    exercise: Exercise | None = None


@dataclass(frozen=True)
class Lesson:
    """A whole lesson as loaded from its file."""

    path: Path
    id: str
    title: str
    summary: str
    script: str
    lines: dict[str, str]
    steps: tuple[Step, ...]
    intro: str = ""
    outro: str = ""


def load_lesson(path: Path | str) -> Lesson:
    """Read and validate one lesson file, or raise LessonError naming file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LessonError(path, None, f"cannot read the lesson: {exc.strerror or exc}") from None
    return parse_lesson(text, path)


def parse_lesson(text: str, path: Path | str = "<lesson>") -> Lesson:
    """Turn the text of a lesson into a Lesson, checking every key."""
    path = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonError(path, _toml_error_line(exc), f"not valid TOML: {_toml_message(exc)}") from None
    except RecursionError:  # tomllib recurses once per nested [ or {
        raise LessonError(path, None, "not valid TOML: arrays or tables nested too deeply") from None
    where = _Locator(text, path)
    _check_format(data.get("format"), where)
    _check_keys(data, _TOP_KEYS, where, None, "the lesson")
    for key in ("id", "title", "script"):
        _require_str(data, key, where, None)
    lines = data.get("lines", {})
    if not isinstance(lines, dict) or not all(isinstance(v, str) and v.strip() for v in lines.values()):
        raise where.error(None, "lines", "[lines] maps names to non-empty text patterns")
    for key in ("summary", "intro", "outro"):
        _optional_str(data, key, where, None)
        _check_placeholders(data.get(key, ""), lines, where, None, key)
    raw_steps = data.get("step", [])
    if not isinstance(raw_steps, list) or not raw_steps:
        raise where.error(None, None, "a lesson needs at least one [[step]]")
    steps = tuple(_parse_step(raw, n, where, lines) for n, raw in enumerate(raw_steps, start=1))
    return Lesson(path=path, id=data["id"], title=data["title"], summary=data.get("summary", ""),
                  script=data["script"], lines=dict(lines), steps=steps,
                  intro=data.get("intro", ""), outro=data.get("outro", ""))


def _check_format(version: object, where: "_Locator") -> None:
    """Refuse any format but this one, telling a newer file from a broken one."""
    if type(version) is int and version == FORMAT_VERSION:
        return
    newer = type(version) is int and version > FORMAT_VERSION
    hint = " (a newer tutor wrote it; upgrade tutor)" if newer else ""
    raise where.error(None, "format", f"format must be {FORMAT_VERSION}, found {version!r}{hint}")


def _parse_step(raw: object, number: int, where: "_Locator", lines: dict[str, str]) -> Step:
    """Check one [[step]] table and build its Step."""
    if not isinstance(raw, dict):
        raise where.error(number, None, "a step must be a table")
    _check_keys(raw, _STEP_KEYS, where, number, f"step {number}")
    kinds = [k for k in STEP_KINDS if k in raw]
    if len(kinds) != 1:
        raise where.error(number, None, f"step {number} needs exactly one of 'pdb', 'python' or 'exercise'")
    kind = kinds[0]
    exercise = _parse_exercise(raw["exercise"], number, where) if kind == "exercise" else None
    if exercise is None:
        _require_str(raw, kind, where, number)
    _require_str(raw, "say", where, number)
    _optional_str(raw, "after", where, number)
    _optional_str(raw, "exact", where, number)
    expect = _parse_expect(raw.get("expect", {}), number, where, lines)
    rows = _parse_rows(raw.get("rows"), number, where)
    for key in ("say", "after", "pdb"):
        _check_placeholders(raw.get(key, ""), lines, where, number, key)
    return Step(number=number, line=where.step_line(number), say=raw["say"], kind=kind,
                command=exercise.solution if exercise else raw[kind], plot=_parse_plot(raw.get("plot"), number, where),
                exercise=exercise, after=str(raw.get("after", "")), expect=expect, rows=rows,
                exact=raw.get("exact", ""), predict=_parse_predict(raw.get("predict"), number, where),
                compare=_parse_compare(raw.get("compare", []), number, where),
                cases=_parse_cases(raw.get("cases", []), number, where, lines))


def _parse_cases(raw: object, number: int, where: "_Locator", lines: dict) -> tuple[Case, ...]:
    """Check a step's cases: a list of tables with `when` (Python) and `after` (text)."""
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise where.error(number, "cases", "cases must be a list of tables with when and after")
    found = []
    for item in raw:
        _check_keys(item, {"when", "after"}, where, number, f"step {number}'s cases")
        _require_str(item, "when", where, number)
        _require_str(item, "after", where, number)
        _check_placeholders(item["after"], lines, where, number, "after")
        found.append(Case(when=item["when"], after=item["after"]))
    return tuple(found)


def _parse_predict(raw: object, number: int, where: "_Locator") -> Predict | None:
    """Check a step's predict table: the question, the truth, the auto answer, the hint."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise where.error(number, "predict", "predict must be a table with ask, expression, answer and hint")
    _check_keys(raw, _PREDICT_KEYS, where, number, f"step {number}'s predict")
    for key in sorted(_PREDICT_KEYS):
        _require_str(raw, key, where, number)
    return Predict(ask=raw["ask"], expression=raw["expression"], answer=raw["answer"], hint=raw["hint"])


def _parse_plot(raw: object, number: int, where: "_Locator") -> PlotSpec | None:
    """Check a step's plot table: a kind and the expressions that give its data."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise where.error(number, "plot", "plot must be a table with kind, x and y")
    _check_keys(raw, _PLOT_KEYS, where, number, f"step {number}'s plot")
    if raw.get("kind") not in PLOT_KINDS:
        kinds = ", ".join(PLOT_KINDS)
        raise where.error(number, "kind", f"plot.kind must be one of {kinds}, found {raw.get('kind')!r}")
    for key in ("x",) + (("u", "v") if raw["kind"] == "arrows" else ()):
        _require_str(raw, key, where, number)
    _optional_str(raw, "title", where, number)
    ys = [raw["y"]] if isinstance(raw.get("y"), str) else raw.get("y")
    if not (isinstance(ys, list) and ys and all(isinstance(y, str) and y.strip() for y in ys)):
        raise where.error(number, "y", "plot.y must be an expression or a list of expressions")
    if raw["kind"] != "curve" and len(ys) != 1:
        raise where.error(number, "y", f"a {raw['kind']} plot takes one y expression")
    labels = raw.get("labels", [])
    if not (isinstance(labels, list) and all(isinstance(label, str) for label in labels)) or len(labels) > len(ys):
        raise where.error(number, "labels", "plot.labels must be a list of text, at most one per y")
    return PlotSpec(kind=raw["kind"], x=raw["x"], y=tuple(ys), labels=tuple(labels), u=raw.get("u", ""),
                    v=raw.get("v", ""), title=raw.get("title", ""))


def _parse_exercise(raw: object, number: int, where: "_Locator") -> Exercise:
    """Check a step's exercise table: the name to define, the random inputs, the properties, hints, a solution."""
    if not isinstance(raw, dict):
        raise where.error(number, "exercise", "exercise must be a table with define, given, check, hints, solution")
    _check_keys(raw, _EXERCISE_KEYS, where, number, f"step {number}'s exercise")
    for key in ("define", "solution"):
        _require_str(raw, key, where, number)
    if not raw["define"].isidentifier():
        raise where.error(number, "define", "exercise.define must be a Python name")
    _optional_str(raw, "given", where, number)
    hints = raw.get("hints", [])
    if not (isinstance(hints, list) and all(isinstance(h, str) and h.strip() for h in hints)):
        raise where.error(number, "hints", "exercise.hints must be a list of text")
    trials = raw.get("trials", 20)
    if type(trials) is not int or not 1 <= trials <= 10_000:
        raise where.error(number, "trials", "exercise.trials must be a whole number from 1 to 10000")
    check = _parse_properties(raw.get("check"), number, where)
    return Exercise(define=raw["define"], given=raw.get("given", ""), check=check,
                    hints=tuple(hints), solution=raw["solution"].strip("\n") + "\n", trials=trials)


def _parse_properties(raw: object, number: int, where: "_Locator") -> tuple[Property, ...]:
    """Each property is {got, want, tolerance} or {holds}; an exercise needs at least one."""
    if not (isinstance(raw, list) and raw and all(isinstance(item, dict) for item in raw)):
        raise where.error(number, "check", "exercise.check must be a list of tables, each {got, want} or {holds}")
    found = []
    for item in raw:
        _check_keys(item, _PROPERTY_KEYS, where, number, f"step {number}'s exercise.check")
        if ("holds" in item) == ("got" in item or "want" in item):
            raise where.error(number, "check", "each exercise.check needs either got and want, or holds")
        for key in ("holds",) if "holds" in item else ("got", "want"):
            _require_str(item, key, where, number)
        tolerance = item.get("tolerance", 1e-6)
        if not isinstance(tolerance, (int, float)) or isinstance(tolerance, bool) or tolerance < 0:
            raise where.error(number, "tolerance", "exercise.check tolerance must be a number >= 0")
        found.append(Property(got=item.get("got", ""), want=item.get("want", ""), tolerance=float(tolerance),
                              holds=item.get("holds", "")))
    return tuple(found)


def _parse_compare(raw: object, number: int, where: "_Locator") -> tuple[Compare, ...]:
    """Check a step's compare list: pairs of array names."""
    if not isinstance(raw, list):
        raise where.error(number, "compare", "compare must be a list of tables with got and want")
    pairs = []
    for item in raw:
        if not isinstance(item, dict):
            raise where.error(number, "compare", "compare must be a list of tables with got and want")
        _check_keys(item, _COMPARE_KEYS, where, number, f"step {number}'s compare")
        _require_str(item, "got", where, number)
        _require_str(item, "want", where, number)
        tolerance = item.get("tolerance", 1e-6)
        if not isinstance(tolerance, (int, float)) or isinstance(tolerance, bool) or tolerance < 0:
            raise where.error(number, "tolerance", "compare.tolerance must be a number >= 0")
        pairs.append(Compare(got=item["got"], want=item["want"], tolerance=float(tolerance)))
    return tuple(pairs)


def _parse_expect(raw: object, number: int, where: "_Locator", lines: dict[str, str]) -> Expect:
    """Check a step's expect table."""
    if not isinstance(raw, dict):
        raise where.error(number, "expect", "expect must be a table")
    _check_keys(raw, _EXPECT_KEYS, where, number, f"step {number}'s expect")
    for key in ("output", "true"):
        value = raw.get(key, [])
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise where.error(number, key, f"expect.{key} must be a list of strings")
    for item in raw.get("output", []):
        _check_placeholders(item, lines, where, number, "output")
    for key in ("line", "function"):
        if key in raw and not isinstance(raw[key], str):
            raise where.error(number, key, f"expect.{key} must be a string")
    if "line" in raw and raw["line"] not in lines:
        raise where.error(number, "line", f"expect.line names {raw['line']!r}, which is not in [lines]")
    return Expect(output=tuple(raw.get("output", ())), line=raw.get("line"),
                  function=raw.get("function"), true=tuple(raw.get("true", ())))


def _parse_rows(raw: object, number: int, where: "_Locator") -> RowsView | None:
    """Check a step's rows table (the row-split view)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise where.error(number, "rows", "rows must be a table with array, index and item")
    _check_keys(raw, _ROWS_KEYS, where, number, f"step {number}'s rows")
    for key in sorted(_ROWS_KEYS):
        if not (isinstance(raw.get(key), str) and raw[key].isidentifier()):
            raise where.error(number, key, f"rows.{key} must be a variable name")
    return RowsView(array=raw["array"], index=raw["index"], item=raw["item"])


PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)([+-]\d+)?\}")


def _check_placeholders(text: str, lines: dict, where: "_Locator", number: int | None, key: str) -> None:
    """Refuse a {name} that is not a line name (Python lines and expressions are never filled)."""
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) not in lines:
            raise where.error(number, key, f"{{{match.group(1)}}} is not a name in [lines]")


def _check_keys(table: dict, allowed: set[str], where: "_Locator", number: int | None, what: str) -> None:
    """Reject unknown keys, suggesting the closest allowed one."""
    for key in table:
        if key not in allowed:
            import difflib  # only for an unknown key: not loaded at start

            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise where.error(number, key, f"unknown key {key!r} in {what}{hint}")


def _require_str(table: dict, key: str, where: "_Locator", number: int | None) -> None:
    """A key that must be present as a non-empty string."""
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        owner = f"step {number}" if number else "the lesson"
        raise where.error(number, key if key in table else None, f"{owner} needs '{key}' as non-empty text")


def _optional_str(table: dict, key: str, where: "_Locator", number: int | None) -> None:
    """A key that may be absent but, when present, must be text."""
    if key in table and not isinstance(table[key], str):
        raise where.error(number, key, f"'{key}' must be text")


def _toml_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    """The line tomllib reports, across Python versions."""
    line = getattr(exc, "lineno", None)
    if line:
        return line
    found = re.search(r"at line (\d+)", str(exc))
    return int(found.group(1)) if found else None


def _toml_message(exc: tomllib.TOMLDecodeError) -> str:
    """tomllib's message without its own position suffix."""
    return getattr(exc, "msg", None) or re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))


class _Locator:
    """Finds the line of a step or key in the lesson text, for error messages."""

    def __init__(self, text: str, path: Path):
        self.lines, self.path = text.splitlines(), path
        header = re.compile(r"^\s*\[\[\s*step\s*\]\]\s*(#.*)?$")
        self.headers = [i + 1 for i, line in enumerate(self.lines) if header.match(line)]

    def step_line(self, number: int) -> int:
        """Line of the Nth [[step]] header (1 when it cannot be found)."""
        return self.headers[number - 1] if 0 < number <= len(self.headers) else 1

    def key_line(self, number: int | None, key: str | None) -> int | None:
        """Line where key is written, inside step `number` or before the first step."""
        start = self.step_line(number) if number else 1
        end = self.headers[number] if number and number < len(self.headers) else (
            len(self.lines) + 1 if number else (self.headers[0] if self.headers else len(self.lines) + 1))
        if key:
            pattern = re.compile(rf"^\s*([\w.]*\.)?{re.escape(key)}\s*=|^\s*\[[\w.]*{re.escape(key)}\]")
            for index in range(start - 1, end - 1):
                if pattern.search(self.lines[index]):
                    return index + 1
        return start if number else None

    def error(self, number: int | None, key: str | None, message: str) -> LessonError:
        """A LessonError placed at the step or key."""
        return LessonError(self.path, self.key_line(number, key), message)


def fill(text: str, numbers: dict[str, int]) -> str:
    """Replace {name} and {name+N} by the line numbers resolved for this run."""
    def number(match: re.Match) -> str:
        name, offset = match.group(1), match.group(2)
        if name not in numbers:
            return match.group(0)
        return str(numbers[name] + int(offset or 0))

    return PLACEHOLDER.sub(number, text)
