"""watch, trace and predictions as a learner meets them: in-place writes seen, keys walk a recording."""
import io

import numpy as np
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from tests.conftest import ROOT, SCRIPT
from tests.helpers import Keys
from tutor.ui.keyboard import Keyboard
from tutor.core.interpreter import FrameInterpreter
from tutor.content.load import parse_lesson
from tutor.content.locate import read_script
from tutor.play.session import Player
from tutor.ui.screen import Screen
from tutor.model.watch import Watcher
from tutor.core.recorder import Recorder
from tutor.ui.walker import Walker


def test_watcher_sees_in_place_writes_rebinding_and_errors():
    watcher, names = Watcher(), {"a": np.zeros(3)}
    look = lambda: watcher.look("a", lambda e: eval(e, {}, names))  # noqa: E731
    assert look().change == "new"
    assert look().change == ""
    names["a"][1] = 7.0
    changed = look()
    assert changed.change == "changed" and changed.cells == ((1, 0.0, 7.0),) and changed.count == 1
    names["a"] = np.ones(5)  # pdb's display would compare arrays with != here and crash
    assert look().change == "rebound"
    names["a"] = np.array([np.nan])
    look()
    assert look().change == ""  # NaN staying NaN is no change
    del names["a"]
    assert look().error.startswith("NameError")


def test_watcher_survives_values_that_cannot_be_compared_or_shown():
    class Awkward:
        def __repr__(self):
            raise RuntimeError("no repr")

        def __eq__(self, other):
            raise RuntimeError("no eq")

    watcher = Watcher()
    assert watcher.look("w", lambda e: Awkward()).value is not None
    assert watcher.look("w", lambda e: Awkward()).change in ("", "changed")


WATCH_LESSON = '''format = 1
id = "watching"
title = "watch"
script = "gradient_2d.py"

[lines]
restore = "x[idx] = tmp_val  # restore"
nudge = "x[idx] = tmp_val - h"

[[step]]
say = "break on the restore"
pdb = "b {nudge}"

[[step]]
say = "go"
pdb = "c"

[[step]]
say = "watch x"
pdb = "watch x"
expect.output = ["watching x"]

[[step]]
say = "next"
pdb = "n"
expect.true = ["x[idx] == tmp_val - h"]

[[step]]
say = "quit"
pdb = "q"
'''


def play(text, keyboard=None, width=120):
    out = io.StringIO()
    lesson = parse_lesson(text, ROOT / "lessons" / "test.toml")
    result = Player(lesson, read_script(SCRIPT), Screen(Console(file=out, width=width)), keyboard).play()
    return result, out.getvalue()


def test_watch_shows_the_in_place_write_at_the_next_stop():
    result, text = play(WATCH_LESSON)
    assert result.misses == []
    watch_panels = text.split("─ watch ─")[1:]
    assert len(watch_panels) == 2  # when `watch x` is typed (its baseline), and at the next stop
    assert "new" in watch_panels[0]
    # x[0] went from tmp_val + h to tmp_val - h: 2h apart, computed here from the script's h
    x0 = np.arange(-2, 2.5, 0.25)[0]
    assert f"[0]: {x0 + 1e-4:g} → {x0 - 1e-4:g}" in watch_panels[1]


PREDICT_LESSON = '''format = 1
id = "predicting"
title = "predict"
script = "gradient_2d.py"

[lines]
batch_call = "grad[idx] = _numerical_gradient_no_batch(f, x)"

[[step]]
say = "break"
pdb = "b {batch_call}"

[[step]]
say = "go"
pdb = "c"
[step.predict]
ask = "x.shape?"
expression = "x.shape"
answer = "X.shape[1:]"
hint = "one row of X"

[[step]]
say = "quit"
pdb = "q"
'''


def test_a_wrong_prediction_gets_the_hint_then_a_right_one_is_confirmed():
    keyboard = Keys([None, None, "(2,)", "(324,)", None])
    result, text = play(PREDICT_LESSON, keyboard)
    assert keyboard.prompts.count("your answer> ") == 2
    assert "not quite" in text and "one row of X" in text and "Yes: x.shape is (324,)." in text
    # the stop's own output is shown only after the answer
    assert text.index("Yes: x.shape") < text.index("-> grad[idx] = _numerical_gradient_no_batch(f, x)")
    assert result.misses == []


def test_a_hands_free_wrong_answer_is_a_miss():
    result, _ = play(PREDICT_LESSON.replace('answer = "X.shape[1:]"', 'answer = "(2,)"'))
    assert [m.expected for m in result.misses] == ["x.shape == (2,)"]


def test_walker_moves_by_line_pass_and_end():
    namespace = {"__name__": "lib"}
    exec(compile(SCRIPT.read_text(), str(SCRIPT), "exec"), namespace)
    recording = Recorder({str(SCRIPT)}).record(
        "ng", lambda: namespace["numerical_gradient"](namespace["function_2"], np.array([5.0, 6.0])))
    keys = iter(["right", "i", "left", "e", "x", "q"])
    walker = Walker(recording, Screen(Console(file=io.StringIO(), width=100)), lambda hint: next(keys))
    positions = []
    original = walker.show
    walker.show = lambda: (positions.append(walker.position), original())
    walker.walk()
    events = recording.events
    passes = [(events[p].frame, events[p].iteration) for p in positions]
    assert positions[:2] == [0, 1]
    inner = events[positions[2]]
    assert (inner.function, inner.iteration) != (events[1].function, events[1].iteration)
    assert positions[-1] == len(events) - 1 and len(passes) == 5  # "x" is not a key: no move, no redraw


def test_read_key_names_arrows_and_letters():
    with create_pipe_input() as pipe:
        keyboard = Keyboard(input=pipe, output=DummyOutput())
        pipe.send_text("\x1b[C")
        assert keyboard.read_key("hint") == "right"
        pipe.send_text("i")
        assert keyboard.read_key("hint") == "i"


def test_console_passes_trace_and_watch_to_tutor_but_keeps_python():
    calls, out = [], io.StringIO()
    lines = iter(["trace f(x)", "watch grad", "trace = 5", "print(trace + 1)"])

    def read(prompt, names):
        try:
            return next(lines)
        except StopIteration:
            raise EOFError

    hooks = {"trace": lambda text: calls.append(("trace", text)), "watch": lambda text: calls.append(("watch", text))}
    FrameInterpreter({}, read, out, hooks).run()
    assert calls == [("trace", "f(x)"), ("watch", "grad")]
    assert "6\n" in out.getvalue()
