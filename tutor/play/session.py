"""Walks a lesson's steps: drives the debugger, asks the features and views, waits for the learner (or not)."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from tutor.content.lesson import Lesson, Step
from tutor.content.resolve import resolve
from tutor.core.debugger import Listener, TutorDebugger
from tutor.model.prompt import LEAVE, Offer, Outcome, Prompt
from tutor.model.record import Record
from tutor.model.script import Script
from tutor.play import presenter
from tutor.play.capture import Capture
from tutor.play.expectations import Checks, Miss
from tutor.play.feature import FEATURES
from tutor.play.moments import Moments
from tutor.play.stage import Look, Run, Stage
from tutor.ui.screen import Chapter, Screen
from tutor.ui.views.step import NotePanel
from tutor.ui.words import Words

if TYPE_CHECKING:  # these load when a step needs them: numpy is not imported before the first prompt
    from tutor.ui.keyboard import Keyboard

__all__ = ["Look", "Pace", "Player", "Result"]


LIVE_EVERY = 0.25  # seconds between two updates of a running `trace`'s live count


class Pace(Record):
    """How a lesson is played: a pause between hands-free steps, and which steps (1-based, inclusive)."""

    delay: float = 0.0
    typing: float = 0.0  # hands-free: seconds per character of each command (0: it appears at once)
    first: int = 1  # steps before it are replayed silently
    last: int | None = None  # None: to the end


class Result:
    """How a lesson went: expectations missed, how the program ended, whether every step ran."""

    def __init__(self):
        self.misses: list[Miss] = []
        self.outcome: Outcome | None = None
        self.completed = False
        self.ran = 0  # how many of the lesson's steps were issued
        self.interrupted = False  # Ctrl-C stopped a hands-free run
        self.reader_left = False  # the pipe tutor wrote to was closed (`| head`): the rest went unseen
        self.output_failure = ""  # why the screen could not be written (stdout on a full disk), if it could not


class Player(Listener):
    """Plays one lesson on one script, hands-free when there is no keyboard; the debugger tells it what happens."""

    def __init__(self, lesson: Lesson, script: Script, screen: Screen, keyboard: "Keyboard | None" = None,
                 pace: Pace = Pace(), look: Look = Look(), words: Words | None = None):
        self.lesson = resolve(lesson, script)  # line names become numbers once, for everything below
        self.script, self.screen, self.keyboard, self.pace, self.look = script, screen, keyboard, pace, look
        self.words = words or Words()
        self.last = pace.last or len(lesson.steps)  # the step the lesson stops after
        self.capture = Capture(screen)
        self.result = Result()
        self.run = Run()
        self.stage: Stage | None = None
        self.moments: Moments | None = None
        self.own_watches: list[str] = []  # the learner's own `watch` expressions: every run starts with them
        self.live_at = 0.0  # when a running `trace` last showed its count

    # -- the whole lesson ----------------------------------------------------------------------

    def play(self) -> Result:
        """Run the script under the debugger until the lesson is done or the learner quits."""
        lesson, say = self.lesson, self.words
        self.screen.show(NotePanel(f"{lesson.id} · {lesson.title}", lesson.intro or lesson.summary or lesson.title))
        target = self.pace.first - 1
        while True:
            outcome = self._run_once(target)
            early = self.run.replay_to is None and self._ended_early(outcome)  # hands-free: the miss comes first
            if outcome.detail:
                self.screen.raw(outcome.detail.rstrip("\n") + "\n")
            if early and self._wants_replay(outcome):
                self.run.replay_to = self.run.cursor
            if self.run.replay_to is None:
                break
            target = self.run.replay_to
        self.result.outcome, self.result.ran = outcome, self.run.cursor
        self.result.completed = self.run.cursor >= self.last
        self.result.reader_left, self.result.output_failure = self.screen.gone, self.screen.failure
        if self.result.completed and self.last == len(lesson.steps) and lesson.outro:
            self.screen.show(NotePanel(say("outro_title"), lesson.outro, style="tutor.type"))
        return self.result

    def _run_once(self, target: int) -> Outcome:
        """One run of the script, replaying the first `target` steps silently."""
        self.run = Run(target=target)
        self.capture.silent = target > 0
        debugger = TutorDebugger(self.ask, self.capture, listener=self, errors=self.capture.errors)
        self.stage = Stage(self.lesson, self.screen, self.words, self.keyboard, self.look, debugger, self.capture,
                           self.run, self._miss, self._read)
        checks = Checks(debugger, self.lesson.numbers, self.script.path, self._miss, self.lesson.files)
        self.moments = Moments(self.stage, checks, self.last)
        debugger.watching.extend(self.own_watches)
        outcome = debugger.run_script(self.script)
        if outcome.how == "replay" and self.keyboard is not None and not self.capture.silent:
            self.run.replay_to = self.run.cursor  # pdb ran `restart` itself (`p 1;;restart`): a replay all the same
        self.own_watches = self._own_watches(debugger.watching)
        if self.screen.gone:  # `| head` closed the pipe: the lesson ends as if quit, not as a failure
            return Outcome("quit")
        self.capture.silent = False
        self.moments.ended()
        return outcome

    def _own_watches(self, watching: list[str]) -> list[str]:
        """What is watched but not by a lesson's step: a replay brings the steps' back, and keeps these."""
        steps = {step.command.strip()[len("watch"):].strip() for step in self.lesson.steps
                 if step.command.strip().startswith("watch ")}
        return [expression for expression in watching if expression not in steps]

    def _ended_early(self, outcome: Outcome) -> bool:
        """The program stopped running while the lesson still had steps, and nobody asked it to."""
        early = outcome.how not in ("quit", "replay") and self.run.cursor < self.last
        if early and self.keyboard is None:
            step = self.lesson.steps[self.run.cursor]
            self._miss(step, "the program to still be running", f"it {outcome.how} {outcome.cause}".rstrip()
                       + " before this step")
        return early

    def _wants_replay(self, outcome: Outcome) -> bool:
        """Ask the learner whether to start again and replay up to where the lesson is."""
        if self.keyboard is None:
            return False
        say, cursor = self.words, self.run.cursor
        where = say("ended_replay", number=cursor + 1) if cursor else say("ended_over")
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
            if self.run.pending is not None:  # stopped before its step was settled: not met
                self.run.pending, self.run.cursor = None, self.run.cursor - 1
            self.run.quitting = self.result.interrupted = True
            return leave(prompt)

    def _next_line(self, prompt: Prompt) -> str:
        """Everything ask does, Ctrl-C aside."""
        run = self.run
        self.moments.settle(prompt, self.result)
        if run.quitting:
            return leave(prompt)
        step = self.lesson.steps[run.cursor] if run.cursor < self.last else None
        if prompt.more and self.keyboard is None:
            return ""  # a lesson never leaves a block open: end it
        if step is None:
            return self._lesson_over(prompt)
        offer, is_step = self._offer_for(step, prompt)
        if run.cursor < run.target:
            return self._take(offer, is_step, step)
        if self.capture.silent:
            self.moments.end_replay(prompt)
        if not prompt.more:  # inside a block (`...`) the step typed is still open: the next one waits
            self.moments.announce(step, self.look.present)
        if self.keyboard is None:
            return self._hands_free(prompt, offer, is_step, step)
        taker = next((f for f in FEATURES if f.takes_prompt(step, prompt)), None)
        if taker is not None:
            return self._feature_reads(taker, prompt, step)
        return self._read(prompt, offer, step, is_step)

    def _hands_free(self, prompt: Prompt, offer: Offer, is_step: bool, step: Step) -> str:
        """Type the offered line, at the pace asked for."""
        if self.pace.delay and is_step:
            time.sleep(self.pace.delay)
        if self.pace.typing and is_step:
            self.screen.type_out(prompt.text, offer.line, self.pace.typing)
        else:
            self.screen.echo(prompt.text, offer.line)
        return self._take(offer, is_step, step)

    def _feature_reads(self, feature, prompt: Prompt, step: Step) -> str:
        """A feature takes the learner's lines (an exercise); None from it means the step is done."""
        line = feature.read(self.stage, step, prompt)
        if line is not None:
            return line
        self.run.cursor += 1
        self.moments.show_after(step)
        return self._next_line(prompt)

    def _offer_for(self, step: Step, prompt: Prompt) -> tuple[Offer, bool]:
        """The line that moves the lesson on from this prompt, and whether it is the step itself."""
        if step.at == prompt.kind:
            return Offer(step.command, step.command), True
        if prompt.kind == "python":
            return Offer(LEAVE, self.words("offer_leave")), False
        return Offer("interact", self.words("offer_interact")), False

    def _take(self, offer: Offer, is_step: bool, step: Step) -> str:
        """Send the offered line to the debugger, starting the step if it is the step's own command."""
        if is_step:
            self.moments.start(step)
        if offer.line is LEAVE:
            raise EOFError
        return offer.line

    def _read(self, prompt: Prompt, offer: Offer | None, step: Step, is_step: bool = False) -> str:
        """Ask the learner; Enter takes the offer, anything else runs as typed."""
        if prompt.more:
            offer = None  # inside a block, Enter ends the block as in any Python console
        run = self.run
        self.screen.flush()  # a line the program left unfinished shows before the prompt
        while True:
            try:
                bars = presenter.bars(self.lesson.id, run.cursor, self.last, self.words)
                line = self.keyboard.read(prompt, offer, bars)
                self._page(prompt, line, offer, step, is_step)
                self.screen.typed(prompt.text, line or (offer.line if offer and offer.line else ""))
            except KeyboardInterrupt:
                if run.interrupted:
                    run.quitting = True
                    return leave(prompt)
                run.interrupted = True
                how = "ctrl_c" if prompt.kind == "pdb" else "ctrl_c_console"  # `q` is a NameError at >>>
                self.screen.show(NotePanel(self.words("ctrl_c_title"), self.words(how), style="tutor.warn"))
                continue
            run.interrupted = False
            word = self._restart_is_replay(prompt, line.strip())
            if word == "replay" or word.startswith(":"):
                if self._presenter(word):
                    return leave(prompt)
                continue
            if offer is not None and is_step and word == offer.line.strip():
                self.moments.start(step)
            return line

    def _page(self, prompt: Prompt, line: str, offer: Offer | None, step: Step, is_step: bool) -> None:
        """In a recording, a line of the learner's own begins a page of its own, and the step's command after it
        another (the tape keeps one page when the step's command follows its narration straight away)."""
        typed, offered = line.strip(), (offer.line or "").strip() if offer is not None else ""
        if prompt.more or not (typed or offered):
            return
        if typed and typed != offered:
            self.screen.begin(Chapter(step.number, typed, own=True))
        elif is_step:
            self.screen.begin(Chapter(step.number, step.command))

    def _restart_is_replay(self, prompt: Prompt, word: str) -> str:
        """pdb's `restart` and `run` would end the run with pdb.Restart: in a lesson they mean `replay`."""
        command = word.partition(" ")[0]
        if prompt.kind != "pdb" or command not in ("restart", "run"):
            return word
        self.screen.show(NotePanel(self.words("restart_title"), self.words("restart", command=command),
                                   style="tutor.accent"))
        return "replay"

    def _presenter(self, command: str) -> bool:
        """Carry out a presenter command; True when the debugger must wind down for it."""
        run, say = self.run, self.words
        move = presenter.move_for(command, run.cursor, self.last)
        if move.kind == "quit":
            run.quitting = True
        elif move.kind == "replay":
            run.replay_to, run.quitting = move.target, True
        elif move.kind in ("nowhere", "first", "which"):
            said = {"nowhere": say("no_such_step", last=self.last), "first": say("no_step_before"),
                    "which": say("jump_which", given=move.given, last=self.last) if move.given
                    else say("jump_needs_number", last=self.last)}[move.kind]
            self.screen.show(NotePanel(say("presenter_title"), said, style="tutor.warn"))
        else:
            self.screen.show(NotePanel(say("keys_title"), say("keys"), style="tutor.accent"))
        return run.quitting

    def _lesson_over(self, prompt: Prompt) -> str:
        """No steps left while the program is still paused: explore freely, or quit."""
        if self.keyboard is None:
            self.screen.echo(prompt.text, "q" if prompt.kind == "pdb" else None)
            return leave(prompt)
        say = self.words
        if self.run.announced <= self.last:
            self.run.announced = self.last + 1
            self.screen.show(NotePanel(say("over_title"), say("over"), style="tutor.good"))
        offer = Offer("q", say("offer_quit")) if prompt.kind == "pdb" else Offer(LEAVE, say("offer_back"))
        try:
            line = self.keyboard.read(prompt, offer)
        except KeyboardInterrupt:
            return leave(prompt)
        self.screen.typed(prompt.text, line)  # exploring after the last step is recorded too
        return line

    # -- what the debugger reports -------------------------------------------------------------

    def stopped(self) -> None:
        self.run.stops += 1

    def interrupted(self) -> None:
        self.run.ctrl_c = True

    def recording(self, recording) -> None:
        """A `trace` is running: its live count on the terminal, LIVE_EVERY seconds apart at most."""
        now = time.monotonic()
        if now - self.live_at < LIVE_EVERY or self.capture.silent:  # a silent replay shows nothing
            return
        self.live_at = now
        from tutor.model.recording import Calls  # loaded with the first `trace`, not before the first prompt

        calls = sum(item.count for item in recording.left_out if isinstance(item, Calls))
        self.screen.status(self.words("trace_live", seen=f"{recording.seen:,}", kept=f"{len(recording.events):,}",
                                      calls=f"{calls:,}"))

    def recorded(self, recording) -> None:
        """A `trace` finished: every feature that shows recordings gets it."""
        self.screen.end_status()
        self.live_at = 0.0
        for feature in FEATURES:
            feature.on_recording(self.stage, recording)

    def _miss(self, step: Step, expected: str, seen: str) -> None:
        """Record a miss and say so on the screen straight away."""
        miss = Miss(step, step.command, expected, seen)
        self.result.misses.append(miss)
        self.screen.show(NotePanel(self.words("miss_title"), miss.message(self.lesson.id), style="tutor.bad"))


def leave(prompt: Prompt) -> str:
    """Wind the debugger down: out of the console first, then quit pdb."""
    if prompt.kind == "python":
        raise EOFError
    return "q"
