"""Benchmark, not a test: `--record` on a program that prints 80,000 lines, against the same prints unrecorded.

    python bench/bench_record.py            # 20,000, 40,000 and 80,000 lines
    python bench/bench_record.py --lines 80000

In this process, the program's prints go through the Tee that `--record` puts on stdout, into a Tape, and the
tape is saved as .cast and as .txt; the baseline prints the same lines to a StringIO. Then the whole command, as
the issue measured it: `python -m tutor loud --auto` on a one-step lesson whose script prints 80,000 lines,
with `--record out.cast` and without, each in a fresh process (stdout to /dev/null).

Linear means the CPU time per line stays the same as the lines double (before the fix, `Tape._stamp` copied
the whole output on every write: 80,000 lines took 111 s, against 0.46 s without --record, in the issue's
measure).
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
try:
    import tutor  # noqa: F401
except ImportError:  # not installed in this interpreter: run the working tree
    sys.path.insert(0, str(HERE.parent))

from tutor.ui.record import Tape, Tee  # noqa: E402


def printed(lines: int, stdout) -> float:
    """Seconds to print `lines` lines, as a program under tutor does, into `stdout`."""
    start = time.perf_counter()
    with contextlib.redirect_stdout(stdout):
        for number in range(lines):
            print(f"iteration {number}: loss = {1 / (number + 1):.6f}")
    return time.perf_counter() - start


def recorded(lines: int, folder: Path) -> tuple[float, float]:
    """Seconds to print through --record's Tee, and then to save the tape as .cast and .txt."""
    tape = Tape(folder / "run.cast", 80, 24)
    during = printed(lines, Tee(io.StringIO(), tape))
    start = time.perf_counter()
    tape.save("bench")
    tape.path = folder / "run.txt"
    tape.save("bench")
    return during, time.perf_counter() - start


SCRIPT = """for number in range({lines}):
    print(f"iteration {{number}}: loss = {{1 / (number + 1):.6f}}")
"""
LESSON = """format = 1
id = "loud"
title = "A program that prints {lines} lines"
summary = "For timing --record."
script = "loud.py"

[[step]]
say = "Continue to the end."
pdb = "c"
"""


def whole_command(lines: int, folder: Path, *record: str) -> float:
    """Seconds from spawn to exit of `python -m tutor loud --auto [--record ...]` in `folder`."""
    (folder / "loud.py").write_text(SCRIPT.format(lines=lines))
    (folder / "loud.toml").write_text(LESSON.format(lines=lines))
    env = {**os.environ, "XDG_STATE_HOME": str(folder / "state"), "PYTHONPATH": str(HERE.parent)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tutor", "loud", "--lessons", str(folder), "--auto", *record],
                   cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="*", default=[20_000, 40_000, 80_000])
    counts = parser.parse_args().lines
    print(f"{'lines':>8}  {'plain s':>8}  {'--record s':>10}  {'save s':>7}  {'CPU µs/line recorded':>20}")
    with tempfile.TemporaryDirectory() as folder:
        for lines in counts:
            plain = printed(lines, io.StringIO())
            cpu = time.process_time()
            during, save = recorded(lines, Path(folder))
            per_line = (time.process_time() - cpu) / lines * 1e6  # CPU time: steadier than the clock on a busy machine
            print(f"{lines:>8}  {plain:>8.3f}  {during:>10.3f}  {save:>7.3f}  {per_line:>20.1f}")
        lines = max(counts)
        without = whole_command(lines, Path(folder))
        with_record = whole_command(lines, Path(folder), "--record", str(Path(folder) / "out.cast"), "--force")
        print(f"python -m tutor on a script printing {lines} lines: {without:.2f} s, "
              f"{with_record:.2f} s with --record out.cast")


if __name__ == "__main__":
    main()
