"""The shortest [lines] pattern for a line of code: a fragment of its code, never of a comment, found on no other line.

A short pattern survives edits elsewhere on the line and in the rest of the script, so a draft made
from one version of a script still resolves on the others (a comment or a changed argument list is
not part of it). The start of the line's code is preferred, as it reads best; a fragment further in
is used only when no start is unique.
"""
from __future__ import annotations

import bisect
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
        if not tokens or not self.unique(text[tokens[0].start[1]:tokens[-1].end[1]]):
            return iter(())  # a piece of a fragment found on two lines is on both: none of the line's is unique
        windows = [(i, j) for i in range(len(tokens)) for j in range(i, len(tokens))]
        named = [(i, j) for i, j in windows if any(t.type == tokenize.NAME for t in tokens[i:j + 1])]
        fragments = [text[tokens[i].start[1]:tokens[j].end[1]] for i, j in named]
        starts = sorted({f for (i, _), f in zip(named, fragments) if i == 0}, key=len)
        inner = sorted({f for (i, _), f in zip(named, fragments) if i > 0}, key=lambda f: (len(f), text.find(f)))
        return (f for f in starts + inner if self.unique(f))

    @cached_property
    def starts(self) -> list[int]:
        """Where each line starts in the text, as splitlines (and so find_line) cuts it."""
        offsets, at = [], 0
        for line in self.script.text.splitlines(keepends=True):
            offsets.append(at)
            at += len(line)
        return offsets

    def unique(self, fragment: str) -> bool:
        """Whether exactly one line of the file holds the fragment (comments and strings count: find_line reads them)."""
        text, starts, seen = self.script.text, self.starts, None
        at = text.find(fragment) if fragment else -1
        while at != -1:
            line = bisect.bisect_right(starts, at)  # 1-based: the line holding offset `at`
            if seen is not None and line != seen:
                return False
            seen = line
            at = text.find(fragment, starts[line]) if line < len(starts) else -1  # on from the next line
        return seen is not None
