"""Views rendered to plain text: golden files (TUTOR_REGEN_GOLDEN=1 rewrites them) and properties."""
import io
import os
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from tutor.ui.views.theme import DEFAULT
from tutor.model.stop import SourceLine, Stop
from tutor.model.values import describe
from tutor.model.rows import take_row_split
from tutor.ui.views.rows import RowSplitView
from tutor.ui.views.source import SourceView
from tutor.ui.views.step import StepPanel
from tutor.ui.views.variables import VariablesView

GOLDEN = Path(__file__).parent / "golden"


def render(renderable, width=80) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False, theme=DEFAULT)
    console.print(renderable)
    return console.file.getvalue()


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("TUTOR_REGEN_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file; inspect, then regenerate"


def grid():
    x0 = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(x0, x0)
    return np.array([X.flatten(), Y.flatten()])


def stop_at_batch_loop() -> Stop:
    code = ["    else:", "        grad = np.zeros_like(X)", "", "        for idx, x in enumerate(X):",
            "            grad[idx] = _numerical_gradient_no_batch(f, x)", "", "        return grad"]
    source = tuple(SourceLine(32 + i, text, 32 + i == 36, 32 + i == 36) for i, text in enumerate(code))
    XY = grid()
    names = {"f": len, "X": XY, "grad": np.zeros_like(XY), "idx": 0, "x": XY[0]}
    variables = tuple(describe(k, v) for k, v in names.items() if k != "f")
    return Stop("/somewhere/gradient_2d.py", 36, "numerical_gradient", "line", source, variables)


@pytest.mark.parametrize("width", [80, 60])
def test_source_view_golden(width):
    check_golden(f"source_{width}", render(SourceView(stop_at_batch_loop()), width))


@pytest.mark.parametrize("width", [80, 60])
def test_variables_view_golden(width):
    check_golden(f"variables_{width}", render(VariablesView(stop_at_batch_loop().variables), width))


@pytest.mark.parametrize("index", [0, 1])
def test_rows_view_golden(index):
    XY = grid()
    split = take_row_split({"X": XY, "idx": index, "x": XY[index]}, "X", "idx", "x")
    check_golden(f"rows_{index}", render(RowSplitView(split)))


def test_step_panel_golden():
    panel = StepPanel("lesson3", 4, 16, "Open a console.\nEverything is `there`:\nx[idx] stays literal.")
    check_golden("step", render(panel))


def test_source_view_marks_breakpoint_and_current_line():
    lines = render(SourceView(stop_at_batch_loop())).splitlines()
    current = [line for line in lines if "->" in line]
    assert len(current) == 1 and "36 B->" in current[0] and "_numerical_gradient_no_batch(f, x)" in current[0]


@pytest.mark.parametrize("width", [40, 60, 80])
def test_views_fit_narrow_terminals(width):
    for view in (SourceView(stop_at_batch_loop()), VariablesView(stop_at_batch_loop().variables)):
        assert max(len(line) for line in render(view, width).splitlines()) <= width


def test_arrays_are_summarised_not_dumped():
    text = render(VariablesView((describe("X", np.arange(1_000_000.0)),)))
    assert "(1000000,) float64" in text and "min 0" in text and "max 999999" in text
    assert "…" in text and "500000" not in text


@pytest.mark.parametrize("value", [np.float64(3.5) * np.ones(()), np.array([]), np.array([1 + 2j]),
                                   np.array([None, "a"], dtype=object), np.array([np.nan, np.inf])])
def test_odd_arrays_render(value):
    text = render(VariablesView((describe("a", value),)))
    assert str(value.dtype) in text


def recording_of_integer_trap():
    from tests.conftest import SCRIPT
    from tutor.core.recorder import Recorder

    namespace = {"__name__": "lib"}
    exec(compile(SCRIPT.read_text(), str(SCRIPT), "exec"), namespace)
    return Recorder({str(SCRIPT)}).record(
        "numerical_gradient(function_2, np.array([5, 6]))",
        lambda: namespace["numerical_gradient"](namespace["function_2"], np.array([5, 6])))


def test_trace_summary_golden():
    from tutor.ui.views.trace import Difference, RecordingSummary

    check_golden("trace_integer_trap", render(RecordingSummary(recording_of_integer_trap(),
                                                               Difference(exact="2 * tmp_val")), 90))


def test_compare_view_golden():
    from tutor.model.compare import take_comparison
    from tutor.ui.views.compare import CompareView

    got = np.array([[-1.75, -2.0, 0.0, 0.0, 1.0], [-2.0, -2.0, 0.0, 0.0, 1.0]])
    want = np.array([[-2.0, -2.0, -2.0, 0.0, 1.0], [-2.0, -1.75, -1.5, 0.0, 1.0]])
    check_golden("compare", render(CompareView(take_comparison("grad_xy", got, "exact_xy", want, 1e-6))))


def test_watch_view_golden():
    from tutor.model.watch import Watcher
    from tutor.ui.views.watch import WatchView

    watcher, names = Watcher(), {"x": np.array([5.0, 6.0]), "idx": 0}
    looks = lambda: [watcher.look(e, lambda e: eval(e, {}, names)) for e in ("x", "idx", "nope")]  # noqa: E731
    looks()
    names["x"][0], names["idx"] = 5.0001, 1
    check_golden("watch", render(WatchView(looks())))


def colored(theme_name, no_color=False):
    from tutor.ui.views.theme import THEMES

    console = Console(file=io.StringIO(), width=80, force_terminal=True, color_system="truecolor",
                      theme=THEMES[theme_name], no_color=no_color)
    console.print(VariablesView(stop_at_batch_loop().variables))
    console.print(SourceView(stop_at_batch_loop()))
    return console.file.getvalue()


def test_themes_colour_the_same_views_differently_and_no_color_is_respected():
    dark, light, contrast = colored("dark"), colored("light"), colored("contrast")
    assert len({dark, light, contrast}) == 3
    plain = colored("contrast", no_color=True)
    assert "\x1b[38;" not in plain and "\x1b[48;" not in plain  # no foreground or background colours
    assert "grad" in plain


def test_projector_source_view_keeps_three_lines_around_the_current_one():
    lines = render(SourceView(stop_at_batch_loop(), context=3)).splitlines()[1:-1]
    numbers = [int(line.split()[1]) for line in lines]
    assert numbers == [33, 34, 35, 36, 37, 38]  # 32 is four lines away: left out; 39 is past the window
