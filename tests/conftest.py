"""Shared fixtures: every test leaves no trace function and no breakpoints behind."""
import bdb
import os
import signal
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "gradient_2d.py"
SETTRACE = sys.settrace

# A suite started in the background by a shell without job control (`.ci/run &`) inherits SIGINT ignored, and so
# would every child it starts: Ctrl-C would do nothing in the tests of Ctrl-C, and CPython's pdb tests would see
# SIG_IGN as pdb's previous handler. Python's own handler here makes children start with SIGINT's default again.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


# Hypothesis draws the same examples at every run of the suite (a hash of each test seeds it), so a red run is
# the code's doing, never the draw's; TUTOR_FUZZ_EXAMPLES=N (tests/test_fuzz.py) hunts with fresh random examples.
settings.register_profile("suite", derandomize=True)
settings.register_profile("hunt", derandomize=False)
settings.load_profile("hunt" if os.environ.get("TUTOR_FUZZ_EXAMPLES") else "suite")

# The modules whose module fixtures play a whole lesson or start a child (test_isolation, test_fidelity,
# test_lesson4, test_lessons_course, test_replay_browser's browser): each is one unit of work for pytest-xdist, so all its tests run on one
# worker and each fixture runs once. pytest-xdist's own `xdist_group` mark cannot do it with pytest 9.2: xdist
# tags the node id, which pytest no longer lets it rewrite, and the mark is silently ignored
# (pytest-xdist issue #1386); every such fixture then ran on both workers.
ONE_WORKER = ("tests/test_fidelity.py", "tests/test_isolation.py", "tests/test_lesson4.py", "tests/test_lesson6.py",
              "tests/test_lesson7.py", "tests/test_lesson8.py", "tests/test_lesson9.py",
              "tests/test_lessons_course.py", "tests/test_replay_browser.py")


def pytest_xdist_make_scheduler(config, log):
    """--dist loadgroup, with the modules of ONE_WORKER kept whole (each other test is its own unit)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class ModulesKeptWhole(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER else super()._split_scope(nodeid)

    return ModulesKeptWhole(config, log)


@pytest.fixture(autouse=True, scope="session")
def private_state_folder(tmp_path_factory):
    """Progress written by the tests (and their subprocesses) goes to a folder of their own."""
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))


@pytest.fixture(autouse=True)
def no_tracing_left_behind():
    """A debugger that forgets to stop tracing would slow or break everything after it."""
    yield
    assert sys.gettrace() is None
    assert sys.settrace is SETTRACE, "sys.settrace left replaced (tutor/core/breakwait.py puts it back)"
    if sys.version_info >= (3, 12):  # nor a `continue` left waiting with sys.monitoring (tutor/core/breakwait.py)
        assert sys.monitoring.get_tool(0) is None
    assert not bdb.Breakpoint.bplist, "breakpoints leaked out of a test"


@pytest.fixture
def script_path() -> Path:
    return SCRIPT


@pytest.fixture(autouse=True, scope="session")
def no_command_line_source_for_string_frames():
    """This process shows no source for "<string>" frames, as `python -m pdb` and `python -m tutor` show none.

    Python 3.13 keeps the code of `python -c CODE` in linecache under "<string>", the name of the frame bdb
    execs a script from; pytest-xdist starts its workers with `-c`. Without this, pdb's `w` and a script's
    traceback would show the worker's bootstrap line in the tutor run here and not in plain pdb's.
    """
    import linecache

    linecache.cache.pop("<string>", None)


import tutor.play.features  # noqa: E402,F401  (the step features' fields, as the command line registers them)
