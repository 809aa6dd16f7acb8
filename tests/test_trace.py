"""The recorder on small functions: exact event sequences, in-place writes, elision, the tracer restored.
Every test runs with each event source this Python has (settrace; sys.monitoring on 3.12+)."""
import sys
import textwrap

import numpy as np
import pytest

from tests.helpers import RECORDER_BACKENDS, loaded, record
from tutor.core.recorder import BACKEND_VARIABLE
from tutor.model.recording import Event, Gap

SOURCE = textwrap.dedent("""\
    def bump(a, i):
        old = a[i]
        a[i] = old + 10
        return old

    def each(a):
        total = 0
        for i in range(a.size):
            total += bump(a, i)
        return total

    def boom(a):
        a[0] = -1
        raise ValueError("no")
    """)


@pytest.fixture(autouse=True, params=RECORDER_BACKENDS)
def backend(request, monkeypatch):
    """The event source the Recorder picks by itself, forced in turn to each one this Python has."""
    monkeypatch.setenv(BACKEND_VARIABLE, request.param)
    return request.param


@pytest.fixture(scope="module")
def functions(tmp_path_factory):
    return loaded(tmp_path_factory.mktemp("code") / "small.py", SOURCE)


def test_exact_events_of_one_call(functions):
    a = np.array([1.0, 2.0, 3.0])
    recording = record(functions, lambda: functions["bump"](a, 1))
    assert recording.result == 2.0 and a.tolist() == [1.0, 12.0, 3.0]
    assert [(e.kind, e.lineno, e.text) for e in recording.events] == [
        ("call", 1, "def bump(a, i):"), ("line", 2, "    old = a[i]"), ("line", 3, "    a[i] = old + 10"),
        ("line", 4, "    return old"), ("return", 4, "    return old")]  # each line as written, indented
    scalars = [dict(e.scalars) for e in recording.events]
    assert scalars[1] == {"i": 1} and scalars[3] == {"i": 1, "old": 2.0}
    writes = [[(w.name, w.cells, w.count) for w in e.writes] for e in recording.events]
    assert writes == [[], [], [], [("a", ((1, 2.0, 12.0),), 1)], []]  # seen at the line after the write
    assert recording.events[-1].returned == "np.float64(2.0)" or recording.events[-1].returned == "2.0"


def test_nested_frames_and_passes(functions):
    a = np.zeros(2)
    recording = record(functions, lambda: functions["each"](a))
    events = recording.events
    assert {e.function for e in events} == {"each", "bump"}
    assert [e.depth for e in events if e.kind == "call"] == [1, 2, 2]
    loop_heads = [e.iteration for e in events if e.function == "each" and e.lineno == 8]
    assert loop_heads == [0, 1, 2]  # the for line: first pass, second pass, the exit check
    # each frame sees the writes its own lines caused: bump's a[i] = ..., and each's call of bump
    for function in ("bump", "each"):
        cells = [w.cells for e in events if e.function == function for w in e.writes]
        assert cells == [((0, 0.0, 10.0),), ((1, 0.0, 10.0),)]


def test_depth_limits_what_is_traced(functions):
    recording = record(functions, lambda: functions["each"](np.zeros(2)), depth=1)
    assert {e.function for e in recording.events} == {"each"}


def test_long_loops_keep_head_and_tail_and_count_the_middle(functions):
    a = np.zeros(50)
    recording = record(functions, lambda: functions["each"](a), head=3, tail=2)
    gaps = [item for item in recording.items if isinstance(item, Gap)]
    assert len(gaps) == 1 and (gaps[0].function, gaps[0].first, gaps[0].last) == ("each", 3, 47)
    kept_passes = sorted({e.iteration for e in recording.events if e.function == "each"})
    assert kept_passes == [0, 1, 2, 48, 49, 50]
    # the i seen in kept passes is the pass number: 0..2 at the start, 48 and 49 at the end
    indices = sorted({dict(e.scalars)["i"] for e in recording.events if e.function == "bump" and e.kind == "call"})
    assert indices == [0, 1, 2, 48, 49]
    # writes in the tail, worked out after the fact, are the real ones
    tail_writes = [w.cells for e in recording.events
                   if e.function == "bump" and dict(e.scalars)["i"] >= 48 for w in e.writes]
    assert tail_writes == [((48, 0.0, 10.0),), ((49, 0.0, 10.0),)]
    assert recording.seen == sum(isinstance(i, Event) for i in recording.items) + gaps[0].events
    assert a.sum() == 500.0


def test_large_arrays_are_diffed_too(functions):
    a = np.zeros(3000)  # above the size compared as bytes
    recording = record(functions, lambda: functions["each"](a), head=1, tail=1)
    kept = [w.cells for e in recording.events if e.function == "bump" for w in e.writes]
    assert kept == [((0, 0.0, 10.0),), ((2999, 0.0, 10.0),)]


def test_nan_staying_nan_is_not_a_write(functions):
    a = np.array([np.nan, 1.0])
    recording = record(functions, lambda: functions["bump"](a, 1))
    assert [(w.name, w.cells) for e in recording.events for w in e.writes] == [("a", ((1, 1.0, 11.0),))]


def test_integer_arrays_truncate_and_the_recording_shows_it(functions):
    a = np.array([5, 6])
    recording = record(functions, lambda: functions["bump"](a, 0))
    assert [w.cells for e in recording.events for w in e.writes] == [((0, 5, 15),)]
    assert a.dtype.kind == "i"


def test_exception_is_kept_and_tracer_restored(functions):
    def marker(frame, event, arg):
        return None

    sys.settrace(marker)
    try:
        recording = record(functions, lambda: functions["boom"](np.zeros(2)))
        assert sys.gettrace() is marker
    finally:
        sys.settrace(None)
    assert recording.error == "ValueError: no"
    assert [e.kind for e in recording.events][-2:] == ["exception", "return"]


def test_ctrl_c_restores_the_tracer_and_propagates(functions):
    def interrupt():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        record(functions, interrupt)
    assert sys.gettrace() is None


def test_large_arrays_with_nan_only_report_real_writes(functions):
    a = np.full(3000, np.nan)
    recording = record(functions, lambda: functions["bump"](a, 5))
    assert [(w.name, w.count) for e in recording.events for w in e.writes] == []  # nan + 10 is still NaN
    b = np.full(3000, np.nan)
    b[7] = 1.0
    recording = record(functions, lambda: functions["bump"](b, 7))
    assert [w.cells for e in recording.events for w in e.writes] == [((7, 1.0, 11.0),)]


def test_a_pass_before_a_gap_claims_no_effects_from_after_it(functions):
    from tutor.ui.views.trace import PassTable

    recording = record(functions, lambda: functions["each"](np.zeros(50)), head=3, tail=2)
    frame = next(e.frame for e in recording.events if e.function == "each")
    rows = list(PassTable(recording, frame, 2).rows())
    last_event, last_changes = rows[-1]
    assert last_event.lineno == 9 and last_changes.plain == ""  # its effects are in the gap, not shown as pass 48's
