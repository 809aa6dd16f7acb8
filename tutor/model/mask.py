"""Which cells of an array a boolean mask lets through (Relu's backward): copied from the paused program."""
from __future__ import annotations

from tutor.model.record import Record
from tutor.model.values import is_array

MOST = 8  # rows and columns copied; the counts cover the whole array


class MaskPicture(Record):
    """The first rows and columns of the values, each cell with whether the mask blocks it, and the counts."""

    blocked_name: str
    values_name: str
    shape: tuple[int, ...]
    cells: tuple[tuple[tuple[float, bool], ...], ...]
    blocked: int
    size: int


def take_mask(blocked_name: str, blocked: object, values_name: str, values: object) -> MaskPicture | None:
    """The picture, or None unless both are arrays of one shape, 1-D or 2-D, the mask boolean."""
    if not (is_array(blocked) and is_array(values)) or blocked.shape != values.shape or blocked.dtype != bool \
            or values.ndim not in (1, 2):
        return None
    rows_of_mask = blocked.reshape(1, -1) if blocked.ndim == 1 else blocked
    rows_of_values = values.reshape(1, -1) if values.ndim == 1 else values
    cells = tuple(tuple((float(value), bool(cut)) for value, cut in zip(values_row[:MOST], mask_row[:MOST]))
                  for values_row, mask_row in zip(rows_of_values[:MOST], rows_of_mask[:MOST]))
    return MaskPicture(blocked_name, values_name, tuple(values.shape), cells, int(blocked.sum()), int(values.size))
