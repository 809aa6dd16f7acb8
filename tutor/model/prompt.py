"""What the debugger waits for (a Prompt), what Enter offers at it (an Offer), and how a run ended (an Outcome)."""
from __future__ import annotations

from tutor.model.record import Record


LEAVE = None  # an Offer whose line is LEAVE leaves the console, as Ctrl-D does


class Offer(Record):
    """Run `line` on Enter (LEAVE: leave the console); `label` is what the prompt shows, dimmed."""

    line: str | None
    label: str


class Prompt(Record):
    """The debugger is waiting for a line: at `(Pdb) ` or in the console (`>>> `, `... `)."""

    kind: str
    text: str
    namespace: dict
    more: bool = False  # a continuation line of a block: Enter ends the block


class Outcome(Record):
    """How a run of the script ended: finished, quit, exited, raised (with pdb-style text) or replay (asked for)."""

    how: str
    detail: str = ""
    cause: str = ""  # raised: the exception in one line, with the script's line; exited: the sys.exit call
