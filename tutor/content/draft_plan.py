"""The plan of a draft lesson: where it stops in the main code, which of the script's own functions and methods it
steps into, and what it leaves out and why. Read with ast (tutor/content/reach.py), never run.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from tutor.content.locate import executable_lines
from tutor.content.patterns import Patterns
from tutor.content.reach import Class, Reach, Scope
from tutor.content.script_reading import (Function, call_name, first_body_statement, first_line, guaranteed_calls,
                                          line_label, loops_on_its_line, main_blocks, main_lines, steps_in_first,
                                          straight_line)
from tutor.model.script import Script

MAX_DEPTH = 3  # how deep the draft follows calls into the script's own code
OUTPUT_MODULES = {"matplotlib", "mpl_toolkits", "pylab", "seaborn"}  # calls into these only draw


@dataclass
class Step:
    """One [[step]] of the draft, written in this order."""

    command: str
    kind: str = "pdb"
    note: str = ""  # a comment above the step, for the author
    output: list[str] = field(default_factory=list)
    line: str | None = None
    function: str | None = None
    after: bool = False
    breaks: str | None = None  # a b or tbreak: the line name it sets a breakpoint on ('' for a function's name)


@dataclass
class Plan:
    """The steps, the [lines] they name, and what was left out, each kind with its reason."""

    script: Script
    steps: list[Step] = field(default_factory=list)
    lines: dict[str, str | dict[str, str]] = field(default_factory=dict)  # name -> pattern or {file, text}
    output: list[int] = field(default_factory=list)  # lines of the main code that only print or plot
    blocks: list[int] = field(default_factory=list)  # loops and other blocks of the main code, not stopped in
    unnamed: list[int] = field(default_factory=list)  # lines of the main code no pattern finds alone
    not_entered: list[str] = field(default_factory=list)  # the script's functions not called on every run
    unreached: list[str] = field(default_factory=list)  # functions called, with no unique line to break on
    defined: list[tuple[str, str]] = field(default_factory=list)  # ("class" or "function", name), in order
    idle: bool = False  # the main code calls nothing at all: no lesson can stop anywhere


def plan(script: Script) -> Plan:
    """The draft's plan for this script."""
    return _Planner(script).run()


class _Planner:
    """Stops in the main code, visits into the script's own code, breakpoint numbers, line names."""

    def __init__(self, script: Script):
        self.reach = Reach(script)
        self.tree = self.reach.main.tree
        self.plan = Plan(script)
        self.line_of: dict[tuple[str | None, int], str] = {}  # (file, line) -> name already given to it
        self.where: str | None = None  # the file the program is paused in after the last visit (None: the script)
        self.visited: set[int] = set()
        self.patterns: dict[str | None, tuple[Patterns, set[int]]] = {}  # each file's, read once
        self.drawing = _drawing_names(self.tree)

    def run(self) -> Plan:
        """Stop at each line of the main code that computes; print and plot lines only if nothing else does."""
        main = main_lines(self.tree)
        computing = [(n, s) for n, s in main if self._calls(s) and not self._aside(s)]
        if not computing:
            computing = [(n, s) for n, s in main if self._calls(s)]  # a script that only prints: stop at its prints
        self.plan.output = [n for n, s in main if (n, s) not in computing and self._calls(s)]
        first, armed = first_line(self.plan.script), None  # armed: (line, name) of a stop set ahead of time
        for index, (number, statements) in enumerate(computing):
            if armed is not None and number < armed[0]:
                continue  # tried while arming: no pattern finds it (said once, in plan.unnamed)
            if number != first or self.plan.steps:  # pdb starts paused on the first line: no stop there
                label, note = (armed[1], f"on to: {_quote(self.plan.script, number)}") if armed else (
                    self._arm(number, statements), "")
                armed = None
                if label is None:
                    continue  # no pattern finds the line: not stopped at, nor its calls visited
                self.plan.steps.append(Step("c", line=label, function="<module>", after=True, note=note))
            mark, self.where = len(self.plan.steps), None
            self._visit_calls(self._calls(statements), self.reach.scope(), statements[0], depth=1)
            if self.where is not None:  # paused in another file now: its `b N` would break there, so set it here
                armed = next(((n, label) for n, s in computing[index + 1:] if (label := self._arm(n, s, mark))),
                             None)
        self.plan.steps.append(Step("c", note="to the end of the program"))
        self._number_breakpoints()
        self.plan.blocks = [node.lineno for node in main_blocks(self.tree) if holds_a_call(node)]
        self.plan.idle = not self.plan.blocks and not any(self._calls(s) for _, s in main)
        self.plan.defined = [("class" if isinstance(n, ast.ClassDef) else "function", n.name) for n in self.tree.body
                             if isinstance(n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
        self.plan.not_entered = [f.qualname for f in _own_functions(self.reach) if id(f) not in self.visited]
        return self.plan

    def _calls(self, statements: list[ast.stmt]) -> list[ast.Call]:
        """The calls a line always makes, in the order they run."""
        return [call for statement in statements for call in guaranteed_calls(statement)]

    def _aside(self, statements: list[ast.stmt]) -> bool:
        """A line that only prints, plots or adds to sys.path, and runs none of the script's own code."""
        top = statements[0].value if isinstance(statements[0], (ast.Expr, ast.Assign)) else None
        if not isinstance(top, ast.Call) or not (self._draws(top.func) or ast.unparse(top.func).startswith("sys.path.")):
            return False
        return not self._own_call(statements)

    def _own_call(self, statements: list[ast.stmt]) -> ast.Call | None:
        """The first call on the line into the script's own code."""
        scope = self.reach.scope()
        return next((call for call in self._calls(statements) if self.reach.is_own(call.func, scope)), None)

    def _draws(self, func: ast.expr) -> bool:
        """print, or a function reached from a name bound to a plotting library (plt.figure)."""
        while isinstance(func, ast.Attribute):
            func = func.value
        return isinstance(func, ast.Name) and (func.id in self.drawing or func.id == "print" and not self.reach.is_own(
            func, self.reach.scope()))

    def _arm(self, number: int, statements: list[ast.stmt], at: int | None = None) -> str | None:
        """A breakpoint on a line of the main code (at `at` in the steps, else last); None when no pattern finds it."""
        if number in self.plan.unnamed:
            return None  # tried before
        own = self._own_call(statements)
        wanted = f"{call_name(own)}_call" if own is not None and isinstance(statements[0], ast.Expr) else line_label(
            statements)
        label = self._name_line(None, number, wanted)
        if label is None:
            self.plan.unnamed.append(number)
            return None
        quoted = f"stop at: {_quote(self.plan.script, number)}"
        # a comprehension or lambda on the line runs it again and again: stop only the first time
        command, note = ("tbreak", quoted + "\n# (tbreak: the line loops on its own, so a plain breakpoint would "
                         "stop at every turn)") if any(map(loops_on_its_line, statements)) else ("b", quoted)
        if at is not None:  # set before the line above steps into another file, where `b N` would break in it
            note += "\n# (set here, in the main code: in another file, b would break in that file)"
        step = Step(f"{command} {{{label}}}", note=note, breaks=label)
        self.plan.steps.insert(len(self.plan.steps) if at is None else at, step)
        return label

    def _number_breakpoints(self) -> None:
        """pdb numbers breakpoints in the order they are set: each b and tbreak expects its number and line."""
        number = 0
        for step in self.plan.steps:
            if step.breaks is not None:
                number += 1
                step.output = [f"Breakpoint {number} at "] + ([f":{{{step.breaks}}}\n"] if step.breaks else [])

    def _visit_calls(self, calls: list[ast.Call], scope: Scope, stepping: ast.stmt | None, depth: int) -> None:
        """Visit, in the order they run, the script's own functions among these calls (all of which run).

        `stepping`: the statement the program is paused on, when `s` may enter its first call.
        """
        for index, call in enumerate(calls):
            found = self.reach.callee(call, scope)
            if found is None or id(found[0]) in self.visited or depth > MAX_DEPTH:
                continue
            function, inside = found
            step_in = (stepping is not None and index == 0 and function.self_name is None
                       and steps_in_first(stepping, call))
            self._visit(function, inside, step_in, depth)

    def _visit(self, function: Function, scope: Scope, step_in: bool, depth: int) -> None:
        """Stop inside one function (by `s` or a temporary breakpoint), show its arguments, then its callees."""
        self.visited.add(id(function))
        if step_in:
            self.plan.steps.append(Step("s", note=f"into {function.qualname}()", function=function.name))
        elif not self._break_inside(function):
            self.plan.unreached.append(function.qualname)
            return
        self.where = function.file
        if function.params:
            self.plan.steps.append(Step(f"p {', '.join(function.params)}",
                                        note=f"the arguments of {function.qualname}()", after=True))
        calls = [call for statement in straight_line(function.node.body) for call in guaranteed_calls(statement)]
        self._visit_calls(calls, scope, stepping=None, depth=depth + 1)

    def _break_inside(self, function: Function) -> bool:
        """A temporary breakpoint on the function's first line and `c` to it; False when no way to name it is sure."""
        node, body = function.node, first_body_statement(function.node)
        # a breakpoint on the first line stops before anything in it has run only if the statement is
        # on one line of its own; otherwise pdb's `tbreak NAME` stops on the first line that runs
        label = self._name_line(function.file, body.lineno, "in_" + "_".join(
            part.strip("_") for part in function.qualname.split("."))) if (
            body is not None and body.lineno == body.end_lineno and body.lineno > node.lineno) else None
        where = f"inside {function.qualname}()"
        if label is not None:
            self.plan.steps.append(Step(f"tbreak {{{label}}}", breaks=label,
                                        note=f"{where}: {_quote(self._file(function), body.lineno)}"))
        elif function.file is None and function.self_name is None and self.where is None:
            self.plan.steps.append(Step(f"tbreak {function.name}", note=where, breaks=""))  # pdb finds it by name
        else:
            return False
        self.plan.steps.append(Step("c", line=label, function=function.name, after=True))
        return True

    def _file(self, function: Function) -> Script:
        return self.reach.by_file[function.file].script

    def _name_line(self, file: str | None, number: int, wanted: str) -> str | None:
        """A [lines] name for a line of the script or of another file, with the shortest pattern that finds it alone."""
        if (file, number) in self.line_of:
            return self.line_of[(file, number)]
        if file not in self.patterns:
            script = self.reach.by_file[file].script
            self.patterns[file] = Patterns(script), executable_lines(script.code)
        patterns, runnable = self.patterns[file]
        if number not in runnable:
            return None  # resolve moves a pattern on to the next line with code: this line cannot be named
        pattern = next(patterns.shortest(number), None)  # unique as find_line counts, on a line with code
        if pattern is None:
            return None
        label = free_name(wanted, self.plan.lines)
        self.plan.lines[label] = pattern if file is None else {"file": file, "text": pattern}
        self.line_of[(file, number)] = label
        return label


def holds_a_call(node: ast.stmt) -> bool:
    """Whether a block holds any call at all."""
    return any(isinstance(n, ast.Call) for n in ast.walk(node))


def _own_functions(reach: Reach) -> list[Function]:
    """The script's own functions and its classes' methods, in the order they are defined."""
    found = []
    for thing in reach.main.names.values():
        if isinstance(thing, Function) and thing.file is None:
            found.append(thing)
        elif isinstance(thing, Class):
            found.extend(method for method in thing.methods.values() if method.file is None)
    return sorted(found, key=lambda function: function.node.lineno)


def _drawing_names(tree: ast.Module) -> set[str]:
    """Names bound by importing a plotting library: plt, matplotlib, pylab."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {alias.asname or alias.name.split(".")[0] for alias in node.names
                      if alias.name.split(".")[0] in OUTPUT_MODULES}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in OUTPUT_MODULES:
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def free_name(wanted: str, taken: dict) -> str:
    """wanted, or wanted_2, wanted_3... whichever is not yet a line name."""
    if not (wanted.isidentifier() and wanted.isascii()):
        wanted = "line"
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}_{number}" in taken:
        number += 1
    return f"{wanted}_{number}"


def _quote(script: Script, number: int) -> str:
    """A line of a file for a comment (TOML comments hold no control characters)."""
    text = script.text.splitlines()[number - 1].strip()
    return "".join(c if ord(c) >= 32 and ord(c) != 127 else " " for c in text)
