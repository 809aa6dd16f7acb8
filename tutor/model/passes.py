"""What a recording's passes through a loop did, line by line, as plain data the trace views only draw.

A pass's rows pair each kept event with what running its line changed (the frame's next event holds
that), and, for a central-difference loop, a note: the value meant for x[idx] against the one the
array stored (Meant), or grad[idx] against the exact derivative the lesson knows (Exact).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from tutor.model.recording import ArrayState, Event, Gap, Recording, Write


@dataclass(frozen=True)
class Difference:
    """The names a central-difference loop uses (gradient_2d.py's, unless a lesson says otherwise)."""

    array: str = "x"
    index: str = "idx"
    saved: str = "tmp_val"
    step: str = "h"
    result: str = "grad"
    exact: str = ""  # an expression over the pass's scalars, e.g. "2 * tmp_val", when the lesson knows it


@dataclass(frozen=True)
class Meant:
    """`x[idx] = ...` computed one value and the array stored another: its dtype cannot hold it."""

    meant: object
    stored: object
    dtype: str  # "" when the recording never saw the array


@dataclass(frozen=True)
class Exact:
    """grad[idx] beside the exact derivative: the error, and whether it is small enough to call close."""

    exact: object
    error: object
    close: bool


@dataclass(frozen=True)
class ExactFailed:
    """The lesson's exact expression raised here: the exception's type name, so the row says why."""

    error: str


Note = Meant | Exact | ExactFailed | None


@dataclass(frozen=True)
class PassRow:
    """One line of a pass: its event, the scalars it changed, its array writes, and any note."""

    event: Event
    changed: list[tuple[str, object]]
    writes: list[Write]
    note: Note


def frame_events(recording: Recording, frame: int) -> list[Event]:
    """The kept events of one frame, in order."""
    return [e for e in recording.events if e.frame == frame]


def frame_items(recording: Recording, frame: int) -> list[Event | Gap]:
    """The kept events of one frame with its gaps in place: what follows an event may be a gap."""
    return [item for item in recording.items if item.frame == frame]


def gaps(recording: Recording) -> list[Gap]:
    """The passes not kept, in order."""
    return [item for item in recording.items if isinstance(item, Gap)]


def passes(recording: Recording) -> list[tuple[int, int]]:
    """Every (frame, pass) that has events, in the order they start."""
    seen: dict = {}
    for event in recording.events:
        seen.setdefault((event.frame, event.iteration), None)
    return list(seen)


def loop_passes(recording: Recording) -> list[tuple[int, int]]:
    """The passes of frames that loop (more than one pass), in the order they start."""
    every = passes(recording)
    counts: dict = {}
    for frame, _ in every:
        counts[frame] = counts.get(frame, 0) + 1
    return [(f, i) for f, i in every if counts[f] > 1]


def first_loop_passes(recording: Recording, limit: int) -> list[tuple[int, int]]:
    """The first pass of each looping frame, up to `limit` of them: what a summary shows."""
    return [p for p in loop_passes(recording) if p[1] == 0][:limit]


def effects(before: Event, after: Event | None) -> tuple[list[tuple[str, object]], list]:
    """What running `before`'s line changed: scalars with new values, and the array writes."""
    if after is None:
        return [], []
    old = dict(before.scalars)
    changed = [(k, v) for k, v in after.scalars if k not in old or old[k] is not v and old[k] != v]
    return changed, list(after.writes)


def pass_rows(recording: Recording, frame: int, iteration: int, spec: Difference = Difference()) -> list[PassRow]:
    """The rows of one pass: each event with its effects and its central-difference note."""
    items = frame_items(recording, frame)
    rows, cell = [], None
    for k, event in enumerate(items):
        if isinstance(event, Gap) or event.iteration != iteration:
            continue
        after = items[k + 1] if k + 1 < len(items) else None
        if isinstance(after, Gap):
            after = None  # the line's effects fell into passes that were not kept
        changed, writes = effects(event, after)
        if cell is None and spec.saved in dict(after.scalars if after else ()):
            cell = dict(after.scalars)[spec.saved]
        note, cell = _note(recording, frame, spec, event, writes, cell)
        rows.append(PassRow(event, changed, writes, note))
    return rows


def _note(recording: Recording, frame: int, spec: Difference, event: Event, writes: list,
          cell: object) -> tuple[Note, object]:
    """Central-difference notes: the value meant for x[idx] against the one stored; grad against exact."""
    names = dict(event.scalars)
    for write in writes:
        if write.name == spec.result and spec.exact and spec.saved in names:
            return _exact_note(spec.exact, write, names), cell
    rhs = _assigned_cell(event.text, spec)
    if rhs is None or spec.index not in names:
        return None, cell
    index = names[spec.index]
    stored = next((new for w in writes if w.name == spec.array for i, _, new in w.cells if i == index), cell)
    try:
        meant = _evaluate(rhs, names)
    except Exception:
        return None, stored
    if stored is None or stored == meant:
        return None, stored
    return Meant(meant, stored, array_dtype(recording, frame, spec.array)), stored


def _exact_note(expression: str, write: Write, names: dict) -> Exact | ExactFailed:
    """grad[idx] beside the exact derivative and the error."""
    value = write.cells[0][2]
    try:
        exact = _evaluate(expression, names)
    except Exception as exc:
        return ExactFailed(type(exc).__name__)
    error = value - exact
    return Exact(exact, error, bool(abs(error) <= 1e-4 * max(1.0, abs(exact))))


def array_dtype(recording: Recording, frame: int, name: str) -> str:
    """The dtype the recording saw for an array of this frame ("" if it never saw it)."""
    for event in frame_events(recording, frame):
        for array in event.arrays:
            if array.name == name:
                return array.dtype
    return ""


def _evaluate(expression: str, names: dict) -> object:
    """A small arithmetic expression over recorded scalars (no calls but float/int/abs)."""
    tree = ast.parse(expression, mode="eval")
    allowed = {"float": float, "int": int, "abs": abs}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in allowed):
            raise ValueError("only float, int and abs may be called")
        if isinstance(node, (ast.Attribute, ast.Lambda, ast.NamedExpr)):
            raise ValueError("not a plain arithmetic expression")
    return eval(compile(tree, "<view>", "eval"), {"__builtins__": {}, **allowed}, names)


def _assigned_cell(text: str, spec: Difference) -> str | None:
    """The right-hand side of `x[idx] = ...` (the array and index of the spec), if the line is one."""
    try:
        node = ast.parse(text.split("#")[0].strip()).body[0]
    except (SyntaxError, IndexError):
        return None
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)):
        return None
    target = node.targets[0]
    if ast.unparse(target) != f"{spec.array}[{spec.index}]":
        return None
    return ast.unparse(node.value)


def written_windows(events: list[Event], position: int) -> list[tuple[ArrayState, set[int]]]:
    """The arrays the event's line left, each with the cells it wrote (the frame's next event holds them)."""
    frame = events[position].frame
    following = next((e for e in events[position + 1:] if e.frame == frame), None)
    if following is None:
        return []
    return [(array, {i for w in following.writes if w.name == array.name for i, _, _ in w.cells})
            for array in following.arrays]


def array_size(array: ArrayState) -> int:
    """How many cells the whole array has (its window shows a few)."""
    size = 1
    for extent in array.shape:
        size *= extent
    return size
