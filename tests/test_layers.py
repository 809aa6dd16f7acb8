"""The package's layers import only downwards: model <- core, content, ui <- play (and model draws nothing)."""
import ast
from pathlib import Path

import pytest

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
