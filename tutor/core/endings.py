"""How the learner's program ended, in the words `python script` would use: its traceback and one line of it."""
from __future__ import annotations

import os
import traceback


def told(exc: BaseException, script: str, debuggers_own: tuple[str, ...]) -> str:
    """The traceback of the learner's program from its script's first frame, as `python script` shows it."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != script:
        tb = tb.tb_next
    if tb is None:  # raised before the script ran a line: everything but the debugger's own frames
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename in debuggers_own:
            tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def cause(exc: BaseException, script: str) -> str:
    """The exception in one line, and the last line of the script it passed through."""
    said = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    lines = [line for frame, line in traceback.walk_tb(exc.__traceback__) if frame.f_code.co_filename == script]
    return f"{said} (line {lines[-1]} of {os.path.basename(script)})" if lines else said
