"""The interactive path in a real pseudo-terminal: Enter takes the lesson's command, typing overrides it;
Ctrl-C, presenter keys and a dumb terminal. What the player does with typed lines (replay, a program ending
early, trace and watch, predictions) is played in process with a scripted keyboard: tests/test_learner.py."""
import re
import time

import pexpect
import pytest

from tests.conftest import SCRIPT
from tests.helpers import exited, inherited, reading, tutor_pty

PDB, PYTHON = r"\(Pdb\) ", ">>> "


def spawn(folder, *options):
    """`python -m tutor lesson3` in a 100x40 pseudo-terminal, from another folder."""
    return tutor_pty("lesson3", *options, cwd=folder)


@pytest.fixture
def child(tmp_path):
    spawned = spawn(tmp_path)
    yield spawned
    spawned.close(force=True)


def take_step(child, number, prompt=PDB):
    """Wait for step `number` to be announced and its prompt drawn, then press Enter."""
    child.expect(rf"step {number}/\d+")
    child.expect(prompt)
    child.send("\r")


def type_line(child, line, prompt=PDB):
    """Wait for a prompt, then type a line of one's own."""
    child.expect(prompt)
    child.send(line + "\r")


def test_enter_plays_the_lesson_and_own_commands_run_for_real(child):
    take_step(child, 1)
    child.expect(r"Breakpoint 1 at \S+gradient_2d\.py:(\d+)")
    call = int(child.match.group(1))
    take_step(child, 2)
    child.expect(rf"{call} B\t")
    take_step(child, 3)
    child.expect(rf"gradient_2d\.py\({call}\)<module>\(\)")
    child.expect("step 4/")
    type_line(child, "p X.shape")  # the learner's own command, not the lesson's
    child.expect(r"\(324,\)")
    child.expect(PDB)
    child.send("\r")  # step 4, interact, is still offered
    child.expect(r"\*(interactive|pdb interact start)\*")
    take_step(child, 5, PYTHON)
    child.expect(re.escape("array([10., 12.])"))
    child.expect("step 6/")
    type_line(child, "1/0", PYTHON)
    child.expect("ZeroDivisionError")
    child.expect(PYTHON)
    child.send("\r")  # step 6 is still offered after the learner's own line
    child.expect(re.escape("array([6., 8.])"))
    for number in (7, 8):
        take_step(child, number, PYTHON)
    child.expect(re.escape("((2,), (2, 324))"))
    child.expect("step 9/")
    child.expect(PYTHON)
    child.send("\r")  # leaves the console, as Ctrl-D would
    child.expect("now exiting InteractiveConsole|exit from pdb interact command")
    child.expect(PDB)
    child.send("\r")  # step 9: s
    for number in range(10, 14):
        take_step(child, number)
    child.expect(r"idx = 0(\x1b\[[0-9;]*m)*  →  ")
    for number in range(14, 19):
        take_step(child, number)
    child.expect("to think about")
    child.expect(pexpect.EOF)
    exited(child)
    assert child.exitstatus == 0


def test_ctrl_c_twice_quits_cleanly(child):
    child.expect(PDB)
    child.sendcontrol("c")
    child.expect("Ctrl-C again")
    child.expect(PDB)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    exited(child)
    assert child.exitstatus == 0
    assert "Traceback" not in child.before


def test_ctrl_c_during_a_step_pauses_in_the_learners_code(tmp_path):
    slow, inside = tmp_path / "gradient_2d.py", tmp_path / "inside"
    slow.write_text(SCRIPT.read_text().replace("def function_2(x):\n", "def function_2(x):\n"
                                               f"    open({str(inside)!r}, 'a').close()\n"
                                               "    __import__('time').sleep(0.01)\n"))
    child = spawn(tmp_path, "--script", str(slow))
    try:
        for number in (1, 2, 3):
            take_step(child, number)
        child.expect("step 4/")
        type_line(child, "n")  # runs the grid call: 1296 calls of the slowed function_2, about 13 s
        deadline = time.monotonic() + 60
        while not inside.exists():  # Ctrl-C once the first call has begun, however busy the machine
            assert time.monotonic() < deadline, "the grid call never reached function_2"
            time.sleep(0.01)
        child.sendcontrol("c")
        child.expect(r"Program interrupted\. \(Use 'cont' to resume\)\.")
        child.expect(r"gradient_2d\.py\(\d+\)function_2\(\)")  # in the learner's code, not in bdb
        child.expect("Ctrl-C paused the program")
        type_line(child, "q")
        child.expect(pexpect.EOF)
        exited(child)
        assert child.exitstatus == 0
    finally:
        child.close(force=True)


def test_presenter_keys_go_back_exactly_and_jump(child):
    for number in (1, 2, 3):
        take_step(child, number)
    child.expect("step 4/")
    child.expect(PDB)
    child.send("\x1b[5~")  # PgUp: back one step
    child.expect("steps 1 to 2 were replayed")
    child.expect("step 3/")
    type_line(child, "p 'X' in dir()")  # back before step 3's `c`: the program has not built the grid yet
    child.expect("False")
    type_line(child, ":jump 11")
    child.expect("steps 1 to 10 were replayed")
    child.expect("step 11/")
    type_line(child, "p X.ndim * 1000 + 7")  # inside numerical_gradient with the (2, 324) grid, as in a straight run
    child.expect("2007")
    child.send("\x1bOP")  # F1: help
    child.expect("PgUp \\(or :back\\) goes back one step")
    type_line(child, ":jump 99")
    child.expect("no such step")
    type_line(child, ":quit")
    child.expect(pexpect.EOF)


def test_a_dumb_terminal_gets_plain_lines_with_the_offer_written_out(tmp_path):
    env = {**inherited(), "TERM": "dumb", "NO_COLOR": "1"}
    child = tutor_pty("lesson3", cwd=tmp_path, env=env)
    child.expect(r"\[Enter: b 59\]\r\n\(Pdb\) ")
    child.sendline("")  # Enter takes the offer
    child.expect("Breakpoint 1 at ")
    child.expect(r"\[Enter: l 58\]\r\n\(Pdb\) ")
    child.sendline("w")  # a line of one's own runs, and the step stays offered
    child.expect(r"\[Enter: l 58\]\r\n\(Pdb\) ")
    child.sendline("")
    child.expect(r"59 B")
    child.expect(r"\[Enter: c\]\r\n\(Pdb\) ")  # Ctrl-C at the prompt, not while pdb still lists
    reading(child)
    child.sendcontrol("c")
    child.expect("Ctrl-C again")
    child.expect(r"\[Enter: c\]\r\n\(Pdb\) ")  # the step is still offered
    reading(child)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    seen = child.before
    exited(child)
    assert child.exitstatus == 0 and "\x1b[" not in seen  # no cursor moves, no colours


def test_a_def_step_ends_its_block_before_the_next_step_is_told(tmp_path):
    # issue 14 item 26: the next step's panel came between the `def` line and its `...` prompt
    child = tutor_pty("lesson2", "--from", "3", cwd=tmp_path)
    try:
        take_step(child, 3)  # (Pdb) interact
        child.expect(PYTHON)
        child.send("\r")  # the step's def
        child.expect(r"\.\.\.")
        assert "step 4/" not in child.before
        child.send("\r")  # Enter closes the block; only now is step 4 told
        child.expect(r"step 4/\d+")
        child.expect(PYTHON)
    finally:
        child.close(force=True)


def test_presenter_moves_that_cannot_be_made_say_why(child):
    # issue 14 item 28: PgUp at step 1, a bare :jump, :jump x, and replay at step 2 each get their own sentence
    child.expect(r"step 1/\d+")
    child.expect(PDB)
    child.send("\x1b[5~")  # PgUp
    child.expect("This is the first step: there is none before it.")
    type_line(child, ":jump")
    child.expect(r"Jump to which step\? Type :jump N, with N from 1 to \d+\.")
    type_line(child, ":jump x")
    child.expect(r"x is not a step number: type :jump N")
    child.expect(PDB)
    child.send("\r")  # step 1 runs
    child.expect(r"step 2/\d+")
    type_line(child, "replay")
    child.expect("The program was run from its start and step 1 was replayed silently.")
