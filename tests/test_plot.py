"""Plots from live values: the data checks, the terminal drawing and the PNG export."""
import io
import math
import sys

import numpy as np
import pytest
from rich.cells import cell_len
from rich.console import Console

from tutor.ui.figures import save_png
from tutor.model.plot import Plot, PlotError, take_plot
from tutor.ui.views import plot as plotview
from tutor.ui.views.plot import ARROWS, LONG_ARROWS, Canvas, PlotView, arrow_glyph
from tutor.ui.views.theme import DEFAULT, THEMES

BRAILLE = range(0x2801, 0x2900)


def render(view, width=80, theme=DEFAULT, **options) -> list[str]:
    """The plain text lines a console of this width shows for the view."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None, theme=theme, **options)
    console.print(view)
    return console.export_text().splitlines()


def directions(rows: list[str]) -> list[str]:
    """The rows with each arrow as its direction only (without colour the longest third are double arrows)."""
    return [row.translate(str.maketrans(LONG_ARROWS, ARROWS)) for row in rows]


def canvas_rows(lines: list[str]) -> list[str]:
    """The canvas part of each plot row: between the y axis and the panel's right border."""
    rows = []
    for line in lines[1:]:
        inner = line[2:-2]
        if "└" in inner:
            return rows
        axis = min(i for i in (inner.find("┤"), inner.find("│")) if i >= 0)
        rows.append(inner[axis + 1:])
    return rows


def is_braille(char: str) -> bool:
    return ord(char) in BRAILLE


def descent(start=(-3.0, 4.0), rate=0.1, steps=20) -> np.ndarray:
    """Gradient descent on x0² + x1², as the book's gradient_method does."""
    x = np.array(start)
    points = [x.copy()]
    for _ in range(steps):
        x -= rate * 2 * x
        points.append(x.copy())
    return np.array(points)


def field() -> Plot:
    """The -gradient of x0² + x1² on the book's 18 × 18 grid."""
    axis = np.arange(-2, 2.5, 0.25)
    X, Y = np.meshgrid(axis, axis)
    return take_plot("arrows", "-grad f", X, Y, ("-∇f",), -2 * X, -2 * Y)


def numerical_gradient(f, x, h=1e-4):
    """Central differences, one coordinate at a time (the book's way, not the view's)."""
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def all_plots() -> list[Plot]:
    x = np.arange(0, 20, 0.1)
    f = 0.01 * x ** 2 + 0.1 * x
    path = descent()
    return [take_plot("curve", "f(x) and its tangent at x = 5, a title longer than forty columns", x,
                      (f, 0.2 * x - 0.25), ("f(x)", "tangent line at five with a long label")),
            field(), take_plot("path", "gradient descent", path[:, 0], path[:, 1])]


@pytest.mark.parametrize("u, v, glyph", [(1, 0, "→"), (-1, -1, "↙"), (0, 1, "↑"), (0, -2, "↓"), (3, 3, "↗"),
                                         (-1, 1, "↖"), (-5, 0, "←"), (2, -2, "↘"), (1, 0.3, "→"), (0, 0, "·")])
def test_arrow_glyph_by_direction(u, v, glyph):
    assert arrow_glyph(u, v) == glyph


def test_minus_gradient_of_sum_of_squares_points_to_the_origin():
    f = lambda x: x[0] ** 2 + x[1] ** 2  # noqa: E731
    # by hand: grad = (2 x0, 2 x1), so -grad at (1, 1) is (-2, -2) and at (-1, 1) is (2, -2)
    assert arrow_glyph(*-numerical_gradient(f, np.array([1.0, 1.0]))) == "↙"
    assert arrow_glyph(*-numerical_gradient(f, np.array([-1.0, 1.0]))) == "↘"


def test_arrows_drawn_at_their_points():
    x, y = np.array([-1.0, 1.0, -1.0, 1.0]), np.array([1.0, 1.0, -1.0, -1.0])
    rows = directions(canvas_rows(render(PlotView(take_plot("arrows", "corners", x, y, u=-2 * x, v=-2 * y)))))
    assert rows[0][0] == "↘" and rows[0][-1] == "↙"
    assert rows[-1][0] == "↗" and rows[-1][-1] == "↖"
    assert sum(char in "↘↙↗↖" for row in rows for char in row) == 4


def test_the_longest_arrow_in_a_cell_is_kept_and_the_others_counted():
    plot = take_plot("arrows", "two in one", [0, 0, 5], [0, 0, 5], u=[1, 0, 1], v=[0, -3, 0])
    lines = render(PlotView(plot))
    glyphs = "".join(directions(canvas_rows(lines)))
    assert "↓" in glyphs and glyphs.count("→") == 1
    assert "1 hidden behind longer ones" in " ".join(lines)


def test_the_book_field_shows_every_direction_and_fits():
    lines = render(PlotView(field()), width=40)
    glyphs = "".join(directions(canvas_rows(lines)))
    assert set("→↗↑↖←↙↓↘") <= set(glyphs)
    assert "324 arrows" in " ".join(lines)


def test_braille_line_worked_out_by_hand():
    canvas = Canvas(2, 1)
    canvas.trace(plotview.bresenham((0, 3), (3, 0)), "tutor.plot.1")
    # left cell: dots (0,3) and (1,2) -> bits 0x40 | 0x20; right cell: (0,1) and (1,0) -> 0x02 | 0x08
    assert canvas.line(0).plain == chr(0x2800 + 0x60) + chr(0x2800 + 0x0A) == "⡠⠊"


def test_curve_y_equals_x_climbs_the_diagonal():
    x = np.linspace(0, 1, 50)
    rows = canvas_rows(render(PlotView(take_plot("curve", "y = x", x, x))))
    assert len(rows) == plotview.DEFAULT_ROWS
    lit = [[i for i, char in enumerate(row) if is_braille(char)] for row in rows]
    assert all(lit), "every row of the diagonal has dots"
    assert lit[-1][0] == 0, "the lowest row starts at the left edge"
    assert lit[0][-1] == len(rows[0]) - 1, "the top row ends at the right edge"
    firsts = [cols[0] for cols in lit]
    assert firsts == sorted(firsts, reverse=True), "higher rows are further right"


def test_series_are_told_apart_without_colour_and_named():
    x = np.linspace(0, 1, 50)
    lines = render(PlotView(take_plot("curve", "two", x, (x, 1 - x), ("up", "down"))))
    legend = next(line for line in lines if "up" in line)
    assert "down" in legend
    samples = [word for word in legend[2:].split() if all(is_braille(c) for c in word)]
    assert len(samples) == 2 and samples[0] != samples[1], "solid and dashed samples differ"


def test_path_marks_start_and_end_in_their_cells():
    path = descent()
    rows = canvas_rows(render(PlotView(take_plot("path", "descent", path[:, 0], path[:, 1]))))
    # the descent starts at the smallest x0 and largest x1, and ends at the largest x0 and smallest x1
    assert rows[0][0] == "S"
    assert rows[-1][-1] == "E"
    assert sum(row.count("S") + row.count("E") for row in rows) == 2


def test_path_start_in_the_middle():
    rows = canvas_rows(render(PlotView(take_plot("path", "from the middle", [1, 0, 2], [1, 0, 2]))))
    (row, col), = [(r, c) for r, line in enumerate(rows) for c, char in enumerate(line) if char == "S"]
    assert abs(row - (len(rows) - 1) / 2) <= 1 and abs(col - (len(rows[0]) - 1) / 2) <= 1
    assert rows[0][-1] == "E" and rows[-1][0] == "•"


@pytest.mark.parametrize("width", [80, 40, 24])
def test_no_line_wider_than_the_console(width):
    for plot in all_plots():
        lines = render(PlotView(plot), width=width)
        assert max(cell_len(line) for line in lines) <= width
        assert lines[0].startswith("╭") and lines[-1].startswith("╰")


def test_height_follows_the_request_and_the_room():
    plot = all_plots()[0]
    assert len(canvas_rows(render(PlotView(plot, height=5)))) == 5
    lines = render(PlotView(plot), height=14)
    assert len(canvas_rows(lines)) < plotview.DEFAULT_ROWS
    assert len(lines) <= 14


def test_not_finite_values_dropped_and_counted():
    x = np.linspace(0, 1, 20)
    y = x.copy()
    y[[2, 7]] = np.nan
    y[11] = np.inf
    plot = take_plot("curve", "holes", x, y)
    assert plot.not_finite == 3
    lines = render(PlotView(plot))
    assert "points not finite, not drawn: 3" in "\n".join(lines)
    arrows = take_plot("arrows", "one bad", [0, 1], [0, 1], u=[1, np.nan], v=[0, 1])
    assert "arrows not finite, not drawn: 1" in "\n".join(render(PlotView(arrows)))


@pytest.mark.parametrize("kind", ["curve", "arrows", "path"])
def test_nothing_finite_still_renders(kind):
    vectors = {"u": [np.nan] * 2, "v": [1, 1]} if kind == "arrows" else {}
    plot = take_plot(kind, "empty", [np.nan, np.inf], [1, -np.inf], **vectors)
    unit = "arrows" if kind == "arrows" else "points"
    assert f"{unit} not finite, not drawn: 2" in "\n".join(render(PlotView(plot), width=40))


def test_take_plot_flattens_copies_and_converts():
    X, Y = np.meshgrid(np.arange(-2, 2.5, 0.25), np.arange(-2, 2.5, 0.25))
    u = -2 * X
    plot = take_plot("arrows", "grid", X, Y, u=u, v=[[1] * 18] * 18)
    assert plot.x.shape == plot.ys[0].shape == plot.u.shape == plot.v.shape == (324,)
    assert plot.v.dtype == np.float64
    u[0, 0] = 99
    assert plot.u[0] == 4.0, "the plot holds a copy, not the live array"
    assert take_plot("curve", "ints", [0, 1, 2], [3, 4, 5]).ys[0].tolist() == [3.0, 4.0, 5.0]
    two = take_plot("curve", "two", [0, 1], [[0, 1], [1, 0]], ["a", "b"])
    assert len(two.ys) == 2 and two.labels == ("a", "b")


@pytest.mark.parametrize("call, message", [
    (lambda: take_plot("curve", "t", np.zeros(200), np.zeros(199)), "x has 200 values but y has 199"),
    (lambda: take_plot("curve", "t", [0, 1], ([0, 1], [0]), ["f", "g"]), "x has 2 values but g has 1"),
    (lambda: take_plot("bar", "t", [0], [0]), "unknown plot kind 'bar': use one of curve, arrows, path"),
    (lambda: take_plot("curve", "t", [], []), "x is empty: there is nothing to plot"),
    (lambda: take_plot("arrows", "t", [0], [0]), "arrows need u and v: the vector at each point"),
    (lambda: take_plot("arrows", "t", [0, 1], [0, 1], u=[1, 1], v=[1]), "x has 2 values but v has 1"),
    (lambda: take_plot("path", "t", [0, 1], [0, 1], u=[1, 1], v=[1, 1]), "u and v are for arrows only"),
    (lambda: take_plot("path", "t", [0, 1], ([0, 1], [1, 2])), "path takes one y series but got 2"),
    (lambda: take_plot("curve", "t", [0, 1], [0, 1], ["a", "b"]), "2 labels given for 1 y series"),
    (lambda: take_plot("curve", "t", ["a", "b"], [0, 1]), "x cannot be read as numbers"),
    (lambda: take_plot("curve", "t", [0, 1], [1j, 2]), "y holds complex numbers"),
])
def test_plot_errors_say_what_is_wrong(call, message):
    with pytest.raises(PlotError) as raised:
        call()
    assert str(raised.value).startswith(message)
    assert isinstance(raised.value, ValueError)


def test_no_colour_and_dumb_terminal_keep_the_shapes(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    for plot in all_plots():
        console = Console(width=60, file=io.StringIO(), force_terminal=True, theme=DEFAULT)
        console.print(PlotView(plot))
        out = console.file.getvalue()
        assert "\x1b" not in out
    assert "S" in out and "E" in out and "┤" in out


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_theme_colours_the_plot(theme):
    for plot in all_plots():
        console = Console(width=80, file=io.StringIO(), force_terminal=True, color_system="truecolor",
                          theme=THEMES[theme])
        console.print(PlotView(plot))
        assert "\x1b[" in console.file.getvalue()
    for name in plotview.SERIES + plotview.SHADES + (plotview.AXIS, plotview.MARK):
        assert name in THEMES[theme].styles


def test_tick_labels_are_round_and_inside_the_range():
    ticks, step = plotview.nice_ticks(-0.25, 5.95, 5)
    assert ticks == [0, 2, 4] and step == 2
    ticks, step = plotview.nice_ticks(-3.0, -0.0346, 7)
    assert [plotview.tick_text(t, step) for t in ticks] == ["-3.0", "-2.5", "-2.0", "-1.5", "-1.0", "-0.5"]
    assert all(math.isclose(t / step, round(t / step)) for t in ticks)


@pytest.mark.parametrize("plot", all_plots(), ids=lambda p: p.kind)
def test_save_png_writes_a_png(plot, tmp_path):
    pytest.importorskip("matplotlib", reason="PNGs are drawn with matplotlib: needs pdb-tutor[plot]")
    pyplot = sys.modules.get("matplotlib.pyplot")
    before = pyplot.get_fignums() if pyplot else None
    written = save_png(plot, tmp_path / f"{plot.kind}.png")
    assert written == tmp_path / f"{plot.kind}.png"
    assert written.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pyplot = sys.modules.get("matplotlib.pyplot")
    assert pyplot is None or pyplot.get_fignums() == before, "no figure left in pyplot's state"


def test_save_png_without_matplotlib_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(PlotError, match=r"the plot extra is not installed: pip install 'pdb-tutor\[plot\]'"):
        save_png(all_plots()[0], tmp_path / "curve.png")
    assert not (tmp_path / "curve.png").exists()


def test_a_span_of_subnormal_numbers_still_draws():
    # 5e-324 is the smallest float64: (high - low) / most underflows to 0, where log10 would fail
    plot = take_plot("curve", "tiny", [0.0, 1.0], [0.0, 5e-324])
    assert "tiny" in "\n".join(render(PlotView(plot)))


def test_without_colour_the_longest_arrows_are_double_and_the_legend_says_so():
    # issue 14 item 24: three identical arrows told apart only by colour said nothing on a pipe or with NO_COLOR
    plot = take_plot("arrows", "lengths", [0, 5, 10], [0, 0, 0], u=[1, 2, 3], v=[0, 0, 0])  # thirds of 3
    plain = render(PlotView(plot))
    assert "".join(canvas_rows(plain)).replace(" ", "") == "→⇒⇒"  # the thirds of 3: 2 and 3 are the longest
    assert "⇒ ≥ 2  → < 2  3 arrows" in " ".join(plain)
    coloured = Console(width=80, record=True, file=io.StringIO(), color_system="truecolor", theme=DEFAULT)
    coloured.print(PlotView(plot))
    text = coloured.export_text()
    assert "⇒" not in text and "→ ≥ 2  → ≥ 1  → < 1  3 arrows" in text  # colour tells the three thirds apart
