"""Record what happens inside a call, line by line, as plain data (arrays: their in-place writes).

Scale: the first HEAD passes through a loop (per frame, counted by backward jumps) are recorded
in full as they run. After that each pass is kept cheaply (the frame's names; copies of the small
arrays its lines may change, while large ones are diffed at once, which is cheaper than copying
them) in a window of the last TAIL passes and the loop's exit check; a pass leaving the window
is dropped and only counted in a Gap. When the loop's frame returns, the passes still in the
window are turned into full events. Memory is bounded by the loop's body, not its length.

Events come from one of two sources, with the same results: sys.settrace (every version) or
sys.monitoring (Python 3.12+, tutor/core/monitoring.py). See default_backend() for the choice.
"""
from __future__ import annotations

import ast
import linecache
import os
import sys
from collections import deque
from dataclasses import dataclass, field
from types import FrameType
from typing import Callable

import numpy as np

from tutor.model.recording import ArrayState, Event, Gap, Recording, Write, changed_indices, changed_cells
from tutor.model.values import short

HEAD, TAIL = 3, 2  # passes through a loop kept in full at its start and at its end
_SCALARS = (int, float, bool, complex, np.number, np.bool_)
_SCALAR_TYPES = frozenset({int, float, bool, complex, np.float64, np.float32, np.int64, np.int32, np.bool_,
                           np.complex128, np.uint8, np.int8, np.int16, np.uint16, np.uint32, np.uint64,
                           np.float16})
_ALL = None  # suspects=_ALL: every array may have changed
_SMALL = 4096  # arrays up to this many bytes are compared as bytes (fast); larger ones cell by cell
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
class _FrameState:
    number: int
    depth: int
    filename: str
    function: str
    last_line: int = 0
    iteration: int = 0
    copies: dict = field(default_factory=dict)  # name -> (array, flat copy) for eager diffs
    lazy: dict = field(default_factory=dict)  # name -> flat copy, shared between cheap events


# An event kept cheaply inside a pass that may be dropped (a plain tuple: it is made 10^5 times):
# (seq, frame state, kind, lineno, iteration, names, small-array copies, large-array writes,
#  large-array states, returned); _expand turns the ones that are kept into Events.
_Cheap = tuple


class Recorder:
    """A context manager that traces calls into `files` (up to `depth` levels) and restores the old tracer.

    backend: "settrace" or "monitoring" (3.12+); None picks default_backend(). When the automatic
    choice is monitoring and no sys.monitoring tool id is free, the recording falls back to settrace
    (self.backend then says which one ran).
    """

    def __init__(self, files: set[str], depth: int = 2, head: int = HEAD, tail: int = TAIL,
                 backend: str | None = None):
        self.files, self.max_depth, self.head, self.tail = set(files), depth, head, tail
        self._forced = backend is not None or bool(os.environ.get(BACKEND_VARIABLE, "").strip())
        self.backend = _checked(backend, "Recorder") if backend is not None else default_backend()
        self._source = None  # the sys.monitoring event source while it runs
        self.frames: dict[FrameType, _FrameState] = {}
        self.recording = Recording("")
        self._frames_seen = 0
        self._eliding: _FrameState | None = None
        self._buckets: deque = deque()
        self._gap: Gap | None = None

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
        try:
            if source is not None:
                source.stop()
        finally:
            sys.settrace(self._previous)
        self._flush()
        return False

    def record(self, label: str, call: Callable[[], object]) -> Recording:
        """Run call() under the recorder (also from inside a debugger) and return what was kept."""
        self.recording.label = label
        sys.call_tracing(self._run, (call,))
        return self.recording

    def _run(self, call: Callable[[], object]) -> None:
        """The traced run; an exception from the call is kept as text, Ctrl-C is not swallowed."""
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

    def _begin(self, frame: FrameType) -> _FrameState | None:
        """A frame of the files starts (or resumes): keep its call event, unless it is too deep."""
        parent = self.frames.get(frame.f_back)
        depth = parent.depth + 1 if parent else 1
        if depth > self.max_depth:
            return None
        code = frame.f_code
        state = _FrameState(number=self._frames_seen, depth=depth, filename=code.co_filename, function=code.co_name)
        self._frames_seen += 1
        self.frames[frame] = state
        self._keep(frame, state, "call", frame.f_lineno, _ALL)
        return state

    def _tracer_for(self, state: _FrameState) -> Callable:
        """The local trace function of one frame (a closure: no lookups on the hot path)."""
        keep, next_pass, filename = self._keep, self._next_pass, state.filename

        def on_event(frame: FrameType, event: str, arg) -> Callable:
            if event == "line":
                lineno, last = frame.f_lineno, state.last_line
                if lineno <= last:  # a backward jump starts a pass: check every array once per pass
                    next_pass(state)
                    keep(frame, state, "line", lineno, _ALL)
                else:
                    keep(frame, state, "line", lineno, _may_change(filename, last) if last else _ALL)
                state.last_line = lineno
            elif event == "return":
                self._returned(frame, state, arg)
            elif event == "exception":
                self._raised(frame, state, arg[0], arg[1])
            return on_event

        return on_event

    def _line(self, frame: FrameType, state: _FrameState, lineno: int) -> None:
        """A line is about to run (on_event above does the same inline, it is the hot path there)."""
        last = state.last_line
        if lineno <= last:
            self._next_pass(state)
            self._keep(frame, state, "line", lineno, _ALL)
        else:
            self._keep(frame, state, "line", lineno, _may_change(state.filename, last) if last else _ALL)
        state.last_line = lineno

    def _raised(self, frame: FrameType, state: _FrameState, kind: type, exc: BaseException) -> None:
        """An exception is raised in the frame or comes up into it from a call."""
        self._keep(frame, state, "exception", frame.f_lineno, _ALL, f"{kind.__name__}: {exc}")

    def _returned(self, frame: FrameType, state: _FrameState, value: object) -> None:
        """The frame returns: keep the event, end its elided loop, forget the frame."""
        self._keep(frame, state, "return", frame.f_lineno, _may_change(state.filename, state.last_line),
                   short(value))
        if self._eliding is state:
            self._flush()
        del self.frames[frame]

    # -- keeping and eliding -------------------------------------------------------------------

    def _next_pass(self, state: _FrameState) -> None:
        """A backward jump: the frame starts another pass through a loop."""
        state.iteration += 1
        if self._eliding is None and state.iteration >= self.head:
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
            self.recording.items.extend(_expand(cheap, seen) for cheap in bucket)
        self._buckets, self._gap = deque(), None

    def _keep(self, frame: FrameType, state: _FrameState, kind: str, lineno: int, suspects,
              returned: str = "") -> None:
        """File an event: in full now, or cheaply inside a pass that may be dropped."""
        seq = self.recording.seen = self.recording.seen + 1
        if self._eliding is not None and self._buckets:
            self._buckets[-1].append(_cheap(seq, frame, state, kind, lineno, suspects, returned))
            return
        scalars, writes, arrays = _look_at(frame.f_locals, state.copies, suspects)
        self.recording.items.append(Event(seq, state.number, state.depth, state.function, kind, lineno,
                                          _line_text(state.filename, lineno), state.iteration, scalars, writes,
                                          arrays, returned))


def _cheap(seq: int, frame: FrameType, state: _FrameState, kind: str, lineno: int, suspects,
           returned: str) -> _Cheap:
    """The frame's names; small arrays the last line may have changed are copied, large ones diffed."""
    names = frame.f_locals.copy()  # a dict on 3.11/3.12, a dict from 3.13's proxy; faster than dict()
    copies, writes, arrays = state.lazy, (), ()
    for name in (names if suspects is _ALL else suspects):
        value = names.get(name)
        if type(value) is not np.ndarray:
            continue
        if value.nbytes > _SMALL:
            write, array = _look_at_array(name, value, state.copies)
            writes += (write,) if write else ()
            arrays += (array,) if array else ()
            continue
        last = copies.get(name)
        if last is not None and last.size == value.size and last.tobytes() == value.tobytes():
            continue  # unchanged since the last cheap event: share its copy
        if copies is state.lazy:
            copies = dict(copies)
        copies[name] = value.reshape(-1).copy()
    state.lazy = copies
    return (seq, state, kind, lineno, state.iteration, names, copies, writes, arrays, returned)


def _look_at_array(name: str, value: np.ndarray, copies: dict) -> tuple[Write | None, ArrayState | None]:
    """An array's write since its last look, with its window; a new binding gets a baseline."""
    kept = copies.get(name)
    if kept is None or kept[0] is not value:
        flat = value.reshape(-1).copy()
        copies[name] = (value, flat)
        return None, _state(name, value.shape, str(value.dtype), flat, 0)
    write = _diff(name, value, kept[1])
    if write is None:
        return None, None
    return write, _state(name, value.shape, str(value.dtype), kept[1], write.cells[0][0])


def _expand(cheap: _Cheap, seen: dict) -> Event:
    """A cheap event made full: scalars filtered, writes diffed against the frame's previous copies."""
    seq, state, kind, lineno, iteration, names, copies, big_writes, big_arrays, returned = cheap
    before = seen.get(state.number)
    writes, arrays = (), ()
    for name, copy in copies.items():
        old = before.get(name) if before is not None else None
        if old is copy or name not in names:
            continue
        value = names[name]
        if old is None or old.shape != copy.shape:
            arrays += (_state(name, value.shape, str(value.dtype), copy, 0),)
            continue
        write = changed_cells(name, old, copy)
        if write is not None:
            writes += (write,)
            arrays += (_state(name, value.shape, str(value.dtype), copy, write.cells[0][0]),)
    writes, arrays = writes + big_writes, arrays + big_arrays
    seen[state.number] = copies
    scalars = tuple((k, v) for k, v in names.items() if type(v) in _SCALAR_TYPES or isinstance(v, _SCALARS))
    return Event(seq, state.number, state.depth, state.function, kind, lineno, _line_text(state.filename, lineno),
                 iteration, scalars, writes, arrays, returned)


def _look_at(names, copies: dict, suspects: frozenset | None) -> tuple[tuple, tuple, tuple]:
    """Scalars by value; arrays by what changed since the last look (copies are updated in place)."""
    scalars, writes, arrays = [], (), ()
    ndarray, scalar_types = np.ndarray, _SCALAR_TYPES
    for name, value in names.items():
        kind = type(value)
        if kind in scalar_types:
            scalars.append((name, value))
        elif kind is ndarray:
            kept = copies.get(name)
            if kept is None or kept[0] is not value or suspects is _ALL or name in suspects:
                write, array = _look_at_array(name, value, copies)
                writes += (write,) if write else ()
                arrays += (array,) if array else ()
        elif isinstance(value, _SCALARS):
            scalars.append((name, value))
    return tuple(scalars), writes, arrays


def _diff(name: str, value: np.ndarray, previous: np.ndarray) -> Write | None:
    """The cells of `value` that differ from its flat copy (NaN equal to NaN); the copy catches up."""
    flat = value.reshape(-1)
    if previous.nbytes <= _SMALL and previous.tobytes() == flat.tobytes():
        return None
    changed = changed_indices(previous, flat)
    if not changed.size:
        return None
    write = changed_cells(name, previous, flat, changed=changed)
    previous[changed] = flat[changed]
    return write


def _state(name: str, shape: tuple, dtype: str, flat: np.ndarray, around: int, width: int = 5) -> ArrayState:
    """A few values of a flat copy around a flat index."""
    start = max(0, min(around - width // 2, flat.size - width))
    return ArrayState(name, shape, dtype, start, tuple(flat[start:start + width].tolist()))


_TEXT: dict = {}
_SUSPECTS: dict = {}


def _line_text(filename: str, lineno: int) -> str:
    """A source line, stripped, read once."""
    key = (filename, lineno)
    text = _TEXT.get(key)
    if text is None:
        text = _TEXT[key] = linecache.getline(filename, lineno).strip()
    return text


def _may_change(filename: str, lineno: int) -> frozenset | None:
    """Names a line may change in place: item or attribute stores, augmented assignments, names
    passed to a call or whose method is called. None (all) when the line cannot be parsed alone."""
    key = (filename, lineno)
    if key in _SUSPECTS:
        return _SUSPECTS[key]
    names = _suspects_of(_line_text(filename, lineno))
    _SUSPECTS[key] = names
    return names


def _suspects_of(text: str) -> frozenset | None:
    """The analysis behind _may_change, on one line of source."""
    code = text.rstrip()
    for candidate in (code, code + " pass", code.removeprefix("elif ").removeprefix("else") + " pass"):
        try:
            tree = ast.parse(candidate)
            break
        except SyntaxError:
            continue
    else:
        return _ALL
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.add(_base_name(node))
        elif isinstance(node, ast.AugAssign):
            found.add(_base_name(node.target))
        elif isinstance(node, ast.Call):  # an argument that is an array or a slice of one (x.size is not)
            found.update(_base_name(arg) for arg in node.args if not isinstance(arg, ast.Attribute))
            found.update(_base_name(kw.value) for kw in node.keywords if not isinstance(kw.value, ast.Attribute))
            if isinstance(node.func, ast.Attribute):
                found.add(_base_name(node.func.value))
    found.discard(None)
    return frozenset(found)


def _base_name(node: ast.AST) -> str | None:
    """x for x, x[i], x.flat[i], x.T, x[...].real."""
    while isinstance(node, (ast.Subscript, ast.Attribute, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None
