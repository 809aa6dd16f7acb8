"""The layers of docs/architecture.md hold: import-linter's contract in setup.cfg, run on the package as installed."""
import os
import shutil
import subprocess
import sys

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
