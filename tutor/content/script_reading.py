"""A script read with ast for the lesson drafter, never run: its functions, its main code, the calls sure to run."""
from __future__ import annotations

import ast
from dataclasses import dataclass

from tutor.model.script import Script


@dataclass(frozen=True)
class Function:
    """A function or method the draft may step into, as it sees it."""

    name: str  # the code's own name, as pdb shows it: forward
    node: ast.FunctionDef
    params: tuple[str, ...]  # what `p` shows (not a method's self)
    positional: tuple[str, ...]  # what positional arguments fill
    qualname: str = ""  # MulLayer.forward
    file: str | None = None  # relative to the script's folder; None: the script itself
    self_name: str | None = None  # a method's first parameter


def plain_functions(tree: ast.Module) -> dict[str, Function]:
    """Plain functions defined at module level: not decorated, not generators, not async."""
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.decorator_list or is_generator(node):
            continue
        args = node.args
        positional = tuple(a.arg for a in args.posonlyargs + args.args)
        extra = tuple(a.arg for a in (args.vararg,) if a) + tuple(a.arg for a in args.kwonlyargs) + tuple(
            a.arg for a in (args.kwarg,) if a)
        found[node.name] = Function(node.name, node, positional + extra, positional)
    # a name bound again at module level is not known to be this function when it is called
    bound = {n.id for n in walk_own(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))}
    bound |= {(alias.asname or alias.name).split(".")[0] for n in walk_own(tree)
              if isinstance(n, (ast.Import, ast.ImportFrom)) for alias in n.names}
    defined = [n.name for n in walk_own(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    return {name: f for name, f in found.items() if name not in bound and defined.count(name) == 1}


def main_lines(tree: ast.Module) -> list[tuple[int, list[ast.stmt]]]:
    """Lines of simple statements run once, in order: at module level and directly inside the main guard.

    Statements sharing a line (`a = f(); b = g()`) are one stop: pdb stops once, before the first.
    """
    found: dict[int, list[ast.stmt]] = {}
    for node in tree.body:
        nodes = node.body if isinstance(node, ast.If) and _is_main_guard(node.test) else [node]
        for statement in nodes:
            found.setdefault(statement.lineno, []).append(statement)
    return [(number, statements) for number, statements in found.items()
            if all(_is_simple(statement) for statement in statements)]


def main_blocks(tree: ast.Module) -> list[ast.stmt]:
    """Loops and other blocks of the main code (not definitions, imports or the main guard): not stopped in."""
    found = []
    for node in tree.body:
        nodes = node.body if isinstance(node, ast.If) and _is_main_guard(node.test) else [node]
        found += [n for n in nodes if not _is_simple(n) and not isinstance(n, (
            ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom))]
    return found


def line_label(statements: list[ast.stmt]) -> str:
    """A [lines] name from what a line computes: `grad = f(...)` gives grad_call, `np.save(...)` np_save_call."""
    first = statements[0]
    targets = first.targets if isinstance(first, ast.Assign) else [first.target] if isinstance(
        first, (ast.AugAssign, ast.AnnAssign)) else []
    names = [_target_name(target) for target in targets[:1]]
    if names and names[0]:
        return f"{names[0]}_call"
    call = top_call(first)
    return f"{call_name(call)}_call" if call is not None else "line"


def _target_name(node: ast.expr) -> str:
    """`grad`, `X_Y` for `X, Y`, `W` for `self.W` or `W[0]`; '' when it has no name."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, (ast.Subscript, ast.Starred)):
        return _target_name(node.value)
    if isinstance(node, (ast.Tuple, ast.List)):
        return "_".join(filter(None, map(_target_name, node.elts)))
    return ""


def loops_on_its_line(node: ast.stmt) -> bool:
    """A statement whose line runs more than once: a comprehension, generator expression or lambda in it."""
    return any(isinstance(n, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda))
               for n in ast.walk(node))


def is_generator(node: ast.FunctionDef) -> bool:
    """A function whose body holds yield does not run when called."""
    for child in walk_own(node):
        if isinstance(child, (ast.Yield, ast.YieldFrom, ast.Await)):
            return True
    return False


def walk_own(node: ast.AST):
    """ast.walk without entering nested functions, lambdas and classes."""
    todo = list(ast.iter_child_nodes(node))
    while todo:
        child = todo.pop()
        yield child
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            todo.extend(ast.iter_child_nodes(child))


def _is_main_guard(test: ast.expr) -> bool:
    """`__name__ == "__main__"`, either way round."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    return any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and any(
        isinstance(s, ast.Constant) and s.value == "__main__" for s in sides)


def _is_simple(node: ast.stmt) -> bool:
    """A one-line statement that runs once where it stands (no block, no import)."""
    return (isinstance(node, (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return))
            and node.lineno == node.end_lineno)


def straight_line(body: list[ast.stmt]) -> list[ast.stmt]:
    """The simple statements of a function body that run on every call: up to the first block that may leave."""
    found = []
    for node in body:
        if isinstance(node, (ast.Return, ast.Raise)):
            if isinstance(node, ast.Return) and node.value is not None:
                found.append(node)
            break
        if isinstance(node, (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign)):
            found.append(node)
            continue
        if any(isinstance(n, (ast.Return, ast.Raise)) for n in walk_own(node)):
            break  # a block that may leave early: what follows is not sure to run
    return found


def guaranteed_calls(node: ast.AST) -> list[ast.Call]:
    """The calls a statement always makes, in the order Python makes them (arguments before the call)."""
    return [n for n in _evaluation_order(node) if isinstance(n, ast.Call)]


def _evaluation_order(node: ast.AST) -> list[ast.AST]:
    """The parts of a statement that always run, each once it is done, in the order Python runs them."""
    found: list[ast.AST] = []

    def visit(n: ast.AST) -> None:
        if isinstance(n, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
                          ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.append(n)  # built here, run later (or not at all)
            return
        if isinstance(n, ast.BoolOp):
            visit(n.values[0])  # the others may be short-circuited
        elif isinstance(n, ast.IfExp):
            visit(n.test)
        elif isinstance(n, (ast.Assign, ast.AnnAssign)):  # the value first, then where it goes
            if n.value is not None:
                visit(n.value)
            for target in (n.targets if isinstance(n, ast.Assign) else [n.target]):
                visit(target)
        elif isinstance(n, ast.AugAssign):  # x[i()] += f(): the target is looked at before the value
            visit(n.target)
            visit(n.value)
        else:
            for child in ast.iter_child_nodes(n):
                visit(child)
        found.append(n)

    visit(node)
    return found


def steps_in_first(statement: ast.stmt, call: ast.Call) -> bool:
    """True when pdb's `s` on this statement enters `call` first: nothing before it can run Python code.

    Before the call, the statement may only load names, constants, and tuples or lists of them;
    a subscript, an attribute or another call could run Python (a property, __getitem__) first.
    """
    if not isinstance(call.func, ast.Name):
        return False
    for n in _evaluation_order(statement):
        if n is call:
            return True
        if isinstance(n, ast.expr) and not isinstance(n, (ast.Name, ast.Constant, ast.Tuple, ast.List)) and not (
                isinstance(n, ast.UnaryOp) and isinstance(n.operand, ast.Constant)):
            return False
    return False


def local_names(node: ast.FunctionDef) -> set[str]:
    """Names a function assigns (they hide the module's names of the same spelling)."""
    return {n.id for n in walk_own(node) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))} | {
        n.name for n in walk_own(node) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def first_body_statement(node: ast.FunctionDef) -> ast.stmt | None:
    """The first statement that runs in a function (its docstring does not)."""
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(
            body[0].value.value, str):
        body = body[1:]
    return body[0] if body else None


def first_line(script: Script) -> int:
    """Where pdb first stops: the module's first line of code."""
    lines = [line for _, _, line in script.code.co_lines() if line]
    return min(lines) if lines else 1


def top_call(statement: ast.stmt) -> ast.Call | None:
    """The call a statement is about: `y = f(g(x))` and `f(g(x))` are about f."""
    value = getattr(statement, "value", None)
    return value if isinstance(value, ast.Call) else None


def call_name(call: ast.Call) -> str:
    """A [lines] name from what a call calls: `np.meshgrid(...)` gives np_meshgrid."""
    parts, node = [], call.func
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    name = "_".join(reversed(parts)) or "call"
    return name if name.isidentifier() and name.isascii() else "call"
