"""Two arrays of the paused frame compared cell by cell after a step."""
from __future__ import annotations

from tutor.content.schema import NUMBER, TABLES, TEXT, Field
from tutor.model.record import Record
from tutor.play.feature import Feature, register


class Compare(Record):
    """Two expressions whose arrays are compared, and how close counts as equal."""

    got: str
    want: str
    tolerance: float = 1e-6


class Comparing(Feature):
    """After the step, each pair drawn cell by cell with how many agree and the largest error."""

    name = "compare"
    fields = (Field("compare", TABLES, default=(), build=Compare, doc="arrays to compare cell by cell",
                    bad="compare must be a list of tables with got and want", fields=(
                        Field("got", TEXT, required=True, compiles="eval", doc="the array computed"),
                        Field("want", TEXT, required=True, compiles="eval", doc="the array it should be"),
                        Field("tolerance", NUMBER, default=1e-6, bad="compare.tolerance must be a number >= 0",
                              doc="the largest difference that counts as agreeing"))),)

    def after_step(self, stage, step) -> None:
        for pair in step.compare:
            try:
                got, want = stage.evaluate(pair.got), stage.evaluate(pair.want)
            except Exception as exc:
                stage.miss(step, f"{pair.got} and {pair.want} to exist", f"{type(exc).__name__}: {exc}")
                continue
            from tutor.model.compare import take_comparison
            from tutor.ui.views.compare import CompareView

            comparison = take_comparison(pair.got, got, pair.want, want, pair.tolerance)
            stage.screen.show(CompareView(comparison, stage.words))


register(Comparing())
