"""Shared fixtures: every test leaves no trace function and no breakpoints behind."""
import bdb
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "gradient_2d.py"


@pytest.fixture(autouse=True, scope="session")
def private_state_folder(tmp_path_factory):
    """Progress written by the tests (and their subprocesses) goes to a folder of their own."""
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))


@pytest.fixture(autouse=True)
def no_tracing_left_behind():
    """A debugger that forgets to stop tracing would slow or break everything after it."""
    yield
    assert sys.gettrace() is None
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
