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

        rows = [(value.name, summary(value.array), preview(value.array)) if value.array is not None
                else (value.name, value.type_name, value.text) for value in self.values]
        inner = options.max_width - 4  # the panel's borders and padding
        names = min(max(len(name) for name, _, _ in rows), inner // 4)
        words = _longest_word(rows, inner // 2)
        table = Table.grid(padding=(0, 2))
        table.add_column(style="tutor.name", no_wrap=True, overflow="ellipsis", max_width=names)
        table.add_column(style="tutor.type", no_wrap=True, overflow="ellipsis", max_width=max(inner - names - words - 4, 4))
        table.add_column(overflow="fold")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))  # not markup: '[/x]' is a value, not a tag
        yield Panel(table, title=Text(self.title), title_align="left", border_style="tutor.good")


def _longest_word(rows: list[tuple[str, str, str]], limit: int) -> int:
    """The longest number in the values (up to `limit`): the other columns give way to it, so numbers never break."""
    return min(limit, max((len(word) for _, _, text in rows for word in text.split()), default=1))
