"""The header and narration of a lesson step, and the lesson's opening and closing words."""
from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.text import Text

from tutor.messages import say

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


class StepPanel:
    """`lesson3 · step 4/16` above one short narration."""

    def __init__(self, lesson_id: str, number: int, total: int, text: str):
        self.lesson_id, self.number, self.total, self.text = lesson_id, number, total, text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        title = say("step_title", lesson=self.lesson_id, number=self.number, total=self.total)
        yield Panel(prose(self.text.strip()), title=title, title_align="left", border_style="tutor.step")


class NotePanel:
    """Words from the lesson outside any step: the opening, the closing question, a notice."""

    def __init__(self, title: str, text: str, style: str = "tutor.step"):
        self.title, self.text, self.style = title, text, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Panel(prose(self.text.strip()), title=self.title, title_align="left", border_style=self.style)
