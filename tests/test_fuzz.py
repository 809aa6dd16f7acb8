"""Fuzzing: lesson files of every shape, and learners who type anything at all.

1. `parse_lesson` raises nothing but LessonError, whatever the text: random text, TOML made from
   the lesson format's own keys (read from the schema) with values of any type, and mutations of
   the packaged lessons (lesson files only).
   Translations have a target of their own: any translation file, made of the translatable keys or
   mutated from a packaged one, translates (changing texts only, never Python) or is one
   TranslationError; `missing` and `validate`'s checks never raise.
2. A Player on a small script, fed random lines (Python-ish, pdb commands, tutor's own commands,
   control characters, Ctrl-C and Ctrl-D) at whatever prompt it shows, ends with one of its
   documented outcomes, and leaves no trace function and no breakpoints behind.

Examples are small and few, so the file runs in seconds; the suite draws the same ones at every run
(tests/conftest.py), and TUTOR_FUZZ_EXAMPLES=N hunts with N fresh random ones per test.
"""
from __future__ import annotations

import atexit
import bdb
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from tests.conftest import ROOT
from tutor.content import schema
from tutor.content.schema import command_kinds
from tutor.content.lesson import LessonError
from tutor.content.load import parse_lesson

BAD = Path(__file__).parent / "fixtures" / "bad"
FILES = sorted((ROOT / "lessons").glob("*.toml"))
PACKAGED = [path.read_text(encoding="utf-8") for path in FILES if "." not in path.stem]  # lessons, not translations
TRANSLATIONS = [path.read_text(encoding="utf-8") for path in FILES if "." in path.stem]
FOLDER = Path(tempfile.mkdtemp(prefix="tutor-fuzz-"))  # translations are read from files beside their lesson
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)
EXAMPLES = int(os.environ.get("TUTOR_FUZZ_EXAMPLES", "100"))  # raise it for a long hunt; the suite keeps it small
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The lesson format's keys, as the schema declares them, by table.
TOP = [f.key for f in schema.LESSON_FIELDS if f.key != "lines"]
STEP = [f.key for f in schema.step_fields() if not f.fields]
TABLE_KEYS = {"lines": ["call", "batch_call", "x"], **{
    f"step.{path}": [sub.key for sub in spec.fields if not sub.fields]
    for path, spec in schema.walk_fields(schema.step_fields()) if spec.fields}}
HEADERS = ["[lines]", "[[step]]", "[step.expect]", "[step.rows]", "[step.predict]", "[step.plot]", "[step.exercise]",
           "[[step.exercise.check]]", "[[step.compare]]", "[[step.cases]]", "[step]", "[[lines]]", "[expect]"]
ALL_KEYS = sorted({*TOP, *STEP, "lines", "step", "cases", "expect", "rows", "predict", "compare", "plot", "exercise",
                   *(k for keys in TABLE_KEYS.values() for k in keys), "pbd", "outptu", "é", "a.b"})


def toml_string(text: str) -> str:
    """A TOML basic string holding `text` (control characters escaped)."""
    out = []
    for character in text:
        if character in '"\\':
            out.append("\\" + character)
        elif ord(character) < 0x20 or ord(character) == 0x7F:
            out.append(f"\\u{ord(character):04x}")
        else:
            out.append(character)
    return '"' + "".join(out) + '"'


def toml_float(value: float) -> str:
    if value != value:
        return "nan"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    return repr(value)


WORDS = st.sampled_from(["b {call}", "l {call-1}", "c", "{x}", "{nope}", "x.shape", "grad", "(2,)", "1e-4", "",
                         "   ", "curve", "arrows", "path", "def f(x):\n    return 2 * x\n", "print('hi')", "[1, 2]",
                         "x = rng.uniform(-1, 1)", "f(x)", "2 * x", "Breakpoint 1 at ", "{call+2}"])
SCALARS = st.one_of(
    st.one_of(WORDS, st.text(max_size=12)).map(toml_string),
    st.integers(-3, 20_000).map(str),
    st.floats().map(toml_float),
    st.booleans().map(lambda b: "true" if b else "false"),
    st.sampled_from(["1979-05-27", "07:32:00", "0x1F", "1_000"]),
)
KEY = st.one_of(st.sampled_from(ALL_KEYS), st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,6}", fullmatch=True))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(KEY, inner, max_size=3).map(
            lambda table: "{ " + ", ".join(f'"{k}" = {v}' for k, v in table.items()) + " }"),
    ),
    max_leaves=6,
)
LINE = st.one_of(
    st.tuples(KEY, VALUES).map(lambda pair: f'"{pair[0]}" = {pair[1]}'),
    st.sampled_from(HEADERS),
    st.text(max_size=15),
)
VALID_START = 'format = 1\nid = "fuzz"\ntitle = "Fuzz"\nscript = "s.py"\n'


TEXT = st.one_of(WORDS, st.text(max_size=10)).map(toml_string)
NAMES = st.sampled_from(["call", "x", "batch_call", "idx", "X", "not a name", ""])


def right_or_wrong(right):
    """Mostly a value of the right shape, sometimes a value of any type."""
    return st.one_of(right, right, right, VALUES)


@st.composite
def tables(draw, keys, right):
    """Lines `key = value` for some of `keys` (and now and then a key the format does not know)."""
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys)))
    if draw(st.integers(0, 9)) == 0:
        chosen.append(draw(KEY))
    return "".join(f'"{key}" = {draw(right_or_wrong(right))}\n' for key in chosen)


@st.composite
def steps(draw) -> str:
    """One [[step]] with its say, zero to two kinds, and some of the optional tables."""
    text = "[[step]]\n"
    if draw(st.integers(0, 5)):
        text += f"say = {draw(right_or_wrong(TEXT))}\n"
    count = draw(st.sampled_from([1, 1, 1, 1, 0, 2]))  # exactly one kind, mostly
    for kind in draw(st.lists(st.sampled_from(["pdb", "python"]), min_size=count, max_size=count, unique=True)):
        text += f"{kind} = {draw(right_or_wrong(TEXT))}\n"
    for key in draw(st.lists(st.sampled_from(["after", "exact", "compare", "cases"]), unique=True, max_size=2)):
        if key in ("compare", "cases"):
            fields = TABLE_KEYS[f"step.{key}"]
            rows = draw(st.lists(st.dictionaries(st.sampled_from(fields), right_or_wrong(TEXT), max_size=3), max_size=2))
            text += f"{key} = [" + ", ".join("{ " + ", ".join(f"{k} = {v}" for k, v in row.items()) + " }"
                                             for row in rows) + "]\n"
        else:
            text += f"{key} = {draw(right_or_wrong(TEXT))}\n"
    for table in draw(st.lists(st.sampled_from(["expect", "rows", "predict", "plot", "exercise"]), unique=True,
                               max_size=2)):
        right = {"expect": st.one_of(TEXT, st.lists(TEXT, max_size=2).map(lambda xs: "[" + ", ".join(xs) + "]")),
                 "rows": NAMES.map(toml_string), "plot": st.one_of(TEXT, st.sampled_from(['"curve"', '"arrows"',
                                                                                         '"path"'])),
                 "exercise": st.one_of(TEXT, st.integers(-1, 20_000).map(str),
                                       st.lists(TEXT, max_size=2).map(lambda xs: "[" + ", ".join(xs) + "]"))
                 }.get(table, TEXT)
        text += f"[step.{table}]\n" + draw(tables(TABLE_KEYS[f"step.{table}"], right))
        if table == "exercise" and draw(st.booleans()):
            text += "[[step.exercise.check]]\n" + draw(tables(TABLE_KEYS["step.exercise.check"], TEXT))
    return text


@st.composite
def schema_documents(draw) -> str:
    """A lesson built from the format's own keys: mostly the right types, sometimes not, now and then a stray line."""
    head = VALID_START.replace("format = 1", "format = " + draw(st.sampled_from(["1"] * 8 + ["2", "true", "1.0"])))
    dropped = draw(st.sampled_from([None] * 8 + [0, 1, 2, 3]))  # now and then a required key is missing
    text = "".join(line for i, line in enumerate(head.splitlines(keepends=True)) if i != dropped)
    if draw(st.booleans()):
        text += draw(tables(["summary", "intro", "outro"], TEXT))
    if draw(st.booleans()):
        names = draw(st.lists(st.sampled_from(["call", "x", "batch_call", "a-b"]), unique=True, max_size=3))
        text += "[lines]\n" + "".join(f'"{n}" = {draw(right_or_wrong(TEXT))}\n' for n in names)
    for _ in range(draw(st.integers(0, 3))):
        text += draw(steps())
    if draw(st.integers(0, 4)) == 0:
        lines = text.splitlines(keepends=True)
        lines.insert(draw(st.integers(0, len(lines))), draw(LINE) + "\n")
        text = "".join(lines)
    return text


MUTATIONS = st.lists(st.tuples(st.sampled_from(["delete", "duplicate", "swap", "replace", "truncate", "insert"]),
                               st.integers(0, 10_000), st.integers(0, 10_000), st.text(max_size=6)),
                     min_size=1, max_size=3)


def mutated(text: str, mutations) -> str:
    """A packaged lesson with lines deleted, doubled, swapped or replaced, cut short, or characters put in."""
    lines = text.splitlines(keepends=True)
    for kind, i, j, extra in mutations:
        if not lines:
            break
        i, j = i % len(lines), j % len(lines)
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "replace":
            lines[i] = extra + "\n"
        elif kind == "truncate":
            joined = "".join(lines)
            lines = joined[:i % (len(joined) + 1)].splitlines(keepends=True)
        else:
            at = j % (len(lines[i]) + 1)
            lines[i] = lines[i][:at] + extra + lines[i][at:]
    return "".join(lines)


def parses_or_says_where(text: str) -> None:
    """A Lesson, or a LessonError naming the file (and a line that exists); nothing else."""
    try:
        lesson = parse_lesson(text, "fuzz.toml")
    except LessonError as exc:
        assert str(exc).startswith("fuzz.toml")
        assert exc.line is None or 1 <= exc.line <= text.count("\n") + 1, (exc.line, str(exc))
        return
    assert lesson.steps and all(step.kind in command_kinds() and step.say.strip() for step in lesson.steps)
    assert [step.number for step in lesson.steps] == list(range(1, len(lesson.steps) + 1))


@FUZZ
@given(st.text(max_size=300))
@example("a = " + "[" * 1500)  # nested deeper than tomllib's recursion can go
@example("a = " + "{b = " * 1500)
def test_any_text_is_a_lesson_or_a_lesson_error(text):
    parses_or_says_where(text)


@FUZZ
@given(schema_documents())
@example('format = 1\nid = "fuzz"\ntitle = "Fuzz"\nscript = "s.py"\n[[step]]\nsay = "\\u001b"\npdb = "c"\n')  # blank on screen
@example('format = 1\nid = "fuzz"\ntitle = "Fuzz"\nscript = "s.py"\n[lines]\n"call" = "0\x85"\n"x" = "0\x85"\n[[step]]\nsay = "b {call}"\n'
         'pdb = ""\n')  # a line break to str.splitlines, not to TOML: the error's line must be the file's
def test_toml_made_of_the_formats_keys_is_a_lesson_or_a_lesson_error(text):
    parses_or_says_where(text)


@FUZZ
@given(st.sampled_from(PACKAGED), MUTATIONS)
def test_mutated_packaged_lessons_are_lessons_or_lesson_errors(text, mutations):
    parses_or_says_where(mutated(text, mutations))


def test_the_packaged_lessons_themselves_parse():
    assert len(PACKAGED) == 9 and len(TRANSLATIONS) == 18  # lessons 1-9, each in zh-TW and nan-TW
    for text in PACKAGED:
        parses_or_says_where(text)
        assert parse_lesson(text, "fuzz.toml").steps


# -- translations of any shape ---------------------------------------------------------------------

TRANSLATED_KEYS = sorted({path.split(".")[-1] for path, spec in schema.walk_fields(schema.step_fields())
                          if spec.translatable} | {"say", "cases", "predict", "exercise", "plot", "python", "é"})


@st.composite
def translation_documents(draw) -> str:
    """A translation made of the translatable keys, values mostly text, sometimes anything."""
    text = draw(tables(["title", "summary", "intro", "outro", "format", "lang"], TEXT))
    for _ in range(draw(st.integers(0, 3))):
        number = draw(st.sampled_from(["1", "2", "3", "17", "0", "x"]))
        text += f"[step.{number}]\n" + draw(tables(TRANSLATED_KEYS, st.one_of(
            TEXT, st.lists(TEXT, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.sampled_from(['{ ask = "a", hint = "h" }', '{ hints = ["", "b"] }', '{ title = 5 }',
                             '{ labels = ["x"] }', '{ solution = "no" }']))))
    return text


def translates_or_says_why(lesson_text: str, translation: str, folder: Path) -> None:
    """A translated lesson whose Python is the English lesson's, or a TranslationError; never anything else."""
    from tutor.content import translate
    from tutor.content.texts import change_lesson

    (folder / "fuzz.toml").write_text(lesson_text, encoding="utf-8")
    (folder / "fuzz.zh-TW.toml").write_text(translation, encoding="utf-8")
    lesson = parse_lesson(lesson_text, folder / "fuzz.toml")
    try:
        translated = translate.translate(lesson, "zh-TW")
        gaps = translate.missing(lesson, "zh-TW")
        problems, notes = translate.check(folder / "fuzz.toml")
    except translate.TranslationError as exc:
        assert str(exc).startswith(str(folder / "fuzz.zh-TW.toml"))
        return
    assert all(isinstance(gap, str) for gap in gaps) and all(isinstance(p, str) for _, _, p in problems)
    untranslated = change_lesson(translated, lambda text, path: "", "translatable")
    assert untranslated == change_lesson(lesson, lambda text, path: "", "translatable")  # only texts changed


@FUZZ
@given(st.sampled_from(PACKAGED), st.one_of(translation_documents(), st.sampled_from(TRANSLATIONS).flatmap(
    lambda text: MUTATIONS.map(lambda mutations: mutated(text, mutations)))))
def test_any_translation_translates_or_is_a_translation_error(lesson_text, translation):
    translates_or_says_why(lesson_text, translation, FOLDER)


# -- a learner who types anything ------------------------------------------------------------------

PYTHONISH = st.sampled_from([
    "values", "values * 2", "square(values)", "result", "total", "np.arange(3)", "1/0", "nope", "values[",
    "values[10]", "def f(): return f()", "f()", "for i in range(2): print(i)", "", "    ", "x = 5", "x",
    "raise ValueError('no')", "import sys; sys.exit(2)", "exit()", "print('x' * 5000)", "lambda: (yield)",
    "[1, 2", "'unterminated", "values.shape", "def g(x):", "    return 2 * x", "double = lambda x: 2 * x",
    "def double(x): return 2 * x", "hint", "solution", "(3,)", "values.shape == (3,)", "{}['k']",
])
PDBISH = st.sampled_from([
    "b 13", "b 8", "b 4", "b 1", "b 999", "b square", "b nosuch", "tbreak 13", "cl 1", "disable 1", "enable 1",
    "condition 1 total > 1", "ignore 1 2", "c", "n", "s", "r", "unt", "unt 9", "j 9", "j 99", "w", "u", "d", "u 9",
    "l", "l 1, 3", "ll", "a", "p values", "pp values", "p", "whatis values", "display total", "undisplay",
    "interact", "q", "help", "help p", "retval", "source square", "contniue", "brek 3", "!values = 0",
    "trace square(values)", "trace", "trace ((", "watch values", "watch", "unwatch values", "unwatch nope",
    "replay", ":back", ":replay", ":jump 3", ":jump 99", ":help", ":quit", ":nonsense", "commands 1", "alias z p 1",
])
CONTROL = st.text(alphabet="\x00\x01\x03\x04\x07\x08\t\x0b\x0c\x1b\x7f[]();:'\"\\ab1", max_size=8)
TYPED = st.one_of(PYTHONISH, PDBISH, CONTROL, st.just(None), st.sampled_from([KeyboardInterrupt, EOFError]))
KEYS = st.lists(st.sampled_from(["right", "left", "enter", "escape", "i", "e", "n", "p", "x", "q", ""]), max_size=4)
OUTCOMES = {"finished", "quit", "exited", "raised"}


class AnyKeys:
    """Types the given lines (None: Enter, taking the offer; an exception class: Ctrl-C or Ctrl-D), then leaves."""

    def __init__(self, lines, keys, limit=300):
        self.lines, self.keys, self.asked, self.limit, self.offers = list(lines), list(keys), 0, limit, 0

    def read(self, prompt, offer, status=None):
        from tutor.model.prompt import LEAVE

        self.asked += 1
        assert self.asked < self.limit, "the player kept asking after the lines ran out"
        if self.lines:
            line = self.lines.pop(0)
            if isinstance(line, type):
                raise line
            if line is not None:
                return line
            if offer is None:
                return ""
            if offer.line is LEAVE:
                raise EOFError
            return offer.line
        self.offers += 1
        if self.offers <= 60 and offer is not None and offer.line is not LEAVE:  # then Enter, Enter...
            return "solution" if offer.line == "hint" else offer.line
        if prompt.kind == "python" or prompt.more:
            raise EOFError  # out of the console, or out of a block
        return "q"

    def read_key(self, hint):
        return self.keys.pop(0) if self.keys else "q"


@settings(max_examples=EXAMPLES * 3 // 5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TYPED, max_size=10), KEYS, st.integers(1, 7))
def test_a_player_fed_anything_ends_with_a_documented_outcome(lines, keys, first):
    from tutor.play.session import Pace, Player
    from tutor.content.locate import read_script
    from tutor.ui.screen import Screen

    lesson = parse_lesson((BAD / "prompts.toml").read_text(), BAD / "prompts.toml")
    keyboard = AnyKeys(lines, keys)
    out = io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO("")  # pdb's `clear` asks on stdin itself: as when it is closed
    try:
        result = Player(lesson, read_script(BAD / "prompts.py"), Screen(Console(file=out, width=80)), keyboard,
                        Pace(first=first)).play()
    finally:
        sys.stdin = stdin
    assert result.outcome.how in OUTCOMES
    assert 0 <= result.ran <= len(lesson.steps) and result.completed == (result.ran == len(lesson.steps))
    assert not result.interrupted  # a learner's Ctrl-C never makes a run "interrupted": that is hands-free only
    assert sys.gettrace() is None and not bdb.Breakpoint.bplist and not any(bdb.Breakpoint.bpbynumber[1:])
