"""A script as read once: the path, the text and the compiled code every layer shares."""
from __future__ import annotations

from typing import NamedTuple
from pathlib import Path
from types import CodeType


class Script(NamedTuple):
    """A script's path, text and compiled code, read once."""

    path: Path
    text: str
    code: CodeType
