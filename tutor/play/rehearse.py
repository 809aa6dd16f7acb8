"""Rehearsal: play a lesson hands-free, out of sight, and report every step as met or missed."""
from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from rich.console import Console

from tutor.content.lesson import Lesson, Step, fill
from tutor.model.script import Script
from tutor.play.session import Player, Result
from tutor.ui.screen import Screen


@dataclass(frozen=True)
class StepReport:
    """One step of a rehearsal: its command and how it went."""

    number: int
    command: str
    status: str  # met, missed or not reached
    details: tuple[str, ...] = ()


def rehearse(lesson: Lesson, script: Script) -> tuple[list[StepReport], Result]:
    """Play the lesson hands-free with its screen and the script's prints kept out of sight."""
    hidden = io.StringIO()
    with contextlib.redirect_stdout(hidden):
        player = Player(lesson, script, Screen(Console(file=hidden, width=100)))
        result = player.play()
    return reports(lesson, result, player.numbers), result


def reports(lesson: Lesson, result: Result, numbers: dict[str, int]) -> list[StepReport]:
    """Each step: missed (what was expected, what came), met (what was checked), or not reached."""
    missed: dict[int, list[str]] = {}
    for miss in result.misses:
        missed.setdefault(miss.step.number, []).append(f"expected {miss.expected}; saw {miss.seen}")
    out = []
    for step in lesson.steps:
        command = shown_command(step, numbers)
        if step.number in missed:
            out.append(StepReport(step.number, command, "missed", tuple(missed[step.number])))
        elif step.number <= result.ran:
            out.append(StepReport(step.number, command, "met", expectations(step, numbers)))
        else:
            out.append(StepReport(step.number, command, "not reached"))
    return out


def expectations(step: Step, numbers: dict[str, int]) -> tuple[str, ...]:
    """What a step's rehearsal checks, in words (nothing: it only has to run)."""
    expect, said = step.expect, []
    said += [f"output has {fill(text, numbers)!r}" for text in expect.output]
    if expect.line:
        said.append(f"stops at line {numbers[expect.line]}")
    if expect.function:
        said.append(f"stops in {expect.function}()")
    said += list(expect.true)
    if step.predict is not None:
        said.append(f"{step.predict.expression} == {step.predict.answer}")
    if step.exercise is not None:
        said.append(f"the lesson's solution passes {len(step.exercise.check)} check(s) "
                    f"on {step.exercise.trials} random inputs")
    return tuple(said) or ("ran (nothing to check)",)


def shown_command(step: Step, numbers: dict[str, int]) -> str:
    """One line for a step's command: pdb lines filled, an exercise by the name it defines."""
    if step.exercise is not None:
        return f"exercise: write {step.exercise.define}"
    return fill(step.command, numbers) if step.kind == "pdb" else step.command
