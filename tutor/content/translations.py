"""What `validate` says of a lesson's translations: files that cannot be used (problems) and what each lacks."""
from __future__ import annotations

from pathlib import Path

from tutor.content import translate as i18n
from tutor.content.lesson import Lesson, LessonError, load_lesson

_TOP = {*i18n.TEXTS, "step"}


def translation_files(lesson_path: Path) -> dict[str, Path]:
    """The translation files beside a lesson, by language."""
    return {lang: path for lang in i18n.LANGUAGES[1:]
            if (path := i18n.translation_path(lesson_path, lang)).is_file()}


def check(lesson_path: Path) -> tuple[list[tuple[Path, str]], list[str]]:
    """(problems as (file, message), notes) for a lesson's translations: broken files, unknown keys or steps;
    and what each lacks."""
    try:
        lesson = load_lesson(lesson_path)
    except LessonError:
        return [], []  # the lesson's own problems are reported by the validator
    problems, notes = [], []
    for language, path in translation_files(lesson_path).items():
        try:
            table = i18n.read_translation(path)
        except i18n.TranslationError as exc:
            problems.append((path, str(exc).removeprefix(f"{path}: ")))
            continue
        problems += _shape(table, lesson, path)
        gaps = i18n.missing(lesson, language)
        if gaps:
            notes.append(f"{path}: {language} lacks {len(gaps)} string(s), shown in English: {', '.join(gaps)}")
    return problems, notes


def _shape(table: dict, lesson: Lesson, path: Path) -> list[tuple[Path, str]]:
    """Keys a translation may not have, and steps the lesson does not have."""
    found = [f"unknown key {key!r} (a translation holds {', '.join(sorted(_TOP))})"
             for key in table if key not in _TOP and key not in ("format", "lang")]
    steps = table.get("step", {})
    if not isinstance(steps, dict):
        found.append("[step.N] tables are expected under 'step'")
        steps = {}
    for number, entry in steps.items():
        if not (number.isdigit() and 1 <= int(number) <= len(lesson.steps)):
            found.append(f"[step.{number}]: the lesson has steps 1 to {len(lesson.steps)}")
        elif isinstance(entry, dict):
            found += [f"[step.{number}]: unknown key {key!r}" for key in entry if key not in i18n.STEP_TEXTS]
    return [(path, message) for message in found]
