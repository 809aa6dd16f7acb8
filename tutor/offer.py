"""What Enter on an empty prompt does, shared by the player and the keyboard without importing either."""
from __future__ import annotations

from dataclasses import dataclass

LEAVE = None  # an Offer whose line is LEAVE leaves the console, as Ctrl-D does


@dataclass(frozen=True)
class Offer:
    """Run `line` on Enter (LEAVE: leave the console); `label` is what the prompt shows, dimmed."""

    line: str | None
    label: str
