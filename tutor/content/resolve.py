"""A lesson resolved once against the script actually played: its line names become numbers everywhere
(FILE:LINE in b, tbreak and cl for a line of another file).

The session, the checks and the rehearsal only read the result; only live `{=expr}` values wait
for a stop.
"""
from __future__ import annotations

from tutor.content.lesson import Lesson, fill, fill_command
from tutor.content.locate import ScriptError, line_files, resolve_lines
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
    return filled._replace(numbers=numbers, files=files)
