"""`trace EXPR`: a recorded call walked key by key with a learner, summarised hands-free."""
from __future__ import annotations

from tutor.content.schema import TEXT, Field
from tutor.play.feature import Feature, register


class Tracing(Feature):
    """Shows each recording the debugger makes; `exact` names the derivative a central difference computes."""

    name = "trace"
    fields = (Field("exact", TEXT, default="", compiles="eval",
                    doc="for a traced central difference: the exact derivative over the pass's scalars"),)

    def on_recording(self, stage, recording) -> None:
        if stage.silent:
            return
        from tutor.model.passes import Difference
        from tutor.ui.views.trace import RecordingSummary

        step = stage.run.pending
        spec = Difference(exact=step.exact) if step is not None and step.exact else Difference()
        if stage.keyboard is None:
            stage.screen.show(RecordingSummary(recording, spec, words=stage.words))
            return
        from tutor.ui.walker import Walker

        Walker(recording, stage.screen, stage.keyboard.read_key, spec, stage.words).walk()


register(Tracing())
