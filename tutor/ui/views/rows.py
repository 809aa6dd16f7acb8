"""How `for idx, x in enumerate(X)` splits a 2-D array: the row handed over this turn."""
from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tutor.model.rows import RowSplit
from tutor.ui.views.numbers import preview, shape_text
from tutor.ui.words import Words


class RowSplitView:
    """The enumerated array with the current row highlighted and what the loop variable received."""

    def __init__(self, split: RowSplit, words: Words | None = None):
        self.words = words or Words()
        self.split = split

    def header(self) -> Text:
        """This turn in one short line: the index and the row it picked."""
        s = self.split
        return Text.assemble((f"{s.index_name} = {s.index}", "tutor.change"), "  →  ",
                             (f"{s.item_name} = {s.array_name}[{s.index}]", "bold"),
                             self.words("rows_count", rows=s.shape[0]))

    def table(self) -> Table:
        """The rows worth drawing, with gaps marked, the current one highlighted."""
        s = self.split
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True, style="tutor.accent")
        table.add_column(overflow="fold")
        table.add_column(no_wrap=True)
        previous = -1
        for number, row in s.rows:
            if number > previous + 1:
                table.add_row("  ⋮", "", "")
            current = number == s.index
            arrow = Text(f"← {s.item_name}", style="tutor.change") if current else Text("")
            table.add_row(f"{s.array_name}[{number}]", Text(preview(row), style="tutor.highlight" if current else ""),
                          arrow)
            previous = number
        return table

    def footer(self) -> Text:
        """What the loop variable now is: its shape and whether it is that very row."""
        s = self.split
        relation = self.words("rows_view" if s.item_is_row else "rows_copy", index=s.index, array=s.array_name)
        return self.words.styled("rows_footer", array=(s.array_name, "tutor.name"), shape=shape_text(s.shape),
                      item=(s.item_name, "tutor.name"), item_shape=(shape_text(s.item.shape), "bold"),
                      size=s.item.size, dtype=str(s.item.dtype), relation=relation)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        title = f"for {self.split.index_name}, {self.split.item_name} in enumerate({self.split.array_name})"
        body = Table.grid()
        body.add_row(self.header())
        body.add_row(self.table())
        body.add_row(self.footer())
        yield Panel(body, title=Text(title), title_align="left", border_style="tutor.warn")
