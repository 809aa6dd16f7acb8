"""Which modules a script imports that it will not find, seen from the script's own sys.path, without importing any."""
from __future__ import annotations

import ast
import importlib.machinery
import os
import sys
from pathlib import Path

from tutor.model.install import PLOT_EXTRA
from tutor.model.record import Record
from tutor.model.script import Script

# Modules whose fix is a known pip command; any other missing name gets none (it may be the user's own file).
KNOWN_DISTRIBUTIONS = {"matplotlib": PLOT_EXTRA, "mpl_toolkits": PLOT_EXTRA, "numpy": "pip install numpy"}


class Missing(Record):
    """A top-level module the script imports on `line` that no folder on its path holds."""

    name: str
    line: int


def missing_modules(script: Script) -> list[Missing]:
    """Modules imported unconditionally (not inside try or if) that the script will not find, in line order."""
    folder = script.path.parent
    front, back, missing, seen = [], [], [], set()
    for node in ast.parse(script.text).body:
        change = path_change(node, script.path)
        if change is not None:
            (front if change[0] == "insert" else back).append(change[1])
            continue
        for name in imported_names(node):
            if name not in seen and not findable(name, [*front, str(folder), *sys.path[1:], *back]):
                missing.append(Missing(name, node.lineno))
            seen.add(name)
    return missing


def imported_names(node: ast.stmt) -> list[str]:
    """The top-level names an import statement needs (none for a relative import or any other statement)."""
    if isinstance(node, ast.Import):
        return [alias.name.split(".")[0] for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        return [node.module.split(".")[0]]
    return []


def findable(name: str, paths: list[str]) -> bool:
    """Whether `import name` would find it: built in, frozen, on the paths, or by an installed finder; nothing runs."""
    if name in sys.modules:
        return sys.modules[name] is not None  # None: import raises ModuleNotFoundError
    if name in sys.builtin_module_names or importlib.machinery.FrozenImporter.find_spec(name) is not None:
        return True
    if importlib.machinery.PathFinder.find_spec(name, paths) is not None:
        return True
    return any(_other_finder_finds(finder, name) for finder in sys.meta_path
               if finder not in (importlib.machinery.PathFinder, importlib.machinery.BuiltinImporter,
                                 importlib.machinery.FrozenImporter))


def _other_finder_finds(finder: object, name: str) -> bool:
    """An editable install's finder, say; a finder that refuses the name (or breaks) does not find it."""
    find_spec = getattr(finder, "find_spec", None)
    try:
        return find_spec is not None and find_spec(name, None) is not None
    except Exception:  # noqa: BLE001 - a finder's failure means: not found this way
        return False


def path_change(node: ast.stmt, script_path: Path) -> tuple[str, str] | None:
    """('insert' or 'append', folder) for `sys.path.append(X)` or `sys.path.insert(I, X)` with X known statically."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return None
    call = node.value
    if not (_dotted(call.func) in ("sys.path.append", "sys.path.insert") and not call.keywords):
        return None
    how = call.func.attr
    if len(call.args) != (1 if how == "append" else 2):
        return None
    value = static_path(call.args[-1], script_path)
    if value is None:
        return None
    return how, os.path.normpath(os.path.join(script_path.parent, value))  # relative to the script's folder


def static_path(node: ast.expr, script_path: Path) -> str | None:
    """The string a path expression makes, from constants, __file__, os.pardir/curdir and os.path calls; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id == "__file__":
        return str(script_path)
    named = {"os.pardir": os.pardir, "os.curdir": os.curdir}.get(_dotted(node))
    if named is not None:
        return named
    if not (isinstance(node, ast.Call) and not node.keywords):
        return None
    args = [static_path(arg, script_path) for arg in node.args]
    if None in args or not args:
        return None
    function = _dotted(node.func)
    if function == "os.path.join":
        return os.path.join(*args)
    calls = {"os.path.dirname": os.path.dirname, "os.path.abspath": lambda p: p, "os.path.realpath": lambda p: p,
             "os.path.normpath": os.path.normpath}
    return calls[function](args[0]) if function in calls and len(args) == 1 else None


def _dotted(node: ast.expr) -> str:
    """`a.b.c` for an attribute chain on a name, '' for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join([node.id, *reversed(parts)]) if isinstance(node, ast.Name) else ""


def missing_message(script: Script, missing: Missing) -> str:
    """One line naming the script's line; a pip command only for a module known to be a distribution."""
    where = f"{script.path.name} line {missing.line} imports {missing.name}"
    fix = KNOWN_DISTRIBUTIONS.get(missing.name)
    if fix:
        return f"{where}, which is not installed: {fix}"
    return (f"{where}, which is not found beside the script, on the path the script adds "
            "or among the installed modules")
