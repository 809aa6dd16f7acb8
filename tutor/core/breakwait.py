"""On 3.12+, `continue` waits for a breakpoint with sys.monitoring, not sys.settrace.

There, sys.settrace instruments every line of all code, so a program runs more than twice slower
under any tracer (numpy's import: about 260 ms instead of 110), for plain pdb as for tutor. While the
debugger only waits for a breakpoint, less is enough (pdb 3.14's monitoring backend does the same):

* the frames already running that hold a breakpoint get LINE events of their own code (and JUMP, for
  a loop on one line), so the program runs at full speed until one reaches a breakpoint's line;
* every other code object gets one PY_START (or PY_RESUME, PY_THROW) event: code without a
  breakpoint line is disabled after it, code with one is traced by bdb from its first line;
* the program sees the tracer plain pdb waits with: sys.gettrace() gives bdb's, sys.settrace given it
  back changes nothing, and sys.settrace(None) or a tracer of the program's own ends the wait without a
  stop, as it would replace pdb's.

At the hand-over bdb's sys.settrace tracing takes over exactly as if it had traced all along, so
every stop, step and `next` is bdb's own. The frame an event is about is sys._getframe(1); the tool
id is given back as the recorder gives its own back (tutor.core.monitoring.give_back).
"""
from __future__ import annotations

import sys
import threading


TOOL_ID = 0  # sys.monitoring.DEBUGGER_ID
TOOL_NAME = "tutor debugger"
AVAILABLE = sys.version_info >= (3, 12)
_EVENTS = ("PY_START", "PY_RESUME", "PY_THROW", "LINE", "JUMP")


class BreakpointWait:
    """Watches code starts and the lines of running code until a breakpoint can be reached, then hands over."""

    current: "BreakpointWait | None" = None  # the wait holding the tool id, whichever debugger's it is

    def __init__(self, debugger: "ContinueWithoutTracing"):
        self.debugger = debugger
        self.thread: int | None = None  # the thread being debugged (settrace traces no other)
        self.running: list = []  # code objects of running frames given LINE events
        self.settrace, self.gettrace = sys.settrace, sys.gettrace  # the program's, while not waiting

    @property
    def waiting(self) -> bool:
        """Whether this wait holds the tool id now."""
        return self.thread is not None

    def start(self, running_codes: list) -> bool:
        """Stop tracing and start waiting; False, and nothing done, if another tool holds the debugger's id."""
        monitoring = sys.monitoring
        if monitoring.get_tool(TOOL_ID) is not None:
            return False
        monitoring.use_tool_id(TOOL_ID, TOOL_NAME)
        self.thread = threading.get_ident()
        BreakpointWait.current = self
        events = monitoring.events
        for event, callback in (("PY_START", self._started), ("PY_RESUME", self._started),
                                ("PY_THROW", self._thrown), ("LINE", self._line), ("JUMP", self._jump)):
            monitoring.register_callback(TOOL_ID, getattr(events, event), callback)
        monitoring.restart_events()  # what an earlier wait disabled may hold a breakpoint set since
        monitoring.set_events(TOOL_ID, events.PY_START | events.PY_RESUME | events.PY_THROW)
        self.running = list(running_codes)
        for code in self.running:
            monitoring.set_local_events(TOOL_ID, code, events.LINE | events.JUMP)
        sys.settrace(None)  # frames keep their f_trace: traced again from the hand-over on, as in bdb
        self.settrace, self.gettrace = sys.settrace, sys.gettrace
        sys.settrace, sys.gettrace = self._settrace_by_the_program, self._gettrace_by_the_program
        return True

    def stop(self) -> None:
        """Events off, callbacks cleared, the id given back; safe to call when not waiting."""
        if self.thread is None:
            return
        self.thread = None
        BreakpointWait.current = None
        if sys.settrace == self._settrace_by_the_program:
            sys.settrace = self.settrace
        if sys.gettrace == self._gettrace_by_the_program:
            sys.gettrace = self.gettrace
        from tutor.core.monitoring import give_back  # the recorder's module: loaded when a wait first ends

        try:
            give_back(TOOL_ID, self.running, _EVENTS)
        finally:
            self.running = []

    def _settrace_by_the_program(self, function) -> None:
        """sys.settrace while waiting: in the debugged thread another tracer (or None) replaces pdb's, so no
        breakpoint is reached any more and the wait ends; bdb's own given back changes nothing; in another
        thread it is that thread's."""
        if threading.get_ident() == self.thread:
            if function == self.debugger.trace_dispatch:
                return
            self.stop()
        self.settrace(function)

    def _gettrace_by_the_program(self):
        """sys.gettrace while waiting: in the debugged thread, bdb's tracer, as plain pdb's continue leaves it."""
        if threading.get_ident() == self.thread:
            return self.debugger.trace_dispatch
        return self.gettrace()

    def _started(self, code, offset):
        """A code object starts (or resumes): disable it for good, or hand its frame to bdb."""
        return self._entered(code, sys._getframe(1))

    def _thrown(self, code, offset, exception):
        """A generator resumed by .throw(): as a start, except that this event cannot be disabled."""
        self._entered(code, sys._getframe(1))

    def _line(self, code, lineno):
        """A line of a running frame that holds a breakpoint: bdb takes over if it is the breakpoint's line."""
        return self._reached(code, lineno, sys._getframe(1))

    def _jump(self, code, source, target):
        """A backward jump that stays on its line is that line again, for settrace (`for x in xs: f(x)`)."""
        if target > source:
            return sys.monitoring.DISABLE
        from tutor.core.monitoring import line_table  # the recorder's module: loaded at a loop's first turn

        lines = line_table(code)
        if lines.get(target) != lines.get(source):
            return sys.monitoring.DISABLE  # the LINE event at the target tells
        return self._reached(code, lines.get(target), sys._getframe(1))

    def _entered(self, code, frame):
        if self._not_ours():
            return None
        if not self.debugger.holds_breakpoint(code):
            return sys.monitoring.DISABLE
        self.stop()
        self.debugger.trace_from(frame)
        return None

    def _reached(self, code, lineno, frame):
        if self._not_ours():
            return None
        if lineno not in self.debugger.breakpoint_lines(code):
            return sys.monitoring.DISABLE
        self.stop()
        self.debugger.trace_at_line(frame)
        return None


    def _not_ours(self) -> bool:
        """Another thread (which plain pdb would not trace either), or a tracer set since the wait began: a
        debugger that started later (set_trace) replaced this one, as its sys.settrace replaces bdb's."""
        if threading.get_ident() != self.thread:
            return True
        if self.gettrace() is not None:
            self.stop()
            return True
        return False


class ContinueWithoutTracing:
    """The Bdb side: `continue` drops sys.settrace when it can; a breakpoint's code or line takes it back."""

    def set_continue(self):
        super().set_continue()
        wait = self.breakpoint_wait
        if not (self.breaks and AVAILABLE) or wait.waiting:
            return
        wait.start(self._codes_holding_breakpoints(sys._getframe(1)))

    def reset(self):
        """A debugging session starts (run, set_trace): a wait left by an earlier one ends, as the tracer
        its sys.settrace replaces would (a `continue` with breakpoints in a set_trace session never ends)."""
        if BreakpointWait.current is not None:
            BreakpointWait.current.stop()
        super().reset()

    def stop_waiting(self) -> None:
        """The run ends or Ctrl-C pauses it: no more monitoring callbacks."""
        self.breakpoint_wait.stop()

    def breakpoint_lines(self, code) -> list:
        """The breakpoints' lines in this code's file."""
        raw = code.co_filename
        return self.breaks.get(self.fncache.get(raw) or self.canonic(raw), ())

    def holds_breakpoint(self, code) -> bool:
        """Whether a line this code runs has a breakpoint (the only code `continue` needs traced)."""
        lines = self.breakpoint_lines(code)
        return bool(lines) and not code_lines(code).isdisjoint(lines)

    def trace_from(self, frame) -> None:
        """Trace `frame` from its first line on, and its callers as bdb would have since their call events."""
        local = self.trace_dispatch(frame, "call", None)
        if local is not None:
            frame.f_trace = local
        self._trace_callers(frame)
        sys.settrace(self.trace_dispatch)

    def trace_at_line(self, frame) -> None:
        """Trace on from this line of a running frame, starting with the line's own event (which may stop)."""
        if frame.f_trace is None:
            frame.f_trace = self.trace_dispatch
        self._trace_callers(frame)
        sys.settrace(self.trace_dispatch)  # settrace gives no event for the line already started: bdb gets it here
        self.trace_dispatch(frame, "line", None)

    def _trace_callers(self, frame) -> None:
        """The callers that started while waiting get the f_trace bdb's call event gives a file with a breakpoint."""
        caller = frame.f_back
        while caller is not None and caller is not self.botframe:
            if caller.f_trace is None and self.break_anywhere(caller):
                caller.f_trace = self.trace_dispatch
            caller = caller.f_back

    def _codes_holding_breakpoints(self, frame) -> list:
        """The code of each running frame, from `frame` to bdb's bottom one included, that can reach a breakpoint."""
        codes = []
        while frame is not None:
            if self.holds_breakpoint(frame.f_code):
                codes.append(frame.f_code)
            if frame is self.botframe:
                break
            frame = frame.f_back
        return codes


def code_lines(code) -> set:
    """The lines a code object runs, with its first line (where a breakpoint on a function's name sits)."""
    lines = {line for _start, _end, line in code.co_lines() if line is not None}
    lines.add(code.co_firstlineno)
    return lines
