"""The stream pdb and the console write to: shown as it comes (or held, or dropped while replaying), kept per step."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.ui.screen import Screen


class Capture:
    """The stream pdb and the console write to: passed to the screen (unless replaying) and kept per step."""

    encoding = "utf-8"

    def __init__(self, screen: Screen):
        self.screen, self.parts, self.silent = screen, [], False
        self.held: list[str] | None = None  # while a prediction is asked, output waits here

    def write(self, text: str) -> int:
        self.parts.append(text)
        if self.held is not None:
            self.held.append(text)
        elif not self.silent:
            self.screen.raw(text)
        return len(text)

    def release(self) -> None:
        """Show what was held back while the learner predicted it."""
        held, self.held = self.held or [], None
        if not self.silent:
            self.screen.raw("".join(held))

    def flush(self) -> None:
        """Writes are passed on (or held, or dropped while replaying) as they come: nothing to flush."""

    def isatty(self) -> bool:
        return False

    def take(self) -> str:
        """Everything written since the last take."""
        text = "".join(self.parts)
        self.parts.clear()
        return text
