"""What a draft may step into: the script's functions and its classes' methods, and those of the modules it
imports from its own folder or the path it adds (layer_naive.py, ../common/gradient.py). Read with ast, never run.
"""
from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from pathlib import Path

from tutor.content.imports import path_change
from tutor.content.locate import ScriptError, read_script
from tutor.content.script_reading import (
    Function,
    is_generator,
    local_names,
    plain_functions,
    walk_own,
)
from tutor.model.script import Script


@dataclass(eq=False)
class Class:
    """A class defined at the top of a file the draft reads: its plain methods and the known classes it derives from."""

    name: str
    methods: dict[str, Function]
    bases: list[Class] = field(default_factory=list)

    def method(self, name: str) -> Function | None:
        """The method an instance of this class runs for `name`, looked up in it, then in its known bases."""
        if name in self.methods:
            return self.methods[name]
        return next((found for base in self.bases if (found := base.method(name)) is not None), None)


@dataclass(eq=False)
class Module:
    """A file the draft reads: the script (file None) or a module of its own, named relative to the script's folder."""

    script: Script
    file: str | None
    tree: ast.Module
    names: dict[str, Function | Class | Module] = field(default_factory=dict)


@dataclass
class Scope:
    """Where a call stands: its file, the names its function binds (a callback, or None), and what `self` is."""

    module: Module
    bindings: dict[str, Function | None] = field(default_factory=dict)
    self_name: str | None = None
    self_class: Class | None = None
    instances: dict[str, Class] = field(default_factory=dict)


class Reach:
    """The script and every module of its own that it imports, read once; resolves a call to the code it runs."""

    def __init__(self, script: Script):
        self.script = script
        self.folders = [script.path.parent, *own_path(script)]
        self.modules: dict[Path, Module] = {}
        self.by_file: dict[str | None, Module] = {}
        self.main = self._load(script, None, ast.parse(script.text))
        self.instances = module_instances(self.main, self)

    def scope(self) -> Scope:
        """The scope of the script's main code."""
        return Scope(self.main, instances=self.instances)

    def callee(self, call: ast.Call, scope: Scope) -> tuple[Function, Scope] | None:
        """The function a call runs (a class's __init__ for a class) and the scope inside it; None if not the script's own."""
        target, instance = self.meaning(call.func, scope)
        if isinstance(target, Class):
            target, instance = target.method("__init__"), target
        if not isinstance(target, Function):
            return None
        inside = Scope(self.by_file[target.file], self.bind(call, target, scope), target.self_name, instance,
                       self.instances if target.file is None else {})
        inside.bindings = {**{name: None for name in local_names(target.node)}, **inside.bindings}
        return target, inside

    def meaning(self, node: ast.expr, scope: Scope) -> tuple[Function | Class | Module | None, Class | None]:
        """What a name or an attribute of a name stands for where the call is, and the instance's class for a method."""
        if isinstance(node, ast.Name):
            return (scope.bindings[node.id] if node.id in scope.bindings else scope.module.names.get(node.id)), None
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
            return None, None
        base = node.value.id
        if base == scope.self_name and scope.self_class is not None:
            return scope.self_class.method(node.attr), scope.self_class
        if base in scope.bindings:
            return None, None  # a local name: not known statically
        if base in scope.instances:
            return scope.instances[base].method(node.attr), scope.instances[base]
        owner = scope.module.names.get(base)
        return (owner.names.get(node.attr) if isinstance(owner, Module) else None), None

    def bind(self, call: ast.Call, function: Function, scope: Scope) -> dict[str, Function | None]:
        """The called function's parameters: each to the plain function it receives (a callback), else None."""
        bound: dict[str, Function | None] = {name: None for name in function.params}
        if not any(isinstance(a, ast.Starred) for a in call.args):
            for param, arg in zip(function.positional, call.args):
                bound[param] = self._plain(arg, scope)
        for keyword in call.keywords:
            if keyword.arg in bound:
                bound[keyword.arg] = self._plain(keyword.value, scope)
        return bound

    def _plain(self, node: ast.expr, scope: Scope) -> Function | None:
        """The plain function (not a method) a name passes, if it is one the draft reads."""
        found = self.meaning(node, scope)[0] if isinstance(node, ast.Name) else None
        return found if isinstance(found, Function) and found.self_name is None else None

    def is_own(self, node: ast.expr, scope: Scope) -> bool:
        """Whether a called expression is the script's own code (a function, a class or a method of one it reads)."""
        return isinstance(self.meaning(node, scope)[0], (Function, Class))

    # -- reading the files --------------------------------------------------------------------------

    def _load(self, script: Script, file: str | None, tree: ast.Module) -> Module:
        """One file's top-level functions, classes and imports of the script's own modules."""
        module = Module(script, file, tree)
        self.modules[script.path] = self.by_file[file] = module  # before its imports: a cycle of imports ends here
        bound = rebound(tree)
        for name, function in plain_functions(tree).items():
            module.names[name] = _placed(function, file, name)
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and not node.decorator_list and node.name not in bound:
                module.names[node.name] = self._class(node, module)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                self._import(node, module)
        for name in bound & set(module.names):  # imported, then bound again: no longer known to be what it was
            del module.names[name]
        return module

    def _class(self, node: ast.ClassDef, module: Module) -> Class:
        """A class's plain methods (no decorators, no generators), each knowing its class for pdb's notes."""
        methods = {}
        for item in node.body:
            if isinstance(item, ast.FunctionDef) and not item.decorator_list and not is_generator(item) and (
                    item.args.posonlyargs or item.args.args):
                methods[item.name] = _method(item, node.name, module.file)
        bases = [module.names[b.id] for b in node.bases if isinstance(b, ast.Name)
                 and isinstance(module.names.get(b.id), Class)]
        return Class(node.name, methods, bases)

    def _import(self, node: ast.Import | ast.ImportFrom, module: Module) -> None:
        """Names an import binds to a module of the script's own (others are not followed)."""
        if isinstance(node, ast.Import):
            for alias in node.names:
                found = self._module(alias.name, module, 0)
                if found is not None and (alias.asname or "." not in alias.name):
                    module.names[alias.asname or alias.name] = found
            return
        source = self._module(node.module or "", module, node.level)
        for alias in node.names if source is not None else []:
            if alias.name == "*":
                module.names.update({k: v for k, v in source.names.items() if not k.startswith("_")
                                     and not isinstance(v, Module)})
            elif alias.name in source.names:
                module.names[alias.asname or alias.name] = source.names[alias.name]
            elif (sub := self._module(f"{node.module}.{alias.name}" if node.module else alias.name, module,
                                      node.level)) is not None:
                module.names[alias.asname or alias.name] = sub

    def _module(self, dotted: str, importer: Module, level: int) -> Module | None:
        """The module file `import dotted` finds among the script's own folders (or relative to its package)."""
        parents = importer.script.path.parents
        if level > len(parents):
            return None  # a relative import above the top folder: Python refuses it too
        folders = [parents[level - 1]] if level else self.folders
        parts = [part for part in dotted.split(".") if part]
        for folder in folders:
            base = folder.joinpath(*parts) if parts else folder
            for path in (base.with_suffix(".py") if parts else None, base / "__init__.py"):
                if path is not None and _is_file(path):
                    return self._file(path.resolve())
        return None

    def _file(self, path: Path) -> Module | None:
        """A module file read once; one that cannot be read or compiled is not followed."""
        if path in self.modules:
            return self.modules[path]
        try:
            script = read_script(path)
            tree = ast.parse(script.text)
        except (ScriptError, SyntaxError, ValueError):  # the script would fail to import it; the draft does not follow
            return None
        return self._load(script, Path(os.path.relpath(path, self.script.path.parent)).as_posix(), tree)


def _is_file(path: Path) -> bool:
    """A regular file there, as far as can be told without failing (an unreadable folder holds none)."""
    try:
        return path.is_file()
    except OSError:
        return False


def own_path(script: Script) -> list[Path]:
    """The folders the script adds to sys.path before its imports, worked out statically (imports.py's way)."""
    return [Path(change[1]) for node in ast.parse(script.text).body
            if (change := path_change(node, script.path)) is not None]


def rebound(tree: ast.Module) -> set[str]:
    """Names bound again at module level: such a name is not known to be the class or function defined."""
    names = [n.id for n in walk_own(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))]
    defined = [n.name for n in walk_own(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    return set(names) | {name for name in defined if defined.count(name) > 1}


def module_instances(module: Module, reach: Reach) -> dict[str, Class]:
    """Names the main code binds once, to an instance of a class it reads: `net = simpleNet()`."""
    stores = [n.id for n in walk_own(module.tree) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))]
    found = {}
    for node in walk_own(module.tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and (
                isinstance(node.value, ast.Call)) and stores.count(node.targets[0].id) == 1:
            made = reach.meaning(node.value.func, Scope(module))[0]
            if isinstance(made, Class):
                found[node.targets[0].id] = made
    return found


def _placed(function: Function, file: str | None, name: str) -> Function:
    """A plain function, told which file it is in."""
    return Function(name, function.node, function.params, function.positional, qualname=name, file=file)


def _method(node: ast.FunctionDef, owner: str, file: str | None) -> Function:
    """A method as the draft sees it: what `p` shows and what positional arguments fill leave out `self`."""
    args = node.args
    positional = tuple(a.arg for a in args.posonlyargs + args.args)[1:]
    extra = tuple(a.arg for a in (args.vararg,) if a) + tuple(a.arg for a in args.kwonlyargs) + tuple(
        a.arg for a in (args.kwarg,) if a)
    return Function(node.name, node, positional + extra, positional, qualname=f"{owner}.{node.name}", file=file,
                    self_name=(args.posonlyargs + args.args)[0].arg)
