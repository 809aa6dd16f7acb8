"""Make docs/lesson3.svg for the README: a real hands-free run of lesson 3, cropped to one screen.

Everything in the picture is what the run printed; this script only chooses which steps to keep.
Run it with the project installed: python docs/screenshot.py
"""
import io
import sys
from pathlib import Path

from rich.console import Console

from tutor.catalog import find_lesson, script_for
from tutor.locate import read_script
from tutor.player import Player
from tutor.record import Tape
from tutor.screen import Screen
from tutor.views.step import StepPanel

FIRST, LAST = 13, 14  # keep from step 13's narration up to (not including) step 14's
WIDTH = 100


class CroppedScreen(Screen):
    """Shows everything, records only from step FIRST's narration until step LAST's."""

    recording = False

    def show(self, *renderables):
        for renderable in renderables:
            if isinstance(renderable, StepPanel):
                self.recording = FIRST <= renderable.number < LAST
            self.console.print(renderable)
            if self.recording:
                self.recorder.show(renderable)

    def raw(self, text):
        self.file.write(text)
        if self.recording:
            self.recorder.raw(text)


def main() -> None:
    lesson = find_lesson("lesson3")
    target = Path(__file__).with_name("lesson3.svg")
    recorder = Tape(target, WIDTH, 50)
    screen = CroppedScreen(Console(file=io.StringIO(), width=WIDTH), recorder)
    result = Player(lesson, read_script(script_for(lesson)), screen).play()
    if result.misses:
        sys.exit("lesson 3 missed an expectation; not making a picture of it")
    recorder.save("python -m tutor lesson3")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
