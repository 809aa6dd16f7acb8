"""Finds the line of a step or key in a lesson's text, so every problem is reported as file:line."""
from __future__ import annotations

import re
from pathlib import Path

_HEADER = re.compile(r"^\s*\[\[\s*step\s*\]\]\s*(#.*)?$")


def toml_lines(text: str) -> list[str]:
    """The lines as TOML and an editor count them, cut at \\n only: str.splitlines also cuts at \\x85, \\u2028 or
    \\x0c, which a TOML string may hold, and would point past the line it means."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and not lines[-1]:
        lines.pop()  # the file's last newline ends its last line, as splitlines counts it
    return lines


class Locator:
    """Lines of [[step]] headers, of keys (plain, dotted or inside an inline table) and of [lines] names."""

    def __init__(self, text: str, path: Path | str):
        self.lines, self.path = toml_lines(text), Path(path)
        self.headers = [i + 1 for i, line in enumerate(self.lines) if _HEADER.match(line)]

    def step_line(self, number: int) -> int:
        """Line of the Nth [[step]] header (1 when it cannot be found)."""
        return self.headers[number - 1] if 0 < number <= len(self.headers) else 1

    def step_range(self, number: int | None) -> tuple[int, int]:
        """First line of step `number` (or of the file) and the line after its last (or before the first step)."""
        if not number:
            return 1, (self.headers[0] if self.headers else len(self.lines) + 1)
        end = self.headers[number] if number < len(self.headers) else len(self.lines) + 1
        return self.step_line(number), end

    def line(self, number: int | None, key: str | None) -> int | None:
        """Where to point for a problem with `key` in step `number` (None: the lesson's top)."""
        if key and key.startswith("lines:"):
            return self.lines_key(key.removeprefix("lines:"))
        return self.key_line(number, key)

    def key_line(self, number: int | None, key: str | None) -> int | None:
        """Line where key is written, inside step `number` or before the first step."""
        start, end = self.step_range(number)
        if key:
            plain = re.compile(rf"^\s*([\w.]*\.)?{re.escape(key)}\s*=|^\s*\[[\w.]*{re.escape(key)}\]")
            inline = re.compile(rf"[{{,]\s*\"?{re.escape(key)}\"?\s*=|^\s*\"?{re.escape(key)}\"?\s*\.\s*[\w\"]")
            for pattern in (plain, inline):  # plain first: at the top, a key inside [lines] or a case
                found = self._search(pattern, start, end)
                if found:
                    return found
        return start if number else None

    def _search(self, pattern: re.Pattern, start: int, end: int) -> int | None:
        for index in range(start - 1, end - 1):
            if pattern.search(self.lines[index]):
                return index + 1
        return None

    def value_line(self, number: int, key: str, value: str) -> int | None:
        """The line holding a value of `key` (an item of a list, a line of a long text), else the key's line."""
        start = self.key_line(number, key)
        first = next((part.strip() for part in value.splitlines() if part.strip()), "")
        if start and first:
            found = self._search(re.compile(re.escape(first)), start, self.step_range(number)[1])
            return found or start
        return start

    def lines_key(self, name: str) -> int | None:
        """The line that gives a [lines] name its pattern."""
        header = next((i for i, line in enumerate(self.lines) if re.match(r"^\s*\[\s*lines\s*\]", line)), None)
        if header is None:
            return None
        pattern = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=")
        stop = self.headers[0] - 1 if self.headers else len(self.lines)
        found = self._search(pattern, header + 2, stop + 1)
        return found or header + 1
