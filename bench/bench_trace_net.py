"""Benchmark, not a test: `trace` of one full numerical gradient of a 784-50-10 network, against the plain call.

The network is gradient_net.py (the book's ch04 two_layer_net, tutor's own look-alike: sigmoid and softmax,
a batch of 3 from a fixed seed, 39,760 parameters); its numerical gradient calls the loss 79,520 times from
gradient_check.py, a file the recording does not trace, as the book's common/gradient.py is not traced when
the lesson's script is two_layer_net.py. The recorded call is what `trace net.numerical_gradient(x, t)` runs:
Recorder(files={gradient_net.py}) with the backend it picks by itself.

Each call runs in a child process of its own (this file with --how plain or --how trace), so that its
ru_maxrss is its own: the extra memory is the recorded child's peak minus the plain child's. Children take
turns, plain first; the recorded child checks its gradient against a second, plain computation in the same
process. Targets: at most 10x the plain call's time, at most 100 MB extra.

    python bench/bench_trace_net.py [--rounds N]   # about 30 s a round on an idle machine
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NETWORK = str(HERE / "gradient_net.py")
TARGET, MEMORY_TARGET_MB, MB = 10.0, 100.0, 1e6


def measure(how: str) -> dict:
    """One call in this process, plain or recorded: seconds, peak RSS, and what the recording kept."""
    import runpy

    import numpy as np

    sys.path.insert(0, str(HERE))  # gradient_net imports gradient_check, as the book's script imports common/
    names = runpy.run_path(NETWORK, run_name="gradient_net")
    net, (x, t) = names["TwoLayerNet"](784, 50, 10), names["batch"]()
    out: dict = {"how": how}
    start = time.perf_counter()
    if how == "plain":
        grads = net.numerical_gradient(x, t)
    else:
        from tutor.core.recorder import Recorder
        from tutor.model.recording import Calls

        recorder = Recorder({NETWORK})
        recording = recorder.record("net.numerical_gradient(x, t)", lambda: net.numerical_gradient(x, t))
        grads = recording.result
        out.update(backend=recorder.backend, kept=len(recording.events), seen=recording.seen,
                   calls=sum(item.count for item in recording.left_out if isinstance(item, Calls)),
                   error=recording.error)
    out["seconds"] = time.perf_counter() - start
    out["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    if how == "trace":
        again = net.numerical_gradient(x, t)
        out["same"] = bool(grads) and all(np.array_equal(grads[k], again[k]) for k in again)
    return out


def run(how: str, env: dict | None = None, cwd: str | None = None) -> dict:
    """measure(how) in a fresh child process."""
    done = subprocess.run([sys.executable, __file__, "--how", how], capture_output=True, text=True, timeout=1800,
                          env=env, cwd=cwd)
    if done.returncode != 0:
        sys.exit(f"bench_trace_net: the {how} child failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if how == "trace" and (result["error"] or not result["same"]):
        sys.exit(f"bench_trace_net: the recorded call went wrong: {result['error'] or 'another gradient'}")
    return result


def rounds(count: int, env: dict | None = None, cwd: str | None = None) -> dict[str, list]:
    """Plain and recorded children taking turns, `count` rounds."""
    results: dict[str, list] = {"plain": [], "trace": []}
    for _ in range(count):
        for how in results:
            results[how].append(run(how, env, cwd))
    return results


def summary(results: dict[str, list]) -> dict:
    """Median seconds and peak RSS of each kind, the ratio, the extra memory, what the recording kept."""
    med = statistics.median
    plain, trace = results["plain"], results["trace"]
    seconds = {how: med(r["seconds"] for r in runs) for how, runs in results.items()}
    rss = {how: med(r["maxrss"] for r in runs) / MB for how, runs in results.items()}
    last = trace[-1]
    return {"plain": seconds["plain"], "trace": seconds["trace"], "ratio": seconds["trace"] / seconds["plain"],
            "plain_mb": rss["plain"], "trace_mb": rss["trace"], "extra_mb": rss["trace"] - rss["plain"],
            "rounds": len(plain), "backend": last["backend"], "kept": last["kept"], "seen": last["seen"],
            "calls": last["calls"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="plain and recorded children, in turn; default 2")
    parser.add_argument("--how", choices=["plain", "trace"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.how:
        print(json.dumps(measure(args.how)))
        return 0
    load = os.getloadavg()
    s = summary(rounds(args.rounds))
    print(f"python {sys.version.split()[0]}, {s['rounds']} rounds, load {load[0]:.2f} at the start; backend "
          f"{s['backend']}\nplain {s['plain']:.2f} s, {s['plain_mb']:.0f} MB; trace {s['trace']:.2f} s, "
          f"{s['trace_mb']:.0f} MB: {s['ratio']:.2f}x (target <= {TARGET:g}x), +{s['extra_mb']:.0f} MB (target <= "
          f"{MEMORY_TARGET_MB:g} MB)\nkept {s['kept']:,} of {s['seen']:,} events looked at; {s['calls']:,} later "
          f"calls counted, not recorded")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
