"""Source lines for the recorder: their text, and the names each may change in place (read once, cached)."""
from __future__ import annotations

import ast
import linecache

ALL = None  # suspects=ALL: every array may have changed

_TEXT: dict = {}
_SUSPECTS: dict = {}


def line_text(filename: str, lineno: int) -> str:
    """A source line with its indentation (the trace view keeps a loop's body inside it), read once."""
    key = (filename, lineno)
    text = _TEXT.get(key)
    if text is None:
        text = _TEXT[key] = linecache.getline(filename, lineno).rstrip()
    return text


def may_change(filename: str, lineno: int) -> frozenset | None:
    """Names a line may change in place: item or attribute stores, augmented assignments, names
    passed to a call or whose method is called. None (all) when the line cannot be parsed alone."""
    key = (filename, lineno)
    if key in _SUSPECTS:
        return _SUSPECTS[key]
    names = _suspects_of(line_text(filename, lineno))
    _SUSPECTS[key] = names
    return names


def _suspects_of(text: str) -> frozenset | None:
    """The analysis behind may_change, on one line of source."""
    code = text.strip()  # line_text keeps the indentation, which ast.parse refuses
    for candidate in (code, code + " pass", code.removeprefix("elif ").removeprefix("else") + " pass"):
        try:
            tree = ast.parse(candidate)
            break
        except SyntaxError:
            continue
    else:
        return ALL
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.add(_base_name(node))
        elif isinstance(node, ast.AugAssign):
            found.add(_base_name(node.target))
        elif isinstance(node, ast.Call):  # an argument that is an array or a slice of one (x.size is not)
            found.update(_base_name(arg) for arg in node.args if not isinstance(arg, ast.Attribute))
            found.update(_base_name(kw.value) for kw in node.keywords if not isinstance(kw.value, ast.Attribute))
            if isinstance(node.func, ast.Attribute):
                found.add(_base_name(node.func.value))
    found.discard(None)
    return frozenset(found)


def _base_name(node: ast.AST) -> str | None:
    """x for x, x[i], x.flat[i], x.T, x[...].real."""
    while isinstance(node, (ast.Subscript, ast.Attribute, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None
