"""The header and narration of a lesson step, and the lesson's opening and closing words."""
from __future__ import annotations

import re

import unicodedata

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.text import Text

from tutor.ui.words import Words

_CODE = re.compile(r"`([^`]+)`")


def reflow(text: str) -> str:
    """Join the lines of each paragraph, so the terminal, not the lesson file, decides the wrapping."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def prose(text: str) -> Text:
    """Narration as plain text (so x[idx] stays literal), with `code` spans styled."""
    text = reflow(text)
    out = Text()
    last = 0
    for match in _CODE.finditer(text):
        out.append(text[last:match.start()])
        out.append(match.group(1), style="tutor.name")
        last = match.end()
    out.append(text[last:])
    return out


_NO_START = set("。，、；：？！）」』】〉》…,.;:?!)")  # never begins a line (kinsoku)
_NO_END = set("（「『【〈《(")  # never ends one


def wide(character: str) -> bool:
    """A character that takes two columns (Han, kana, full-width punctuation)."""
    return unicodedata.east_asian_width(character) in "WF"


def breaks(text: str, width: int) -> list[int]:
    """Where to start each new line so no line passes `width` columns; between two wide characters is a
    place to break, as a space is (rich alone breaks only at spaces, so Chinese would overflow early)."""
    starts, line, last, column = [], 0, None, 0
    for index, character in enumerate(text):
        if character == "\n":
            starts.append(index + 1)
            line, last, column = index + 1, None, 0
            continue
        column += cell_len(character)
        previous = text[index - 1] if index > line else ""
        if index > line and (previous == " " or wide(previous) or wide(character)) \
                and character not in _NO_START and previous not in _NO_END:
            last = index  # a line may start here
        if column > width and last is not None and last > line:
            starts.append(last)
            line, last = last, None
            column = cell_len(text[line:index + 1])
    return starts


def wrapped(text: Text, width: int) -> Text:
    """Narration with wide characters broken into lines by hand; other text is left to rich."""
    plain = text.plain
    if width <= 0 or not any(wide(c) for c in plain):
        return text
    pieces = text.divide(breaks(plain, width))
    return Text("\n").join(piece.rstrip() or piece for piece in _strip_breaks(pieces))


def _strip_breaks(pieces) -> list[Text]:
    """Each line without the space or newline it was broken at."""
    out = []
    for piece in pieces:
        piece = piece.copy()
        piece.rstrip()
        if piece.plain.endswith("\n"):
            piece.right_crop(1)
        while piece.plain.startswith(" "):
            piece = piece[1:]
        out.append(piece)
    return out


class StepPanel:
    """`lesson3 · step 4/16` above one short narration."""

    def __init__(self, lesson_id: str, number: int, total: int, text: str, words: Words | None = None):
        self.lesson_id, self.number, self.total, self.text = lesson_id, number, total, text
        self.words = words or Words()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        title = self.words("step_title", lesson=self.lesson_id, number=self.number, total=self.total)
        body = wrapped(prose(self.text.strip()), options.max_width - 4)
        yield Panel(body, title=Text(title), title_align="left", border_style="tutor.step")


class NotePanel:
    """Words from the lesson outside any step: the opening, the closing question, a notice."""

    def __init__(self, title: str, text: str, style: str = "tutor.step"):
        self.title, self.text, self.style = title, text, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        body = wrapped(prose(self.text.strip()), options.max_width - 4)
        yield Panel(body, title=Text(self.title), title_align="left", border_style=self.style)
