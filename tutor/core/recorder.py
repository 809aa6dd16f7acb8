"""Record what happens inside a call, line by line, as plain data (arrays: their in-place writes).

Scale: the first HEAD passes through a loop (per frame, counted by backward jumps) are recorded
in full as they run. After that each pass is kept cheaply (the frame's names; copies of the small
arrays its lines may change, while large ones are diffed at once, which is cheaper than copying
them) in a window of the last TAIL passes and the loop's exit check; a pass leaving the window
is dropped and only counted in a Gap. When the loop's frame returns, the passes still in the
window are turned into full events. Memory is bounded by the loop's body, not its length.

The whole recording is bounded too. A function's first CALLS calls from one pass of one recorded caller
(or from code that is not recorded, all together) are recorded in full; later ones run untraced and are
only counted in a Calls item (with everything they call), except inside a loop's window, which bounds
them already (the passes kept at a loop's end show their calls). Past BUDGET kept events, the
events still looked at are counted in a Cut item instead of kept. A frame called by a frame of the files
that is not recorded (too deep, or a call left out) is not recorded either. While it runs, the recorder
tells `progress` (if given) the recording so far, every PROGRESS events or calls left out.

Events come from one of two sources, with the same results: sys.settrace (every version) or
sys.monitoring (Python 3.12+, tutor/core/monitoring.py). See default_backend() for the choice.
How a frame's variables are looked at is in tutor/core/snapshots.py; which names a line may change
in place, in tutor/core/lines.py.
"""
from __future__ import annotations

import os
import sys
from collections import deque
from dataclasses import dataclass, field
from types import FrameType
from typing import Callable

from tutor.core.lines import ALL, line_text, may_change
from tutor.core.snapshots import cheap, expand, look_at
from tutor.model.recording import Calls, Cut, Event, Gap, Recording
from tutor.model.values import short

HEAD, TAIL = 3, 2  # passes through a loop kept in full at its start and at its end
CALLS = 5  # calls of one function recorded in full; later ones are counted
BUDGET = 20_000  # events kept in full (the passes kept at the end of a loop begun before come on top)
PROGRESS = 4096  # events (or calls left out) between two calls of `progress`
BACKENDS = ("settrace", "monitoring")
BACKEND_VARIABLE = "TUTOR_TRACE_BACKEND"


def default_backend() -> str:
    """$TUTOR_TRACE_BACKEND if set (for benchmarks); else monitoring where sys.monitoring exists."""
    forced = os.environ.get(BACKEND_VARIABLE, "").strip()
    if forced:
        return _checked(forced, f"${BACKEND_VARIABLE}")
    return "monitoring" if hasattr(sys, "monitoring") else "settrace"


def _checked(backend: str, source: str) -> str:
    """A backend name that exists on this Python, or a ValueError saying why not."""
    if backend not in BACKENDS:
        raise ValueError(f"{source}: unknown recorder backend {backend!r}; choose {' or '.join(BACKENDS)}")
    if backend == "monitoring" and not hasattr(sys, "monitoring"):
        raise ValueError(f"{source}: the monitoring backend needs Python 3.12+ (this is "
                         f"{sys.version.split()[0]}); use settrace")
    return backend


@dataclass(slots=True)
class FrameState:
    """A traced frame's place in the recording, and the array copies its next diffs start from."""

    number: int
    depth: int
    filename: str
    function: str
    last_line: int = 0
    iteration: int = 0
    copies: dict = field(default_factory=dict)  # name -> (array, flat copy) for eager diffs
    lazy: dict = field(default_factory=dict)  # name -> flat copy, shared between cheap events


class Recorder:
    """A context manager that traces calls into `files` (up to `depth` levels) and restores the old tracer.

    backend: "settrace" or "monitoring" (3.12+); None picks default_backend(). When the automatic
    choice is monitoring and no sys.monitoring tool id is free, the recording falls back to settrace
    (self.backend then says which one ran).
    """

    def __init__(self, files: set[str], depth: int = 2, head: int = HEAD, tail: int = TAIL,
                 backend: str | None = None, calls: int = CALLS, budget: int = BUDGET,
                 progress: Callable[[Recording], None] | None = None):
        self.files, self.max_depth, self.head, self.tail = set(files), depth, head, tail
        self.calls, self.budget, self.progress = calls, budget, progress
        self._forced = backend is not None or bool(os.environ.get(BACKEND_VARIABLE, "").strip())
        self.backend = _checked(backend, "Recorder") if backend is not None else default_backend()
        self._source = None  # the sys.monitoring event source while it runs
        self.frames: dict[FrameType, FrameState] = {}
        self.recording = Recording("")
        self._frames_seen = 0
        self._eliding: FrameState | None = None
        self._buckets: deque = deque()
        self._gap: Gap | None = None
        self._calls_of: dict = {}  # code object -> its calls so far (recorded or not)
        self._calls_in: dict = {}  # (code,) or (code, caller's number, its pass) -> calls from there, outside windows
        self._left_out: dict = {}  # code object -> its Calls item
        self._cut: Cut | None = None
        self._kept = 0  # events kept in full
        self._root: FrameType | None = None  # the recorder's own frame: the recorded call runs below it

    # -- running -------------------------------------------------------------------------------

    def __enter__(self) -> "Recorder":
        self._previous = sys.gettrace()
        if self.backend == "monitoring":
            from tutor.core.monitoring import MonitoringSource, ToolBusy
            try:
                self._source = MonitoringSource(self).start()
            except ToolBusy:
                if self._forced:
                    raise
                self.backend = "settrace"
        # the recorder is the only tracer while it runs: the debugger's own stops are off meanwhile
        sys.settrace(self._on_call if self._source is None else None)
        return self

    def __exit__(self, *exc_info) -> bool:
        source, self._source = self._source, None
        sys.settrace(None)  # tutor's own code below is traced by no one: pdb would stop in it after a `s`
        try:
            if source is not None:
                source.stop()
            self._flush()
        finally:
            sys.settrace(self._previous)
        return False

    def record(self, label: str, call: Callable[[], object]) -> Recording:
        """Run call() under the recorder (also from inside a debugger) and return what was kept."""
        self.recording.label = label
        previous = sys.gettrace()
        sys.settrace(None)  # a debugger's tracer sees none of tutor's calls (3.13 reports the call to _run)
        try:
            sys.call_tracing(self._run, (call,))
        finally:
            sys.settrace(previous)
        return self.recording

    def _run(self, call: Callable[[], object]) -> None:
        """The traced run; an exception from the call is kept as text, Ctrl-C is not swallowed."""
        self._root = sys._getframe()
        with self:
            try:
                self.recording.result = call()
                self.recording.result_text = short(self.recording.result, 200)
            except Exception as exc:
                self.recording.error = f"{type(exc).__name__}: {exc}"

    # -- trace callbacks -----------------------------------------------------------------------

    def _on_call(self, frame: FrameType, event: str, arg) -> Callable | None:
        """Decide per new frame whether it is traced line by line; if so, give it its own tracer."""
        if event != "call" or frame.f_code.co_filename not in self.files:
            return None
        state = self._begin(frame)
        return None if state is None else self._tracer_for(state)

    def _begin(self, frame: FrameType) -> FrameState | None:
        """A frame of the files starts (or resumes): keep its call event, unless it is too deep or left out."""
        depth = self._depth(frame)
        if depth > self.max_depth:
            return None
        code = frame.f_code
        calls = self._calls_of[code] = self._calls_of.get(code, 0) + 1
        if self._eliding is None and self._past_first_calls(code, frame.f_back):  # a loop's window bounds its own
            self._leave_out(code, calls)
            return None
        state = FrameState(number=self._frames_seen, depth=depth, filename=code.co_filename, function=code.co_name)
        self._frames_seen += 1
        self.frames[frame] = state
        self._keep(frame, state, "call", frame.f_lineno, ALL)
        return state

    def _depth(self, frame: FrameType) -> int:
        """1 + its recorded caller's depth; 1 under other code; too deep under a frame of the files not recorded."""
        caller = frame.f_back
        parent = self.frames.get(caller)
        if parent is not None:
            return parent.depth + 1
        if caller is None or caller.f_code.co_filename not in self.files:
            return 1
        while caller is not None and caller is not self._root:  # a frame of the files below the recorder's
            caller = caller.f_back
        return 1 if caller is None else self.max_depth + 1

    def _past_first_calls(self, code, caller: FrameType | None) -> bool:
        """Past the first CALLS calls of a function from one pass of one recorded caller, or from code not recorded."""
        parent = self.frames.get(caller)
        key = (code,) if parent is None else (code, parent.number, parent.iteration)
        count = self._calls_in[key] = self._calls_in.get(key, 0) + 1
        return count > self.calls

    def _leave_out(self, code, number: int) -> None:
        """A call past the function's first few: counted in its Calls item (filed at the first one)."""
        item = self._left_out.get(code)
        if item is None:
            item = self._left_out[code] = Calls(code.co_name, number, number, 0)
            self.recording.items.append(item)
        item.last, item.count = number, item.count + 1
        if self.progress is not None and number % PROGRESS == 0:
            self.progress(self.recording)

    def _tracer_for(self, state: FrameState) -> Callable:
        """The local trace function of one frame (a closure: no lookups on the hot path)."""
        keep, next_pass, filename = self._keep, self._next_pass, state.filename

        def on_event(frame: FrameType, event: str, arg) -> Callable:
            if event == "line":
                lineno, last = frame.f_lineno, state.last_line
                if lineno <= last:  # a backward jump starts a pass: check every array once per pass
                    next_pass(state)
                    keep(frame, state, "line", lineno, ALL)
                else:
                    keep(frame, state, "line", lineno, may_change(filename, last) if last else ALL)
                state.last_line = lineno
            elif event == "return":
                self._returned(frame, state, arg)
            elif event == "exception":
                self._raised(frame, state, arg[0], arg[1])
            return on_event

        return on_event

    def _line(self, frame: FrameType, state: FrameState, lineno: int) -> None:
        """A line is about to run (on_event above does the same inline, it is the hot path there)."""
        last = state.last_line
        if lineno <= last:
            self._next_pass(state)
            self._keep(frame, state, "line", lineno, ALL)
        else:
            self._keep(frame, state, "line", lineno, may_change(state.filename, last) if last else ALL)
        state.last_line = lineno

    def _raised(self, frame: FrameType, state: FrameState, kind: type, exc: BaseException) -> None:
        """An exception is raised in the frame or comes up into it from a call."""
        self._keep(frame, state, "exception", frame.f_lineno, ALL, f"{kind.__name__}: {exc}")

    def _returned(self, frame: FrameType, state: FrameState, value: object) -> None:
        """The frame returns: keep the event, end its elided loop, forget the frame."""
        self._keep(frame, state, "return", frame.f_lineno, may_change(state.filename, state.last_line),
                   short(value))
        if self._eliding is state:
            self._flush()
        del self.frames[frame]

    # -- keeping and eliding -------------------------------------------------------------------

    def _next_pass(self, state: FrameState) -> None:
        """A backward jump: the frame starts another pass through a loop."""
        state.iteration += 1
        if self._eliding is None and state.iteration >= self.head and self._kept < self.budget:
            self._eliding, self._buckets, self._gap = state, deque(), None
        if self._eliding is state:
            self._buckets.append([])
            if len(self._buckets) > self.tail + 1:  # the last TAIL passes, and the loop's exit check
                self._drop(self._buckets.popleft())

    def _drop(self, bucket: list) -> None:
        """Count a pass that will not be kept."""
        state, passed = self._eliding, self._eliding.iteration - self.tail - 1
        if self._gap is None:
            self._gap = Gap(state.number, state.function, passed, passed, 0)
        self._gap.last = passed
        self._gap.events += len(bucket)

    def _flush(self) -> None:
        """The eliding frame is done: emit the gap, then the passes kept at its end, in full."""
        state, self._eliding = self._eliding, None
        if state is None:
            return
        if self._gap is not None:
            self.recording.items.append(self._gap)
        seen: dict = {}
        for bucket in self._buckets:
            self.recording.items.extend(expand(kept, seen) for kept in bucket)
            self._kept += len(bucket)
        self._buckets, self._gap = deque(), None

    def _over_budget(self, seq: int) -> None:
        """An event past the budget: counted in the Cut item (filed at the first one)."""
        if self._cut is None:
            self._cut = Cut(self.budget, seq, seq, 0)
            self.recording.items.append(self._cut)
        self._cut.last = seq
        self._cut.events += 1

    def _keep(self, frame: FrameType, state: FrameState, kind: str, lineno: int, suspects,
              returned: str = "") -> None:
        """File an event: in full now, or cheaply inside a pass that may be dropped."""
        seq = self.recording.seen = self.recording.seen + 1
        if self.progress is not None and seq % PROGRESS == 0:
            self.progress(self.recording)
        if self._eliding is not None and self._buckets:
            self._buckets[-1].append(cheap(seq, frame, state, kind, lineno, suspects, returned))
            return
        if self._kept >= self.budget:
            self._over_budget(seq)
            return
        self._kept += 1
        scalars, writes, arrays = look_at(frame.f_locals, state.copies, suspects)
        self.recording.items.append(Event(seq, state.number, state.depth, state.function, kind, lineno,
                                          line_text(state.filename, lineno), state.iteration, scalars, writes,
                                          arrays, returned))

