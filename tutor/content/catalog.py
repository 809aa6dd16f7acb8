"""Finds the lessons (packaged, and an instructor's own folder) and their scripts; suggests names for a typo."""
from __future__ import annotations

import os
import importlib
from pathlib import Path

from tutor.content.lesson import Lesson, LessonError
from tutor.content.load import load_lesson

ENV_FOLDER = "TUTOR_LESSONS"  # a default for --lessons
RESERVED = ("play", "check", "new", "validate", "list", "reset")  # tutor's commands, so no lesson's names


class UnknownLesson(Exception):
    """A lesson name that is not in the catalogue, with close matches."""

    def __init__(self, name: str, known: list[str]):
        import difflib  # only for a typo: not loaded at start

        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else f"; the lessons are: {', '.join(known)}"
        super().__init__(f"no lesson called {name!r}{hint}")


class FolderError(Exception):
    """An instructor's lesson folder that cannot be used."""


def lesson_folder() -> Path:
    """Where the packaged lesson files are installed (a plain package folder: no importlib.resources at start)."""
    return Path(importlib.import_module("tutor.lessons").__path__[0])


def script_folder() -> Path:
    """Where the packaged scripts are installed."""
    return Path(importlib.import_module("tutor.scripts").__path__[0])


def own_folder(option: str | None) -> Path | None:
    """The instructor's folder: --lessons, else $TUTOR_LESSONS, else none; it must exist."""
    given = option or os.environ.get(ENV_FOLDER) or None
    if given is None:
        return None
    folder = Path(given).expanduser().resolve()
    if not folder.is_dir():
        source = "--lessons" if option else f"${ENV_FOLDER}"
        raise FolderError(f"{source} names {given}, which is not a folder")
    return folder


def paths_in(folder: Path) -> dict[str, Path]:
    """Every lesson file of a folder by its name (the file name without .toml), in natural order."""
    paths = sorted(folder.glob("*.toml"), key=lambda p: (len(p.stem), p.stem))
    return {path.stem: path for path in paths if not is_translation(path)}


def lesson_paths(extra: Path | None = None) -> dict[str, Path]:
    """Packaged lessons, then the instructor's; none named like a command or like a packaged lesson."""
    packaged = paths_in(lesson_folder())
    own = {name: path for name, path in own_paths(extra).items() if name not in packaged}
    return {name: path for name, path in {**packaged, **own}.items() if name not in RESERVED}


def own_paths(extra: Path | None) -> dict[str, Path]:
    """The instructor's lesson files (none when --lessons names the packaged folder itself)."""
    if extra is None or extra.resolve() == lesson_folder().resolve():
        return {}
    return paths_in(extra)


def reserved_paths(extra: Path | None = None) -> list[Path]:
    """The instructor's lesson files named like a command (list.toml): told apart, so they are never silently lost."""
    return [path for name, path in own_paths(extra).items() if name in RESERVED]


def clashing_paths(extra: Path | None = None) -> list[Path]:
    """The instructor's lesson files named like a packaged lesson (lesson3.toml): told apart, never played instead."""
    packaged = paths_in(lesson_folder())
    return [path for name, path in own_paths(extra).items() if name in packaged]


def clash(path: Path) -> str:
    """Why an instructor's lesson file is not used: a packaged lesson has its name (and would share its progress)."""
    return f"{path}: a packaged lesson is called {path.stem!r}; rename the file (and its id) to use it"


def reserved(name: str) -> str:
    """Why a lesson cannot be called `name`, naming every reserved word (for `new` and for a file found so named)."""
    return f"a lesson cannot be called {name!r}: {', '.join(RESERVED)} are tutor's commands"


def all_lessons(extra: Path | None = None) -> list[Lesson]:
    """Every lesson, loaded (a broken one raises LessonError)."""
    return [load_lesson(path) for path in lesson_paths(extra).values()]


def load_all(extra: Path | None = None) -> tuple[list[Lesson], list[LessonError]]:
    """Every lesson that loads, and the problem of each that does not (one broken file hides no other)."""
    lessons, broken = [], []
    for name, path in lesson_paths(extra).items():
        try:
            lessons.append(load_named(name, path))
        except LessonError as exc:
            broken.append(exc)
    return lessons, broken


def is_packaged(lesson: Lesson) -> bool:
    """True for the lessons that come with tutor."""
    return lesson.path.parent.resolve() == lesson_folder().resolve()


def find_lesson(name: str, extra: Path | None = None) -> Lesson:
    """The lesson called `name`, or UnknownLesson with suggestions."""
    paths = lesson_paths(extra)
    if name not in paths:
        hidden = {path.stem: path for path in reserved_paths(extra)}
        if name in hidden:
            raise LessonError(hidden[name], None, f"{reserved(name)}; rename the file to play it")
        raise UnknownLesson(name, list(paths))
    return load_named(name, paths[name])


def load_named(name: str, path: Path) -> Lesson:
    """The lesson of NAME.toml, whose id must be NAME (so the list shows only names that play)."""
    lesson = load_lesson(path)
    if lesson.id != name:
        raise LessonError(path, None, f"the file is {name}.toml but its id is {lesson.id!r}")
    return lesson


def script_for(lesson: Lesson) -> Path:
    """The script a lesson runs on: packaged ones in tutor's scripts, others beside the lesson, never outside."""
    if is_packaged(lesson):
        return script_folder() / lesson.script
    if "\0" in lesson.script:
        raise LessonError(lesson.path, None, f"script {lesson.script!r} has a NUL byte in its name")
    home = lesson.path.parent.resolve()
    script = (home / lesson.script).resolve()
    if not script.is_relative_to(home):
        raise LessonError(lesson.path, None, f"script {lesson.script!r} is outside the lesson's folder {home}; "
                          "a lesson may only run scripts in its own folder")
    return script


def is_translation(path: Path) -> bool:
    """lesson1.zh-TW.toml is a translation of lesson1, not a lesson."""
    return "." in path.stem
