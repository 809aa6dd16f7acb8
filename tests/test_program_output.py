"""The program's prints go where pdb's go (tutor/core/programout.py): into the step's output, held while a prediction
is asked, dropped while earlier steps are replayed silently, and invisible to the debugger, as C code is to plain pdb.
"""
import io
import os
import re
import sys

import pytest

from rich.console import Console

from tests.helpers import Keys, diff, lesson_toml, run_plain_pdb, run_tutor, tutor, tutor_in_process
from tutor.content.load import load_lesson
from tutor.content.locate import read_script
from tutor.core.programout import ProgramStream, printing_frame
from tutor.play.session import Player
from tutor.ui.screen import Screen

PRINTS = """\
import sys
def shout(word):
    print(word.upper())
    return word
sys.stdout.write("one\\n")
shout("two")
sys.stdout.writelines(["three\\n", "four\\n"])
print("five", end="!\\n", flush=True)
seen = repr(sys.stdout), sys.stdout.encoding
done = True
"""


def test_stepping_through_prints_is_plain_pdbs_text(tmp_path, monkeypatch):
    # each print shows where plain pdb shows it, and `s` on a print line goes to the next line, never into tutor;
    # the stream the program asks about (repr, encoding) is C code as a terminal's is, not pytest's capture
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "prints.py"
    path.write_text(PRINTS)
    script = read_script(path)
    lines = ["n", "n", "n", "n", "s", "s", "s", "s", "s", "s", "s", "s", "n", "c"]
    with open(os.devnull, "w") as terminal_like, monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", terminal_like)
        tutor = run_tutor(script, lines)
    plain = run_plain_pdb(script, lines, tmp_path)
    assert tutor.text == plain.partition("The program finished and will be restarted")[0], diff(plain, tutor.text)
    assert "programout" not in tutor.text and "one\n" in tutor.text and "five!\n" in tutor.text


class Terminal(io.StringIO):
    """A stream that says it is an ASCII terminal."""

    encoding = "ascii"

    def isatty(self) -> bool:
        return True


def test_the_program_sees_the_real_stream_and_a_text_streams_refusals():
    real, into = Terminal(), io.StringIO()
    stdout = ProgramStream(real, into)
    assert stdout.isatty() and stdout.encoding == "ascii" and repr(stdout) == repr(real)
    assert stdout.write("héllo\n") == 6 and into.getvalue() == "héllo\n" and real.getvalue() == ""
    try:
        stdout.write(b"bytes")
    except TypeError as exc:
        assert "must be str, not bytes" in str(exc)
    else:
        raise AssertionError("bytes were written to a text stream")


def test_a_signal_that_lands_in_a_print_pauses_in_the_frame_that_printed():
    landed = []

    class Into(io.StringIO):
        def write(self, text):  # where a Ctrl-C could land: the driver's code, under the program's print
            landed.append(printing_frame(sys._getframe()))
            return super().write(text)

    stdout = ProgramStream(Terminal(), Into())

    def program():
        stdout.write("a")
        stdout.writelines(["b"])

    program()
    assert [frame.f_code for frame in landed] == [program.__code__, program.__code__]
    here = sys._getframe()
    assert printing_frame(here) is here  # not printing: where it landed


TALLY = """\
import sys
prices = [100, 200, 300]
total = sum(prices)
print("the total is", total, file=sys.{stream})
done = True
"""
STREAMS = pytest.mark.parametrize("stream", ["stdout", "stderr"])  # a print, and what a warning writes to


def played(tmp_path, steps, lines, stream="stdout"):
    """A lesson on TALLY printing to `stream`, with these steps (TOML), played with a keyboard typing `lines`: what
    the screen shows on its two streams, in order, and the result."""
    (tmp_path / "tally.py").write_text(TALLY.format(stream=stream))
    last = f'print(\\"the total is\\", total, file=sys.{stream})'
    (tmp_path / "tally.toml").write_text(lesson_toml("tally", *steps, last=last))
    lesson = load_lesson(tmp_path / "tally.toml")
    out = io.StringIO()  # a terminal shows both streams in one place
    screen = Screen(Console(file=out, width=100), errors=out)
    result = Player(lesson, read_script(tmp_path / "tally.py"), screen, Keys(lines)).play()
    return out.getvalue(), result


@STREAMS
def test_a_print_is_held_while_its_prediction_is_asked(tmp_path, stream):
    predict = ('pdb = "n"\n'
               'predict = { ask = "What does it print?", expression = "total", answer = "600", hint = "Add." }')
    text, result = played(tmp_path, ['pdb = "b {last}"', 'pdb = "c"', predict], [None, None, None, "600", "q"], stream)
    assert text.index("What does it print?") < text.index("the total is 600") and result.misses == []


@STREAMS
def test_a_print_is_part_of_the_steps_output_for_its_expectations(tmp_path, stream):
    text, result = played(tmp_path, ['pdb = "b {last}"', 'pdb = "c"', 'pdb = "n"\nexpect.output = ["total is 600"]'],
                          [None, None, None, "q"], stream)
    assert result.misses == [] and text.count("the total is 600") == 1


@STREAMS
def test_going_back_replays_earlier_prints_silently(tmp_path, stream):
    # step 3 prints; back from step 4 replays steps 1 to 3 without printing again
    steps = ['pdb = "b {last}"', 'pdb = "c"', 'pdb = "n"', 'pdb = "p total"', 'pdb = "p total * 2"']
    text, _ = played(tmp_path, steps, [None, None, None, None, ":back", "q"], stream)
    assert text.count("the total is 600") == 1 and "were replayed silently" in text


def test_a_recording_holds_each_print_once(tmp_path):
    (tmp_path / "tally.py").write_text(TALLY.format(stream="stdout"))
    (tmp_path / "tally.toml").write_text(lesson_toml("tally", 'pdb = "b {last}"', 'pdb = "c"', 'pdb = "n"',
                                                     last='print(\\"the total is\\", total, file=sys.stdout)'))
    done = tutor_in_process("tally", "--lessons", str(tmp_path), "--auto", "--record", str(tmp_path / "t.txt"),
                            cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("the total is 600") == 1
    assert (tmp_path / "t.txt").read_text().count("the total is 600") == 1


def test_a_step_that_prints_for_hours_keeps_only_the_ends_of_its_output():
    from tutor.play.capture import KEPT, Capture

    class Blank:
        def raw(self, text):
            pass

    capture = Capture(Blank())
    lines = [f"line {number:07d}\n" for number in range(3 * KEPT // 13)]  # three times KEPT, 13 characters each
    for line in lines:
        capture.write(line)
    assert capture.size <= KEPT  # bounded while it runs
    kept = capture.take()
    whole = "".join(lines)
    head, note, tail = kept.partition(f"\n[{len(whole) - KEPT} characters of this output were not kept]\n")
    assert note and head == whole[:KEPT // 2] and tail == whole[-(KEPT // 2):]
    capture.write("next step\n")
    assert capture.take() == "next step\n"


OVERFLOW = """\
import numpy as np
big = np.float64(1e308)
x = big * 10
done = True
"""


def test_numpys_warning_is_held_checked_and_stays_on_stderr_or_out_of_a_reports_way(tmp_path):
    # in a process of its own (pytest records warnings instead of showing them): the overflow's RuntimeWarning is
    # part of step 3's output for its expectation, shows once, on stderr, after the prediction's answer
    (tmp_path / "over.py").write_text(OVERFLOW)
    predict = ('pdb = "n"\nexpect.output = ["RuntimeWarning: overflow"]\n'
               'predict = { ask = "Is x finite?", expression = "bool(np.isfinite(x))", answer = "False", '
               'hint = "No." }')
    (tmp_path / "over.toml").write_text(lesson_toml("over", 'pdb = "b {last}"', 'pdb = "c"', predict,
                                                    last="x = big * 10"))
    done = tutor("over", "--lessons", str(tmp_path), "--auto", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("RuntimeWarning: overflow") == 1 and "RuntimeWarning" not in done.stdout
    checked = tutor("check", "over", "--lessons", str(tmp_path), cwd=tmp_path)  # a report, the warning out of sight
    assert checked.returncode == 0 and re.search(r"step +3/3 +met", checked.stdout)
    assert "overflow encountered" not in checked.stdout + checked.stderr  # the report names the check, not the text
