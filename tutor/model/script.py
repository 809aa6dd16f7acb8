"""A script as read once: the path, the text and the compiled code every layer shares."""
from __future__ import annotations

from pathlib import Path
from types import CodeType

from tutor.model.record import Record


class Script(Record):
    """A script's path, text and compiled code, read once."""

    path: Path
    text: str
    code: CodeType
