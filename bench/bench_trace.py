"""Benchmark, not a test: how much the Recorder (tutor/core/recorder.py) slows down and grows gradient_2d.py.

The call measured is scripts/gradient_2d.py's numerical_gradient(function_2, grid.copy()), both plain
and under Recorder(files={script}, backend=B).record(...) for each backend B this Python has (settrace;
monitoring on 3.12+), on two grids of shape (2, N):

* 18x18:   np.arange(-2, 2.5, 0.25) on both axes, the script's own grid (2, 324)
* 100x100: np.linspace(-2, 2.25, 100) on both axes (2, 10000)

Time: wall-clock (time.perf_counter), plain and each backend taking turns after one untimed warm-up
round, gc.collect() before each call; medians, the ratio recorded/plain per backend, and where both
backends exist monitoring/settrace (median of the per-round ratios). Targets: <= 5x on 18x18,
<= 10x on 100x100. The backend the Recorder picks by itself is marked with *.

Memory (100x100 only): measured in child processes of this file, so that tracemalloc's own cost never
touches the timings. One child runs both calls under tracemalloc and reports peak growth during the
recorded call minus peak growth during the plain call; two more children (one plain, one recorded,
identical otherwise) report ru_maxrss, whose difference is the recorder's extra peak. Target: < 100 MB.
Memory is measured with the backend the Recorder picks by itself.

The recorder must be the only tracer: the benchmark refuses to run under a debugger or coverage
(sys.gettrace() must be None). The script is loaded with runpy (run_name="gradient_2d", so its
__main__ block does not run). Usage: python bench/bench_trace.py [--runs N]   (about 25 s; 50 s with both backends)
"""
from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from tutor.core.recorder import BACKENDS, Recorder, default_backend

SCRIPT = str((Path(__file__).resolve().parent.parent / "scripts" / "gradient_2d.py").resolve())
GRIDS = {"18x18": (np.arange(-2, 2.5, 0.25), 7, 5.0), "100x100": (np.linspace(-2, 2.25, 100), 3, 10.0)}
MEMORY_GRID = "100x100"
MEMORY_TARGET_MB = 100.0
MB = 1e6
AVAILABLE = [b for b in BACKENDS if b != "monitoring" or hasattr(sys, "monitoring")]


def load() -> tuple:
    """numerical_gradient and function_2 from the script, without running its __main__ block."""
    import runpy
    namespace = runpy.run_path(SCRIPT, run_name="gradient_2d")
    return namespace["numerical_gradient"], namespace["function_2"]


def make_grid(axis: np.ndarray) -> np.ndarray:
    """The script's grid from one axis: meshgrid, flattened, stacked as shape (2, N)."""
    X, Y = np.meshgrid(axis, axis)
    return np.array([X.flatten(), Y.flatten()])


def no_tracer() -> None:
    """Stop if another tracer (debugger, coverage) is active: it would distort the recorder's figures."""
    if sys.gettrace() is not None:
        sys.exit(f"bench_trace: another tracer is active ({sys.gettrace()!r}); run without it")


def plain(grid: np.ndarray, functions: tuple) -> tuple[float, object]:
    """Seconds for one plain call, and its result."""
    numerical_gradient, function_2 = functions
    x = grid.copy()
    gc.collect()
    start = time.perf_counter()
    result = numerical_gradient(function_2, x)
    return time.perf_counter() - start, result


def recorded(grid: np.ndarray, functions: tuple, backend: str | None = None) -> tuple[float, object]:
    """Seconds for one recorded call (Recorder built inside the timing), and its Recording."""
    numerical_gradient, function_2 = functions
    x = grid.copy()
    no_tracer()
    gc.collect()
    start = time.perf_counter()
    recording = Recorder(files={SCRIPT}, backend=backend).record("bench", lambda: numerical_gradient(function_2, x))
    return time.perf_counter() - start, recording


def time_grid(name: str, runs: int, functions: tuple) -> dict:
    """Plain and each backend taking turns on one grid, after a warm-up round; medians and spreads."""
    axis, _, target = GRIDS[name]
    grid = make_grid(axis)
    plain(grid, functions)  # warm-up round: imports, the recorder's line caches, numpy's paths
    for backend in AVAILABLE:
        recorded(grid, functions, backend)
    plains, recs, recordings, expected = [], {b: [] for b in AVAILABLE}, {}, None
    for round_ in range(runs):
        seconds, expected = plain(grid, functions)
        plains.append(seconds)
        order = AVAILABLE if round_ % 2 == 0 else AVAILABLE[::-1]  # neither backend always runs first
        for backend in order:
            seconds, recordings[backend] = recorded(grid, functions, backend)
            recs[backend].append(seconds)
    for backend, recording in recordings.items():
        if recording.error or not np.allclose(recording.result, expected):
            sys.exit(f"bench_trace: the {backend} recording went wrong on {name}: "
                     f"{recording.error or 'other result'}")
    first = recordings[AVAILABLE[0]]
    if any(repr(r.items) != repr(first.items) or r.seen != first.seen for r in recordings.values()):
        sys.exit(f"bench_trace: the backends recorded different things on {name}")
    backends = {}
    for backend, times in recs.items():
        ratio = statistics.median(times) / statistics.median(plains)
        backends[backend] = {"recorded": times, "ratio": ratio, "pairs": [r / p for p, r in zip(plains, times)],
                             "met": ratio <= target}
    versus = None
    if len(recs) == 2:
        versus = statistics.median(m / s for s, m in zip(recs["settrace"], recs["monitoring"]))
    return {"name": name, "shape": grid.shape, "runs": runs, "plain": plains, "backends": backends,
            "versus": versus, "target": target, "seen": first.seen, "kept": len(first.events)}


def child(mode: str) -> None:
    """In a child process: print one JSON line with memory figures for the MEMORY_GRID call."""
    no_tracer()
    functions = load()
    grid = make_grid(GRIDS[MEMORY_GRID][0])
    plain(grid, functions)  # same warm-up in every child, so their baselines match
    if mode == "tracemalloc":
        tracemalloc.start()
        plain_peak = traced_peak(lambda: plain(grid, functions))
        recorded_peak = traced_peak(lambda: recorded(grid, functions))
        print(json.dumps({"plain": plain_peak, "recorded": recorded_peak}))
        return
    if mode == "rss-plain":
        plain(grid, functions)
    else:
        recorded(grid, functions)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"maxrss": maxrss if sys.platform == "darwin" else maxrss * 1024}))


def traced_peak(call) -> int:
    """Bytes tracemalloc's peak rose above the current size while call() ran."""
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    kept = call()  # noqa: F841 - the result stays alive until the peak is read
    return tracemalloc.get_traced_memory()[1] - before


def run_child(mode: str) -> dict:
    """Run this file as a child in one memory mode and return what it printed."""
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", mode],
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        sys.exit(f"bench_trace: child {mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_memory() -> dict:
    """Extra peak memory of the recorded call, in MB, by tracemalloc and by ru_maxrss."""
    traced = run_child("tracemalloc")
    rss_plain, rss_recorded = run_child("rss-plain")["maxrss"], run_child("rss-recorded")["maxrss"]
    return {"traced_plain": traced["plain"] / MB, "traced_recorded": traced["recorded"] / MB,
            "traced_extra": (traced["recorded"] - traced["plain"]) / MB,
            "rss_plain": rss_plain / MB, "rss_recorded": rss_recorded / MB,
            "rss_extra": (rss_recorded - rss_plain) / MB}


def spread(values: list[float]) -> str:
    """The range of the runs around their median, in percent."""
    median = statistics.median(values)
    return f"{(min(values) - median) / median:+.0%}/{(max(values) - median) / median:+.0%}"


def report(timings: list[dict], memory: dict) -> None:
    """Print the table of figures, ratios and targets."""
    yes = {True: "yes", False: "NO"}
    chosen = default_backend()
    print(f"{'grid':<8} {'runs':>4} {'backend':<11} {'plain ms':>9} {'recorded ms':>12} {'ratio':>6} "
          f"{'pair ratios':>12} {'target':>7} {'met':>4}   spread plain, recorded")
    for t in timings:
        for backend, b in t["backends"].items():
            pairs = f"{min(b['pairs']):.2f}-{max(b['pairs']):.2f}"
            label = backend + ("*" if backend == chosen else "")
            print(f"{t['name']:<8} {t['runs']:>4} {label:<11} {statistics.median(t['plain']) * 1e3:>9.1f} "
                  f"{statistics.median(b['recorded']) * 1e3:>12.1f} {b['ratio']:>5.2f}x {pairs:>12} "
                  f"{'<= ' + format(t['target'], 'g') + 'x':>7} {yes[b['met']]:>4}   "
                  f"{spread(t['plain'])}, {spread(b['recorded'])}")
    for t in timings:
        if t["versus"] is not None:
            print(f"{t['name']:<8} monitoring/settrace {t['versus']:.3f} (median of the rounds' ratios)")
    for t in timings:
        print(f"{t['name']:<8} events seen {t['seen']}, kept {t['kept']} (shape {t['shape']}), "
              f"the same with every backend")
    print(f"{'memory ' + MEMORY_GRID + ' (child processes)':<35} {'plain MB':>8} {'recorded MB':>12} "
          f"{'extra MB':>9}  target  met")
    for label, key in (("tracemalloc peak during the call", "traced"), ("ru_maxrss of the whole child", "rss")):
        extra = memory[f"{key}_extra"]
        print(f"  {label:<33} {memory[f'{key}_plain']:>8.1f} {memory[f'{key}_recorded']:>12.1f} "
              f"{extra:>9.1f}  {'< ' + format(MEMORY_TARGET_MB, 'g'):>6}  {yes[extra < MEMORY_TARGET_MB]:>3}")


def main() -> None:
    """Parse options, time both grids, measure memory in children, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="timed runs of each kind per grid (default 7 for 18x18, "
                                                  "3 for 100x100)")
    parser.add_argument("--child", choices=["tracemalloc", "rss-plain", "rss-recorded"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child)
        return
    no_tracer()
    started = time.perf_counter()
    functions = load()
    timings = [time_grid(name, options.runs or runs, functions) for name, (_, runs, _) in GRIDS.items()]
    memory = measure_memory()
    print(f"Recorder on {SCRIPT}, Python {sys.version.split()[0]}, numpy {np.__version__}; "
          f"backends {', '.join(AVAILABLE)} (* the default here)")
    report(timings, memory)
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
