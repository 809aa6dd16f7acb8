"""CPython's own pdb tests (this interpreter's test.test_pdb doctests) pass against tutor's debugger."""
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_cpythons_pdb_doctests_pass_against_tutors_debugger():
    # in a child: pdb.Pdb is swapped before doctest is imported (see tests/cpython_pdb.py), for good
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "cpython_pdb.py")], cwd=ROOT, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
    if done.returncode == 3:
        pytest.skip(f"this Python ships without its test package: {done.stdout.strip()}")
    summary = re.search(r"attempted (\d+) failed (\d+)", done.stdout)
    assert done.returncode == 0 and summary, done.stdout[-3000:] + done.stderr[-3000:]
    attempted, failed = map(int, summary.groups())
    assert attempted >= 100  # 111 examples on 3.11.7, 117 on 3.12.1, 178 on 3.13.0
    assert failed == 0, done.stdout[-6000:]
