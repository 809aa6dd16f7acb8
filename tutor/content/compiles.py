"""Python written in a lesson must compile as it will run: each field declares how (eval, exec, single)."""
from __future__ import annotations

from typing import Callable, Iterator

from tutor.content.lesson import LIVE
from tutor.content.schema import EXPRESSIONS, TABLE, TABLES, TEXT, TEXTS, Field, step_fields
from tutor.model.commands import TUTOR_COMMANDS

Report = Callable[[int, str, str, str], None]  # step, key, the text (to place it), message


def check_step(raw: dict, number: int, report: Report) -> None:
    """Every piece of Python in one step's raw table."""
    for spec, path, text in pieces(step_fields(), raw, ""):
        if spec.key == "python" and tutor_command(text):
            continue
        problem = compile_problem(text, spec.compiles)
        if problem is None:
            continue
        what = "python line" if spec.key == "python" else path
        if spec.compiles == "eval":
            report(number, spec.key, text, f"step {number}'s {what} {text.strip()!r} does not compile "
                   f"as an expression: {problem}")
        else:
            report(number, spec.key, text, f"step {number}'s {what} does not compile as Python: {problem}")
    for spec, path, text in pieces(step_fields(), raw, "", lambda spec: spec.translatable):
        for expression in LIVE.findall(text):
            problem = compile_problem(expression.strip(), "eval")
            if problem is not None:
                report(number, spec.key, text, f"step {number}'s {path} {{={expression}}} does not compile as an "
                       f"expression: {problem}")


def pieces(fields: tuple[Field, ...], raw: object, path: str,
           wanted: Callable[[Field], object] = lambda spec: spec.compiles) -> Iterator[tuple[Field, str, str]]:
    """(field, dotted path, text) for each non-empty string of a field that compiles (or is `wanted`), however deep."""
    if not isinstance(raw, dict):
        return
    for spec in fields:
        value, dotted = raw.get(spec.key), f"{path}{spec.key}"
        if spec.type in (TABLE, TABLES):
            for item in value if isinstance(value, list) else [value]:
                yield from pieces(spec.fields, item, dotted + ".", wanted)
        elif wanted(spec):
            items = value if isinstance(value, list) and spec.type in (TEXTS, EXPRESSIONS) else [value]
            for item in items:
                if isinstance(item, str) and item.strip() and spec.type in (TEXT, TEXTS, EXPRESSIONS):
                    yield spec, dotted, item


def compile_problem(text: str, mode: str) -> str | None:
    """Why the text does not compile in `mode` (None when it does); what is typed at >>> ends with a newline."""
    if mode == "single":
        text = text.strip("\n") + "\n"
    try:
        compile(text, "<lesson>", mode)
    except SyntaxError as exc:
        return exc.msg
    except ValueError as exc:  # a NUL byte
        return str(exc)
    return None


def tutor_command(text: str) -> bool:
    """`trace EXPR` and friends in the console: tutor's, unless the line is Python after all."""
    word, _, rest = text.strip().partition(" ")
    if word not in TUTOR_COMMANDS or not rest.strip():
        return False
    return compile_problem(text.strip(), "single") is not None
