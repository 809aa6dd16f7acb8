"""One turn of an enumerate loop over a 2-D array: which row the loop handed over."""
from __future__ import annotations

from tutor.model.record import Record
from tutor.model.values import ArrayInfo, array_info, is_array


class RowSplit(Record):
    """One turn of `for index, item in enumerate(array)`: which row the loop handed over."""

    __eq__, __ne__, __hash__ = object.__eq__, object.__ne__, object.__hash__  # two pictures of a stop are never equal: no array compared

    array_name: str
    index_name: str
    item_name: str
    shape: tuple[int, ...]
    index: int
    rows: tuple[tuple[int, ArrayInfo], ...]  # (row number, row) for the rows worth drawing
    item: ArrayInfo
    item_is_row: bool


def take_row_split(names: dict[str, object], array: str, index: str, item: str) -> RowSplit | None:
    """Copy one turn of an enumerate loop over a 2-D array, or None if the frame has no such loop."""
    data, position, current = names.get(array), names.get(index), names.get(item)
    if not is_array(data):
        return None
    import numpy as np

    if not (is_array(data) and data.ndim >= 2 and isinstance(position, (int, np.integer))
            and is_array(current)):
        return None
    position = int(position)
    picked = sorted(n for n in {0, 1, position - 1, position, position + 1, len(data) - 1} if 0 <= n < len(data))
    rows = tuple((n, array_info(data[n])) for n in picked)
    is_row = 0 <= position < len(data) and np.shares_memory(current, data[position])
    return RowSplit(array_name=array, index_name=index, item_name=item, shape=tuple(data.shape),
                    index=position, rows=rows, item=array_info(current), item_is_row=bool(is_row))
