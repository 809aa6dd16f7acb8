"""--record FILE.html: one self-contained page that replays a lesson a step at a time, each step as rich drew it."""
from __future__ import annotations

import base64
import datetime
import hashlib
import html
import itertools
import platform
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.model.record import Record
from tutor.ui.views.step import reflow, wide
from tutor.ui.words import Words

if TYPE_CHECKING:
    from rich.terminal_theme import TerminalTheme

    from tutor.ui.record import Page

HERE = Path(__file__).parent
_CODE = re.compile(r"`([^`]+)`")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


class About(Record):
    """The run a replay shows: which lesson on which script, under which Python and numpy, and how it went."""

    lesson: str
    title: str
    script: str
    digest: str  # sha256 of the script's text, as played
    language: str
    total: int  # the lesson's steps
    ran: int  # steps issued
    missed: tuple[int, ...] | None  # steps whose expectations missed; None: the run stopped before it could say
    python: str = platform.python_version()
    numpy: str = ""
    date: str = ""


def about(lesson: str, title: str, script: Path, text: str, language: str, total: int, result) -> About:
    """The header's facts, from the lesson, the script's text and the run's result (None when the run broke off)."""
    missed = None if result is None else tuple(sorted({miss.step.number for miss in result.misses}))
    ran = 0 if result is None else result.ran
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return About(lesson, title, script.name, digest, language, total, ran, missed, numpy=numpy_version(), date=now)


def numpy_version() -> str:
    """numpy's version: the one the script ran with if it imported numpy, else the one installed."""
    if "numpy" in sys.modules:
        return str(getattr(sys.modules["numpy"], "__version__", "?"))
    from importlib import metadata

    try:
        return metadata.version("numpy")
    except metadata.PackageNotFoundError:
        return "-"


def document(pages: list[Page], facts: About, terminal: TerminalTheme) -> str:
    """The whole page: header, controls, step list, one section per step; its only script allowed by its hash."""
    words = Words(facts.language)
    script = (HERE / "replay.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    colours = f":root{{--fg:{terminal.foreground_color.hex};--bg:{terminal.background_color.hex}}}"
    ids = addresses(pages)
    missed = set(facts.missed or ())
    sections = "\n".join(section(page, id, facts, words) for page, id in zip(pages, ids))
    items = "\n".join(step_item(page, id, words, page.chapter.number in missed) for page, id in zip(pages, ids))
    title = e(f"{facts.lesson} · {facts.title}")
    return f"""<!DOCTYPE html>
<html lang="{e(facts.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
script-src 'sha256-{digest}'; img-src data:">
<title>{title}</title>
<style>{colours}
{(HERE / "replay.css").read_text(encoding="utf-8")}</style>
</head>
<body>
{header(facts, words)}
{controls(words)}
<div class="layout">
<nav class="steps" aria-label="{e(words("replay_steps"))}"><ol>
{items}
</ol></nav>
<main>
{sections}
</main>
</div>
<script>{script}</script>
</body>
</html>
"""


def addresses(pages: list[Page]) -> list[str]:
    """Each page's id: step-N for the first page of step N (step-0: before the first step), step-N-K for later ones
    (the learner's own lines, a step shown again after a replay)."""
    seen: dict[int, int] = {}
    ids = []
    for page in pages:
        number = page.chapter.number
        count = seen[number] = seen.get(number, -1) + 1
        ids.append(f"step-{number}" if count == 0 else f"step-{number}-{count}")
    return ids


def heading(page: Page, facts: About, words: Words) -> str:
    """What a page is, as HTML: the step and its command, the learner's own line, or the lesson's opening."""
    chapter = page.chapter
    if chapter.number == 0:
        return e(words("replay_intro"))
    step = e(words("step_title", lesson=facts.lesson, number=chapter.number, total=facts.total))
    own = f" · {e(words('replay_own'))}" if chapter.own else ""
    return f"{step}{own} · <code>{e(chapter.command)}</code>"


def section(page: Page, id: str, facts: About, words: Words) -> str:
    """One step: heading, narration as prose (it wraps on a phone), then the terminal as rich drew it."""
    say = "".join(f"<p>{prose(part)}</p>" for part in reflow(page.chapter.say).split("\n\n") if part.strip())
    return (f'<section class="page" id="{id}">\n<h2>{heading(page, facts, words)}</h2>\n'
            f'<div class="say">{say}</div>\n<pre class="term"><code>{cells(page.code)}</code></pre>\n</section>')


def step_item(page: Page, id: str, words: Words, missed: bool) -> str:
    """The step list's line for a page: its number and command, marked when an expectation missed."""
    chapter = page.chapter
    if chapter.number == 0:
        text = e(words("replay_intro"))
    else:
        own = f"{e(words('replay_own'))}: " if chapter.own else ""
        text = f"{chapter.number} · {own}<code>{e(chapter.command)}</code>"
    mark = f' <span class="mark">✗ {e(words("replay_missed_mark"))}</span>' if missed else ""
    whole = e(html.unescape(re.sub(r"<[^>]+>", "", text)))  # the whole line on hover, where the list cuts it short
    return f'<li{" class=missed" if missed else ""}><a href="#{id}" title="{whole}">{text}{mark}</a></li>'


def header(facts: About, words: Words) -> str:
    """The run's truth: lesson, script and its hash, Python, numpy, date, and whether every expectation held."""
    if facts.missed is None:
        verdict, style = words("replay_broke_off"), "bad"
    elif facts.missed:
        verdict, style = words("replay_missed", steps=", ".join(map(str, facts.missed))), "bad"
    elif facts.ran < facts.total:
        verdict, style = words("replay_held_part", ran=facts.ran, total=facts.total), "good"
    else:
        verdict, style = words("replay_held"), "good"
    rows = [(words("replay_script"), f"{facts.script} · sha256 {facts.digest[:16]}"),
            ("Python", facts.python), ("numpy", facts.numpy), (words("replay_date"), facts.date),
            (words("replay_ran"), f"{facts.ran}/{facts.total}")]
    listed = "".join(f"<div><dt>{e(name)}</dt><dd>{e(value)}</dd></div>" for name, value in rows)
    return (f'<header class="about"><h1>{e(facts.lesson)} · {e(facts.title)}</h1>\n'
            f'<p class="verdict {style}">{e(verdict)}</p>\n<dl>{listed}</dl></header>')


def controls(words: Words) -> str:
    """Previous, where, next, show all, and the keys, as buttons and words (the script makes them work)."""
    return (f'<div class="controls"><button id="previous" aria-label="{e(words("replay_previous"))}">←</button>'
            f'<span id="where" aria-live="polite"></span>'
            f'<button id="next" aria-label="{e(words("replay_next"))}">→</button>'
            f'<button id="all" aria-pressed="false">{e(words("replay_all"))}</button>'
            f'<span class="keys">{e(words("replay_keys"))}</span></div>')


def prose(text: str) -> str:
    """A paragraph of narration, escaped, its `code` spans as <code>."""
    parts = _CODE.split(text)  # odd indexes: inside backticks
    return "".join(f"<code>{e(part)}</code>" if index % 2 else e(part) for index, part in enumerate(parts))


def cells(code: str) -> str:
    """rich's HTML with each run of wide characters (Han, kana, full-width) drawn two columns wide each, as the
    terminal drew them, whatever the fallback font's own widths (the characters stay text: copy and search work)."""
    return _NOT_ASCII.sub(lambda match: "".join(_wide_runs(match.group())), code)


def _wide_runs(text: str):
    for is_wide, run in itertools.groupby(text, key=wide):
        run = "".join(run)
        yield f'<span class="w" style="width:{2 * len(run)}ch">{run}</span>' if is_wide else run


def e(text: object) -> str:
    """Text as HTML text: <, >, & and quotes escaped."""
    return html.escape(str(text), quote=True)
