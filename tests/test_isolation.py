"""After any lesson the process is as it was: tracing, __main__, argv, path, breakpoints, matplotlib, SIGINT, the terminal.

Every packaged lesson is played hands-free, one after another, in one child process that runs in a
pseudo-terminal (pexpect). Before the first lesson and after each one, the child writes down:

- sys.gettrace(), sys.modules['__main__'] (the very module, and its names), sys.argv, sys.path
- bdb's class-level breakpoints: Breakpoint.bplist and Breakpoint.bpbynumber
- the SIGINT handler, and pdb's remembered one (Pdb._previous_sigint_handler)
- MPLBACKEND and matplotlib's backend, when matplotlib is installed: the host has imported matplotlib
  (not pyplot) with MPLBACKEND=svg. First a script calls matplotlib.use('pdf'); then a book-style
  script loads pyplot and calls plt.show() (its figure must be saved, not shown); then the lessons
  find pyplot loaded, and their scripts call matplotlib.use("Agg") themselves. All must leave "svg".
- the terminal's mode, as `stty -g` prints it for the pseudo-terminal the child runs in.

The parent compares each "after" with the "before", field by field.
"""
from __future__ import annotations

import json
import sys

import pexpect
import pytest

from tests.helpers import exited, inherited, lend_font_list, pty_child


# One worker runs this module (tests/conftest.py: ONE_WORKER), so its module fixture runs once.

CHILD = r'''
import bdb, json, os, pdb, signal, subprocess, sys

try:
    import matplotlib  # the host's own matplotlib, chosen through MPLBACKEND, before any lesson
except ImportError:
    matplotlib = None

from tutor.content.catalog import all_lessons, is_packaged, script_for
from tutor.content.locate import read_script
from tutor.play.rehearse import rehearse


def state():
    pyplot = sys.modules.get("matplotlib.pyplot")
    return {
        "trace": repr(sys.gettrace()),
        "__main__": id(sys.modules["__main__"]),
        "__main__ names": sorted(vars(sys.modules["__main__"])),
        "argv": list(sys.argv),
        "path": list(sys.path),
        "cwd": os.getcwd(),
        "bplist": repr(sorted(bdb.Breakpoint.bplist)),
        "bpbynumber": repr(bdb.Breakpoint.bpbynumber),
        "SIGINT": repr(signal.getsignal(signal.SIGINT)),
        "pdb's previous SIGINT": repr(pdb.Pdb._previous_sigint_handler),
        "MPLBACKEND": os.environ.get("MPLBACKEND"),
        "matplotlib backend": None if matplotlib is None else repr(dict.__getitem__(matplotlib.rcParams, "backend")),
        "pyplot backend": None if pyplot is None else pyplot.get_backend(),
        "stty": subprocess.run(["stty", "-g"], capture_output=True, text=True).stdout.strip(),
    }


def report(label, misses=0):
    print("STATE " + json.dumps({"label": label, "misses": misses, "state": state()}), flush=True)


USES = "import matplotlib\nmatplotlib.use('pdf')\n"
SHOWS = "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\n"


def run_small(label, source, printing):
    """A small script run to its end under the debugger; a miss unless it finished and printed `printing`."""
    import io
    from pathlib import Path
    from tutor.core.debugger import TutorDebugger

    path = Path(label.split()[0] + ".py").resolve()
    path.write_text(source)
    printed = io.StringIO()  # pdb's output and the program's prints
    outcome = TutorDebugger(lambda prompt: "c", printed).run_script(read_script(path))
    report(label, 0 if outcome.how == "finished" and printing in printed.getvalue() else 1)


def main():
    report("before")
    if matplotlib is not None:  # two scripts while the host has matplotlib loaded, but not pyplot
        run_small("uses matplotlib.use('pdf')", USES, "")
        run_small("shows with plt.show()", SHOWS, "figure saved to ")  # saved by tutor's backend, not shown
    for lesson in [lesson for lesson in all_lessons() if is_packaged(lesson)]:
        steps, result = rehearse(lesson, read_script(script_for(lesson)))
        report(lesson.id, len(result.misses) + sum(step.status != "met" for step in steps))


main()
'''


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("isolation")
    child_file = folder / "child.py"
    child_file.write_text(CHILD)
    lend_font_list(folder / "mpl")
    env = {**inherited(), "MPLBACKEND": "svg", "MPLCONFIGDIR": str(folder / "mpl"), "NO_COLOR": "1",
           "TMPDIR": str(folder)}
    child = pty_child(sys.executable, [str(child_file)], cwd=str(folder), env=env, encoding="utf-8",
                      timeout=300, dimensions=(40, 100))
    try:
        child.expect(pexpect.EOF)
        output = child.before
        exited(child)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, output[-3000:]
    found = [json.loads(line[len("STATE "):]) for line in output.splitlines() if line.startswith("STATE ")]
    return found


def test_every_packaged_lesson_ran_cleanly(reports):
    from tests.conftest import ROOT

    packaged = {path.stem for path in (ROOT / "lessons").glob("*.toml") if "." not in path.stem}
    assert [r["label"] for r in reports][0] == "before"
    lessons = [r for r in reports[1:] if not r["label"].startswith(("uses ", "shows "))]
    assert {r["label"] for r in lessons} == packaged and len(lessons) == len(packaged)
    assert [r["misses"] for r in reports[1:]] == [0] * (len(reports) - 1)  # and plt.show() saved its figure


def needs_matplotlib(reports) -> None:
    if reports[0]["state"]["matplotlib backend"] is None:
        pytest.skip("matplotlib is not installed: the scripts draw no plots (needs pdb-tutor[plot])")


def test_the_state_before_is_what_it_should_be(reports):
    before = reports[0]["state"]
    assert before["trace"] == "None" and before["bplist"] == "[]" and before["bpbynumber"] == "[None]"
    assert before["SIGINT"] == "<built-in function default_int_handler>"
    assert before["MPLBACKEND"] == "svg" and before["stty"].count(":") > 10


def test_the_hosts_matplotlib_before_is_svg_without_pyplot(reports):
    needs_matplotlib(reports)
    before = reports[0]["state"]
    assert before["matplotlib backend"] == "'svg'" and before["pyplot backend"] is None


@pytest.mark.parametrize("field", ["trace", "__main__", "__main__ names", "argv", "path", "cwd", "bplist",
                                   "bpbynumber", "SIGINT", "pdb's previous SIGINT", "MPLBACKEND",
                                   "matplotlib backend", "stty"])
def test_each_lesson_leaves_it_as_it_was(reports, field):
    if field == "matplotlib backend":
        needs_matplotlib(reports)
    before = reports[0]["state"][field]
    changed = {r["label"]: r["state"][field] for r in reports[1:] if r["state"][field] != before}
    assert changed == {}, f"{field} was {before!r} before the lessons"


def test_pyplot_loaded_by_a_lesson_follows_the_hosts_choice(reports):
    needs_matplotlib(reports)
    after = {r["label"]: r["state"]["pyplot backend"] for r in reports[1:]}
    assert after.pop("uses matplotlib.use('pdf')") is None  # that script never loaded pyplot
    assert set(after.values()) == {"svg"}  # the lessons' scripts call matplotlib.use("Agg"); the host asked for svg
