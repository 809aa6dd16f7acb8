"""A learner at the keyboard, in this process: what the player does with the lines a learner types (going off
the lesson's path and replaying, a program that ends early, trace and its walk, watch, a prediction), with a
scripted keyboard (tests/helpers.py Keys) in place of the terminal.

The terminal itself, prompt_toolkit's keys, Ctrl-C as a signal and dumb terminals, is tests/test_terminal.py's;
reading keys from a terminal is tests/test_console.py's and tests/test_watch_walk.py's.
"""
import io
import re

from rich.console import Console

from tests.helpers import Keys
from tutor.content.catalog import find_lesson, script_for
from tutor.content.locate import read_script
from tutor.play.session import Player
from tutor.ui.screen import Screen


def play(name: str, lines, keys=()):
    """Lesson `name` played with a keyboard typing `lines` (then Enter at every prompt): (result, screen, keyboard)."""
    lesson = find_lesson(name)
    keyboard, out = Keys(lines, keys), io.StringIO()
    result = Player(lesson, read_script(script_for(lesson)), Screen(Console(file=out, width=100)), keyboard).play()
    return result, out.getvalue(), keyboard


def in_order(text: str, pieces: list[str]) -> None:
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} missing after position {at}"
        at = found + len(piece)


def test_replay_returns_to_the_lessons_place():
    # steps 1 to 3 (b 59, l 58, c); then `n` runs the grid call, off the path; `replay` goes back to step 4's
    # place, before the grid call ran, so `grad` does not exist yet; Ctrl-D at (Pdb) ends the session.
    result, text, keyboard = play("lesson3", [None, None, None, "n", "replay", "p 'grad' in dir()", EOFError])
    in_order(text, ["lesson3 · step 3/18", "off the lesson's path", "steps 1 to 3 were replayed",
                    "lesson3 · step 4/18"])
    after = text.split("steps 1 to 3 were replayed")[1]
    assert "\nFalse\n" in after and "\nTrue\n" not in after
    assert keyboard.prompts == ["(Pdb) "] * 7 and result.misses == [] and result.outcome.how == "quit"


def test_a_program_that_ends_early_can_be_replayed():
    # `c` before any breakpoint runs gradient_2d.py to its end; Enter at (tutor) replays it from the top.
    result, text, keyboard = play("lesson3", ["c", None, "q"])
    in_order(text, ["lesson3 · step 1/18", "The program finished before the lesson did",
                    "-> import numpy as np", "lesson3 · step 1/18"])
    assert keyboard.prompts == ["(Pdb) ", "(tutor) ", "(Pdb) "]
    assert result.ran == 0 and not result.completed and result.outcome.how == "quit"


def test_learner_traces_and_watches_in_lesson3():
    call = "numerical_gradient(function_2, np.array([5.0, 6.0]))"
    result, text, keyboard = play("lesson3", [None, None, None, f"trace {call}", "watch X", "q"], keys=["i", "e", "q"])
    kept = re.search(rf"traced {re.escape(call)}: (\d+) of (\d+) events kept", text)
    assert kept and kept.group(1) == kept.group(2)
    total = int(kept.group(1))
    # the walk: the first event; `i`, the next pass (the inner function's call); `e`, the end; `q` leaves it
    heads = re.findall(r"^event (\d+)/(\d+)  (\w+)\(\) line \d+  pass (\d+)  (\w+)", text, flags=re.M)
    assert [(function, number, kind) for _, _, function, number, kind in heads] == [
        ("numerical_gradient", "0", "call"), ("_numerical_gradient_no_batch", "0", "call"),
        ("numerical_gradient", "0", "return")]
    shown = [int(n) for n, _, _, _, _ in heads]
    assert shown[0] == 1 and 1 < shown[1] < total and shown[2] == total
    assert {int(of) for _, of, _, _, _ in heads} == {total}
    in_order(text, [f"traced {call}", "watching X", "─ watch ─"])
    assert keyboard.keys == [] and result.outcome.how == "quit"


def test_lesson4_prediction_takes_a_hint_then_the_answer():
    result, text, keyboard = play("lesson4", [None, None, "(2,)", "(324,)", "q"])
    assert keyboard.prompts[:4] == ["(Pdb) ", "(Pdb) ", "your answer> ", "your answer> "]
    in_order(text, ["not quite", "Yes: x.shape is (324,).", "-> grad[idx] = _numerical_gradient_no_batch(f, x)"])
    assert result.misses == []
