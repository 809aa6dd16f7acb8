"""Exercises: the learner writes code in the console; each new definition is judged on fresh random inputs."""
from __future__ import annotations

from tutor.content.schema import COUNT, NAME, NUMBER, TABLE, TABLES, TEXT, TEXTS, Field
from tutor.model.prompt import Offer
from tutor.model.record import Record
from tutor.play.feature import Feature, register

HINT, SOLUTION = "hint", "solution"


class Property(Record):
    """One property an exercise's code must have: `got` close to `want`, or `holds` true."""

    got: str = ""
    want: str = ""
    tolerance: float = 1e-6
    holds: str = ""


class Exercise(Record):
    """Code the learner writes in the console, checked on fresh random inputs; hints one at a time."""

    define: str  # the name the learner's code defines
    given: str  # Python run before each trial, with `rng` and `np`: makes the random inputs
    check: tuple[Property, ...]
    hints: tuple[str, ...]
    solution: str  # what --auto types; kept with the lesson
    trials: int = 20

    @property
    def command(self) -> str:
        """What the step types hands-free: the lesson's own solution."""
        return self.solution


def made(**fields) -> Exercise:
    """An Exercise whose solution ends with one newline, as the console takes a block."""
    return Exercise(**{**fields, "solution": fields["solution"].strip("\n") + "\n"})


def either(item: dict, number: int | None) -> tuple[str, str] | None:
    """A property is got and want, or holds."""
    if bool(item["holds"]) == bool(item["got"] or item["want"]):
        return "check", "each exercise.check needs either got and want, or holds"
    for key in () if item["holds"] else ("got", "want"):
        if not item[key].strip():
            return key, f"step {number} needs '{key}' as non-empty text"
    return None


def hinted(exercise: dict, number: int | None) -> tuple[str, str] | None:
    """Every hint says something."""
    if not all(hint.strip() for hint in exercise["hints"]):
        return "hints", "exercise.hints must be a list of text"
    return None


PROPERTY = Field("check", TABLES, required=True, build=Property, rule=either, doc="what the code must do",
                 bad="exercise.check must be a list of tables, each {got, want} or {holds}", fields=(
                     Field("got", TEXT, default="", compiles="eval", doc="an expression over the inputs"),
                     Field("want", TEXT, default="", compiles="eval", doc="what it should be close to"),
                     Field("tolerance", NUMBER, default=1e-6, bad="exercise.check tolerance must be a number >= 0",
                           doc="how close"),
                     Field("holds", TEXT, default="", compiles="eval", doc="or an expression that must hold")))


class Exercising(Feature):
    """A step whose command is the learner's own code; hands-free, the lesson's solution must pass."""

    name = "exercise"
    fields = (Field("exercise", TABLE, command="python", build=made, rule=hinted, doc="code the learner writes",
                    bad="exercise must be a table with define, given, check, hints, solution", fields=(
                        Field("define", NAME, required=True, bad="exercise.define must be a Python name",
                              doc="the name to define"),
                        Field("given", TEXT, default="", compiles="exec", doc="makes random inputs with rng"),
                        PROPERTY,
                        Field("trials", COUNT, default=20, bounds=(1, 10_000), doc="sets of inputs tried",
                              bad="exercise.trials must be a whole number from 1 to 10000"),
                        Field("hints", TEXTS, default=(), translatable=True, lines=True, doc="one at a time",
                              bad="exercise.hints must be a list of text"),
                        Field("solution", TEXT, required=True, compiles="single", doc="typed by --auto"))),)

    def takes_prompt(self, step, prompt) -> bool:
        return step.exercise is not None and prompt.kind == "python"

    def read(self, stage, step, prompt) -> str | None:
        practice = stage.run.memo.get(self.name)
        if practice is None or practice.step is not step:
            practice = stage.run.memo[self.name] = Practice(stage, step, prompt.namespace)
        if not prompt.more and practice.passed(prompt.namespace):
            stage.run.memo.pop(self.name)
            return None
        while True:
            line = stage.read(prompt, practice.offer(), step)
            if stage.run.quitting or prompt.more or not practice.answer(line.strip()):
                return line

    def check(self, stage, step, prompt) -> None:
        if step.exercise is None:
            return
        from tutor.play.features.judge import judge

        verdict = judge(step.exercise, prompt.namespace, words=stage.words)
        if verdict.passed:
            stage.note(stage.words("right_title"), verdict.line, "tutor.good")
        else:
            stage.miss(step, "the lesson's solution to pass its checks", verdict.line)

    def expectations(self, step) -> list[str]:
        exercise = step.exercise
        return [] if exercise is None else [f"the lesson's solution passes {len(exercise.check)} check(s) "
                                            f"on {exercise.trials} random inputs"]

    def shown_command(self, step) -> str | None:
        return None if step.exercise is None else f"exercise: write {step.exercise.define}"


class Practice:
    """One exercise in progress: what was judged last and how many hints were shown."""

    def __init__(self, stage, step, namespace: dict):
        self.stage, self.step, self.exercise, self.words = stage, step, step.exercise, stage.words
        self.judged = namespace.get(self.exercise.define)  # what the name held before: not the learner's
        self.hints_shown, self.offer_solution = 0, False
        stage.note(self.words("exercise_title"), self.words("exercise", name=self.exercise.define), "tutor.ask")

    def passed(self, namespace: dict) -> bool:
        """Judge the learner's definition if it is new since the last look; True once it passes."""
        from tutor.play.features.judge import judge

        current = namespace.get(self.exercise.define)
        if current is None or current is self.judged:
            return False
        self.judged = current
        verdict = judge(self.exercise, namespace, words=self.words)
        title = self.words("right_title") if verdict.passed else self.words("not_yet_title")
        self.stage.note(title, verdict.line, "tutor.good" if verdict.passed else "tutor.bad")
        return verdict.passed

    def offer(self) -> Offer:
        """Enter types the solution once it was asked for; otherwise it asks for a hint."""
        if self.offer_solution:
            return Offer(self.exercise.solution, self.words("offer_solution"))
        return Offer(HINT, self.words("offer_hint", name=self.exercise.define))

    def answer(self, word: str) -> bool:
        """`hint` and `solution` are for tutor, not Python: True when the word was one of them."""
        if word == HINT:
            self.hint()
        elif word == SOLUTION:
            from rich.syntax import Syntax

            self.offer_solution = True
            self.stage.note(self.words("solution_title"), self.words("solution"), "tutor.accent")
            self.stage.screen.show(Syntax(self.exercise.solution.rstrip("\n"), "python", theme="ansi_dark"))
        else:
            return False
        return True

    def hint(self) -> None:
        """The next hint, one at a time; after the last, point at the solution."""
        hints, words = self.exercise.hints, self.words
        if self.hints_shown < len(hints):
            self.hints_shown += 1
            title = words("hint_title", number=self.hints_shown, total=len(hints))
            self.stage.note(title, self.stage.text(hints[self.hints_shown - 1]), "tutor.warn")
        else:
            self.stage.note(words("no_hints_title"), words("no_hints"), "tutor.warn")


register(Exercising())
