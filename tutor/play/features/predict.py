"""Predictions: ask before the result is shown, check the answer against the live frame, hint kindly."""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable

import numpy as np

from tutor.play.expectations import Report
from tutor.model.prompt import Prompt
from tutor.core.debugger import TutorDebugger
from tutor.content.lesson import Step
from tutor.ui.words import say
from tutor.model.prompt import LEAVE, Offer
from tutor.ui.screen import Screen
from tutor.ui.views.step import NotePanel

if TYPE_CHECKING:
    from tutor.ui.keyboard import Keyboard



class Quiz:
    """Asks a step's question: the lesson's own answer hands-free, up to `tries` from a learner."""

    def __init__(self, debugger: TutorDebugger, screen: Screen, keyboard: "Keyboard | None",
                 text: Callable[[str], str], report: Report, tries: int = 3):
        self.debugger, self.screen, self.keyboard = debugger, screen, keyboard
        self.text, self.report, self.tries = text, report, tries

    def ask(self, step: Step, paused: bool) -> None:
        """Show the question, then take an answer while the program is paused where the step left it."""
        question = step.predict
        truth = None
        if paused:
            try:
                truth = self.debugger.evaluate(question.expression)
            except Exception as exc:
                paused = False
                self.report(step, f"{question.expression} to be computable", f"{type(exc).__name__}: {exc}")
        self.screen.show(NotePanel(say("predict_title"), self.text(question.ask), style="tutor.ask"))
        if paused:
            (self._auto if self.keyboard is None else self._learner)(step, truth)

    def _auto(self, step: Step, truth: object) -> None:
        """Hands-free: type the lesson's answer; a wrong one is a missed expectation."""
        question = step.predict
        self.screen.echo(say("answer_prompt"), question.answer)
        try:
            answer = self._value_of(question.answer)
        except Exception as exc:
            self.report(step, f"the answer {question.answer} to be a value", f"{type(exc).__name__}: {exc}")
            return
        if same(answer, truth):
            self.screen.show(NotePanel(say("right_title"), say("right_is", expression=question.expression,
                                                               value=repr(truth)), style="tutor.good"))
        else:
            self.report(step, f"{question.expression} == {question.answer}", f"{question.expression} is {truth!r}")

    def _learner(self, step: Step, truth: object) -> None:
        """A hint after each wrong answer; Enter on an empty line, or the last try, shows the truth."""
        question = step.predict
        prompt = Prompt("python", say("answer_prompt"), self.debugger.namespace())
        for _ in range(self.tries):
            try:
                line = self.keyboard.read(prompt, Offer(LEAVE, say("show_me")))
            except (EOFError, KeyboardInterrupt):
                break
            try:
                answer = self._value_of(line)
            except Exception as exc:
                self.screen.show(NotePanel(say("hmm_title"), say("not_a_value", error=type(exc).__name__),
                                           style="tutor.warn"))
                continue
            if same(answer, truth):
                self.screen.show(NotePanel(say("right_title"), say("right_yes", expression=question.expression,
                                                                   value=repr(truth)), style="tutor.good"))
                return
            self.screen.show(NotePanel(say("not_quite_title"), self.text(question.hint), style="tutor.warn"))
        self.screen.show(NotePanel(say("answer_title"), say("right_is", expression=question.expression,
                                                            value=repr(truth)), style="tutor.accent"))

    def _value_of(self, text: str) -> object:
        """A literal, or else an expression in the paused frame."""
        try:
            return ast.literal_eval(text.strip())
        except (ValueError, SyntaxError):
            return self.debugger.evaluate(text.strip())


def same(answer: object, truth: object) -> bool:
    """Equality that also works for numpy arrays and never raises."""
    try:
        if isinstance(answer, np.ndarray) or isinstance(truth, np.ndarray):
            return bool(np.array_equal(np.asarray(answer), np.asarray(truth)))
        return bool(answer == truth)
    except Exception:
        return False
