"""Presenter commands (`:back`, `:replay`, `:jump N`, `:help`, `:quit`) and the bottom bar, as plain logic."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tutor.model.record import Record

if TYPE_CHECKING:
    from tutor.ui.words import Words


class Move(Record):
    """What a presenter command asks for: replay up to `target` steps, quit, show help, or why it cannot."""

    kind: str  # replay, quit, help, nowhere (no such step), first (back at step 1), which (:jump without a number)
    target: int = 0
    given: str = ""  # what followed :jump, when it is not a step number


def move_for(command: str, cursor: int, last: int) -> Move:
    """The move a command means when `cursor` steps have run and the lesson stops after step `last`."""
    name, _, argument = command.strip().lstrip(":").partition(" ")
    if name == "quit":
        return Move("quit")
    if name == "back" and cursor == 0:
        return Move("first")
    if name == "jump" and not argument.strip().isdigit():
        return Move("which", given=argument.strip())
    targets = {"back": cursor - 1, "replay": cursor, "jump": int(argument) - 1 if name == "jump" else -1}
    if name not in targets:
        return Move("help")
    return Move("replay", targets[name]) if 0 <= targets[name] < last else Move("nowhere")


def bars(lesson_id: str, cursor: int, last: int, words: Words) -> tuple[str, str]:
    """The bottom bar in full and short, for the keyboard to pick what fits the terminal."""
    number = min(cursor + 1, last)
    return (words("status", lesson=lesson_id, number=number, total=last),
            words("status_short", lesson=lesson_id, number=number, total=last))
