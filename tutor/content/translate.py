"""Languages: pick one, translate a lesson from the file beside it, fall back to English string by string.

A translation file holds only the lesson's translatable texts, in the lesson's own shape:
`title`, `summary`, `course`, `intro`, `outro` at the top, and `[step.N]` tables with `say`, `after`, and the
features' texts (`predict.ask`, `exercise.hints = [...]`, `cases = ["after of case 1", ...]`).
Which keys those are is read from the schema, never listed here.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from tutor.content.files import NotText, read_text, reason
from tutor.content.languages import LANGUAGES, NAMES, from_locale, pick  # noqa: F401  (their old home)
from tutor.content.lesson import LIVE, PLACEHOLDER, Lesson, TranslationError, shown_as_text  # noqa: F401  (raised here)
from tutor.content.locator import toml_lines
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
        from tutor.content.load import toml_error_line, toml_message

        line = toml_error_line(exc)
        raise TranslationError(f"{path}:{line}: not valid TOML: {toml_message(exc)}" if line else
                               f"{path}: not valid TOML: {toml_message(exc)}") from None
    except RecursionError:
        raise TranslationError(f"{path}: not valid TOML: arrays or tables nested too deeply") from None


def translate(lesson: Lesson, language: str) -> Lesson:
    """The lesson with every text its translation has replaced; English where a string is missing."""
    if language == "en":
        return lesson
    file = translation_path(lesson.path, language)
    table = read_translation(file)
    if not table:
        return lesson

    def translated(text: str, path: TextPath) -> str:
        found = lookup(table, path)
        shown = shown_text(found)
        if not shown.strip():
            return text
        for alien in foreign(text, found):  # refused, never run: a translator touches no code
            line = translation_line(read_text(file), in_translation(path))
            where = f"{file}:{line}" if line else f"{file}"
            raise TranslationError(f"{where}: {named(path)}: {alien}")
        return shown

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
    """A list of tables translated as a list of text: each table holds one translatable text."""
    return spec.one_text or len([f for f in spec.fields if marked(f, "translatable")]) == 1


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


def shown_text(value: object) -> str:
    """What a translated value shows: its text without escapes, "" for anything but a string."""
    return shown_as_text(value) if isinstance(value, str) else ""


def usable(value: object) -> bool:
    """A translated string that shows something (one made only of escape sequences shows nothing)."""
    return bool(shown_text(value).strip())


def check(lesson_path: Path) -> tuple[list[tuple[Path, int | None, str]], list[str]]:
    """For `validate`: a lesson's translations' problems as (file, line, message), and notes of what each lacks."""
    from tutor.content.load import load_lesson
    from tutor.content.lesson import LessonError

    try:
        lesson = load_lesson(lesson_path)
    except LessonError:
        return [], []  # the lesson's own problems are reported by the validator
    problems, notes = [], []
    for language in LANGUAGES[1:]:
        path = translation_path(lesson_path, language)
        if not path.exists():
            continue
        try:
            table, text = read_translation(path), read_text(path)
        except TranslationError as exc:
            where = re.match(rf"{re.escape(str(path))}(?::(\d+))?: ", str(exc))
            problems.append((path, int(where.group(1)) if where and where.group(1) else None,
                             str(exc)[where.end():] if where else str(exc)))
            continue
        found = shape(table, len(lesson.steps)) + texts_problems(lesson, table)
        problems += sorted(((path, translation_line(text, where), message) for where, message in found),
                           key=lambda problem: problem[1] or 0)
        gaps = missing(lesson, language)
        if gaps:
            notes.append(f"{path}: {language} lacks {len(gaps)} string(s), shown in English: {', '.join(gaps)}")
    return problems, notes


def texts_problems(lesson: Lesson, table: dict) -> list[tuple[TextPath, str]]:
    """Each translated text's expressions that the English text lacks, and its {names} that [lines] lacks."""
    found = []
    for path, english in texts(lesson, "translatable"):
        text = lookup(table, path)
        if not usable(text):
            continue
        found += [(in_translation(path), f"{named(path)}: {alien}") for alien in foreign(english, text)]
        found += [(in_translation(path), f"{named(path)}: {{{name}}} is not a name in [lines]")
                  for name, _ in PLACEHOLDER.findall(text) if name not in lesson.lines]
    return found


def foreign(english: str, translated: str) -> list[str]:
    """Why each {=expr} of a translated text is refused: a translation holds texts, and only moves the English one's."""
    allowed = {expression.strip() for expression in LIVE.findall(english)}
    return [f"{{={expression}}} is not in the English text; a translation may only use the English text's "
            "{=...} expressions (it holds texts, never code)"
            for expression in LIVE.findall(translated) if expression.strip() not in allowed]


def translation_line(text: str, where: TextPath) -> int | None:
    """The line of a translation that holds `where` (("title",), ("step", "2", "predict", "ask")), if it is found."""
    lines = toml_lines(text)
    is_step = len(where) > 1 and where[0] == "step"
    header = re.compile(rf'^\s*\[\s*step\s*\.\s*"?{re.escape(str(where[1]))}"?\s*[\].]') if is_step else None
    start = next((i for i, line in enumerate(lines) if header.match(line)), None) if is_step else 0
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^\s*\[", lines[i])
                and not (header and header.match(lines[i]))), len(lines))
    keys = [part for part in where[2 if is_step else 0:] if isinstance(part, str)]
    if keys:
        key = re.compile(rf'(^|[{{,.\s])"?{re.escape(keys[-1])}"?\s*=')
        found = next((i for i in range(start, end) if key.search(lines[i])), None)
        if found is not None:
            return found + 1
    return start + 1 if is_step else None


def shape(table: dict, steps: int) -> list[tuple[TextPath, str]]:
    """Keys a translation may not have, values of the wrong type, and steps the lesson does not have (each where)."""
    top = {f.key: f for f in LESSON_FIELDS if marked(f, "translatable")}
    holds = ", ".join(sorted([*top, "step"]))
    found = [((key,), f"unknown key {key!r} (a translation holds {holds})") for key in table
             if key not in top and key not in ("step", "format", "lang")]
    found += [((key,), f"{key} must be text") for key, spec in top.items()
              if key in table and spec.type == TEXT and not isinstance(table[key], str)]
    found += [((key,), f"{key} must be a list of text") for key, spec in top.items() if key in table
              and spec.type == TABLES and not (isinstance(table[key], list) and all(isinstance(item, str)
                                                                                   for item in table[key]))]
    entries = table.get("step", {})
    if not isinstance(entries, dict):
        return found + [(("step",), "[step.N] tables are expected under 'step'")]
    for number, entry in entries.items():
        where = ("step", number)
        if not (number.isdigit() and 1 <= int(number) <= steps):
            found.append((where, f"[step.{number}]: the lesson has steps 1 to {steps}"))
        elif not isinstance(entry, dict):
            found.append((where, f"[step.{number}] must be a table"))
        else:
            found += [((*where, *keys), f"[step.{number}]: {message}")
                      for keys, message in _entry(entry, step_fields(), ())]
    return found


def _entry(entry: dict, fields: tuple[Field, ...], path: tuple) -> list[tuple[tuple, str]]:
    """What is wrong in one [step.N] table (or a table inside it), by the translatable fields declared."""
    known = {f.key: f for f in fields if marked(f, "translatable")}
    found = []
    for key, value in entry.items():
        spec, keys = known.get(key), (*path, key)
        dotted = ".".join(keys)
        if spec is None:
            found.append((keys, f"unknown key {dotted!r}"))
        elif spec.type == TEXT and not isinstance(value, str):
            found.append((keys, f"{dotted} must be text"))
        elif (spec.type == TEXTS or spec.type == TABLES and _one_text(spec)) and not \
                (isinstance(value, list) and all(isinstance(item, str) for item in value)):
            found.append((keys, f"{dotted} must be a list of text"))
        elif spec.type == TABLE:
            found += _entry(value, spec.fields, keys) if isinstance(value, dict) else \
                [(keys, f"{dotted} must be a table")]
    return found
