"""The benchmarks' own parts, run small: a change in the player or the views must not silently break a row of
bench/run_all.py (its render row broke unseen when the replay merged) or bench/instructions.py."""
from __future__ import annotations

import importlib

import pytest

from tests.conftest import ROOT


@pytest.fixture
def bench(monkeypatch):
    """bench/ on sys.path for the test only (it holds look-alike scripts' names too: gradient_check.py)."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))  # undone after the test, run_all's own insertion with it
    return importlib.import_module("run_all"), importlib.import_module("instructions")


def test_the_render_row_draws_the_row_split_step_with_every_view(bench):
    run_all, _ = bench
    measured = run_all.render_child(1)
    assert measured["views"][:4] == ["StepPanel", "SourceView", "VariablesView", "RowSplitView"]
    assert measured["lines"] > 20 and len(measured["times"]) == 1 and measured["times"][0] > 0
    assert set(measured["each"]) >= {"StepPanel", "SourceView", "VariablesView", "RowSplitView"}


def test_the_processes_compared_are_the_lessons_and_plain_pdbs(bench):
    run_all, _ = bench
    cold, session, whole = run_all.commands()
    assert {"tutor", "pdb", "floor", "floor-text"} <= set(cold)
    assert cold["tutor"][0][-2:] == ["--to", "1"] and cold["pdb"][0][1:3] == ["-m", "pdb"]
    tutor, pdb = session["tutor"], session["pdb"]
    assert tutor[0][-2:] == ["--to", "7"] and tutor[2] == pdb[2]  # both must print the same expected text
    assert pdb[1].startswith(b"b ") and b"interact" in pdb[1]  # the post's commands, typed to plain pdb
    assert "array([10., 12.])" in pdb[2]  # numerical_gradient at (5, 6) is (2*5, 2*6)
    assert whole["tutor"][1] is None and whole["pdb"][1].count(b"\n") > 7


def test_instructions_reads_callgrinds_count_and_names_a_missing_valgrind(bench, monkeypatch, capsys):
    _, instructions = bench
    import bench_startup

    said = "==4242== Collected : 123456789\n(Pdb) "
    monkeypatch.setattr(bench_startup, "run", lambda argv, *rest: bench_startup.Run(0.1, 0.1, said, 0, 0))
    assert instructions.instructions(["python", "-m", "pdb"], None, ["(Pdb) "], {}, ".") == 123456789
    monkeypatch.setattr(instructions.shutil, "which", lambda name: None)
    assert instructions.main() == 1 and "valgrind is not installed" in capsys.readouterr().err


def test_the_prints_benchmark_reads_each_sides_own_loop_time(bench, capsys):
    # both sides must reach the stop after the loop and print its time: a lesson or command that no longer
    # gets there would make the benchmark raise, not report
    prints = importlib.import_module("bench_prints")
    assert prints.main(["--lines", "50", "--runs", "1"]) == 0
    figures = capsys.readouterr().out
    assert "50 lines printed under `continue`" in figures and "tutor/plain" in figures
