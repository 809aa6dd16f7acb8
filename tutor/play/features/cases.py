"""Cases: the `after` text chosen by what holds in the paused frame (the first case that holds wins)."""
from __future__ import annotations

from typing import NamedTuple

from tutor.content.schema import TABLES, TEXT, Field
from tutor.play.feature import Feature, register


class Case(NamedTuple):
    """An `after` text for when an expression holds in the paused frame."""

    when: str
    after: str


class Cases(Feature):
    """The narration after a step follows what the program really did."""

    name = "cases"
    fields = (Field("cases", TABLES, default=(), build=Case, doc="after-texts chosen by the paused frame",
                    bad="cases must be a list of tables with when and after", fields=(
                        Field("when", TEXT, required=True, compiles="eval", doc="an expression"),
                        Field("after", TEXT, required=True, translatable=True, lines=True,
                              doc="shown when it holds"))),)

    def after_text(self, stage, step) -> str | None:
        for case in step.cases:
            try:
                if stage.evaluate(case.when):
                    return case.after
            except Exception:
                continue
        return None


register(Cases())
