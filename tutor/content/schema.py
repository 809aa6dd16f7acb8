"""The one declaration of every lesson and step field: loading, validating, translating and filling all walk it.

A field says its type, whether it is required, whether it is translatable text, whether it is Python
to compile (and how), and whether it may hold {line} placeholders. The lesson's own fields are
declared here; each step feature adds its fields with `register` (tutor/play/features/ does, when it
is imported), so content never imports the features that extend it.
"""
from __future__ import annotations

from typing import Callable, Iterator

from tutor.model.record import Record

TEXT = "text"  # a string (non-empty when required)
NAME = "name"  # a Python identifier
NUMBER = "number"  # an int or float >= 0
COUNT = "count"  # a whole number in `bounds`
TEXTS = "texts"  # a list of strings
EXPRESSIONS = "expressions"  # one expression, or a non-empty list of them
CHOICE = "choice"  # one of `choices`
TABLE = "table"  # a table of `fields`
TABLES = "tables"  # a list of tables of `fields`
LINE = "line"  # a name of [lines]
LINES = "lines"  # [lines]: names mapped to non-empty text patterns, or to {file, text} tables
SOURCE = "source"  # a non-empty text looked for in the script played: a case holds when a line contains it
VERSION = "version"  # the file format's number

Rule = Callable[[dict, "int | None"], "tuple[str | None, str] | None"]  # a table's own rule: (key, message)


class Field(Record):
    """One key of a lesson file, declared once."""

    key: str
    type: str
    required: bool = False
    translatable: bool = False  # a translation file may replace it
    lines: bool = False  # may hold {name} placeholders, filled with line numbers
    compiles: str = ""  # "eval", "exec" or "single": Python that must compile as such
    fields: tuple["Field", ...] = ()  # of a table, or of each table of a list
    default: object = None
    bad: str = ""  # the message when the value has the wrong shape ("" for the type's own)
    choices: tuple[str, ...] = ()
    bounds: tuple[int, int] = (0, 0)
    rule: Rule | None = None  # a rule over the whole table, after its fields are checked
    build: Callable[..., object] | None = None  # a table's fields -> the object a lesson holds
    command: str = ""  # a step field that is the step's command: the prompt kind it is typed at
    one_text: bool = False  # a list of tables each holding one of its translatable texts: translated as a list of text
    doc: str = ""  # one line for the reference in docs/lessons.md


FORMAT_VERSION = 1

EXPECT = Field("expect", TABLE, bad="expect must be a table", default=None, doc="what a rehearsal checks", fields=(
    Field("output", TEXTS, lines=True, default=(), doc="substrings the step's output must contain"),
    Field("line", LINE, default=None, doc="a [lines] name the program must stop at"),
    Field("function", TEXT, default=None, bad="expect.function must be a string", doc="the function it must stop in"),
    Field("true", TEXTS, compiles="eval", default=(), doc="expressions that must hold in the paused frame"),
))

def one_of(*keys: str) -> Rule:
    """A case's rule: exactly one of the texts `keys` (a translation then gives one text per case)."""
    def rule(table: dict, number: int | None) -> tuple[str | None, str] | None:
        if sum(bool(table[key]) for key in keys) != 1:
            return None, f"a case holds exactly one of {' or '.join(keys)}"
        return None

    return rule


class LessonCase(Record):
    """An intro or outro for the scripts that have a line containing `has` (the first such case wins)."""

    has: str
    intro: str = ""
    outro: str = ""


LESSON_CASES = Field("cases", TABLES, default=(), build=LessonCase, one_text=True, rule=one_of("intro", "outro"),
                     bad="cases must be a list of tables with has and one of intro or outro",
                     doc="an intro or outro for the versions of the script that have a line containing `has`",
                     fields=(Field("has", SOURCE, required=True, doc="a text a line of the script contains"),
                             Field("intro", TEXT, translatable=True, lines=True, default="", doc="the intro then"),
                             Field("outro", TEXT, translatable=True, lines=True, default="", doc="the outro then")))

LESSON_FIELDS: list[Field] = [
    Field("format", VERSION, required=True, doc=f"the file format: {FORMAT_VERSION}"),
    Field("id", TEXT, required=True, doc="the lesson's name, the file's name without .toml"),
    Field("title", TEXT, required=True, translatable=True, doc="one line"),
    Field("script", TEXT, required=True, doc="the script beside the lesson that it runs"),
    Field("lines", LINES, default={}, doc="names for lines of the script: a text each line is found by, or "
          "`{ file = \"module.py\", text = \"...\" }` for a line of a file beside the script"),
    Field("summary", TEXT, translatable=True, lines=True, default="", doc="one line for the list"),
    Field("course", TEXT, translatable=True, default="", doc="the course it belongs to: the heading the list "
          "shows above it"),
    Field("intro", TEXT, translatable=True, lines=True, default="", doc="shown before the first step"),
    Field("outro", TEXT, translatable=True, lines=True, default="", doc="shown after the last step"),
    LESSON_CASES,
]

STEP_FIELDS: list[Field] = [
    Field("say", TEXT, required=True, translatable=True, lines=True, doc="the narration"),
    Field("pdb", TEXT, lines=True, command="pdb", doc="a line typed at (Pdb)"),
    Field("python", TEXT, command="python", compiles="single", doc="a line typed in the console"),
    Field("after", TEXT, translatable=True, lines=True, default="", doc="shown once the command has run"),
    EXPECT,
]

STEP = Field("step", TABLES, required=True, fields=(), doc="the steps, in order")  # fields: step_fields()


def step_fields() -> tuple[Field, ...]:
    """Every field a step may have: the core ones, then the features' (in the order they registered)."""
    return tuple(STEP_FIELDS)


def lesson_fields() -> tuple[Field, ...]:
    """Every top-level field, [[step]] last."""
    return (*LESSON_FIELDS, STEP)


def command_kinds() -> tuple[str, ...]:
    """The step fields that are a step's command (exactly one per step)."""
    return tuple(f.key for f in STEP_FIELDS if f.command)


CORE_STEP_KEYS = frozenset(f.key for f in STEP_FIELDS)


def features_registered() -> bool:
    """Whether any step feature has added its fields (importing tutor.play.features does)."""
    return len(STEP_FIELDS) > len(CORE_STEP_KEYS)


def register(*fields: Field) -> None:
    """A step feature adds its fields (a key may be declared once)."""
    for new in fields:
        if any(f.key == new.key for f in STEP_FIELDS):
            raise ValueError(f"step field {new.key!r} is declared twice")
        STEP_FIELDS.append(new)


def unregister(*keys: str) -> None:
    """Take a feature's fields out again (tests that add a feature of their own)."""
    STEP_FIELDS[:] = [f for f in STEP_FIELDS if f.key not in keys or f.key in CORE_STEP_KEYS]


def walk_fields(fields: tuple[Field, ...], path: str = "") -> Iterator[tuple[str, Field]]:
    """Every field below `fields` with its dotted path (`predict.ask`, `cases.after`)."""
    for item in fields:
        dotted = f"{path}{item.key}"
        yield dotted, item
        yield from walk_fields(item.fields, dotted + ".")
