"""--record: each format loads, and holds what the audience saw."""
import errno
import html.parser
import io
import json
import os
import shutil
import xml.etree.ElementTree as ElementTree

import pexpect
import pytest
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from tests.helpers import Keys, tutor_in_process, tutor_pty
from tutor.content.load import load_lesson
from tutor.content.locate import read_script
from tutor.play import progress
from tutor.play.session import Player
from tutor.ui.record import Tape
from tutor.ui.screen import Screen


def record(tmp_path, suffix):
    """Steps 1 to 5 of lesson 3 played hands-free in this process, recorded to a file of that suffix."""
    target = tmp_path / f"lesson3{suffix}"
    done = tutor_in_process("lesson3", "--auto", "--to", "5", "--record", str(target), cwd=tmp_path,
                            env={"COLUMNS": None})
    assert done.returncode == 0, done.stderr
    assert f"recorded to {target}" in done.stderr
    return target


def test_text_holds_the_transcript(tmp_path):
    text = record(tmp_path, ".txt").read_text()
    for piece in ("-> import numpy as np", "(Pdb) b 59", "Breakpoint 1 at", "array([10., 12.])", "step 5/18"):
        assert piece in text


def test_svg_parses(tmp_path):
    root = ElementTree.parse(record(tmp_path, ".svg")).getroot()
    assert root.tag.endswith("svg")
    assert "Breakpoint" in "".join(root.itertext())


def test_html_parses(tmp_path):  # the replay page's own tests: tests/test_replay.py, tests/test_replay_browser.py
    class Collect(html.parser.HTMLParser):
        text = ""

        def handle_data(self, data):
            self.text += data

    parser = Collect()
    parser.feed(record(tmp_path, ".html").read_text())
    parser.close()
    assert "array([10., 12.])" in parser.text


def test_cast_is_asciinema_v2_with_real_timing(tmp_path):
    lines = record(tmp_path, ".cast").read_text().splitlines()
    header = json.loads(lines[0])
    assert header["version"] == 2 and header["width"] > 0 and header["height"] > 0
    events = [json.loads(line) for line in lines[1:]]
    assert events and all(len(e) == 3 and e[1] == "o" and isinstance(e[2], str) for e in events)
    times = [e[0] for e in events]
    assert times == sorted(times) and times[-1] > 0
    assert "array([10., 12.])" in "".join(e[2] for e in events)
    assert all("\n" not in e[2].replace("\r\n", "") for e in events)  # a terminal stream: CR LF


@pytest.mark.parametrize("name", ["movie.mp4", "missing-folder/x.svg"])
def test_bad_targets_are_refused_before_the_lesson(tmp_path, name):
    done = tutor_in_process("lesson3", "--auto", "--record", str(tmp_path / name), cwd=tmp_path,
                            env={"COLUMNS": None, "NO_COLOR": None})
    assert done.returncode == 2 and "--record" in done.stderr and "step 1" not in done.stdout


def test_a_learners_own_commands_are_recorded(tmp_path):
    target = tmp_path / "session.txt"
    child = tutor_pty("lesson3", "--record", str(target), cwd=tmp_path)
    try:
        child.expect("step 1/")
        child.expect(r"\(Pdb\) ")
        child.send("p 6 * 7\r")
        child.expect("42")
        child.expect(r"\(Pdb\) ")
        child.send("\r")  # the lesson's b 59
        child.expect("Breakpoint 1 at")
        child.expect(r"\(Pdb\) ")
        child.send("q\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    text = target.read_text()
    assert "(Pdb) p 6 * 7\n42\n" in text and "(Pdb) b 59\nBreakpoint 1 at" in text


def test_lines_typed_once_the_steps_are_over_are_recorded(tmp_path):
    """The steps end with the program paused at a breakpoint: the learner explores, and that is recorded too."""
    (tmp_path / "walk.py").write_text("a = 2\nb = a * 21\nprint(b)\n")
    (tmp_path / "walk.toml").write_text('format = 1\nid = "walk"\ntitle = "Walk"\nscript = "walk.py"\n\n'
                                        '[[step]]\nsay = "Break on line 3."\npdb = "b 3"\n\n'
                                        '[[step]]\nsay = "Continue."\npdb = "c"\n')
    lesson = load_lesson(tmp_path / "walk.toml")
    tape = Tape(tmp_path / "walk.txt", 80, 24)
    screen = Screen(Console(file=io.StringIO(), width=80), tape)
    keys = Keys([None, None, "p b + 1", "q"])
    Player(lesson, read_script(tmp_path / "walk.py"), screen, keys).play()
    tape.save("walk")
    assert keys.prompts == ["(Pdb) "] * 4  # two steps, then two lines of the learner's own
    text = (tmp_path / "walk.txt").read_text()
    assert "(Pdb) c\n" in text and "(Pdb) p b + 1\n43\n" in text and text.rstrip().endswith("(Pdb) q")


def test_the_tape_keeps_exactly_what_each_call_printed(tmp_path):
    """Each event of the tape is the text that call added to a console's whole output (the old, quadratic way
    of finding it: the output so far, sliced after what was already seen), and the files are whole."""
    tape = Tape(tmp_path / "t.cast", 60, 20)
    whole = Console(record=True, width=60, height=20, file=io.StringIO(), force_terminal=True,
                    color_system="truecolor")
    expected, seen = [], 0
    calls = [("raw", "(Pdb) p x\n"), ("show", Panel("step 1/3  [bold]x[/]")), ("raw", "array([1., 2.])\n"),
             ("raw", ""), ("show", Panel("a longer text " * 12, title="wraps")), ("raw", "no newline")]
    for kind, value in calls:
        if kind == "raw":
            tape.raw(value)
            whole.print(Text(value), end="", soft_wrap=True)
        else:
            tape.show(value)
            whole.print(value)
        written = whole.file.getvalue()
        if len(written) > seen:
            expected.append(written[seen:])
            seen = len(written)
    assert [text for _, text in tape.events] == expected and "".join(expected) == whole.file.getvalue()
    for number in range(1000):  # a program's prints, one by one
        tape.raw(f"line {number}\n")
    assert "".join(text for _, text in tape.events[len(expected):]) == "".join(f"line {n}\n" for n in range(1000))
    tape.path = tmp_path / "t.txt"
    tape.save("t")
    assert tape.path.read_text() == whole.export_text(clear=False) + "".join(f"line {n}\n" for n in range(1000))


# -- issue 14: a target checked before playing, written whole, never replaced silently ---------------


def play_recorded(tmp_path, target, *more):
    """Steps 1 and 2 of lesson 3 hands-free, recorded to `target`, progress in the test's own state folder."""
    return tutor_in_process("lesson3", "--auto", "--to", "2", "--record", str(target), *more, cwd=tmp_path,
                            env={"COLUMNS": None, "NO_COLOR": None, "XDG_STATE_HOME": str(tmp_path / "state")})


def refused_before_playing(done, message):
    """Exit 2, the one line given, and neither a step played nor progress kept."""
    assert done.returncode == 2 and done.stderr == f"tutor: {message}\n"
    assert "step 1" not in done.stdout and done.stdout == ""


def test_a_folder_as_the_target_is_refused_before_the_lesson(tmp_path):
    folder = tmp_path / "demo.cast"
    folder.mkdir()
    refused_before_playing(play_recorded(tmp_path, folder), f"--record: {folder} is a folder; name a file in it")
    assert list(folder.iterdir()) == [] and not (tmp_path / "state").exists()


@pytest.mark.parametrize("error", [errno.EROFS, errno.EACCES, errno.ENOSPC], ids=["read-only", "denied", "full"])
def test_a_read_only_place_or_a_full_disk_is_refused_before_the_lesson(tmp_path, monkeypatch, error):
    """Writing in the folder fails as it does on a read-only file system, without permission, or on a full disk
    (made to fail here: the tests may run as root, for whom no folder is read-only)."""
    real_open = os.open

    def failing(path, flags, *args, **kwargs):
        if str(path).startswith(str(tmp_path / "out")) and flags & os.O_CREAT:
            raise OSError(error, os.strerror(error))
        return real_open(path, flags, *args, **kwargs)

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(os, "open", failing)
    done = play_recorded(tmp_path, tmp_path / "out" / "demo.txt")
    refused_before_playing(done, f"--record: cannot write in {tmp_path / 'out'}: {os.strerror(error)}")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_disk_with_no_free_byte_is_refused_before_the_lesson(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(100, 100, 0))
    done = play_recorded(tmp_path, tmp_path / "demo.txt")
    refused_before_playing(done, f"--record: cannot write in {tmp_path}: {os.strerror(errno.ENOSPC)}")
    assert list(tmp_path.glob("*demo*")) == []


def test_an_existing_file_is_refused_unless_force_and_then_replaced_whole(tmp_path):
    target = tmp_path / "demo.txt"
    target.write_text("yesterday's talk")
    refused_before_playing(play_recorded(tmp_path, target),
                           f"--record: {target} already exists; add --force to replace it")
    assert target.read_text() == "yesterday's talk"
    done = play_recorded(tmp_path, target, "--force")
    assert done.returncode == 0 and done.stderr == f"tutor: recorded to {target}\n"
    assert "(Pdb) l 58" in target.read_text() and sorted(p.name for p in tmp_path.iterdir()) == ["demo.txt", "state"]


def test_force_without_record_is_a_usage_error(tmp_path):
    done = tutor_in_process("lesson3", "--auto", "--force", cwd=tmp_path, env={"COLUMNS": None})
    refused_before_playing(done, "--force goes with --record FILE (it lets the recording replace FILE)")


def test_a_disk_that_fills_during_the_lesson_keeps_the_old_file_and_the_progress(tmp_path, monkeypatch):
    """The probe before playing passes, the disk fills while the lesson plays: one line, exit 1, the file as it was,
    no temporary file left, and the lesson's progress kept."""
    target = tmp_path / "demo.cast"
    target.write_text("the old recording")
    real_fsync, calls = os.fsync, []

    def filling(fd):
        calls.append(fd)
        if len(calls) == 2:  # the probe's is the first, the recording's the second, the progress file's the third
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", filling)
    done = play_recorded(tmp_path, target, "--force")
    assert done.returncode == 1 and done.stderr == f"tutor: --record: not saved ({target}: No space left on device)\n"
    assert target.read_text() == "the old recording" and sorted(p.name for p in tmp_path.iterdir()) == [
        "demo.cast", "state"]
    assert "(Pdb) l 58" in done.stdout and len(calls) == 3
    assert progress.load(tmp_path / "state" / "tutor" / "progress.json").done("lesson3") == (2, 18)


def test_a_txt_recording_tells_arrow_lengths_apart_without_colour(tmp_path):
    # issue 14 item 24: a .txt keeps no colour, so the longest arrows of a field are drawn double there
    target = tmp_path / "field.txt"
    done = tutor_in_process("lesson3", "--auto", "--from", "17", "--to", "17", "--record", str(target), cwd=tmp_path,
                            env={"COLUMNS": "100", "NO_COLOR": None})  # colours allowed: the .txt must still do without
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert "-grad of function_2 on the grid" in text
    assert any(glyph in text for glyph in "⇒⇗⇑⇖⇐⇙⇓⇘") and "⇒ ≥ " in text
