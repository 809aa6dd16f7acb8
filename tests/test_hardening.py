"""Bad input of every kind: one clear message, a clean end with the documented exit code, a sane terminal.

Exit codes (README): 0 ok, 1 an expectation missed, 2 a usage or input error, 130 interrupted.
The broken lessons and scripts live in tests/fixtures/bad/ and are played with `--lessons DIR`;
the ones that cannot be kept in git as they are (not UTF-8, a folder) are made in tmp_path.

Already covered elsewhere, so not repeated here:
- a close misspelling of a lesson name (did you mean), a missing --script, an unknown option:
  tests/test_cli.py::test_bad_input_is_one_line_and_exit_2
- a script with a syntax error: tests/test_cli.py::test_script_with_a_syntax_error_names_file_and_line
- a line pattern matching nothing: tests/test_cli.py::test_script_without_the_lessons_lines_is_refused
  (several lines: tests/test_debugger.py::test_bad_patterns_are_script_errors)
- a lesson pattern on a comment or blank line moves to the next line with code:
  tests/test_debugger.py::test_patterns_resolve_to_executable_lines
- malformed TOML and format 2 at the parser: tests/test_lesson.py::test_mistakes_are_reported_with_file_and_line
- exit() in the console: tests/test_fidelity.py::test_exit_in_the_console_leaves_only_the_console
- Ctrl-C twice at (Pdb): tests/test_terminal.py::test_ctrl_c_twice_quits_cleanly
- a 60-column hands-free run: tests/test_cli.py::test_sixty_columns_views_shrink_and_nothing_breaks
- 10**6 elements and odd dtypes in the variables view: tests/test_views.py::test_arrays_are_summarised_not_dumped
  and ::test_odd_arrays_render
- a state folder that is a file (in process): tests/test_progress.py::test_an_unwritable_state_folder_is_a_warning_not_a_crash
"""
from __future__ import annotations

import errno
import io
import json
import os
import re
import signal
import subprocess
import sys
import termios
from pathlib import Path

import numpy as np
import pexpect
import pytest
from rich.cells import cell_len
from rich.console import Console

from tests.conftest import ROOT
from tutor.lesson import parse_lesson
from tutor.locate import read_script
from tutor.offer import LEAVE
from tutor.player import Player
from tutor.screen import Screen

BAD = Path(__file__).parent / "fixtures" / "bad"
LESSONS = ROOT / "lessons"
PDB, PYTHON, MORE, ANSWER, TUTOR = r"\(Pdb\) ", ">>> ", r"\.\.\.", "your answer> ", r"\(tutor\) "
WALK = r"e end · q done\]"  # the end of the walker's key prompt
BANNER = "*pdb interact start*" if sys.version_info >= (3, 13) else "*interactive*"
FAREWELL = "*exit from pdb interact command*" if sys.version_info >= (3, 13) else "now exiting InteractiveConsole..."


# -- running tutor ---------------------------------------------------------------------------------


def tutor(*args, cwd, stdin=subprocess.DEVNULL, **env):
    """`python -m tutor ARGS` with stdin not a terminal, from another folder."""
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **env}
    return subprocess.run([sys.executable, "-m", "tutor", *args], cwd=cwd, stdin=stdin, capture_output=True,
                          text=True, timeout=120, env=environment)


def spawn(*args, cwd, columns=100, **env):
    """`python -m tutor ARGS` in a pseudo-terminal."""
    environment = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1", **env}
    return pexpect.spawn(sys.executable, ["-m", "tutor", *args], cwd=str(cwd), env=environment,
                         dimensions=(40, columns), encoding="utf-8", timeout=30)


def fresh_terminal_mode() -> list:
    """The mode of a pseudo-terminal nobody changed: what every session must leave behind."""
    child = pexpect.spawn("true")
    child.expect(pexpect.EOF)
    mode = termios.tcgetattr(child.child_fd)
    child.close()
    return mode


def ended(child) -> int:
    """Wait for the end; the terminal must be in the mode it started in. Returns the exit status."""
    child.expect(pexpect.EOF)
    mode = termios.tcgetattr(child.child_fd)  # the pty's mode as the child left it
    child.close()
    assert mode == fresh_terminal_mode(), "the terminal was left in another mode"
    assert child.signalstatus is None
    return child.exitstatus


@pytest.fixture
def closing():
    """Children spawned by a test are killed if it fails half-way."""
    children = []
    yield children.append
    for child in children:
        child.close(force=True)


def bad_lesson(name, *options, cwd, closing):
    """A lesson of tests/fixtures/bad played in a pseudo-terminal."""
    child = spawn(name, "--lessons", str(BAD), *options, cwd=cwd)
    closing(child)
    return child


# -- input errors: one line on stderr, exit 2 ------------------------------------------------------


def packaged_names() -> list[str]:
    """The packaged lessons in natural order (lesson2 before lesson10), read from the folder."""
    names = [path.stem for path in LESSONS.glob("*.toml") if "." not in path.stem]
    return sorted(names, key=lambda name: (len(name), name))


def test_unknown_lesson_with_nothing_close_lists_the_lessons(tmp_path):
    done = tutor("zzz", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"tutor: no lesson called 'zzz'; the lessons are: {', '.join(packaged_names())}\n"
    assert done.stdout == ""


def test_malformed_toml_names_file_and_line(tmp_path):
    done = tutor("broken_toml", "--lessons", str(BAD), cwd=tmp_path)
    assert done.returncode == 2
    # line 7 holds `say = "This string never ends.` (checked by reading the fixture)
    line = next(n for n, text in enumerate((BAD / "broken_toml.toml").read_text().splitlines(), 1)
                if "never ends" in text)
    assert line == 7
    assert done.stderr.startswith(f"tutor: {BAD / 'broken_toml.toml'}:{line}: not valid TOML: ")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr and done.stdout == ""


def test_a_lesson_of_a_newer_format_asks_for_a_newer_tutor(tmp_path):
    done = tutor("newer", "--lessons", str(BAD), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (f"tutor: {BAD / 'newer.toml'}:2: format must be 1, found 2 "
                           "(a newer tutor wrote it; upgrade tutor)\n")


def test_a_lessons_missing_script_is_named(tmp_path):
    done = tutor("noscript", "--lessons", str(BAD), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, f"tutor: no such script: {BAD / 'missing.py'}\n")


def own_lesson(folder: Path, script_name: str, script: bytes | None) -> Path:
    """A one-step lesson in `folder` running `script_name` (written from `script` unless None)."""
    folder.mkdir(exist_ok=True)
    (folder / "own.toml").write_text(f'format = 1\nid = "own"\ntitle = "Own"\nscript = "{script_name}"\n\n'
                                     '[[step]]\nsay = "Go."\npdb = "c"\n')
    if script is not None:
        (folder / script_name).write_bytes(script)
    return folder


def test_a_script_that_is_not_utf8_cannot_be_read(tmp_path):
    folder = own_lesson(tmp_path / "lessons", "latin.py", "x = 'café'\n".encode("latin-1"))
    done = tutor("own", "--lessons", str(folder), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (f"tutor: cannot read {folder / 'latin.py'}: 'utf-8' codec can't decode byte 0xe9 "
                           "in position 8: invalid continuation byte\n")


def test_a_script_that_is_a_folder(tmp_path):
    folder = own_lesson(tmp_path / "lessons", "folder.py", None)
    (folder / "folder.py").mkdir()
    done = tutor("own", "--lessons", str(folder), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, f"tutor: {folder / 'folder.py'} is a folder, not a script\n")


def test_a_script_outside_the_lessons_folder_is_refused(tmp_path):
    folder = own_lesson(tmp_path / "lessons", "../outside.py", b"x = 1\n")
    done = tutor("own", "--lessons", str(folder), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (f"tutor: {folder / 'own.toml'}: script '../outside.py' is outside the lesson's folder "
                           f"{folder}; a lesson may only run scripts in its own folder\n")


# -- the program misbehaves: shown as pdb shows it, then a clear end -------------------------------


def plain_pdb(script: Path, commands: str, cwd: Path) -> subprocess.CompletedProcess:
    """Plain `python -m pdb script` fed `commands` on a pipe."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONSTARTUP", "PYTHONBREAKPOINT")}
    return subprocess.run([sys.executable, "-m", "pdb", str(script)], input=commands, capture_output=True,
                          text=True, timeout=60, cwd=cwd, env={**env, "HOME": str(cwd)})


def traceback_of(text: str) -> str:
    """The first traceback in `text`, without the debugger's own frames (pdb.py, bdb.py, runpy)."""
    lines = text[text.index("Traceback (most recent call last):"):].splitlines(keepends=True)
    kept, skipping = [lines[0]], False
    for line in lines[1:]:
        if line.startswith("  File "):
            skipping = re.search(r'(pdb|bdb)\.py"|<frozen runpy>', line) is not None
        elif not line.startswith(" "):
            kept.append(line)
            break
        if not skipping:
            kept.append(line)
    return "".join(kept)


def test_a_program_that_raises_before_the_breakpoint(tmp_path):
    done = tutor("raiser", "--lessons", str(BAD), "--auto", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == ("tutor: raiser step 3 (p y): expected the program to still be running; "
                           "saw it raised before this step\n")
    plain = plain_pdb(BAD / "raiser.py", "b 7\nc\nq\n", tmp_path)
    expected = traceback_of(plain.stdout + plain.stderr)
    assert expected.endswith("ZeroDivisionError: division by zero\n") and 'raiser.py", line 3, in helper' in expected
    shown = done.stdout
    assert expected in shown  # the program's traceback, as plain pdb prints it
    assert shown.index("(Pdb) c\n") < shown.index(expected) < shown.index("not what the lesson expected")
    assert "Traceback" not in done.stderr and "bdb.py" not in shown and "tutor/" not in shown


def test_a_program_that_raises_asks_the_learner_to_replay(tmp_path, closing):
    child = bad_lesson("raiser", cwd=tmp_path, closing=closing)
    for number in (1, 2):
        child.expect(f"step {number}/3")
        child.expect(PDB)
        child.send("\r")
    child.expect("ZeroDivisionError: division by zero")
    child.expect("The program raised an exception before the lesson did")
    child.expect(TUTOR)
    child.send("q\r")
    assert ended(child) == 0


def test_a_program_that_calls_exit(tmp_path):
    done = tutor("exiter", "--lessons", str(BAD), "--auto", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == ("tutor: exiter step 3 (p after): expected the program to still be running; "
                           "saw it exited before this step\n")
    plain = plain_pdb(BAD / "exiter.py", "c\nq\n", tmp_path)
    said = next(line for line in plain.stdout.splitlines() if "sys.exit()" in line)
    assert said == "The program exited via sys.exit(). Exit status: 3"
    assert f"(Pdb) c\nleaving\n{said}\n" in done.stdout


def test_a_program_that_reads_input_hands_free_gets_eof(tmp_path):
    done = tutor("asker", "--lessons", str(BAD), "--auto", cwd=tmp_path)
    assert done.returncode == 1
    assert "saw it raised before this step" in done.stderr and done.stderr.count("\n") == 1
    assert "(Pdb) c\nyour name? Traceback (most recent call last):\n" in done.stdout
    assert 'asker.py", line 2, in <module>' in done.stdout
    assert "EOFError: EOF when reading a line\n" in done.stdout


def test_a_program_that_reads_input_in_a_terminal_reads_the_learners_line(tmp_path, closing):
    child = bad_lesson("asker", cwd=tmp_path, closing=closing)
    for number in (1, 2):
        child.expect(f"step {number}/3")
        child.expect(PDB)
        child.send("\r")
    child.expect("your name\\? ")
    child.send("Ada Lovelace\r")
    child.expect("hello Ada Lovelace")
    child.expect("step 3/3")
    child.expect(PDB)
    child.send("\r")
    child.expect("'Ada Lovelace'")
    child.expect("the lesson is over")
    child.expect(PDB)
    child.send("q\r")
    assert ended(child) == 0


def test_ctrl_c_in_a_hands_free_run_is_exit_130(tmp_path):
    child = subprocess.Popen([sys.executable, "-m", "tutor", "sleeper", "--lessons", str(BAD), "--auto"],
                             cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80"})
    try:
        for line in child.stdout:  # the program says when it runs its endless loop
            if line == "ready\n":
                break
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert child.returncode == 130
    assert err == "tutor: interrupted\n"
    assert "Program interrupted. (Use 'cont' to resume).\n> " in out
    assert "sleeper.py(5)<module>()" in out or "sleeper.py(6)<module>()" in out
    assert "off the lesson's path" not in out  # nobody to type replay: no advice to do so
    assert "(Pdb) w" not in out  # the interrupted lesson stops: step 2 is not typed


# -- Ctrl-C and Ctrl-D at every kind of prompt ------------------------------------------------------


@pytest.mark.parametrize("key", ["c", "d"])
def test_ctrl_c_or_d_at_a_prediction_shows_the_answer_and_goes_on(tmp_path, closing, key):
    child = bad_lesson("prompts", "--from", "2", cwd=tmp_path, closing=closing)
    child.expect("step 2/7")
    child.expect(PDB)
    child.send("\r")
    child.expect("What is values.shape\\?")
    child.expect(ANSWER)
    child.sendcontrol(key)
    child.expect("the answer")
    child.expect(re.escape("values.shape is (3,)."))
    child.expect(r"-> result = square\(values\)")  # the output held back during the question
    child.expect("step 3/7")
    child.expect(PDB)
    child.send("q\r")
    assert ended(child) == 0


@pytest.mark.parametrize("key", ["c", "d"])
def test_ctrl_c_or_d_while_walking_a_recording_ends_the_walk(tmp_path, closing, key):
    child = bad_lesson("prompts", "--from", "3", cwd=tmp_path, closing=closing)
    child.expect("step 3/7")
    child.expect(PDB)
    child.send("\r")
    child.expect(r"traced square\(values\): 11 of 11 events kept; it returned 14\.0")
    child.expect(WALK)
    child.send("n")
    child.expect("event 2/11")
    child.expect(WALK)
    child.sendcontrol(key)
    child.expect("step 4/7")
    child.expect(PDB)
    child.send("q\r")
    assert ended(child) == 0


def test_ctrl_c_and_ctrl_d_in_the_console(tmp_path, closing):
    child = bad_lesson("prompts", "--from", "6", cwd=tmp_path, closing=closing)
    child.expect("step 6/7")
    child.expect(PYTHON)
    child.sendcontrol("c")
    child.expect("Press Ctrl-C again, or type q, to quit the lesson")
    child.expect(PYTHON)
    child.send("\r")  # the step is still offered
    child.expect("14\\.0")
    child.expect("step 7/7")
    child.expect(PYTHON)
    child.sendcontrol("d")  # leaves the console, as in pdb
    child.expect(re.escape(FAREWELL))
    child.expect(PDB)
    child.send("\r")  # step 7: c
    child.expect("result 14\\.0")
    assert ended(child) == 0


def test_ctrl_c_and_ctrl_d_at_an_exercise(tmp_path, closing):
    child = bad_lesson("prompts", "--from", "5", cwd=tmp_path, closing=closing)
    child.expect("step 5/7")
    child.expect(PYTHON)
    child.expect("write double · Enter: a hint")  # the exercise's offer, dimmed
    child.sendcontrol("c")
    child.expect("Press Ctrl-C again")
    child.expect(PYTHON)
    child.sendcontrol("d")  # out of the console: the exercise waits at (Pdb)
    child.expect(re.escape(FAREWELL))
    child.expect(PDB)
    child.send("\r")  # offered: interact, back to the exercise
    child.expect(re.escape(BANNER))
    child.expect(PYTHON)
    child.send("def double(x): return x + x\r")
    child.expect(MORE)
    child.send("\r")
    child.expect("double passed 1 check")
    child.expect("step 6/7")
    child.expect(PYTHON)
    child.sendcontrol("c")
    child.expect("Press Ctrl-C again")
    child.expect(PYTHON)
    child.sendcontrol("c")
    assert ended(child) == 0


@pytest.mark.parametrize("key", ["c", "d"])
def test_ctrl_c_or_d_when_asked_to_replay_ends_the_lesson(tmp_path, closing, key):
    child = bad_lesson("raiser", "--from", "2", cwd=tmp_path, closing=closing)
    child.expect("step 2/3")
    child.expect(PDB)
    child.send("\r")
    child.expect("The program raised an exception before the lesson did")
    child.expect(TUTOR)
    child.sendcontrol(key)
    assert ended(child) == 0


def test_ctrl_c_then_ctrl_d_at_pdb(tmp_path, closing):
    child = bad_lesson("prompts", cwd=tmp_path, closing=closing)
    child.expect("step 1/7")
    child.expect(PDB)
    child.sendcontrol("c")
    child.expect("Press Ctrl-C again")
    child.expect(PDB)
    child.send("p 6 * 7\r")  # the session goes on after one Ctrl-C
    child.expect("42")
    child.expect(PDB)
    child.sendcontrol("d")
    assert ended(child) == 0


# -- Python in the console that misbehaves ---------------------------------------------------------


def test_console_lines_that_raise_recurse_print_megabytes_or_loop_forever(tmp_path, closing):
    child = bad_lesson("prompts", "--from", "6", cwd=tmp_path, closing=closing)
    child.expect("step 6/7")
    child.expect(PYTHON)
    child.send("{}['nope']\r")
    child.expect("KeyError: 'nope'")
    child.expect(PYTHON)
    child.send("def deeper(n): return deeper(n + 1)\r")
    child.expect(MORE)
    child.send("\r")
    child.expect(PYTHON)
    child.send("deeper(0)\r")
    child.expect("RecursionError: maximum recursion depth exceeded")
    child.expect(PYTHON)
    child.send("print('x' * 2_000_000); print('done printing')\r")
    child.expect("done printing", searchwindowsize=200)
    child.expect(PYTHON)
    child.send("n = 0\r")
    child.expect(PYTHON)
    child.send("print('looping'); exec('while True: n += 1')\r")
    child.expect("looping\r\n")  # the line runs, the terminal is no longer raw: Ctrl-C is a signal
    child.sendcontrol("c")
    child.expect("KeyboardInterrupt")
    child.expect(PYTHON)
    child.send("n > 0\r")
    child.expect("True")
    child.expect(PYTHON)
    child.send("\r")  # and the lesson's step is still offered
    child.expect("14\\.0")
    child.expect("step 7/7")
    child.expect(PYTHON)
    child.sendcontrol("c")
    child.expect("Press Ctrl-C again")
    child.expect(PYTHON)
    child.sendcontrol("c")
    assert ended(child) == 0


# -- where the output goes, where the input comes from ---------------------------------------------


def test_stdin_closed_plays_hands_free_and_reset_refuses_to_ask(tmp_path):
    def closed(*args):  # `0<&-`: no file descriptor 0 at all, so sys.stdin is None
        return subprocess.run(["sh", "-c", 'exec "$0" -m tutor "$@" 0<&-', sys.executable, *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80"})

    played = closed("lesson3", "--to", "2")
    assert played.returncode == 0, played.stderr
    assert played.stderr == ""
    assert "(Pdb) b 59\nBreakpoint 1 at " in played.stdout and "(Pdb) l 58\n" in played.stdout
    reset = closed("--reset")
    assert (reset.returncode, reset.stderr) == (2, "tutor: --reset asks before forgetting; with no terminal "
                                                   "to ask, add --yes\n")


def test_output_piped_to_a_file_from_a_terminal_plays_hands_free_and_keeps_everything(tmp_path, closing):
    state = tmp_path / "state"
    env = {**os.environ, "TERM": "xterm-256color", "XDG_STATE_HOME": str(state)}
    env.pop("NO_COLOR", None)  # colour is dropped because the output is a file, not because it was asked
    child = pexpect.spawn("sh", ["-c", '"$0" -m tutor lesson3 --to 3 > out.txt; echo "exit=$?"', sys.executable],
                          cwd=str(tmp_path), env=env, dimensions=(40, 100), encoding="utf-8", timeout=60)
    closing(child)
    child.expect(r"exit=(\d+)\r\n")
    assert child.match.group(1) == "0"
    assert "(Pdb)" not in child.before  # nothing asked on the terminal: stdout is not one
    assert ended(child) == 0
    text = (tmp_path / "out.txt").read_text()
    assert "\x1b[" not in text
    for number in (1, 2, 3):
        assert f"lesson3 · step {number}/18" in text
    assert "(Pdb) b 59\nBreakpoint 1 at " in text and "(Pdb) c\n> " in text and "step 4/18" not in text
    progress = json.loads((state / "tutor" / "progress.json").read_text())
    assert (progress["lessons"]["lesson3"]["done"], progress["lessons"]["lesson3"]["total"]) == (3, 18)


def test_term_dumb_still_plays_and_draws_without_colour(tmp_path, closing):
    env = {"TERM": "dumb"}
    child = spawn("lesson3", cwd=tmp_path, **env)
    closing(child)
    child.expect(PDB)
    child.send("\r")
    child.expect("Breakpoint 1 at ")
    child.expect("╭─ lesson3 · step 2/18 ─")  # no colour codes inside the panel's border
    child.expect(PDB)
    child.send("p 6 * 7\r")
    child.expect("42")
    child.expect(PDB)
    child.sendcontrol("d")
    assert ended(child) == 0


class Keys:
    """A keyboard for in-process players: a line per prompt; None takes the offer (Enter); an exception is raised."""

    def __init__(self, lines):
        self.lines, self.prompts = list(lines), []

    def read(self, prompt, offer, status=None):
        self.prompts.append(prompt.text)
        line = self.lines.pop(0) if self.lines else None
        if isinstance(line, type) and issubclass(line, BaseException):
            raise line
        if line is None:
            if offer is None:
                return ""
            if offer.line is LEAVE:
                raise EOFError
            return offer.line
        return line

    def read_key(self, hint):
        return "q"


def play(lesson_text, lines=None, width=100, first=1, name="play.toml"):
    """Play a lesson on tests/fixtures/bad/prompts.py in this process; (result, screen text, keyboard)."""
    from tutor.player import Pace

    out = io.StringIO()
    lesson = parse_lesson(lesson_text, BAD / name)
    keyboard = Keys(lines) if lines is not None else None
    player = Player(lesson, read_script(BAD / "prompts.py"), Screen(Console(file=out, width=width)), keyboard,
                    Pace(first=first))
    return player.play(), out.getvalue(), keyboard


PROMPTS = (BAD / "prompts.toml").read_text()


def test_misspelt_pdb_commands_and_breakpoints_on_lines_without_code_are_plain_pdbs_errors(tmp_path):
    from tests.test_fidelity import diff, run_plain_pdb, run_tutor

    script = read_script(BAD / "prompts.py")
    source = script.text.splitlines()
    comment, blank = 1, 4  # a comment and a blank line of prompts.py, checked here by reading it
    assert source[comment - 1].startswith("#") and source[blank - 1] == ""
    typed = ["contniue", "brek 13", "lsit", "ww", "unt x", "j", f"b {comment}", f"b {blank}", f"b {len(source) + 5}",
             "b nosuch", "tbreak 4", "cl 9", "p", "q"]
    ours, plain = run_tutor(script, typed), run_plain_pdb(script, typed, tmp_path)
    assert ours.text == plain, diff(plain, ours.text)
    assert "*** NameError: name 'contniue' is not defined\n" in ours.text
    assert ours.text.count("(Pdb) ") == len(typed) and ours.outcome.how == "quit"
    # In a lesson each of them is answered by pdb, the lesson's step stays offered, and nothing is missed.
    quit_twice = [KeyboardInterrupt, KeyboardInterrupt]  # Ctrl-C twice at step 3's (Pdb)
    result, text, keyboard = play(PROMPTS, typed[:-1] + [None, None, None] + quit_twice)
    assert result.misses == [] and result.ran == 2
    assert keyboard.prompts[:len(typed)] == ["(Pdb) "] * len(typed)
    assert "*** NameError: name 'contniue' is not defined\n" in text and text.count("prompts · step 1/7") == 1
    assert "Breakpoint 1 at " in text and "off the lesson's path" not in text


def in_order(text: str, pieces: list[str]) -> bool:
    at = 0
    for piece in pieces:
        at = text.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


def test_sys_exit_in_the_console_leaves_the_console_not_the_program():
    lines = ["import sys; sys.exit(5)", None, None, None, None]  # then interact, step 6, Ctrl-D, step 7 (c)
    result, text, keyboard = play(PROMPTS, lines, first=6)
    assert result.misses == [] and result.completed and result.outcome.how == "finished"
    assert keyboard.prompts == [">>> ", "(Pdb) ", ">>> ", ">>> ", "(Pdb) "]
    after = text.split("steps 1 to 5 were replayed")[1]
    # out of the console at once, back in with `interact`, and the program lived on: square(values) ran
    # (the learner's own lines are on the terminal already: the screen does not repeat them)
    assert in_order(after, [f"\n{FAREWELL}\n{BANNER}\n", "14.0", f"\n{FAREWELL}\n"])
    assert "SystemExit" not in text and "Traceback" not in text


def test_megabytes_printed_in_the_console_are_all_shown():
    lines = ["print('x' * 3_000_000 + '|end')", None, KeyboardInterrupt, KeyboardInterrupt]
    result, text, _ = play(PROMPTS, lines, first=6)
    assert text.count("x" * 3_000_000 + "|end\n") == 1
    assert result.misses == [] and result.ran == 6 and result.outcome.how == "quit"
    assert in_order(text, ["|end\n", "14.0"])


WIDE = '''format = 1
id = "wide"
title = "寬字元與表情符號 🚀"
summary = "梯度 ∇f 與 emoji 😀"
intro = "在終端機裡逐步執行程式。每個數字都來自真正的執行結果，沒有一個是事先寫好的。🧮✨"
script = "prompts.py"

[lines]
call = "result = square(values)"

[[step]]
say = "在第 {call} 行設中斷點 🛑，程式會在計算平方和之前停下來。"
pdb = "b {call}"

[[step]]
say = "繼續執行 ▶️ 到中斷點。"
pdb = "c"
after = "停在這裡 ✅ values 的形狀是 {=values.shape}，總和是 {=float(values.sum())}。"

[[step]]
say = "打開主控台 🐍"
pdb = "interact"

[[step]]
say = "印出中文與表情符號 🎉"
python = "print('數值 🎉', values.sum())"
expect.output = ["數值 🎉 6.0"]
'''


def inside_panels(text: str) -> str:
    """The words inside the panels, joined without spaces or borders (wrapping may cut anywhere)."""
    rows = [line.strip("│ ") for line in text.splitlines() if line.startswith("│")]
    return "".join("".join(rows).split())


def test_cjk_and_emoji_narration_fits_forty_columns_whole():
    result, text, _ = play(WIDE, width=40, name="wide.toml")
    assert result.misses == [] and result.completed
    drawn = [line for line in text.splitlines() if line[:1] in "╭│╰"]
    assert drawn and max(cell_len(line) for line in drawn) == 40
    words = inside_panels(text)
    for sentence in ("在終端機裡逐步執行程式。每個數字都來自真正的執行結果，沒有一個是事先寫好的。🧮✨",
                     "在第13行設中斷點🛑，程式會在計算平方和之前停下來。", "停在這裡✅values的形狀是(3,)，總和是6.0。"):
        assert sentence in words
    assert "(Pdb) b 13\n" in text and ">>> print('數值 🎉', values.sum())\n數值 🎉 6.0\n" in text


@pytest.mark.parametrize("name", packaged_names())
def test_every_packaged_lesson_fits_forty_columns(name):
    from tutor.catalog import find_lesson, script_for

    lesson = find_lesson(name)
    out = io.StringIO()
    result = Player(lesson, read_script(script_for(lesson)), Screen(Console(file=out, width=40))).play()
    assert result.misses == [] and result.completed
    drawn = [line for line in out.getvalue().splitlines() if line[:1] in "╭│╰"]
    assert len(drawn) > 50 and max(cell_len(line) for line in drawn) <= 40


# -- the state folder ------------------------------------------------------------------------------


def test_an_unwritable_state_folder_is_one_warning_and_the_lesson_still_plays(tmp_path):
    state = tmp_path / "state"
    state.write_text("a file where the state folder should be")
    done = tutor("lesson3", "--auto", "--to", "2", cwd=tmp_path, XDG_STATE_HOME=str(state))
    assert done.returncode == 0
    assert done.stderr == f"tutor: warning: progress not saved ({state / 'tutor' / 'progress.json'}: Not a directory)\n"
    assert "(Pdb) l 58\n" in done.stdout


def test_a_full_disk_keeps_the_old_progress_whole(tmp_path, monkeypatch):
    from tutor import progress

    path = tmp_path / "tutor" / "progress.json"
    progress.load(path).record("lesson3", 2, 18)
    before = path.read_text()

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)  # the disk fills while the new file is written
    record = progress.load(path)
    record.record("lesson3", 5, 18)
    assert record.warning == f"progress not saved ({path}: No space left on device)"
    assert path.read_text() == before and progress.load(path).done("lesson3") == (2, 18)
    assert sorted(p.name for p in path.parent.iterdir()) == ["progress.json"]  # no half-written file left


def test_a_full_disk_is_one_warning_at_the_end_of_a_lesson(tmp_path, monkeypatch, capsys):
    from tutor.cli import main

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    assert main(["lesson3", "--auto", "--to", "2"]) == 0
    out, err = capsys.readouterr()
    assert err == f"tutor: warning: progress not saved ({tmp_path / 'tutor' / 'progress.json'}: No space left on device)\n"
    assert "(Pdb) l 58\n" in out and not (tmp_path / "tutor" / "progress.json").exists()
