"""A lesson resolved once against the script actually played: its line names become numbers everywhere
(FILE:LINE in b, tbreak and cl for a line of another file), and the cases that read the script's source
(`has`) are decided.

The session, the checks and the rehearsal only read the result; only live `{=expr}` values and a case's
`when` wait for a stop.
"""
from __future__ import annotations

from tutor.content.lesson import Lesson, Step, fill, fill_command
from tutor.content.locate import ScriptError, line_files, resolve_lines
from tutor.content.schema import LESSON_CASES, SOURCE, TABLES, Field, step_fields
from tutor.content.texts import change_lesson
from tutor.model.script import Script


def resolve(lesson: Lesson, script: Script) -> Lesson:
    """Find each [lines] pattern in the script, then fill {name} and {name+N} in every text that may hold them."""
    try:
        numbers, files = resolve_lines(script, lesson.lines), line_files(script, lesson.lines)
    except ScriptError as exc:
        if script.path.name == lesson.script:
            raise
        raise ScriptError(f"{exc}: {lesson.id} is written for {lesson.script}, and a --script must hold "
                          f"the lines its [lines] table names") from None

    def change(text: str, path: tuple) -> str:
        """A step's pdb command may break in another file; every other text gets the bare number."""
        return fill_command(text, numbers, files) if path[-1:] == ("pdb",) and len(path) == 3 else fill(text, numbers)

    filled = change_lesson(lesson, change, "lines")
    return decided(filled._replace(numbers=numbers, files=files), script)


def decided(lesson: Lesson, script: Script) -> Lesson:
    """The cases whose `has` the script lacks dropped; the intro and outro of the first lesson case that holds."""
    cases = kept(lesson.cases, LESSON_CASES, script)
    intro = next((case.intro for case in cases if case.intro), lesson.intro)
    outro = next((case.outro for case in cases if case.outro), lesson.outro)
    steps = tuple(step_decided(step, script) for step in lesson.steps)
    return lesson._replace(cases=cases, intro=intro, outro=outro, steps=steps)


def step_decided(step: Step, script: Script) -> Step:
    """Each list of tables with a source condition (a step's `cases`) keeps the tables that hold in this script."""
    features = dict(step.features)
    for spec in step_fields():
        if spec.type == TABLES and spec.key in features and any(f.type == SOURCE for f in spec.fields):
            features[spec.key] = kept(features[spec.key], spec, script)
    return step._replace(features=features)


def kept(tables: tuple, spec: Field, script: Script) -> tuple:
    """The tables whose every non-empty source condition is text on a line of the script."""
    keys = [f.key for f in spec.fields if f.type == SOURCE]
    lines = script.text.splitlines()

    def holds(table: object) -> bool:
        get = table.get if isinstance(table, dict) else lambda key: getattr(table, key)
        return all(any(get(key) in line for line in lines) for key in keys if get(key))

    return tuple(table for table in tables if holds(table))
