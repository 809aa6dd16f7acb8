"""What a recording's passes through a loop did, line by line, as plain data the trace views only draw.

A pass's rows pair each kept event with what running its line changed (the frame's next event holds
that), and, for a central-difference loop, a note: the value meant for the nudged cell against the
one the array stored (Meant), or the quotient's cell against the exact derivative the lesson knows
(Exact). The loop's names are read from its own lines (see `found_names`) unless a lesson gives them.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from tutor.model.recording import ArrayState, Event, Gap, Recording, Write


@dataclass(frozen=True)
class Difference:
    """The names a central-difference loop uses: those a lesson gives, the rest ("") read from the loop's code."""

    array: str = ""  # the array whose cell is nudged: x in `x[idx] = tmp_val + h`
    index: str = ""  # the cell's index: idx
    saved: str = ""  # the cell's value kept to put back: tmp_val
    step: str = ""  # the nudge: h
    result: str = ""  # the array the difference quotient is stored in: grad in `grad[idx] = (fxh1 - fxh2) / (2*h)`
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
    return [item for item in recording.items if isinstance(item, (Event, Gap)) and item.frame == frame]


def gaps(recording: Recording) -> list[Gap]:
    """The passes not kept, in order."""
    return [item for item in recording.items if isinstance(item, Gap)]


def left_out_before(recording: Recording, position: int) -> list:
    """What was left out (gaps, calls, the events past the budget) between the previous kept event and this one."""
    found, kept = [], -1
    for item in recording.items:
        if isinstance(item, Event):
            kept += 1
            if kept == position:
                return found
            found = []
        else:
            found.append(item)
    return found


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
    spec = completed(spec, [item.text for item in items if isinstance(item, Event)])
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
    if not (spec.array and spec.index):
        return None, cell
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


def _statement(text: str) -> ast.stmt | None:
    """One recorded line as a statement (None for a line that is not one on its own: `for ...:`, `else:`)."""
    try:
        return ast.parse(text.split("#")[0].strip()).body[0]
    except (SyntaxError, IndexError, ValueError):
        return None


def _cell_assignment(text: str) -> tuple[str, str, ast.expr] | None:
    """`A[I] = VALUE` on one line: (A, I, VALUE), A and I plain names; None for any other line."""
    node = _statement(text)
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)):
        return None
    target = node.targets[0]
    if not (isinstance(target.value, ast.Name) and isinstance(target.slice, ast.Name)):
        return None
    return target.value.id, target.slice.id, node.value


def _assigned_cell(text: str, spec: Difference) -> str | None:
    """The right-hand side of `x[idx] = ...` (the array and index of the spec), if the line is one."""
    found = _cell_assignment(text)
    if found is None or found[:2] != (spec.array, spec.index):
        return None
    return ast.unparse(found[2])


def _nudge(value: ast.expr, kept: set[str]) -> tuple[str, str] | None:
    """`SAVED + STEP`, `SAVED - STEP` or `STEP + SAVED` (SAVED maybe in a call, float(SAVED)): (SAVED, STEP).

    SAVED must be a name the loop kept from a cell (`tmp_val = x[idx]`): the value the cell held, put back after;
    any other `a[i] = b + c` is not a nudge.
    """
    if not (isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Sub))):
        return None
    left, right = _names(value.left), _names(value.right)
    if isinstance(value.op, ast.Add) and set(right) & kept and not set(left) & kept:
        left, right = right, left
    return (left[0], right[0]) if len(left) == 1 and len(right) == 1 and left[0] in kept else None


def _names(node: ast.expr) -> list[str]:
    """The variables an operand reads (casts such as float() are not variables)."""
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id not in CASTS]


def _kept(texts: list[str]) -> set[str]:
    """Names assigned a cell of an array, `tmp_val = x[idx]`: what a central difference puts back."""
    found = set()
    for text in texts:
        node = _statement(text)
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Subscript)):
            found.add(node.targets[0].id)
    return found


def _quotient(value: ast.expr, step: str) -> bool:
    """`(F1 - F2) / (... STEP ...)`: a difference over the nudge."""
    return (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Div) and isinstance(value.left, ast.BinOp)
            and isinstance(value.left.op, ast.Sub)
            and any(isinstance(node, ast.Name) and node.id == step for node in ast.walk(value.right)))


CASTS = frozenset({"float", "int", "complex"})


def found_names(texts: list[str]) -> Difference:
    """The loop's names read from its lines: the assignment that nudges a cell, then the difference quotient."""
    cells = [found for text in texts if (found := _cell_assignment(text)) is not None]
    kept = _kept(texts)
    nudged = next(((array, index, *pair) for array, index, value in cells if (pair := _nudge(value, kept))), None)
    if nudged is None:
        return Difference()
    array, index, saved, step = nudged
    result = next((name for name, at, value in cells if at == index and name != array and _quotient(value, step)), "")
    return Difference(array, index, saved, step, result)


def completed(spec: Difference, texts: list[str]) -> Difference:
    """The lesson's names, each one it left empty read from the loop's own lines."""
    if spec.array and spec.index and spec.saved and spec.result:
        return spec
    found = found_names(texts)
    return Difference(*(given or seen for given, seen in zip(
        (spec.array, spec.index, spec.saved, spec.step, spec.result),
        (found.array, found.index, found.saved, found.step, found.result))), exact=spec.exact)


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
