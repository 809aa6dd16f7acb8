"""Steps that can never happen: after the debugger quits, or after a `c` with no breakpoint to stop at.

Sound, never guessing: `c` stops only at a breakpoint (the script has no breakpoint() of its own,
and tutor does no post-mortem). A breakpoint set on a line this walk cannot compute (a function
name, a file:line) turns the breakpoint rules off from there on.
"""
from __future__ import annotations

import re
from typing import Callable

from tutor.model.script import Script

QUIT = {"q", "quit", "exit", "EOF"}
CONTINUE = {"c", "cont", "continue"}
BREAK = {"b", "break", "tbreak"}
_TARGET = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)([+-]\d+)?\}$|^(\d+)$")
_OWN_DEBUGGER = re.compile(r"\bbreakpoint\(|set_trace\(")

Report = Callable[[int, str | None, str], None]  # step, key to point at (None: the step), message


def flow(steps: list[dict], script: Script | None, numbers: dict[str, int] | None, report: Report) -> None:
    """Report the steps the debugger can never reach, and `c` steps that cannot stop where they expect."""
    sure = script is not None and numbers is not None and not _OWN_DEBUGGER.search(script.text)
    breakpoints: set[int] = set()
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
        sure = _breakpoint(word, rest, numbers, breakpoints) and sure
        if word not in CONTINUE or rest.strip() or not sure:
            continue
        _expected_stop(step, n, command, numbers, breakpoints, report)
        if not breakpoints and n < len(steps):
            unreachable(n + 1, len(steps), f"step {n} ({command.strip()!r}) runs the program to its end: "
                        "no earlier step sets a breakpoint", report)
            return


def _breakpoint(word: str, rest: str, numbers: dict[str, int] | None, breakpoints: set[int]) -> bool:
    """Add the line a `b` sets; False when this walk can no longer follow breakpoints."""
    if word in BREAK and rest.strip():
        target = _TARGET.match(rest.split(",")[0].strip())
        if target is None or (target.group(1) and target.group(1) not in (numbers or {})):
            return False
        if target.group(3):
            breakpoints.add(int(target.group(3)))
        else:
            breakpoints.add(numbers[target.group(1)] + int(target.group(2) or 0))
    elif word in ("alias", "commands", "debug", "run", "restart") or word.startswith("!"):
        return False  # these can set breakpoints or start over in ways this walk does not follow
    return True


def _expected_stop(step: dict, n: int, command: str, numbers: dict[str, int], breakpoints: set[int],
                   report: Report) -> None:
    """A `c` whose expect.line names a line with no breakpoint on it."""
    expect = step.get("expect") if isinstance(step.get("expect"), dict) else {}
    name = expect.get("line")
    if isinstance(name, str) and name in numbers and numbers[name] not in breakpoints:
        report(n, "line", f"step {n} expects to stop at {name} (line {numbers[name]}), but no earlier step sets a "
               f"breakpoint there, so {command.strip()!r} cannot stop on it")


def unreachable(first: int, last: int, why: str, report: Report) -> None:
    """Steps first to last, in one message on the first's header."""
    if first <= last:
        which = f"step {first}" if first == last else f"steps {first} to {last}"
        report(first, None, f"{which} can never be reached: {why}")
