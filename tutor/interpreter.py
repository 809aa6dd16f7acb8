"""The Python console that pdb's `interact` opens, with its input and output injected."""
from __future__ import annotations

import code
import contextlib
import sys
from typing import Callable, TextIO

# What plain pdb prints around `interact`, per version (checked against pdb by tests/test_fidelity.py).
if sys.version_info >= (3, 13):
    BANNER, EXIT_MESSAGE = "*pdb interact start*", "*exit from pdb interact command*"
else:
    BANNER, EXIT_MESSAGE = "*interactive*", "now exiting InteractiveConsole..."


class FrameInterpreter(code.InteractiveConsole):
    """An InteractiveConsole whose lines come from `read` and whose output goes to `out`."""

    def __init__(self, namespace: dict, read: Callable[[str, dict], str], out: TextIO):
        super().__init__(namespace)
        self._read, self._out = read, out

    def raw_input(self, prompt: str = "") -> str:
        """Ask the player for a line; it raises EOFError to leave and KeyboardInterrupt to cancel."""
        return self._read(prompt, self.locals)

    def write(self, data: str) -> None:
        """Tracebacks and banners go to the same stream as everything else."""
        self._out.write(data)

    def runcode(self, code_object) -> None:
        """Run a line with print() and the REPL's echo sent to the injected stream."""
        with contextlib.redirect_stdout(self._out):
            super().runcode(code_object)

    def run(self) -> None:
        """The session pdb's `interact` runs, with pdb's own banner and farewell."""
        self.interact(banner=BANNER, exitmsg=EXIT_MESSAGE)
