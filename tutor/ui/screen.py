"""The player's output edge: pdb's own text verbatim, rich views around it, optionally recorded."""
from __future__ import annotations

import bdb
import contextlib
import os
import sys
from typing import TYPE_CHECKING, TextIO

from rich.console import Console, RenderableType
from rich.theme import Theme

from tutor.model.record import Record
from tutor.ui.views.theme import DEFAULT

if TYPE_CHECKING:
    from tutor.ui.record import Tape


class ReaderGone(bdb.BdbQuit):
    """The pipe or terminal tutor writes to was closed (`| head`): the lesson ends as if quit.

    Its argument says why when the output failed rather than left (a full disk); "" for a closed pipe."""


class Chapter(Record):
    """Where a recording's step begins: a lesson's step (its number, command and narration as shown) or, in a live
    session, a line of the learner's own typed during step `number`; a replay page starts at each."""

    number: int
    command: str
    say: str = ""
    own: bool = False


class Screen:
    """Writes to one rich Console; pdb's text goes out byte for byte (tabs kept).

    A recorder, when given, is a Tape (tutor.ui.record) that receives the same things, so what the
    audience saw can be saved (SVG, HTML, text, asciinema) after the run.
    """

    def __init__(self, console: Console, recorder: "Tape | None" = None, theme: Theme = DEFAULT,
                 errors: TextIO | None = None):
        self.console, self.recorder = console, recorder
        self.errors = errors or sys.stderr  # where the program's sys.stderr writes show (fixed now, as the file)
        console.push_theme(theme)  # the views' named styles (tutor.name, tutor.good...) get their colours
        if recorder is not None:
            recorder.console.push_theme(theme)
        self.file = console.file  # fixed now: the console may later redirect sys.stdout into the lesson
        self.gone = False  # the reader closed the pipe: nothing more can be shown
        self.failure = ""  # why the output could not be written (a full disk), when that ended the lesson
        self.live = False  # a status line is on the terminal, to be wiped before anything else

    def raw(self, text: str) -> None:
        """Text from pdb, the console or the program, exactly as produced, buffered as the stream buffers a print
        (a terminal's line by line); `flush` sends the rest, and every rich view is flushed as it is drawn."""
        if not text:
            return
        if self.live:
            self.end_status()
        try:
            self.file.write(text)
        except OSError as exc:  # a closed pipe (BrokenPipeError), /dev/full, a vanished terminal
            self._lost(exc)
        if self.recorder is not None:
            self.recorder.raw(text)

    def raw_error(self, text: str) -> None:
        """The program's writes to sys.stderr (numpy's warnings): on the error stream, after what the screen's
        stream still buffers; a failing error stream loses them and nothing else, as it would for the program."""
        if not text:
            return
        self.flush()
        with contextlib.suppress(OSError, ValueError):  # ValueError: a closed stream
            self.errors.write(text)
            self.errors.flush()
        if self.recorder is not None:
            self.recorder.raw(text)

    def flush(self) -> None:
        """What waits in the stream's buffer goes out (before a prompt, or when the program flushes)."""
        with self._reader():
            self.file.flush()

    def status(self, text: str) -> None:
        """A line that replaces itself (a live count), on a terminal only: never in a pipe or a recording."""
        if not self.console.is_terminal or self.gone:
            return
        with self._reader():
            self.file.write("\r" + text[:max(1, self.console.width - 1)] + "\x1b[K")
            self.file.flush()
        self.live = True

    def end_status(self) -> None:
        """Wipe the status line, if one is shown."""
        if self.live:
            self.live = False
            with self._reader():
                self.file.write("\r\x1b[K")
                self.file.flush()

    def show(self, *renderables: RenderableType) -> None:
        """Rich views, each on its own lines."""
        self.end_status()
        for renderable in renderables:
            with self._reader():
                self.console.print(renderable)
            if self.recorder is not None:
                self.recorder.show(renderable)

    def begin(self, chapter: Chapter, panel: RenderableType | None = None) -> None:
        """A step begins: its panel on the screen, and a new page in the recording (which draws the panel itself)."""
        if panel is not None:
            with self._reader():
                self.console.print(panel)
        if self.recorder is not None:
            self.recorder.begin(chapter, panel)

    @contextlib.contextmanager
    def _reader(self):
        """A closed pipe ends the lesson quietly: later writes go nowhere, and the debugger quits."""
        try:
            yield
        except (BrokenPipeError, SystemExit, OSError) as exc:  # rich turns a broken pipe into SystemExit(1) itself
            self._lost(exc)

    def _lost(self, exc: BaseException) -> None:
        """The reader is gone (a closed pipe) or the output failed (stdout on /dev/full, a full disk, a vanished
        terminal): later writes go nowhere, and the lesson ends, said once."""
        if not isinstance(exc, (BrokenPipeError, SystemExit)):
            self.failure = exc.strerror or str(exc)
        self._nowhere()
        raise ReaderGone(self.failure) from None

    def _nowhere(self) -> None:
        """Later writes go to /dev/null, the process's own stdout too (its exit would flush the rest again)."""
        self.gone, nowhere, before = True, open(os.devnull, "w"), self.file
        self.file = self.console.file = nowhere
        with contextlib.suppress(OSError, ValueError, AttributeError):  # a StringIO has no descriptor
            os.dup2(nowhere.fileno(), before.fileno())

    def echo(self, prompt: str, line: str | None) -> None:
        """A prompt with the line the lesson typed at it (None: Ctrl-D, which prints nothing)."""
        self.raw(prompt if line is None else f"{prompt}{as_typed(line)}\n")

    def type_out(self, prompt: str, line: str, pace: float) -> None:
        """A prompt and a line that appears as if typed, a character every `pace` seconds."""
        import time

        self.raw(prompt)
        for character in as_typed(line):
            self.flush()
            time.sleep(pace)
            self.raw(character)
        self.raw("\n")
        self.flush()

    def typed(self, prompt: str, line: str) -> None:
        """What the learner typed at a prompt: already on the terminal, so it goes only to the recording."""
        if self.recorder is not None:
            self.recorder.raw(f"{prompt}{as_typed(line)}\n")


def as_typed(line: str) -> str:
    """A block sent as one line, as a console shows it typed: each further line after `... `."""
    first, *rest = line.rstrip("\n").split("\n")
    ended = "\n... " if line.endswith("\n") and rest else ""
    return first + "".join(f"\n... {part}" for part in rest) + ended
