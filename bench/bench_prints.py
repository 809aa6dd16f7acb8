"""What the program's prints cost under tutor against plain pdb: a loop printing N lines under `continue`.

The program's prints go through tutor (tutor/core/programout.py) so that a prediction can hold them and a silent
replay can drop them; this measures that way against plain pdb, where a print is C code. The script times its own
loop (time.perf_counter around it), so neither start nor the screen after the stop is counted; stdout is a file,
buffered as a user's shell gives it (PYTHONUNBUFFERED is removed). Both sides run under this interpreter, in
turns, after an untimed warm-up round; the median of each side and their ratio are printed.

    .venv/bin/python bench/bench_prints.py              # 100,000 lines, 5 rounds
    .venv/bin/python bench/bench_prints.py --lines 1000 --runs 9
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = """\
import time
start = time.perf_counter()
for i in range({lines}):
    print("line", i)
elapsed = time.perf_counter() - start
done = True
"""
LESSON = """\
format = 1
id = "prints"
title = "Prints"
summary = "A loop that prints."
script = "prints.py"

[lines]
last = "done = True"

[[step]]
say = "Break after the loop."
pdb = "b {last}"

[[step]]
say = "Run the loop."
pdb = "c"

[[step]]
say = "How long did it take?"
pdb = "p f'ELAPSED {elapsed!r}'"
"""
ELAPSED = re.compile(r"ELAPSED (\d+\.\d+(?:e-?\d+)?)")


def elapsed(command: list[str], stdin: str, cwd: Path, env: dict) -> float:
    """The loop's own time, read from what `p` printed at the stop."""
    with tempfile.TemporaryFile("w+") as out:
        subprocess.run(command, input=stdin, stdout=out, stderr=subprocess.DEVNULL, text=True, cwd=cwd, env=env,
                       check=False, timeout=600)
        out.seek(0)
        found = ELAPSED.findall(out.read())
    if not found:
        raise SystemExit(f"no ELAPSED line from {' '.join(command)}")
    return float(found[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONUNBUFFERED", "PYTHONPATH")}
    with tempfile.TemporaryDirectory() as folder:
        place = Path(folder)
        (place / "prints.py").write_text(SCRIPT.format(lines=args.lines))
        (place / "prints.toml").write_text(LESSON)
        last = SCRIPT.splitlines().index("done = True") + 1
        sides = {
            "plain pdb": ([sys.executable, "-m", "pdb", "prints.py"], f"b {last}\nc\np f'ELAPSED {{elapsed!r}}'\nq\n"),
            "tutor": ([sys.executable, "-m", "tutor", "prints", "--lessons", folder, "--auto"], ""),
        }
        times: dict[str, list[float]] = {name: [] for name in sides}
        for round_number in range(args.runs + 1):
            for name, (command, stdin) in sides.items():
                seconds = elapsed(command, stdin, place, env)
                if round_number:  # the first round warms caches up and is not counted
                    times[name].append(seconds)
    plain, tutor = (statistics.median(times[name]) for name in sides)
    print(f"Python {sys.version.split()[0]}, {args.lines:,} lines printed under `continue`, {args.runs} rounds")
    print(f"plain pdb {plain:.3f} s   tutor {tutor:.3f} s   tutor/plain {tutor / plain:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
