"""The Python console that pdb's `interact` opens, with its input and output injected."""
from __future__ import annotations

import code
import contextlib
import sys
from typing import Callable, TextIO

from tutor.core.mainmodule import HardExit

# What plain pdb prints around `interact`, per version (checked against pdb by tests/test_fidelity.py).
if sys.version_info >= (3, 13):
    BANNER, EXIT_MESSAGE = "*pdb interact start*", "*exit from pdb interact command*"
else:
    BANNER, EXIT_MESSAGE = "*interactive*", "now exiting InteractiveConsole..."


class FrameInterpreter(code.InteractiveConsole):
    """An InteractiveConsole whose lines come from `read` and whose output goes to `out`."""

    def __init__(self, namespace: dict, read: Callable[[str, dict], str], out: TextIO,
                 hooks: dict[str, Callable[[str], None]] | None = None):
        namespace.setdefault("exit", _Leave("exit"))
        namespace.setdefault("quit", _Leave("quit"))
        super().__init__(namespace)
        self._read, self._out, self._leaving, self.hooks = read, out, False, hooks or {}

    def push(self, line: str, *args, **kwargs) -> bool:
        """tutor's own commands (`trace EXPR`, `watch NAME`) work here too: they are not Python."""
        word, _, rest = line.strip().partition(" ")
        if not self.buffer and word in self.hooks and rest.strip() and not _is_python(line.strip()):
            self.hooks[word](rest)
            return False
        return super().push(line, *args, **kwargs)

    def raw_input(self, prompt: str = "") -> str:
        """Ask the player for a line; it raises EOFError to leave and KeyboardInterrupt to cancel."""
        if self._leaving:
            raise EOFError
        return self._read(prompt, self.locals)

    def write(self, data: str) -> None:
        """Tracebacks and banners go to the same stream as everything else."""
        self._out.write(data)

    def runcode(self, code_object) -> None:
        """Run a line with print() and the REPL's echo sent to the injected stream."""
        with contextlib.redirect_stdout(self._out):
            try:
                exec(code_object, self.locals)
            except SystemExit:  # exit(), quit() or sys.exit() leave the console, never the program
                self._leaving = True
            except HardExit:  # os._exit ends the program's run, as the script's own would
                raise
            except BaseException:  # as InteractiveConsole.runcode: the traceback, and the console goes on
                self.showtraceback()

    def run(self) -> None:
        """The session pdb's `interact` runs, with pdb's own banner and farewell."""
        self.interact(banner=BANNER, exitmsg=EXIT_MESSAGE)


def _is_python(line: str) -> bool:
    """True when a line like `trace x` parses as Python after all (then Python wins)."""
    try:
        compile(line, "<console>", "single")
    except SyntaxError:
        return False
    return True


class _Leave:
    """exit and quit inside the console: leave it, as 3.13's pdb does, without closing stdin."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"Use {self.name}() or Ctrl-D (i.e. EOF) to exit"

    def __call__(self, code=None):
        raise SystemExit(code)
