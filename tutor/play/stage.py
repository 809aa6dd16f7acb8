"""What a step feature may use while a lesson runs: where to show things, in which words, and the live run."""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from tutor.content.lesson import LIVE
from tutor.model.record import Record
from tutor.model.values import short

if TYPE_CHECKING:
    from tutor.content.lesson import Lesson, Step
    from tutor.core.debugger import TutorDebugger
    from tutor.model.prompt import Offer, Prompt
    from tutor.play.capture import Capture
    from tutor.ui.keyboard import Keyboard
    from tutor.ui.screen import Screen
    from tutor.ui.words import Words


class Look(Record):
    """How a lesson looks: projector mode (the first and last sentences of a step, views trimmed) and the source's colours."""

    present: bool = False
    syntax: str = "ansi_dark"
    png: Path | None = None  # a folder: plots are also saved there as matplotlib PNGs


class Run:
    """Where one run of the script is in the lesson (a replay starts a new Run)."""

    def __init__(self, target: int = 0):
        self.target = target  # steps replayed silently before the lesson shows anything
        self.cursor = 0  # steps issued so far
        self.pending: Step | None = None  # the step whose command is running
        self.announced = 0  # the last step whose narration was shown
        self.shown: tuple | None = None  # the stop last drawn
        self.replay_to: int | None = None  # a presenter move asked to replay up to this step
        self.quitting = False
        self.interrupted = False  # Ctrl-C once at a prompt: the next one quits
        self.stops = 0  # pauses of the program so far (the debugger tells each one)
        self.lesson_stops = 0  # the pauses the lesson has accounted for: more means the learner moved on alone
        self.ctrl_c = False  # Ctrl-C paused the running program (the debugger told it; cleared once handled)
        self.memo: dict = {}  # each feature's state for this run, by its name


class Stage(Record):
    """The run's screen, words, keyboard and debugger, and the session's ways to read and to miss."""

    lesson: Lesson
    screen: Screen
    words: Words
    keyboard: Keyboard | None
    look: Look
    debugger: TutorDebugger
    capture: Capture
    run: Run
    miss: Callable[[Step, str, str], None]
    read: Callable[[Prompt, Offer | None, Step], str]  # the learner's next line (Ctrl-C and presenter keys handled)

    @property
    def silent(self) -> bool:
        """Replaying steps silently: features show nothing."""
        return self.capture.silent

    def evaluate(self, expression: str) -> object:
        """An expression in the paused frame (and the console's names while it is open)."""
        return self.debugger.evaluate(expression)

    def text(self, text: str) -> str:
        """Narration with each {=expr} replaced by its value in the paused frame now."""
        return LIVE.sub(self._live_value, text)

    def _live_value(self, match: re.Match) -> str:
        try:
            value = self.debugger.evaluate(match.group(1))
        except Exception as exc:
            return f"<{match.group(1)}: {type(exc).__name__}>"
        return short(value)

    def note(self, title: str, text: str, style: str) -> None:
        """A titled panel of words."""
        from tutor.ui.views.step import NotePanel

        self.screen.show(NotePanel(title, text, style=style))
