"""What the first screen loads: modules it can do without stay unloaded, since each adds to its start time."""
import os
import subprocess
import sys


def imported(arguments: list[str], cwd) -> set[str]:
    """Every module a fresh interpreter imports while running the arguments (python -X importtime)."""
    done = subprocess.run([sys.executable, "-X", "importtime", *arguments], capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, cwd=cwd, stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def test_the_first_screen_loads_no_lexer_keyboard_numpy_or_emoji_table(tmp_path):
    names = imported(["-m", "tutor", "lesson3", "--auto", "--to", "1"], tmp_path)
    assert {"rich.console", "pdb", "tutor.ui.views.source"} <= names  # the check does see imports
    for heavy in ("pygments", "rich.syntax", "prompt_toolkit", "numpy", "rich._emoji_codes"):
        assert heavy not in names, f"{heavy} is loaded by the first screen"


def test_building_the_parser_does_not_import_shutil(tmp_path):
    code = "from tutor.arguments import build_parser, parse, routed; p = build_parser(); parse(p, routed(['lesson3'], p))"
    names = imported(["-c", code], tmp_path)
    assert "argparse" in names and "shutil" not in names


def test_help_is_wrapped_to_columns(monkeypatch, capsys):
    from tutor.arguments import build_parser, subcommands

    monkeypatch.setenv("COLUMNS", "50")
    subcommands(build_parser())["play"].print_help()
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 50 and len(lines) > 20
