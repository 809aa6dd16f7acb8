"""Finds the packaged lessons and their scripts, and suggests names for a typo."""
from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path

from tutor.lesson import Lesson, LessonError, load_lesson


class UnknownLesson(Exception):
    """A lesson name that is not in the catalogue, with close matches."""

    def __init__(self, name: str, known: list[str]):
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else f"; the lessons are: {', '.join(known)}"
        super().__init__(f"no lesson called {name!r}{hint}")


def lesson_folder() -> Path:
    """Where the packaged lesson files are installed."""
    return Path(str(resources.files("tutor.lessons")))


def script_folder() -> Path:
    """Where the packaged scripts are installed."""
    return Path(str(resources.files("tutor.scripts")))


def lesson_paths() -> dict[str, Path]:
    """Every packaged lesson file by its name (the file name without .toml), in natural order."""
    paths = sorted(lesson_folder().glob("*.toml"), key=lambda p: (len(p.stem), p.stem))
    return {path.stem: path for path in paths}


def all_lessons() -> list[Lesson]:
    """Every packaged lesson, loaded (a broken one raises LessonError)."""
    return [load_lesson(path) for path in lesson_paths().values()]


def find_lesson(name: str) -> Lesson:
    """The lesson called `name`, or UnknownLesson with suggestions."""
    paths = lesson_paths()
    if name not in paths:
        raise UnknownLesson(name, list(paths))
    lesson = load_lesson(paths[name])
    if lesson.id != name:
        raise LessonError(paths[name], None, f"the file is {name}.toml but its id is {lesson.id!r}")
    return lesson


def script_for(lesson: Lesson) -> Path:
    """The script a packaged lesson runs on."""
    return script_folder() / lesson.script
