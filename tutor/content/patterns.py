"""The shortest [lines] pattern for a line of code: a fragment of its code, never of a comment, found on no other line.

A short pattern survives edits elsewhere on the line and in the rest of the script, so a draft made
from one version of a script still resolves on the others (a comment or a changed argument list is
not part of it). The start of the line's code is preferred, as it reads best; a fragment further in
is used only when no start is unique.
"""
from __future__ import annotations

import io
import tokenize
from functools import cached_property

from tutor.model.script import Script

SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}


class Patterns:
    """A script's lines, tokenized once, and the shortest code fragment that finds each alone."""

    def __init__(self, script: Script):
        self.script = script
        self.lines = script.text.splitlines()

    @cached_property
    def tokens(self) -> dict[int, list[tokenize.TokenInfo]]:
        """The code tokens that start and end on each line (no comments, no string spread over lines)."""
        found: dict[int, list[tokenize.TokenInfo]] = {}
        try:
            for token in tokenize.generate_tokens(io.StringIO(self.script.text).readline):
                if token.type not in SKIPPED and token.start[0] == token.end[0]:
                    found.setdefault(token.start[0], []).append(token)
        except (tokenize.TokenError, SyntaxError):  # the script compiled, so this is not expected; use what was read
            pass
        return found

    def shortest(self, number: int):
        """Unique code fragments of line `number`, best first: starts of the code by length, then any by length."""
        tokens = self.tokens.get(number, [])
        text = self.lines[number - 1] if number <= len(self.lines) else ""
        windows = [(i, j) for i in range(len(tokens)) for j in range(i, len(tokens))]
        named = [(i, j) for i, j in windows if any(t.type == tokenize.NAME for t in tokens[i:j + 1])]
        fragments = [text[tokens[i].start[1]:tokens[j].end[1]] for i, j in named]
        starts = sorted({f for (i, _), f in zip(named, fragments) if i == 0}, key=len)
        inner = sorted({f for (i, _), f in zip(named, fragments) if i > 0}, key=lambda f: (len(f), text.find(f)))
        return (f for f in starts + inner if self.unique(f))

    def unique(self, fragment: str) -> bool:
        """Whether exactly one line of the file holds the fragment (comments and strings count: find_line reads them)."""
        return sum(fragment in line for line in self.lines) == 1
