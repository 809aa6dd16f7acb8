"""Views of a recording: one pass through a loop line by line, the central difference, the whole call."""
from __future__ import annotations

import ast
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tutor.model.recording import Event, Gap, Recording
from tutor.ui.views.numbers import number, precise
from tutor.ui.words import say, styled


@dataclass(frozen=True)
class Difference:
    """The names a central-difference loop uses (gradient_2d.py's, unless a lesson says otherwise)."""

    array: str = "x"
    index: str = "idx"
    saved: str = "tmp_val"
    step: str = "h"
    result: str = "grad"
    exact: str = ""  # an expression over the pass's scalars, e.g. "2 * tmp_val", when the lesson knows it


def frame_events(recording: Recording, frame: int) -> list[Event]:
    """The kept events of one frame, in order."""
    return [e for e in recording.events if e.frame == frame]


def frame_items(recording: Recording, frame: int) -> list[Event | Gap]:
    """The kept events of one frame with its gaps in place: what follows an event may be a gap."""
    return [item for item in recording.items if item.frame == frame]


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


def effects(before: Event, after: Event | None) -> tuple[list[tuple[str, object]], list]:
    """What running `before`'s line changed: scalars with new values, and the array writes."""
    if after is None:
        return [], []
    old = dict(before.scalars)
    changed = [(k, v) for k, v in after.scalars if k not in old or old[k] is not v and old[k] != v]
    return changed, list(after.writes)


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


class PassTable:
    """One pass through a loop: each line, and what it changed; central-difference notes where they apply."""

    def __init__(self, recording: Recording, frame: int, iteration: int, spec: Difference = Difference(),
                 current: int | None = None):
        self.recording, self.frame, self.iteration, self.spec, self.current = (
            recording, frame, iteration, spec, current)

    def rows(self):
        """(event, changes text) for the events of this pass."""
        items = frame_items(self.recording, self.frame)
        cell = None
        for k, event in enumerate(items):
            if isinstance(event, Gap) or event.iteration != self.iteration:
                continue
            after = items[k + 1] if k + 1 < len(items) else None
            if isinstance(after, Gap):
                after = None  # the line's effects fell into passes that were not kept
            changed, writes = effects(event, after)
            if cell is None and self.spec.saved in dict(after.scalars if after else ()):
                cell = dict(after.scalars)[self.spec.saved]
            note, cell = self._note(event, writes, cell)
            yield event, _changes_text(changed, writes, note)

    def _note(self, event: Event, writes: list, cell: object) -> tuple[Text | None, object]:
        """Central-difference notes: the value meant for x[idx] against the one stored; grad against exact."""
        spec, names = self.spec, dict(event.scalars)
        for write in writes:
            if write.name == spec.result and spec.exact and spec.saved in names:
                return self._exact_note(write, names), cell
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
        dtype = self._dtype(spec.array)
        note = styled("trace_meant", meant=(precise(meant), "bold"), stored=(precise(stored), "tutor.bad"),
                      dtype=(dtype or "?", "tutor.bad"))
        return note, stored

    def _dtype(self, name: str) -> str:
        """The dtype the recording saw for an array of this frame."""
        for event in frame_events(self.recording, self.frame):
            for array in event.arrays:
                if array.name == name:
                    return array.dtype
        return ""

    def _exact_note(self, write, names: dict) -> Text:
        """grad[idx] beside the exact derivative and the error."""
        value = write.cells[0][2]
        try:
            exact = _evaluate(self.spec.exact, names)
        except Exception as exc:
            return Text(f"  exact: {type(exc).__name__}", style="tutor.dim")
        error = value - exact
        style = "tutor.good" if abs(error) <= 1e-4 * max(1.0, abs(exact)) else "tutor.bad"
        return styled("trace_exact", exact=(precise(exact), "bold"), error=(number(error), style))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = Table.grid(padding=(0, 1))
        table.add_column(style="tutor.dim", justify="right", no_wrap=True)
        table.add_column(no_wrap=True, overflow="ellipsis", max_width=max(20, options.max_width // 2))
        table.add_column(overflow="fold")
        function = ""
        for event, changes in self.rows():
            function = event.function
            marker = "->" if self.current == event.seq else "  "
            line = Text(event.text.split("  #")[0], style="bold" if marker == "->" else "")
            table.add_row(f"{marker}{event.lineno}", line, changes)
        title = say("trace_pass", function=function, number=self.iteration)
        yield Panel(table, title=Text(title), title_align="left", border_style="tutor.accent")


def _changes_text(changed: list, writes: list, note: Text | None) -> Text:
    """`fxh1 = 61`, `x[0]: 5 → 4`, then any note."""
    text = Text()
    for name, value in changed:
        text.append(f"{name} = ", style="tutor.accent")
        text.append(precise(value) + "  ")
    for write in writes:
        for index, old, new in write.cells[:3]:
            text.append(f"{write.name}[{index}]", style="tutor.warn")
            text.append(f": {precise(old)} → ")
            text.append(precise(new), style="tutor.change")
            text.append("  ")
        if write.count > 3:
            text.append(say("trace_more_cells", count=write.count - 3) + "  ", style="tutor.dim")
    if note is not None:
        text.append_text(note)
    return text


class RecordingSummary:
    """A recorded call at a glance: the first pass of each looping frame, the gaps, the result."""

    def __init__(self, recording: Recording, spec: Difference = Difference(), limit: int = 2):
        self.recording, self.spec, self.limit = recording, spec, limit

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        recording = self.recording
        shown = [p for p in loop_passes(recording) if p[1] == 0][:self.limit]
        parts: list = [PassTable(recording, f, i, self.spec) for f, i in shown]
        gaps = [item for item in recording.items if isinstance(item, Gap)]
        for gap in gaps:
            parts.append(Text(say("trace_gap", function=gap.function, frame=gap.frame, first=gap.first, last=gap.last,
                                  events=gap.events), style="tutor.dim"))
        outcome = (Text(say("trace_raised", error=recording.error), style="tutor.bad") if recording.error
                   else styled("trace_result", result=(recording.result_text, "bold")))
        kept = styled("trace_kept", label=(recording.label, "tutor.accent"), kept=len(recording.events),
                      seen=recording.seen)
        parts.append(Text.assemble(kept, outcome))
        yield Panel(Group(*parts), title=Text(f"trace {recording.label}"), title_align="left", border_style="tutor.accent")


class EventView:
    """One event, for walking a recording: where it is, and the pass it belongs to."""

    def __init__(self, recording: Recording, position: int, spec: Difference = Difference()):
        self.recording, self.position, self.spec = recording, position, spec

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        events = self.recording.events
        event = events[self.position]
        head = Text.assemble((say("trace_event", number=self.position + 1, total=len(events)), "bold"),
                             say("trace_where", function=event.function, line=event.lineno, number=event.iteration),
                             (event.kind, "tutor.dim"), (f"  {event.returned}" if event.kind == "return" else "", "tutor.accent"))
        yield head
        yield PassTable(self.recording, event.frame, event.iteration, self.spec, current=event.seq)
        following = _next_in_frame(events, self.position)
        for array in following.arrays if following is not None else ():
            written = {i for w in following.writes if w.name == array.name for i, _, _ in w.cells}
            yield _window_text(array, written)


def _next_in_frame(events: list[Event], position: int) -> Event | None:
    """The frame's next event: it holds the effects of the current line."""
    frame = events[position].frame
    return next((e for e in events[position + 1:] if e.frame == frame), None)


def _window_text(array, written: set[int]) -> Text:
    """`x (2,) int64  [5 ⟨4⟩]`: the array around the written cell, that cell highlighted."""
    text = Text.assemble((array.name, "tutor.name"), f" {tuple(array.shape)} {array.dtype}  ")
    text.append("… " if array.start else "[")
    for offset, value in enumerate(array.window):
        index = array.start + offset
        text.append(precise(value), style="tutor.written" if index in written else "")
        text.append(" " if offset < len(array.window) - 1 else "")
    size = 1
    for extent in array.shape:
        size *= extent
    text.append(" …" if array.start + len(array.window) < size else "]")
    if written:
        text.append(f"   cell {min(written)} written by this line", style="tutor.dim")
    return text
