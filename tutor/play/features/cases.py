"""Cases: a step's `say` or `after` chosen by the script played (`has`) or the paused frame (`when`); the first
case that holds wins."""
from __future__ import annotations

from tutor.content.schema import SOURCE, TABLES, TEXT, Field, one_of
from tutor.model.record import Record
from tutor.play.feature import Feature, register


class Case(Record):
    """A `say` or an `after` text for the scripts with a line containing `has`, when an expression holds."""

    when: str = ""
    has: str = ""  # decided once against the script played: the cases whose text it lacks are dropped
    say: str = ""
    after: str = ""


def conditions(table: dict, number: int | None) -> tuple[str | None, str] | None:
    """A case needs a condition, and holds one text."""
    if not (table["when"] or table["has"]):
        return None, "a case needs when (an expression), has (a text of the script), or both"
    return one_of("say", "after")(table, number)


class Cases(Feature):
    """The narration follows the script played and what the program really did."""

    name = "cases"
    fields = (Field("cases", TABLES, default=(), build=Case, rule=conditions, one_text=True,
                    doc="say or after texts chosen by the script or the paused frame",
                    bad="cases must be a list of tables with when or has, and say or after", fields=(
                        Field("when", TEXT, default="", compiles="eval", doc="an expression that holds in the "
                              "paused frame"),
                        Field("has", SOURCE, default="", doc="a text a line of the script played contains"),
                        Field("say", TEXT, default="", translatable=True, lines=True,
                              doc="the narration then (`when`: in the frame paused before the step)"),
                        Field("after", TEXT, default="", translatable=True, lines=True,
                              doc="shown after the step then"))),)

    def say_text(self, stage, step) -> str | None:
        return self._first(stage, step, "say")

    def after_text(self, stage, step) -> str | None:
        return self._first(stage, step, "after")

    def texts(self, step) -> tuple[str, ...]:
        return tuple(text for case in step.cases for text in (case.say, case.after) if text)

    @staticmethod
    def _first(stage, step, key: str) -> str | None:
        """The text of the first case that gives `key` and holds (its `has` was decided on resolving)."""
        for case in step.cases:
            text = getattr(case, key)
            if not text:
                continue
            try:
                if not case.when or stage.evaluate(case.when):
                    return text
            except Exception:
                continue
        return None


register(Cases())
