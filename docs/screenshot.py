"""Make the README's pictures: real hands-free runs, each cropped to the steps it shows, and the replay page of
lesson 3 photographed at its step 13 in headless Chromium.

Everything in a picture is what the run printed; this script only chooses which steps to keep.
Run it with the project installed: python docs/screenshot.py
"""
import io
import sys
import tempfile
from pathlib import Path

from rich.console import Console

from tutor.content.catalog import find_lesson, script_for
from tutor.content.locate import read_script
from tutor.play.session import Player
from tutor.ui.record import Tape
from tutor.ui.replay import about
from tutor.ui.screen import Screen

PICTURES = [("lesson3", 13, 14, "lesson3.svg"),  # the first turn of the batch loop: the row split
            ("lesson5", 10, 11, "lesson5.svg"),  # the descent path, drawn from the live run
            ("lesson7", 5, 6, "lesson7.svg")]  # Affine.backward's shapes, drawn from the live arrays
WIDTH = 100


class CroppedScreen(Screen):
    """Shows everything, records only from step `first`'s narration until step `last`'s."""

    recording, first, last = False, 0, 0

    def begin(self, chapter, panel=None):
        self.recording = self.first <= chapter.number < self.last
        self.show(panel)

    def show(self, *renderables):
        for renderable in renderables:
            self.console.print(renderable)
            if self.recording:
                self.recorder.show(renderable)

    def raw(self, text):
        self.file.write(text)
        if self.recording:
            self.recorder.raw(text)


def picture(name: str, first: int, last: int, file_name: str) -> None:
    """Play one lesson hands-free and save the steps from `first` up to `last` as an SVG."""
    lesson = find_lesson(name)
    target = Path(__file__).with_name(file_name)
    recorder = Tape(target, WIDTH, 50)
    screen = CroppedScreen(Console(file=io.StringIO(), width=WIDTH), recorder)
    screen.first, screen.last = first, last
    result = Player(lesson, read_script(script_for(lesson)), screen).play()
    if result.misses:
        sys.exit(f"{name} missed an expectation; not making a picture of it")
    recorder.save(f"python -m tutor {name}")
    print(f"wrote {target}")


def replay_picture(file_name: str = "replay.png", step: int = 13) -> None:
    """Record lesson 3 as a replay page (--record lesson3.html) and photograph its step 13, the row split, in the
    headless Chromium the browser test drives (tests/browser.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.browser import chromium, missing

    if missing():
        sys.exit(f"no picture of the replay page: {missing()}")
    lesson, target = find_lesson("lesson3"), Path(__file__).with_name(file_name)
    script = read_script(script_for(lesson))
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "lesson3.html"
        tape = Tape(page, WIDTH, 50)
        result = Player(lesson, script, Screen(Console(file=io.StringIO(), width=WIDTH), tape)).play()
        tape.save("python -m tutor lesson3", about(lesson.id, lesson.title, script.path, script.text, "en",
                                                   len(lesson.steps), result))
        browser = chromium(1280, 1000)
        try:
            browser.get(f"{page.as_uri()}#step-{step}")
            browser.save_screenshot(str(target))
        finally:
            browser.quit()
    print(f"wrote {target}")


def main() -> None:
    wanted = sys.argv[1:]  # lesson names, or "replay": only their pictures (all without)
    for name, first, last, file_name in PICTURES:
        if not wanted or name in wanted:
            picture(name, first, last, file_name)
    if not wanted or "replay" in wanted:
        replay_picture()


if __name__ == "__main__":
    main()
