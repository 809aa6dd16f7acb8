"""The layers of docs/architecture.md hold: import-linter's contract in setup.cfg, and an ast reading that also
keeps drawing libraries out of model."""
import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_lint_imports_keeps_the_layers():
    command = shutil.which("lint-imports", path=os.path.dirname(sys.executable)) or shutil.which("lint-imports")
    assert command, "lint-imports is part of the test extra: pip install -e '.[test]'"
    done = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_the_contract_names_every_package_of_tutor():
    """A new top-level package of tutor must be placed in a layer, or the contract would not see it."""
    config = (ROOT / "setup.cfg").read_text()
    layers = config.split("layers =", 1)[1].split("\n\n", 1)[0]
    named = {name.strip() for line in layers.splitlines() for name in line.split("|") if name.strip()}
    packages = {f"tutor.{p.name}" for p in (ROOT / "tutor").iterdir() if (p / "__init__.py").exists()}
    modules = {f"tutor.{p.stem}" for p in (ROOT / "tutor").glob("*.py") if p.stem != "__init__"}
    assert packages | modules == named


PACKAGE = Path(__file__).resolve().parent.parent / "tutor"
ALLOWED = {"model": {"model"}, "core": {"core", "model"}, "content": {"content", "model"},
           "ui": {"ui", "model"}, "play": {"play", "model", "core", "content", "ui"}}
DRAWING = {"rich", "prompt_toolkit", "pygments"}


def imported(path: Path) -> list[tuple[int, str]]:
    """Every absolute import in a module, nested ones too, as (line, dotted name)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_layer_imports_only_the_layers_below_it(layer):
    wrong = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for line, name in imported(path):
            top, _, rest = name.partition(".")
            if top == "tutor" and rest.split(".")[0] not in ALLOWED[layer]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
            if layer == "model" and top in DRAWING:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} draws with {name}")
    assert not wrong, "\n".join(wrong)
