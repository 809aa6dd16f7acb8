"""The keyboard edge, headless: prompt_toolkit reading from a pipe, writing to a dummy output."""
import pytest
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from tutor.ui.keyboard import Keyboard, NamespaceCompleter
from tutor.model.prompt import LEAVE, Offer
from tutor.model.prompt import Prompt

PDB = Prompt("pdb", "(Pdb) ", {"grad": 1, "gradient": 2, "X": 3})
PYTHON = Prompt("python", ">>> ", {"numerical_gradient": print, "np": __import__("numpy")})


@pytest.fixture
def pipe():
    with create_pipe_input() as pipe_input:
        yield pipe_input


def read(pipe, keys, prompt=PDB, offer=None, keyboard=None):
    keyboard = keyboard or Keyboard(input=pipe, output=DummyOutput())
    pipe.send_text(keys)
    return keyboard.read(prompt, offer)


def test_typed_line_is_returned(pipe):
    assert read(pipe, "p X.ndim\r") == "p X.ndim"


def test_enter_on_empty_line_takes_the_offer(pipe):
    assert read(pipe, "\r", offer=Offer("b 59", "b 59")) == "b 59"


def test_typing_overrides_the_offer(pipe):
    assert read(pipe, "w\r", offer=Offer("b 59", "b 59")) == "w"


def test_enter_on_empty_console_line_can_leave(pipe):
    with pytest.raises(EOFError):
        read(pipe, "\r", prompt=PYTHON, offer=Offer(LEAVE, "Ctrl-D"))


def test_ctrl_d_and_ctrl_c(pipe):
    with pytest.raises(EOFError):
        read(pipe, "\x04", prompt=PYTHON)
    with pytest.raises(KeyboardInterrupt):
        read(pipe, "\x03")


def test_history_recalls_the_previous_line(pipe):
    keyboard = Keyboard(input=pipe, output=DummyOutput())
    assert read(pipe, "p 1 + 1\r", keyboard=keyboard) == "p 1 + 1"
    assert read(pipe, "\x1b[A\r", keyboard=keyboard) == "p 1 + 1"


def completions(completer, text):
    return [c.text for c in completer.get_completions(Document(text), None)]


def test_completes_names_from_the_paused_frame():
    completer = NamespaceCompleter(lambda: PYTHON.namespace)
    assert "numerical_gradient" in completions(completer, "numer")
    assert "np.zeros_like" in completions(completer, "np.zeros_l")


def test_completes_pdb_commands_then_names():
    completer = NamespaceCompleter(lambda: PDB.namespace, ["break", "continue", "interact"])
    assert completions(completer, "inter") == ["interact"]
    assert set(completions(completer, "p gra")) == {"grad", "gradient"}


def test_the_status_fills_the_bottom_bar_and_presenter_keys_are_commands(pipe):
    keyboard = Keyboard(input=pipe, output=DummyOutput())
    assert read(pipe, "\x1b[5~", keyboard=keyboard) == ":back"  # PgUp
    pipe.send_text("w\r")
    assert keyboard.read(PDB, None, "lesson3 · step 4/17") == "w"
    assert keyboard.sessions["pdb"].bottom_toolbar == "lesson3 · step 4/17"


def test_typing_mode_types_a_word_per_key_and_enter_finishes(pipe):
    keyboard = Keyboard(input=pipe, output=DummyOutput(), typing=True)
    offer = Offer("numerical_gradient(function_2, x)", "numerical_gradient(function_2, x)")
    assert read(pipe, "zz\r", offer=offer, keyboard=keyboard) == "numerical_gradient(function_2, x)"  # 2 keys, 2 words
    assert read(pipe, "z\r", offer=offer, keyboard=keyboard) == "numerical_gradient(function_2, x)"  # Enter finishes
    assert read(pipe, "\r", offer=Offer("b 59", "b 59"), keyboard=keyboard) == "b 59"


def test_next_chunk_is_a_word_and_its_spaces():
    from tutor.ui.keyboard import next_chunk

    assert next_chunk("b 59") == "b " and next_chunk("59") == "59" and next_chunk("  x y") == "  x "


def test_presenter_moves():
    from tutor.play.presenter import Move, move_for

    assert move_for(":back", 4, 17) == Move("replay", 3) and move_for("replay", 4, 17) == Move("replay", 4)
    assert move_for(":jump 11", 4, 17) == Move("replay", 10) and move_for(":jump 18", 4, 17) == Move("nowhere")
    assert move_for(":back", 0, 17) == Move("first") and move_for(":jump x", 4, 17) == Move("which", given="x")
    assert move_for(":jump", 4, 17) == Move("which") and move_for(":jump 0", 4, 17) == Move("nowhere")
    assert move_for(":quit", 4, 17) == Move("quit") and move_for(":what", 4, 17) == Move("help")


def test_the_bottom_bar_shortens_to_fit_and_counts_chinese_as_two_columns():
    from tutor.ui.keyboard import fitting

    full, short = "x" * 90, "x" * 50
    assert fitting((full, short), 100) == full and fitting((full, short), 80) == short
    assert fitting(("步" * 45, short), 89) == short and fitting(("步" * 45, short), 90) == "步" * 45  # 45 × 2 cells
    assert fitting((full, short), 20) == short  # nothing fits: the shortest, cut by the terminal


def test_pdb_completion_lists_every_command_of_the_debugger():
    from tutor.core.debugger import TutorDebugger
    from tutor.ui.keyboard import PDB_COMMANDS

    assert PDB_COMMANDS == sorted(name[3:] for name in dir(TutorDebugger) if name.startswith("do_"))
    assert {"trace", "watch", "unwatch", "interact"} <= set(PDB_COMMANDS)


def test_typing_mode_leaves_backspace_ctrl_u_and_a_first_q_to_the_presenter(pipe):
    # issue 14 item 28: each of them used to type the next word of the offer
    keyboard = Keyboard(input=pipe, output=DummyOutput(), typing=True)
    offer = Offer("numerical_gradient(function_2, x)", "numerical_gradient(function_2, x)")
    assert read(pipe, "q\r", offer=offer, keyboard=keyboard) == "q"  # q + Enter quits at (Pdb), as without --type
    b59 = Offer("b 59", "b 59")
    assert read(pipe, "z\x7f\x7fp x\r", offer=b59, keyboard=keyboard) == "p x"  # a word taken back: then by hand
    assert read(pipe, "z\x15p X\r", offer=b59, keyboard=keyboard) == "p X"  # Ctrl-U clears the typed word
    assert read(pipe, "zz\r", offer=b59, keyboard=keyboard) == "b 59"  # and the next line is typed for them again

