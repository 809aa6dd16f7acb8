"""Find the lines a lesson names in whatever script it runs on, at run time."""
from __future__ import annotations

from pathlib import Path
from types import CodeType

from tutor.content.files import NotText, read_python, reason
from tutor.content.imports import missing_message, missing_modules
from tutor.model.script import Script

LineEntry = "str | dict[str, str]"  # a pattern in the script, or {file, text} for a line of another file


class ScriptError(Exception):
    """A script that cannot be used: missing, unreadable, not Python, or lacking a line."""


def read_script(path: Path | str) -> Script:
    """Read and compile a script, turning every failure into one clear ScriptError."""
    if "\0" in str(path):
        raise ScriptError(f"the script's name {str(path)!r} has a NUL byte") from None
    path = Path(path).resolve()
    try:
        text = read_python(path)
    except FileNotFoundError:
        raise ScriptError(f"no such script: {path}") from None
    except IsADirectoryError:
        raise ScriptError(f"{path} is a folder, not a script") from None
    except (OSError, NotText) as exc:
        raise ScriptError(f"cannot read {path}: {reason(exc)}") from None
    try:
        code = compile(text, str(path), "exec")
    except SyntaxError as exc:
        raise ScriptError(f'File "{exc.filename}", line {exc.lineno}: SyntaxError: {exc.msg}') from None
    except ValueError as exc:  # for example a NUL byte
        raise ScriptError(f"{path} cannot be compiled: {exc}") from None
    return Script(path=path, text=text, code=code)


def missing_imports(script: Script) -> list[str]:
    """Top-level modules the script imports unconditionally that it will not find (see tutor.content.imports)."""
    return [missing.name for missing in missing_modules(script)]


def check_imports(script: Script) -> None:
    """One clear line, before anything runs, when the script imports a module it will not find."""
    missing = missing_modules(script)
    if missing:
        raise ScriptError(missing_message(script, missing[0]))


def executable_lines(code: CodeType) -> set[int]:
    """Every line that holds code, in the module and all functions it defines."""
    found = {line for _, _, line in code.co_lines() if line is not None and line > 0}
    for const in code.co_consts:
        if isinstance(const, CodeType):
            found |= executable_lines(const)
    return found


def resolve_lines(script: Script, patterns: dict[str, LineEntry]) -> dict[str, int]:
    """Map each name to the executable line where its pattern stands, in the script or a file beside it."""
    files: dict[str, Script] = {}
    return {name: resolve_line(script, entry, files) for name, entry in patterns.items()}


def line_entry(entry: LineEntry) -> tuple[str | None, str]:
    """A [lines] entry as (a file relative to the script's folder, or None for the script itself; its pattern)."""
    return (entry["file"], entry["text"]) if isinstance(entry, dict) else (None, entry)


def resolve_line(script: Script, entry: LineEntry, files: dict[str, Script] | None = None) -> int:
    """One entry's line, reading (never running) the other file it names; `files` keeps files already read."""
    file, pattern = line_entry(entry)
    target = script if file is None else (files or {}).get(file) or read_module(script, file)
    if files is not None and file is not None:
        files[file] = target
    return find_line(target, pattern, executable_lines(target.code))


def module_path(script: Script, file: str) -> Path:
    """A file named relative to the folder of the script actually played."""
    return (script.path.parent / file).resolve()


def read_module(script: Script, file: str) -> Script:
    """Read and compile a file beside the script, only for its lines: tutor never runs it."""
    path = module_path(script, file)
    if not path.is_file():
        raise ScriptError(f"no file {file!r} beside {script.path.name} (looked for {path})")
    return read_script(path)


def line_files(script: Script, patterns: dict[str, LineEntry]) -> dict[str, str]:
    """The absolute path of each name's file, for the names of lines in other files (pdb's FILE:LINE)."""
    entries = {name: line_entry(entry)[0] for name, entry in patterns.items()}
    return {name: str(module_path(script, file)) for name, file in entries.items() if file is not None}


def find_line(script: Script, pattern: str, runnable: set[int]) -> int:
    """The one line holding pattern, moved to the next line with code if it has none."""
    text_lines = script.text.splitlines()
    hits = [n for n, text in enumerate(text_lines, start=1) if pattern in text]
    if not hits:
        raise ScriptError(f"{script.path.name} has no line containing {pattern!r}")
    if len(hits) > 1:
        where = ", ".join(str(n) for n in hits[:5])
        raise ScriptError(f"{script.path.name} has {len(hits)} lines containing {pattern!r} (lines {where}); "
                          "make the pattern longer")
    later = [n for n in sorted(runnable) if n >= hits[0]]
    if not later:
        raise ScriptError(f"line {hits[0]} of {script.path.name} ({pattern!r}) has no code after it to stop on")
    return later[0]
