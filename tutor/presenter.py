"""Presenter commands (`:back`, `:replay`, `:jump N`, `:help`, `:quit`) and the bottom bar, as plain logic."""
from __future__ import annotations

from dataclasses import dataclass

HELP = ("Enter runs the step offered, or the line you type. PgUp (or :back) goes back one step, "
        "F5 (or :replay) runs this step again from a fresh start, :jump N goes to step N, "
        ":quit or Ctrl-C twice ends the lesson. Going back or jumping runs the script again and "
        "replays the steps before silently, so what you see is what a straight run shows.")


@dataclass(frozen=True)
class Move:
    """What a presenter command asks for: replay up to `target` steps, quit, show help, or a bad step."""

    kind: str  # replay, quit, help, nowhere
    target: int = 0


def move_for(command: str, cursor: int, last: int) -> Move:
    """The move a command means when `cursor` steps have run and the lesson stops after step `last`."""
    name, _, argument = command.strip().lstrip(":").partition(" ")
    if name == "quit":
        return Move("quit")
    targets = {"back": cursor - 1, "replay": cursor}
    if name == "jump":
        targets["jump"] = int(argument) - 1 if argument.strip().isdigit() else -1
    if name not in targets:
        return Move("help")
    return Move("replay", targets[name]) if 0 <= targets[name] < last else Move("nowhere")


def status(lesson_id: str, cursor: int, last: int) -> str:
    """The bottom bar: where the lesson is and the keys that move it."""
    return (f" {lesson_id} · step {min(cursor + 1, last)}/{last}   Enter run · PgUp back · "
            f"F5 replay · :jump N · F1 help · Ctrl-C twice quit ")
