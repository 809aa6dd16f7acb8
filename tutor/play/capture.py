"""The stream pdb, the console and the program write to: shown as it comes (or held, or dropped while replaying),
kept per step for its expectations."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.ui.screen import Screen

KEPT = 1_000_000  # characters of one step's output kept for its expectations: its first half and its last half


class Capture:
    """The stream pdb, the console and the program write to: passed to the screen (unless replaying) and kept per
    step, up to KEPT characters (a program that prints for hours during one `continue` is not kept whole)."""

    encoding = "utf-8"

    def __init__(self, screen: Screen):
        self.screen, self.parts, self.silent = screen, [], False
        self.held: list[tuple[str, bool]] | None = None  # while a prediction is asked, output waits here (text,
        # and whether it goes to the error stream)
        self.errors = _Errors(self)  # the stream the program's sys.stderr writes go to
        self.head: str | None = None  # the step's first KEPT // 2 characters, once it has written more than KEPT
        self.size = self.left_out = 0  # characters in parts; characters of this step not kept

    def write(self, text: str) -> int:
        return self.take_in(text, error=False)

    def take_in(self, text: str, error: bool) -> int:
        """Keep `text` for the step's checks, and show it (on the error stream if `error`) unless it is held or
        dropped."""
        self.parts.append(text)
        self.size += len(text)
        if self.size > KEPT:
            self._keep_the_ends()
        if self.held is not None:
            self.held.append((text, error))
        elif not self.silent:
            (self.screen.raw_error if error else self.screen.raw)(text)
        return len(text)

    def release(self) -> None:
        """Show what was held back while the learner predicted it, each part on its own stream, in order."""
        held, self.held = self.held or [], None
        if not self.silent:
            for text, error in held:
                (self.screen.raw_error if error else self.screen.raw)(text)

    def flush(self) -> None:
        """What the screen's stream still buffers goes out (the program flushed its print: input() does)."""
        if self.held is None and not self.silent:
            self.screen.flush()

    def isatty(self) -> bool:
        return False

    def take(self) -> str:
        """Everything written since the last take (its two ends, when it was longer than KEPT)."""
        text = "".join(self.parts)
        if self.head is not None:
            tail = text[-(KEPT // 2):]
            left_out = self.left_out + len(text) - len(tail)
            text = f"{self.head}\n[{left_out} characters of this output were not kept]\n{tail}"
        self.parts.clear()
        self.head, self.size, self.left_out = None, 0, 0
        return text

    def _keep_the_ends(self) -> None:
        """Keep the first half of KEPT once, and the last half: trimmed each time the parts reach KEPT again."""
        text = "".join(self.parts)
        if self.head is None:
            self.head, text = text[:KEPT // 2], text[KEPT // 2:]
        tail = text[-(KEPT // 2):]
        self.left_out += len(text) - len(tail)
        self.parts, self.size = [tail], len(tail)


class _Errors:
    """The program's sys.stderr, as the capture takes it: kept with the step's output, shown on the error stream.
    Only written and flushed (tutor.core.programout asks the real stderr everything else)."""

    def __init__(self, capture: Capture):
        self.capture = capture

    def write(self, text: str) -> int:
        return self.capture.take_in(text, error=True)

    def flush(self) -> None:
        self.capture.flush()
