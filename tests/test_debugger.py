"""The debugger core on tiny scripts: where it stops, what it records, what it restores. No terminal."""
import io
import sys
import textwrap

import numpy as np
import pytest

from tutor.model.prompt import Prompt
from tutor.core.debugger import Listener, TutorDebugger
from tutor.content.locate import ScriptError, read_script, resolve_lines
from tutor.model.rows import take_row_split

DOUBLE = """\
def double(v):
    w = v * 2
    return w

a = double(3)
b = a + 1
print("b is", b)
"""


def write(tmp_path, text, name="prog.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return read_script(path)


class Driver:
    """Feeds commands and records (line, function, event) at every (Pdb) prompt."""

    def __init__(self, commands):
        self.commands, self.stops, self.out = list(commands), [], io.StringIO()
        self.debugger = TutorDebugger(self.ask, self.out)

    def ask(self, prompt: Prompt) -> str:
        if prompt.kind == "pdb":
            stop = self.debugger.take_stop()
            self.stops.append((stop.lineno, stop.function, stop.event))
        line = self.commands.pop(0)
        if line is None:
            raise EOFError
        return line


def test_stops_follow_the_commands(tmp_path):
    driver = Driver(["b 2", "c", "n", "p w", "c"])
    outcome = driver.debugger.run_script(write(tmp_path, DOUBLE))
    assert outcome.how == "finished"
    assert driver.stops == [(1, "<module>", "line"), (1, "<module>", "line"), (2, "double", "line"),
                            (3, "double", "line"), (3, "double", "line")]
    text = driver.out.getvalue()
    assert "Breakpoint 1 at" in text and "prog.py:2" in text
    assert "\n6\n" in text  # p w, with w = 3 * 2


def test_step_into_a_call_reports_the_call_event(tmp_path):
    driver = Driver(["n", "s", "q"])
    driver.debugger.run_script(write(tmp_path, DOUBLE))
    assert driver.stops[-1] == (1, "double", "call")
    assert "--Call--" in driver.out.getvalue()


HELPER = """\
def triple(v):
    t = v * 3
    return t
"""

USES_HELPER = """\
import helper
a = helper.triple(1)
b = helper.triple(2)
print("b is", b)
"""


def test_a_breakpoint_set_later_in_a_file_already_run_stops_there(tmp_path):
    # triple runs once with no breakpoint in helper.py (the debugger lets its calls pass untraced);
    # a breakpoint set in it afterwards must still stop the second call, as in plain pdb
    write(tmp_path, HELPER, "helper.py")
    driver = Driver(["b 3", "c", "b helper.py:2", "c", "p v", "c"])
    outcome = driver.debugger.run_script(write(tmp_path, USES_HELPER))
    assert outcome.how == "finished"
    assert driver.stops == [(1, "<module>", "line")] * 2 + [(3, "<module>", "line")] * 2 + [(2, "triple", "line")] * 2
    assert "\n2\n" in driver.out.getvalue()  # p v in the second call, triple(2)


COUNTDOWN = """\
def countdown(n):
    while n:
        yield n
        n -= 1
"""

USES_COUNTDOWN = """\
import gens
total = 0
for k in gens.countdown(3):
    total += k
print(total)
"""


def test_next_in_a_generator_stops_again_when_the_loop_resumes_it(tmp_path):
    # gens.py has no breakpoint, yet `next` at its yield must stop when the loop resumes the generator
    # (a call event for the very frame `next` steps in); plain pdb stops at lines 3 (--Call--), 4, 2, 3, 4
    write(tmp_path, COUNTDOWN, "gens.py")
    driver = Driver(["tbreak 4", "c", "s", "s", "n", "n", "n", "n", "q"])
    driver.debugger.run_script(write(tmp_path, USES_COUNTDOWN))
    assert [(line, event) for line, function, event in driver.stops if function == "countdown"] == [
        (3, "call"), (4, "line"), (2, "line"), (3, "line"), (4, "line")]


def test_console_lines_run_in_the_paused_frame(tmp_path):
    driver = Driver(["b 3", "c", "interact", "w + 100", "v = 99", None, "p v", "q"])
    driver.debugger.run_script(write(tmp_path, DOUBLE))
    text = driver.out.getvalue()
    assert "106\n" in text
    assert text.rstrip().endswith("3")  # the console's assignment does not leak into the frame, as in pdb


def test_quit_finish_exit_and_raise_are_told_apart(tmp_path):
    assert Driver(["q"]).debugger.run_script(write(tmp_path, DOUBLE)).how == "quit"
    assert Driver(["c"]).debugger.run_script(write(tmp_path, DOUBLE)).how == "finished"
    exited = Driver(["c"]).debugger.run_script(write(tmp_path, "import sys\nsys.exit(3)\n"))
    assert exited.how == "exited" and "3" in exited.detail
    raised = Driver(["c"]).debugger.run_script(write(tmp_path, "x = 1\nraise ValueError('bad x')\n"))
    assert raised.how == "raised"
    assert "ValueError: bad x" in raised.detail and 'prog.py", line 2' in raised.detail
    assert "bdb.py" not in raised.detail


def test_process_state_is_restored(tmp_path):
    before = sys.modules["__main__"], list(sys.argv), list(sys.path)
    script = write(tmp_path, "import sys\nseen = (sys.argv[0], sys.path[0], __name__)\n")
    driver = Driver(["n", "n", "p seen", "c"])
    driver.debugger.run_script(script)
    assert (sys.modules["__main__"], sys.argv, sys.path) == before
    assert repr((str(script.path), str(tmp_path), "__main__")) in driver.out.getvalue()


def test_snapshot_copies_arrays_changed_in_place_later(tmp_path):
    script = write(tmp_path, "import numpy as np\nx = np.zeros(3)\nx[0] = 7.0\nx[2] = 9.0\n")
    kept = []

    def ask(prompt):
        stop = debugger.take_stop()
        kept.append({v.name: v for v in stop.variables})
        return "n" if len(kept) < 4 else "c"

    debugger = TutorDebugger(ask, io.StringIO())
    debugger.run_script(script)
    heads = [values["x"].array.head.tolist() for values in kept if "x" in values]
    assert heads == [[0.0, 0.0, 0.0], [7.0, 0.0, 0.0]]


def test_row_split_reads_the_loop_state():
    X = np.arange(12.0).reshape(2, 6)
    split = take_row_split({"X": X, "idx": 1, "x": X[1]}, "X", "idx", "x")
    assert split.shape == (2, 6) and split.index == 1 and split.item_is_row
    assert split.item.shape == (6,) and split.item.head.tolist() == [6.0, 7.0, 8.0]
    assert [n for n, _ in split.rows] == [0, 1]
    assert not take_row_split({"X": X, "idx": 0, "x": X[1].copy()}, "X", "idx", "x").item_is_row
    assert take_row_split({"X": X}, "X", "idx", "x") is None


def test_patterns_resolve_to_executable_lines(tmp_path):
    script = write(tmp_path, "# setup\n\nx = 1\n# the loop\nfor i in range(2):\n    x += i\n")
    assert resolve_lines(script, {"loop": "# the loop", "body": "x += i", "first": "# setup"}) == {
        "loop": 5, "body": 6, "first": 3}


@pytest.mark.parametrize("pattern, words", [("nowhere", "no line containing"), ("x", "lines containing")])
def test_bad_patterns_are_script_errors(tmp_path, pattern, words):
    with pytest.raises(ScriptError, match=words):
        resolve_lines(write(tmp_path, "x = 1\nx += 1\n"), {"p": pattern})


def test_unusable_scripts_are_script_errors(tmp_path):
    with pytest.raises(ScriptError, match="no such script"):
        read_script(tmp_path / "missing.py")
    with pytest.raises(ScriptError, match=r'line 2: SyntaxError'):
        write(tmp_path, "x = 1\nx = = 2\n")


def test_trace_command_keeps_prints_in_the_lessons_output_and_survives_a_broken_repr(tmp_path):
    script = write(tmp_path, """\
        class Bad:
            def __repr__(self):
                raise RuntimeError("no repr")

        def noisy(n):
            print("inside", n)
            return Bad()

        x = 1
        """)
    recordings = []
    commands = iter(["n", "n", "n", "trace noisy(3)", "p x", "q"])
    out = io.StringIO()
    debugger = TutorDebugger(lambda prompt: next(commands), out, listener=Keeping(recordings))
    assert debugger.run_script(script).how == "quit"
    text = out.getvalue()
    assert "inside 3\n" in text  # the traced code's print went to the debugger's stream
    assert "it returned <repr failed: RuntimeError>" in text and "\n1\n" in text  # p x still ran
    assert recordings[0].error == "" and [e.kind for e in recordings[0].events][-1] == "return"


LOOPS = """\
def double(v):
    w = v * 2
    for i in range(10):
        w += i
    return w

a = double(3)
b = a + 1
print("b is", b)
"""


@pytest.mark.parametrize("backend", ["settrace", "monitoring"])
def test_trace_right_after_a_step_never_stops_in_tutors_code(tmp_path, monkeypatch, backend):
    """Issue 14.13: after `s` pdb stops at any call; `trace` then stopped in the recorder's own flush.

    The stops must be those of the same commands with `p double(2)` in place of the trace: plain pdb runs
    `p` untraced (tests/test_fidelity.py compares `p` against plain pdb)."""
    if backend == "monitoring" and not hasattr(sys, "monitoring"):
        backend = "settrace"
    monkeypatch.setenv("TUTOR_TRACE_BACKEND", backend)
    traced = Driver(["s", "trace double(2)", "n", "n", "q"])
    printed = Driver(["s", "p double(2)", "n", "n", "q"])
    assert traced.debugger.run_script(write(tmp_path, LOOPS)).how == "quit"
    assert printed.debugger.run_script(write(tmp_path, LOOPS)).how == "quit"
    assert traced.stops == printed.stops == [(1, "<module>", "line"), (7, "<module>", "line"),
                                             (7, "<module>", "line"), (8, "<module>", "line"),
                                             (9, "<module>", "line")]
    assert "tutor" not in traced.out.getvalue().replace(str(tmp_path), "")
    assert "it returned 49" in traced.out.getvalue()  # 2 * 2 + (0 + 1 + ... + 9)


def test_tutor_commands_in_interact_use_the_consoles_names(tmp_path):
    script = write(tmp_path, """\
        def total(v):
            return sum(v)

        x = 1
        """)
    recordings = []
    lines = iter(["n", "n", "interact", "y = [1, 2, 3]", "trace total(y)", "watch y", "unwatch y", "watch y"])

    def ask(prompt):
        line = next(lines, None)
        if line is None:
            raise EOFError
        return line

    out = io.StringIO()
    debugger = TutorDebugger(ask, out, listener=Keeping(recordings))
    assert debugger.run_script(script).how in ("quit", "finished")
    assert recordings[0].label == "total(y)" and recordings[0].result == 6
    assert debugger.watching == ["y"] and "stopped watching y" in out.getvalue()
    assert debugger.console_names is None


class Keeping(Listener):
    """Keeps what the debugger records."""

    def __init__(self, recordings: list):
        self.recordings = recordings

    def recorded(self, recording) -> None:
        self.recordings.append(recording)


CYCLES = """\
import gc, weakref
class Node:
    pass
a = Node()
a.me = a
gone = weakref.ref(a)
del a
gc.collect()
print("collected while running:", gone() is None)
b = Node()
b.me = b
weakref.tutor_test_ref = weakref.ref(b)  # a cycle the program leaves behind (builtins are put back after a run)
"""


def test_the_programs_garbage_is_collected_while_it_runs_and_when_it_ends(tmp_path):
    # tutor's own objects are frozen out of the collector's way while the program runs, never the program's
    import weakref

    try:
        driver = Driver(["c"])
        driver.debugger.run_script(write(tmp_path, CYCLES))
        assert "collected while running: True" in driver.out.getvalue()
        assert weakref.tutor_test_ref() is None
    finally:
        del weakref.tutor_test_ref
