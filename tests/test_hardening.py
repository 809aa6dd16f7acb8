"""Bad input of every kind: one clear message, a clean end with the documented exit code, a sane terminal.

Exit codes (README): 0 ok, 1 an expectation missed, 2 a usage or input error, 130 interrupted.
The broken lessons and scripts live in tests/fixtures/bad/ and are played with `--lessons DIR`;
the ones that cannot be kept in git as they are (not UTF-8, a folder) are made in tmp_path.
Messages and exit codes of the command run `tutor.cli.main` in this process (tutor_in_process);
signals, a closed stdin, pipes and terminals run a real `python -m tutor`, in a pseudo-terminal
where the terminal is under test (tests/test_cli.py checks main's code becomes the process's).

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
import functools
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

import tutor
from tests.conftest import ROOT
from tests.helpers import (Keys, environment, exited, inherited, pty_child, terminal_env, tutor_in_process,
                           tutor_pty)
from tutor.content.load import parse_lesson
from tutor.content.locate import read_script
from tutor.play.session import Player
from tutor.ui.screen import Screen

BAD = Path(__file__).parent / "fixtures" / "bad"
LESSONS = ROOT / "lessons"
PDB, PYTHON, MORE, ANSWER, TUTOR = r"\(Pdb\) ", ">>> ", r"\.\.\.", "your answer> ", r"\(tutor\) "
WALK = r"e end · q done\]"  # the end of the walker's key prompt
BANNER = "*pdb interact start*" if sys.version_info >= (3, 13) else "*interactive*"
FAREWELL = "*exit from pdb interact command*" if sys.version_info >= (3, 13) else "now exiting InteractiveConsole..."


# -- running tutor ---------------------------------------------------------------------------------


def spawn(*args, cwd, columns=100, **env):
    """`python -m tutor ARGS` in a pseudo-terminal."""
    return tutor_pty(*args, cwd=cwd, columns=columns, env=terminal_env(**env))


@functools.cache
def fresh_terminal_mode() -> list:
    """The mode of a pseudo-terminal nobody changed: what every session must leave behind."""
    child = pty_child("true")
    child.expect(pexpect.EOF)
    mode = termios.tcgetattr(child.child_fd)
    exited(child)
    return mode


def ended(child) -> int:
    """Wait for the end; the terminal must be in the mode it started in. Returns the exit status."""
    child.expect(pexpect.EOF)
    mode = termios.tcgetattr(child.child_fd)  # the pty's mode as the child left it
    exited(child)
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
    done = tutor_in_process("zzz", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"tutor: no lesson called 'zzz'; the lessons are: {', '.join(packaged_names())}\n"
    assert done.stdout == ""


def test_malformed_toml_names_file_and_line(tmp_path):
    done = tutor_in_process("broken_toml", "--lessons", str(BAD), cwd=tmp_path)
    assert done.returncode == 2
    # line 7 holds `say = "This string never ends.` (checked by reading the fixture)
    line = next(n for n, text in enumerate((BAD / "broken_toml.toml").read_text().splitlines(), 1)
                if "never ends" in text)
    assert line == 7
    assert done.stderr.startswith(f"tutor: {BAD / 'broken_toml.toml'}:{line}: not valid TOML: ")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr and done.stdout == ""


def test_a_lesson_of_a_newer_format_asks_for_a_newer_tutor(tmp_path):
    done = tutor_in_process("newer", "--lessons", str(BAD), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (f"tutor: {BAD / 'newer.toml'}:2: format must be 1, found 2 "
                           "(a newer tutor wrote it; upgrade tutor)\n")


def test_a_lessons_missing_script_is_named(tmp_path):
    done = tutor_in_process("noscript", "--lessons", str(BAD), cwd=tmp_path)
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
    done = tutor_in_process("own", "--lessons", str(folder), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (f"tutor: cannot read {folder / 'latin.py'}: it is not UTF-8 text (byte 0xe9 at offset 8); "
                           "save it as UTF-8, or name its encoding in a coding line (# -*- coding: latin-1 -*-)\n")


def test_a_script_that_is_a_folder(tmp_path):
    folder = own_lesson(tmp_path / "lessons", "folder.py", None)
    (folder / "folder.py").mkdir()
    done = tutor_in_process("own", "--lessons", str(folder), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, f"tutor: {folder / 'folder.py'} is a folder, not a script\n")


def test_a_script_outside_the_lessons_folder_is_refused(tmp_path):
    folder = own_lesson(tmp_path / "lessons", "../outside.py", b"x = 1\n")
    done = tutor_in_process("own", "--lessons", str(folder), cwd=tmp_path)
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
    done = tutor_in_process("raiser", "--lessons", str(BAD), "--auto", cwd=tmp_path)
    assert done.returncode == 1
    # issue 14.19a: the exception is named, with the script's line it came from (raiser.py's line 3 is helper's
    # `return 10 / v`, checked below against plain pdb's traceback)
    assert done.stderr == ("tutor: raiser step 3 (p y): expected the program to still be running; "
                           "saw it raised ZeroDivisionError: division by zero (line 3 of raiser.py) before this step\n")
    plain = plain_pdb(BAD / "raiser.py", "b 7\nc\nq\n", tmp_path)
    expected = traceback_of(plain.stdout + plain.stderr)
    assert expected.endswith("ZeroDivisionError: division by zero\n") and 'raiser.py", line 3, in helper' in expected
    # the program's traceback as `python raiser.py` shows it: plain pdb's, less its `File "<string>", line 1`
    script_only = re.sub(r'  File "<string>", line 1, in <module>\n', "", expected)
    assert script_only != expected and script_only.splitlines()[1].startswith('  File "') and "raiser.py" in \
        script_only.splitlines()[1]
    shown = done.stdout
    assert script_only in shown and '"<string>"' not in shown
    # the miss first, then the traceback that explains it
    assert shown.index("(Pdb) c\n") < shown.index("not what the lesson expected") < shown.index(script_only)
    assert "Traceback" not in done.stderr and "bdb.py" not in shown
    assert str(Path(tutor.__file__).parent) not in shown  # no frame of tutor's own (a clone may be named tutor)


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
    done = tutor_in_process("exiter", "--lessons", str(BAD), "--auto", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == ("tutor: exiter step 3 (p after): expected the program to still be running; "
                           "saw it exited via sys.exit(3) before this step\n")
    plain = plain_pdb(BAD / "exiter.py", "c\nq\n", tmp_path)
    said = next(line for line in plain.stdout.splitlines() if "sys.exit()" in line)
    assert said == "The program exited via sys.exit(). Exit status: 3"
    shown = done.stdout  # the miss, then how the program ended (issue 14.19a: as after a traceback)
    assert "(Pdb) c\nleaving\n" in shown and shown.endswith(f"╯\n{said}\n")
    assert shown.index("(Pdb) c\nleaving\n") < shown.index("not what the lesson expected") < shown.index(said)


def test_a_program_that_reads_input_hands_free_gets_eof(tmp_path):
    done = tutor_in_process("asker", "--lessons", str(BAD), "--auto", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.endswith("saw it raised EOFError: EOF when reading a line (line 2 of asker.py) before this "
                                "step\n") and done.stderr.count("\n") == 1
    # the program left its prompt's line open (tutor cannot see the program's own writes): the miss follows it
    assert "(Pdb) c\nyour name? ╭─ not what the lesson expected" in done.stdout
    assert "╯\nTraceback (most recent call last):\n" in done.stdout
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
                             text=True, env=environment())
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
    assert re.search(r"\n> \S+/sleeper\.py\(\d+\)<module>\(\)\n", out)  # paused in the script, not in bdb
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
    child.expect("Press Ctrl-C again, or type :quit, to quit the lesson. Ctrl-D goes back to \\(Pdb\\).")
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
    child.expect("double passed its one check")
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
    child.send("exec('while True:\\n n += 1\\n if n == 1: print(\"looping\")')\r")
    child.expect("looping\r\n")  # the loop has turned once; the terminal is no longer raw: Ctrl-C is a signal
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
                              env=environment())

    played = closed("lesson3", "--to", "2")
    assert played.returncode == 0, played.stderr
    assert played.stderr == ""
    assert "(Pdb) b 59\nBreakpoint 1 at " in played.stdout and "(Pdb) l 58\n" in played.stdout
    reset = closed("--reset")
    assert (reset.returncode, reset.stderr) == (2, "tutor: --reset asks before forgetting; with no terminal "
                                                   "to ask, add --yes\n")


def test_output_piped_to_a_file_from_a_terminal_plays_hands_free_and_keeps_everything(tmp_path, closing):
    state = tmp_path / "state"
    env = {**inherited(), "TERM": "xterm-256color", "XDG_STATE_HOME": str(state)}
    env.pop("NO_COLOR", None)  # colour is dropped because the output is a file, not because it was asked
    child = pty_child("sh", ["-c", '"$0" -m tutor lesson3 --to 3 > out.txt; echo "exit=$?"', sys.executable],
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


def play(lesson_text, lines=None, width=100, first=1, name="play.toml"):
    """Play a lesson on tests/fixtures/bad/prompts.py in this process; (result, screen text, keyboard)."""
    from tutor.play.session import Pace

    out = io.StringIO()
    lesson = parse_lesson(lesson_text, BAD / name)
    keyboard = Keys(lines) if lines is not None else None
    player = Player(lesson, read_script(BAD / "prompts.py"), Screen(Console(file=out, width=width)), keyboard,
                    Pace(first=first))
    return player.play(), out.getvalue(), keyboard


PROMPTS = (BAD / "prompts.toml").read_text()


def test_misspelt_pdb_commands_and_breakpoints_on_lines_without_code_are_plain_pdbs_errors(tmp_path):
    from tests.helpers import diff, run_plain_pdb, run_tutor

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
    from tutor.content.catalog import find_lesson, script_for

    lesson = find_lesson(name)
    out = io.StringIO()
    result = Player(lesson, read_script(script_for(lesson)), Screen(Console(file=out, width=40))).play()
    assert result.misses == [] and result.completed
    drawn = [line for line in out.getvalue().splitlines() if line[:1] in "╭│╰"]
    assert len(drawn) > 50 and max(cell_len(line) for line in drawn) <= 40


@pytest.mark.parametrize("columns", ["0", "3"])
def test_a_console_too_narrow_to_draw_in_keeps_every_word(tmp_path, columns):
    # COLUMNS=0 made rich draw every panel empty: the lesson played with no narration at all
    from tutor.content.catalog import find_lesson

    done = tutor_in_process("lesson3", "--auto", "--to", "1", cwd=tmp_path, env={"COLUMNS": columns})
    assert done.returncode == 0 and "(Pdb) b 59" in done.stdout
    said = re.sub(r"{[^}]*}", "", find_lesson("lesson3").steps[0].say)  # the narration less its placeholders
    words, shown = re.findall(r"[A-Za-z]+", said), inside_panels(done.stdout)
    assert len(words) > 20 and [word for word in words if word not in shown] == []


# -- the state folder ------------------------------------------------------------------------------


def test_an_unwritable_state_folder_is_one_warning_and_the_lesson_still_plays(tmp_path):
    state = tmp_path / "state"
    state.write_text("a file where the state folder should be")
    done = tutor_in_process("lesson3", "--auto", "--to", "2", cwd=tmp_path, env={"XDG_STATE_HOME": str(state)})
    assert done.returncode == 0
    assert done.stderr == f"tutor: warning: progress not saved ({state / 'tutor' / 'progress.json'}: Not a directory)\n"
    assert "(Pdb) l 58\n" in done.stdout


def test_a_full_disk_keeps_the_old_progress_whole(tmp_path, monkeypatch):
    from tutor.play import progress

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


# -- odd and huge arrays in every view -------------------------------------------------------------
# Each view is built from snapshot functions, as tests/test_views.py does, and rendered to text with
# warnings turned into errors: a RuntimeWarning from numpy would land in the middle of the lesson.


def render(renderable, width=80) -> str:
    from tutor.ui.views.theme import DEFAULT

    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False, theme=DEFAULT)
    console.print(renderable)
    return console.file.getvalue()


def squeezed(text: str) -> str:
    """Rendered text with runs of spaces made one (column widths are rich's business)."""
    return re.sub(r" +", " ", text)


ODD = {  # name: (array, its variables row with spaces squeezed, worked out by hand)
    "0-d": (np.array(3.5), "a () float64 min 3.5 max 3.5 [3.5]"),
    "empty": (np.array([]), "a (0,) float64 []"),
    "complex": (np.array([1 + 2j, 3 - 1j]), "a (2,) complex128 [(1+2j) (3-1j)]"),
    "object": (np.array([None, "b", 3], dtype=object), "a (3,) object [None b 3]"),
    "nan and inf": (np.array([np.nan, np.inf, -np.inf, 1.0]), "a (4,) float64 min nan max nan [nan inf -inf 1]"),
    "huge": (np.arange(1_000_000.0), "a (1000000,) float64 min 0 max 999999 [0 1 2 … 999997 999998 999999]"),
}


@pytest.fixture(autouse=False)
def strict_warnings():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.mark.parametrize("name", ODD)
def test_variables_view_rows_for_odd_arrays(name, strict_warnings):
    from tutor.model.values import describe
    from tutor.ui.views.variables import VariablesView

    value, row = ODD[name]
    assert f"│ {row} │" in squeezed(render(VariablesView((describe("a", value),)), 100))
    assert max(cell_len(line) for line in render(VariablesView((describe("a", value),)), 40).splitlines()) <= 40


def test_source_view_without_source_and_with_wide_characters(strict_warnings):
    from tutor.model.stop import SourceLine, Stop
    from tutor.ui.views.source import SourceView

    nowhere = render(SourceView(Stop("<string>", 1, "<module>", "line", (), ())), 40)
    assert nowhere.splitlines()[0].startswith("╭─ <string>:1 in <module>() ")
    lines = ("x = '梯度下降 🚀 ∇f' * 10", "\ty = 1  # a tab", "z = " + "9" * 200)
    stop = Stop("/s/wide.py", 2, "f", "line", tuple(SourceLine(n, t, n == 2, n == 1) for n, t in enumerate(lines, 1)), ())
    text = render(SourceView(stop), 40)
    assert max(cell_len(line) for line in text.splitlines()) == 40
    assert "1 B   x = '梯度下降" in text and "2  -> " in text and "…" in text


@pytest.mark.parametrize("name", ["empty rows", "complex", "object", "nan and inf", "huge"])
def test_row_split_view_of_odd_two_dimensional_arrays(name, strict_warnings):
    from tutor.model.rows import take_row_split
    from tutor.ui.views.rows import RowSplitView

    X = {"empty rows": np.zeros((2, 0)), "complex": np.array([[1j, 2], [3, 4j]]),
         "object": np.array([[None, "b"], [1, 2.5]], dtype=object),
         "nan and inf": np.array([[np.nan, np.inf], [-np.inf, 0.0]]), "huge": np.zeros((2, 500_000))}[name]
    split = take_row_split({"X": X, "idx": 1, "x": X[1]}, "X", "idx", "x")
    text = squeezed(render(RowSplitView(split), 80))
    assert "idx = 1 → x = X[1] (2 rows: one per turn)" in text
    assert f"has shape {X.shape}; x has shape ({X.shape[1]},): {X.shape[1]} values of {X.dtype}" in text
    preview = {"empty rows": "[]", "complex": "[(3+0j) 4j]", "object": "[1 2.5]", "nan and inf": "[-inf 0]",
               "huge": "[0 0 0 … 0 0 0]"}[name]
    assert f"X[1] {preview} ← x" in text
    assert take_row_split({"X": X[0], "idx": 0, "x": X[0]}, "X", "idx", "x") is None  # 1-D: no rows to split


def compared(got, want, tolerance=1e-6, width=80):
    from tutor.model.compare import take_comparison
    from tutor.ui.views.compare import CompareView

    comparison = take_comparison("got", got, "want", want, tolerance)
    return comparison, squeezed(render(CompareView(comparison), width))


def test_compare_view_of_zero_d_and_empty_arrays(strict_warnings):
    comparison, text = compared(np.array(3.5), np.array(3.5))
    assert (comparison.agree, comparison.size, comparison.shape) == (1, 1, ())
    assert "1 of 1 cells agree within 1e-06; largest error 0; shape ()" in text and "[()] 3.5 3.5 ✓" in text
    comparison, text = compared(np.array([]), np.array([]))
    assert (comparison.agree, comparison.size, comparison.cells) == (0, 0, ())
    assert "0 of 0 cells agree within 1e-06; largest error 0; shape (0,)" in text
    comparison, _ = compared(np.zeros((3, 0)), np.zeros((3, 0)))
    assert (comparison.size, comparison.shape, comparison.cells) == (0, (3, 0), ())


def test_compare_view_refuses_complex_and_object_arrays(strict_warnings):
    # complex numbers differing only in their imaginary part must not be counted as agreeing
    comparison, text = compared(np.array([1 + 1j, 2]), np.array([1 - 1j, 2]))
    assert comparison.problem == "complex numbers: compare their .real or abs() instead"
    assert "complex numbers: compare their .real or abs() instead" in text and "agree" not in text
    comparison, text = compared(np.array([None, "b"], dtype=object), np.array([1.0, 2.0]))
    assert comparison.problem.startswith("not arrays of numbers: ") and "'b'" in comparison.problem
    assert "agree" not in text


def test_compare_view_with_nan_and_inf(strict_warnings):
    values = np.array([np.nan, np.inf, -np.inf, 1.0])
    comparison, text = compared(values, values.copy())
    # inf is inf and -inf is -inf (np.isclose agrees); NaN is never equal to anything
    assert int(np.isclose(values, values, rtol=0, atol=1e-6).sum()) == 3
    assert comparison.agree == 3 and comparison.size == 4
    assert "[0] nan nan ✗" in text and "[1] inf inf ✓" in text and "[2] -inf -inf ✓" in text
    comparison, _ = compared(np.array([np.inf]), np.array([-np.inf]))
    assert comparison.agree == 0


def test_compare_view_of_a_million_cells_shows_a_few(strict_warnings):
    got = np.arange(1_000_000.0)
    want = got.copy()
    want[500_000] += 0.5
    comparison, text = compared(got, want, width=100)
    assert "999999 of 1000000 cells agree within 1e-06; largest error 0.5; shape (1000000,)" in text
    # the first eight cells of the one row, then what is left out and where the largest error is
    assert len(comparison.cells) == 8 and len(text.splitlines()) == 13
    assert "8 of 1000000 cells shown; the largest error is at [500000]" in text


@pytest.mark.parametrize("name, write, cell", [
    ("0-d", lambda a: a.__setitem__((), 4.0), "[0]: 3.5 → 4"),
    ("complex", lambda a: a.__setitem__(0, 5j), "[0]: (1+2j) → 5j"),
    ("object", lambda a: a.__setitem__(1, "c"), "[1]: b → c"),
    ("nan and inf", lambda a: a.__setitem__(3, np.nan), "[3]: 1 → nan"),
    ("huge", lambda a: a.__setitem__(123_456, -1.0), "[123456]: 123456 → -1"),
])
def test_watch_view_sees_in_place_writes_in_odd_arrays(name, write, cell, strict_warnings):
    from tutor.model.watch import Watcher
    from tutor.ui.views.watch import WatchView

    value = ODD[name][0].copy()
    watcher = Watcher()
    assert watcher.look("a", lambda e: value).change == "new"
    assert watcher.look("a", lambda e: value).change == ""  # NaN staying NaN is no change
    write(value)
    watched = watcher.look("a", lambda e: value)
    assert watched.change == "changed" and watched.count == 1
    text = squeezed(render(WatchView([watched]), 100))
    assert f"│ {cell} │" in text and "changed" in text


def test_watch_view_of_an_empty_array():
    from tutor.model.watch import Watcher
    from tutor.ui.views.watch import WatchView

    watcher, value = Watcher(), np.array([])
    watcher.look("a", lambda e: value)
    assert "│ a (0,) float64 [] same │" in squeezed(render(WatchView([watcher.look("a", lambda e: value)]), 60))


POKE = '''\
def poke(a, b):
    for i in range(2):
        a[...] = b
    return a
'''


@pytest.mark.parametrize("name", ODD)
def test_trace_views_of_a_call_writing_odd_arrays(name, tmp_path, strict_warnings):
    from tutor.core.recorder import Recorder
    from tutor.ui.views.trace import EventView, RecordingSummary

    path = tmp_path / "poke.py"
    path.write_text(POKE)
    names = {"__name__": "poke"}
    exec(compile(POKE, str(path), "exec"), names)
    target, source = np.zeros_like(ODD[name][0]), ODD[name][0]
    recording = Recorder({str(path)}).record("poke(a, b)", lambda: names["poke"](target, source))
    assert recording.error == "" and [e.kind for e in recording.events][-1] == "return"
    assert [e.lineno for e in recording.events] == [1, 2, 3, 2, 3, 2, 4, 4]
    summary = render(RecordingSummary(recording), 80)
    assert summary.startswith("╭─ trace poke(a, b) ") and "events kept" not in summary  # pdb's `traced` line says it
    for position in range(len(recording.events)):
        assert max(cell_len(line) for line in render(EventView(recording, position), 80).splitlines()) <= 80
    written = {w.name: w for e in recording.events for w in e.writes}
    if source.size and name not in ("nan and inf",):
        assert written["a"].count == int(np.count_nonzero(source != np.zeros_like(source)))


def plot_of(kind, x, y, u=None, v=None):
    from tutor.play.features import plot as charts
    from tutor.play.features.plot import PlotSpec

    names = {"x": x, "y": y, "u": u, "v": v}
    spec = PlotSpec(kind=kind, x="x", y=("y",), u="u" if kind == "arrows" else "", v="v" if kind == "arrows" else "")
    return charts.take(spec, lambda expression: eval(expression, {}, names))


@pytest.mark.parametrize("name, message", [
    ("empty", "x is empty: there is nothing to plot"),
    ("complex", "x holds complex numbers: plot their .real or abs() instead"),
    ("object", "x cannot be read as numbers ("),
])
@pytest.mark.parametrize("kind", ["curve", "arrows", "path"])
def test_plots_of_arrays_that_cannot_be_drawn_say_why(name, message, kind, strict_warnings):
    from tutor.play.features.plot import NoPlot

    value = ODD[name][0]
    with pytest.raises(NoPlot) as caught:
        plot_of(kind, value, value, value, value)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("kind", ["curve", "arrows", "path"])
def test_plots_of_zero_d_nan_and_inf(kind, strict_warnings):
    from tutor.ui.views.plot import PlotView as view

    point = np.array(3.5)
    text = render(view(plot_of(kind, point, point, point, point)), 60)
    assert max(cell_len(line) for line in text.splitlines()) <= 60
    if kind == "path":
        assert "S start (3.5, 3.5)  E end (3.5, 3.5)  1 points" in text
    values = np.array([np.nan, np.inf, -np.inf, 1.0, 2.0])
    text = render(view(plot_of(kind, np.arange(5.0), values, values, values)), 60)
    unit = "arrows" if kind == "arrows" else "points"
    assert f"{unit} not finite, not drawn: 3" in text


def test_a_curve_of_a_million_noisy_points_draws_what_every_segment_draws(monkeypatch, strict_warnings):
    from tutor.model.plot import take_plot
    from tutor.ui.views import plot as plot_view

    def lit(plot, cols=60, rows=12):
        """The dots a curve lights on a canvas, and how many segments were drawn to light them."""
        view = plot_view.PlotView(plot)
        points = view.points()
        scale = plot_view.Scale(cols, rows, plot_view.span(points[0][0]), plot_view.span(points[0][1]))
        canvas = plot_view.Canvas(cols, rows)
        calls = []
        original = plot_view.bresenham
        monkeypatch.setattr(plot_view, "bresenham", lambda a, b: calls.append(1) or original(a, b))
        view.draw_curve(canvas, scale)
        monkeypatch.setattr(plot_view, "bresenham", original)
        return canvas.bits.copy(), len(calls), scale

    rng = np.random.default_rng(7)
    small = take_plot("curve", "", np.arange(20_000.0), rng.normal(size=20_000))
    bits, _, scale = lit(small)
    expected = plot_view.Canvas(60, 12)  # every segment between consecutive points, drawn one by one
    dots = scale.dots(small.x, small.ys[0])
    for a, b in zip(dots, dots[1:]):
        for px, py in plot_view.bresenham(a, b):
            expected.dot(px, py, "")
    assert (bits == expected.bits).all()
    huge = take_plot("curve", "", np.arange(1_000_000.0), rng.normal(size=1_000_000))
    _, segments, _ = lit(huge)
    assert segments <= 4 * 2 * 60  # bounded by the canvas (4 points per dot column), not by the data
    text = render(plot_view.PlotView(huge), 80)
    assert max(cell_len(line) for line in text.splitlines()) <= 80 and len(text.splitlines()) == 16 + 4  # rows, border, axis, labels


def test_values_and_expressions_that_look_like_markup_stay_literal(tmp_path, strict_warnings):
    """rich reads `[bold]` in a plain string as a style and `[/x]` as an error: values are not markup."""
    from tutor.model.watch import Watcher
    from tutor.model.values import describe
    from tutor.model.compare import take_comparison
    from tutor.core.recorder import Recorder
    from tutor.ui.views.compare import CompareView
    from tutor.ui.views.trace import RecordingSummary
    from tutor.ui.views.variables import VariablesView
    from tutor.ui.views.watch import WatchView

    values = (describe("s", "[/x] and [bold]"), describe("l", [float("nan"), 1.0]),
              describe("a", np.array(["a", "bb"])), describe("t", np.array([5], dtype="timedelta64[s]")))
    text = squeezed(render(VariablesView(values), 100))
    for row in ("│ s str '[/x] and [bold]' │", "│ l list [nan, 1.0] │", "│ a (2,) <U2 [a bb] │",
                "│ t (1,) timedelta64[s] [0:00:05] │"):
        assert row in text
    watcher, names = Watcher(), {"x": np.arange(3.0), "idx": 1}
    watched = [watcher.look(e, lambda e: eval(e, {}, names)) for e in ("x[idx]", "'[/x]'")]
    text = squeezed(render(WatchView(watched), 80))
    assert "│ x[idx] np.float64(1.0) new │" in text and "│ '[/x]' '[/x]' new │" in text
    text = squeezed(render(CompareView(take_comparison("g[idx]", [1.0], "w[k]", [1.0], 1e-6)), 80))
    assert text.startswith("╭─ g[idx] against w[k] ─") and "cell g[idx] w[k]" in text
    recording = Recorder({str(tmp_path / "none.py")}).record("f(x[idx])", lambda: 1)
    assert render(RecordingSummary(recording), 60).startswith("╭─ trace f(x[idx]) ─")


def test_plots_of_values_near_the_largest_float(strict_warnings):
    from tutor.play.features.plot import NoPlot
    from tutor.ui.views.plot import PlotView as view

    wide = np.array([-1e308, 1e308])  # finite, but no axis can span them: 1e308 - -1e308 is inf
    assert np.isinf(float(wide[1]) - float(wide[0]))
    for kind in ("curve", "arrows", "path"):
        with pytest.raises(NoPlot, match=r"^x runs from -1e\+308 to 1e\+308, a span wider than the largest float"):
            plot_of(kind, wide, np.ones(2), np.ones(2), np.ones(2))
    big = np.array([1e308, 1.0])  # the longest arrow is near the largest float: shaded, not an overflow
    text = render(view(plot_of("arrows", np.array([0.0, 1.0]), np.array([0.0, 1.0]), big, big)), 60)
    assert "2 arrows" in text
