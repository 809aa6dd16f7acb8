"""Reading a lesson's, a translation's or a script's text: a regular file, decoded as its kind says, never a wait."""
from __future__ import annotations

import errno
import io
import os
import stat
import tokenize
from pathlib import Path


LARGEST_TEXT = 1_000_000  # bytes: about a hundred times the largest packaged lesson; a bigger file is no lesson


class NotText(Exception):
    """A file that is there but is no text tutor can read: a FIFO, a device, bytes not in its encoding."""


def read_text(path: Path | str) -> str:
    """A lesson's, a translation's or the progress file's text in UTF-8 (a BOM accepted), at most LARGEST_TEXT
    bytes: a 30 MB .toml in a lesson folder took the list 6 s; see read_bytes for what else is refused."""
    data = read_bytes(path, LARGEST_TEXT)
    try:
        return data.decode("utf-8-sig")  # Windows Notepad starts its UTF-8 files with a BOM
    except UnicodeDecodeError as exc:
        raise NotText(f"it is not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start}); "
                      "save it as UTF-8") from None


def read_python(path: Path | str) -> str:
    """A Python file's text decoded as Python decodes it: a UTF-8 BOM or a coding cookie, else UTF-8."""
    data = read_bytes(path)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:  # an unknown encoding, a cookie that contradicts the BOM, or undecodable first lines
        if "invalid or missing encoding" not in str(exc):
            raise NotText(str(exc)) from None
        encoding = "utf-8"  # the bytes below say which one is wrong
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        name = "UTF-8" if encoding.startswith("utf-8") else encoding
        raise NotText(f"it is not {name} text (byte {data[exc.start]:#04x} at offset {exc.start}); save it as "
                      f"{name}, or name its encoding in a coding line (# -*- coding: latin-1 -*-)") from None


def read_bytes(path: Path | str, largest: int | None = None) -> bytes:
    """The file's bytes (at most `largest`, if given); opened without blocking, so a FIFO is refused instead of
    waited on (OSError passes through)."""
    if "\0" in str(path):
        raise NotText("its name has a NUL byte")
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, "it is a folder", str(path))
        if not stat.S_ISREG(status.st_mode):
            kind = "a FIFO" if stat.S_ISFIFO(status.st_mode) else "a special file"
            raise NotText(f"it is {kind}, not a regular file")
        if largest is not None and status.st_size > largest:
            raise NotText(f"it holds {status.st_size:,} bytes, more than the {largest:,} of a lesson file")
        data = file.read(largest + 1) if largest is not None else file.read()
        if largest is not None and len(data) > largest:  # it grew while being read
            raise NotText(f"it holds more than the {largest:,} bytes of a lesson file")
        return data


def reason(exc: BaseException) -> str:
    """Why a file could not be read, in a few words."""
    return getattr(exc, "strerror", None) or str(exc)
