"""The recorder's events from sys.monitoring (PEP 669, Python 3.12+) instead of sys.settrace.

On 3.12+ CPython builds sys.settrace on sys.monitoring, so the events below are the ones a settrace
tracer gets, and the recording is the same (tests/test_trace_backends.py compares them):

    call       PY_START, PY_RESUME (a generator resumed), PY_THROW (one resumed by .throw())
    line       LINE, and a backward JUMP that stays on one line (`for i in r: t += i`)
    return     PY_RETURN, PY_YIELD, PY_UNWIND (an exception leaves the frame: returns None)
    exception  RAISE (raised here or coming up from a call), STOP_ITERATION

What it saves: code outside the recorded files costs one callback per code location (DISABLE), and
lines of the files are only watched in code objects that have had a recorded frame (local events).
Callbacks get no frame: sys._getframe(1) is the frame that the event is about.

The tool id is claimed for one recording and always given back with its events and callbacks
cleared (on 3.12 and 3.13 free_tool_id alone does not clear them).
"""
from __future__ import annotations

import sys
import threading

TOOL_IDS = (3, 4)  # the ids sys.monitoring leaves unnamed (0 debugger, 1 coverage, 2 profiler, 5 optimizer)
TOOL_NAME = "tutor recorder"


class ToolBusy(RuntimeError):
    """No sys.monitoring tool id of TOOL_IDS is free."""


class MonitoringSource:
    """Feeds a Recorder from sys.monitoring: start() claims a tool id, stop() gives it back."""

    def __init__(self, recorder):
        self.recorder = recorder
        self.tool: int | None = None
        self.watched: set = set()  # code objects given local events

    def start(self) -> "MonitoringSource":
        """Claim a free tool id and switch the events on; ToolBusy if every id is taken."""
        monitoring = sys.monitoring
        for tool in TOOL_IDS:
            if monitoring.get_tool(tool) is None:
                monitoring.use_tool_id(tool, TOOL_NAME)
                self.tool = tool
                break
        else:
            users = ", ".join(f"{tool}: {monitoring.get_tool(tool)}" for tool in TOOL_IDS)
            raise ToolBusy(f"no sys.monitoring tool id is free for the recorder ({users}); "
                           f"set TUTOR_TRACE_BACKEND=settrace")
        try:
            monitoring.restart_events()  # what a previous user of this id disabled is live again (other
            # tools see their disabled events again too, and disable them again: a cost, no harm)
            events = monitoring.events
            for event, callback in self._callbacks().items():
                monitoring.register_callback(self.tool, getattr(events, event), callback)
            monitoring.set_events(self.tool, _events("PY_START", "PY_RESUME", "PY_THROW", "PY_UNWIND", "RAISE"))
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Events off, callbacks cleared, the tool id given back; safe to call twice."""
        tool, self.tool = self.tool, None
        if tool is None:
            return
        try:
            give_back(tool, self.watched, _CALLBACK_EVENTS)
        finally:
            self.watched.clear()

    def _callbacks(self) -> dict:
        """The callbacks by event name: closures over what they need (they run up to 10^5 times a recording)."""
        on_start, on_throw = _start_callbacks(self.recorder, self.watched, self.tool)
        on_line, on_jump = _line_callbacks(self.recorder)
        on_return, on_unwind, on_raise = _leave_callbacks(self.recorder)
        return {"PY_START": on_start, "PY_RESUME": on_start, "PY_THROW": on_throw, "LINE": on_line,
                "JUMP": on_jump, "PY_RETURN": on_return, "PY_YIELD": on_return, "PY_UNWIND": on_unwind,
                "RAISE": on_raise, "STOP_ITERATION": on_raise}


def _start_callbacks(recorder, watched: set, tool: int) -> tuple:
    """PY_START/PY_RESUME and PY_THROW: a frame of the files starts; its code gets local events once."""
    files, frames, max_depth, begin = recorder.files, recorder.frames, recorder.max_depth, recorder._begin
    get_frame, get_ident, thread = sys._getframe, threading.get_ident, threading.get_ident()
    set_local_events, DISABLE = sys.monitoring.set_local_events, sys.monitoring.DISABLE
    local = _events("LINE", "JUMP", "PY_RETURN", "PY_YIELD", "STOP_ITERATION")

    def started(code, frame) -> None:
        if get_ident() == thread and begin(frame) is not None and code not in watched:
            watched.add(code)
            set_local_events(tool, code, local)  # applies at once, to this frame too

    def on_start(code, offset):  # PY_START, PY_RESUME
        if code.co_filename not in files:
            return DISABLE
        frame = get_frame(1)
        parent = frames.get(frame.f_back)
        if parent is None or parent.depth < max_depth:  # else too deep: a quick no (begin says it too)
            started(code, frame)

    def on_throw(code, offset, exc):
        if code.co_filename in files:
            started(code, get_frame(1))

    return on_start, on_throw


def _line_callbacks(recorder) -> tuple:
    """LINE, and JUMP: a backward jump that stays on its line is a line event too (settrace's)."""
    frames, line, get_frame, DISABLE = recorder.frames, recorder._line, sys._getframe, sys.monitoring.DISABLE
    lines_of: dict = {}

    def on_line(code, lineno):
        frame = get_frame(1)
        state = frames.get(frame)
        if state is not None:  # else: the same code deeper than the depth limit, or in another thread
            line(frame, state, lineno)

    def on_jump(code, source, target):
        if target > source:
            return DISABLE
        lines = lines_of.get(code)
        if lines is None:
            lines = lines_of[code] = line_table(code)
        lineno = lines.get(target)
        if lineno != lines.get(source):
            return DISABLE  # the LINE event at the target tells
        if lineno is not None:
            frame = get_frame(1)
            state = frames.get(frame)
            if state is not None:
                line(frame, state, lineno)

    return on_line, on_jump


def _leave_callbacks(recorder) -> tuple:
    """PY_RETURN/PY_YIELD, PY_UNWIND and RAISE/STOP_ITERATION: a recorded frame returns or raises."""
    frames, returned, raised, get_frame = recorder.frames, recorder._returned, recorder._raised, sys._getframe

    def on_return(code, offset, value):  # PY_RETURN, PY_YIELD
        frame = get_frame(1)
        state = frames.get(frame)
        if state is not None:
            returned(frame, state, value)

    def on_unwind(code, offset, exc):
        frame = get_frame(1)
        state = frames.get(frame)
        if state is not None:
            returned(frame, state, None)

    def on_raise(code, offset, exc):  # RAISE, STOP_ITERATION
        frame = get_frame(1)
        state = frames.get(frame)
        if state is not None:
            raised(frame, state, type(exc), exc)

    return on_return, on_unwind, on_raise


_CALLBACK_EVENTS = ("PY_START", "PY_RESUME", "PY_THROW", "LINE", "JUMP", "PY_RETURN", "PY_YIELD", "PY_UNWIND",
                    "RAISE", "STOP_ITERATION")


def _events(*names: str) -> int:
    """The event set of some sys.monitoring.events names."""
    flags = 0
    for name in names:
        flags |= getattr(sys.monitoring.events, name)
    return flags


def give_back(tool: int, local_codes, callback_events) -> None:
    """A tool id's events off, global and local, its callbacks cleared, the id freed (on 3.12 and 3.13
    free_tool_id alone does not clear them): the recorder's and the debugger's wait end this way."""
    monitoring = sys.monitoring
    try:
        monitoring.set_events(tool, 0)
        for code in local_codes:
            monitoring.set_local_events(tool, code, 0)
        for event in callback_events:
            monitoring.register_callback(tool, getattr(monitoring.events, event), None)
    finally:
        monitoring.free_tool_id(tool)


def line_table(code) -> dict:
    """Bytecode offset -> line number (None for lines of no line) of a code object."""
    return {offset: lineno for start, end, lineno in code.co_lines() for offset in range(start, end, 2)}
