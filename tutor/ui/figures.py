"""The book's figures from a Plot, saved as PNG without touching pyplot or the learner's backend."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from tutor.model.install import PLOT_EXTRA
from tutor.model.plot import Plot, PlotError

MISSING = f"the plot extra is not installed: {PLOT_EXTRA}"
LINE_STYLES = ("-", "--", ":", "-.")  # the book draws its second curve dashed
QUIVER_COLOUR = "#666666"
MARGIN = 0.1  # of the span, around a path and the origin


def save_png(plot: Plot, path: Path) -> Path:
    """Draw the plot as the book would on a private Agg figure and write it to path as PNG."""
    try:
        import matplotlib  # noqa: F401  (first, so a hidden matplotlib is refused before its submodules)
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise PlotError(MISSING) from None
    figure = Figure()
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    {"curve": _curve, "arrows": _arrows, "path": _path}[plot.kind](axes, plot)
    if plot.title:
        axes.set_title(plot.title)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)  # only now: without matplotlib, no empty folder is left
    figure.savefig(path, format="png")
    return path


def _label(plot: Plot, index: int) -> str | None:
    """A series' label for the legend, or None when it has none."""
    return plot.labels[index] if index < len(plot.labels) and plot.labels[index] else None


def _curve(axes, plot: Plot) -> None:
    """Lines with a legend and the axis labels x and f(x); NaN breaks a line as matplotlib does."""
    keep = np.isfinite(plot.x)
    for index, y in enumerate(plot.ys):
        axes.plot(plot.x[keep], np.where(np.isfinite(y), y, np.nan)[keep], LINE_STYLES[index % len(LINE_STYLES)],
                  label=_label(plot, index))
    axes.set_xlabel("x")
    axes.set_ylabel("f(x)")
    if any(plot.labels):
        axes.legend()


def _arrows(axes, plot: Plot) -> None:
    """A quiver of the vectors at their points, like the book's gradient figure."""
    keep = plot.finite()
    axes.quiver(plot.x[keep], plot.ys[0][keep], plot.u[keep], plot.v[keep], angles="xy", color=QUIVER_COLOUR)
    axes.set_xlabel("x0")
    axes.set_ylabel("x1")
    axes.grid()


def _path(axes, plot: Plot) -> None:
    """The visited points as dots, with dashed lines through the origin like gradient_method's figure."""
    keep = plot.finite()
    x, y = plot.x[keep], plot.ys[0][keep]
    xlim, ylim = _limits(x), _limits(y)
    axes.plot(xlim, [0, 0], "--b")
    axes.plot([0, 0], ylim, "--b")
    axes.plot(x, y, "o")
    axes.set_xlim(xlim)
    axes.set_ylim(ylim)
    axes.set_xlabel("X0")
    axes.set_ylabel("X1")


def _limits(values: np.ndarray) -> list[float]:
    """An axis range covering the values and the origin, with a margin."""
    low, high = float(min(values.min(initial=0.0), 0.0)), float(max(values.max(initial=0.0), 0.0))
    pad = (high - low) * MARGIN or 1.0
    return [low - pad, high + pad]
