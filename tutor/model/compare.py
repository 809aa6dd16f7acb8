"""Two arrays of the paused frame, cell by cell."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, eq=False)
class Comparison:
    """Two arrays cell by cell: how many agree, the largest error, and the first cells of each row."""

    got_name: str
    want_name: str
    shape: tuple[int, ...]
    agree: int
    size: int
    largest: float
    tolerance: float
    cells: tuple[tuple[tuple[int, ...], float, float], ...]  # (index, got, want), indices as the array has them
    problem: str = ""
    worst: tuple[int, ...] = ()  # the index of the largest error, when the cells shown leave it out


WHOLE = 12  # an array this small is shown cell by cell, all of it
ROWS = 3  # else: the first cells of the first rows, and the worst cell


def take_comparison(got_name: str, got: object, want_name: str, want: object, tolerance: float,
                    per_row: int = 4) -> Comparison:
    """Compare two live arrays (copying the few cells shown); a shape mismatch is reported, not raised."""
    import numpy as np

    if np.iscomplexobj(got) or np.iscomplexobj(want):  # casting to float would drop the imaginary parts
        return Comparison(got_name, want_name, (), 0, 0, float("nan"), tolerance, (),
                          problem="complex numbers: compare their .real or abs() instead")
    try:
        got_array, want_array = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    except (TypeError, ValueError) as exc:
        return Comparison(got_name, want_name, (), 0, 0, float("nan"), tolerance, (),
                          problem=f"not arrays of numbers: {type(exc).__name__}: {exc}")
    if got_array.shape != want_array.shape:
        return Comparison(got_name, want_name, tuple(got_array.shape), 0, int(got_array.size), float("nan"),
                          tolerance, (), problem=f"shapes differ: {got_array.shape} and {want_array.shape}")
    with np.errstate(invalid="ignore"):  # inf - inf is NaN, without a warning in the lesson
        error = np.abs(got_array - want_array)
    agree = int(np.count_nonzero((error <= tolerance) | (got_array == want_array)))  # inf agrees with inf
    largest = float(error.max()) if error.size else 0.0
    shown = _shown(got_array.shape, per_row)
    cells = tuple((index, float(got_array[index]), float(want_array[index])) for index in shown)
    worst = _worst(error)
    return Comparison(got_name, want_name, tuple(got_array.shape), agree, int(got_array.size), largest,
                      tolerance, cells, worst=() if worst is None or worst in shown else worst)


def _shown(shape: tuple[int, ...], per_row: int) -> list[tuple[int, ...]]:
    """Every cell of a small array; else the first `per_row` of each of the first rows (a 1-D array is one row)."""
    import numpy as np

    size = int(np.prod(shape)) if shape else 1
    if size <= WHOLE:
        return [tuple(int(i) for i in index) for index in np.ndindex(*shape)]
    if len(shape) == 1:
        return [(i,) for i in range(min(shape[0], 2 * per_row))]
    lead = [tuple(int(i) for i in index) for index in np.ndindex(*shape[:-1])][:ROWS]
    return [(*row, col) for row in lead for col in range(min(shape[-1], per_row))]


def _worst(error) -> tuple[int, ...] | None:
    """Where the largest error is (a NaN counts as the largest); None for an empty array."""
    import numpy as np

    if not error.size:
        return None
    flat = int(np.argmax(np.where(np.isnan(error), np.inf, error)))
    return tuple(int(i) for i in np.unravel_index(flat, error.shape))
