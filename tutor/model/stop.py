"""Where a program is paused and what its frame holds, copied from the live frame so views never touch it."""
from __future__ import annotations

import linecache
import types

from tutor.model.record import Record
from tutor.model.values import Value, describe, is_shown


CONTEXT = 5  # source lines kept above and below the current line


class SourceLine(Record):
    """One line of the listing around the current line."""

    number: int
    text: str
    is_current: bool
    has_breakpoint: bool


class Stop(Record):
    """Where the program is paused and what its frame holds."""

    __eq__, __ne__, __hash__ = object.__eq__, object.__ne__, object.__hash__  # two pictures of a stop are never equal: no array compared

    filename: str
    lineno: int
    function: str
    event: str
    source: tuple[SourceLine, ...]
    variables: tuple[Value, ...]


def source_window(filename: str, lineno: int, breakpoints: set[int]) -> tuple[SourceLine, ...]:
    """The lines around lineno, as pdb's `list` would pick them."""
    first = max(1, lineno - CONTEXT)
    lines = []
    for number in range(first, lineno + CONTEXT + 1):
        text = linecache.getline(filename, number)
        if not text:
            break
        lines.append(SourceLine(number, text.rstrip("\n"), number == lineno, number in breakpoints))
    return tuple(lines)


def take_stop(frame: types.FrameType, lineno: int, event: str,
              breakpoints: set[int], names: dict[str, object]) -> Stop:
    """Copy what the views need from a live frame."""
    variables = tuple(describe(k, v) for k, v in names.items() if is_shown(k, v))
    return Stop(filename=frame.f_code.co_filename, lineno=lineno, function=frame.f_code.co_name,
                event=event, source=source_window(frame.f_code.co_filename, lineno, breakpoints),
                variables=variables)
