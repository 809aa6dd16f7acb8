"""One walk of a lesson's TOML table against the schema; each problem goes to a sink that raises or collects.

The loader's sink raises at the first problem (a lesson that cannot be played stops at once);
the validator's sink collects them all. Both get the same messages, placed by the same locator.
"""
from __future__ import annotations

import re
from typing import Protocol

from tutor.content.lesson import PLACEHOLDER, shown_as_text
from tutor.model.commands import REPLAY
from tutor.content.schema import (CHOICE, FORMAT_VERSION, NAME, SOURCE, TABLE, TEXT, VERSION, Field, command_kinds,
                                  features_registered, step_fields)

MISSING = object()  # stands for a key the table does not have
MALFORMED = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\s*[+-][^{}]*\}")  # {call+}, {call+x}: a placeholder gone wrong


RUNS_AGAIN = ("restart", "run", REPLAY)  # pdb commands that, in a lesson, start the run over (tutor.core.debugger)


class Sink(Protocol):
    """Where problems go: `number` is the step (None: the lesson), `key` the key to point at."""

    def report(self, number: int | None, key: str | None, message: str) -> None: ...


class Walk:
    """Checks values field by field; returns them parsed (tuples for lists, built objects for tables)."""

    def __init__(self, sink: Sink, names: set[str], build: bool = True):
        self.sink, self.names, self.build = sink, names, build
        self.count = 0  # problems reported so far: a table's rule is judged only on sound fields

    def report(self, number: int | None, key: str | None, message: str) -> None:
        self.count += 1
        self.sink.report(number, key, message)

    def table(self, fields: tuple[Field, ...], raw: dict, number: int | None, path: str,
              unknown_seen: bool = False) -> dict:
        """Known keys checked, unknown ones reported with the closest known key."""
        if not unknown_seen:
            self.unknown(raw, fields, number, path)
        parsed = {}
        for spec in fields:
            if spec.type == VERSION:
                continue  # checked first, by itself: a newer format is not judged key by key
            value = raw.get(spec.key, MISSING)
            if value is MISSING:
                if spec.required:
                    self.need(spec, number, path)
                parsed[spec.key] = spec.default
            else:
                parsed[spec.key] = self.value(spec, value, number, path)
        return parsed

    def unknown(self, raw: dict, fields: tuple[Field, ...], number: int | None, path: str) -> None:
        """Every key no field declares."""
        allowed = [spec.key for spec in fields]
        for key in raw:
            if key not in allowed:
                import difflib  # only for an unknown key: not loaded at start

                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                if number is not None and not features_registered():  # a program that forgot the features
                    hint += "; no step feature is registered: import tutor.play before loading lessons"
                self.report(number, key, f"unknown key {key!r} in {owner(number, path)}{hint}")

    def need(self, spec: Field, number: int | None, path: str) -> None:
        """A required key that is missing: the same words as for a wrong value, where there is one."""
        where = f"step {number}" if number else "the lesson"
        if spec.type == CHOICE:
            self.of_choice(spec, None, number, path)
        elif spec.key == "step":
            self.steps([])
        elif spec.type == NAME:
            self.report(number, parent_key(path), spec.bad or f"{dotted(path, spec.key)} must be a variable name")
        elif spec.type == SOURCE:
            self.report(number, parent_key(path), f"{dotted(path, spec.key)} must be non-empty text, a text of the script")
        elif spec.type == TEXT:
            self.report(number, parent_key(path), spec.bad or f"{where} needs '{spec.key}' as non-empty text")
        else:
            self.report(number, parent_key(path), spec.bad or f"{where} needs '{spec.key}'")

    def value(self, spec: Field, value: object, number: int | None, path: str) -> object:
        """One present value, checked by its type."""
        check = getattr(self, f"of_{spec.type}")
        return check(spec, value, number, path)

    def bad(self, spec: Field, number: int | None, path: str, message: str) -> None:
        """A value of the wrong shape: the field's own message if it has one."""
        self.report(number, spec.key, spec.bad or message)

    # -- the types ------------------------------------------------------------------------------

    def version(self, value: object) -> object:
        """Refuse any format but this one, telling a newer file from a broken one."""
        if type(value) is int and value == FORMAT_VERSION:
            return value
        newer = type(value) is int and value > FORMAT_VERSION
        hint = " (a newer tutor wrote it; upgrade tutor)" if newer else ""
        self.report(None, "format", f"format must be {FORMAT_VERSION}, found {value!r}{hint}")
        return None

    def of_text(self, spec: Field, value: object, number, path) -> object:
        required = spec.required or bool(spec.command)  # a step's command, when given, is its command
        if isinstance(value, str) and spec.translatable:
            value = shown_as_text(value)  # blank if it held only escapes: the screen would show nothing
        if not isinstance(value, str) or (required and not value.strip()):
            where = f"step {number}" if number else "the lesson"
            message = f"{where} needs '{spec.key}' as non-empty text" if required else f"'{spec.key}' must be text"
            self.bad(spec, number, path, message)
            return spec.default
        first_word = value.split()[0] if spec.command == "pdb" else None  # a command is never blank (above)
        if first_word in RUNS_AGAIN:
            self.bad(spec, number, path, f"step {number}: {first_word!r} cannot be a step: in a lesson it runs "
                                         "the program again and replays the steps before it, so no step after it "
                                         "is ever reached (a learner may type it; the lesson never does)")
            return spec.default
        if spec.lines:  # a text inside a table (a case's say) is pointed at by its table's key
            self.placeholders(value, number, parent_key(path) or spec.key)
        return value

    def of_source(self, spec: Field, value: object, number, path) -> object:
        if not isinstance(value, str) or not value.strip():
            self.bad(spec, number, path, f"{dotted(path, spec.key)} must be non-empty text, a text of the script")
            return spec.default
        return value

    def of_name(self, spec: Field, value: object, number, path) -> object:
        if not (isinstance(value, str) and value.isidentifier()):
            self.bad(spec, number, path, f"{dotted(path, spec.key)} must be a variable name")
            return spec.default
        return value

    def of_number(self, spec: Field, value: object, number, path) -> object:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            self.bad(spec, number, path, f"{dotted(path, spec.key)} must be a number >= 0")
            return spec.default
        return float(value)

    def of_count(self, spec: Field, value: object, number, path) -> object:
        low, high = spec.bounds
        if type(value) is not int or not low <= value <= high:
            self.bad(spec, number, path, f"{dotted(path, spec.key)} must be a whole number from {low} to {high}")
            return spec.default
        return value

    def of_choice(self, spec: Field, value: object, number, path) -> object:
        if value not in spec.choices:
            self.bad(spec, number, path, f"{dotted(path, spec.key)} must be one of {', '.join(spec.choices)}, "
                     f"found {value!r}")
            return spec.default
        return value

    def of_texts(self, spec: Field, value: object, number, path) -> object:
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            self.bad(spec, number, path, f"{dotted(path, spec.key)} must be a list of strings")
            return spec.default
        if spec.lines:
            for item in value:
                self.placeholders(item, number, spec.key)
        return tuple(shown_as_text(item) for item in value) if spec.translatable else tuple(value)

    def of_line(self, spec: Field, value: object, number, path) -> object:
        if not isinstance(value, str):
            self.bad(spec, number, path, f"{dotted(path, spec.key)} must be a string")
            return spec.default
        if value not in self.names:
            self.report(number, spec.key, f"{dotted(path, spec.key)} names {value!r}, which is not in [lines]")
        return value

    def of_expressions(self, spec: Field, value: object, number, path) -> object:
        items = [value] if isinstance(value, str) else value
        if not (isinstance(items, list) and items and all(isinstance(v, str) and v.strip() for v in items)):
            self.bad(spec, number, path, f"{dotted(path, spec.key)} must be an expression or a list of expressions")
            return spec.default
        return tuple(items)

    def of_lines(self, spec: Field, value: object, number, path) -> object:
        if not isinstance(value, dict):
            self.report(None, "lines", "[lines] maps names to non-empty text patterns")
            return {}
        good = {}
        for name, pattern in value.items():
            if isinstance(pattern, str) and pattern.strip():
                good[name] = pattern
            elif isinstance(pattern, dict) and set(pattern) == {"file", "text"} \
                    and all(isinstance(v, str) and v.strip() for v in pattern.values()):
                good[name] = dict(pattern)
            elif isinstance(pattern, dict):
                self.report(None, f"lines:{name}", f"[lines] {name}: a line of another file is "
                                                   '{ file = "module.py", text = "a pattern" }, both non-empty')
            else:
                self.report(None, f"lines:{name}",
                                 f"[lines] maps names to non-empty text patterns; {name!r} is {pattern!r}")
        return good

    def of_table(self, spec: Field, value: object, number, path) -> object:
        if not isinstance(value, dict):
            self.bad(spec, number, path, f"{dotted(path, spec.key)} must be a table")
            return spec.default
        before = self.count
        parsed = self.table(spec.fields, value, number, dotted(path, spec.key))
        if spec.rule is not None and self.count == before:
            found = spec.rule(parsed, number)
            if found is not None:
                key, message = found
                self.report(number, key or spec.key, message)
                return spec.default
        return self.made(spec, parsed)

    def of_tables(self, spec: Field, value: object, number, path) -> object:
        if spec.key == "step":
            return self.steps(value)
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value) or \
                (spec.required and not value):
            self.bad(spec, number, path, f"{dotted(path, spec.key)} must be a list of tables")
            return spec.default
        table = Field(spec.key, TABLE, fields=spec.fields, rule=spec.rule, build=spec.build, bad=spec.bad)
        return tuple(self.of_table(table, item, number, path) for item in value)

    # -- helpers --------------------------------------------------------------------------------

    def steps(self, value: object) -> object:
        """[[step]]: a non-empty list of tables, each with exactly one command."""
        if not isinstance(value, list) or not value:
            self.report(None, None, "a lesson needs at least one [[step]]")
            return ()
        steps = []
        for number, raw in enumerate(value, start=1):
            if not isinstance(raw, dict):
                self.report(number, None, "a step must be a table")
                steps.append(None)
                continue
            self.unknown(raw, step_fields(), number, "")
            kinds = [kind for kind in command_kinds() if kind in raw]
            if len(kinds) != 1:
                names = [f"'{kind}'" for kind in command_kinds()]
                self.report(number, None, f"step {number} needs exactly one of "
                                 f"{', '.join(names[:-1])} or {names[-1]}")
            steps.append(self.table(step_fields(), raw, number, "", unknown_seen=True))
        return tuple(steps)

    def made(self, spec: Field, parsed: dict) -> object:
        """The object a table becomes (or the checked dict, when nothing is built)."""
        if spec.build is None or not self.build:
            return parsed
        return spec.build(**parsed)

    def placeholders(self, text: str, number: int | None, key: str) -> None:
        """A {name} that is not a line name (Python lines and expressions are never filled)."""
        for match in PLACEHOLDER.finditer(text):
            if match.group(1) not in self.names:
                self.report(number, key, f"{{{match.group(1)}}} is not a name in [lines]")
        for match in MALFORMED.finditer(text):
            if not PLACEHOLDER.fullmatch(match.group(0)):
                self.report(number, key, f"{match.group(0)} is not a placeholder: write {{{match.group(1)}}}, "
                                         f"{{{match.group(1)}+1}} or {{{match.group(1)}-1}}")


def dotted(path: str, key: str) -> str:
    """`exercise.define`, `rows.array`: how messages name a key inside a table."""
    return f"{path}.{key}" if path else key


def parent_key(path: str) -> str | None:
    """The key of the table a missing key belongs in (None: the step itself)."""
    return path.split(".")[-1] if path else None


def owner(number: int | None, path: str) -> str:
    """`the lesson`, `step 2`, `step 2's expect`."""
    if number is None:
        return "the lesson"
    return f"step {number}'s {path}" if path else f"step {number}"


