"""Progress kept between runs: which steps of which lesson were done. Written atomically; damage is set aside."""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path

VERSION = 1


def state_file() -> Path:
    """$XDG_STATE_HOME/tutor/progress.json, or ~/.local/state/tutor/progress.json."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "tutor" / "progress.json"


class Progress:
    """Steps done per lesson; `warning` says what went wrong reading or writing it (the tool carries on)."""

    def __init__(self, lessons: dict, path: Path, warning: str = ""):
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
        """Write a whole new file beside the old one, then rename it over: never half a file."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps({"version": VERSION, "lessons": self.lessons}, indent=1))
        except OSError as exc:
            self.warning = f"progress not saved ({self.path}: {exc.strerror or exc})"


def write_atomically(path: Path, text: str) -> None:
    """Temporary file in the same folder, flushed and synced, then os.replace (atomic on POSIX)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def load(path: Path | None = None) -> Progress:
    """Read the progress file; a damaged one is renamed aside with one warning, and play goes on."""
    path = path or state_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        lessons = data["lessons"] if isinstance(data, dict) and data.get("version") == VERSION else None
        if not isinstance(lessons, dict) or not all(isinstance(v, dict) for v in lessons.values()):
            raise ValueError("not a progress file of this version")
        return Progress(lessons, path)
    except FileNotFoundError:
        return Progress({}, path)
    except (ValueError, KeyError, UnicodeDecodeError) as exc:
        aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
        with contextlib.suppress(OSError):
            path.rename(aside)
        return Progress({}, path, warning=f"the progress file was damaged ({type(exc).__name__}); "
                                          f"it was set aside as {aside.name} and progress starts afresh")
    except OSError as exc:
        return Progress({}, path, warning=f"progress not read ({path}: {exc.strerror or exc})")
