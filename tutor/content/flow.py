"""Steps that can never happen: after the debugger quits, or after a `c` with no breakpoint to stop at.

Sound, never guessing: `c` stops only at a breakpoint (the script has no breakpoint() of its own,
and tutor does no post-mortem). A breakpoint set on a line this walk cannot compute (a function
name, a file:line) turns the breakpoint rules off from there on.
"""
from __future__ import annotations

import re
from types import MappingProxyType
from typing import Callable, Mapping

from tutor.model.script import Script

QUIT = {"q", "quit", "exit", "EOF"}
CONTINUE = {"c", "cont", "continue"}
BREAK = {"b", "break", "tbreak"}
_TARGET = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)([+-]\d+)?\}$|^(\d+)$")
_OWN_DEBUGGER = re.compile(r"\bbreakpoint\(|set_trace\(")

Place = tuple["str | None", int]  # a breakpoint: the file of a line in another file (None: the script), the line
Report = Callable[[int, str | None, str], None]  # step, key to point at (None: the step), message


def flow(steps: list[dict], script: Script | None, numbers: dict[str, int] | None, report: Report,
         elsewhere: Mapping[str, str] = MappingProxyType({})) -> None:
    """Report the steps the debugger can never reach, and `c` steps that cannot stop where they expect.

    `elsewhere` gives the file of each line name that is not in the script: a breakpoint is a file and a line.
    """
    sure = script is not None and numbers is not None and not _OWN_DEBUGGER.search(script.text)
    breakpoints: set[Place] = set()
    places = _Places(numbers or {}, elsewhere)
    for n, step in enumerate(steps, start=1):
        command = step.get("pdb")
        if not isinstance(command, str):
            if _OWN_DEBUGGER.search(repr(step.get("python") or step.get("exercise"))):
                sure = False  # Python that starts a debugger of its own
            continue
        word, _, rest = command.strip().partition(" ")
        if word in QUIT:
            unreachable(n + 1, len(steps), f"step {n} ({command.strip()!r}) quits the debugger", report)
            return
        sure = _breakpoint(word, rest, places, breakpoints) and sure
        if word not in CONTINUE or rest.strip() or not sure:
            continue
        _expected_stop(step, n, command, places, breakpoints, report)
        if not breakpoints and n < len(steps):
            unreachable(n + 1, len(steps), f"step {n} ({command.strip()!r}) runs the program to its end: "
                        "no earlier step sets a breakpoint", report)
            return


class _Places:
    """Where each line name stands: its file (None for the script) and its line."""

    def __init__(self, numbers: dict[str, int], elsewhere: Mapping[str, str]):
        self.numbers, self.elsewhere = numbers, elsewhere

    def of(self, name: str, offset: int = 0) -> Place:
        return self.elsewhere.get(name), self.numbers[name] + offset

    def said(self, name: str) -> str:
        """The line as a message names it: `line 11`, or `line 11 of layer_naive.py`."""
        file = self.elsewhere.get(name)
        return f"line {self.numbers[name]}" + (f" of {file}" if file else "")


def _breakpoint(word: str, rest: str, places: _Places, breakpoints: set[Place]) -> bool:
    """Add the line a `b` sets; False when this walk can no longer follow breakpoints."""
    if word in BREAK and rest.strip():
        target = _TARGET.match(rest.split(",")[0].strip())
        if target is None or (target.group(1) and target.group(1) not in places.numbers):
            return False
        if target.group(3):
            breakpoints.add((None, int(target.group(3))))
        else:
            breakpoints.add(places.of(target.group(1), int(target.group(2) or 0)))
    elif word in ("alias", "commands", "debug", "run", "restart") or word.startswith("!"):
        return False  # these can set breakpoints or start over in ways this walk does not follow
    return True


def _expected_stop(step: dict, n: int, command: str, places: _Places, breakpoints: set[Place],
                   report: Report) -> None:
    """A `c` whose expect.line names a line with no breakpoint on it."""
    expect = step.get("expect") if isinstance(step.get("expect"), dict) else {}
    name = expect.get("line")
    if isinstance(name, str) and name in places.numbers and places.of(name) not in breakpoints:
        report(n, "line", f"step {n} expects to stop at {name} ({places.said(name)}), but no earlier step sets a "
               f"breakpoint there, so {command.strip()!r} cannot stop on it")


def unreachable(first: int, last: int, why: str, report: Report) -> None:
    """Steps first to last, in one message on the first's header."""
    if first <= last:
        which = f"step {first}" if first == last else f"steps {first} to {last}"
        report(first, None, f"{which} can never be reached: {why}")
