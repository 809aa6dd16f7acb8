"""The keyboard edge: prompt_toolkit prompts for `(Pdb) ` and `>>> `, input and output injectable."""
from __future__ import annotations

import pdb
import re
import rlcompleter
from typing import Callable, Iterable

from prompt_toolkit import PromptSession
from prompt_toolkit.application.current import get_app
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.styles import Style
from pygments.lexers.python import PythonLexer

from tutor.model.commands import REPLAY, TUTOR_COMMANDS
from tutor.model.prompt import LEAVE, Offer, Prompt

_WORD = re.compile(r"[A-Za-z_][\w.]*$")
PRESENTER_KEYS = {"pageup": ":back", "f5": ":replay", "f1": ":help"}
# what (Pdb) understands: pdb's own commands, tutor's, and replay (the debugger adds no others)
PDB_COMMANDS = sorted({name[3:] for name in dir(pdb.Pdb) if name.startswith("do_")} | {*TUTOR_COMMANDS, REPLAY})


class NamespaceCompleter(Completer):
    """Completes names and attributes from the paused frame's namespace (and pdb's commands)."""

    def __init__(self, namespace: Callable[[], dict], commands: Iterable[str] = ()):
        self.namespace, self.commands = namespace, tuple(commands)

    def get_completions(self, document, complete_event):
        before = document.text_before_cursor
        word = _WORD.search(before)
        text = word.group(0) if word else ""
        if not text and before.strip():
            return
        is_command = self.commands and not before.strip(" ").count(" ") and before == before.lstrip()
        choices = [c for c in self.commands if c.startswith(text)] if is_command else []
        choices += self._python_matches(text)
        for choice in dict.fromkeys(choices):
            yield Completion(choice, start_position=-len(text))

    def _python_matches(self, text: str) -> list[str]:
        """rlcompleter's matches for names and dotted attributes."""
        completer = rlcompleter.Completer(self.namespace())
        found, state = [], 0
        try:
            while (match := completer.complete(text, state)) is not None and state < 500:
                found.append(match.rstrip("("))
                state += 1
        except Exception:  # a property that raises while being listed must not break typing
            pass
        return found


class Keyboard:
    """Reads one line at a time from a terminal, offering the lesson's next command."""

    def __init__(self, input=None, output=None, typing: bool = False):
        self._offer: Offer | None = None
        self.typing = typing  # presenter's typing mode: any key types the next chunk of the offered command
        self._taken = False
        self._edited = False  # the presenter edited this line (Backspace, Ctrl-U): no more typing for it
        self._namespace: dict = {}
        style = Style.from_dict({"placeholder": "#808080 italic", "prompt": "bold"})
        self._input, self._output, self._keys = input, output, None
        common = dict(input=input, output=output, key_bindings=self._bindings(), style=style,
                      complete_while_typing=False)
        self.sessions = {
            "pdb": PromptSession(history=InMemoryHistory(), **common,
                                 completer=NamespaceCompleter(lambda: self._namespace, PDB_COMMANDS)),
            "python": PromptSession(history=InMemoryHistory(), lexer=PygmentsLexer(PythonLexer), **common,
                                    completer=NamespaceCompleter(lambda: self._namespace)),
        }

    def _bindings(self) -> KeyBindings:
        """Enter on an empty line takes the offered command; Ctrl-D leaves the console."""
        bindings = KeyBindings()
        empty = Condition(lambda: not get_app().current_buffer.text and self._offer is not None)

        @bindings.add("enter", filter=empty)
        def _(event):
            self._taken = True  # hide the dimmed offer on the line left on screen
            if self._offer.line is LEAVE:
                event.app.exit(exception=EOFError)
            else:
                event.current_buffer.text = self._offer.line
                event.current_buffer.validate_and_handle()

        self._typing_bindings(bindings, empty)

        for key, command in PRESENTER_KEYS.items():  # a key stands for a typed tutor command
            bindings.add(key)(lambda event, command=command: event.app.exit(result=command))

        @bindings.add("c-c")
        def _(event):
            self._taken = True
            event.app.exit(exception=KeyboardInterrupt)

        @bindings.add("c-d", filter=Condition(lambda: not get_app().current_buffer.text))
        def _(event):
            self._taken = True
            event.app.exit(exception=EOFError)

        return bindings

    def _typing_bindings(self, bindings: KeyBindings, empty: Condition) -> None:
        """--type: any key types the next word of the offer; Backspace, Ctrl-U and a first q stay the presenter's."""
        typing = Condition(lambda: self._typing_left() != "")

        @bindings.add("<any>", filter=typing)
        def _(event):
            event.current_buffer.insert_text(next_chunk(self._typing_left()))

        @bindings.add("enter", filter=typing & ~empty)
        def _(event):  # Enter on a half-typed offer finishes typing it, then runs it
            event.current_buffer.insert_text(self._typing_left())
            event.current_buffer.validate_and_handle()

        @bindings.add("backspace", filter=typing)
        def _(event):  # still edits, and the presenter types the rest of this line by hand
            self._edited = True
            event.current_buffer.delete_before_cursor(1)

        @bindings.add("c-u", filter=typing)
        def _(event):
            self._edited = True
            event.current_buffer.delete_before_cursor(len(event.current_buffer.document.text_before_cursor))

        @bindings.add("q", filter=typing & Condition(lambda: not get_app().current_buffer.text))
        def _(event):  # q on an empty line is the presenter's own q (quit at (Pdb)), not the next word
            event.current_buffer.insert_text("q")

    def read(self, prompt: Prompt, offer: Offer | None, status: str | tuple[str, ...] | None = None) -> str:
        """One line from the learner; EOFError on Ctrl-D, KeyboardInterrupt on Ctrl-C; `status` fills the bottom bar
        (given several, the first that fits the terminal's width)."""
        self._offer, self._namespace, self._taken, self._edited = offer, prompt.namespace, False, False
        session = self.sessions[prompt.kind]
        bar = (lambda: fitting(status, get_app().output.get_size().columns)) if isinstance(status, tuple) else status
        return session.prompt(FormattedText([("class:prompt", prompt.text)]), placeholder=self._placeholder,
                              bottom_toolbar=bar)

    def read_key(self, hint: str) -> str:
        """One key press, by name (right, left, enter, escape, or the character): for walking a recording."""
        if self._keys is None:
            self._keys = PromptSession(input=self._input, output=self._output, key_bindings=_single_keys())
        return self._keys.prompt(FormattedText([("class:placeholder", f"[{hint}] ")]))

    def _typing_left(self) -> str:
        """In typing mode, the part of the offered command not yet in the buffer ("" when not typing it)."""
        if not self.typing or self._edited or self._offer is None or self._offer.line is LEAVE:
            return ""
        text = get_app().current_buffer.text
        return self._offer.line[len(text):] if self._offer.line.startswith(text) else ""

    def _placeholder(self) -> FormattedText:
        """The offer, dimmed, until Enter takes it (or there is none)."""
        if self._offer is None or self._taken:
            return FormattedText([])
        return FormattedText([("class:placeholder", self._offer.label)])


def _single_keys() -> KeyBindings:
    """Bindings that end the prompt at the first key, returning its name."""
    bindings = KeyBindings()
    named = {"right": "right", "left": "left", "enter": "enter", "escape": "escape", "c-c": "q", "c-d": "q"}
    for key, name in named.items():
        bindings.add(key, eager=True)(lambda event, name=name: event.app.exit(result=name))

    @bindings.add("<any>")
    def _(event):
        key = event.key_sequence[0].key
        event.app.exit(result=key if isinstance(key, str) and len(key) == 1 else "")

    return bindings


def fitting(choices: tuple[str, ...], columns: int) -> str:
    """The first text that fits in `columns` terminal cells (a Chinese character takes two), else the last."""
    from prompt_toolkit.utils import get_cwidth

    return next((text for text in choices if get_cwidth(text) <= columns), choices[-1])


def next_chunk(rest: str) -> str:
    """The next word of a command, with the spaces after it: what one key press types."""
    word = re.match(r"\s*\S+\s*", rest)
    return word.group(0) if word else rest
