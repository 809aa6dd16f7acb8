"""A frame's variables as the recorder keeps them: scalars by value, arrays by the cells written since the last look.

Two ways to look: look_at() at once, for events kept in full; cheap() then expand(), for events inside a
pass that may still be dropped (expand() runs only for the passes that are kept).
"""
from __future__ import annotations

from types import FrameType
from typing import TYPE_CHECKING

import numpy as np

from tutor.core.lines import ALL, line_text
from tutor.model.recording import ArrayState, Event, Write, changed_cells, changed_indices

if TYPE_CHECKING:
    from tutor.core.recorder import FrameState

_SCALARS = (int, float, bool, complex, np.number, np.bool_)
_SCALAR_TYPES = frozenset({int, float, bool, complex, np.float64, np.float32, np.int64, np.int32, np.bool_,
                           np.complex128, np.uint8, np.int8, np.int16, np.uint16, np.uint32, np.uint64,
                           np.float16})
_SMALL = 4096  # arrays up to this many bytes are compared as bytes (fast); larger ones cell by cell

# An event kept cheaply inside a pass that may be dropped (a plain tuple: it is made 10^5 times):
# (seq, frame state, kind, lineno, iteration, names, small-array copies, large-array writes,
#  large-array states, returned); expand turns the ones that are kept into Events.
Cheap = tuple


def cheap(seq: int, frame: FrameType, state: FrameState, kind: str, lineno: int, suspects,
          returned: str) -> Cheap:
    """The frame's names; small arrays the last line may have changed are copied, large ones diffed."""
    names = frame.f_locals.copy()  # a dict on 3.11/3.12, a dict from 3.13's proxy; faster than dict()
    copies, writes, arrays = state.lazy, (), ()
    for name in (names if suspects is ALL else suspects):
        value = names.get(name)
        if type(value) is not np.ndarray:
            continue
        if value.nbytes > _SMALL:
            write, array = _look_at_array(name, value, state.copies)
            writes += (write,) if write else ()
            arrays += (array,) if array else ()
            continue
        last = copies.get(name)
        if last is not None and last.size == value.size and last.tobytes() == value.tobytes():
            continue  # unchanged since the last cheap event: share its copy
        if copies is state.lazy:
            copies = dict(copies)
        copies[name] = value.reshape(-1).copy()
    state.lazy = copies
    return (seq, state, kind, lineno, state.iteration, names, copies, writes, arrays, returned)


def expand(kept: Cheap, seen: dict) -> Event:
    """A cheap event made full: scalars filtered, writes diffed against the frame's previous copies."""
    seq, state, kind, lineno, iteration, names, copies, big_writes, big_arrays, returned = kept
    before = seen.get(state.number)
    writes, arrays = (), ()
    for name, copy in copies.items():
        old = before.get(name) if before is not None else None
        if old is copy or name not in names:
            continue
        value = names[name]
        if old is None or old.shape != copy.shape:
            arrays += (_state(name, value.shape, str(value.dtype), copy, 0),)
            continue
        write = changed_cells(name, old, copy)
        if write is not None:
            writes += (write,)
            arrays += (_state(name, value.shape, str(value.dtype), copy, write.cells[0][0]),)
    writes, arrays = writes + big_writes, arrays + big_arrays
    seen[state.number] = copies
    scalars = tuple((k, v) for k, v in names.items() if type(v) in _SCALAR_TYPES or isinstance(v, _SCALARS))
    return Event(seq, state.number, state.depth, state.function, kind, lineno, line_text(state.filename, lineno),
                 iteration, scalars, writes, arrays, returned)


def look_at(names, copies: dict, suspects: frozenset | None) -> tuple[tuple, tuple, tuple]:
    """Scalars by value; arrays by what changed since the last look (copies are updated in place)."""
    scalars, writes, arrays = [], (), ()
    ndarray, scalar_types = np.ndarray, _SCALAR_TYPES
    for name, value in names.items():
        kind = type(value)
        if kind in scalar_types:
            scalars.append((name, value))
        elif kind is ndarray:
            kept = copies.get(name)
            if kept is None or kept[0] is not value or suspects is ALL or name in suspects:
                write, array = _look_at_array(name, value, copies)
                writes += (write,) if write else ()
                arrays += (array,) if array else ()
        elif isinstance(value, _SCALARS):
            scalars.append((name, value))
    return tuple(scalars), writes, arrays


def _look_at_array(name: str, value: np.ndarray, copies: dict) -> tuple[Write | None, ArrayState | None]:
    """An array's write since its last look, with its window; a new binding gets a baseline."""
    kept = copies.get(name)
    if kept is None or kept[0] is not value:
        flat = value.reshape(-1).copy()
        copies[name] = (value, flat)
        return None, _state(name, value.shape, str(value.dtype), flat, 0)
    write = _diff(name, value, kept[1])
    if write is None:
        return None, None
    return write, _state(name, value.shape, str(value.dtype), kept[1], write.cells[0][0])


def _diff(name: str, value: np.ndarray, previous: np.ndarray) -> Write | None:
    """The cells of `value` that differ from its flat copy (NaN equal to NaN); the copy catches up."""
    flat = value.reshape(-1)
    if previous.nbytes <= _SMALL and previous.tobytes() == flat.tobytes():
        return None
    changed = changed_indices(previous, flat)
    if not changed.size:
        return None
    write = changed_cells(name, previous, flat, changed=changed)
    previous[changed] = flat[changed]
    return write


def _state(name: str, shape: tuple, dtype: str, flat: np.ndarray, around: int, width: int = 5) -> ArrayState:
    """A few values of a flat copy around a flat index."""
    start = max(0, min(around - width // 2, flat.size - width))
    return ArrayState(name, shape, dtype, start, tuple(flat[start:start + width].tolist()))
