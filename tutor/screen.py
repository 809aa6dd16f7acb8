"""The player's output edge: pdb's own text verbatim, rich views around it."""
from __future__ import annotations

from rich.console import Console, RenderableType


class Screen:
    """Writes to one rich Console; pdb's text goes out byte for byte (tabs kept)."""

    def __init__(self, console: Console):
        self.console = console
        self.file = console.file  # fixed now: the console may later redirect sys.stdout into the lesson

    def raw(self, text: str) -> None:
        """Text from pdb, the console or the program, exactly as produced."""
        if text:
            self.file.write(text)
            self.file.flush()

    def show(self, *renderables: RenderableType) -> None:
        """Rich views, each followed by nothing else."""
        for renderable in renderables:
            self.console.print(renderable)

    def echo(self, prompt: str, line: str | None) -> None:
        """A prompt with the line the lesson typed at it (None: Ctrl-D, which prints nothing)."""
        self.raw(prompt if line is None else f"{prompt}{line}\n")

    @property
    def width(self) -> int:
        """Columns available to the views."""
        return self.console.width
