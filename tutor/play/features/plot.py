"""A plot drawn from the paused frame after a step: a curve, a field of arrows or a path; a PNG on request."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from tutor.content.schema import CHOICE, EXPRESSIONS, TABLE, TEXT, TEXTS, Field
from tutor.model.plot import KINDS
from tutor.model.record import Record
from tutor.play.feature import Feature, register


class PlotSpec(Record):
    """Each field is an expression evaluated live, but the kind, title and labels."""

    kind: str  # curve (x against each y), arrows (u, v at x, y) or path (x, y in order)
    x: str
    y: tuple[str, ...]
    labels: tuple[str, ...] = ()
    u: str = ""
    v: str = ""
    title: str = ""


class NoPlot(Exception):
    """The plot's data could not be had from the program, in one sentence."""


def fits(plot: dict, number: int | None) -> tuple[str, str] | None:
    """Arrows need u and v; arrows and paths take one y; at most one label per y."""
    if plot["kind"] == "arrows":
        for key in ("u", "v"):
            if not plot[key].strip():
                return key, f"step {number} needs '{key}' as non-empty text"
    if plot["kind"] != "curve" and len(plot["y"]) != 1:
        return "y", f"a {plot['kind']} plot takes one y expression"
    if len(plot["labels"]) > len(plot["y"]):
        return "labels", "plot.labels must be a list of text, at most one per y"
    return None


class Plotting(Feature):
    """After the step, the plot drawn in the terminal from live values; also a PNG with --png."""

    name = "plot"
    fields = (Field("plot", TABLE, build=PlotSpec, rule=fits, doc="a plot of live values",
                    bad="plot must be a table with kind, x and y", fields=(
                        Field("kind", CHOICE, required=True, choices=KINDS, doc="what is drawn"),
                        Field("title", TEXT, default="", translatable=True, doc="above the plot"),
                        Field("x", TEXT, required=True, compiles="eval", doc="the x values"),
                        Field("y", EXPRESSIONS, required=True, compiles="eval", doc="one expression or several",
                              bad="plot.y must be an expression or a list of expressions"),
                        Field("labels", TEXTS, default=(), translatable=True, doc="a name for each y",
                              bad="plot.labels must be a list of text, at most one per y"),
                        Field("u", TEXT, default="", compiles="eval", doc="arrows: the x part of each arrow"),
                        Field("v", TEXT, default="", compiles="eval", doc="arrows: the y part"))),)

    def after_step(self, stage, step) -> None:
        if step.plot is None:
            return
        try:
            plot = take(step.plot, stage.evaluate)
        except NoPlot as exc:
            stage.miss(step, "data for its plot", str(exc))
            return
        from tutor.ui.views.plot import PlotView

        stage.screen.show(PlotView(plot, stage.words))
        if stage.look.png is not None:
            saved = save(plot, stage.look.png, f"{stage.lesson.id}-step{step.number}")
            stage.note(stage.words("figure_title"), saved, "tutor.accent")


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


def save(plot, folder: Path, stem: str) -> str:
    """Save the book-style figure in `folder`; the sentence to show (where it went, or why it did not)."""
    from tutor.model.plot import PlotError
    from tutor.ui.figures import save_png

    try:
        path = save_png(plot, folder / f"{stem}.png")
    except PlotError as exc:
        return f"No PNG: {exc}"
    except OSError as exc:
        return f"No PNG: cannot write in {folder}: {exc.strerror or exc}"
    return f"figure saved to {path}"


register(Plotting())
