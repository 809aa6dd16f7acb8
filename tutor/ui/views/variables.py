"""The frame's variables: scalars as text, numpy arrays as shape, dtype, range and ends."""
from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.text import Text

from tutor.ui.words import Words

from tutor.model.values import Value
from tutor.ui.views.numbers import preview, summary


class VariablesView:
    """A table of Values; an array never prints more than its two ends."""

    def __init__(self, values: tuple[Value, ...], title: str = "variables", words: Words | None = None):
        self.words = words or Words()
        self.values, self.title = values, title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.values:
            yield Panel(Text(self.words("no_variables"), style="tutor.dim"), title=Text(self.title), title_align="left",
                        border_style="tutor.good")
            return
        from rich.table import Table  # the first stop has no variables: the table loads with the first one

        table = Table.grid(padding=(0, 2))
        table.add_column(style="tutor.name", no_wrap=True)
        table.add_column(style="tutor.type", no_wrap=True, overflow="ellipsis")
        table.add_column(overflow="fold")
        for value in self.values:
            if value.array is not None:
                table.add_row(Text(value.name), Text(summary(value.array)), Text(preview(value.array)))  # not markup
            else:
                table.add_row(Text(value.name), Text(value.type_name), Text(value.text))  # '[/x]' is a value, not a tag
        yield Panel(table, title=Text(self.title), title_align="left", border_style="tutor.good")
