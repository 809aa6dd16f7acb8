"""Watched expressions at a stop: the value, and what changed since the last stop."""
from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tutor.model.watch import Watched
from tutor.ui.views.numbers import number, preview, summary
from tutor.ui.words import Words

_CHANGE_STYLE = {"new": "tutor.good", "rebound": "tutor.type", "changed": "tutor.change", "": "tutor.dim"}


class WatchView:
    """One row per watched expression; arrays as summaries with the cells written since the last stop."""

    def __init__(self, watched: list[Watched], words: Words | None = None):
        self.words = words or Words()
        self.watched = watched

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="tutor.name", no_wrap=True)
        table.add_column(overflow="fold")
        table.add_column(no_wrap=True)
        for item in self.watched:
            label = Text(self.words("watch_error"), "tutor.bad") if item.error else Text(
                self.words(f"watch_{item.change or 'same'}"), _CHANGE_STYLE[item.change])
            table.add_row(Text(item.expression), _value_text(item), label)  # x[idx] stays literal
            if item.cells:
                table.add_row("", _cells_text(item, self.words), "")
        yield Panel(table, title=Text(self.words("watch_title")), title_align="left", border_style="tutor.type")


def _value_text(item: Watched) -> Text:
    """The value, an array's summary, or the error in red."""
    if item.value is None:
        return Text(item.error, style="tutor.bad")
    if item.value.array is not None:
        return Text(f"{summary(item.value.array)}  {preview(item.value.array)}")
    return Text(item.value.text)


def _cells_text(item: Watched, words: Words) -> Text:
    """`[3]: 0 → 1.5` for each written cell (flat index), and how many more."""
    text = Text()
    for index, old, new in item.cells:
        text.append(f"[{index}]", style="tutor.warn")
        text.append(f": {number(old)} → ")
        text.append(number(new), style="tutor.change")
        text.append("  ")
    if item.count > len(item.cells):
        text.append(words("watch_more", count=item.count - len(item.cells)), style="tutor.dim")
    return text
