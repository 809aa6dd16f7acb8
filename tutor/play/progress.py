"""Progress kept between runs: which steps of which lesson were done. Written atomically under a lock, merged
with what is on disk just before; damage is set aside."""
from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # not POSIX (Windows): no lock; the merge just before replacing still keeps most of it
    fcntl = None

from tutor.content.files import NotText, read_text  # noqa: E402  (after the optional fcntl)
from tutor.model.writes import write_whole  # noqa: E402

VERSION = 1
NO_HOME = ("progress not kept: no usable home folder ($HOME is empty or relative, "
           "and $XDG_STATE_HOME is not an absolute path)")


class NoHome(Exception):
    """Neither $XDG_STATE_HOME nor a home folder gives an absolute place to keep progress."""


def state_file() -> Path:
    """$XDG_STATE_HOME/tutor/progress.json if that is absolute (XDG: a relative one is ignored), else
    $HOME/.local/state/tutor/progress.json; an empty or relative $HOME is no home (NoHome).
    Written by hand: platformdirs 4.14.8 agrees on Linux, but older releases take a relative XDG_STATE_HOME
    (issue 14), an empty HOME silently becomes the password entry's, and on macOS the folder moves."""
    state = os.environ.get("XDG_STATE_HOME", "")
    if os.path.isabs(state):
        return Path(state) / "tutor" / "progress.json"
    home = os.environ["HOME"] if "HOME" in os.environ else os.path.expanduser("~")  # unset: the password entry
    if not os.path.isabs(home):
        raise NoHome(NO_HOME)
    return Path(home) / ".local" / "state" / "tutor" / "progress.json"


class Progress:
    """Steps done per lesson; `warning` says what went wrong reading or writing it (the tool carries on).
    `path` is None when there is nowhere to keep it."""

    def __init__(self, lessons: dict, path: Path | None, warning: str = ""):
        self.lessons, self.path, self.warning = lessons, path, warning

    def done(self, lesson_id: str) -> tuple[int, int]:
        """(steps done, steps in the lesson) as last recorded; (0, 0) if never played."""
        entry = self.lessons.get(lesson_id, {})
        return int(entry.get("done", 0)), int(entry.get("total", 0))

    def record(self, lesson_id: str, done: int, total: int) -> None:
        """Keep the furthest step reached, and save at once."""
        before, _ = self.done(lesson_id)
        self.lessons[lesson_id] = {"done": max(before, done), "total": total, "updated": int(time.time())}
        self.save()

    def save(self) -> None:
        """Under the lock: what is on disk now, merged with ours (the furthest `done` of each lesson wins),
        written whole beside the old file and renamed over it: never half a file, nothing another run kept lost."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with locked(self.path.parent) as held:
                if held:
                    remove_leftovers(self.path)
                on_disk, warning = read(self.path)
                self.lessons = merged(on_disk, self.lessons)
                write_whole(self.path, json.dumps({"version": VERSION, "lessons": self.lessons}, indent=1),
                            mode=0o600)  # yours only, as mkstemp made it
            self.warning = self.warning or warning
        except OSError as exc:
            self.warning = f"progress not saved ({self.path}: {exc.strerror or exc})"


def merged(on_disk: dict, ours: dict) -> dict:
    """Every lesson of both; where both have one, the entry that got further."""
    result = dict(on_disk)
    for lesson_id, entry in ours.items():
        theirs = result.get(lesson_id)
        if theirs is None or entry.get("done", 0) >= theirs.get("done", 0):
            result[lesson_id] = entry
    return result


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[bool]:
    """An exclusive lock on the state folder itself (no lock file to leave behind); True if it is held.
    Without fcntl, or where the folder cannot be locked, carry on unlocked (False)."""
    if fcntl is None:
        yield False
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released by the kernel if this process is killed
        yield True
    finally:
        os.close(handle)  # closing releases the lock


def remove_leftovers(path: Path) -> None:
    """Temporary files of writes killed half way (only ever called with the lock held: no write is running)."""
    for leftover in path.parent.glob(f"{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def valid_lessons(data: object) -> dict:
    """The lessons of a progress file, every value of the type it must have; ValueError for anything else."""
    lessons = data.get("lessons") if isinstance(data, dict) and data.get("version") == VERSION else None
    if not isinstance(lessons, dict):
        raise ValueError("not a progress file of this version")
    for entry in lessons.values():
        if not isinstance(entry, dict):
            raise ValueError("a lesson's entry is not a table")
        for field in ("done", "total", "updated"):
            value = entry.get(field, 0)
            if type(value) is not int or value < 0:  # not bool, float (NaN, 1e400), str, None, a list...
                raise ValueError(f"{field} is not a count")
    return lessons


def read(path: Path) -> tuple[dict, str]:
    """The lessons on disk and a warning; a damaged file is renamed aside (under its own name) and counts as none."""
    try:
        return valid_lessons(json.loads(read_text(path))), ""  # never waits on a FIFO
    except FileNotFoundError:
        return {}, ""
    except (ValueError, UnicodeDecodeError, RecursionError, NotText) as exc:
        aside = set_aside(path)
        return {}, (f"the progress file was damaged ({type(exc).__name__}); "
                    f"it was set aside as {aside.name} and progress starts afresh")


def set_aside(path: Path) -> Path:
    """Rename a damaged file to progress.json.damaged-TIME, or -TIME-2, -3...: never over an earlier one."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(1, 1000):
        aside = path.with_name(f"{path.name}.damaged-{stamp}" + (f"-{attempt}" if attempt > 1 else ""))
        try:
            os.link(path, aside)  # fails if `aside` exists, where a rename would replace it
        except FileExistsError:
            continue
        except OSError:  # no hard links here (or the file went): a rename, checked first
            if aside.exists():
                continue
            with contextlib.suppress(OSError):
                path.rename(aside)
            return aside
        with contextlib.suppress(OSError):
            path.unlink()
        return aside
    return aside


def load(path: Path | None = None) -> Progress:
    """Read the progress file; a damaged one is renamed aside with one warning, and play goes on."""
    try:
        path = path or state_file()
    except NoHome as exc:
        return Progress({}, None, warning=str(exc))
    try:
        if not path.parent.is_dir():
            return Progress({}, path)
        with locked(path.parent):
            lessons, warning = read(path)
        return Progress(lessons, path, warning)
    except OSError as exc:
        return Progress({}, path, warning=f"progress not read ({path}: {exc.strerror or exc})")
