"""What a plot shows, taken from live values and checked once, so views and figures can trust it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tutor.model.record import Record

if TYPE_CHECKING:
    import numpy as np

KINDS = ("curve", "arrows", "path")


class PlotError(ValueError):
    """Data that cannot be plotted, said in one sentence the learner can act on."""


class Plot(Record):
    """Flat float64 arrays: x with one y per series (curve), or one y (arrows, path); u, v only for arrows."""

    __eq__, __ne__, __hash__ = object.__eq__, object.__ne__, object.__hash__  # two pictures of a stop are never equal: no array compared

    kind: str
    title: str
    x: np.ndarray
    ys: tuple[np.ndarray, ...]
    labels: tuple[str, ...]
    u: np.ndarray | None
    v: np.ndarray | None

    def finite(self, series: int = 0) -> np.ndarray:
        """Which points of a series can be drawn: every value they need is a finite number."""
        import numpy as np

        mask = np.isfinite(self.x) & np.isfinite(self.ys[series])
        if self.u is not None and self.v is not None:
            mask &= np.isfinite(self.u) & np.isfinite(self.v)
        return mask

    @property
    def not_finite(self) -> int:
        """How many points (over all series) are left out because a value is NaN or infinite."""
        return sum(int((~self.finite(i)).sum()) for i in range(len(self.ys)))


def take_plot(kind: str, title: str, x: object, ys: object, labels: object = (),
              u: object = None, v: object = None) -> Plot:
    """Turn raw values (lists, numbers, arrays of any shape) into a checked Plot, or say what is wrong."""
    if kind not in KINDS:
        raise PlotError(f"unknown plot kind {kind!r}: use one of {', '.join(KINDS)}")
    xs = _flat("x", x)
    names = () if labels is None else (labels,) if isinstance(labels, str) else tuple(map(str, labels))
    raw = _split(ys)
    series = tuple(_flat(_series_name(i, names, len(raw)), y) for i, y in enumerate(raw))
    _check_series(kind, series, names)
    for i, y in enumerate(series):
        _same_length("x", xs, _series_name(i, names, len(series)), y)
    us, vs = _vectors(kind, xs, u, v)
    return Plot(kind, str(title), xs, series, names, us, vs)


def _split(ys: object) -> list[object]:
    """One series, or several: a list or tuple of non-scalar values is several, anything else is one."""
    import numpy as np

    if isinstance(ys, (list, tuple)) and ys and all(np.ndim(y) > 0 for y in ys):
        return list(ys)
    if isinstance(ys, (list, tuple)) and not ys:
        return []
    return [ys]


def _series_name(index: int, labels: tuple[str, ...], count: int) -> str:
    """The name a message uses for a series: its label, else y (or y1, y2, ... when several)."""
    if index < len(labels) and labels[index]:
        return labels[index]
    return "y" if count == 1 else f"y{index + 1}"


def _flat(name: str, value: object) -> np.ndarray:
    """A flat float64 copy of the values (a copy, so later in-place writes do not change the plot)."""
    import numpy as np

    if value is None:
        raise PlotError(f"{name} is missing")
    try:
        array = np.asarray(value)
        if np.iscomplexobj(array):
            raise PlotError(f"{name} holds complex numbers: plot their .real or abs() instead")
        flat = np.array(array, dtype=np.float64).ravel()
    except (TypeError, ValueError) as error:
        if isinstance(error, PlotError):
            raise
        raise PlotError(f"{name} cannot be read as numbers ({error})") from None
    if flat.size == 0:
        raise PlotError(f"{name} is empty: there is nothing to plot")
    finite = flat[np.isfinite(flat)]
    if finite.size and not np.isfinite(float(finite.max()) - float(finite.min())):  # no axis spans it
        raise PlotError(f"{name} runs from {finite.min():.3g} to {finite.max():.3g}, a span wider than the "
                        "largest float: plot a part of it, or its logarithm")
    return flat


def _check_series(kind: str, series: tuple[np.ndarray, ...], labels: tuple[str, ...]) -> None:
    """A curve has one or more y series; arrows and paths have exactly one; labels match the series."""
    if not series:
        raise PlotError(f"a {kind} needs y values")
    if kind != "curve" and len(series) != 1:
        raise PlotError(f"{kind} takes one y series but got {len(series)}")
    if labels and len(labels) != len(series):
        raise PlotError(f"{len(labels)} labels given for {len(series)} y series")


def _same_length(name: str, first: np.ndarray, other_name: str, other: np.ndarray) -> None:
    """Pairs of values are points: both arrays must hold as many values."""
    if first.size != other.size:
        raise PlotError(f"{name} has {first.size} values but {other_name} has {other.size}")


def _vectors(kind: str, xs: np.ndarray, u: object, v: object) -> tuple[np.ndarray | None, np.ndarray | None]:
    """u and v, required for arrows (one vector per point) and refused for the other kinds."""
    if kind != "arrows":
        if u is not None or v is not None:
            raise PlotError(f"u and v are for arrows only, not for a {kind}")
        return None, None
    if u is None or v is None:
        raise PlotError("arrows need u and v: the vector at each point")
    us, vs = _flat("u", u), _flat("v", v)
    _same_length("x", xs, "u", us)
    _same_length("x", xs, "v", vs)
    return us, vs
