"""Rehearsal: play a lesson hands-free, out of sight, and report every step as met or missed."""
from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from rich.console import Console

from tutor.content.lesson import Lesson, Step
from tutor.model.script import Script
from tutor.play.feature import FEATURES
from tutor.play.session import Player, Result
from tutor.ui.screen import Screen

if TYPE_CHECKING:
    from tutor.ui.words import Words


@dataclass(frozen=True)
class StepReport:
    """One step of a rehearsal: its command and how it went."""

    number: int
    command: str
    status: str  # met, missed or not reached
    details: tuple[str, ...] = ()


def rehearse(lesson: Lesson, script: Script, words: Words | None = None) -> tuple[list[StepReport], Result]:
    """Play the lesson hands-free with its screen and the script's prints and warnings kept out of sight."""
    hidden = io.StringIO()
    with contextlib.redirect_stdout(hidden):
        player = Player(lesson, script, Screen(Console(file=hidden, width=100), errors=hidden), words=words)
        result = player.play()
    return reports(player.lesson, result), result


def reports(lesson: Lesson, result: Result) -> list[StepReport]:
    """Each step of a resolved lesson: missed (what was expected, what came), met (what was checked), or not reached."""
    missed: dict[int, list[str]] = {}
    for miss in result.misses:
        missed.setdefault(miss.step.number, []).append(f"expected {miss.expected}; saw {miss.seen}")
    out = []
    for step in lesson.steps:
        command = shown_command(step)
        if step.number in missed:
            out.append(StepReport(step.number, command, "missed", tuple(missed[step.number])))
        elif step.number <= result.ran:
            out.append(StepReport(step.number, command, "met", expectations(step, lesson.numbers, lesson.files)))
        else:
            out.append(StepReport(step.number, command, "not reached"))
    return out


def expectations(step: Step, numbers: Mapping[str, int], files: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """What a step's rehearsal checks, in words (nothing: it only has to run)."""
    expect, said = step.expect, []
    said += [f"output has {text!r}" for text in expect.output]
    if expect.line:
        where = f" of {Path(files[expect.line]).name}" if expect.line in (files or {}) else ""
        said.append(f"stops at line {numbers[expect.line]}{where}")
    if expect.function:
        said.append(f"stops in {expect.function}()")
    said += list(expect.true)
    for feature in FEATURES:
        said += feature.expectations(step)
    return tuple(said) or ("ran (nothing to check)",)


def shown_command(step: Step) -> str:
    """One line for a step's command (a resolved lesson's: pdb lines already hold their numbers); a block, its first."""
    shown = next((shown for f in FEATURES if (shown := f.shown_command(step)) is not None), step.command)
    lines = [line for line in shown.splitlines() if line.strip()]
    return lines[0] + " …" if len(lines) > 1 else shown.strip("\n")
