"""Languages: pick one, translate a lesson from the file beside it, fall back to English string by string.

A translation file holds only the lesson's translatable texts, in the lesson's own shape:
`title`, `summary`, `intro`, `outro` at the top, and `[step.N]` tables with `say`, `after`, and the
features' texts (`predict.ask`, `exercise.hints = [...]`, `cases = ["after of case 1", ...]`).
Which keys those are is read from the schema, never listed here.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from tutor.content.files import NotText, read_text, reason
from tutor.content.languages import LANGUAGES, NAMES, from_locale, pick  # noqa: F401  (their old home)
from tutor.content.lesson import Lesson, TranslationError, shown_as_text  # noqa: F401  (raised here)
from tutor.content.schema import LESSON_FIELDS, TABLE, TABLES, TEXT, TEXTS, Field, step_fields
from tutor.content.texts import Path as TextPath, change_lesson, marked, texts

MISSING = object()


def translation_path(lesson_path: Path, language: str) -> Path:
    """lesson1.toml's translation into zh-TW is lesson1.zh-TW.toml, beside it."""
    return lesson_path.with_name(f"{lesson_path.stem}.{language}.toml")


def read_translation(path: Path) -> dict:
    """The translation's table (empty when there is no file); a broken file is a TranslationError."""
    try:
        text = read_text(path)
    except FileNotFoundError:
        return {}
    except (OSError, NotText) as exc:
        raise TranslationError(f"{path}: cannot read the translation: {reason(exc)}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TranslationError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise TranslationError(f"{path}: not valid TOML: arrays or tables nested too deeply") from None


def translate(lesson: Lesson, language: str) -> Lesson:
    """The lesson with every text its translation has replaced; English where a string is missing."""
    if language == "en":
        return lesson
    table = read_translation(translation_path(lesson.path, language))
    if not table:
        return lesson

    def translated(text: str, path: TextPath) -> str:
        found = lookup(table, path)
        return shown_as_text(found) if usable(found) else text

    return change_lesson(lesson, translated, "translatable")


def missing(lesson: Lesson, language: str) -> list[str]:
    """What a translation lacks, as `step 3: say` lines (nothing for English)."""
    if language == "en":
        return []
    table = read_translation(translation_path(lesson.path, language))
    return [named(path) for path, text in texts(lesson, "translatable") if text and not usable(lookup(table, path))]


def lookup(table: object, path: TextPath) -> object:
    """The translation's text for the lesson's text at `path` (MISSING when it has none)."""
    for part in in_translation(path):
        table = _get(table, part)
    return table


def in_translation(path: TextPath) -> TextPath:
    """Where a text stands in a translation: a list of tables with one translatable text is a list of texts.

    ("step", 1, "cases", 0, "after") → ("step", "1", "cases", 0); ("step", 2, "predict", "ask") is unchanged.
    """
    fields = tuple(LESSON_FIELDS)
    if path[0] == "step":
        fields, out, rest = step_fields(), ["step", str(path[1])], path[2:]
    else:
        out, rest = [], path
    for index, part in enumerate(rest):
        out.append(part)
        if isinstance(part, int):
            continue
        spec = next((f for f in fields if f.key == part), None)
        fields = spec.fields if spec is not None else ()
        if spec is not None and spec.type == TABLES and _one_text(spec) and index + 1 < len(rest):
            return (*out, rest[index + 1])
    return tuple(out)


def _one_text(spec: Field) -> bool:
    return len([f for f in spec.fields if marked(f, "translatable")]) == 1


def _get(table: object, key: object) -> object:
    """table[key] for a dict or a list, MISSING otherwise."""
    if isinstance(table, dict):
        return table.get(key, MISSING)
    if isinstance(table, list) and isinstance(key, int) and 0 <= key < len(table):
        return table[key]
    return MISSING


def named(path: TextPath) -> str:
    """("step", 2, "predict", "ask") → `step 2: predict.ask`; a case's after → `step 1: cases[0]`."""
    where = in_translation(path)
    if where[0] == "step":
        return f"step {where[1]}: {_dotted(where[2:])}"
    return _dotted(where)


def _dotted(path: TextPath) -> str:
    words = ""
    for part in path:
        words += f"[{part}]" if isinstance(part, int) else (f".{part}" if words else part)
    return words


def usable(value: object) -> bool:
    """A usable translated string."""
    return isinstance(value, str) and bool(value.strip())


def check(lesson_path: Path) -> tuple[list[tuple[Path, str]], list[str]]:
    """For `validate`: (problems as (file, message), notes of what each language lacks) of a lesson's translations."""
    from tutor.content.load import load_lesson
    from tutor.content.lesson import LessonError

    try:
        lesson = load_lesson(lesson_path)
    except LessonError:
        return [], []  # the lesson's own problems are reported by the validator
    problems, notes = [], []
    for language in LANGUAGES[1:]:
        path = translation_path(lesson_path, language)
        if not path.is_file():
            continue
        try:
            table = read_translation(path)
        except TranslationError as exc:
            problems.append((path, str(exc).removeprefix(f"{path}: ")))
            continue
        problems += [(path, message) for message in shape(table, len(lesson.steps))]
        gaps = missing(lesson, language)
        if gaps:
            notes.append(f"{path}: {language} lacks {len(gaps)} string(s), shown in English: {', '.join(gaps)}")
    return problems, notes


def shape(table: dict, steps: int) -> list[str]:
    """Keys a translation may not have, values of the wrong type, and steps the lesson does not have."""
    top = {f.key: f for f in LESSON_FIELDS if f.translatable}
    holds = ", ".join(sorted([*top, "step"]))
    found = [f"unknown key {key!r} (a translation holds {holds})" for key in table
             if key not in top and key not in ("step", "format", "lang")]
    found += [f"{key} must be text" for key in top if key in table and not isinstance(table[key], str)]
    entries = table.get("step", {})
    if not isinstance(entries, dict):
        return found + ["[step.N] tables are expected under 'step'"]
    for number, entry in entries.items():
        if not (number.isdigit() and 1 <= int(number) <= steps):
            found.append(f"[step.{number}]: the lesson has steps 1 to {steps}")
        elif not isinstance(entry, dict):
            found.append(f"[step.{number}] must be a table")
        else:
            found += [f"[step.{number}]: {message}" for message in _entry(entry, step_fields(), "")]
    return found


def _entry(entry: dict, fields: tuple[Field, ...], path: str) -> list[str]:
    """What is wrong in one [step.N] table (or a table inside it), by the translatable fields declared."""
    known = {f.key: f for f in fields if marked(f, "translatable")}
    found = []
    for key, value in entry.items():
        spec, dotted = known.get(key), f"{path}{key}"
        if spec is None:
            found.append(f"unknown key {dotted!r}")
        elif spec.type == TEXT and not isinstance(value, str):
            found.append(f"{dotted} must be text")
        elif (spec.type == TEXTS or spec.type == TABLES and _one_text(spec)) and not \
                (isinstance(value, list) and all(isinstance(item, str) for item in value)):
            found.append(f"{dotted} must be a list of text")
        elif spec.type == TABLE:
            found += _entry(value, spec.fields, dotted + ".") if isinstance(value, dict) else [f"{dotted} must be a table"]
    return found
