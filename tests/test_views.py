"""Views rendered to plain text: golden files (TUTOR_REGEN_GOLDEN=1 rewrites them) and properties."""
import io
import os
import re
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


# -- a recording walked event by event, and the three kinds of plot ---------------------------------
# Built from real runs of the scripts' own functions. Before each golden was saved it was read by eye,
# and the test checks the same facts a second way: numbers worked out by hand in the comments, line
# numbers read from the script's text, glyphs and legends computed here without the view.


def recording_of_a_small_gradient():
    """numerical_gradient(function_2, [3.0, 4.0]) of gradient_2d.py, recorded line by line."""
    from tests.conftest import SCRIPT
    from tutor.core.recorder import Recorder

    namespace = {"__name__": "lib"}
    exec(compile(SCRIPT.read_text(), str(SCRIPT), "exec"), namespace)
    x = np.array([3.0, 4.0])
    return Recorder({str(SCRIPT)}).record(
        "numerical_gradient(function_2, x)", lambda: namespace["numerical_gradient"](namespace["function_2"], x))


def script_line(text: str) -> int:
    """The number of the line of gradient_2d.py holding `text`, read from the file."""
    from tests.conftest import SCRIPT

    return next(n for n, line in enumerate(SCRIPT.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize("width", [80, 60])
def test_event_view_golden_inside_the_second_pass(width):
    from tutor.ui.views.trace import EventView

    recording = recording_of_a_small_gradient()
    events = recording.events
    # By hand: numerical_gradient has 4 events (call, the ndim test, the 1-D return line, return);
    # _numerical_gradient_no_batch has call, h, grad, then 8 lines in each of 2 passes, then the loop's
    # exit check, `return grad` and its return event: 3 + 16 + 3. So 26, all kept.
    assert len(events) == recording.seen == 26
    nudge = script_line("x[idx] = float(tmp_val) + h")
    position = next(i for i, e in enumerate(events) if e.lineno == nudge and e.iteration == 1)
    text = render(EventView(recording, position), width)
    check_golden(f"event_{width}", text)
    # The second pass (idx = 1) of x = [3, 4]: x[1] becomes 4 + 1e-4; f(x + h) = 3² + 4.0001² = 25.00080001;
    # f(x - h) = 3² + 3.9999² = 24.99920001; (25.00080001 - 24.99920001) / 2e-4 = 8.
    flat = " ".join(text.replace("│", " ").split())  # at 60 columns the head and a cell wrap
    assert flat.startswith(f"event {position + 1}/26 _numerical_gradient_no_batch() line {nudge} pass 1 line ╭")
    for piece in (f"->{nudge} x[idx] = float(tmp_val) + h x[1]: 4 → 4.0001", "tmp_val = 4", "fxh1 = 25.00080001",
                  "fxh2 = 24.99920001", "grad[1]: 0 → 8", "x (2,) float64 [3 4.0001] cell 1 written by this line"):
        assert piece in flat, piece


def test_event_view_golden_at_the_return():
    from tutor.ui.views.trace import EventView

    recording = recording_of_a_small_gradient()
    position = next(i for i, e in enumerate(recording.events) if e.kind == "return")  # the inner function's
    text = render(EventView(recording, position))
    check_golden("event_return", text)
    # The gradient of x0² + x1² at (3, 4) is (6, 8); the loop's exit check is pass 2, after passes 0 and 1.
    returned = script_line("return grad")  # its first `return grad` is _numerical_gradient_no_batch's
    first, second = text.splitlines()[:2]  # where, on one line; the value returned, on the next
    assert first == f"event 25/26  _numerical_gradient_no_batch() line {returned}  pass 2  return"
    assert second == "returned array([6., 8.])"


def plots():
    """A curve, an arrow field and a descent path, each from the scripts' own functions."""
    from scripts import gradient_1d, gradient_2d, gradient_method
    from tutor.model.plot import take_plot

    x = np.arange(0.0, 20.0, 0.1)
    f = gradient_1d.function_1
    curve = take_plot("curve", "f(x) = 0.01x² + 0.1x and its tangent at x = 5", x,
                      (f(x), gradient_1d.tangent_line(f, 5)(x)), ("f(x)", "tangent at 5"))
    X, Y = np.meshgrid(np.arange(-2.0, 2.5, 1.0), np.arange(-2.0, 2.5, 1.0))
    grad = gradient_2d.numerical_gradient(gradient_2d.function_2, np.array([X.flatten(), Y.flatten()]).T)
    arrows = take_plot("arrows", "-grad of x0² + x1²", X, Y, ("-grad",), -grad[:, 0], -grad[:, 1])
    _, history = gradient_method.gradient_descent(gradient_method.function_2, np.array([-3.0, 4.0]), lr=0.1,
                                                  step_num=20)
    path = take_plot("path", "gradient descent, lr = 0.1", history[:, 0], history[:, 1])
    return {"curve": curve, "arrows": arrows, "path": path}


def canvas(text: str) -> list[str]:
    """The canvas of a rendered plot: each row between the y axis and the panel's right border."""
    rows = []
    for line in text.splitlines()[1:]:
        inner = line[2:-2]
        if "└" in inner:
            return rows
        rows.append(inner[min(i for i in (inner.find("┤"), inner.find("│")) if i >= 0) + 1:])
    return rows


def is_braille(char: str) -> bool:
    return 0x2800 < ord(char) < 0x2900


@pytest.mark.parametrize("kind", ["curve", "arrows", "path"])
def test_plot_view_golden(kind):
    from tutor.ui.views.plot import PlotView

    text = render(PlotView(plots()[kind]))
    check_golden(f"plot_{kind}", text)
    rows, lines = canvas(text), text.splitlines()
    assert len(rows) == 16 and len({len(row) for row in rows}) == 1
    if kind == "curve":
        # x runs 0 to 19.9: ticks every 5. f(19.9) = 0.01·396.01 + 1.99 = 5.9501 is the highest value (top
        # right); the tangent 0.2x - 0.25 is lowest at x = 0 (bottom left); y ticks 0, 2, 4 fit in -0.25..5.95.
        assert is_braille(rows[0][-1]) and is_braille(rows[-1][0])
        assert lines[-3].split() == ["│", "0", "5", "10", "15", "│"]
        assert [line.split("┤")[0].strip("│ ") for line in lines if "┤" in line] == ["4", "2", "0"]
        assert "f(x)" in lines[-2] and "tangent at 5" in lines[-2]
    elif kind == "arrows":
        # -grad of x0² + x1² is (-2·x0, -2·x1): towards the origin, none at it. Row x1 = 2, left to right:
        # (4, -4) ↘, (2, -4) ↘ (-63°, nearer -45° than -90°), (0, -4) ↓, then the mirror images; row x1 = 1:
        # (4, -2) is -27°, nearer -45° than 0°: ↘. Longest |(4, 4)| = 5.66: thirds at 1.89 and 3.77; without
        # colour the arrows of the longest third are double: |(4, 2)| = 4.47 and |(2, 4)| ≥ 3.77, |(2, 2)| = 2.83 not.
        assert ["".join(row.split()) for row in rows if row.strip()] == [
            "⇘⇘⇓⇙⇙", "⇘↘↓↙⇙", "⇒→·←⇐", "⇗↗↑↖⇖", "⇗⇗⇑⇖⇖"]
        assert "-grad: ⇒ ≥ 3.77  → < 3.77  25 arrows" in lines[-2]
    else:
        # x_k = 0.8^k · (-3, 4) (each step is x - 0.1·2x): the history's last row is k = 19, (-0.0432, 0.0576);
        # S is the highest and leftmost point (top left), E the lowest and rightmost (bottom right).
        assert rows[0][0] == "S" and rows[-1].rstrip()[-1] == "E"
        end = 0.8 ** 19 * np.array([-3.0, 4.0])
        assert f"S start (-3, 4)  E end ({end[0]:.3g}, {end[1]:.3g})  20 points" in lines[-2]
        assert (f"{end[0]:.3g}", f"{end[1]:.3g}") == ("-0.0432", "0.0576")


def test_compare_view_shows_a_short_1d_array_whole_with_its_own_indices():
    # issue 14 item 20: five h values, the last one (h = 1e-50) the one the narration is about
    from tutor.model.compare import take_comparison
    from tutor.ui.views.compare import CompareView

    got = np.array([0.2, 0.2, 0.2, 0.2, 0.0])
    text = render(CompareView(take_comparison("forward", got, "exact", np.full(5, 0.2), 1e-7)))
    assert [line.split()[1] for line in text.splitlines() if "✓" in line or "✗" in line] == [
        "[0]", "[1]", "[2]", "[3]", "[4]"]
    assert "[4]        0    0.2  ✗" in text and "[0, " not in text and "shown" not in text


def test_compare_view_says_what_it_leaves_out_and_where_the_largest_error_is():
    from tutor.model.compare import take_comparison
    from tutor.ui.views.compare import CompareView

    want = np.zeros((4, 6))
    want[3, 5] = 9.0  # the one wrong cell, outside the first cells of the first three rows
    text = render(CompareView(take_comparison("g", np.zeros((4, 6)), "w", want, 1e-7)))
    assert "23 of 24 cells agree" in text and "largest error 9" in text
    assert "12 of 24 cells shown; the largest error is at [3, 5]" in text


@pytest.mark.parametrize("width", [40, 60, 80])
def test_variables_view_never_breaks_a_number_across_lines(width):
    # issue 14 item 21: at 80 columns `-2.58984e+13` came out as `-2.58984e+1` and `3`
    from tutor.model.values import describe
    from tutor.ui.views.numbers import preview

    big = np.linspace(-2.58984e13, 2.58984e13, 648).reshape(2, 324)
    values = (describe("grad_of_something", big), describe("x", big[0]))
    text = render(VariablesView(values), width)
    for value in values:
        for word in preview(value.array).strip("[]").split():
            assert re.search(rf"(?<![\w.+-]){re.escape(word)}(?![\w.+-])", text), (word, text)


def test_a_traced_pass_keeps_the_source_indentation_and_shows_a_return_once():
    # issue 14 item 27: the loop's body sat level with its `for`, and `return grad` came twice
    from tutor.ui.views.trace import EventView

    recording = recording_of_a_small_gradient()
    position = next(i for i, e in enumerate(recording.events) if e.kind == "return")
    lines = render(EventView(recording, position)).splitlines()
    assert sum("return grad" in line for line in lines) == 1
    inner = next(i for i, e in enumerate(recording.events) if e.lineno == script_line("tmp_val = x[idx]"))
    rows = render(EventView(recording, inner)).splitlines()
    loop = next(line for line in rows if "for idx in range(x.size):" in line)
    body = next(line for line in rows if "tmp_val = x[idx]" in line)
    assert body.index("tmp_val") == loop.index("for idx") + 4  # as in the script: four spaces deeper
