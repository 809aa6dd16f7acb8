"""Curves, arrow fields and descent paths drawn with characters, so a plot reads in any terminal."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.text import Text

from tutor.ui.words import Words
from tutor.model.plot import Plot

ARROWS = "→↗↑↖←↙↓↘"  # counter-clockwise from east, one per eighth of a turn
LONG_ARROWS = "⇒⇗⇑⇖⇐⇙⇓⇘"  # the longest third, when no colour tells the lengths apart (NO_COLOR, a pipe)
STILL = "·"  # a zero vector has no direction
SERIES = ("tutor.plot.1", "tutor.plot.2", "tutor.plot.3")
DASHES = ((True,), (True, True, True, False, False), (True, False, False))  # solid, dashed, dotted
SHADES = ("tutor.plot.short", "tutor.plot.mid", "tutor.plot.long")  # arrow lengths, shortest third first
AXIS = "tutor.plot.axis"
MARK = "tutor.plot.mark"
START, END, VISITED = "S", "E", "•"
DEFAULT_ROWS = 16
MIN_ROWS = 3
CHROME = 6  # lines around the canvas: panel top and bottom, x axis, x labels, legend, note
PANEL_SIDES = 4  # a border and a space of padding on each side
CELL_WIDTH, CELL_HEIGHT = 2, 4  # braille dots per character cell
BRAILLE = 0x2800
DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [dot row][dot column] in a cell
ROWS_PER_TICK, COLS_PER_TICK = 3, 10


def arrow_glyph(u: float, v: float, arrows: str = ARROWS) -> str:
    """The arrow among eight nearest the vector's direction, so a field reads at a glance."""
    if u == 0 and v == 0:
        return STILL
    eighth = math.floor(math.atan2(v, u) / (math.pi / 4) + 0.5) % len(arrows)
    return arrows[eighth]


def shade(length: float, longest: float) -> str:
    """The style for an arrow's length: thirds of the longest, brighter when longer."""
    if longest <= 0:
        return SHADES[0]
    return SHADES[min(len(SHADES) - 1, int(len(SHADES) * (length / longest)))]  # no overflow near 1e308


def brief(value: float) -> str:
    """A coordinate short enough for a legend: three significant digits."""
    text = f"{value:.3g}"
    return "0" if text == "-0" else text


def tick_text(value: float, step: float) -> str:
    """A tick label with as many decimals as the step between ticks needs, and no more."""
    if value == 0:
        return "0"
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    text = f"{value:.{decimals}f}"
    return text if len(text) <= 8 else f"{value:.3g}"


def nice_ticks(low: float, high: float, most: int) -> tuple[list[float], float]:
    """Round values (1, 2 or 5 times a power of ten apart) within [low, high], at most `most` of them."""
    most = max(2, most)
    width = (high - low) / most
    if not (width > 0 and math.isfinite(width)):  # a span of subnormals divides down to 0: just the ends
        return [low, high], high - low
    power = 10.0 ** math.floor(math.log10(width))
    for step in (m * power for m in (1, 2, 5, 10, 20, 50, 100)):
        first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
        if last - first + 1 <= most:
            return [k * step for k in range(first, last + 1)], step
    return [low, high], high - low


def span(values: np.ndarray) -> tuple[float, float]:
    """The range an axis covers: every value, widened when all are equal so it is never empty."""
    if values.size == 0:
        return 0.0, 1.0
    low, high = float(values.min()), float(values.max())
    if high - low > 0 and math.isfinite(high - low):
        return low, high
    pad = abs(low) / 2 or 1.0
    return low - pad, high + pad


def bresenham(a: tuple[int, int], b: tuple[int, int]) -> list[tuple[int, int]]:
    """The dots of a straight segment from a to b, both ends included."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x1 > x0 else -1), (1 if y1 > y0 else -1)
    error, dots = dx + dy, []
    while True:
        dots.append((x0, y0))
        if (x0, y0) == (x1, y1):
            return dots
        double = 2 * error
        if double >= dy:
            error, x0 = error + dy, x0 + sx
        if double <= dx:
            error, y0 = error + dx, y0 + sy


def polyline(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The dots joining points in order, each dot once in a row, so dash patterns stay even."""
    points = thin(points)
    dots = points[:1]
    for a, b in zip(points, points[1:]):
        dots.extend(dot for dot in bresenham(a, b)[1:] if dot != dots[-1])
    return dots


def thin(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each run of points in one dot column as its first, lowest, highest and last point: the same dots lit
    (the run's segments are vertical), so a million points cost what the canvas's columns cost."""
    kept: list[tuple[int, int]] = []
    start = 0
    for end in range(1, len(points) + 1):
        if end == len(points) or points[end][0] != points[start][0]:
            run = points[start:end]
            if len(run) > 4:
                ys = [y for _, y in run]
                run = [run[0], (run[0][0], min(ys)), (run[0][0], max(ys)), run[-1]]
            kept.extend(run)
            start = end
    return kept


def runs(mask: np.ndarray) -> list[np.ndarray]:
    """The stretches of consecutive drawable points: a line breaks where a value is not finite."""
    index = np.flatnonzero(mask)
    return [run for run in np.split(index, np.flatnonzero(np.diff(index) > 1) + 1) if run.size]


class Canvas:
    """A grid of character cells: braille dots (2 wide, 4 high) with a glyph layer on top."""

    def __init__(self, cols: int, rows: int):
        self.cols, self.rows = cols, rows
        self.bits = np.zeros((rows, cols), dtype=np.uint8)
        self.styles: dict[tuple[int, int], str] = {}
        self.glyphs: dict[tuple[int, int], tuple[str, str]] = {}

    def dot(self, px: int, py: int, style: str) -> None:
        """Light one dot, counted from the top left; dots off the canvas are left out."""
        if 0 <= px < CELL_WIDTH * self.cols and 0 <= py < CELL_HEIGHT * self.rows:
            cell = (py // CELL_HEIGHT, px // CELL_WIDTH)
            self.bits[cell] |= DOT_BITS[py % CELL_HEIGHT][px % CELL_WIDTH]
            self.styles[cell] = style

    def trace(self, dots: list[tuple[int, int]], style: str, dashes: tuple[bool, ...] = (True,), at: int = 0) -> int:
        """Light dots following a dash pattern; returns where the pattern stopped, to carry it on."""
        for px, py in dots:
            if dashes[at % len(dashes)]:
                self.dot(px, py, style)
            at += 1
        return at

    def put(self, col: int, row: int, glyph: str, style: str) -> None:
        """Put one glyph in a cell, over any dots there; later glyphs win."""
        if 0 <= col < self.cols and 0 <= row < self.rows:
            self.glyphs[row, col] = (glyph, style)

    def line(self, row: int) -> Text:
        """One row of the canvas as styled text, exactly `cols` cells wide."""
        text = Text(no_wrap=True, overflow="crop")
        for col in range(self.cols):
            if (row, col) in self.glyphs:
                text.append(*self.glyphs[row, col])
            elif self.bits[row, col]:
                text.append(chr(BRAILLE + int(self.bits[row, col])), self.styles[row, col])
            else:
                text.append(" ")
        return text


@dataclass(frozen=True)
class Scale:
    """Data coordinates to dots and cells of a canvas, y growing upwards."""

    cols: int
    rows: int
    x: tuple[float, float]
    y: tuple[float, float]

    def dots(self, xs: np.ndarray, ys: np.ndarray) -> list[tuple[int, int]]:
        """The dot of each point; points are inside the ranges, clipping only guards against overflow."""
        width, height = CELL_WIDTH * self.cols - 1, CELL_HEIGHT * self.rows - 1
        with np.errstate(all="ignore"):
            px = np.nan_to_num((xs - self.x[0]) / (self.x[1] - self.x[0]) * width)
            py = np.nan_to_num((self.y[1] - ys) / (self.y[1] - self.y[0]) * height)
        px, py = np.clip(np.rint(px), 0, width).astype(int), np.clip(np.rint(py), 0, height).astype(int)
        return list(zip(px.tolist(), py.tolist()))

    def cells(self, xs: np.ndarray, ys: np.ndarray) -> list[tuple[int, int]]:
        """The (col, row) cell of each point."""
        return [(px // CELL_WIDTH, py // CELL_HEIGHT) for px, py in self.dots(xs, ys)]


class PlotView:
    """A Plot drawn in a panel: braille curves, arrows by direction and length, or a path from S to E."""

    def __init__(self, plot: Plot, words: Words | None = None, height: int | None = None):
        self.words = words or Words()
        self.plot = plot
        self.height = height
        self.colourless = False  # set at each render: lengths are then told by glyphs, not shades

    def rows(self, options: ConsoleOptions) -> int:
        """Canvas rows: the height asked for (16 by default), fewer when the space given is short."""
        room = (options.height or options.max_height) - CHROME
        return max(MIN_ROWS, min(self.height or DEFAULT_ROWS, room))

    def points(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The finite points of each series, which alone decide the axes."""
        p = self.plot
        return [(p.x[p.finite(i)], y[p.finite(i)]) for i, y in enumerate(p.ys)]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.colourless = console.no_color or console.color_system is None
        points = self.points()
        xr = span(np.concatenate([x for x, _ in points]))
        yr = span(np.concatenate([y for _, y in points]))
        rows = self.rows(options)
        yticks, ystep = nice_ticks(*yr, rows // ROWS_PER_TICK)
        ylabels = [tick_text(value, ystep) for value in yticks]
        gutter = max(map(len, ylabels)) + 1
        inner = max(1, options.max_width - PANEL_SIDES)
        cols = max(1, inner - gutter - 1)
        scale = Scale(cols, rows, xr, yr)
        canvas = Canvas(cols, rows)
        legend = {"curve": self.draw_curve, "arrows": self.draw_arrows, "path": self.draw_path}[self.plot.kind](
            canvas, scale)
        tick_rows = [row for _, row in scale.cells(np.full(len(yticks), xr[0]), np.array(yticks))]
        body = self.framed(canvas, dict(zip(tick_rows, ylabels)), gutter) + self.x_axis(scale, gutter, inner)
        body += [legend] * bool(legend.plain) + self.note()
        title = Text(self.plot.title) if self.plot.title else None
        yield Panel(Group(*body), title=title, title_align="left", border_style=AXIS, width=options.max_width)

    def framed(self, canvas: Canvas, ylabels: dict[int, str], gutter: int) -> list[Text]:
        """Canvas rows behind a y axis with its tick labels."""
        lines = []
        for row in range(canvas.rows):
            label = ylabels.get(row)
            left = Text((label or "").rjust(gutter - 1) + " " + ("┤" if label else "│"), style=AXIS)
            lines.append(Text.assemble(left, canvas.line(row), no_wrap=True, overflow="crop"))
        return lines

    def x_axis(self, scale: Scale, gutter: int, inner: int) -> list[Text]:
        """The x axis with ticks, and its labels under them where they fit without touching."""
        ticks, step = nice_ticks(*scale.x, scale.cols // COLS_PER_TICK)
        cols = [col for col, _ in scale.cells(np.array(ticks), np.full(len(ticks), scale.y[0]))]
        axis = ["─"] * scale.cols
        labels = [" "] * inner
        end = -1
        for value, col in zip(ticks, cols):
            axis[col] = "┬"
            label = tick_text(value, step)
            start = min(max(0, gutter + 1 + col - len(label) // 2), inner - len(label))
            if start > end and start >= 0:
                labels[start:start + len(label)] = label
                end = start + len(label)
        bottom = Text(" " * gutter + "└" + "".join(axis), style=AXIS, no_wrap=True, overflow="crop")
        return [bottom, Text("".join(labels).rstrip(), style=AXIS, no_wrap=True, overflow="crop")]

    def note(self) -> list[Text]:
        """A line saying how many points were left out as NaN or infinite, when any were."""
        missing = self.plot.not_finite
        if not missing:
            return []
        key = "plot_arrows_not_finite" if self.plot.kind == "arrows" else "plot_points_not_finite"
        return [Text(self.words(key, count=missing), style="tutor.warn")]

    def name(self, index: int) -> str:
        """A series' label, or y1, y2... when several series have none."""
        labels = self.plot.labels
        return labels[index] if index < len(labels) and labels[index] else f"y{index + 1}"

    def draw_curve(self, canvas: Canvas, scale: Scale) -> Text:
        """Each y series as a braille line (solid, dashed, dotted), broken where values are not finite."""
        p = self.plot
        for index, y in enumerate(p.ys):
            style, dashes, at = SERIES[index % len(SERIES)], DASHES[index % len(DASHES)], 0
            for run in runs(p.finite(index)):
                at = canvas.trace(polyline(scale.dots(p.x[run], y[run])), style, dashes, at)
        if len(p.ys) == 1 and not p.labels:
            return Text("")
        return Text("  ").join(self.sample(index) + Text(" " + self.name(index)) for index in range(len(p.ys)))

    def sample(self, index: int) -> Text:
        """A short stretch of a series' line, for its legend."""
        swatch = Canvas(3, 1)
        dots = bresenham((0, 1), (CELL_WIDTH * swatch.cols - 1, 1))
        swatch.trace(dots, SERIES[index % len(SERIES)], DASHES[index % len(DASHES)])
        return swatch.line(0)

    def draw_arrows(self, canvas: Canvas, scale: Scale) -> Text:
        """One arrow per cell, the longest where several fall in one, shaded by length."""
        p = self.plot
        keep = p.finite()
        x, y, u, v = p.x[keep], p.ys[0][keep], p.u[keep], p.v[keep]
        length = np.hypot(u, v)
        longest = float(length.max()) if length.size else 0.0
        cells = scale.cells(x, y)
        for i in np.argsort(length, kind="stable"):
            style = shade(length[i], longest)
            long = self.colourless and style == SHADES[-1]
            canvas.put(*cells[i], arrow_glyph(u[i], v[i], LONG_ARROWS if long else ARROWS), style)
        return self.arrow_legend(longest, len(cells), len(cells) - len(set(cells)))

    def arrow_legend(self, longest: float, count: int, hidden: int) -> Text:
        """What the shades (or, without colour, the two glyphs) mean in lengths; how many arrows hid."""
        third = longest / len(SHADES)
        name = self.plot.labels[0] + ": " if self.plot.labels and self.plot.labels[0] else ""
        if self.colourless:
            text = Text.assemble(name, LONG_ARROWS[0], f" ≥ {brief(2 * third)}  ", ARROWS[0],
                                 f" < {brief(2 * third)}  ", self.words("plot_arrows", count=count))
        else:
            text = Text.assemble(name, (ARROWS[0], SHADES[2]), f" ≥ {brief(2 * third)}  ", (ARROWS[0], SHADES[1]),
                                 f" ≥ {brief(third)}  ", (ARROWS[0], SHADES[0]), f" < {brief(third)}  ",
                                 self.words("plot_arrows", count=count))
        if hidden:
            text.append(self.words("plot_hidden", count=hidden))
        return text

    def draw_path(self, canvas: Canvas, scale: Scale) -> Text:
        """The points joined in order, each visited point marked, the first S and the last E."""
        p = self.plot
        keep = p.finite()
        for run in runs(keep):
            canvas.trace(polyline(scale.dots(p.x[run], p.ys[0][run])), SERIES[0])
        x, y = p.x[keep], p.ys[0][keep]
        cells = scale.cells(x, y)
        for cell in cells:
            canvas.put(*cell, VISITED, SERIES[0])
        if not cells:
            return Text(self.words("plot_no_points"))
        canvas.put(*cells[-1], END, MARK)
        canvas.put(*cells[0], START, MARK)
        name = self.plot.labels[0] + ": " if self.plot.labels and self.plot.labels[0] else ""
        return Text.assemble(name, (START, MARK), self.words("plot_start", x=brief(x[0]), y=brief(y[0])), (END, MARK),
                             self.words("plot_end", x=brief(x[-1]), y=brief(y[-1])), self.words("plot_points", count=len(cells)))
