"""The keyboard edge: prompt_toolkit prompts for `(Pdb) ` and `>>> `, input and output injectable."""
from __future__ import annotations

import pdb
import re
import rlcompleter
from dataclasses import dataclass
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

from tutor.debugger import Prompt

LEAVE = None  # an offer of LEAVE means: Enter on an empty line leaves the console, like Ctrl-D
_WORD = re.compile(r"[A-Za-z_][\w.]*$")
PDB_COMMANDS = sorted(name[3:] for name in dir(pdb.Pdb) if name.startswith("do_"))


@dataclass(frozen=True)
class Offer:
    """What Enter on an empty line does: run `line` (None: leave the console); `label` is shown dimmed."""

    line: str | None
    label: str


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

    def __init__(self, input=None, output=None):
        self._offer: Offer | None = None
        self._namespace: dict = {}
        style = Style.from_dict({"placeholder": "#808080 italic", "prompt": "bold"})
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
            if self._offer.line is LEAVE:
                event.app.exit(exception=EOFError)
            else:
                event.current_buffer.text = self._offer.line
                event.current_buffer.validate_and_handle()

        return bindings

    def read(self, prompt: Prompt, offer: Offer | None) -> str:
        """One line from the learner; EOFError on Ctrl-D, KeyboardInterrupt on Ctrl-C."""
        self._offer, self._namespace = offer, prompt.namespace
        placeholder = FormattedText([("class:placeholder", offer.label)]) if offer else None
        session = self.sessions[prompt.kind]
        return session.prompt(FormattedText([("class:prompt", prompt.text)]), placeholder=placeholder)
