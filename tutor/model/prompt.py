"""What the debugger waits for (a Prompt), what Enter offers at it (an Offer), and how a run ended (an Outcome)."""
from __future__ import annotations

from dataclasses import dataclass

LEAVE = None  # an Offer whose line is LEAVE leaves the console, as Ctrl-D does


@dataclass(frozen=True)
class Offer:
    """Run `line` on Enter (LEAVE: leave the console); `label` is what the prompt shows, dimmed."""

    line: str | None
    label: str


@dataclass(frozen=True)
class Prompt:
    """The debugger is waiting for a line: at `(Pdb) ` or in the console (`>>> `, `... `)."""

    kind: str
    text: str
    namespace: dict
    more: bool = False  # a continuation line of a block: Enter ends the block


@dataclass(frozen=True)
class Outcome:
    """How a run of the script ended: finished, quit, exited or raised (with pdb-style text)."""

    how: str
    detail: str = ""
