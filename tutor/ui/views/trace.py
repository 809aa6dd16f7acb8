"""Views of a recording: one pass through a loop line by line, the central difference, the whole call."""
from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tutor.model.passes import (Difference, Exact, ExactFailed, Meant, Note, PassRow, array_size, first_loop_passes,
                                left_out_before, pass_rows, written_windows)
from tutor.model.recording import ArrayState, Calls, Cut, Gap, Recording
from tutor.ui.views.numbers import number, precise
from tutor.ui.words import Words


class PassTable:
    """One pass through a loop: each line, and what it changed; central-difference notes where they apply."""

    def __init__(self, recording: Recording, frame: int, iteration: int, spec: Difference = Difference(),
                 current: int | None = None, words: Words | None = None):
        self.recording, self.frame, self.iteration, self.spec, self.current = (
            recording, frame, iteration, spec, current)
        self.words = words or Words()

    def rows(self):
        """(event, changes text) for the events of this pass; a return on the line just shown joins its row."""
        rows: list = []
        for row in pass_rows(self.recording, self.frame, self.iteration, self.spec):
            event, changes = row.event, _changes_text(row, self.words)
            if rows and event.kind == "return" and rows[-1][0].lineno == event.lineno:
                changes = Text.assemble(rows.pop()[1], changes)
            rows.append((event, changes))
        return rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = self.rows()
        source = [event.text.split("  #")[0] for event, _ in rows]
        indent = min((len(line) - len(line.lstrip()) for line in source if line.strip()), default=0)
        longest = max((len(word) for _, changes in rows for word in changes.plain.split()), default=1)
        table = Table.grid(padding=(0, 1))
        table.add_column(style="tutor.dim", justify="right", no_wrap=True)
        table.add_column(no_wrap=True, overflow="ellipsis",
                         max_width=max(20, min(options.max_width * 3 // 5, options.max_width - longest - 8)))
        table.add_column(overflow="fold")
        for (event, changes), line in zip(rows, source):
            marker = "->" if self.current == event.seq else "  "
            table.add_row(f"{marker}{event.lineno}", Text(line[indent:], style="bold" if marker == "->" else ""),
                          changes)
        function = rows[-1][0].function if rows else ""
        title = self.words("trace_pass", function=function, number=self.iteration)
        yield Panel(table, title=Text(title), title_align="left", border_style="tutor.accent")


def _changes_text(row: PassRow, words: Words) -> Text:
    """`fxh1 = 61`, `x[0]: 5 → 4`, then any note."""
    text = Text()
    for name, value in row.changed:
        text.append(f"{name} = ", style="tutor.accent")
        text.append(precise(value) + "  ")
    for write in row.writes:
        for index, old, new in write.cells[:3]:
            text.append(f"{write.name}[{index}]", style="tutor.warn")
            text.append(f": {precise(old)} → ")
            text.append(precise(new), style="tutor.change")
            text.append("  ")
        if write.count > 3:
            text.append(words("trace_more_cells", count=write.count - 3) + "  ", style="tutor.dim")
    note = _note_text(row.note, words)
    if note is not None:
        text.append_text(note)
    return text


def _note_text(note: Note, words: Words) -> Text | None:
    """A central-difference note in words: meant against stored, or grad against the exact derivative."""
    if isinstance(note, Meant):
        return words.styled("trace_meant", meant=(precise(note.meant), "bold"), stored=(precise(note.stored), "tutor.bad"),
                      dtype=(note.dtype or "?", "tutor.bad"))
    if isinstance(note, Exact):
        style = "tutor.good" if note.close else "tutor.bad"
        return words.styled("trace_exact", exact=(precise(note.exact), "bold"), error=(number(note.error), style))
    if isinstance(note, ExactFailed):
        return Text(f"  exact: {note.error}", style="tutor.dim")
    return None


class RecordingSummary:
    """A recorded call at a glance: the first pass of each looping frame, the gaps, the result."""

    def __init__(self, recording: Recording, spec: Difference = Difference(), limit: int = 2,
                 words: Words | None = None):
        self.recording, self.spec, self.limit, self.words = recording, spec, limit, words or Words()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        recording, words = self.recording, self.words
        parts: list = [PassTable(recording, f, i, self.spec, words=words)
                       for f, i in first_loop_passes(recording, self.limit)]
        parts.extend(left_out_text(item, words) for item in recording.left_out)
        # how many events were kept and what the call gave: pdb's own `traced ...` line, just above, says it
        yield Panel(Group(*parts), title=Text(f"trace {recording.label}"), title_align="left", border_style="tutor.accent")


class EventView:
    """One event, for walking a recording: where it is, and the pass it belongs to."""

    def __init__(self, recording: Recording, position: int, spec: Difference = Difference(),
                 words: Words | None = None):
        self.recording, self.position, self.spec, self.words = recording, position, spec, words or Words()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        events = self.recording.events
        event = events[self.position]
        head = Text.assemble((self.words("trace_event", number=self.position + 1, total=len(events)), "bold"),
                             self.words("trace_where", function=event.function, line=event.lineno, number=event.iteration),
                             (event.kind, "tutor.dim"))
        yield from (left_out_text(item, self.words) for item in left_out_before(self.recording, self.position))
        yield head
        if event.kind == "return":  # the value on a line of its own, where it has the width
            yield self.words.styled("trace_result", result=(event.returned, "tutor.accent"))
        yield PassTable(self.recording, event.frame, event.iteration, self.spec, current=event.seq, words=self.words)
        if self.position == len(events) - 1:  # what ran after the last kept event
            yield from (left_out_text(item, self.words) for item in left_out_before(self.recording, len(events)))
        for array, written in written_windows(events, self.position):
            yield _window_text(array, written)


def left_out_text(item: Gap | Calls | Cut, words: Words) -> Text:
    """One line for what ran but was not kept: a loop's middle passes, a function's later calls, the rest."""
    if isinstance(item, Gap):
        text = words("trace_gap", function=item.function, frame=item.frame, first=item.first, last=item.last,
                     events=item.events)
    elif isinstance(item, Calls):
        text = words("trace_calls", function=item.function, first=item.first, last=item.last, count=item.count)
    else:
        text = words("trace_cut", first=item.first, last=item.last, events=item.events, budget=item.budget)
    return Text(text, style="tutor.dim")


def _window_text(array: ArrayState, written: set[int]) -> Text:
    """`x (2,) int64  [5 ⟨4⟩]`: the array around the written cell, that cell highlighted."""
    text = Text.assemble((array.name, "tutor.name"), f" {tuple(array.shape)} {array.dtype}  ")
    text.append("… " if array.start else "[")
    for offset, value in enumerate(array.window):
        index = array.start + offset
        text.append(precise(value), style="tutor.written" if index in written else "")
        text.append(" " if offset < len(array.window) - 1 else "")
    text.append(" …" if array.start + len(array.window) < array_size(array) else "]")
    if written:
        text.append(f"   cell {min(written)} written by this line", style="tutor.dim")
    return text
