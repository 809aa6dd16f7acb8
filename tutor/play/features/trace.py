"""`trace EXPR`: a recorded call walked key by key with a learner, summarised hands-free."""
from __future__ import annotations

from tutor.content.schema import NAME, TABLE, TEXT, Field
from tutor.model.record import Record
from tutor.play.feature import Feature, register


class Names(Record):
    """The names of a traced central-difference loop that a lesson gives; the others are read from its code."""

    array: str = ""
    index: str = ""
    saved: str = ""
    result: str = ""


class Tracing(Feature):
    """Shows each recording the debugger makes; `exact` names the derivative a central difference computes."""

    name = "trace"
    fields = (Field("exact", TEXT, default="", compiles="eval",
                    doc="for a traced central difference: the exact derivative over the pass's scalars"),
              Field("difference", TABLE, default=None, build=Names, doc="a traced central difference's names",
                    bad="difference must be a table of names (array, index, saved, result)", fields=(
                        Field("array", NAME, default="", doc="the array whose cell is nudged"),
                        Field("index", NAME, default="", doc="the nudged cell's index"),
                        Field("saved", NAME, default="", doc="the cell's value kept to put back"),
                        Field("result", NAME, default="", doc="the array the quotient is stored in"))),)

    def on_recording(self, stage, recording) -> None:
        if stage.silent:
            return
        from tutor.model.passes import Difference
        from tutor.ui.views.trace import RecordingSummary

        step = stage.run.pending
        given = (step.features.get("difference") or Names()) if step is not None else Names()
        spec = Difference(given.array, given.index, given.saved, "", given.result,
                          exact=step.exact if step is not None else "")
        if stage.keyboard is None:
            stage.screen.show(RecordingSummary(recording, spec, words=stage.words))
            return
        from tutor.ui.walker import Walker

        Walker(recording, stage.screen, stage.keyboard.read_key, spec, stage.words).walk()


register(Tracing())
