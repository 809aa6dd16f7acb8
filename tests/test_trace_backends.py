"""The recorder's two event sources: settrace and sys.monitoring (3.12+) record exactly the same things,
and the monitoring one leaves the process as it found it (tracer, tool id, events, callbacks)."""
import io
import sys
import textwrap
import threading

import numpy as np
import pytest

from tutor.core.debugger import Listener, TutorDebugger
from tutor.content.locate import read_script
from tutor.core.recorder import BACKEND_VARIABLE, Recorder, default_backend
from tutor.model.recording import Gap

from tests.conftest import SCRIPT
from tests.helpers import loaded

monitoring_only = pytest.mark.skipif(sys.version_info < (3, 12), reason="sys.monitoring is new in Python 3.12")

SOURCE = textwrap.dedent("""\
    import numpy as np

    def bump(a, i):
        old = a[i]
        a[i] = old + 10
        return old

    def each(a):
        total = 0
        for i in range(a.size):
            total += bump(a, i)
        return total

    def first_above(a, limit):
        for i in range(a.size):
            a[i] *= 2
            if a[i] > limit:
                return i
        return -1

    def fact(n):
        if n <= 1:
            return 1
        return n * fact(n - 1)

    def boom(a):
        a[0] = -1
        raise ValueError("no")

    def survives(a):
        try:
            boom(a)
        except ValueError as exc:
            a[1] = 5
        finally:
            a[2] = 7
        try:
            each(a[:2])
            1 / 0
        except ZeroDivisionError:
            pass
        return a.sum()

    def halves(n):
        while n > 1:
            yield n
            n //= 2
        return n

    def delegate(n):
        last = yield from halves(n)
        return last

    def tricky(a):
        t = 0
        for v in halves(40): t += v
        for i in range(3): a[i] += 1
        t += sum(delegate(8))
        squares = [i * i for i in range(4)]
        g = halves(8)
        next(g)
        try:
            g.throw(KeyError("k"))
        except KeyError:
            t += 1
        with np.errstate(all="ignore"):
            a[3] = a[3] / 0.0
        f = lambda z: z + 1
        return f(t + sum(squares))

    def by_numpy(a):
        return np.apply_along_axis(lambda row: bump(row, 0), 1, a)

    def waiter(started, done):
        started.set()
        done.wait(10)
        return 1

    def worker(started, done):
        started.wait(10)
        each(np.zeros(3))
        done.set()
    """)


@pytest.fixture(scope="module")
def code(tmp_path_factory):
    return loaded(tmp_path_factory.mktemp("backends") / "calls.py", SOURCE)


@pytest.fixture(scope="module")
def gradient():
    namespace = {"__name__": "gradient_2d"}
    exec(compile(SCRIPT.read_text(), str(SCRIPT), "exec"), namespace)
    return namespace


def grid(n):
    axis = np.linspace(-2, 2, n)
    X, Y = np.meshgrid(axis, axis)
    return np.array([X.flatten(), Y.flatten()])


def both(files, make_call, **options):
    """The same call recorded by each backend, its arguments made afresh (they are changed in place)."""
    recordings = {}
    for backend in ("settrace", "monitoring"):
        recorder = Recorder(files, backend=backend, **options)
        recordings[backend] = recorder.record("same", make_call())
        assert recorder.backend == backend and sys.gettrace() is None
    return recordings["settrace"], recordings["monitoring"]


def assert_same(files, make_call, **options):
    settrace, monitoring = both(files, make_call, **options)
    assert len(settrace.events) > 3  # something was recorded
    assert repr(monitoring) == repr(settrace)  # repr: every field, and NaN equal to NaN
    return settrace


CASES = {
    "bump": lambda c: lambda: c["bump"](np.arange(4.0), 2),
    "in-place writes in a loop": lambda c: lambda: c["each"](np.zeros(3)),
    "a long loop, elided": lambda c: lambda: c["each"](np.zeros(40)),
    "large arrays, elided": lambda c: lambda: c["each"](np.zeros(1000)),
    "an early exit from a loop": lambda c: lambda: c["first_above"](np.arange(1.0, 30.0), 40),
    "recursion": lambda c: lambda: c["fact"](6),
    "an exception caught": lambda c: lambda: c["survives"](np.zeros(4)),
    "an exception out of the call": lambda c: lambda: c["boom"](np.zeros(2)),
    "generators, yield from, one-line loops, throw, with": lambda c: lambda: c["tricky"](np.ones(4)),
    "called back by numpy's Python code": lambda c: lambda: c["by_numpy"](np.zeros((3, 2))),
}


@monitoring_only
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_both_backends_record_the_same(code, case, depth):
    assert_same({code["FILE"]}, lambda: CASES[case](code), depth=depth, head=2, tail=1)


@monitoring_only
@pytest.mark.parametrize("n, entry", [(2, "numerical_gradient"), (6, "numerical_gradient"),
                                      (4, "_numerical_gradient_no_batch")])
def test_both_backends_record_the_same_gradient(gradient, n, entry):
    def make_call():
        x = grid(n) if entry == "numerical_gradient" else grid(n)[0].copy()
        return lambda: gradient[entry](gradient["function_2"], x)

    recording = assert_same({str(SCRIPT)}, make_call)
    assert any(isinstance(item, Gap) for item in recording.items) == (n > 2)  # 4 points: no pass elided
    assert any(e.writes for e in recording.events)


@monitoring_only
def test_the_depth_limit_skips_deeper_frames_of_a_recorded_function(code):
    recording = assert_same({code["FILE"]}, lambda: lambda: code["fact"](5), depth=2)
    calls = [(e.depth, dict(e.scalars)["n"]) for e in recording.events if e.kind == "call"]
    assert (2, 4) in calls and 3 not in [n for _, n in calls] and max(calls)[0] == 2


@monitoring_only
def test_code_skipped_in_one_recording_is_recorded_in_the_next(code, tmp_path):
    """A location that sys.monitoring.DISABLE switched off (foreign code) is live again later."""
    other = tmp_path / "other.py"
    other.write_text("def helper(a):\n    a[0] = 1\n    return a\n")
    names = {}
    exec(compile(other.read_text(), str(other), "exec"), names)
    call = lambda: names["helper"](np.zeros(2))  # noqa: E731
    assert Recorder({code["FILE"]}, backend="monitoring").record("skip", call).events == []
    kept = Recorder({str(other)}, backend="monitoring").record("keep", call)
    assert [e.kind for e in kept.events] == ["call", "line", "line", "return"]


@monitoring_only
def test_monitoring_leaves_no_tool_events_or_callbacks_behind(code):
    from tutor.core.monitoring import TOOL_IDS

    recording = Recorder({code["FILE"]}, backend="monitoring").record("x", lambda: code["survives"](np.zeros(4)))
    assert recording.events
    monitoring = sys.monitoring
    assert [monitoring.get_tool(tool) for tool in TOOL_IDS] == [None] * len(TOOL_IDS)
    for tool in TOOL_IDS:
        monitoring.use_tool_id(tool, "test")
        try:
            assert monitoring.get_events(tool) == 0
            for name in ("bump", "each", "boom", "survives"):
                assert monitoring.get_local_events(tool, code[name].__code__) == 0
            for event in range(17):  # every event's callback is gone: registering returns the old one
                assert monitoring.register_callback(tool, 1 << event, None) is None
        finally:
            monitoring.free_tool_id(tool)


@monitoring_only
def test_monitoring_restores_the_tracer_and_never_calls_it_inside(code):
    calls = []

    def debugger_tracer(frame, event, arg):
        calls.append((frame.f_code.co_name, event))
        return None

    sys.settrace(debugger_tracer)
    try:
        recording = Recorder({code["FILE"]}, backend="monitoring").record("x", lambda: code["each"](np.zeros(3)))
        assert sys.gettrace() is debugger_tracer
    finally:
        sys.settrace(None)
    assert recording.events and not [c for c in calls if c[0] in ("each", "bump")]


@monitoring_only
def test_monitoring_gives_everything_back_after_ctrl_c(code):
    from tutor.core.monitoring import TOOL_IDS

    def interrupt():
        code["bump"](np.zeros(2), 0)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Recorder({code["FILE"]}, backend="monitoring").record("x", interrupt)
    assert sys.gettrace() is None
    assert [sys.monitoring.get_tool(tool) for tool in TOOL_IDS] == [None] * len(TOOL_IDS)


@monitoring_only
def test_busy_tool_ids_mean_settrace_unless_monitoring_is_asked_for(code, monkeypatch):
    from tutor.core.monitoring import TOOL_IDS, ToolBusy

    monkeypatch.delenv(BACKEND_VARIABLE, raising=False)
    for tool in TOOL_IDS:
        sys.monitoring.use_tool_id(tool, "someone else")
    try:
        recorder = Recorder({code["FILE"]})
        assert recorder.backend == "monitoring"
        recording = recorder.record("x", lambda: code["bump"](np.zeros(2), 0))
        assert recorder.backend == "settrace" and len(recording.events) == 5
        with pytest.raises(ToolBusy, match="no sys.monitoring tool id is free"):
            Recorder({code["FILE"]}, backend="monitoring").record("x", lambda: code["bump"](np.zeros(2), 0))
        assert sys.gettrace() is None
        assert [sys.monitoring.get_tool(tool) for tool in TOOL_IDS] == ["someone else"] * len(TOOL_IDS)
    finally:
        for tool in TOOL_IDS:
            sys.monitoring.free_tool_id(tool)


@pytest.mark.parametrize("backend", ["settrace", pytest.param("monitoring", marks=monitoring_only)])
def test_other_threads_are_not_recorded(code, backend):
    started, done = threading.Event(), threading.Event()
    thread = threading.Thread(target=code["worker"], args=(started, done))
    thread.start()
    try:
        recording = Recorder({code["FILE"]}, backend=backend).record("x", lambda: code["waiter"](started, done))
    finally:
        done.wait(10)
        thread.join(10)
    assert done.is_set() and {e.function for e in recording.events} == {"waiter"}


@monitoring_only
def test_the_trace_command_records_the_same_and_never_stops_inside(tmp_path, monkeypatch):
    """Under the debugger: a breakpoint inside the traced call does not fire while it is recorded."""
    path = tmp_path / "prog.py"
    path.write_text("def total(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n\n"
                    "x = total(2)\n")
    shown = {}
    for backend in ("settrace", "monitoring"):
        monkeypatch.setenv(BACKEND_VARIABLE, backend)
        commands, stops, recordings = iter(["b 4", "n", "trace total(5)", "c", "c", "q"]), [], []

        def ask(prompt):
            stops.append(debugger.take_stop().lineno)
            return next(commands)

        debugger = TutorDebugger(ask, io.StringIO(), listener=Keeping(recordings))
        debugger.run_script(read_script(path))
        assert stops == [1, 1, 7, 7, 4, 4]  # the trace ran through line 4 five times without a stop
        shown[backend] = repr(recordings)
    assert shown["monitoring"] == shown["settrace"] and "total" in shown["settrace"]


def test_the_backend_is_chosen_by_version_or_forced(monkeypatch):
    monkeypatch.delenv(BACKEND_VARIABLE, raising=False)
    assert default_backend() == ("monitoring" if sys.version_info >= (3, 12) else "settrace")
    monkeypatch.setenv(BACKEND_VARIABLE, "settrace")
    assert default_backend() == "settrace" and Recorder({"x.py"}).backend == "settrace"
    monkeypatch.setenv(BACKEND_VARIABLE, "sometimes")
    with pytest.raises(ValueError, match="unknown recorder backend 'sometimes'"):
        Recorder({"x.py"})
    with pytest.raises(ValueError, match="unknown recorder backend"):
        Recorder({"x.py"}, backend="ptrace")
    monkeypatch.setenv(BACKEND_VARIABLE, "monitoring")
    monkeypatch.delattr(sys, "monitoring", raising=False)
    with pytest.raises(ValueError, match="needs Python 3.12"):
        default_backend()


class Keeping(Listener):
    """Keeps what the debugger records."""

    def __init__(self, recordings: list):
        self.recordings = recordings

    def recorded(self, recording) -> None:
        self.recordings.append(recording)
