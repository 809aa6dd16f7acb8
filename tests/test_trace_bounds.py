"""The whole recording is bounded: a function's later calls are counted, not recorded; events past the budget
are counted, not kept; what was left out is said, in the summary and while walking. Each backend this Python
has runs every test; the expected counts are worked out by hand from the source below."""
import io
import sys
import textwrap

import numpy as np
import pytest
from rich.console import Console

from tests.helpers import RECORDER_BACKENDS, loaded, record
from tutor.core.recorder import BACKEND_VARIABLE, BACKENDS, PROGRESS, Recorder
from tutor.model.recording import Calls, Cut, Gap
from tutor.ui.screen import Screen
from tutor.ui.views.theme import DEFAULT
from tutor.ui.views.trace import EventView, RecordingSummary
from tutor.ui.walker import Walker

SOURCE = textwrap.dedent("""\
    def short(v):
        w = v + 1
        return w * 2

    def many(n):
        return list(map(short, range(n)))

    def inner(v):
        return v - 1

    def outer(v):
        return inner(v) + 1

    def nested(n):
        return list(map(outer, range(n)))

    def fact(n):
        if n <= 1:
            return 1
        return n * fact(n - 1)

    def loop(n):
        t = 0
        for i in range(n):
            t += short(i)
        return t

    def fill(a):
        list(map(short, range(a.size)))
        a[0] = 1
        return a
    """)
SHORT_EVENTS = 4  # call, `w = v + 1`, `return w * 2`, return
MANY_EVENTS = 3  # call, its one line, return


@pytest.fixture(autouse=True, params=RECORDER_BACKENDS)
def backend(request, monkeypatch):
    monkeypatch.setenv(BACKEND_VARIABLE, request.param)
    return request.param


@pytest.fixture(scope="module")
def code(tmp_path_factory):
    return loaded(tmp_path_factory.mktemp("bounds") / "calls.py", SOURCE)


def test_the_first_calls_of_a_function_are_kept_in_full_and_the_rest_counted(code):
    recording = record(code, lambda: code["many"](1000), calls=3)
    assert recording.result == [2 * (v + 1) for v in range(1000)] and not recording.error
    shorts = [e for e in recording.events if e.function == "short"]
    assert len(shorts) == 3 * SHORT_EVENTS
    assert [dict(e.scalars)["v"] for e in shorts if e.kind == "call"] == [0, 1, 2]
    assert [e.kind for e in shorts[:SHORT_EVENTS]] == ["call", "line", "line", "return"]
    assert recording.left_out == [Calls("short", 4, 1000, 997)]
    assert recording.seen == MANY_EVENTS + 3 * SHORT_EVENTS  # the calls left out were never looked at


def test_past_the_budget_events_are_counted_not_kept(code):
    recording = record(code, lambda: code["many"](1000), calls=10**6, budget=50)
    total = MANY_EVENTS + 1000 * SHORT_EVENTS
    assert len(recording.events) == 50 and recording.seen == total
    assert recording.left_out == [Cut(50, 51, total, total - 50)]
    assert recording.result == [2 * (v + 1) for v in range(1000)]
    # a loop that starts past the budget keeps no passes at its end: everything from there on is counted
    recording = record(code, lambda: (code["many"](20), code["loop"](50)), calls=10**6, budget=50)
    assert [type(item) for item in recording.left_out] == [Cut] and len(recording.events) == 50
    assert recording.left_out[0].events == recording.seen - 50 and recording.left_out[0].last == recording.seen


def test_a_call_left_out_takes_what_it_calls_with_it(code):
    recording = record(code, lambda: code["nested"](20), calls=2, depth=3)
    called = [(e.function, e.depth) for e in recording.events if e.kind == "call"]
    assert called == [("nested", 1), ("outer", 2), ("inner", 3), ("outer", 2), ("inner", 3)]
    assert recording.left_out == [Calls("outer", 3, 20, 18)]


def test_frames_below_a_frame_too_deep_are_not_recorded_either(code):
    recording = record(code, lambda: code["fact"](6), depth=2)
    assert [(dict(e.scalars)["n"], e.depth) for e in recording.events if e.kind == "call"] == [(6, 1), (5, 2)]
    assert recording.result == 720


def test_inside_a_loop_window_calls_are_not_left_out(code):
    recording = record(code, lambda: code["loop"](50), calls=1, head=3, tail=2)
    kept = [dict(e.scalars)["v"] for e in recording.events if e.function == "short" and e.kind == "call"]
    assert kept == [0, 1, 2, 48, 49]  # the first passes and the last ones, each with its one call in full
    assert [type(item) for item in recording.left_out] == [Gap]
    assert recording.result == sum(2 * (v + 1) for v in range(50))


def test_calls_are_counted_per_pass_of_their_caller_and_together_from_code_not_recorded(code):
    recording = record(code, lambda: [code["short"](v) for v in range(10)], calls=3)
    assert [dict(e.scalars)["v"] for e in recording.events if e.kind == "call"] == [0, 1, 2]
    assert recording.left_out == [Calls("short", 4, 10, 7)]
    recording = record(code, lambda: code["nested"](5), calls=1, depth=3)  # inner: once from each outer
    assert [e.function for e in recording.events if e.kind == "call"] == ["nested", "outer", "inner"]
    assert recording.left_out == [Calls("outer", 2, 5, 4)]


def test_small_recordings_do_not_change(code):
    bounded = record(code, lambda: code["loop"](4))
    unbounded = record(code, lambda: code["loop"](4), calls=10**6, budget=10**6)
    assert repr(bounded) == repr(unbounded) and bounded.left_out == []


def test_the_recorder_tells_its_progress_while_it_runs(code):
    told = []
    record(code, lambda: code["many"](3000), calls=10**6, progress=lambda r: told.append(r.seen))
    assert told == [PROGRESS * k for k in range(1, (MANY_EVENTS + 3000 * SHORT_EVENTS) // PROGRESS + 1)]
    calls = []
    record(code, lambda: code["many"](3 * PROGRESS), calls=3, progress=lambda r: calls.append(r.left_out[0].last))
    assert calls == [PROGRESS, 2 * PROGRESS, 3 * PROGRESS]


def render(renderable, width=120):
    console = Console(file=io.StringIO(), width=width, color_system=None, theme=DEFAULT)
    console.print(renderable)
    return console.file.getvalue()


def test_the_summary_and_the_walker_say_what_was_left_out(code):
    # kept: fill's call and first line, two calls of short (8 events), the line `a[0] = 1`: 11, the budget
    recording = record(code, lambda: code["fill"](np.zeros(40)), calls=2, budget=11)
    assert recording.seen == 13  # and `return a`, the return: past the budget
    summary = render(RecordingSummary(recording))
    assert "short(): 38 more calls ran too (calls 3 to 40), not recorded" in summary
    assert "events 12 to 13 ran too (2 events), not kept: the first 11 were kept" in summary
    events = recording.events
    assert (events[-1].function, events[-1].lineno, len(events)) == ("fill", 30, 11)
    last, before = render(EventView(recording, len(events) - 1)), render(EventView(recording, len(events) - 2))
    assert "calls 3 to 40" in last and "events 12 to 13" in last  # the calls before it, the cut after it
    assert "calls 3 to 40" not in before and "events 12 to 13" not in before
    out = io.StringIO()
    keys = iter(["e", "q"])
    Walker(recording, Screen(Console(file=out, width=120, color_system=None)), lambda hint: next(keys)).walk()
    assert out.getvalue().count("calls 3 to 40") == 2  # in the summary, and at the end
    assert out.getvalue().count("events 12 to 13") == 2


@pytest.mark.skipif(sys.version_info < (3, 12), reason="sys.monitoring is new in Python 3.12")
@pytest.mark.parametrize("options", [{"calls": 3}, {"calls": 10**6, "budget": 50}, {"calls": 2, "depth": 3}])
def test_both_backends_bound_the_same_way(code, options):
    def both(call):
        return [repr(Recorder({code["FILE"]}, backend=b, **options).record("x", call)) for b in BACKENDS]

    settrace, monitoring = both(lambda: code["nested"](300))
    assert settrace == monitoring and ("Calls(" in settrace or "Cut(" in settrace)
    settrace, monitoring = both(lambda: code["fill"](np.zeros(300)))
    assert settrace == monitoring


def test_an_indented_line_names_what_it_may_change(code):
    """The recorder diffs only these after a line (every array at a loop's backward jump); an indented line
    once parsed as nothing, so every array was diffed after every line."""
    from tutor.core.lines import ALL, may_change

    lines = SOURCE.splitlines()
    number = lines.index("    a[0] = 1") + 1
    assert may_change(code["FILE"], number) == frozenset({"a"})
    assert may_change(code["FILE"], lines.index("        t += short(i)") + 1) == frozenset({"t", "i"})
    assert may_change(code["FILE"], lines.index("    for i in range(n):") + 1) == frozenset({"n"})
    assert may_change(code["FILE"], lines.index("    return list(map(short, range(n)))") + 1) is not ALL
