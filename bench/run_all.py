"""Benchmark, not a test: every benchmark of issue 7 in one run, printed as one table.

    python bench/run_all.py            # about a minute on an idle machine
    python bench/run_all.py --runs 15  # longer, steadier medians

Each row sets tutor against its baseline, measured side by side in the same run under this interpreter:

* the post's session: `python -m tutor lesson3 --auto --to 7`, seconds from spawn to exit, against plain
  `python -m pdb gradient_2d.py` typed, on a pty, the commands of lesson 3's first seven steps (read from
  the lesson, line numbers resolved from its [lines]), then Ctrl-D out of `interact` and q.
* the first screen: `python -m tutor lesson3 --auto --to 1` against `python -m pdb gradient_2d.py`, seconds
  from spawn to the first "(Pdb) " on stdout (NO_COLOR=1, stdout a pipe, as in bench_startup.py); also
  against ipdb's first "ipdb> " when this interpreter has ipdb.
* the floors, against the same plain pdb: import rich, draw a Panel of text and a Panel of the script's
  first ten lines to /dev/null, then run plain pdb.main(). The lines are highlighted by rich's Syntax
  (pygments), as the source view did up to fa231bc, or left as plain rich Text. The source view now
  colours its lines with tutor's own highlighter (stdlib tokenize), so the second floor is the one
  that bounds the first screen: it cannot be drawn with rich for less.
* whole lesson: `python -m tutor lesson3 --auto` against plain pdb typed the lesson's commands on a pty
  (bench_startup.py's way), seconds to exit.
* peak memory: ru_maxrss of those whole-lesson processes (os.wait4 on each child).
* render: one step's screen at 80x24. It is the first turn of lesson 3's batch loop: the step panel,
  pdb's lines, the source view, the variables view, the row-split view and the note after it. The
  screen comes from a real hands-free run in a child process and is then printed again and again into
  Console(width=80, height=24, force_terminal=True, truecolor) with the tutor theme. The median is in
  ms, after a warm-up.
* recording 18x18, 100x100: bench_trace.py's plain and recorded calls (the Recorder's default backend)
  take turns in a child process.
* trace at scale: bench_trace_net.py's plain and recorded children, in turn: one full numerical gradient of
  a 784-50-10 network (39,760 parameters, 79,520 calls of the loss); seconds, and the recorded child's
  peak RSS minus the plain one's.

Processes take turns, round after round, after one untimed warm-up round. There are 3 x --runs
cold-start rounds, 3 x --runs post's-session rounds and --runs whole-lesson rounds. Children cache
bytecode in a private folder, as an installed package has its .pyc (see child_env). The script runs
from any folder, with any interpreter that can import tutor and its dependencies.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench_startup, bench_trace
try:
    import tutor  # noqa: F401
    SOURCE = None
except ImportError:  # not installed in this interpreter: run the working tree (its dependencies still needed)
    SOURCE = str(HERE.parent)
    sys.path.insert(0, SOURCE)

MB = 1e6
TARGETS = {"post's session": 1.3, "first screen": 2.5, "whole lesson": 1.5, "render": 20.0, "18x18": 5.0,
           "100x100": 10.0, "peak memory": 1.5, "network": 10.0, "network memory": 100.0}

# The floor: pdb's own start, after importing rich and drawing what tutor draws before its first prompt:
# a Panel of text, and a Panel of the script's first lines, highlighted by rich's Syntax (pygments, as the
# source view did up to fa231bc) or, with "text" as second argument, by nothing (plain rich Text).
FLOOR = r"""
import os, sys
from rich.console import Console
from rich.panel import Panel
script, how = sys.argv[1], sys.argv[2]
lines = open(script, encoding="utf-8").read().splitlines()[:10]
console = Console(file=open(os.devnull, "w"), width=80)
console.print(Panel("gradient_2d.py computes the gradient of f(x0, x1) by central differences.", title="lesson3"))
if how == "syntax":
    from rich.syntax import Syntax
    body = Syntax("\n".join(lines), "python", theme="ansi_dark")
else:
    from rich.text import Text
    body = Text("\n".join(lines), style="blue")
console.print(Panel(body, title=os.path.basename(script)))
import pdb
sys.argv[:] = ["pdb", script]
pdb.main()
"""


# -- the processes: first screen, post's session, whole lesson, peak memory, floors -----------------

def child_env(tmp: str, as_is: bool) -> dict:
    """The environment of every child: NO_COLOR, private TMPDIR and progress file, and bytecode caching.

    Installed packages come with their .pyc files, so the children cache bytecode (in a private folder,
    filled by the warm-up round) even where PYTHONDONTWRITEBYTECODE is set; without that, tutor's own
    modules would be compiled from source at every start. --env-as-is keeps this shell's settings.
    """
    env = {**os.environ, "NO_COLOR": "1", "TMPDIR": tmp, "XDG_STATE_HOME": os.path.join(tmp, "state")}
    if SOURCE is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [SOURCE, env.get("PYTHONPATH")]))
    if not as_is:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
    return env


def processes(runs: int, as_is: bool) -> tuple[dict[str, list], dict[str, list], dict[str, list]]:
    """Three sets of rounds, each kind taking turns with the others, after one untimed warm-up round.

    Cold start (3 x runs rounds, a few tenths of a second each): tutor stopping after step 1, plain pdb
    (stdin /dev/null: it quits at its first prompt), ipdb if installed, and the two floors; the time to
    the first prompt. The post's session (3 x runs rounds): tutor --to 7 and plain pdb typed those seven
    steps' commands on a pty, then Ctrl-D and q; time to exit. Whole lesson (runs rounds): tutor
    hands-free and plain pdb typed the lesson's commands on a pty; time to exit and peak RSS.
    bench_startup's Run for each.
    """
    cold, session, whole = commands()
    with tempfile.TemporaryDirectory(prefix="tutor-bench-") as tmp:
        env = child_env(tmp, as_is)
        return rounds(cold, 3 * runs, env, tmp), rounds(session, 3 * runs, env, tmp), rounds(whole, runs, env, tmp)


def commands() -> tuple[dict, dict, dict]:
    """The cold-start, post's-session and whole-lesson commands: name -> (argv, typed, wanted[, prompt])."""
    import bench_startup as bs
    import tutor.play  # noqa: F401  (registers the step features, whose fields lesson 3 uses)
    from tutor.content.catalog import lesson_paths, script_for
    from tutor.content.load import load_lesson
    from tutor.content.locate import read_script, resolve_lines

    lesson = load_lesson(lesson_paths()[bs.LESSON])
    script = Path(script_for(lesson)).resolve()
    numbers = resolve_lines(read_script(script), lesson.lines)
    tutor, pdb = [sys.executable, "-m", "tutor", bs.LESSON, "--auto"], [sys.executable, "-m", "pdb", str(script)]
    prompt = ["(Pdb) "]
    cold = {"tutor": (tutor + ["--to", "1"], None, prompt), "pdb": (pdb, None, prompt),
            "floor": ([sys.executable, "-c", FLOOR, str(script), "syntax"], None, prompt),
            "floor-text": ([sys.executable, "-c", FLOOR, str(script), "text"], None, prompt)}
    if has_ipdb():
        cold["ipdb"] = ([sys.executable, "-m", "ipdb", str(script)], None, ["ipdb> "], b"ipdb> ")
    part = bs.first_steps(lesson, bs.SESSION)
    said = bs.expected_output(part, numbers, finished=False)
    session = {"tutor": (tutor + ["--to", str(bs.SESSION)], None, said),
               "pdb": (pdb, bs.as_bytes(bs.typed_lines(part, numbers)), said)}
    whole = {"tutor": (tutor, None, ["figure saved to"]),
             "pdb": (pdb, bs.as_bytes(bs.typed_lines(lesson, numbers)), bs.expected_output(lesson, numbers))}
    return cold, session, whole


def has_ipdb() -> bool:
    """Whether this interpreter can run ipdb, the first-prompt row's second baseline (pip install ipdb)."""
    import importlib.util

    return importlib.util.find_spec("ipdb") is not None


def rounds(commands: dict, count: int, env: dict, cwd: str) -> dict[str, list]:
    """Each command once per round, in turn; the first round only warms the caches (and writes the .pyc)."""
    import bench_startup as bs

    results: dict[str, list] = {name: [] for name in commands}
    for index in range(count + 1):
        for name, (command, stdin, wanted, *prompt) in commands.items():
            result = bs.run(command, env, cwd, stdin, *prompt)
            bs.check(name, result, wanted)
            if index:
                results[name].append(result)
    return results


# -- rendering one step's screen (child) ---------------------------------------------------------

def render_child(runs: int) -> dict:
    """Play lesson 3 hands-free up to its row-split step, keep what that step showed, time printing it."""
    from rich.console import Console

    from tutor.content.catalog import lesson_paths, script_for
    from tutor.content.load import load_lesson
    from tutor.content.locate import read_script
    from tutor.play.session import Look, Pace, Player
    from tutor.ui.screen import Screen
    from tutor.ui.views.step import StepPanel
    from tutor.ui.views.theme import DEFAULT

    class Keep(Screen):
        """A screen that also keeps, in order, every view shown and every piece of pdb text."""

        def __init__(self, console):
            super().__init__(console)
            self.kept: list = []

        def raw(self, text):
            self.kept.append(text)
            super().raw(text)

        def show(self, *renderables):
            self.kept.extend(renderables)
            super().show(*renderables)

        def begin(self, chapter, panel=None):  # a step's panel comes this way (a page of --record FILE.html)
            if panel is not None:
                self.kept.append(panel)
            super().begin(chapter, panel)

    lesson = load_lesson(lesson_paths()["lesson3"])
    number = next(step.number for step in lesson.steps if step.rows is not None)
    screen = Keep(Console(file=io.StringIO(), width=80, height=24))
    Player(lesson, read_script(script_for(lesson)), screen, None, Pace(last=number), Look()).play()
    start = next(i for i, item in enumerate(screen.kept) if isinstance(item, StepPanel) and item.number == number)
    parts = screen.kept[start:]
    names = [type(part).__name__ for part in parts if not isinstance(part, str)]

    console = Console(width=80, height=24, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    console.push_theme(DEFAULT)

    def draw() -> tuple[float, str]:
        console.file = io.StringIO()
        begin = time.perf_counter()
        for part in parts:
            if isinstance(part, str):
                console.file.write(part)
            else:
                console.print(part)
        return time.perf_counter() - begin, console.file.getvalue()

    for _ in range(5):  # warm-up: pygments' lexer and style, rich's caches
        draw()
    times, out = [], ""
    for _ in range(runs):
        seconds, out = draw()
        times.append(seconds)
    each = {}
    for part in parts:  # which view costs what (median of 20 each)
        if isinstance(part, str):
            continue
        samples = []
        for _ in range(20):
            console.file = io.StringIO()
            begin = time.perf_counter()
            console.print(part)
            samples.append(time.perf_counter() - begin)
        each[type(part).__name__] = each.get(type(part).__name__, 0) + statistics.median(samples)
    return {"step": number, "views": names, "times": times, "lines": out.count("\n"), "each": each}


# -- recording overhead (child) ------------------------------------------------------------------

def trace_child(runs: int) -> dict:
    """bench_trace.py's plain and recorded calls (default backend) taking turns on both grids."""
    import bench_trace as bt

    bt.no_tracer()
    functions = bt.load()
    out = {}
    for name, count in (("18x18", runs), ("100x100", max(3, runs // 2))):
        grid = bt.make_grid(bt.GRIDS[name][0])
        bt.plain(grid, functions)  # warm-up round
        bt.recorded(grid, functions)
        plains, recs = [], []
        for _ in range(count):
            plains.append(bt.plain(grid, functions)[0])
            recs.append(bt.recorded(grid, functions)[0])
        out[name] = {"plain": plains, "recorded": recs}
    import tutor.core.recorder

    out["backend"] = getattr(tutor.core.recorder, "default_backend", lambda: "settrace")()
    return out


def network(count: int, as_is: bool) -> dict:
    """bench_trace_net.py's rounds (a child process for each call), summarised."""
    import bench_trace_net as bn

    with tempfile.TemporaryDirectory(prefix="tutor-bench-") as tmp:
        return bn.summary(bn.rounds(count, child_env(tmp, as_is), tmp))


def child(part: str, runs: int, as_is: bool) -> dict:
    """Run this file as a child for one part and return the JSON line it printed."""
    with tempfile.TemporaryDirectory(prefix="tutor-bench-") as tmp:
        env = child_env(tmp, as_is)
        del env["NO_COLOR"]  # the render child draws in colour (truecolor), as a learner's terminal does
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--part", part, "--runs", str(runs)],
                              capture_output=True, text=True, timeout=600, cwd=tmp, env=env)
    if done.returncode != 0:
        sys.exit(f"run_all: the {part} child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the table -----------------------------------------------------------------------------------

def row(measure: str, mine: float, theirs: float | None, unit: str, target: float | None, kind: str) -> list[str]:
    """One line of the table: kind 'ratio' (target on mine/theirs) or 'absolute' (target on mine)."""
    fmt = {"s": lambda v: f"{v:.3f} s", "ms": lambda v: f"{v:.1f} ms", "MB": lambda v: f"{v:.0f} MB"}[unit]
    ratio = None if theirs is None else mine / theirs
    if kind == "ratio":
        verdict = "-" if target is None else ("yes" if ratio <= target else "NO")
        goal = "-" if target is None else f"<= {target:g}x"
    else:
        verdict, goal = ("yes" if mine <= target else "NO"), f"<= {target:g} {unit}"
    return [measure, fmt(mine), "-" if theirs is None else fmt(theirs), "-" if ratio is None else f"{ratio:.2f}x",
            goal, verdict]


def table(rows: list[list[str]]) -> str:
    """Columns padded to fit, the first left-aligned."""
    head = ["measure", "tutor", "baseline", "ratio", "target", "met?"]
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(head), "  ".join("-" * w for w in widths)] + [line(r) for r in rows])


def main(argv: list[str] | None = None) -> int:
    """Every measurement side by side, one table, and the load the figures were taken under."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7,
                        help="timed runs of each process and of 18x18 (100x100: half, at least 3); default 7")
    parser.add_argument("--env-as-is", action="store_true",
                        help="children keep this shell's bytecode settings (default: they cache .pyc privately)")
    parser.add_argument("--part", choices=["render", "trace"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.part == "render":
        print(json.dumps(render_child(max(50, args.runs * 30))))
        return 0
    if args.part == "trace":
        print(json.dumps(trace_child(args.runs)))
        return 0
    import numpy

    started, load = time.perf_counter(), os.getloadavg()
    cold, session, whole = processes(args.runs, args.env_as_is)
    render = child("render", args.runs, args.env_as_is)
    trace = child("trace", args.runs, args.env_as_is)
    trace["network"] = network(max(2, args.runs // 4), args.env_as_is)
    print(f"python {sys.version.split()[0]} ({sys.executable}), numpy {numpy.__version__}, "
          f"rich {_version('rich')}; medians of {len(cold['pdb'])} cold starts, {len(session['pdb'])} post's "
          f"sessions, {args.runs} whole lessons, {len(render['times'])} renders, 18x18 "
          f"{len(trace['18x18']['plain'])}, 100x100 {len(trace['100x100']['plain'])}, network "
          f"{trace['network']['rounds']}; bytecode "
          f"{'as this shell has it' if args.env_as_is else 'cached (private folder)'}")
    print(table(rows(cold, session, whole, render, trace)))
    explain(cold, session, whole, render)
    end = os.getloadavg()
    print(f"total {time.perf_counter() - started:.0f} s; load average (1, 5, 15 min) {_loads(load)} at the start, "
          f"{_loads(end)} at the end, {os.cpu_count()} CPUs (a busy machine widens every ratio)")
    return 0


def rows(cold: dict, session: dict, whole: dict, render: dict, trace: dict) -> list[list[str]]:
    """The table's rows, in the README's order."""
    med = statistics.median
    first = {name: med([r.first_prompt for r in runs]) for name, runs in cold.items()}
    end = lambda runs: med([r.seconds for r in runs])  # noqa: E731
    out = [row("the post's session: --to 7, to its end", end(session["tutor"]), end(session["pdb"]), "s",
               TARGETS["post's session"], "ratio"),
           row("the first screen: --to 1, first prompt", first["tutor"], first["pdb"], "s", TARGETS["first screen"],
               "ratio")]
    no_ipdb = ["  against ipdb: not installed here (pip install ipdb)"] + ["-"] * 5
    out.append(row("  the same against ipdb's first prompt", first["tutor"], first["ipdb"], "s", None, "ratio")
               if "ipdb" in first else no_ipdb)
    out += [row("  floor: rich Panel+Syntax, then pdb", first["floor"], first["pdb"], "s", None, "ratio"),
            row("  floor without pygments: Panel+Text", first["floor-text"], first["pdb"], "s", None, "ratio"),
            row("whole lesson 3, hands-free", end(whole["tutor"]), end(whole["pdb"]), "s", TARGETS["whole lesson"],
                "ratio"),
            row(f"render step {render['step']} at 80x24", med(render["times"]) * 1e3, None, "ms", TARGETS["render"],
                "absolute")]
    for name in ("18x18", "100x100"):
        out.append(row(f"recording {name} ({trace['backend']})", med(trace[name]["recorded"]) * 1e3,
                       med(trace[name]["plain"]) * 1e3, "ms", TARGETS[name], "ratio"))
    net = trace["network"]
    out += [row(f"trace 784-50-10 gradient ({net['backend']})", net["trace"], net["plain"], "s", TARGETS["network"],
                "ratio"),
            row("  its extra peak memory", net["extra_mb"], None, "MB", TARGETS["network memory"], "absolute")]
    out.append(row("peak memory, whole lesson", med([r.maxrss for r in whole["tutor"]]) / MB,
                   med([r.maxrss for r in whole["pdb"]]) / MB, "MB", TARGETS["peak memory"], "ratio"))
    return out


def explain(cold: dict, session: dict, whole: dict, render: dict) -> None:
    """Where the first screen's time goes, the spread of the per-round ratios, the render's views."""
    ms = {name: statistics.median([r.first_prompt for r in runs]) * 1e3 for name, runs in cold.items()}
    best = {name: min(r.first_prompt for r in runs) * 1e3 for name, runs in cold.items()}
    print(f"first screen, median ms: plain pdb {ms['pdb']:.0f}; rich's imports and two panels "
          f"+{ms['floor-text'] - ms['pdb']:.0f}; pygments' Syntax +{ms['floor'] - ms['floor-text']:.0f}; tutor "
          f"{ms['tutor']:.0f}, {ms['tutor'] - ms['floor-text']:+.0f} against the floor without pygments"
          f"\n  best of {len(cold['pdb'])}: pdb {best['pdb']:.0f}, floors {best['floor-text']:.0f} and "
          f"{best['floor']:.0f}, tutor {best['tutor']:.0f}" + (f", ipdb {best['ipdb']:.0f}" if "ipdb" in best else ""))
    pairs = lambda runs, key: [key(x) / key(y) for x, y in zip(runs["tutor"], runs["pdb"])]  # noqa: E731
    spread = lambda values: f"{min(values):.2f}-{max(values):.2f}x"  # noqa: E731
    print(f"per-round ratios: post's session {spread(pairs(session, lambda r: r.seconds))}, first screen "
          f"{spread(pairs(cold, lambda r: r.first_prompt))}, whole lesson {spread(pairs(whole, lambda r: r.seconds))}")
    views = ", ".join(f"{name} {seconds * 1e3:.1f}" for name, seconds in render["each"].items())
    print(f"render: {render['lines']} lines; ms per view: {views}")


def _loads(values: tuple[float, float, float]) -> str:
    """A load average triple, as uptime prints it."""
    return ", ".join(f"{value:.2f}" for value in values)


def _version(name: str) -> str:
    from importlib.metadata import version

    try:
        return version(name)
    except Exception:
        return "?"


if __name__ == "__main__":
    raise SystemExit(main())
