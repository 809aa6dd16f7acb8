"""Watched expressions: each value at a stop, compared with the last stop (in-place writes included)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.model.values import Value, describe, is_array

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True, eq=False)
class Watched:
    """A watched expression at a stop: its value, or the error it raised, and what changed."""

    expression: str
    value: Value | None
    error: str = ""
    change: str = ""  # "new", "rebound", "changed", or "" (unchanged)
    cells: tuple[tuple[int, object, object], ...] = ()  # array cells written since the last stop
    count: int = 0


class Watcher:
    """Remembers each watched value between stops, so in-place writes and rebinding both show."""

    def __init__(self):
        self._last: dict[str, tuple[object, object]] = {}  # expression -> (object, copy or repr)

    def look(self, expression: str, evaluate) -> Watched:
        """Evaluate and compare with the last stop; never raises, whatever the value."""
        try:
            value = evaluate(expression)
        except Exception as exc:
            self._last.pop(expression, None)
            return Watched(expression, None, error=f"{type(exc).__name__}: {exc}")
        try:
            return self._compare(expression, value)
        except Exception as exc:  # a value whose repr or comparison fails is still shown, not fatal
            return Watched(expression, None, error=f"cannot show it: {type(exc).__name__}")

    def _compare(self, expression: str, value: object) -> Watched:
        """The Watched record for a value just evaluated."""
        described = describe(expression, value)
        before = self._last.get(expression)
        if is_array(value):
            kept = value.copy()
            self._last[expression] = (value, kept)
            if before is None:
                return Watched(expression, described, change="new")
            old_object, old_copy = before
            if old_object is not value or not is_array(old_copy) or old_copy.shape != value.shape:
                return Watched(expression, described, change="rebound")
            return _array_change(expression, described, old_copy, kept)
        self._last[expression] = (value, described.text)
        if before is None:
            return Watched(expression, described, change="new")
        return Watched(expression, described, change="" if before[1] == described.text else "changed")

    def forget(self) -> None:
        """Start afresh (a new run of the program)."""
        self._last.clear()


def _array_change(expression: str, described: Value, old: np.ndarray, new: np.ndarray) -> Watched:
    """Cells that differ between two copies of an array (NaN equal to NaN)."""
    from tutor.model.recording import changed_cells

    write = changed_cells(expression, old.reshape(-1), new.reshape(-1), keep=6)
    if write is None:
        return Watched(expression, described)
    return Watched(expression, described, change="changed", cells=write.cells, count=write.count)
