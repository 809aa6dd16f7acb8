"""The keyboard for a dumb terminal (TERM=dumb): plain input(), the offered command written out, no escapes."""
from __future__ import annotations

from typing import TextIO

from tutor.model.prompt import Prompt
from tutor.model.prompt import LEAVE, Offer


class PlainKeyboard:
    """Reads lines with input(); Enter on an empty line takes the offer, as the full keyboard does."""

    typing = False

    def __init__(self, out: TextIO):
        self.out = out

    def read(self, prompt: Prompt, offer: Offer | None, status: object = None) -> str:
        """One line; the offer is shown in brackets on the line above; EOFError and Ctrl-C pass through."""
        if offer is not None:
            self.out.write(f"[Enter: {offer.label}]\n")
            self.out.flush()
        line = input(prompt.text)
        if line.strip() or offer is None:
            return line
        if offer.line is LEAVE:
            raise EOFError
        return offer.line

    def read_key(self, hint: str) -> str:
        """A key for walking a recording, typed as a letter and Enter (Enter alone: next)."""
        typed = input(f"[{hint}] ").strip().lower()[:1]
        return typed or "enter"
