"""An output whose encoding lacks tutor's characters (PYTHONIOENCODING=ascii, a Latin-1 locale) gets ASCII
stand-ins for its marks and box drawing, and escapes (\\u6b65) for text it cannot show, never a
UnicodeEncodeError; the learner is told once why text came out escaped."""
from __future__ import annotations

import codecs
import unicodedata

HANDLER = "tutor-ascii"
SAMPLE = "·…─│╭→"  # what every lesson shows: a stream that cannot encode these falls back
# One character for one: rich measured the text before it is encoded, so a panel's border stays in its column.
STAND_INS = {"…": ".", "→": ">", "←": "<", "↑": "^", "↓": "v", "↗": "/", "↙": "/", "↖": "\\",
             "↘": "\\", "✓": "+", "✗": "x", "≥": ">", "≤": "<", "⟨": "<", "⟩": ">", "⋮": ":", "—": "-",
             "–": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "×": "x", "•": "*", "\u00a0": " "}
WHY = ("tutor: this output's encoding ({encoding}) cannot show some of the text, so it is escaped "
       "(\\u6b65 for a character); a UTF-8 locale or PYTHONIOENCODING=utf-8 shows it as written")


class Escapes:
    """Whether anything had to be escaped (not merely replaced by a stand-in), and in which encoding."""

    encoding = ""
    happened = False


def stand_in(character: str, before: str = " ", after: str = " ") -> str | None:
    """The ASCII character that draws like `character` between `before` and `after`, if there is one."""
    if character == "·":  # "lesson1 · step 2" is a separator, "0.01·x" a product
        return "-" if before == after == " " else "*"
    if character in STAND_INS:
        return STAND_INS[character]
    name = unicodedata.name(character, "")
    if name.startswith("BOX DRAWINGS"):
        if "VERTICAL" in name and "HORIZONTAL" in name:
            return "+"
        return "-" if "HORIZONTAL" in name else "|" if "VERTICAL" in name else "+"
    if name.endswith(("BLOCK", "SHADE")):  # the plots' cells
        return "#"
    return None


def _replace(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler: stand-ins where they exist, else the character escaped."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out, text = [], error.object
    for at in range(error.start, error.end):
        replacement = stand_in(text[at], text[at - 1:at] or " ", text[at + 1:at + 2] or " ")
        if replacement is None:
            replacement = text[at].encode("ascii", "backslashreplace").decode("ascii")
            Escapes.happened = True
        out.append(replacement)
    return "".join(out), error.end


codecs.register_error(HANDLER, _replace)


def fall_back(*streams) -> None:
    """Streams that cannot encode tutor's characters write through the handler from now on."""
    for stream in streams:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            SAMPLE.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors=HANDLER)
                Escapes.encoding = Escapes.encoding or encoding


def why() -> str | None:
    """The one line that says why text came out escaped, if any did."""
    return WHY.format(encoding=Escapes.encoding) if Escapes.happened else None
