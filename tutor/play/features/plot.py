"""A lesson's plot step: evaluate its expressions in the paused program, draw it, save it as a PNG on request."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from tutor.content.lesson import PlotSpec


class NoPlot(Exception):
    """The plot's data could not be had from the program, in one sentence."""


def take(spec: PlotSpec, evaluate: Callable[[str], object]):
    """Evaluate every expression of the spec now and check the data fits the kind of plot."""
    from tutor.model.plot import PlotError, take_plot

    def value(expression: str) -> object:
        try:
            return evaluate(expression)
        except Exception as exc:
            raise NoPlot(f"{expression} raised {type(exc).__name__}: {exc}") from None

    x, ys = value(spec.x), tuple(value(y) for y in spec.y)
    u, v = (value(spec.u), value(spec.v)) if spec.kind == "arrows" else (None, None)
    labels = spec.labels or (spec.y if spec.kind == "curve" else ())
    try:
        return take_plot(spec.kind, spec.title, x, ys, labels=labels, u=u, v=v)
    except PlotError as exc:
        raise NoPlot(str(exc)) from None


def view(plot):
    """The terminal drawing of a plot."""
    from tutor.ui.views.plot import PlotView

    return PlotView(plot)


def save(plot, folder: Path, stem: str) -> str:
    """Save the book-style figure in `folder`; the sentence to show (where it went, or why it did not)."""
    from tutor.ui.figures import save_png
    from tutor.model.plot import PlotError

    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = save_png(plot, folder / f"{stem}.png")
    except PlotError as exc:
        return f"No PNG: {exc}"
    except OSError as exc:
        return f"No PNG: cannot write in {folder}: {exc.strerror or exc}"
    return f"figure saved to {path}"
