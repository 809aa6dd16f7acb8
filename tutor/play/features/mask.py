"""The mask view: which cells of an array a boolean mask blocks (Relu's backward), drawn from the live arrays."""
from __future__ import annotations

from tutor.content.schema import TABLE, TEXT, Field
from tutor.model.record import Record
from tutor.play.feature import Feature, register


class MaskSpec(Record):
    """The boolean array (True: blocked) and the array it is laid over."""

    blocked: str
    values: str


class Masking(Feature):
    """After the step, the values with each blocked cell marked, and how many pass."""

    name = "mask"
    fields = (Field("mask", TABLE, build=MaskSpec, doc="the cells a boolean mask blocks in an array",
                    bad="mask must be a table with blocked and values", fields=(
                        Field("blocked", TEXT, required=True, compiles="eval",
                              doc="a boolean array: True where a cell is blocked"),
                        Field("values", TEXT, required=True, compiles="eval", doc="the array of the same shape"))),)

    def after_step(self, stage, step) -> None:
        spec = step.mask
        if spec is None:
            return
        from tutor.model.mask import take_mask
        from tutor.ui.views.mask import MaskView

        try:
            blocked, values = stage.evaluate(spec.blocked), stage.evaluate(spec.values)
        except Exception as exc:
            stage.miss(step, f"{spec.blocked} and {spec.values} to exist", f"{type(exc).__name__}: {exc}")
            return
        picture = take_mask(spec.blocked, blocked, spec.values, values)
        if picture is not None:
            stage.screen.show(MaskView(picture, stage.words))


register(Masking())
