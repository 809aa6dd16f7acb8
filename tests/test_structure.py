"""The size rules of the package: small modules, short functions, a thin top level.

- no module under tutor/ is longer than 400 lines;
- no function or method is longer than 40 lines, counted from its `def` line to the last line of its
  body (decorators aside), nested functions counted on their own and inside the function around them;
- at most four modules stand directly in tutor/: __init__, __main__, cli and one more.

A failure lists every offender with its size, so one run says all that is to be done.
"""
import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "tutor"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 40
MAX_TOP_MODULES = 4


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def function_lengths(path: Path) -> list[tuple[str, int, int]]:
    """(qualified name, line of its def, lines from def to the end of its body) for every function in a module."""
    found = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append((prefix + child.name, child.lineno, child.end_lineno - child.lineno + 1))
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), "")
    return found


def test_the_rules_see_the_whole_package():
    names = {name(path) for path in modules()}
    assert {"tutor/cli.py", "tutor/play/session.py", "tutor/ui/views/plot.py"} <= names
    lengths = {function: size for function, _, size in function_lengths(PACKAGE / "ui" / "views" / "plot.py")}
    # PlotView.arrow_legend, counted by hand: its def line, a docstring line and 12 lines of body.
    assert lengths["PlotView.arrow_legend"] == 14 and "Canvas.dot" in lengths and "bresenham" in lengths


def test_no_module_is_longer_than_400_lines():
    sizes = {name(path): len(path.read_text(encoding="utf-8").splitlines()) for path in modules()}
    long = sorted(((size, module) for module, size in sizes.items() if size > MAX_MODULE_LINES), reverse=True)
    assert not long, f"modules over {MAX_MODULE_LINES} lines:\n" + "\n".join(
        f"  {module}: {size} lines" for size, module in long)


def test_no_function_is_longer_than_40_lines():
    long = sorted(((size, f"{name(path)}:{line} {function}") for path in modules()
                   for function, line, size in function_lengths(path) if size > MAX_FUNCTION_LINES), reverse=True)
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines (def to end of body):\n" + "\n".join(
        f"  {where}: {size} lines" for size, where in long)


def test_at_most_four_modules_stand_directly_in_the_package():
    top = sorted(path.stem for path in PACKAGE.glob("*.py"))
    assert {"__init__", "__main__", "cli"} <= set(top)
    assert len(top) <= MAX_TOP_MODULES, f"{len(top)} modules directly in tutor/ (at most {MAX_TOP_MODULES}): " \
                                        + ", ".join(top)
