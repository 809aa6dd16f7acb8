"""A mask over an array: the cells that pass their value on, and the ones it blocks, drawn from the live arrays."""
from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tutor.model.mask import MaskPicture
from tutor.ui.views.numbers import number
from tutor.ui.words import Words


class MaskView:
    """Each cell of the values: its number where it passes, ✗ where the mask blocks it; then how many pass."""

    def __init__(self, picture: MaskPicture, words: Words | None = None):
        self.words = words or Words()
        self.picture = picture

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        p = self.picture
        table = Table.grid(padding=(0, 2))
        for _ in range(max(len(row) for row in p.cells)):
            table.add_column(justify="right", no_wrap=True)
        for row in p.cells:
            table.add_row(*(Text("✗", style="tutor.bad") if cut else Text(number(value), style="tutor.good")
                            for value, cut in row))
        more = len(p.cells) < (p.shape[0] if len(p.shape) == 2 else 1) or len(p.cells[0]) < p.shape[-1]
        footer = Text(self.words("mask_counts", passed=p.size - p.blocked, size=p.size, blocked=p.blocked,
                                 mask=p.blocked_name), style="tutor.dim")
        parts = [table, Text("⋯", style="tutor.dim")] if more else [table]
        title = self.words("mask_title", values=p.values_name, mask=p.blocked_name, shape=str(p.shape))
        yield Panel(Group(*parts, footer), title=Text(title), title_align="left", border_style="tutor.accent")
