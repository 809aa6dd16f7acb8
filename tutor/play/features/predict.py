"""Predictions: ask before the result is shown, check the answer against the live frame, hint kindly."""
from __future__ import annotations

import ast
import math

from tutor.content.schema import TABLE, TEXT, Field
from tutor.model.prompt import LEAVE, Offer, Prompt
from tutor.model.record import Record
from tutor.play.feature import Feature, register

TRIES = 3  # a learner's answers before the truth is shown
FLOAT_CLOSE = 1e-9  # a float answer this close to the truth is right: 110 for 110.00000000000001


class Predict(Record):
    """A question answered before the step's result is shown, checked against the live frame."""

    ask: str
    expression: str  # evaluated in the frame once the command has run: the truth
    answer: str  # what --auto types: an expression or a literal
    hint: str


class Predicting(Feature):
    """The step's output waits while the learner predicts it; the answer is checked against the live frame."""

    name = "predict"
    fields = (Field("predict", TABLE, build=Predict, doc="a question asked before the output is shown",
                    bad="predict must be a table with ask, expression, answer and hint", fields=(
                        Field("ask", TEXT, required=True, translatable=True, lines=True, doc="the question"),
                        Field("expression", TEXT, required=True, compiles="eval", doc="the truth, evaluated live"),
                        Field("answer", TEXT, required=True, compiles="eval", doc="what --auto answers"),
                        Field("hint", TEXT, required=True, translatable=True, lines=True,
                              doc="shown after a wrong answer"))),)

    def holds_output(self, step) -> bool:
        return step.predict is not None

    def before_output(self, stage, step, paused: bool) -> None:
        if step.predict is None:
            return
        ask(stage, step, paused)
        stage.capture.release()

    def expectations(self, step) -> list[str]:
        return [] if step.predict is None else [f"{step.predict.expression} == {step.predict.answer}"]


def ask(stage, step, paused: bool) -> None:
    """Show the question, then take an answer while the program is paused where the step left it."""
    question, truth = step.predict, None
    if paused:
        try:
            truth = stage.evaluate(question.expression)
        except Exception as exc:
            paused = False
            stage.miss(step, f"{question.expression} to be computable", f"{type(exc).__name__}: {exc}")
    stage.note(stage.words("predict_title"), stage.text(question.ask), "tutor.ask")
    if paused:
        (answer_hands_free if stage.keyboard is None else answer_from_learner)(stage, step, truth)


def answer_hands_free(stage, step, truth: object) -> None:
    """Type the lesson's answer; a wrong one is a missed expectation."""
    question, words = step.predict, stage.words
    stage.screen.echo(words("answer_prompt"), question.answer)
    try:
        answer = value_of(stage, question.answer)
    except Exception as exc:
        stage.miss(step, f"the answer {question.answer} to be a value", f"{type(exc).__name__}: {exc}")
        return
    if same(answer, truth):
        stage.note(words("right_title"), words("right_is", expression=question.expression, value=repr(truth)),
                   "tutor.good")
    else:
        stage.miss(step, f"{question.expression} == {question.answer}", f"{question.expression} is {truth!r}")


def answer_from_learner(stage, step, truth: object) -> None:
    """A hint after each wrong answer; Enter on an empty line, or the last try, shows the truth."""
    question, words = step.predict, stage.words
    prompt = Prompt("python", words("answer_prompt"), stage.debugger.namespace())
    for _ in range(TRIES):
        try:
            line = stage.keyboard.read(prompt, Offer(LEAVE, words("show_me")))
        except (EOFError, KeyboardInterrupt):
            break
        try:
            answer = value_of(stage, line)
        except Exception as exc:
            stage.note(words("hmm_title"), words("not_a_value", error=type(exc).__name__), "tutor.warn")
            continue
        if same(answer, truth):
            stage.note(words("right_title"), words("right_yes", expression=question.expression, value=repr(truth)),
                       "tutor.good")
            return
        stage.note(words("not_quite_title"), stage.text(question.hint), "tutor.warn")
    stage.note(words("answer_title"), words("right_is", expression=question.expression, value=repr(truth)),
               "tutor.accent")


def value_of(stage, text: str) -> object:
    """A literal, or else an expression in the paused frame."""
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError):
        return stage.evaluate(text.strip())


def same(answer: object, truth: object) -> bool:
    """Equality that also works for numpy arrays, forgives a float's last bits (110 for 1.1 * 100), and never raises."""
    import numpy as np

    try:
        if isinstance(answer, np.ndarray) or isinstance(truth, np.ndarray):
            return bool(np.array_equal(np.asarray(answer), np.asarray(truth)))
        if any(isinstance(v, (float, np.floating)) for v in (answer, truth)) and all(
                isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) for v in (answer, truth)):
            return math.isclose(answer, truth, rel_tol=FLOAT_CLOSE, abs_tol=FLOAT_CLOSE)
        return bool(answer == truth)
    except Exception:
        return False


register(Predicting())
