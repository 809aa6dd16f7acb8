"""`continue` on 3.12+ waits for a breakpoint with sys.monitoring (tutor/core/breakwait.py): same stops as pdb.

Every session here is also typed to plain `python -m pdb` on a pseudo-terminal, and the two outputs must be
the same text: plain pdb traces with sys.settrace all along, so it is the reference for where the stops are.
"""
import sys
import textwrap
import types

import pytest

from tests.helpers import diff, run_plain_pdb, run_tutor
from tutor.content.locate import read_script

HELPER = """\
def countdown(n):
    while n:
        yield n
        n -= 1


def triple(v):
    t = v * 3
    return t


def ran_before():
    return "early"
"""

MAIN = """\
import helper
def first_stop():
    return 0
early = helper.ran_before()
gen = helper.countdown(3)
first = next(gen)
first_stop()
for k in gen:
    helper.triple(k)
again = helper.ran_before()
done = True
"""


@pytest.fixture(autouse=True)
def in_the_scripts_folder(tmp_path, monkeypatch):
    """pdb names files relative to the working folder (`cl helper.py:4`): plain pdb runs in tmp_path too.
    Runs are in-process: each test imports its own helper.py, and leaves none behind."""
    monkeypatch.chdir(tmp_path)
    sys.modules.pop("helper", None)
    yield
    sys.modules.pop("helper", None)


def scripts(tmp_path, main=MAIN):
    (tmp_path / "helper.py").write_text(HELPER)
    path = tmp_path / "main.py"
    path.write_text(textwrap.dedent(main))
    return read_script(path)


def same_as_plain_pdb(tmp_path, lines, main=MAIN) -> str:
    script = scripts(tmp_path, main)
    tutor = run_tutor(script, lines)
    plain, finished, _ = run_plain_pdb(script, lines, tmp_path).partition("The program finished and will be restarted")
    assert finished and tutor.outcome.how == "finished"  # the last `c` ran both to the end (pdb then restarts)
    assert tutor.text == plain, diff(plain, tutor.text)
    return tutor.text


def test_a_suspended_generator_a_caller_left_untraced_and_code_that_ran_before(tmp_path):
    # `tbreak 3` leaves no breakpoint behind, so the next `c` waits: the generator that started while the
    # previous wait disabled its code must stop when resumed, `n` past triple's return must stop in the
    # untraced module frame, and ran_before (disabled at its first call) must stop when called again
    text = same_as_plain_pdb(tmp_path, [
        "tbreak 3", "c", "p first", "b helper.py:4", "c", "p n", "n", "n", "cl helper.py:4",
        "b helper.py:9", "c", "p v", "n", "n", "n", "cl helper.py:9",
        "b helper.py:13", "c", "c", "p again, done", "c"])
    assert text.count("helper.py(4)countdown()") >= 1 and "helper.py(9)triple()" in text
    assert "helper.py(13)ran_before()" in text


def test_breakpoints_by_function_name_with_a_condition_and_an_ignore_count(tmp_path):
    text = same_as_plain_pdb(tmp_path, [
        "n", "b helper.triple", "ignore 1 1", "b helper.py:9, t > 5", "c", "p v", "c", "p t", "c"])
    assert text.count("Deleted breakpoint") == 0


def test_continue_inside_a_loop_that_holds_the_breakpoint_stops_at_each_turn(tmp_path):
    text = same_as_plain_pdb(tmp_path, ["b 9", "c", "p k", "c", "p k", "c"])
    assert [line for line in text.splitlines() if line in ("(Pdb) 2", "(Pdb) 1")] == ["(Pdb) 2", "(Pdb) 1"]


WATCHED = """\
import probe, sys
def observed():
    return probe.real_gettrace()
def breakpoint_here():
    return 1
tracer = observed()
breakpoint_here()
"""


@pytest.mark.skipif(sys.version_info < (3, 12), reason="sys.monitoring is 3.12+; 3.11 traces with sys.settrace")
def test_while_waiting_the_program_runs_untraced(tmp_path, monkeypatch):
    # what the wait is for: no settrace tracer while no breakpoint can be reached (plain pdb 3.12 has one);
    # the program's own sys.gettrace shows pdb's, so the test lends it the real one
    monkeypatch.setitem(sys.modules, "probe", types.SimpleNamespace(real_gettrace=sys.gettrace))
    run = run_tutor(scripts(tmp_path, WATCHED), ["b 5", "c", "p tracer", "p sys.monitoring.get_tool(0)", "c"])
    assert run.text.endswith("-> return 1\n(Pdb) None\n(Pdb) None\n(Pdb) ")  # p tracer: none while waiting;
    # p get_tool(0): at the stop the debugger's tool id is given back
    assert sys.monitoring.get_tool(0) is None


INTERRUPTED = """\
import os, signal
def never_called():
    return 0
for i in range(1000):
    if i == 3:
            os.kill(os.getpid(), signal.SIGINT)
ended = True
"""


def test_ctrl_c_while_waiting_pauses_in_the_program(tmp_path):
    run = run_tutor(scripts(tmp_path, INTERRUPTED), ["b 3", "c", "w", "p i >= 3", "cl main.py:3", "c"])
    assert "Program interrupted. (Use 'cont' to resume)." in run.text
    assert "main.py(" in run.text.split("Program interrupted.")[1].split("(Pdb)")[1]  # `w` ends in the script
    assert "\n(Pdb) True\n" in run.text and run.outcome.how == "finished"
    if sys.version_info >= (3, 12):
        assert sys.monitoring.get_tool(0) is None


THROWN = """\
def catcher():
    while True:
        try:
            yield
        except ValueError:
            caught = True
def other():
    yield 1
gen = catcher()
next(gen)
list(other())
next(gen)
gen.throw(ValueError)
gen.throw(ValueError)
ended = True
"""


def test_generators_resumed_by_throw_while_waiting(tmp_path):
    # catcher's code is disabled while the first wait runs to line 13 (PY_THROW itself cannot be disabled);
    # the breakpoint set then in catcher stops each .throw()
    text = same_as_plain_pdb(tmp_path, ["b 13", "c", "b 6", "c", "c", "p caught", "c"], THROWN)
    assert text.count("main.py(6)catcher()") == 2 and "(Pdb) True\n" in text


ONE_LINE = """\
def f(x):
    return x
total = 0
for i in range(3): total += f(i)
done = True
"""


def test_a_loop_on_one_line_stops_at_each_turn(tmp_path):
    # a backward jump that stays on line 4 is a line event for settrace: waiting must see it too (JUMP)
    text = same_as_plain_pdb(tmp_path, ["b 4", "c", "c", "p i", "c", "p i", "c", "p total", "c"], ONE_LINE)
    assert "(Pdb) 0\n(Pdb) >" in text and "(Pdb) 1\n(Pdb) >" in text and text.endswith("(Pdb) 3\n(Pdb) ")


def test_a_condition_false_at_the_line_then_true(tmp_path):
    text = same_as_plain_pdb(tmp_path, ["b 9, k == 1", "c", "p k", "c"])
    assert "(Pdb) 1\n" in text



TRACER_CALLS = {  # the program's sys.settrace and sys.gettrace calls between two calls of f (line 3)
    "switched off": "sys.settrace(None)",
    "switched off in another thread": "elsewhere = threading.Thread(target=sys.settrace, args=(None,))\n"
                                      "elsewhere.start()\nelsewhere.join()",
    "saved, off, given back": "saved = sys.gettrace()\nsys.settrace(None)\nb = f(a)\nsys.settrace(saved)",
    "asked": "traced = sys.gettrace() is not None",
}


@pytest.mark.parametrize(("calls", "stops"), [("switched off", 1), ("switched off in another thread", 2),
                                              ("saved, off, given back", 2), ("asked", 2)])
def test_the_programs_own_tracer_calls_while_waiting(tmp_path, calls, stops):
    # plain pdb waits with its sys.settrace tracer, which the program sees (gettrace) and can remove; then no
    # breakpoint stops until it is given back. Another thread's call leaves the debugged thread's tracer alone.
    main = f"import sys\nimport threading\ndef f(n):\n    return n + 1\na = f(0)\n{TRACER_CALLS[calls]}\nc = f(a)\n"
    asked = ["p traced"] if calls == "asked" else []
    text = same_as_plain_pdb(tmp_path, ["b 4", "c", "c"] + asked + ["c"] * (stops - 1), main)
    assert text.count("main.py(4)f()") == stops
    assert ("(Pdb) True\n" in text) == (calls == "asked")
