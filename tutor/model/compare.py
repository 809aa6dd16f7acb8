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
    cells: tuple[tuple[tuple[int, ...], float, float], ...]  # (index, got, want)
    problem: str = ""


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
    rows = got_array.reshape(-1, got_array.shape[-1]) if got_array.ndim and got_array.size else got_array.reshape(1, -1)
    wants = want_array.reshape(rows.shape)
    cells = tuple(((r, c), float(rows[r, c]), float(wants[r, c]))
                  for r in range(min(len(rows), 3)) for c in range(min(rows.shape[1], per_row)))
    largest = float(error.max()) if error.size else 0.0
    return Comparison(got_name, want_name, tuple(got_array.shape), agree, int(got_array.size), largest,
                      tolerance, cells)
