"""Issue 14, the debugger and the console: what a learner's odd moves and odd answers get (items 13 to 19a).

Each test names its item. The lessons are tests/fixtures/bad's or written here, played in this process with a scripted
keyboard (tests/helpers.py Keys), or through the command line when exit codes and streams are under test.
Item 13 (trace right after a step) is tests/test_debugger.py's.
"""
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import environment, tutor, tutor_in_process
from tests.test_hardening import BAD, PROMPTS, play
from tutor.content.catalog import find_lesson

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def panels(text: str, title: str) -> list[str]:
    """The one-line bodies of the panels titled `title`, joined across rich's wrapping."""
    found = re.findall(rf"╭─ {title} ─+╮\n((?:│.*│\n)+)╰", text)
    return [" ".join(line.strip("│ ").strip() for line in body.splitlines()) for body in found]


def test_answers_numpy_cannot_convert_are_a_not_yet_and_keep_the_console(tmp_path):
    """14.15: 10**400, a __float__ that raises, SystemExit: each a "not yet" line; the console's names stay."""
    unfloatable = ("def double(x):\n    class Odd:\n        def __float__(self):\n"
                   "            raise RuntimeError('no float')\n    return Odd()")
    lines = ["kept = 41", "def double(x): return 10**400", "", unfloatable, "", "def double(x): raise SystemExit(3)",
             "", "print(kept + 1)", EOFError, "q"]
    result, text, keyboard = play(PROMPTS, lines, first=5)
    said = panels(text, "not yet")
    assert len(said) == 3, text
    assert re.fullmatch(r"double\(x\) gave 1000+\.\.\., which is too large for a float \(for x=\S+\)", said[0])
    assert re.fullmatch(r"double\(x\) gave <.*Odd object at 0x[0-9a-f]+>, which could not be compared with 2 \* x: "
                        r"RuntimeError: no float \(for x=\S+\)", said[1]), said[1]
    assert re.fullmatch(r"double\(x\) raised SystemExit: 3 \(for x=\S+\)", said[2])
    assert "\n42\n" in text and result.outcome.how == "quit"
    assert "Traceback" not in text


def test_ctrl_c_in_the_console_says_what_quits_there():
    """14.17: at >>> `q` is a NameError; the Ctrl-C note names :quit and Ctrl-D, and :quit does end the lesson."""
    result, text, keyboard = play(PROMPTS, [KeyboardInterrupt, ":quit"], first=6)
    assert panels(text, "Ctrl-C") == ["Press Ctrl-C again, or type :quit, to quit the lesson. Ctrl-D goes back to "
                                      "(Pdb)."]
    assert keyboard.prompts == [">>> ", ">>> "] and result.outcome.how == "quit" and result.ran == 5
    # Ctrl-D there does go back to (Pdb), where q quits, as the note says
    result, text, keyboard = play(PROMPTS, [KeyboardInterrupt, EOFError, "q"], first=6)
    assert keyboard.prompts == [">>> ", ">>> ", "(Pdb) "] and result.outcome.how == "quit"
    # at (Pdb) the note still says q
    result, text, keyboard = play(PROMPTS, [EOFError, KeyboardInterrupt, "q"], first=7)
    assert panels(text, "Ctrl-C") == ["Press Ctrl-C again, or type q, to quit the lesson."]
    assert keyboard.prompts == [">>> ", "(Pdb) ", "(Pdb) "] and result.outcome.how == "quit"


@pytest.mark.parametrize("typed", ["restart", "run", "run --fast 3", "p 0;;restart"])
def test_restart_and_run_at_pdb_are_a_replay(typed):
    """14.14: pdb's restart and run raised pdb.Restart through tutor; in a lesson they are `replay`, said in one line.

    Step 3 waits at the breakpoint on `result = square(values)`; `n` runs it; after the replay `result` is gone
    again, so the run is a fresh one stopped where step 3 is."""
    lines = ["n", "p 'result' in dir()", typed, "p 'result' in dir()", "q"]
    result, text, keyboard = play(PROMPTS, lines, first=3)
    command = typed.split()[0]
    if ";;" in typed:  # pdb itself runs the restart queued after `;;`: the replay comes without the note
        assert panels(text, "replay") == [] and "\n0\n" in text
    else:
        assert panels(text, "replay") == [f"In a lesson, {command} is replay: a fresh run of the program, "
                                          "replayed to where the lesson is."]
    assert panels(text, "replayed") == ["The program was run from its start and steps 1 to 2 were replayed "
                                        "silently.", "The program was run from its start and steps 1 to 2 were "
                                        "replayed silently."]
    before, after = text.rsplit("replayed silently", 1)  # first=3 replays steps 1 and 2 first
    assert "\nTrue\n" in before and "\nFalse\n" in after and "\nTrue\n" not in after
    assert "Restart" not in text and "Traceback" not in text and "raised" not in text
    assert keyboard.prompts == ["(Pdb) "] * 5 and result.outcome.how == "quit" and result.misses == []


def test_replay_has_pdbs_help_and_restart_ends_a_bare_run_for_a_fresh_one(tmp_path):
    """14.14: `help replay` is help, `help` lists it; without a player, restart ends the run as "replay"."""
    from tests.helpers import run_tutor
    from tutor.content.locate import read_script

    script = read_script(BAD / "prompts.py")
    ran = run_tutor(script, ["help replay", "help", "restart"])
    assert "No help" not in ran.text and "Run the program again from its start and replay" in ran.text
    listed = ran.text.split("Documented commands")[1]
    assert re.search(r"\breplay\b", listed) and ran.outcome.how == "replay"


@pytest.mark.parametrize("move", ["replay", ":replay", ":back"])  # F5 types :replay, PgUp :back
def test_a_replay_keeps_the_learners_own_watches(move):
    """14.16: the learner's `watch` survives replay, F5 and PgUp; the run after it shows and lists it."""
    lines = ["watch values * 2", move, "watch", "q"]
    result, text, keyboard = play(PROMPTS, lines, first=3)
    before, after = text.rsplit("replayed silently", 1)  # first=3 replays steps 1 and 2 first
    assert "watching values * 2" in before and "\nwatching: values * 2\n" in after
    assert re.search(r"─ watch ─.*\n.*values \* 2", after), after
    assert result.outcome.how == "quit" and result.misses == []


def test_a_replay_brings_the_lessons_watches_back_once_beside_the_learners():
    """14.16: lesson5's steps watch x and grad; the learner's own watch is kept, and none is doubled."""
    from tests.test_learner import play as play_lesson

    steps = [step.command for step in find_lesson("lesson5").steps]
    last = steps.index("watch grad") + 1  # the step number of the lesson's second watch
    lines = [None] * last + ["watch x * 2", "replay", "watch", "q"]
    result, text, keyboard = play_lesson("lesson5", lines)
    listed = re.findall(r"^watching: (.*)$", text, flags=re.M)
    assert listed == ["x * 2, x, grad"] and result.misses == []


COUNTER = """\
total = 0
for n in range(3):
    total += n
print("total", total)
"""


def lesson(folder, name: str, script: str, commands: list[str]) -> None:
    """A lesson `name` in `folder` on its own script, one step per pdb command."""
    (folder / f"{name}.py").write_text(script)
    steps = "".join(f'\n[[step]]\nsay = "Step {n}."\npdb = "{command}"\n' for n, command in enumerate(commands, 1))
    (folder / f"{name}.toml").write_text(f'format = 1\nid = "{name}"\ntitle = "{name}"\nscript = "{name}.py"\n{steps}')


def reported(stdout: str) -> list[tuple[str, str]]:
    """check's lines as (step, status)."""
    return re.findall(r"^\S+ step\s+(\d+/\d+)  (met|missed|not reached)", stdout, flags=re.M)


def test_steps_after_a_quit_step_are_not_reached_and_fail_check_and_auto(tmp_path):
    """14.19: a `q` step ends the program; the steps after it never ran, and check and --auto say so with exit 1."""
    lesson(tmp_path, "quitter", COUNTER, ["n", "q", "n", "p total"])
    checked = tutor_in_process("check", "quitter", "--lessons", str(tmp_path), cwd=tmp_path)
    assert reported(checked.stdout) == [("1/4", "met"), ("2/4", "met"), ("3/4", "not reached"),
                                        ("4/4", "not reached")]
    assert checked.returncode == 1
    auto = tutor_in_process("quitter", "--lessons", str(tmp_path), "--auto", cwd=tmp_path)
    assert auto.returncode == 1 and auto.stderr == "tutor: quitter: steps 3 to 4 not reached\n"
    assert "(Pdb) q\n" in auto.stdout and "(Pdb) n\n" in auto.stdout.split("(Pdb) q\n")[0]
    # a lesson played to its end still passes, and --to stops where it is asked to
    lesson(tmp_path, "whole", COUNTER, ["n", "n"])
    assert tutor_in_process("check", "whole", "--lessons", str(tmp_path), cwd=tmp_path).returncode == 0
    assert tutor_in_process("quitter", "--lessons", str(tmp_path), "--auto", "--to", "1",
                            cwd=tmp_path).returncode == 0


def test_steps_after_a_program_that_ends_early_are_not_reached(tmp_path):
    """14.19: `c` with no breakpoint runs COUNTER to its end: step 2 is missed, 3 and 4 never ran."""
    lesson(tmp_path, "early", COUNTER, ["c", "p total", "p n", "n"])
    checked = tutor_in_process("check", "early", "--lessons", str(tmp_path), cwd=tmp_path)
    assert reported(checked.stdout) == [("1/4", "met"), ("2/4", "missed"), ("3/4", "not reached"),
                                        ("4/4", "not reached")]
    assert "saw it finished before this step" in checked.stdout and checked.returncode == 1
    auto = tutor_in_process("early", "--lessons", str(tmp_path), "--auto", cwd=tmp_path)
    assert auto.returncode == 1 and auto.stderr == (
        "tutor: early step 2 (p total): expected the program to still be running; saw it finished before this step\n"
        "tutor: early: steps 3 to 4 not reached\n")


def test_check_names_the_exception_the_script_raised(tmp_path):
    """14.19a: check names the type, the message and the script's line (raiser.py's line 3: `return 10 / v`)."""
    checked = tutor_in_process("check", "raiser", "--lessons", str(BAD), cwd=tmp_path)
    line = next(line for line in checked.stdout.splitlines() if "missed" in line)
    assert line.endswith("expected the program to still be running; saw it raised ZeroDivisionError: division by "
                         "zero (line 3 of raiser.py) before this step")
    assert (BAD / "raiser.py").read_text().splitlines()[2].strip() == "return 10 / v"
    assert checked.returncode == 1


READY_THEN_LOOP = """\
from pathlib import Path

Path("ready").write_text("")  # check hides the program's prints: the test waits for this file instead
while True:
    pass
"""


def test_check_interrupted_exits_130_and_never_calls_the_interrupted_step_met(tmp_path):
    """14.19: Ctrl-C during step 1's `c` (an endless loop): exit 130, and step 1 is not reported met."""
    lesson(tmp_path, "looper", READY_THEN_LOOP, ["c", "p 1"])
    child = subprocess.Popen([sys.executable, "-m", "tutor", "check", "looper", "--lessons", str(tmp_path)],
                             cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=environment())
    try:
        deadline = time.monotonic() + 120  # a guard against a hang, not a bet on speed
        while not (tmp_path / "ready").exists():
            assert child.poll() is None and time.monotonic() < deadline, child.communicate()
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=120)
    finally:
        child.kill()
    assert child.returncode == 130 and err == "tutor: interrupted\n"
    assert reported(out) == [("1/2", "not reached"), ("2/2", "not reached")]


WHY_ESCAPED = ("tutor: this output's encoding (ascii) cannot show some of the text, so it is escaped (\\u6b65 for a "
               "character); a UTF-8 locale or PYTHONIOENCODING=utf-8 shows it as written\n")


def test_an_ascii_stdout_gets_ascii_boxes_and_marks_and_escapes_with_one_line_why(tmp_path):
    """14.18: PYTHONIOENCODING=ascii crashed on `·`; now boxes and marks are ASCII and what is left is escaped."""
    intro = next(line for line in (LESSONS / "lesson1.toml").read_text().splitlines() if "0.01·x²" in line)
    assert "f(x) = 0.01·x² + 0.1·x" in intro  # what the first panel says, as written
    done = tutor("lesson1", "--auto", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii() and "+- lesson1 - The numerical derivative" in done.stdout
    assert "f(x) = 0.01*x\\xb2 + 0.1*x" in done.stdout  # the product sign drawn as *, the square escaped
    assert done.stderr == WHY_ESCAPED
    # any lesson's Chinese narration will do: lesson 2's script plots nothing, so its run is short
    chinese = tutor("lesson2", "--auto", "--lang", "zh-TW", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert chinese.returncode == 0 and chinese.stdout.isascii() and chinese.stderr == WHY_ESCAPED
    assert re.search(r"(\\u[0-9a-f]{4}){4}", chinese.stdout)  # the narration, escaped character by character


def test_ascii_marks_that_have_a_stand_in_need_no_excuse():
    """14.18: stand-ins alone (boxes, arrows, the separator) are not escapes: no line is owed."""
    from tutor.ui.encoding import HANDLER, Escapes

    Escapes.happened = False
    drawn = "╭─ lesson · step 1/3 ─╮ │ a → b … ✓ 2·x ╰╯".encode("ascii", HANDLER).decode("ascii")
    assert drawn == "+- lesson - step 1/3 -+ | a > b . + 2*x ++" and not Escapes.happened
    assert "步".encode("ascii", HANDLER) == b"\\u6b65" and Escapes.happened
    Escapes.happened = False


# check writes its report at the end, after rehearsing: lesson 2, whose script plots nothing, keeps that short
@pytest.mark.parametrize("command", [["lesson1", "--auto"], ["check", "lesson2"], ["list"]])
def test_stdout_on_dev_full_ends_with_one_line(tmp_path, command):
    """14.18: every write fails with ENOSPC: one line on stderr, exit 1, no traceback."""
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "tutor", *command], cwd=tmp_path, stdin=subprocess.DEVNULL,
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, env=environment())
    assert done.returncode == 1
    assert done.stderr == "tutor: stopped: the output could not be written (No space left on device)\n"


def test_trace_typed_right_after_a_step_into_a_call_keeps_the_lesson_on_its_feet():
    """14.13 in a lesson: `s` into square, then step 3's trace and its walk (left with q), then `n`: the stop is
    square's next line in prompts.py, never tutor's recorder; the walk ends cleanly and the lesson quits."""
    result, text, keyboard = play(PROMPTS, ["s", None, "n", "q"], first=3)
    assert "traced square(values)" in text and result.misses == [] and result.outcome.how == "quit"
    stops = re.findall(r"^> (\S+)\((\d+)\)(\w+)\(\)$", text, flags=re.M)  # the replay before step 3 is silent
    assert [(path, function) for path, _, function in stops] == [(str(BAD / "prompts.py"), "square")] * 2
    assert int(stops[0][1]) < int(stops[1][1])  # `s` stopped at square's call, `n` on one of its later lines
    assert "recorder.py" not in text and "Traceback" not in text and "IndexError" not in text
