"""The listing around the paused line, with pdb's B and -> markers, syntax highlighted."""
from __future__ import annotations

import os

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.text import Text

from tutor.model.stop import Stop
from tutor.ui.views.highlight import highlight

_EVENTS = {"call": " --Call--", "return": " --Return--", "exception": " --Exception--", "line": ""}


class SourceView:
    """Source lines of a Stop, numbered, marked and highlighted like a quiet editor."""

    def __init__(self, stop: Stop, syntax_theme: str = "ansi_dark", context: int | None = None):
        self.stop, self.syntax_theme, self.context = stop, syntax_theme, context

    def title(self) -> str:
        """Which file, line and function, as pdb names them."""
        stop = self.stop
        return f"{os.path.basename(stop.filename)}:{stop.lineno} in {stop.function}(){_EVENTS.get(stop.event, '')}"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.stop.source
        if self.context is not None:  # fewer lines around the current one (projector mode)
            lines = tuple(line for line in lines if abs(line.number - self.stop.lineno) <= self.context)
        code = "\n".join(line.text for line in lines).expandtabs(4)  # as rich's Syntax did: tab_size 4
        highlighted = highlight(code, self.syntax_theme)  # not rich's Syntax: pygments' lexer takes 30-70 ms to build
        number_width = len(str(lines[-1].number)) if lines else 1
        room = max(8, options.max_width - 4 - number_width - 5)  # panel borders and padding, gutter
        rows = []
        for line, text in zip(lines, highlighted):
            marker = ("B" if line.has_breakpoint else " ") + ("->" if line.is_current else "  ")
            text.truncate(room, overflow="ellipsis")
            row = Text.assemble((f"{line.number:>{number_width}} ", "tutor.dim"),
                                (marker, "tutor.bad" if line.has_breakpoint else "bold"), " ", text)
            if line.is_current:
                row.stylize("tutor.current")
            rows.append(row)
        yield Panel(Group(*rows), title=Text(self.title()), title_align="left", border_style="tutor.source", expand=True)
