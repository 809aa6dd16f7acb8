"""Benchmark, not a test: the start ratios counted in CPU instructions, which a busy machine cannot blur.

    python bench/instructions.py        # about a minute per interpreter; needs valgrind

run_all.py times whole processes, and on a 2-CPU machine shared with other work the per-round ratios of
the first screen spread from 1.2x to 3.9x: its median moves by a tenth or two between runs. Here each process
of run_all.py's first-screen and post's-session rows runs once under `valgrind --tool=callgrind`, which
counts the instructions the process executed: the same count for the same binary, input and environment,
whatever else the machine does. Instructions are not seconds (cache misses, system calls and waiting
are not in them), so this complements the timed table and does not replace it.
"""
from __future__ import annotations

import re
import shutil
import sys
import tempfile

from run_all import TARGETS, child_env, commands

CALLGRIND = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]


def instructions(argv: list[str], typed: bytes | None, wanted: list[str], env: dict, cwd: str) -> int:
    """Instructions executed by one run of argv under callgrind (after checking it did its work)."""
    import bench_startup as bs

    result = bs.run(CALLGRIND + argv, env, cwd, typed)
    bs.check(argv[-1], result, wanted)
    counted = re.search(r"==\d+== Collected : (\d+)", result.output)
    if counted is None:
        sys.exit(f"bench: callgrind printed no count for {argv}:\n{result.output[-2000:]}")
    return int(counted.group(1))


def measure(named: dict, env: dict, cwd: str) -> dict[str, int]:
    """Each command run once plainly (to write its .pyc) and once counted."""
    import bench_startup as bs

    counts = {}
    for name, (argv, typed, wanted, *_) in named.items():
        bs.check(name, bs.run(argv, env, cwd, typed), wanted)
        counts[name] = instructions(argv, typed, wanted, env, cwd)
    return counts


def main() -> int:
    if shutil.which("valgrind") is None:
        print("bench: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 1
    cold, session, _ = commands()
    cold.pop("ipdb", None)
    with tempfile.TemporaryDirectory(prefix="tutor-bench-") as tmp:
        env = child_env(tmp, as_is=False)
        first, post = measure(cold, env, tmp), measure(session, env, tmp)
    print(f"python {sys.version.split()[0]}: millions of instructions (callgrind), ratio to plain pdb")
    rows = [("first screen: tutor --to 1", first["tutor"], first["pdb"], TARGETS["first screen"]),
            ("  floor: rich Panel+Syntax, then pdb", first["floor"], first["pdb"], None),
            ("  floor without pygments: Panel+Text", first["floor-text"], first["pdb"], None),
            ("post's session: tutor --to 7", post["tutor"], post["pdb"], TARGETS["post's session"])]
    for label, mine, theirs, target in rows:
        verdict = "" if target is None else f"  target <= {target}x: {'met' if mine / theirs <= target else 'NOT met'}"
        print(f"{label:<40} {mine / 1e6:8.0f} M  pdb {theirs / 1e6:6.0f} M  {mine / theirs:5.2f}x{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
