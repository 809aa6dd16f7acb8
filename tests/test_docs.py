"""docs/lessons.md stays true: its complete example loads and plays hands-free without a miss."""
import io
import re
from pathlib import Path

from rich.console import Console

from tutor.content.load import parse_lesson
from tutor.content.locate import read_script
from tutor.play.session import Player
from tutor.ui.screen import Screen
from tests.conftest import ROOT, SCRIPT


def example_lesson() -> str:
    text = (ROOT / "docs" / "lessons.md").read_text()
    return re.findall(r"```toml\n(.*?)```", text, flags=re.S)[-1]


def test_the_documented_example_plays_without_a_miss():
    lesson = parse_lesson(example_lesson(), Path("docs/lessons.md"))
    out = io.StringIO()
    result = Player(lesson, read_script(SCRIPT), Screen(Console(file=out, width=80))).play()
    assert result.misses == [] and result.completed
    text = out.getvalue()
    assert "324 numbers, not one point" in text  # the after text, with x.size read from the frame
    assert "X had two rows" in text  # the outro, shown because every step ran
