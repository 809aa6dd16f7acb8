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


def test_the_distribution_has_a_name_of_its_own_and_every_hint_uses_it():
    # on PyPI `tutor` is Open edX's Tutor: the distribution and its command are pdb-tutor (tutor/model/install.py)
    import configparser
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    config = configparser.ConfigParser()
    config.read(root / "setup.cfg")
    assert config["metadata"]["name"] == "pdb-tutor"
    assert [line.split("=")[0].strip() for line in config["options.entry_points"]["console_scripts"].split("\n")
            if line.strip()] == ["pdb-tutor"]
    files = [*root.glob("tutor/**/*.py"), *root.glob("scripts/*.py"), *root.glob("lessons/*.toml"),
             *root.glob("docs/*.md"), root / "README.md"]
    stale = [f"{path.relative_to(root)}: {match.group(0)}" for path in files
             for match in re.finditer(r"pip install -?\S*'?(?<![-\w])tutor\[", path.read_text(encoding="utf-8"))]
    assert stale == []
