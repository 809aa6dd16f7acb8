"""Named styles for every view, and the themes that give them colours (dark, light, contrast)."""
from __future__ import annotations

from rich.theme import Theme

_DARK = {
    "tutor.name": "bold cyan", "tutor.accent": "cyan", "tutor.change": "bold yellow", "tutor.warn": "yellow",
    "tutor.written": "bold reverse yellow", "tutor.highlight": "bold reverse", "tutor.good": "green",
    "tutor.bad": "bold red", "tutor.type": "magenta", "tutor.ask": "bright_magenta", "tutor.step": "bright_blue",
    "tutor.source": "blue", "tutor.dim": "dim", "tutor.current": "bold on grey23",
    "tutor.plot.1": "bright_cyan", "tutor.plot.2": "bright_yellow", "tutor.plot.3": "bright_magenta",
    "tutor.plot.axis": "grey62", "tutor.plot.mark": "bold bright_white", "tutor.plot.long": "bold bright_cyan",
    "tutor.plot.mid": "cyan", "tutor.plot.short": "grey42",
}
_LIGHT = {
    "tutor.name": "bold blue", "tutor.accent": "blue", "tutor.change": "bold dark_orange3",
    "tutor.warn": "dark_orange3", "tutor.written": "bold reverse dark_orange3", "tutor.highlight": "bold reverse",
    "tutor.good": "green4", "tutor.bad": "bold red3", "tutor.type": "dark_magenta", "tutor.ask": "magenta",
    "tutor.step": "blue", "tutor.source": "blue", "tutor.dim": "grey50", "tutor.current": "bold on grey85",
    "tutor.plot.1": "blue", "tutor.plot.2": "dark_orange3", "tutor.plot.3": "dark_magenta",
    "tutor.plot.axis": "grey50", "tutor.plot.mark": "bold black", "tutor.plot.long": "bold blue",
    "tutor.plot.mid": "blue", "tutor.plot.short": "grey62",
}
_CONTRAST = {
    "tutor.name": "bold bright_white", "tutor.accent": "bold bright_white", "tutor.change": "bold bright_yellow",
    "tutor.warn": "bold bright_yellow", "tutor.written": "bold black on bright_yellow",
    "tutor.highlight": "bold black on bright_white", "tutor.good": "bold bright_green", "tutor.bad": "bold bright_red",
    "tutor.type": "bold bright_cyan", "tutor.ask": "bold bright_magenta", "tutor.step": "bold bright_white",
    "tutor.source": "bold bright_white", "tutor.dim": "white", "tutor.current": "bold black on bright_white",
    "tutor.plot.1": "bold bright_cyan", "tutor.plot.2": "bold bright_yellow", "tutor.plot.3": "bold bright_magenta",
    "tutor.plot.axis": "bright_white", "tutor.plot.mark": "bold black on bright_white",
    "tutor.plot.long": "bold bright_white", "tutor.plot.mid": "bright_white", "tutor.plot.short": "white",
}
THEMES = {"dark": Theme(_DARK), "light": Theme(_LIGHT), "contrast": Theme(_CONTRAST)}
SYNTAX = {"dark": "ansi_dark", "light": "ansi_light", "contrast": "ansi_dark"}  # pygments themes for the source
DEFAULT = Theme(_DARK)
