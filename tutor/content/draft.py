"""`python -m tutor new NAME --script PATH`: a first draft of a lesson for any script, read with ast, never run.

The draft stops at each call of the script's main code (module level, or directly inside
`if __name__ == "__main__":`), and steps into each function it defines when the code above
calls it on every run. Lines are named by [lines] patterns, never by numbers. Narration is
left for the author as TODO texts; the draft loads and plays hands-free as written.
"""
from __future__ import annotations

import ast
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tutor.content.catalog import RESERVED, reserved
from tutor.content.lesson import LessonError
from tutor.content.load import parse_lesson
from tutor.model.script import Script
from tutor.content.locate import ScriptError, executable_lines, find_line, read_script

TODO_SAY = "TODO: say what this step shows"
TODO_AFTER = "TODO: say what the learner should notice"
NAME_RULE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
MAX_DEPTH = 3  # how deep the draft follows calls into the script's own functions


class AuthoringError(Exception):
    """A draft that cannot be written: a bad name, a missing or broken script, an existing file."""


@dataclass
class _Step:
    """One [[step]] of the draft, written in this order."""

    command: str
    kind: str = "pdb"
    note: str = ""  # a comment above the step, for the author
    output: list[str] = field(default_factory=list)
    line: str | None = None
    function: str | None = None
    after: bool = False


@dataclass(frozen=True)
class _Function:
    """A function defined at the top of the script, as the draft sees it."""

    name: str
    node: ast.FunctionDef
    params: tuple[str, ...]
    positional: tuple[str, ...]


def new_command(name: str | None, script_path: str | None, out=None, err=None) -> int:
    """The CLI's `new`: write the draft beside the script; every mistake is one line and exit code 2."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        path, steps, skipped = write_draft(name, script_path)
    except (AuthoringError, ScriptError) as exc:
        print(f"tutor: {exc}", file=err)
        return 2
    folder = path.parent
    print(f"wrote {path}: {steps} steps", file=out)
    if skipped:
        print(f"  not stepped into (not called on every run of the main code): {', '.join(skipped)}", file=out)
    print("next: replace the TODO texts, then", file=out)
    print(f"  python -m tutor validate {path}", file=out)
    print(f"  python -m tutor check {path.stem} --lessons {folder}", file=out)
    print(f"  python -m tutor {path.stem} --lessons {folder}", file=out)
    return 0


def write_draft(name: str | None, script_path: str | Path | None) -> tuple[Path, int, list[str]]:
    """Write NAME.toml beside the script, refusing to overwrite; the path, the step count, the functions left out."""
    if not name:
        raise AuthoringError("new needs a name for the lesson: python -m tutor new NAME --script PATH")
    if not script_path:
        raise AuthoringError("new needs the script: python -m tutor new NAME --script PATH")
    if not NAME_RULE.fullmatch(name):
        raise AuthoringError(f"a lesson name is letters, digits, '_' and '-' (it becomes NAME.toml), not {name!r}")
    if name in RESERVED:
        raise AuthoringError(f"{reserved(name)}; choose another name")
    script = read_script(script_path)
    target = script.path.parent / f"{name}.toml"
    if target.exists():
        raise AuthoringError(f"{target} already exists; choose another name or remove it first")
    text, count, skipped = draft(name, script)
    try:
        parse_lesson(text, target)  # the draft must load as written
    except LessonError as exc:  # a bug in the draft, not the author's mistake
        raise AuthoringError(f"the draft does not load ({exc}); please report this") from None
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise AuthoringError(f"{target} already exists; choose another name or remove it first") from None
    except OSError as exc:
        raise AuthoringError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target, count, skipped


def draft(name: str, script: Script) -> tuple[str, int, list[str]]:
    """The text of a draft lesson for this script, how many steps it has, and the functions it leaves out."""
    return _Drafter(script).lesson(name)


class _Drafter:
    """Plans the steps: stops in the main code, visits into the script's functions, breakpoint numbers."""

    def __init__(self, script: Script):
        self.script = script
        self.tree = ast.parse(script.text)
        self.text_lines = script.text.splitlines()
        self.runnable = executable_lines(script.code)
        self.functions = _functions(self.tree)
        self.lines: dict[str, str] = {}  # name -> pattern, in the order they are used
        self.line_of: dict[int, str] = {}  # line number -> name already given to it
        self.steps: list[_Step] = []
        self.breakpoints = 0
        self.visited: set[str] = set()
        self.unnamed: list[int] = []  # lines of the main code with a call but no unique pattern

    # -- the plan --------------------------------------------------------------------------------

    def lesson(self, name: str) -> tuple[str, int, list[str]]:
        first = _first_line(self.script)
        for number, statements in self._main_lines():
            calls = [call for statement in statements for call in _guaranteed_calls(statement)]
            if not calls:
                continue
            if number != first or self.steps:  # pdb starts paused on the first line: no need to stop there
                label = self._name_line(number, _call_name(_top_call(statements[0]) or calls[0]) + "_call")
                if label is None:
                    self.unnamed.append(number)  # no unique pattern for it: left to the author
                    continue
                self.breakpoints += 1
                # a comprehension or lambda on the line runs it again and again: stop only the first time
                command, note = ("tbreak", f"stop at: {self._quote(number)}\n# (tbreak: the line loops on its own, "
                                 "so a plain breakpoint would stop at every turn)") if any(
                    _loops_on_its_line(statement) for statement in statements) else (
                    "b", f"stop at: {self._quote(number)}")
                self.steps.append(_Step(f"{command} {{{label}}}", note=note,
                                        output=[f"Breakpoint {self.breakpoints} at ", f":{{{label}}}\n"]))
                self.steps.append(_Step("c", line=label, function="<module>", after=True))
            self._visit_calls(calls, {}, stepping=statements[0], depth=1)
        self.steps.append(_Step("c", note="to the end of the program"))
        skipped = [f for f in self.functions if f not in self.visited]
        return self._render(name, skipped), len(self.steps), skipped

    def _visit_calls(self, calls: list[ast.Call], bindings: dict[str, str | None], stepping: ast.stmt | None,
                     depth: int) -> None:
        """Visit, in the order they run, the script's functions among these calls (all of which run).

        `stepping`: the statement the program is paused on, when `s` may enter its first call.
        """
        for index, call in enumerate(calls):
            target = _callee(call, self.functions, bindings)
            if target is None or target in self.visited or depth > MAX_DEPTH:
                continue
            step_in = stepping is not None and index == 0 and _steps_in_first(stepping, call)
            self._visit(self.functions[target], _bind(call, self.functions[target], self.functions, bindings),
                        step_in, depth)

    def _visit(self, function: _Function, bindings: dict[str, str | None], step_in: bool, depth: int) -> None:
        """Stop inside one function (by `s` or a temporary breakpoint), show its arguments, then its callees."""
        self.visited.add(function.name)
        node = function.node
        if step_in:
            self.steps.append(_Step("s", note=f"into {function.name}()", function=function.name))
        else:
            body = _first_body_statement(node)
            # a breakpoint on the first line stops before anything in it has run only if the statement is
            # on one line of its own; otherwise pdb's `tbreak NAME` stops on the first line that runs
            label = self._name_line(body.lineno, f"in_{function.name}") if (
                body is not None and body.lineno == body.end_lineno and body.lineno > node.lineno) else None
            self.breakpoints += 1
            if label is not None:
                self.steps.append(_Step(f"tbreak {{{label}}}", note=f"inside {function.name}(): "
                                        + self._quote(body.lineno),
                                        output=[f"Breakpoint {self.breakpoints} at ", f":{{{label}}}\n"]))
                self.steps.append(_Step("c", line=label, function=function.name, after=True))
            else:  # its first line is not unique: break on the function by name
                self.steps.append(_Step(f"tbreak {function.name}", note=f"inside {function.name}()",
                                        output=[f"Breakpoint {self.breakpoints} at "]))
                self.steps.append(_Step("c", function=function.name, after=True))
        if function.params:
            names = ", ".join(function.params)
            self.steps.append(_Step(f"p {names}", note=f"the arguments of {function.name}()", after=True))
        calls = [call for statement in _straight_line(node.body) for call in _guaranteed_calls(statement)]
        local = {name: None for name in _local_names(node)}  # a local name hides the script's function
        self._visit_calls(calls, {**local, **bindings}, stepping=None, depth=depth + 1)

    def _main_lines(self) -> list[tuple[int, list[ast.stmt]]]:
        """Lines of simple statements run once, in order: at module level and directly inside the main guard.

        Statements sharing a line (`a = f(); b = g()`) are one stop: pdb stops once, before the first.
        """
        found: dict[int, list[ast.stmt]] = {}
        for node in self.tree.body:
            nodes = node.body if isinstance(node, ast.If) and _is_main_guard(node.test) else [node]
            for statement in nodes:
                found.setdefault(statement.lineno, []).append(statement)
        return [(number, statements) for number, statements in found.items()
                if all(_is_simple(statement) for statement in statements)]

    # -- [lines] ---------------------------------------------------------------------------------

    def _name_line(self, number: int, wanted: str) -> str | None:
        """A [lines] name for this line, with a pattern that finds exactly it (None when no pattern is unique)."""
        if number in self.line_of:
            return self.line_of[number]
        text = self.text_lines[number - 1]
        for pattern in (text.strip(), text.rstrip()):
            if not pattern or sum(pattern in line for line in self.text_lines) != 1:
                continue
            try:
                if find_line(self.script, pattern, self.runnable) != number:
                    continue
            except ScriptError:
                continue
            label = _free_name(wanted, self.lines)
            self.lines[label] = pattern
            self.line_of[number] = label
            return label
        return None

    def _quote(self, number: int) -> str:
        """A line of the script for a comment (TOML comments hold no control characters)."""
        return "".join(c if ord(c) >= 32 and ord(c) != 127 else " " for c in self.text_lines[number - 1].strip())

    # -- the file --------------------------------------------------------------------------------

    def _render(self, name: str, skipped: list[str]) -> str:
        script = self.script.path.name
        out = [
            f"# A draft lesson for {script}, written by `python -m tutor new`.",
            "# Replace every TODO text, then: python -m tutor validate " + f"{name}.toml",
            "# Format: docs/lessons.md. Lines are named by [lines] patterns, never by numbers.",
            "format = 1",
            f"id = {_toml(name)}",
            f"title = {_toml('TODO: a title for ' + name)}",
            f"summary = {_toml('TODO: one sentence for the list of lessons')}",
            f"script = {_toml(script)}",
            f"intro = {_toml('TODO: what the learner is about to see, shown once before the program starts')}",
            f"outro = {_toml('TODO: what the learner should take away, shown once at the end')}",
            "",
            "[lines]",
            *(f"{label} = {_toml(pattern)}" for label, pattern in self.lines.items()),
        ]
        for step in self.steps:
            out.append("")
            if step.note:
                out.append(f"# {step.note}")
            out.append("[[step]]")
            out.append(f"say = {_toml(TODO_SAY)}")
            out.append(f"{step.kind} = {_toml(step.command)}")
            if step.output:
                out.append(f"expect.output = [{', '.join(_toml(text) for text in step.output)}]")
            if step.line:
                out.append(f"expect.line = {_toml(step.line)}")
            if step.function:
                out.append(f"expect.function = {_toml(step.function)}")
            if step.after:
                out.append(f"after = {_toml(TODO_AFTER)}")
        if self.unnamed:
            out += ["", "# Not stopped at (no pattern finds the line alone): "
                    + ", ".join(f"line {n}" for n in self.unnamed) + "."]
        if skipped:
            out += ["", f"# Not stepped into (the main code does not call them on every run): {', '.join(skipped)}."]
        return "\n".join(out) + "\n"


# -- reading the script ----------------------------------------------------------------------------

def _functions(tree: ast.Module) -> dict[str, _Function]:
    """Plain functions defined at module level: not decorated, not generators, not async."""
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.decorator_list or _is_generator(node):
            continue
        args = node.args
        positional = tuple(a.arg for a in args.posonlyargs + args.args)
        extra = tuple(a.arg for a in (args.vararg,) if a) + tuple(a.arg for a in args.kwonlyargs) + tuple(
            a.arg for a in (args.kwarg,) if a)
        found[node.name] = _Function(node.name, node, positional + extra, positional)
    # a name bound again at module level is not known to be this function when it is called
    bound = {n.id for n in _walk_own(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))}
    bound |= {(alias.asname or alias.name).split(".")[0] for n in _walk_own(tree)
              if isinstance(n, (ast.Import, ast.ImportFrom)) for alias in n.names}
    defined = [n.name for n in _walk_own(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    return {name: f for name, f in found.items() if name not in bound and defined.count(name) == 1}


def _loops_on_its_line(node: ast.stmt) -> bool:
    """A statement whose line runs more than once: a comprehension, generator expression or lambda in it."""
    return any(isinstance(n, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda))
               for n in ast.walk(node))


def _is_generator(node: ast.FunctionDef) -> bool:
    """A function whose body holds yield does not run when called."""
    for child in _walk_own(node):
        if isinstance(child, (ast.Yield, ast.YieldFrom, ast.Await)):
            return True
    return False


def _walk_own(node: ast.AST):
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


def _straight_line(body: list[ast.stmt]) -> list[ast.stmt]:
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
        if any(isinstance(n, (ast.Return, ast.Raise)) for n in _walk_own(node)):
            break  # a block that may leave early: what follows is not sure to run
    return found


def _guaranteed_calls(node: ast.AST) -> list[ast.Call]:
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


def _steps_in_first(statement: ast.stmt, call: ast.Call) -> bool:
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


def _callee(call: ast.Call, functions: dict[str, _Function], names: dict[str, str | None]) -> str | None:
    """The script's function a call runs, when its name says so.

    `names` maps the calling function's own names: a parameter that received one of the script's
    functions (a callback) to it, any other parameter or local name to None (it hides the global).
    """
    return _known(call.func, functions, names)


def _known(node: ast.expr, functions: dict[str, _Function], names: dict[str, str | None]) -> str | None:
    """The script's function a name stands for here, if any."""
    if not isinstance(node, ast.Name):
        return None
    name = names[node.id] if node.id in names else node.id
    return name if name in functions else None


def _bind(call: ast.Call, function: _Function, functions: dict[str, _Function],
          outer: dict[str, str | None]) -> dict[str, str | None]:
    """The called function's parameters: each to the script function it receives, else None."""
    bound: dict[str, str | None] = {name: None for name in function.params}
    if not any(isinstance(a, ast.Starred) for a in call.args):
        for param, arg in zip(function.positional, call.args):
            bound[param] = _known(arg, functions, outer)
    for keyword in call.keywords:
        if keyword.arg in bound:
            bound[keyword.arg] = _known(keyword.value, functions, outer)
    return bound


def _local_names(node: ast.FunctionDef) -> set[str]:
    """Names a function assigns (they hide the module's names of the same spelling)."""
    return {n.id for n in _walk_own(node) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))} | {
        n.name for n in _walk_own(node) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def _first_body_statement(node: ast.FunctionDef) -> ast.stmt | None:
    """The first statement that runs in a function (its docstring does not)."""
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(
            body[0].value.value, str):
        body = body[1:]
    return body[0] if body else None


def _first_line(script: Script) -> int:
    """Where pdb first stops: the module's first line of code."""
    lines = [line for _, _, line in script.code.co_lines() if line]
    return min(lines) if lines else 1


def _top_call(statement: ast.stmt) -> ast.Call | None:
    """The call a statement is about: `y = f(g(x))` and `f(g(x))` are about f."""
    value = getattr(statement, "value", None)
    return value if isinstance(value, ast.Call) else None


def _call_name(call: ast.Call) -> str:
    """A [lines] name from what a call calls: `np.meshgrid(...)` gives np_meshgrid."""
    parts, node = [], call.func
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    name = "_".join(reversed(parts)) or "call"
    return name if name.isidentifier() and name.isascii() else "call"


def _free_name(wanted: str, taken: dict[str, str]) -> str:
    """wanted, or wanted_2, wanted_3... whichever is not yet a line name."""
    if not (wanted.isidentifier() and wanted.isascii()):
        wanted = "line"
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}_{number}" in taken:
        number += 1
    return f"{wanted}_{number}"


def _toml(text: str) -> str:
    """A TOML string: a literal one ('...') for code with quotes or backslashes, else a basic one ("...")."""
    plain = not any(ord(c) < 32 or ord(c) == 127 for c in text)
    if plain and "'" not in text and ('"' in text or "\\" in text):
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")  # JSON's escapes are TOML's; DEL too
