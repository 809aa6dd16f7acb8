"""The texts of a loaded lesson, found through the schema: to translate them, fill their line numbers, list them.

Every walk here goes over the declared fields, never over a hand-written list of keys, so a new
step feature's translatable or line-numbered texts are handled the moment it declares them.
"""
from __future__ import annotations

from typing import Callable, Iterator

from tutor.content.lesson import Lesson, Step
from tutor.content.schema import LESSON_FIELDS, TABLE, TABLES, TEXT, TEXTS, Field, step_fields

Path = tuple  # ("predict", "ask"), ("cases", 0, "after"), ("exercise", "hints", 1)
Change = Callable[[str, Path], str]  # a text and where it is -> the text to use


def marked(spec: Field, mark: str) -> bool:
    """Whether the field, or a field inside it, carries the mark (translatable or lines)."""
    return getattr(spec, mark) or any(marked(sub, mark) for sub in spec.fields)


def change_value(value: object, spec: Field, change: Change, mark: str, path: Path) -> object:
    """The value with each marked text changed; the same object when nothing in it is marked."""
    if value is None or not marked(spec, mark):
        return value
    if spec.type == TEXT:
        return change(value, path) if value else value
    if spec.type == TEXTS:
        return tuple(change(item, (*path, i)) for i, item in enumerate(value))
    if spec.type == TABLE:
        return change_table(value, spec.fields, change, mark, path)
    if spec.type == TABLES:
        return tuple(change_table(item, spec.fields, change, mark, (*path, i)) for i, item in enumerate(value))
    return value


def change_table(value: object, fields: tuple[Field, ...], change: Change, mark: str, path: Path) -> object:
    """A built table (a NamedTuple or dataclass whose attributes are its keys) or a dict, its marked texts changed."""
    get = value.get if isinstance(value, dict) else lambda key: getattr(value, key)
    changes = {f.key: change_value(get(f.key), f, change, mark, (*path, f.key)) for f in fields if marked(f, mark)}
    if isinstance(value, dict):
        return {**value, **changes}
    if hasattr(value, "_replace"):
        return value._replace(**changes)
    import dataclasses  # a feature may build its tables as dataclasses

    return dataclasses.replace(value, **changes)


def change_step(step: Step, change: Change, mark: str) -> Step:
    """A step with its marked texts changed: its narration, its pdb command, its expectations, its features'."""
    core, features = {}, dict(step.features)
    for spec in step_fields():
        if not marked(spec, mark):
            continue
        if spec.command:
            if spec.key == step.kind and spec.type == TEXT:
                core["command"] = change_value(step.command, spec, change, mark, (spec.key,))
            elif spec.key == step.kind:
                features[spec.key] = change_value(features[spec.key], spec, change, mark, (spec.key,))
        elif spec.key in features:
            features[spec.key] = change_value(features[spec.key], spec, change, mark, (spec.key,))
        elif spec.key in ("say", "after", "expect"):
            core[spec.key] = change_value(getattr(step, spec.key), spec, change, mark, (spec.key,))
    return step._replace(features=features, **core)


def change_lesson(lesson: Lesson, change: Change, mark: str) -> Lesson:
    """The lesson's own marked texts and every step's."""
    top = {f.key: change_value(getattr(lesson, f.key), f, change, mark, (f.key,)) for f in LESSON_FIELDS
           if marked(f, mark) and f.type in (TEXT, TABLES)}
    steps = tuple(change_step(step, lambda text, path, n=step.number: change(text, ("step", n, *path)), mark)
                  for step in lesson.steps)
    return lesson._replace(steps=steps, **top)


def texts(lesson: Lesson, mark: str) -> Iterator[tuple[Path, str]]:
    """Every marked text of a lesson with its path, in order."""
    found: list[tuple[Path, str]] = []

    def keep(text: str, path: Path) -> str:
        found.append((path, text))
        return text

    change_lesson(lesson, keep, mark)
    return iter(found)
