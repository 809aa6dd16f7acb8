"""A lesson resolved once against the script actually played: its line names become numbers everywhere.

The session, the checks and the rehearsal only read the result; only live `{=expr}` values wait
for a stop.
"""
from __future__ import annotations

from tutor.content.lesson import Lesson, fill
from tutor.content.locate import resolve_lines
from tutor.content.texts import change_lesson
from tutor.model.script import Script


def resolve(lesson: Lesson, script: Script) -> Lesson:
    """Find each [lines] pattern in the script, then fill {name} and {name+N} in every text that may hold them."""
    numbers = resolve_lines(script, lesson.lines)
    filled = change_lesson(lesson, lambda text, path: fill(text, numbers), "lines")
    return filled._replace(numbers=numbers)
