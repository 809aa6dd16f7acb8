"""A file replaced whole or not at all: progress and recordings both write this way."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path


def temporary_beside(path: Path, template: str = "{name}.{tag}.tmp") -> Path:
    """An unused name in `path`'s folder for the file that will replace it (template: {name} and {tag})."""
    return path.with_name(template.format(name=path.name, tag=os.urandom(4).hex()))


def write_whole(path: Path, text: str, temporary: Path | None = None, mode: int = 0o666) -> None:
    """A new file (`mode`, less the umask) beside `path`, written and synced, then renamed over it (atomic on POSIX);
    never half a file, whatever stops the write."""
    temporary = temporary or temporary_beside(path)
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
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
