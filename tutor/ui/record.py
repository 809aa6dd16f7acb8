"""--record FILE: what the audience saw, as a step-by-step HTML replay, SVG or text (rich's export) or an asciinema
cast."""
from __future__ import annotations

import errno
import io
import json
import os
import re
import shutil
import time
from pathlib import Path

from rich.console import CONSOLE_SVG_FORMAT, Console, RenderableType
from rich.terminal_theme import DEFAULT_TERMINAL_THEME, MONOKAI, SVG_EXPORT_THEME
from rich.text import Text

from tutor.model.writes import temporary_beside, write_whole
from tutor.ui.screen import Chapter

KINDS = (".html", ".svg", ".txt", ".cast")
TERMINALS = {"dark": SVG_EXPORT_THEME, "light": DEFAULT_TERMINAL_THEME, "contrast": MONOKAI}  # --theme's colours
# rich's SVG template, without the web font it would fetch from a CDN: a recording makes no network request
OFFLINE_SVG = re.sub(r',\s*url\("https?://[^"]*"\) format\("\w+"\)', "", CONSOLE_SVG_FORMAT)
PROBE = 4096  # bytes written and synced before the lesson, to find a read-only place or a full disk first


class Tape:
    """Everything shown, in order: kept by a recording rich Console, with times for a cast."""

    def __init__(self, path: Path, width: int, height: int, theme: str = "dark"):
        self.path, self.width, self.height = path, width, height
        self.fresh = Fresh()
        plain = path.suffix.lower() == ".txt"  # no colours: views then tell apart by glyph what colour tells
        self.console = Console(record=True, width=width, height=height, file=self.fresh,
                               force_terminal=True, color_system=None if plain else "truecolor")
        self.terminal = TERMINALS[theme]
        self.start = time.monotonic()
        self.events: list[tuple[float, str]] = []
        self.pages: list[Page] | None = [Page(Chapter(0, ""))] if path.suffix.lower() == ".html" else None

    def begin(self, chapter: Chapter, panel: RenderableType | None) -> None:
        """A step begins: a page of its own in a replay (whose heading says what the panel says), else the panel."""
        if self.pages is None:
            if panel is not None:
                self.show(panel)
            return
        last = self.pages[-1].chapter
        if chapter.number == last.number and not (chapter.own or last.own):
            return  # the step's command, typed right after its narration: the same page
        self._close_page()
        self.pages.append(Page(chapter))

    def _close_page(self) -> None:
        """The last page gets what was printed since it began, as rich's HTML (the record then starts empty)."""
        self.pages[-1].code = self.console.export_html(theme=self.terminal, clear=True, inline_styles=True,
                                                       code_format="{code}")

    def raw(self, text: str) -> None:
        """Text exactly as printed (pdb, the console, the program)."""
        self.console.print(Text(text), end="", soft_wrap=True)
        self._stamp()

    def show(self, renderable: RenderableType) -> None:
        """A rich view."""
        self.console.print(renderable)
        self._stamp()

    def _stamp(self) -> None:
        """Keep what the last call printed, with the time since the start (for the cast): only the new text,
        never the whole output again (which made a long recording quadratic)."""
        written = self.fresh.take()
        if written:
            self.events.append((time.monotonic() - self.start, written))

    def save(self, title: str, about=None) -> None:
        """Write the file, in the format its suffix names: whole in a temporary file beside it, then renamed
        over the target, so a full disk or a kill never leaves half a recording. `about`: a replay's header
        (tutor.ui.replay.About)."""
        suffix = self.path.suffix.lower()
        if suffix == ".svg":
            text = self.console.export_svg(title=title, clear=False, theme=self.terminal, code_format=OFFLINE_SVG)
        elif suffix == ".html":
            from tutor.ui.replay import document

            self._close_page()
            text = document(self.pages, about, self.terminal)
        elif suffix == ".txt":
            text = self.console.export_text(clear=False)
        else:
            text = self.cast(title)
        write_whole(self.path, text, temporary_beside(self.path, ".{name}.{tag}.tmp"))

    def cast(self, title: str) -> str:
        """asciinema's v2 format: a JSON header, then one [time, "o", text] line per write."""
        header = {"version": 2, "width": self.width, "height": self.height, "timestamp": int(time.time()),
                  "title": title, "env": {"TERM": os.environ.get("TERM", "xterm-256color"), "SHELL": "/bin/sh"}}
        lines = [json.dumps(header)]
        lines += [json.dumps([round(t, 6), "o", text.replace("\n", "\r\n")]) for t, text in self.events]
        return "\n".join(lines) + "\n"


class Page:
    """One step of a replay: where it began, and what was shown until the next one, as rich's HTML."""

    def __init__(self, chapter: Chapter):
        self.chapter, self.code = chapter, ""


class Fresh(io.TextIOBase):
    """The recording console's file: it holds what was written since the last take(), nothing older."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def take(self) -> str:
        """What was written since the last call, and forget it."""
        text = "".join(self.parts)
        self.parts.clear()
        return text


def check_target(path: str, force: bool = False) -> Path:
    """The file to record to, checked before the lesson starts: a known suffix, not a folder, in a folder that
    exists and takes a file; an existing file only with --force."""
    target = Path(path).expanduser()
    if target.suffix.lower() not in KINDS:
        raise ValueError(f"--record: {target.name} should end in one of {', '.join(KINDS)}")
    if target.is_dir():
        raise ValueError(f"--record: {target} is a folder; name a file in it")
    if not target.parent.is_dir():
        raise ValueError(f"--record: no such folder: {target.parent}")
    if target.exists() and not force:
        raise ValueError(f"--record: {target} already exists; add --force to replace it")
    probe = temporary_beside(target, ".{name}.{tag}.probe")
    try:
        write_whole(probe, "x" * PROBE)  # what saving will do, on a small scale
        os.unlink(probe)
        if shutil.disk_usage(target.parent).free == 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    except OSError as exc:
        raise ValueError(f"--record: cannot write in {target.parent}: {exc.strerror or exc}") from None
    return target
