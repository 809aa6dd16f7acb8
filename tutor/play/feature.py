"""A step feature: the fields it adds to the lesson schema and the moments of a step it takes part in.

The session calls every registered feature at each moment, in the order they registered; a
feature that has nothing to do at a moment inherits the method that does nothing. Adding a
feature is one module under play/features/ that subclasses Feature and calls `register`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from tutor.content import schema

if TYPE_CHECKING:
    from tutor.content.lesson import Step
    from tutor.model.prompt import Prompt
    from tutor.model.recording import Recording
    from tutor.play.stage import Stage


class Feature:
    """Does nothing at every moment; a feature overrides the moments it cares about."""

    name = ""
    fields: tuple[schema.Field, ...] = ()

    def holds_output(self, step: Step) -> bool:
        """Whether the step's output waits until the feature has spoken (a prediction)."""
        return False

    def before_output(self, stage: Stage, step: Step, paused: bool) -> None:
        """The step's command ran; its output is still held back."""

    def at_stop(self, stage: Stage, moved: bool) -> None:
        """At a (Pdb) prompt: after the stop's views (moved) or with the program where it was."""

    def check(self, stage: Stage, step: Step, prompt: Prompt) -> None:
        """The step ran and the program is paused: judge what the feature expects."""

    def after_step(self, stage: Stage, step: Step) -> None:
        """Draw what the step asks to be drawn once its command has run."""

    def say_text(self, stage: Stage, step: Step) -> str | None:
        """A text in place of the step's `say` (the first feature that gives one wins)."""
        return None

    def after_text(self, stage: Stage, step: Step) -> str | None:
        """A text in place of the step's `after` (the first feature that gives one wins)."""
        return None

    def texts(self, step: Step) -> tuple[str, ...]:
        """Every text the feature may show in place of the step's `say` or `after` (presenter mode shows the
        variables they name)."""
        return ()

    def takes_prompt(self, step: Step, prompt: Prompt) -> bool:
        """Whether the feature reads the learner's lines at this prompt instead of offering the command."""
        return False

    def read(self, stage: Stage, step: Step, prompt: Prompt) -> str | None:
        """A line for the debugger (None: the step is done, move on)."""
        return None

    def on_recording(self, stage: Stage, recording: Recording) -> None:
        """A `trace` finished."""

    def expectations(self, step: Step) -> list[str]:
        """What a rehearsal checks for this feature, in words."""
        return []

    def shown_command(self, step: Step) -> str | None:
        """How a rehearsal names the step's command, if the feature owns it."""
        return None


FEATURES: list[Feature] = []


def register(feature: Feature) -> Feature:
    """Add a feature and its fields to the lesson schema (once)."""
    if feature not in FEATURES:
        schema.register(*feature.fields)
        FEATURES.append(feature)
    return feature


def unregister(feature: Feature) -> None:
    """Take a feature out again (a test's own feature)."""
    if feature in FEATURES:
        FEATURES.remove(feature)
        schema.unregister(*(f.key for f in feature.fields))
