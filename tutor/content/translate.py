"""Languages: pick one, translate a lesson from the file beside it, fall back to English string by string."""
from __future__ import annotations

import dataclasses
import os
import tomllib
from pathlib import Path
from typing import Mapping

from tutor.content.lesson import Case, Lesson, Step

LANGUAGES = ("en", "zh-TW", "nan-TW")
NAMES = {"en": "English", "zh-TW": "華語 (Mandarin, Taiwan)", "nan-TW": "台語 (Taiwanese Hokkien)"}
TEXTS = ("title", "summary", "intro", "outro")  # a translation's top-level texts
STEP_TEXTS = ("say", "after", "cases", "predict", "exercise", "plot")  # what a [step.N] table may hold


class TranslationError(Exception):
    """A translation file that cannot be read, with where the problem is."""


def pick(option: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """--lang if given, else the first of LC_ALL, LC_MESSAGES, LANG that names a language tutor has; else en."""
    if option:
        return option
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return from_locale(value)
    return "en"


def from_locale(value: str) -> str:
    """zh_TW.UTF-8 → zh-TW, nan_TW → nan-TW, anything else → en (C and POSIX too)."""
    code = value.split(".")[0].split("@")[0].replace("_", "-")
    for language in LANGUAGES:
        if code.lower() == language.lower():
            return language
    return "zh-TW" if code.lower() in ("zh-hant", "zh-hant-tw") else "en"


def translation_path(lesson_path: Path, language: str) -> Path:
    """lesson1.toml's translation into zh-TW is lesson1.zh-TW.toml, beside it."""
    return lesson_path.with_name(f"{lesson_path.stem}.{language}.toml")


def read_translation(path: Path) -> dict:
    """The translation's table (empty when there is no file); a broken file is a TranslationError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise TranslationError(f"{path}: cannot read the translation: {reason}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TranslationError(f"{path}: not valid TOML: {exc}") from None


def translate(lesson: Lesson, language: str) -> Lesson:
    """The lesson with every text its translation has replaced; English where a string is missing."""
    if language == "en":
        return lesson
    table = read_translation(translation_path(lesson.path, language))
    if not table:
        return lesson
    steps = table.get("step", {}) if isinstance(table.get("step"), dict) else {}
    top = {key: table[key] for key in TEXTS if _text(table.get(key))}
    new_steps = tuple(_step(step, steps.get(str(step.number), {})) for step in lesson.steps)
    return dataclasses.replace(lesson, steps=new_steps, **top)


def _step(step: Step, table: object) -> Step:
    """One step with its translated say, after, cases, question, hints and plot words."""
    if not isinstance(table, dict):
        return step
    changes = {key: table[key] for key in ("say", "after") if _text(table.get(key))}
    cases = table.get("cases")
    if isinstance(cases, list) and step.cases:
        changes["cases"] = tuple(Case(case.when, cases[i] if i < len(cases) and _text(cases[i]) else case.after)
                                 for i, case in enumerate(step.cases))
    predict = table.get("predict")
    if step.predict is not None and isinstance(predict, dict):
        changes["predict"] = dataclasses.replace(step.predict, **_texts(predict, ("ask", "hint")))
    exercise = table.get("exercise")
    if step.exercise is not None and isinstance(exercise, dict):
        hints = exercise.get("hints")
        if isinstance(hints, list):
            merged = tuple(h if _text(h) else e for h, e in zip(hints, step.exercise.hints)) + \
                step.exercise.hints[len(hints):]
            changes["exercise"] = dataclasses.replace(step.exercise, hints=merged)
    plot = table.get("plot")
    if step.plot is not None and isinstance(plot, dict):
        words = _texts(plot, ("title",))
        labels = plot.get("labels")
        if isinstance(labels, list) and all(_text(label) for label in labels):
            words["labels"] = tuple(labels)
        changes["plot"] = dataclasses.replace(step.plot, **words)
    return dataclasses.replace(step, **changes)


def missing(lesson: Lesson, language: str) -> list[str]:
    """What a translation lacks, as `step 3: say` lines (nothing for English)."""
    if language == "en":
        return []
    table = read_translation(translation_path(lesson.path, language))
    steps = table.get("step", {}) if isinstance(table.get("step"), dict) else {}
    gaps = [key for key in TEXTS if getattr(lesson, key) and not _text(table.get(key))]
    for step in lesson.steps:
        gaps += [f"step {step.number}: {name}" for name in _step_gaps(step, steps.get(str(step.number), {}))]
    return gaps


def _step_gaps(step: Step, table: object) -> list[str]:
    """The texts of one step with no translation."""
    table = table if isinstance(table, dict) else {}
    gaps = [key for key in ("say", "after") if getattr(step, key) and not _text(table.get(key))]
    cases = table.get("cases") if isinstance(table.get("cases"), list) else []
    gaps += [f"cases[{i}]" for i in range(len(step.cases)) if i >= len(cases) or not _text(cases[i])]
    predict = table.get("predict") if isinstance(table.get("predict"), dict) else {}
    if step.predict is not None:
        gaps += [f"predict.{key}" for key in ("ask", "hint") if not _text(predict.get(key))]
    exercise = table.get("exercise") if isinstance(table.get("exercise"), dict) else {}
    if step.exercise is not None:
        hints = exercise.get("hints") if isinstance(exercise.get("hints"), list) else []
        gaps += [f"exercise.hints[{i}]" for i in range(len(step.exercise.hints)) if i >= len(hints)]
    plot = table.get("plot") if isinstance(table.get("plot"), dict) else {}
    if step.plot is not None and step.plot.title and not _text(plot.get("title")):
        gaps.append("plot.title")
    return gaps


def _texts(table: dict, keys: tuple[str, ...]) -> dict[str, str]:
    """The keys of a table that hold non-empty text."""
    return {key: table[key] for key in keys if _text(table.get(key))}


def _text(value: object) -> bool:
    """A usable translated string."""
    return isinstance(value, str) and bool(value.strip())
