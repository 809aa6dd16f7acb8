"""A long `trace` shows a live count while it records: on a terminal only, a line that replaces itself and is
wiped before anything else is written; never in a pipe, never in a --record tape."""
import io

from rich.console import Console

from tests.conftest import ROOT, SCRIPT
from tutor.content.load import parse_lesson
from tutor.content.locate import read_script
from tutor.core.recorder import PROGRESS
from tutor.model.recording import Calls, Recording
from tutor.play.session import LIVE_EVERY, Player
from tutor.ui.screen import Screen

LONG_TRACE = '''format = 1
id = "long"
title = "a long trace"
script = "gradient_2d.py"

[[step]]
say = "into numerical_gradient"
pdb = "b numerical_gradient"

[[step]]
say = "go"
pdb = "c"

[[step]]
say = "a long recording"
pdb = "trace numerical_gradient(function_2, np.zeros((2, 3000)))"
expect.output = ["traced numerical_gradient(function_2, np.zeros((2, 3000)))"]

[[step]]
say = "quit"
pdb = "q"
'''


def play(terminal: bool) -> tuple:
    out = io.StringIO()
    lesson = parse_lesson(LONG_TRACE, ROOT / "lessons" / "test.toml")
    console = Console(file=out, width=100, force_terminal=terminal, color_system=None)
    player = Player(lesson, read_script(SCRIPT), Screen(console))
    told = []
    original = player.recording
    player.recording = lambda recording: (told.append(recording.seen), original(recording))
    result = player.play()
    return result, out.getvalue(), told


def test_a_piped_trace_prints_no_live_count():
    result, out, told = play(terminal=False)
    assert not result.misses and result.completed
    assert len(told) >= 3  # about 8 events a pass, 6000 passes: the debugger told the player several times
    assert "\r" not in out and "\x1b[K" not in out and "recording…" not in out


def test_a_trace_on_a_terminal_counts_live_then_wipes_the_count():
    result, out, told = play(terminal=True)
    assert not result.misses and told
    first = out.index("\rrecording… ")  # the first report is shown at once, the later ones LIVE_EVERY apart
    assert out.index("\r\x1b[K", first) < out.index("traced numerical_gradient", first)  # wiped before pdb speaks
    line = out[first + 1:out.index("\x1b[K", first)]
    seen = int(line.split(" events seen")[0].rsplit(" ", 1)[1].replace(",", ""))
    assert seen in told and seen % PROGRESS == 0


def screen(terminal: bool) -> tuple:
    out = io.StringIO()
    return Screen(Console(file=out, width=100, force_terminal=terminal, color_system=None)), out


def test_the_count_is_drawn_a_few_times_a_second_at_most(monkeypatch):
    shown, out = screen(terminal=True)
    lesson = parse_lesson(LONG_TRACE, ROOT / "lessons" / "test.toml")
    player = Player(lesson, read_script(SCRIPT), shown)
    clock = iter([100.0, 100.0 + LIVE_EVERY / 2, 100.0 + LIVE_EVERY * 1.5])
    monkeypatch.setattr("tutor.play.session.time.monotonic", lambda: next(clock))
    recording = Recording("x", seen=4096)
    recording.items.append(Calls("loss", 6, 12000, 11995))
    for _ in range(3):
        player.recording(recording)
    assert out.getvalue().count("\rrecording… 4,096 events seen, 0 kept, 11,995 later calls counted") == 2
    player.capture.silent, player.live_at = True, 0.0  # a silent replay of the steps so far shows no count
    monkeypatch.setattr("tutor.play.session.time.monotonic", lambda: 200.0)
    player.recording(recording)
    assert out.getvalue().count("\rrecording…") == 2
    assert "\r" not in screen(terminal=False)[1].getvalue()


def test_the_count_never_reaches_a_recording_tape():
    class Tape:
        def __init__(self):
            from rich.console import Console as Recorder
            self.console, self.parts = Recorder(file=io.StringIO()), []

        def raw(self, text):
            self.parts.append(text)

        def show(self, renderable):
            self.parts.append(renderable)

    tape = Tape()
    out = io.StringIO()
    shown = Screen(Console(file=out, width=60, force_terminal=True, color_system=None), tape)
    shown.status("recording… 8,192 events seen")
    shown.raw("traced f(x)\n")
    assert out.getvalue() == "\rrecording… 8,192 events seen\x1b[K\r\x1b[Ktraced f(x)\n"
    assert tape.parts == ["traced f(x)\n"]
