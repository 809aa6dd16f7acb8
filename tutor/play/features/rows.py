"""The row-split view: how `for index, item in enumerate(array)` hands over one row of a 2-D array."""
from __future__ import annotations

from tutor.content.schema import NAME, TABLE, Field
from tutor.model.record import Record
from tutor.model.rows import take_row_split
from tutor.play.feature import Feature, register


class RowsView(Record):
    """Which array is enumerated, by which index, into which item."""

    array: str
    index: str
    item: str


class Rows(Feature):
    """After the step, the enumerated array with this turn's row marked, read from the paused frame."""

    name = "rows"
    fields = (Field("rows", TABLE, build=RowsView, bad="rows must be a table with array, index and item",
                    doc="draw the row an enumerate loop hands over", fields=(
                        Field("array", NAME, required=True, doc="the array enumerated"),
                        Field("index", NAME, required=True, doc="the loop's index"),
                        Field("item", NAME, required=True, doc="the loop's item"))),)

    def after_step(self, stage, step) -> None:
        spec = step.rows
        if spec is None:
            return
        split = take_row_split(stage.debugger.namespace(), spec.array, spec.index, spec.item)
        if split is not None:
            from tutor.ui.views.rows import RowSplitView

            stage.screen.show(RowSplitView(split, stage.words))


register(Rows())
