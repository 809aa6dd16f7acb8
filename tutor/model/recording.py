"""A recorded call as plain data: events line by line, the passes not kept, and the cells an event wrote."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


MAX_CELLS = 8  # changed cells kept per array per event (the count is always exact)


@dataclass(slots=True)
class Write:
    """Cells of an array that changed since the frame's previous event: (flat index, old, new)."""

    name: str
    cells: tuple[tuple[int, object, object], ...]
    count: int


@dataclass(slots=True)
class ArrayState:
    """An array as it stands at an event: shape, dtype and a short window of values."""

    name: str
    shape: tuple[int, ...]
    dtype: str
    start: int  # flat index of window[0]
    window: tuple


@dataclass(slots=True)
class Event:
    """One trace event in a recorded frame: the line about to run and the state before it."""

    seq: int
    frame: int
    depth: int
    function: str
    kind: str  # call, line, return, exception
    lineno: int
    text: str
    iteration: int  # backward jumps so far in this frame: the pass through its loop
    scalars: tuple[tuple[str, object], ...]
    writes: tuple[Write, ...]
    arrays: tuple[ArrayState, ...]  # only the arrays bound or written since the frame's last event
    returned: str = ""


@dataclass
class Gap:
    """Passes through a loop that ran under the recorder but were not kept."""

    frame: int
    function: str
    first: int
    last: int
    events: int


@dataclass
class Calls:
    """A function's calls past the first few: they ran under the recorder, their lines were not kept."""

    function: str
    first: int  # the first and the last call not recorded, counting all the function's calls from 1
    last: int
    count: int  # calls not recorded (those in a loop's window are the Gap's, or kept)


@dataclass
class Cut:
    """Events after the recording's budget of kept events was spent: looked at and counted, not kept."""

    budget: int
    first: int  # sequence numbers of the first and the last event left out
    last: int
    events: int


@dataclass
class Recording:
    """Everything kept from one recorded call."""

    label: str
    items: list[Event | Gap | Calls | Cut] = field(default_factory=list)
    result: object = None
    result_text: str = ""  # the result in one line, made once (a failing repr is not an error)
    error: str = ""
    seen: int = 0  # events looked at, kept or not (also the sequence number of the latest)

    @property
    def events(self) -> list[Event]:
        """The kept events, in order."""
        return [item for item in self.items if isinstance(item, Event)]

    @property
    def left_out(self) -> list[Gap | Calls | Cut]:
        """What ran but was not kept, in order: loop passes, calls past the first few, events past the budget."""
        return [item for item in self.items if not isinstance(item, Event)]


def changed_indices(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Flat indices where two flat arrays differ, NaN counting as equal to NaN (compared once)."""
    import numpy as np

    changed = np.flatnonzero(old != new)
    if changed.size and old.dtype.kind in "fc":
        changed = changed[~(np.isnan(old[changed]) & np.isnan(new[changed]))]
    return changed


def changed_cells(name: str, old: np.ndarray, new: np.ndarray, keep: int = MAX_CELLS,
                  changed: np.ndarray | None = None) -> Write | None:
    """The first `keep` cells where two flat arrays differ, with the exact count; None if none."""
    changed = changed_indices(old, new) if changed is None else changed
    if not changed.size:
        return None
    cells = tuple((i, old.item(i), new.item(i)) for i in changed[:keep].tolist())
    return Write(name, cells, int(changed.size))
