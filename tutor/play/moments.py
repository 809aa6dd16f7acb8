"""Between two prompts: show a new stop, check the step that just ran, draw what it asks for, notice detours."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tutor.content.schema import NAME, step_fields
from tutor.play.feature import FEATURES
from tutor.ui.screen import Chapter
from tutor.ui.views.source import SourceView
from tutor.ui.views.step import NotePanel, StepPanel
from tutor.ui.views.variables import VariablesView

if TYPE_CHECKING:
    from tutor.content.lesson import Step
    from tutor.model.prompt import Prompt
    from tutor.play.expectations import Checks
    from tutor.play.stage import Stage


class Moments:
    """What happens at each moment of one run, for the session: it holds no state beyond the run's."""

    def __init__(self, stage: Stage, checks: Checks, last: int):
        self.stage, self.checks, self.last = stage, checks, last
        self.run, self.screen, self.words = stage.run, stage.screen, stage.words

    def start(self, step: Step) -> None:
        """The step's command is about to run: capture its output from here (held back for a prediction)."""
        capture = self.stage.capture
        capture.take()
        self.run.pending = step
        self.run.cursor += 1
        if any(f.holds_output(step) for f in FEATURES) and not capture.silent:
            capture.held = []

    def settle(self, prompt: Prompt, result) -> None:
        """Show a new stop, check the step that just ran, and notice when the learner moved on their own."""
        stage, run, debugger = self.stage, self.run, self.stage.debugger
        silent = stage.silent
        if run.ctrl_c:
            self.interrupted(result)
        if run.pending is not None and not silent:
            for feature in FEATURES:
                feature.before_output(stage, run.pending, paused=True)
        if prompt.kind == "pdb":
            position = debugger.position()
            moved, run.shown = position != run.shown, position
            if moved and not silent:
                self.show_stop()
            elif not silent:
                for feature in FEATURES:
                    feature.at_stop(stage, moved=False)
        if run.pending is not None:
            self.settle_step(prompt)
        elif run.stops != run.lesson_stops and run.cursor > 0 and not silent:
            run.lesson_stops = run.stops
            self.screen.show(NotePanel(self.words("offpath_title"), self.words("offpath"), style="tutor.warn"))

    def settle_step(self, prompt: Prompt) -> None:
        """The pending step ran and the program is paused: check it, judge it, draw what it asks for."""
        stage, run = self.stage, self.run
        step, run.pending = run.pending, None
        output = stage.capture.take()
        if not stage.silent:
            self.checks.check(step, output, paused=True)
        run.lesson_stops = run.stops
        if not stage.silent:
            for feature in FEATURES:
                feature.check(stage, step, prompt)
            self.show_after(step)

    def ended(self) -> None:
        """The program ended with a step pending: ask its question and check it, unpaused."""
        stage, run = self.stage, self.run
        if run.pending is None:
            return
        for feature in FEATURES:
            feature.before_output(stage, run.pending, paused=False)
        self.checks.check(run.pending, stage.capture.take(), paused=False)
        run.pending = None

    def interrupted(self, result) -> None:
        """Ctrl-C paused the program mid-step: hands-free runs stop; a learner gets the step offered again."""
        stage, run = self.stage, self.run
        run.ctrl_c = False
        step, run.pending = run.pending, None
        run.lesson_stops = run.stops  # the pause itself is not the learner wandering off
        if step is not None:
            run.cursor -= 1  # the step did not finish: it is neither met nor missed
        if stage.keyboard is None:
            run.quitting = result.interrupted = True
            return
        again = self.words("again_step") if step is not None else self.words("again_next")
        self.screen.show(NotePanel(self.words("interrupted_title"), self.words("interrupted", again=again),
                                   style="tutor.warn"))

    def show_stop(self) -> None:
        """Source and variables of the selected frame, then what features show at a stop."""
        stage = self.stage
        stop, present = stage.debugger.take_stop(), stage.look.present
        self.screen.show(SourceView(stop, stage.look.syntax, context=3 if present else None))
        variables = stop.variables
        if present:  # only the variables the steps around this stop talk about
            focus = self.focus_names()
            variables = tuple(v for v in variables if v.name in focus)
        if variables or not present:
            title = self.words("variables_in", function=stop.function)
            self.screen.show(VariablesView(variables, title=title, words=self.words))
        for feature in FEATURES:
            feature.at_stop(stage, moved=True)

    def focus_names(self) -> set[str]:
        """Names written in the step that just ran and the one offered next (in any text a feature may show in
        place of their own), and the variables their features name."""
        run, steps = self.run, self.stage.lesson.steps
        around = [run.pending] + ([steps[run.cursor]] if run.cursor < self.last else [])
        words: set[str] = set()
        for step in filter(None, around):
            for text in (step.say, step.command, step.after, *(t for f in FEATURES for t in f.texts(step))):
                words.update(re.findall(r"[A-Za-z_]\w*", text))
            words.update(variable_names(step))
        return words

    def show_after(self, step: Step) -> None:
        """What a step asks to be drawn once its command has run, then its closing words."""
        stage = self.stage
        for feature in FEATURES:
            feature.after_step(stage, step)
        after = next((text for f in FEATURES if (text := f.after_text(stage, step)) is not None), step.after)
        if after:
            self.screen.show(NotePanel("", stage.text(after), style="tutor.good"))

    def announce(self, step: Step, present: bool) -> None:
        """The step's header and narration, once."""
        if self.run.announced < step.number:
            self.run.announced = step.number
            say = next((text for f in FEATURES if (text := f.say_text(self.stage, step)) is not None), step.say)
            text = self.stage.text(say)
            if present:
                text = projector_text(text)
            total = len(self.stage.lesson.steps)
            self.screen.begin(Chapter(step.number, step.command, text),
                              StepPanel(self.stage.lesson.id, step.number, total, text, words=self.words))

    def end_replay(self, prompt: Prompt) -> None:
        """The silent replay reached its target: say so and show where the program is."""
        self.stage.capture.silent = False
        self.stage.capture.take()
        said = self.words("replayed_one" if self.run.target == 1 else "replayed", number=self.run.target)
        self.screen.show(NotePanel(self.words("replayed_title"), said, style="tutor.good"))
        if prompt.kind == "pdb":
            self.show_stop()


def variable_names(step: Step) -> set[str]:
    """The variables a step's features name: their fields declared as names (rows.array, rows.index...)."""
    found = set()
    for spec in step_fields():
        value = step.features.get(spec.key)
        for sub in spec.fields if value is not None else ():
            name = getattr(value, sub.key, None)
            if sub.type == NAME and isinstance(name, str):
                found.add(name)
    return found


def projector_text(text: str) -> str:
    """Projector mode keeps the first sentence, which sets the scene, and the last, which says what to do."""
    sentences = [part for part in re.split(r"(?<=[.!?])\s+|(?<=[。！？])", " ".join(text.split())) if part.strip()]
    if len(sentences) < 2:
        return "".join(sentences)
    return sentences[0] + ("" if sentences[0][-1] in "。！？" else " ") + sentences[-1]
