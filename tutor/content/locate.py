"""Find the lines a lesson names in whatever script it runs on, at run time."""
from __future__ import annotations

from pathlib import Path
from types import CodeType

from tutor.content.files import NotText, read_python, reason
from tutor.content.imports import missing_message, missing_modules
from tutor.model.script import Script


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


def resolve_lines(script: Script, patterns: dict[str, str]) -> dict[str, int]:
    """Map each name to the executable line where its pattern stands."""
    runnable = executable_lines(script.code)
    return {name: find_line(script, pattern, runnable) for name, pattern in patterns.items()}


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
