"""The pdb text tutor shows is byte for byte what plain ``python -m pdb`` prints.

Two levels:

1. The debugger core. ``TutorDebugger`` runs scripts/gradient_2d.py in this process and
   ``sys.executable -m pdb`` runs it in a subprocess. Both get the same lines: b, l, c, s, n, p,
   pp, w, u, d, a, interact with Python lines (including a block and an error), Ctrl-D, and q.
   The two transcripts must be equal.
2. The player. ``python -m tutor lesson3 --auto`` runs (its ``main``, in this process, with the
   environment plain pdb gets), and so do lessons 6, 7 and 9. Plain pdb gets the lines the lesson
   types, worked out from the lesson file at run time. Each piece of its output must turn up
   unchanged, and in order, in the player's transcript (a prediction is asked between a typed line
   and its output).

How the transcripts are made comparable
---------------------------------------
When stdin is not a terminal, ``input(prompt)`` writes the prompt to stdout with no newline and
does not echo the line it reads. So plain pdb's output is its text with ``(Pdb) ``, ``>>> `` and
``... `` written just before each read. On the tutor side the ``ask`` callback writes
``prompt.text`` into the debugger's output stream at the moment the debugger asks. That gives
the same shape. We never strip prompts, because a regex would also remove prompt-like text from
real output. Comparing with the prompts kept is stricter: it also checks that the tutor asks at
the same moments, with the same prompt, as pdb reads.

How plain pdb gets Ctrl-D in the middle of a session
----------------------------------------------------
With a pipe on stdin, EOF comes only once, at the end, so ``interact`` could only be the last
command. Instead, plain pdb's stdin is the slave end of a pseudo-terminal in canonical mode,
with echo off. In that mode, the VEOF character (Ctrl-D) at the start of a line makes one
``read()`` return 0 bytes. ``input()`` reports that as EOFError, as it does for a learner who
presses Ctrl-D, and the next read returns the next line. The tutor's ``ask`` raises EOFError at
the same point, which is what the player does for Ctrl-D. Stdout and stderr together are one
pipe, not the terminal. So ``input()`` does not use GNU readline: it writes the prompt plainly
and reads with ``sys.stdin.readline()``, with no echo, no escape codes and no ``\\r\\n``.
``-u`` makes stdout and stderr unbuffered, so the ``interact`` banner (written to stderr before
3.13) lands in the right place. HOME and the working directory are an empty temporary folder,
so plain pdb reads no ``.pdbrc`` (the tutor uses ``readrc=False``). Sending all lines at once is
safe: the terminal line discipline hands them over one line, or one EOF, per read. (pexpect
would give the child a terminal on stdout as well. Then ``input()`` would use readline, the
terminal would echo each line, and newlines would come back as ``\\r\\n``. All of that would
need undoing before the comparison.)

In level 2, each piece searched for in the player's transcript is a prompt, the line typed at
it and pdb's answer. That is what a terminal running plain pdb shows, and the player echoes the
line it types in the same way. So a piece as short as ``2\\n`` cannot match just anywhere.

What legitimately differs (found by experiment)
-----------------------------------------------
Tried on gradient_2d.py with 3.11, and on a numpy-free stand-in script with 3.12 and 3.13.

* Paths do not differ. Both sides use the script's realpath and the same interpreter, so even
  ``bdb.py``'s location in ``w`` is the same. Nothing is done to paths.
* Object addresses differ: ``a`` prints ``f = <function function_2 at 0x7f...>``, and the
  function is a different object in each process. Only the hex in ``<... at 0x...>`` is
  normalised.
* When the program ends, plain pdb prints "The program finished and will be restarted" and
  starts it again, while the tutor ends the lesson. So level 2 compares plain pdb's text only up
  to that message.
"""
from __future__ import annotations

import re
import sys

import pytest

if sys.platform == "win32":  # pragma: no cover - plain pdb is driven through a pseudo-terminal
    pytest.skip("needs a POSIX pseudo-terminal", allow_module_level=True)

from tests.helpers import EOF_LINE as EOF, MORE, PDB, PYTHON, PlainPdb, diff, quiet_env, run_plain_pdb, \
    run_tutor, tutor_in_process  # noqa: E402
from tutor.content.catalog import find_lesson, script_folder, script_for  # noqa: E402
from tutor.content.lesson import fill  # noqa: E402
from tutor.model.script import Script  # noqa: E402
from tutor.content.locate import read_script, resolve_lines  # noqa: E402
from tutor.content.resolve import resolve  # noqa: E402

RESTART = "The program finished and will be restarted\n"
_ADDRESS = re.compile(r"(<[^<>\n]* at )0x[0-9a-fA-F]+>")
# One worker runs this module (tests/conftest.py: ONE_WORKER), so its module fixtures run once.
# What plain pdb prints around `interact`; written out here, not taken from tutor.core.interpreter.
if sys.version_info >= (3, 13):
    BANNER, FAREWELL = "*pdb interact start*", "*exit from pdb interact command*"
else:
    BANNER, FAREWELL = "*interactive*", "now exiting InteractiveConsole..."


# -- comparing the two ways of running a session (run_tutor and PlainPdb live in tests/helpers.py) ------


def normalise(text: str) -> str:
    """Blank out object addresses, the one thing that differs between two processes."""
    return _ADDRESS.sub(r"\g<1>0x...>", text)


# -- level 1: the debugger core ----------------------------------------------------------------

SCRIPT = script_folder() / "gradient_2d.py"
PATTERNS = {
    "call": "grad = numerical_gradient(function_2, np.array([X, Y]",
    "ndim_test": "if X.ndim == 1:",
    "batch_call": "grad[idx] = _numerical_gradient_no_batch(f, x)",
    "h": "h = 1e-4",
    "zeros": "grad = np.zeros_like(x)",
    "def_numerical_gradient": "def numerical_gradient(f, X):",
    "def_no_batch": "def _numerical_gradient_no_batch(f, x):",
}

# Every pdb command the brief names, in a session that is also meaningful for gradient_2d.py.
SESSION = [
    "b {call}",
    "l {call-1}",
    "c",                          # to the grid call
    "s",                          # --Call-- numerical_gradient
    "n",                          # the ndim test
    "p X.ndim",
    "pp [row[:8].tolist() for row in X]",  # wider than 80 columns, so pprint wraps it
    "p no_such_name",             # pdb's error line
    "b {batch_call}",
    "c",                          # first turn of the batch loop
    "w",
    "u",
    "a",                          # the module frame: no arguments
    "d",
    "a",                          # f (an address) and the whole 2-row X
    "s",                          # --Call-- _numerical_gradient_no_batch
    "n",
    "n",
    "interact",
    "x.shape, x.ndim, h",
    "print(x[:3])",
    "for i in range(2):",
    "    print(i, x[i])",
    "",
    "x.no_such_attribute",        # a traceback from the console
    EOF,                          # Ctrl-D: back to (Pdb)
    "p h",
    "q",
]


def filled(lines: list[str | None], numbers: dict[str, int]) -> list[str | None]:
    return [line if line is EOF else fill(line, numbers) for line in lines]


@pytest.fixture(scope="module")
def gradient_script() -> Script:
    return read_script(SCRIPT)


@pytest.fixture(scope="module")
def numbers(gradient_script) -> dict[str, int]:
    return resolve_lines(gradient_script, PATTERNS)


@pytest.fixture(scope="module")
def core_session(gradient_script, numbers, tmp_path_factory):
    lines = filled(SESSION, numbers)
    with PlainPdb(gradient_script, lines, tmp_path_factory.mktemp("plain")) as plain_pdb:
        tutor = run_tutor(gradient_script, lines)
        plain = plain_pdb.text()
    return lines, tutor, plain


def test_core_session_is_plain_pdbs_text(core_session):
    """Every byte TutorDebugger writes, prompts included, is what plain pdb prints (addresses aside)."""
    _, tutor, plain = core_session
    assert normalise(tutor.text) == normalise(plain), diff(normalise(plain), normalise(tutor.text))


def test_only_object_addresses_differ(core_session):
    """The normalisation is needed for, and only for, `a` showing the function argument f."""
    _, tutor, plain = core_session
    ours, theirs = tutor.text.splitlines(), plain.splitlines()
    assert len(ours) == len(theirs)
    differing = [(a, b) for a, b in zip(ours, theirs) if a != b]
    assert len(differing) == 1
    (a, b), = differing
    assert a.startswith(f"{PDB}f = <function function_2 at 0x") and normalise(a) == normalise(b)


def test_core_session_did_what_it_says(core_session, gradient_script, numbers):
    """The session really stopped, stepped, listed and talked, so the equality above is not vacuous."""
    lines, tutor, _ = core_session
    path, text = str(gradient_script.path), tutor.text
    call, batch = numbers["call"], numbers["batch_call"]
    assert tutor.outcome.how == "quit"
    # One prompt per line typed, of the right kind: pdb, then the console (one block), then pdb.
    start = lines.index("interact") + 1
    assert tutor.prompts == [PDB] * start + [PYTHON] * 3 + [MORE, MORE] + [PYTHON] * 2 + [PDB] * 2
    assert len(tutor.prompts) == len(lines)
    # b, l, c, s, n, p, pp and an error line.
    assert f"{PDB}Breakpoint 1 at {path}:{call}\n{PDB}{str(call - 6).rjust(3)}  \t" in text
    assert f"\n{str(call).rjust(3)} B\t    grad = numerical_gradient(" in text
    assert f"{PDB}> {path}({call})<module>()\n-> grad = numerical_gradient" in text
    assert (f"{PDB}--Call--\n> {path}({numbers['def_numerical_gradient']})numerical_gradient()\n"
            f"-> def numerical_gradient(f, X):\n{PDB}> {path}({numbers['ndim_test']})numerical_gradient()\n") in text
    assert f"{PDB}2\n{PDB}[[-2.0, -1.75," in text
    assert "],\n [-2.0, -2.0," in text  # pprint wrapped the two rows
    assert f"{PDB}*** NameError: name 'no_such_name' is not defined\n" in text
    assert f"{PDB}Breakpoint 2 at {path}:{batch}\n" in text
    # w lists bdb's frame, the exec'd string and the two frames of the script; then u, a, d, a.
    frames = (rf"{re.escape(PDB)}  \S*bdb\.py\(\d+\)run\(\)\n-> exec\(cmd, globals, locals\)\n"
              rf"  <string>\(1\)<module>\(\)\n  {re.escape(path)}\({call}\)<module>\(\)\n-> .*\n"
              rf"> {re.escape(path)}\({batch}\)numerical_gradient\(\)\n-> .*\n")
    assert re.search(frames, text)
    assert f"{PDB}> {path}({call})<module>()\n-> grad = numerical_gradient(" in text
    assert f"{PDB}{PDB}> {path}({batch})numerical_gradient()\n" in text
    assert f"{PDB}f = <function function_2 at 0x" in text and "\nX = array([[-2.  , -1.75," in text
    # s into the row function, n twice, then the console and back.
    assert f"{PDB}--Call--\n> {path}({numbers['def_no_batch']})_numerical_gradient_no_batch()\n" in text
    assert f"{PDB}> {path}({numbers['h']})_numerical_gradient_no_batch()\n" in text
    assert f"{PDB}> {path}({numbers['zeros']})_numerical_gradient_no_batch()\n" in text
    assert f"{PDB}{BANNER}\n{PYTHON}((324,), 1, 0.0001)\n{PYTHON}[-2.   -1.75 -1.5 ]\n" in text
    assert f"{PYTHON}{MORE}{MORE}0 -2.0\n1 -1.75\n{PYTHON}Traceback (most recent call last):\n" in text
    assert "AttributeError: " in text
    assert text.endswith(f"{PYTHON}\n{FAREWELL}\n{PDB}0.0001\n{PDB}")


# Ctrl-D in the middle of a console block, then at the (Pdb) prompt itself (which quits pdb).
EOF_SESSION = ["b {call}", "c", "interact", "for i in range(3):", EOF, "p X.shape", EOF]


def test_ctrl_d_mid_block_and_at_the_pdb_prompt(gradient_script, numbers, tmp_path):
    """Leaving the console from a `... ` prompt, and quitting pdb with Ctrl-D, print what pdb prints."""
    lines = filled(EOF_SESSION, numbers)
    tutor = run_tutor(gradient_script, lines)
    plain = run_plain_pdb(gradient_script, lines, tmp_path)
    assert tutor.text == plain, diff(plain, tutor.text)
    assert tutor.outcome.how == "quit"
    assert tutor.prompts == [PDB, PDB, PDB, PYTHON, MORE, PDB, PDB]
    assert tutor.text.endswith(f"{PDB}{BANNER}\n{PYTHON}{MORE}\n{FAREWELL}\n{PDB}(324,)\n{PDB}\n")


# A block typed at (Pdb): 3.13 reads its continuation lines itself; before 3.13 it is an error.
# Then the dunder names a script's globals start with, and the kind of __builtins__.
BLOCK_SESSION = ["b {call}", "c", "for i in range(2):", "    print(i * 10)", "", "p i",
                 "p sorted(k for k in globals() if k.startswith('__'))", "p type(__builtins__).__name__", "q"]


def test_block_at_the_pdb_prompt_and_script_globals(gradient_script, numbers, tmp_path):
    """Multi-line input at (Pdb), and the script's own globals, are as in plain pdb."""
    lines = filled(BLOCK_SESSION, numbers)
    tutor = run_tutor(gradient_script, lines)
    plain = run_plain_pdb(gradient_script, lines, tmp_path)
    assert tutor.text == plain, diff(plain, tutor.text)
    if sys.version_info >= (3, 13):
        assert "0\n10\n" in tutor.text


def test_exit_in_the_console_leaves_only_the_console(gradient_script, numbers, tmp_path):
    """exit() in `interact` returns to (Pdb) and the program lives on (3.13's pdb does the same)."""
    lines = filled(["b {call}", "c", "interact", "exit()", "p X.shape", "q"], numbers)
    tutor = run_tutor(gradient_script, lines)
    assert tutor.outcome.how == "quit"
    assert f"{FAREWELL}\n{PDB}(324,)\n" in tutor.text
    assert not sys.stdin.closed
    if sys.version_info >= (3, 13):  # before 3.13 plain pdb closes stdin and crashes here
        plain = run_plain_pdb(gradient_script, lines, tmp_path)
        assert tutor.text == plain, diff(plain, tutor.text)


# -- level 2: the player's transcript ----------------------------------------------------------


def lesson_lines(lesson, numbers: dict[str, int]) -> list[str | None]:
    """What a learner types at plain pdb to follow the lesson, as the player types it with --auto.

    A python step at (Pdb) needs `interact` first; a pdb step at >>> needs Ctrl-D first.
    """
    lines: list[str | None] = []
    at = "pdb"
    for step in lesson.steps:
        kind = "python" if step.exercise else step.kind  # an exercise's solution is typed in the console
        if kind != at:
            lines.append("interact" if kind == "python" else EOF)
            at = kind
        command = fill(step.command, numbers)
        if kind == "python" and "\n" in command:  # a block: its lines, then the empty line that ends it
            lines.extend(command.splitlines() + [""])
            continue
        lines.append(command)
        if kind == "pdb" and command.split()[:1] == ["interact"]:
            at = "python"
    return lines


def split_at_prompts(plain: str, lines: list[str | None]) -> list[tuple[str, str]]:
    """Plain pdb's output as (prompt, output) pairs: the text before any prompt, then one per line.

    The prompt before each line depends on what was typed: `(Pdb) `, or in the console `>>> `
    or `... `. If some output contained the next prompt, the split would come too early, and
    the transcript check would then fail, not pass.
    """
    pieces, pos, at, prompt = [], 0, "pdb", ""
    for line in lines:
        wanted = (PDB,) if at == "pdb" else (PYTHON, MORE)
        found = min(((i, w) for w in wanted if (i := plain.find(w, pos)) >= 0), default=None)
        assert found is not None, f"plain pdb never prompted {wanted} for {line!r}:\n{plain[pos:]}"
        pieces.append((prompt, plain[pos:found[0]]))
        prompt, pos = found[1], found[0] + len(found[1])
        if line is EOF:
            at = "pdb"
        elif at == "pdb" and line.split()[:1] == ["interact"]:
            at = "python"
    pieces.append((prompt, plain[pos:]))
    assert "".join(p + o for p, o in pieces) == plain
    return pieces


FAITHFUL = ["lesson3", "lesson6", "lesson7", "lesson8", "lesson9"]
STOPS_IN_A_LOOP = ("lesson8",)  # its last `c` stops at the check loop's next key, the breakpoint still set


@pytest.fixture(scope="module", params=FAITHFUL)
def lesson_runs(request, tmp_path_factory):
    """The player's transcript of a lesson --auto, and plain pdb given the lesson's lines (resolved: a line of
    another file is typed as FILE:LINE, as the player types it)."""
    name = request.param
    script = read_script(script_for(find_lesson(name)))
    lesson = resolve(find_lesson(name), script)
    lines = lesson_lines(lesson, dict(lesson.numbers))
    held = {n for n, line in enumerate(lines) for step in lesson.steps if step.predict and line == step.command}
    folder = tmp_path_factory.mktemp(name)
    with PlainPdb(script, lines, folder) as plain_pdb:  # in its own process, while the player plays here
        player = tutor_in_process(name, "--auto", cwd=folder, env=quiet_env(folder))  # main(), as -m tutor
        plain = plain_pdb.text()
    return lines, player, plain, held, name


def test_the_lesson_plays_cleanly(lesson_runs):
    """The lesson itself ran to the end without a missed expectation."""
    player = lesson_runs[1]
    assert player.returncode == 0, player.stderr


def test_the_transcript_has_plain_pdbs_text_in_order(lesson_runs):
    """Each prompt, the line the player typed at it, and pdb's answer: verbatim and in order."""
    lines, player, plain, held, name = lesson_runs
    # the script saves its figure in a folder mkdtemp names at random: the one part the two runs cannot share
    transcript, plain = (re.sub(r"(gradient_2d-)\w{8}/", r"\1********/", text) for text in (player.stdout, plain))
    # the last step runs the script to its end, or (lesson 8) to its loop's next turn: all of pdb's text is compared
    assert RESTART in plain or name in STOPS_IN_A_LOOP, "the lesson's last step should run its script to its end"
    pieces = split_at_prompts(plain[:plain.index(RESTART)] if RESTART in plain else plain[:plain.rindex(PDB)], lines)
    assert len(pieces) == len(lines) + 1
    needles = [pieces[0][1]]
    for n, (line, (prompt, output)) in enumerate(zip(lines, pieces[1:])):
        typed = prompt + ("" if line is EOF else line + "\n")
        needles += [typed, output] if n in held else [typed + output]  # a prediction is asked in between
    pos = 0
    for number, needle in enumerate(needles):
        found = transcript.find(needle, pos)
        assert found >= 0, (f"piece {number} of plain pdb's output is not in the transcript after offset {pos}:\n"
                            f"{needle!r}\n--- transcript from there ---\n{transcript[pos:pos + 3000]}")
        pos = found + len(needle)
    # Not vacuous: the pieces hold the lesson's breakpoints, stops, the console and the program's end.
    assert lines.count(EOF) == lines.count("interact") >= 1
    assert sum(needle.startswith(f"{PDB}b ") and "\nBreakpoint " in needle for needle in needles) == \
        sum(line is not EOF and line.startswith("b ") for line in lines) >= 1
    assert any("--Call--" in needle for needle in needles) == ("s" in lines)  # a step into a call, verbatim
    assert any(needle.startswith(f"{PDB}interact\n{BANNER}\n") for needle in needles)
    assert f"{PYTHON}\n{FAREWELL}\n" in needles
    assert needles[-1].startswith(f"{PDB}c\n") and (name != "lesson3" or "figure saved to " in needles[-1]
                                                    or "matplotlib is not installed" in needles[-1])
