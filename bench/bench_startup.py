"""Benchmark, not a test: how much longer `python -m tutor lesson3 --auto` takes than plain pdb.

Both sides run under the interpreter that runs this file, alternately, each in a fresh process:

* tutor:      python -m tutor lesson3 --auto   (stdin /dev/null, NO_COLOR=1)
* plain pdb:  python -m pdb <packaged gradient_2d.py>, typed the lesson's own commands

The commands typed at plain pdb come from the lesson file at run time (line placeholders filled
from the script), so they follow the lesson when it or the script changes.

Leaving `interact`: the lesson's python steps run in pdb's `interact` console, and a learner
leaves it with Ctrl-D. On a pipe there is no way to say "end of file" and go on afterwards:
an empty line does nothing, and `raise SystemExit` (or `exit()`) leaves the console only on
3.13, whose pdb sets local_exit; on 3.11 and 3.12 it escapes the console and ends the program
("The program exited via sys.exit()"), and `exit()` also closes stdin. So plain pdb reads from
a pseudo-terminal with echo off, and leaving the console is a Ctrl-D byte (VEOF) at the start
of a line, exactly what a learner types: the console's input() gets EOFError, and the next
(Pdb) prompt reads on. Checked on 3.11, 3.12 and 3.13. stdout is a pipe on both sides, so
neither uses readline.

Both runs get the same environment, with cwd and TMPDIR in a private temporary folder (the
script saves its plot under TMPDIR). Usage: python bench/bench_startup.py [--runs N]
"""
from __future__ import annotations

import argparse
import os
import pty
import statistics
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import tutor.play  # noqa: F401  (registers the step features, whose fields lesson 3 uses)
from tutor.content.catalog import lesson_paths, script_for
from tutor.content.lesson import Lesson, fill
from tutor.content.load import load_lesson
from tutor.content.locate import read_script, resolve_lines

LESSON = "lesson3"
SESSION = 7  # the post's session: lesson 3's first seven steps, what `--to 7` plays
TARGET = 1.5  # tutor may take at most this many times as long as plain pdb
EOF = "\x04"  # Ctrl-D, the terminal's VEOF character
PROMPT = b"(Pdb) "
TIMEOUT = 60  # seconds before a stuck run is killed


@dataclass(frozen=True)
class Run:
    """One timed process: seconds to exit, seconds to its first (Pdb) prompt, what it printed, its peak RSS."""

    seconds: float
    first_prompt: float | None
    output: str
    returncode: int
    maxrss: int = 0  # bytes: the process's peak resident set (ru_maxrss from wait4)


def first_steps(lesson: Lesson, count: int) -> Lesson:
    """The lesson cut after step `count`, so plain pdb is typed exactly what `tutor --to count` plays."""
    return lesson._replace(steps=lesson.steps[:count])


def typed_lines(lesson: Lesson, numbers: dict[str, int]) -> list[str]:
    """What a learner types at plain pdb to follow the lesson, ending with q."""
    lines, mode = [], "pdb"
    for step in lesson.steps:
        if step.kind != mode:  # the player's own moves: open the console, or Ctrl-D out of it
            lines.append("interact" if step.kind == "python" else EOF)
            mode = step.kind
        command = fill(step.command, numbers)
        lines.append(command)
        if step.kind == "pdb" and command.strip() == "interact":
            mode = "python"
    return lines + ([EOF] if mode == "python" else []) + ["q"]


def as_bytes(lines: list[str]) -> bytes:
    """The lines as typed: Enter after each, but none after Ctrl-D (an empty line repeats pdb's last command)."""
    return "".join(line if line == EOF else line + "\n" for line in lines).encode()


def quiet_tty() -> tuple[int, int]:
    """A pseudo-terminal (master, slave) whose slave does not echo what is typed."""
    master, slave = pty.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[3] &= ~termios.ECHO
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    return master, slave


def run(argv: list[str], env: dict, cwd: str, typed: bytes | None = None, prompt: bytes = PROMPT) -> Run:
    """Run argv once (typing `typed` on a terminal, or with stdin from /dev/null) and time it and its first prompt."""
    master, slave = quiet_tty() if typed is not None else (None, subprocess.DEVNULL)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    watchdog = threading.Timer(TIMEOUT, proc.kill)
    watchdog.start()
    try:
        if typed is not None:
            os.close(slave)
            os.write(master, typed)
        out, first = bytearray(), None
        while chunk := os.read(proc.stdout.fileno(), 65536):
            out += chunk
            if first is None and prompt in out:
                first = time.perf_counter() - start
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not all children's
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        watchdog.cancel()
        proc.stdout.close()
        if master is not None:
            os.close(master)
    maxrss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux
    return Run(seconds, first, out.decode(errors="replace"), proc.returncode, maxrss)


def check(name: str, result: Run, wanted: list[str]) -> None:
    """Stop the benchmark if a run failed or did not do the lesson's work."""
    missing = [text for text in wanted if text not in result.output]
    if result.returncode != 0 or missing:
        tail = "\n".join(result.output.splitlines()[-15:])
        sys.exit(f"bench: the {name} run went wrong (exit {result.returncode}, missing {missing!r}):\n{tail}")


def expected_output(lesson: Lesson, numbers: dict[str, int], finished: bool = True) -> list[str]:
    """Text plain pdb must print if it followed the lesson: every step's expected output, then (finished) the end."""
    texts = [fill(text, numbers) for step in lesson.steps for text in step.expect.output]
    return texts + (["The program finished and will be restarted"] if finished else [])


def median(values: list[float | None]) -> float | None:
    """The median, or None when a value is missing."""
    return None if None in values else statistics.median(values)


def report(results: dict[str, list[Run]]) -> None:
    """Print medians, the tutor/pdb ratios and whether the target is met."""
    rows = {"whole run": [r.seconds for r in results["tutor"]], "first prompt": [r.first_prompt for r in results["tutor"]]}
    base = {"whole run": [r.seconds for r in results["pdb"]], "first prompt": [r.first_prompt for r in results["pdb"]]}
    print(f"\n{'median seconds':<16}{'tutor':>8}{'pdb':>8}{'tutor/pdb':>11}")
    ratio = None
    for name in rows:
        mine, theirs = median(rows[name]), median(base[name])
        if mine is None or theirs is None:
            print(f"{name:<16}{'n/a':>8}{'n/a':>8}{'n/a':>11}")
            continue
        print(f"{name:<16}{mine:>8.3f}{theirs:>8.3f}{mine / theirs:>10.2f}x")
        ratio = mine / theirs if name == "whole run" else ratio
    verdict = "n/a" if ratio is None else ("met" if ratio <= TARGET else "NOT met")
    print(f"target: whole run <= {TARGET}x plain pdb: {verdict}")


def main(argv: list[str] | None = None) -> int:
    """Time tutor and plain pdb alternately, after one untimed warm-up of each, and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    args = parser.parse_args(argv)
    lesson = load_lesson(lesson_paths()[LESSON])
    script = Path(script_for(lesson)).resolve()
    numbers = resolve_lines(read_script(script), lesson.lines)
    typed = as_bytes(typed_lines(lesson, numbers))
    commands = {"tutor": ([sys.executable, "-m", "tutor", LESSON, "--auto"], None, ["figure saved to"]),
                "pdb": ([sys.executable, "-m", "pdb", str(script)], typed, expected_output(lesson, numbers))}
    print(f"python {sys.version.split()[0]} ({sys.executable}); {args.runs} runs each, alternating")
    results: dict[str, list[Run]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="tutor-bench-") as tmp:
        env = {**os.environ, "NO_COLOR": "1", "TMPDIR": tmp}
        for index in range(args.runs + 1):
            for name, (command, stdin, wanted) in commands.items():
                result = run(command, env, tmp, stdin)
                check(name, result, wanted)
                if index:  # the first round only warms the caches
                    results[name].append(result)
    report(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
