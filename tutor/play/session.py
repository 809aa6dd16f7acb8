"""Walks a lesson's steps: drives the debugger, asks the views, waits for the learner (or not)."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.play import presenter
from tutor.model.compare import take_comparison
from tutor.model.rows import take_row_split
from tutor.model.values import short
from tutor.model.watch import Watcher
from tutor.model.prompt import Outcome, Prompt
from tutor.core.debugger import TutorDebugger
from tutor.content.lesson import Lesson, Step, fill
from tutor.model.prompt import LEAVE, Offer
from tutor.model.script import Script
from tutor.content.locate import resolve_lines
from tutor.ui.screen import Screen
from tutor.play.expectations import Checks, Miss
from tutor.ui.words import say
from tutor.ui.views.source import SourceView
from tutor.ui.views.step import NotePanel, StepPanel
from tutor.ui.views.variables import VariablesView

if TYPE_CHECKING:  # these load when a step needs them: numpy is not imported before the first prompt
    from tutor.ui.keyboard import Keyboard
    from tutor.play.features.predict import Quiz
    from tutor.model.recording import Recording

_LIVE = re.compile(r"\{=([^{}]+)\}")


@dataclass(frozen=True)
class Pace:
    """How a lesson is played: a pause between hands-free steps, and which steps (1-based, inclusive)."""

    delay: float = 0.0
    typing: float = 0.0  # hands-free: seconds per character of each command (0: it appears at once)
    first: int = 1  # steps before it are replayed silently
    last: int | None = None  # None: to the end


@dataclass(frozen=True)
class Look:
    """How a lesson looks: projector mode (one sentence a step, views trimmed) and the source's colours."""

    present: bool = False
    syntax: str = "ansi_dark"
    png: Path | None = None  # a folder: plots are also saved there as matplotlib PNGs


@dataclass
class Result:
    """How a lesson went: expectations missed, how the program ended, whether every step ran."""

    misses: list[Miss] = field(default_factory=list)
    outcome: Outcome | None = None
    completed: bool = False
    ran: int = 0  # how many of the lesson's steps were issued
    interrupted: bool = False  # Ctrl-C stopped a hands-free run


class Capture:
    """The stream pdb and the console write to: passed to the screen (unless replaying) and kept per step."""

    encoding = "utf-8"

    def __init__(self, screen: Screen):
        self.screen, self.parts, self.silent = screen, [], False
        self.held: list[str] | None = None  # while a prediction is asked, output waits here

    def write(self, text: str) -> int:
        self.parts.append(text)
        if self.held is not None:
            self.held.append(text)
        elif not self.silent:
            self.screen.raw(text)
        return len(text)

    def release(self) -> None:
        """Show what was held back while the learner predicted it."""
        held, self.held = self.held or [], None
        if not self.silent:
            self.screen.raw("".join(held))

    def flush(self) -> None:
        """Writes are passed on (or held, or dropped while replaying) as they come: nothing to flush."""

    def isatty(self) -> bool:
        return False

    def take(self) -> str:
        """Everything written since the last take."""
        text = "".join(self.parts)
        self.parts.clear()
        return text


class Player:
    """Plays one lesson on one script, hands-free when there is no keyboard."""

    def __init__(self, lesson: Lesson, script: Script, screen: Screen, keyboard: "Keyboard | None" = None,
                 pace: Pace = Pace(), look: Look = Look()):
        self.lesson, self.script, self.screen, self.keyboard, self.pace = lesson, script, screen, keyboard, pace
        self.look = look
        self.last = pace.last or len(lesson.steps)  # the step the lesson stops after
        self.numbers = resolve_lines(script, lesson.lines)
        self.capture = Capture(screen)
        self.result = Result()
        self.watcher = Watcher()
        self.watch_shown: list[str] = []  # what the watch view last showed, to notice a new `watch`

    # -- the whole lesson ----------------------------------------------------------------------

    def play(self) -> Result:
        """Run the script under the debugger until the lesson is done or the learner quits."""
        opening = fill(self.lesson.intro or self.lesson.summary or self.lesson.title, self.numbers)
        self.screen.show(NotePanel(f"{self.lesson.id} · {self.lesson.title}", opening))
        target = self.pace.first - 1
        while True:
            outcome = self._run_once(target)
            if self.replay_to is None and self._ended_early(outcome) and self._wants_replay(outcome):
                self.replay_to = self.cursor
            if self.replay_to is None:
                break
            target = self.replay_to
        self.result.outcome = outcome
        self.result.ran = self.cursor
        self.result.completed = self.cursor >= self.last
        if self.result.completed and self.last == len(self.lesson.steps) and self.lesson.outro:
            self.screen.show(NotePanel(say("outro_title"), fill(self.lesson.outro, self.numbers), style="tutor.type"))
        return self.result

    def _run_once(self, target: int) -> Outcome:
        """One run of the script, replaying the first `target` steps silently."""
        self.cursor, self.pending, self.announced, self.shown = 0, None, 0, None
        self.target, self.replay_to, self.quitting, self.interrupted = target, None, False, False
        self.lesson_stops, self.practice = 0, None
        self.capture.silent = target > 0
        self.watcher.forget()
        self.debugger = TutorDebugger(self.ask, self.capture, on_trace=self._show_recording)
        self.checks = Checks(self.debugger, self.numbers, self.script.path, self._miss)
        self.quiz: "Quiz | None" = None
        outcome = self.debugger.run_script(self.script)
        if self.screen.gone:  # `| head` closed the pipe: the lesson ends as if quit, not as a failure
            return Outcome("quit")
        self.capture.silent = False
        if self.pending is not None:
            if self.pending.predict is not None:
                self._predict(paused=False)
            self._check(self.pending, self.capture.take(), paused=False)
            self.pending = None
        if outcome.detail:
            self.screen.raw(outcome.detail.rstrip("\n") + "\n")
        return outcome

    def _ended_early(self, outcome: Outcome) -> bool:
        """The program stopped running while the lesson still had steps, and nobody asked it to."""
        early = outcome.how != "quit" and self.cursor < self.last
        if early and self.keyboard is None:
            step = self.lesson.steps[self.cursor]
            self._miss(step, "the program to still be running", f"it {outcome.how} before this step")
        return early

    def _wants_replay(self, outcome: Outcome) -> bool:
        """Ask the learner whether to start again and replay up to where the lesson is."""
        if self.keyboard is None:
            return False
        where = say("ended_replay", number=self.cursor + 1) if self.cursor else say("ended_over")
        self.screen.show(NotePanel(say("ended_title"), say("ended", how=say(f"how_{outcome.how}"), where=where),
                                   style="tutor.warn"))
        try:
            line = self.keyboard.read(Prompt("pdb", "(tutor) ", {}), Offer("replay", "replay"))
        except (EOFError, KeyboardInterrupt):
            return False
        return line.strip() in ("", "replay", "r")

    # -- the debugger asks for a line ----------------------------------------------------------

    def ask(self, prompt: Prompt) -> str:
        """The debugger wants a line: settle the last step, then take the next one from the lesson or learner."""
        try:
            return self._next_line(prompt)
        except KeyboardInterrupt:
            if self.keyboard is not None:
                raise  # pdb prints --KeyboardInterrupt-- and asks again
            self.quitting = self.result.interrupted = True
            return self._leave(prompt)

    def _next_line(self, prompt: Prompt) -> str:
        """Everything ask does, Ctrl-C aside."""
        self._settle(prompt)
        if self.quitting:
            return self._leave(prompt)
        step = self.lesson.steps[self.cursor] if self.cursor < self.last else None
        if prompt.more and self.keyboard is None:
            return ""  # a lesson never leaves a block open: end it
        if step is None:
            return self._lesson_over(prompt)
        offer, is_step = self._offer_for(step, prompt)
        if self.cursor < self.target:
            return self._take(offer, is_step, step)
        if self.capture.silent:
            self._end_replay(prompt)
        self._announce(step)
        if self.keyboard is None:
            if self.pace.delay and is_step:
                time.sleep(self.pace.delay)
            if self.pace.typing and is_step:
                self.screen.type_out(prompt.text, offer.line, self.pace.typing)
            else:
                self.screen.echo(prompt.text, offer.line)
            return self._take(offer, is_step, step)
        if step.kind == "exercise" and prompt.kind == "python":
            return self._practise(prompt, step)
        return self._read(prompt, offer, is_step, step)

    def _offer_for(self, step: Step, prompt: Prompt) -> tuple[Offer, bool]:
        """The line that moves the lesson on from this prompt, and whether it is the step itself."""
        if step.kind == prompt.kind or (step.kind == "exercise" and prompt.kind == "python"):
            command = self._command(step)
            return Offer(command, command), True
        if prompt.kind == "python":
            return Offer(LEAVE, say("offer_leave")), False
        return Offer("interact", say("offer_interact")), False

    def _practise(self, prompt: Prompt, step: Step) -> str:
        """An exercise: the learner writes code until a definition passes; hint and solution on request."""
        if self.practice is None or self.practice.step is not step:
            from tutor.play.features.exercise import Practice

            self.practice = Practice(step, self.screen, prompt.namespace, self._text)
        if not prompt.more and self.practice.passed(prompt.namespace):
            self.practice = None
            self.cursor += 1
            self._show_after(step)
            return self._next_line(prompt)
        while True:
            line = self._read(prompt, self.practice.offer(), False, step)
            if self.quitting or prompt.more or not self.practice.answer(line.strip()):
                return line

    def _take(self, offer: Offer, is_step: bool, step: Step) -> str:
        """Send the offered line to the debugger, starting the step if it is the step's own command."""
        if is_step:
            self._start(step)
        if offer.line is LEAVE:
            raise EOFError
        return offer.line

    def _start(self, step: Step) -> None:
        """The step's command is about to run: capture its output from here (held back for a prediction)."""
        self.capture.take()
        self.pending = step
        self.cursor += 1
        if step.predict is not None and not self.capture.silent:
            self.capture.held = []

    def _read(self, prompt: Prompt, offer: Offer, is_step: bool, step: Step) -> str:
        """Ask the learner; Enter takes the offer, anything else runs as typed."""
        if prompt.more:
            offer = None  # inside a block, Enter ends the block as in any Python console
        while True:
            try:
                line = self.keyboard.read(prompt, offer, presenter.bars(self.lesson.id, self.cursor, self.last))
                self.screen.typed(prompt.text, line or (offer.line if offer and offer.line else ""))
            except KeyboardInterrupt:
                if self.interrupted:
                    self.quitting = True
                    return self._leave(prompt)
                self.interrupted = True
                self.screen.show(NotePanel(say("ctrl_c_title"), say("ctrl_c"), style="tutor.warn"))
                continue
            self.interrupted = False
            word = line.strip()
            if word == "replay" or word.startswith(":"):
                if self._presenter(word):
                    return self._leave(prompt)
                continue
            if offer is not None and is_step and line.strip() == offer.line.strip():
                self._start(step)
            return line

    def _presenter(self, command: str) -> bool:
        """Carry out a presenter command; True when the debugger must wind down for it."""
        move = presenter.move_for(command, self.cursor, self.last)
        if move.kind == "quit":
            self.quitting = True
        elif move.kind == "replay":
            self.replay_to, self.quitting = move.target, True
        elif move.kind == "nowhere":
            self.screen.show(NotePanel(say("presenter_title"), say("no_such_step", last=self.last), style="tutor.warn"))
        else:
            self.screen.show(NotePanel(say("keys_title"), say("keys"), style="tutor.accent"))
        return self.quitting

    def _leave(self, prompt: Prompt) -> str:
        """Wind the debugger down: out of the console first, then quit pdb."""
        if prompt.kind == "python":
            raise EOFError
        return "q"

    def _lesson_over(self, prompt: Prompt) -> str:
        """No steps left while the program is still paused: explore freely, or quit."""
        if self.keyboard is None:
            self.screen.echo(prompt.text, "q" if prompt.kind == "pdb" else None)
            return self._leave(prompt)
        if self.announced <= self.last:
            self.announced = self.last + 1
            self.screen.show(NotePanel(say("over_title"), say("over"), style="tutor.good"))
        offer = Offer("q", say("offer_quit")) if prompt.kind == "pdb" else Offer(LEAVE, say("offer_back"))
        try:
            return self.keyboard.read(prompt, offer)
        except KeyboardInterrupt:
            return self._leave(prompt)

    # -- between two prompts -------------------------------------------------------------------

    def _settle(self, prompt: Prompt) -> None:
        """Show a new stop, check the step that just ran, and notice when the learner moved on their own."""
        silent = self.capture.silent
        if self.debugger.interrupted:
            self._interrupted()
        if self.pending is not None and self.pending.predict is not None and not silent:
            self._predict(paused=True)
        position = self.debugger.position()
        if prompt.kind == "pdb" and position != self.shown:
            self.shown = position
            if not silent:
                self._show_stop()
        elif prompt.kind == "pdb" and self.debugger.watching != self.watch_shown and not silent:
            self._show_watch()  # a new watch: show its value now, the baseline for the next stop
        if self.pending is not None:
            step, self.pending = self.pending, None
            self._check(step, self.capture.take(), paused=True)
            self.lesson_stops = self.debugger.stops
            if not silent:
                self._judge(step, prompt)
                self._show_after(step)
        elif self.debugger.stops != self.lesson_stops and self.cursor > 0 and not silent:
            self.lesson_stops = self.debugger.stops
            self.screen.show(NotePanel(say("offpath_title"), say("offpath"), style="tutor.warn"))

    def _interrupted(self) -> None:
        """Ctrl-C paused the program mid-step: hands-free runs stop; a learner gets the step offered again."""
        self.debugger.interrupted = False
        step, self.pending = self.pending, None
        if self.keyboard is None:
            self.quitting = self.result.interrupted = True
            self.lesson_stops = self.debugger.stops  # no learner to advise about wandering off the path
            return
        if step is not None:
            self.cursor -= 1
        self.lesson_stops = self.debugger.stops  # the pause itself is not the learner wandering off
        again = say("again_step") if step is not None else say("again_next")
        self.screen.show(NotePanel(say("interrupted_title"), say("interrupted", again=again), style="tutor.warn"))

    def _show_stop(self) -> None:
        """Source and variables of the selected frame, and anything watched."""
        stop = self.debugger.take_stop()
        present = self.look.present
        self.screen.show(SourceView(stop, self.look.syntax, context=3 if present else None))
        variables = stop.variables
        if present:  # only the variables the steps around this stop talk about
            focus = self._focus_names()
            variables = tuple(v for v in variables if v.name in focus)
        if variables or not present:
            self.screen.show(VariablesView(variables, title=say("variables_in", function=stop.function)))
        self._show_watch()

    def _focus_names(self) -> set[str]:
        """Names written in the step that just ran and the one offered next."""
        steps = [self.pending] + ([self.lesson.steps[self.cursor]] if self.cursor < self.last else [])
        words: set[str] = set()
        for step in filter(None, steps):
            for text in (step.say, step.command, step.after):
                words.update(re.findall(r"[A-Za-z_]\w*", text))
            if step.rows is not None:
                words.update((step.rows.array, step.rows.index, step.rows.item))
        return words

    def _show_watch(self) -> None:
        """Every watched expression, compared with the last time it was shown."""
        self.watch_shown = list(self.debugger.watching)
        if self.watch_shown:
            from tutor.ui.views.watch import WatchView  # rich.table: not needed before anything is watched

            watched = [self.watcher.look(e, self.debugger.evaluate) for e in self.watch_shown]
            self.screen.show(WatchView(watched))

    def _show_recording(self, recording: Recording) -> None:
        """A `trace` finished: walk it with the learner, or summarise it hands-free."""
        from tutor.ui.views.trace import Difference, RecordingSummary

        if self.capture.silent:
            return
        step = self.pending
        spec = Difference(exact=step.exact) if step is not None and step.exact else Difference()
        if self.keyboard is None:
            self.screen.show(RecordingSummary(recording, spec))
            return
        from tutor.ui.walker import Walker

        Walker(recording, self.screen, self.keyboard.read_key, spec).walk()

    def _show_after(self, step: Step) -> None:
        """What a step asks to be drawn once its command has run."""
        for pair in step.compare:
            self._show_comparison(step, pair)
        if step.rows is not None:
            names = self.debugger.namespace()
            split = take_row_split(names, step.rows.array, step.rows.index, step.rows.item)
            if split is not None:
                from tutor.ui.views.rows import RowSplitView

                self.screen.show(RowSplitView(split))
        if step.plot is not None:
            self._show_plot(step)
        after = self._after_text(step)
        if after:
            self.screen.show(NotePanel("", self._text(after), style="tutor.good"))

    def _judge(self, step: Step, prompt: Prompt) -> None:
        """Hands-free, an exercise's solution was typed: it must pass the exercise's own checks."""
        if step.exercise is None:
            return
        from tutor.play.features.judge import judge

        verdict = judge(step.exercise, prompt.namespace)
        if verdict.passed:
            self.screen.show(NotePanel(say("right_title"), verdict.line, style="tutor.good"))
        else:
            self._miss(step, "the lesson's solution to pass its checks", verdict.line)

    def _show_plot(self, step: Step) -> None:
        """The step's plot, drawn from live values; also a PNG when a folder was given."""
        from tutor.play.features import plot as charts

        try:
            plot = charts.take(step.plot, self.debugger.evaluate)
        except charts.NoPlot as exc:
            self._miss(step, "data for its plot", str(exc))
            return
        self.screen.show(charts.view(plot))
        if self.look.png is not None:
            saved = charts.save(plot, self.look.png, f"{self.lesson.id}-step{step.number}")
            self.screen.show(NotePanel(say("figure_title"), saved, style="tutor.accent"))

    def _after_text(self, step: Step) -> str:
        """The first case whose `when` holds in the paused frame, else the step's own `after`."""
        for case in step.cases:
            try:
                if self.debugger.evaluate(case.when):
                    return case.after
            except Exception:
                continue
        return step.after

    def _announce(self, step: Step) -> None:
        """The step's header and narration, once."""
        if self.announced < step.number:
            self.announced = step.number
            text = self._text(step.say)
            if self.look.present:
                text = first_sentence(text)
            self.screen.show(StepPanel(self.lesson.id, step.number, len(self.lesson.steps), text))

    def _end_replay(self, prompt: Prompt) -> None:
        """The silent replay reached its target: say so and show where the program is."""
        self.capture.silent = False
        self.capture.take()
        self.screen.show(NotePanel(say("replayed_title"), say("replayed", number=self.target), style="tutor.good"))
        if prompt.kind == "pdb":
            self._show_stop()

    def _show_comparison(self, step: Step, pair) -> None:
        """Two arrays of the paused frame, cell by cell."""
        try:
            got, want = self.debugger.evaluate(pair.got), self.debugger.evaluate(pair.want)
        except Exception as exc:
            self._miss(step, f"{pair.got} and {pair.want} to exist", f"{type(exc).__name__}: {exc}")
            return
        from tutor.ui.views.compare import CompareView

        self.screen.show(CompareView(take_comparison(pair.got, got, pair.want, want, pair.tolerance)))

    def _predict(self, paused: bool) -> None:
        """Ask the pending step's question, then show the output held back meanwhile."""
        if self.quiz is None:
            from tutor.play.features.predict import Quiz

            self.quiz = Quiz(self.debugger, self.screen, self.keyboard, self._text, self._miss)
        self.quiz.ask(self.pending, paused)
        self.capture.release()

    def _check(self, step: Step, output: str, paused: bool) -> None:
        """Expectations are checked on real runs, not while replaying silently."""
        if not self.capture.silent:
            self.checks.check(step, output, paused)

    # -- misses ------------------------------------------------------------------------------

    def _miss(self, step: Step, expected: str, seen: str) -> None:
        """Record a miss and say so on the screen straight away."""
        miss = Miss(step, self._command(step), expected, seen)
        self.result.misses.append(miss)
        self.screen.show(NotePanel(say("miss_title"), miss.message(self.lesson.id), style="tutor.bad"))

    def _command(self, step: Step) -> str:
        """The step's command for this run: pdb lines get line numbers, Python lines stay as written."""
        return fill(step.command, self.numbers) if step.kind == "pdb" else step.command

    # -- text with live values -----------------------------------------------------------------

    def _text(self, text: str) -> str:
        """Fill line names with this run's numbers and {=expr} with values from the paused frame."""
        return _LIVE.sub(self._live_value, fill(text, self.numbers))

    def _live_value(self, match: re.Match) -> str:
        """One {=expr}, evaluated now in the selected frame."""
        try:
            value = self.debugger.evaluate(match.group(1))
        except Exception as exc:
            return f"<{match.group(1)}: {type(exc).__name__}>"
        return short(value)


def first_sentence(text: str) -> str:
    """Projector mode shows one sentence a step: the first."""
    joined = " ".join(text.split())
    return re.split(r"(?<=[.!?])\s", joined, maxsplit=1)[0]
