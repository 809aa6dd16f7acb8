"""Reading a lesson's, a translation's or a script's text: a regular file in UTF-8 (a BOM accepted), never a wait."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotText(Exception):
    """A file that is there but is no text tutor can read: a FIFO, a device, bytes that are not UTF-8."""


def read_text(path: Path | str) -> str:
    """The file's text; opened without blocking, so a FIFO is refused instead of waited on (OSError passes through)."""
    if "\0" in str(path):
        raise NotText("its name has a NUL byte")
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(handle, "rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "it is a folder", str(path))
        if not stat.S_ISREG(mode):
            raise NotText(f"it is {'a FIFO' if stat.S_ISFIFO(mode) else 'a special file'}, not a regular file")
        data = file.read()
    try:
        return data.decode("utf-8-sig")  # Windows Notepad starts its UTF-8 files with a BOM
    except UnicodeDecodeError as exc:
        raise NotText(f"it is not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start}); "
                      "save it as UTF-8") from None


def reason(exc: BaseException) -> str:
    """Why a file could not be read, in a few words."""
    return getattr(exc, "strerror", None) or str(exc)
