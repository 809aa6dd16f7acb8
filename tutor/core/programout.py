"""The program's prints go where pdb's go, so whoever drives the debugger can show, hold or drop them with pdb's.

The way there is Python code (the driver's stream), which the program must not see: to the debugger, a print is
one call into C, as it is for plain pdb. So `step` never stops in it, nothing in it is traced, and a Ctrl-C that
lands in it pauses in the program's frame that printed (tutor.core.debugger reads WAYS_IN and `writing` at every
call, and asks `printing_frame` at a Ctrl-C).
"""
from __future__ import annotations

import contextlib
import sys
import threading
from typing import Iterator, TextIO


class _Writing(threading.local):
    depth = 0  # how many of this thread's writes are on their way (a signal that writes may land in one)


writing = _Writing()
_settrace, _gettrace = sys.settrace, sys.gettrace  # the interpreter's own: a breakpoint wait lends the program others
# On 3.11 the tracer is set aside while a print goes out (a cheap switch there, and the calls on the way then cost
# no Python call of the tracer each); on 3.12+ setting it re-instruments code, so the debugger lets them pass.
_SET_ASIDE = sys.version_info < (3, 12)


class ProgramStream:
    """sys.stdout (or sys.stderr) while the program runs: what it writes goes to the debugger's stream; anything else
    it asks (isatty, fileno, encoding, buffer) is the real stream's, so the program sees the terminal it runs in."""

    def __init__(self, real: TextIO, into: TextIO):
        self._real, self._into = real, into

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # as a text stream refuses it
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        tracer = _gettrace() if _SET_ASIDE else None  # _through's steps, written out: a print is the hot path
        if tracer is not None:
            _settrace(None)
        writing.depth += 1
        try:
            self._into.write(text)
        finally:
            writing.depth -= 1
            if tracer is not None:
                _settrace(tracer)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._through(self._into.flush)

    def _through(self, method, *arguments) -> None:
        """Call the stream's method untraced."""
        tracer = _gettrace() if _SET_ASIDE else None
        if tracer is not None:
            _settrace(None)
        writing.depth += 1
        try:
            method(*arguments)
        finally:
            writing.depth -= 1
            if tracer is not None:
                _settrace(tracer)

    def __getattr__(self, name: str):
        return getattr(self._real, name)

    def __repr__(self) -> str:  # `p sys.stdout` shows the stream plain pdb would show
        return repr(self._real)


WAYS_IN = frozenset(function.__code__ for function in (ProgramStream.write, ProgramStream.writelines,
                                                          ProgramStream.flush, ProgramStream._through,
                                                          ProgramStream.__getattr__, ProgramStream.__repr__))


def printing_frame(frame):
    """The frame to pause in when a signal lands in `frame`: the program's frame that printed, if it is printing."""
    if writing.depth == 0:
        return frame
    way_in = frame
    while way_in is not None and way_in.f_code not in WAYS_IN:
        way_in = way_in.f_back
    while way_in is not None and way_in.f_code in WAYS_IN:  # writelines calls write
        way_in = way_in.f_back
    return way_in or frame


@contextlib.contextmanager
def program_output(into: TextIO, errors: TextIO | None = None) -> Iterator[None]:
    """While the program runs, its sys.stdout writes go to `into`, and its sys.stderr writes (numpy's warnings) to
    `errors` if given; both are put back after, whatever the program set them to (as_main puts back the rest)."""
    real, real_errors = sys.stdout, sys.stderr
    sys.stdout = ProgramStream(real, into)
    if errors is not None:
        sys.stderr = ProgramStream(real_errors, errors)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = real, real_errors
