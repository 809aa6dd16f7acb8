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

    def rest(self) -> str:
        """What the table leaves out, said: how many cells, and where the largest error is if not shown."""
        c = self.comparison
        said = self.words("compare_more", shown=len(c.cells), size=c.size)
        return said + (self.words("compare_worst", cell=_label(c.worst)) if c.worst else "")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        c = self.comparison
        table = Table(box=None, padding=(0, 1), show_edge=False)
        for column in (self.words("compare_cell"), c.got_name, c.want_name, ""):
            table.add_column(Text(column), justify="right" if column else "left", no_wrap=True)
        for index, got, want in c.cells:
            good = got == want or abs(got - want) <= c.tolerance  # inf is inf
            table.add_row(_label(index), number(got), number(want),
                          Text("✓", style="tutor.good") if good else Text("✗", style="tutor.bad"))
        body = Table.grid()
        body.add_row(self.verdict())
        if c.cells:
            body.add_row(table)
        if len(c.cells) < c.size:
            body.add_row(Text(self.rest(), style="tutor.dim"))
        yield Panel(body, title=Text(self.words("compare_title", got=c.got_name, want=c.want_name)), title_align="left", border_style="tutor.warn")


def _label(index: tuple[int, ...]) -> str:
    """A cell as numpy indexes it: [4] in a 1-D array, [1, 2] in a 2-D one, [()] the one cell of a 0-d array."""
    return f"[{', '.join(str(i) for i in index)}]" if index else "[()]"
