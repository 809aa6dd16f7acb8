"""tutor.model.passes: a pass through a loop as plain rows, with central-difference notes as data."""
import pytest

from tests.test_views import recording_of_integer_trap
from tutor.model.passes import (Difference, Exact, ExactFailed, Meant, first_loop_passes, gaps, pass_rows,
                                written_windows)


@pytest.fixture(scope="module")
def trap():
    return recording_of_integer_trap()


def notes(recording, spec):
    frame, iteration = first_loop_passes(recording, 1)[0]
    return {row.event.lineno: row.note for row in pass_rows(recording, frame, iteration, spec) if row.note}


def test_the_integer_trap_gives_meant_and_exact_notes(trap):
    assert notes(trap, Difference(exact="2 * tmp_val")) == {
        16: Meant(pytest.approx(5.0001), 5, "int64"),
        19: Meant(pytest.approx(4.9999), 4, "int64"),
        21: Exact(10, 44990, False),
    }


def test_an_exact_expression_that_raises_is_named_not_raised(trap):
    assert notes(trap, Difference(exact="int(tmp_val) // 0"))[21] == ExactFailed("ZeroDivisionError")
    assert notes(trap, Difference(exact="__import__('os')"))[21] == ExactFailed("ValueError")


def test_rows_carry_changes_and_writes(trap):
    frame, iteration = first_loop_passes(trap, 1)[0]
    rows = {row.event.lineno: row for row in pass_rows(trap, frame, iteration)}
    assert rows[17].changed == [("fxh1", 61)] and rows[17].writes == []
    assert [(w.name, w.cells) for w in rows[19].writes] == [("x", ((0, 5, 4),))]
    assert gaps(trap) == []


def test_written_windows_come_from_the_frames_next_event(trap):
    events = trap.events
    position = next(k for k, e in enumerate(events) if e.lineno == 19 and e.iteration == 0)
    assert [(a.name, written) for a, written in written_windows(events, position)] == [("x", {0})]
    assert written_windows(events, len(events) - 1) == []
