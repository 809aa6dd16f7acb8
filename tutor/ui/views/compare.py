"""Two arrays side by side, cell by cell: which agree, and by how much the others miss."""
from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tutor.model.compare import Comparison
from tutor.ui.views.numbers import number, shape_text
from tutor.ui.words import Words


class CompareView:
    """`grad_xy` against `exact_xy`: a verdict line, then the first cells of the first rows."""

    def __init__(self, comparison: Comparison, words: Words | None = None):
        self.words = words or Words()
        self.comparison = comparison

    def verdict(self) -> Text:
        """How many cells agree, and the largest error."""
        c = self.comparison
        if c.problem:
            return Text(c.problem, style="tutor.bad")
        style = "tutor.good" if c.agree == c.size else "tutor.bad"
        return self.words.styled("compare_verdict", agree=(c.agree, style), size=(c.size, style), tolerance=f"{c.tolerance:g}",
                      error=number(c.largest), shape=shape_text(c.shape))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        c = self.comparison
        table = Table(box=None, padding=(0, 1), show_edge=False)
        for column in (self.words("compare_cell"), c.got_name, c.want_name, ""):
            table.add_column(Text(column), justify="right" if column else "left", no_wrap=True)
        for (row, col), got, want in c.cells:
            good = got == want or abs(got - want) <= c.tolerance  # inf is inf
            table.add_row(f"[{row}, {col}]", number(got), number(want),
                          Text("✓", style="tutor.good") if good else Text("✗", style="tutor.bad"))
        body = Table.grid()
        body.add_row(self.verdict())
        if c.cells:
            body.add_row(table)
        yield Panel(body, title=Text(self.words("compare_title", got=c.got_name, want=c.want_name)), title_align="left", border_style="tutor.warn")
