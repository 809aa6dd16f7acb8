"""Python source coloured as pygments' ansi themes colour it, but from the stdlib tokenizer: no lexer to compile."""
from __future__ import annotations

import builtins
import io
import keyword
import tokenize
import warnings
from collections.abc import Iterator

from rich.text import Text

# What each kind of word looks like, as rich.syntax's ANSI_DARK and ANSI_LIGHT colour pygments' tokens:
# keyword (Keyword), word (Operator.Word), builtin (Name.Builtin, .Pseudo, Name.Exception), namespace
# (Name.Namespace), function and class (their names after def and class), decorator, magic (dunder
# names: Name.Variable.Magic), string, number, comment. Names, operators and punctuation stay plain there.
THEMES = {
    "ansi_dark": {"keyword": "bright_blue", "word": "bright_magenta", "builtin": "bright_cyan",
                  "namespace": "underline bright_cyan", "function": "bright_green", "class": "underline bright_green",
                  "decorator": "bold bright_magenta", "magic": "bright_red", "string": "yellow",
                  "number": "bright_blue", "comment": "dim"},
    "ansi_light": {"keyword": "blue", "word": "magenta", "builtin": "cyan", "namespace": "underline cyan",
                   "function": "green", "class": "underline green", "decorator": "bold magenta", "magic": "red",
                   "string": "yellow", "number": "blue", "comment": "dim"},
}
_WORDS = {"and", "or", "not", "in", "is"}  # Operator.Word; every other keyword is Keyword
_SITE = {"copyright", "credits", "exit", "help", "license", "quit"}  # added by site, not in pygments' list
_BUILTINS = {name for name in dir(builtins) if not name.startswith("_")} - set(keyword.kwlist) - _SITE | {"self", "cls"}
_MAGIC = {"__annotations__", "__bases__", "__class__", "__closure__", "__code__", "__defaults__", "__dict__",
          "__doc__", "__file__", "__func__", "__globals__", "__kwdefaults__", "__module__", "__mro__", "__name__",
          "__objclass__", "__qualname__", "__self__", "__slots__", "__weakref__"}  # pygments' magic variables
_KINDS = {tokenize.NUMBER: "number", tokenize.STRING: "string", tokenize.COMMENT: "comment"}
_FSTRING = tuple(getattr(tokenize, name) for name in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
                 if hasattr(tokenize, name))  # 3.12+ splits f-strings; 3.11 gives one STRING, so all yellow
Span = tuple[tuple[int, int], tuple[int, int], str]  # (row, column) of the first and after the last character, kind


def highlight(code: str, theme: str = "ansi_dark") -> list[Text]:
    """One Text per line of code, characters unchanged, so plain output (and every golden file) stays the same."""
    styles = THEMES.get(theme, THEMES["ansi_dark"])
    lines = code.split("\n")
    texts = [Text(line) for line in lines]
    for (row, start), (end_row, end), kind in _spans(lines):
        style = styles[kind]
        for number in range(row, end_row + 1):  # a string over several lines is coloured on each
            texts[number].stylize(style, start if number == row else 0, end if number == end_row else None)
    return texts


def _spans(lines: list[str]) -> Iterator[Span]:
    """Every coloured token, a whole line at a time, so a window cut anywhere from a file still gets its colours."""
    # A window may dedent below its first line or end inside a bracket or a string, and the tokenizer stops
    # there. It starts again on the first line it had not finished; stopping there again leaves that line plain.
    first = 0
    while first < len(lines):
        done, waiting = first, []
        try:
            with warnings.catch_warnings():  # 3.12+ warns of invalid escapes as it reads: the script's own business
                warnings.simplefilter("ignore")
                for span in _classify(_tokens(lines, first)):
                    if span[2]:
                        waiting.append(span)
                    else:  # the end of a line: everything up to it is read
                        yield from waiting
                        done, waiting = span[0][0] + 1, []
            return
        except Exception:  # TokenError, SyntaxError; 3.12's tokenizer raises SystemError on a NUL byte
            first = done if done > first else first + 1


def _tokens(lines: list[str], first: int) -> Iterator[tokenize.TokenInfo]:
    """The tokens of lines[first:], rows counted from 0 in `lines`, so a restart colours the right lines."""
    text = "\n".join(lines[first:]) + "\n"
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.start[0] + first - 1 >= len(lines):
            return  # the ENDMARKER, on the line after the last
        yield tok._replace(start=(tok.start[0] + first - 1, tok.start[1]), end=(tok.end[0] + first - 1, tok.end[1]))


def _classify(tokens: Iterator[tokenize.TokenInfo]) -> Iterator[Span]:
    """The kind pygments' Python lexer gives each token, judged from the tokens before it, as a lexer would."""
    # mode: after `import`, and from `from` up to its `import`, names are modules (Name.Namespace). An f-string
    # is yellow all through, whatever each Python version's tokenizer makes of the expressions inside it.
    mode, previous, fstring = "", None, 0
    for tok in tokens:  # a NEWLINE or NL token is yielded with kind "", for _spans to know the line is done
        if tok.type in _FSTRING or fstring:
            fstring += (tok.type == _FSTRING[0]) - (tok.type == _FSTRING[-1])
            yield tok.start, tok.end, "string"
            continue
        kind = _KINDS.get(tok.type)
        if tok.type == tokenize.NAME:
            kind, mode = _name(tok.string, previous, mode), _mode(tok.string, mode)
            if previous and previous.string == "@" and previous.end == tok.start:  # pygments' Name.Decorator: @name
                yield previous.start, tok.end, "decorator"
                kind = None
        elif tok.type == tokenize.OP and tok.string in ".,":
            kind = "namespace" if mode and tok.string == "." else None  # the dots of numpy.linalg, too
        else:
            mode = ""
        if tok.type not in (tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT, tokenize.NL):
            previous = tok
        if kind or tok.type in (tokenize.NEWLINE, tokenize.NL):
            yield tok.start, tok.end, kind or ""  # kind "": a line ends here


def _mode(word: str, mode: str) -> str:
    """Whether the names after this word are module names: after import, and from `from` up to its import."""
    if word == "import":
        return "" if mode == "from" else "import"
    return "from" if word == "from" else mode


def _name(word: str, previous: tokenize.TokenInfo | None, mode: str) -> str | None:
    """How pygments colours a name, given the token before it and whether module names are being read."""
    if keyword.iskeyword(word):
        return "word" if word in _WORDS else "keyword"
    after = previous.string if previous else ""
    if after in ("def", "class"):
        return "function" if after == "def" else "class"
    if mode:
        return "namespace"
    if word.startswith("__") and word.endswith("__") and len(word) > 4:
        return "magic" if word in _MAGIC else "function"  # the magic methods are Name.Function.Magic
    return "builtin" if word in _BUILTINS and after != "." else None
