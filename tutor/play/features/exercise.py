"""The learner's side of an exercise: they write code in the console, each new definition is judged."""
from __future__ import annotations

from typing import Callable

from rich.syntax import Syntax

from tutor.play.features.judge import judge
from tutor.content.lesson import Step
from tutor.ui.words import say
from tutor.model.prompt import Offer
from tutor.ui.screen import Screen
from tutor.ui.views.step import NotePanel

HINT, SOLUTION = "hint", "solution"


class Practice:
    """One exercise step in progress: remembers what was judged and how many hints were shown."""

    def __init__(self, step: Step, screen: Screen, namespace: dict, text: Callable[[str], str]):
        self.step, self.exercise, self.screen, self.text = step, step.exercise, screen, text
        self.judged = namespace.get(self.exercise.define)  # what the name held before: not the learner's
        self.hints_shown, self.offer_solution = 0, False
        screen.show(NotePanel(say("exercise_title"), say("exercise", name=self.exercise.define), style="tutor.ask"))

    def passed(self, namespace: dict) -> bool:
        """Judge the learner's definition if it is new since the last look; True once it passes."""
        current = namespace.get(self.exercise.define)
        if current is None or current is self.judged:
            return False
        self.judged = current
        verdict = judge(self.exercise, namespace)
        self.screen.show(NotePanel(say("right_title") if verdict.passed else say("not_yet_title"), verdict.line,
                                   style="tutor.good" if verdict.passed else "tutor.bad"))
        return verdict.passed

    def offer(self) -> Offer:
        """Enter types the solution once it was asked for; otherwise it asks for a hint."""
        if self.offer_solution:
            return Offer(self.exercise.solution, say("offer_solution"))
        return Offer(HINT, say("offer_hint", name=self.exercise.define))

    def answer(self, word: str) -> bool:
        """`hint` and `solution` are for tutor, not Python: True when the word was one of them."""
        if word == HINT:
            self._hint()
        elif word == SOLUTION:
            self.offer_solution = True
            self.screen.show(NotePanel(say("solution_title"), say("solution"), style="tutor.accent"))
            self.screen.show(Syntax(self.exercise.solution.rstrip("\n"), "python", theme="ansi_dark"))
        else:
            return False
        return True

    def _hint(self) -> None:
        """The next hint, one at a time; after the last, point at the solution."""
        hints = self.exercise.hints
        if self.hints_shown < len(hints):
            self.hints_shown += 1
            self.screen.show(NotePanel(say("hint_title", number=self.hints_shown, total=len(hints)),
                                       self.text(hints[self.hints_shown - 1]), style="tutor.warn"))
        else:
            self.screen.show(NotePanel(say("no_hints_title"), say("no_hints"), style="tutor.warn"))

