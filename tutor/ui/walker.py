"""Walk a recording with single keys: a line forward or back, to the next pass of a loop, to the end."""
from __future__ import annotations

from typing import Callable

from tutor.model.passes import Difference
from tutor.model.recording import Recording
from tutor.ui.screen import Screen
from tutor.ui.views.step import NotePanel
from tutor.ui.views.trace import EventView, RecordingSummary
from tutor.ui.words import Words

KEYS = {"right": "next", "n": "next", " ": "next", "enter": "next", "left": "back", "p": "back", "b": "back",
        "i": "pass", "e": "end", "q": "quit", "escape": "quit"}


class Walker:
    """Moves through the kept events of a recording and shows each one; keys come from `read_key`."""

    def __init__(self, recording: Recording, screen: Screen, read_key: Callable[[str], str],
                 spec: Difference = Difference(), words: Words | None = None):
        self.recording, self.screen, self.read_key, self.spec = recording, screen, read_key, spec
        self.words = words or Words()
        self.position = 0

    def walk(self) -> None:
        """Show the summary, then one event per key until the learner is done."""
        self.screen.show(RecordingSummary(self.recording, self.spec, words=self.words))
        events = self.recording.events
        if not events:
            return
        self.screen.show(NotePanel(self.words("walk_title"), self.words("walk_keys"), style="tutor.accent"))
        self.show()
        while (action := KEYS.get(self.read_key(self.words("walk_keys")), "")) != "quit":
            if self.move(action):
                self.show()

    def move(self, action: str) -> bool:
        """Change the position for an action; False when it cannot move."""
        last = len(self.recording.events) - 1
        target = {"next": min(self.position + 1, last), "back": max(self.position - 1, 0),
                  "pass": self.next_pass(), "end": last}.get(action, self.position)
        moved, self.position = target != self.position, target
        return moved

    def next_pass(self) -> int:
        """The first event of the next pass in the current frame (or of the next frame's pass)."""
        events = self.recording.events
        here = events[self.position]
        for index in range(self.position + 1, len(events)):
            event = events[index]
            if event.frame == here.frame and event.iteration != here.iteration:
                return index
        for index in range(self.position + 1, len(events)):
            if events[index].frame != here.frame:
                return index
        return self.position

    def show(self) -> None:
        """The event at the current position, inside its pass."""
        self.screen.show(EventView(self.recording, self.position, self.spec, words=self.words))
