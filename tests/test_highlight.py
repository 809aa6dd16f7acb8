"""The source view's own highlighter: its colours are pygments' ansi ones, and it never changes the text."""
import pytest
from rich.style import Style
from rich.text import Text

from tests.conftest import ROOT
from tutor.ui.views.highlight import THEMES, highlight

SCRIPTS = sorted(path for path in (ROOT / "scripts").glob("*.py") if path.name != "__init__.py")  # not the empty one
SOURCES = SCRIPTS + sorted((ROOT / "tests" / "fixtures" / "book").glob("*.py"))
WINDOW = 11  # about what SourceView shows around the current line


def styles(text: Text) -> list[Style]:
    """The style of each character of text."""
    out = [Style()] * len(text.plain)
    for span in text.spans:
        for i in range(span.start, min(span.end, len(out))):
            out[i] += Style.parse(span.style) if isinstance(span.style, str) else span.style
    return out


def style_of(text: Text, word: str) -> Style:
    """The one style every character of word has in text."""
    start = text.plain.index(word)
    found = set(styles(text)[start:start + len(word)])
    assert len(found) == 1, f"{word!r} is not in one style: {found}"
    return found.pop()


LINE = 'for item in "abc": total = 42  # a comment'
PARTS = ("for", '"abc"', "42", "# a comment")


def test_keywords_strings_numbers_and_comments_get_distinct_styles(monkeypatch):
    probe = {kind: f"color({number})" for number, kind in enumerate(THEMES["ansi_dark"], start=1)}
    monkeypatch.setitem(THEMES, "probe", probe)  # a colour of its own for every kind the highlighter tells apart
    line = highlight(LINE, "probe")[0]
    kinds = {part: style_of(line, part) for part in PARTS}
    assert Style() not in kinds.values() and len(set(kinds.values())) == 4, kinds
    assert style_of(line, "item") == Style() and style_of(line, "total") == Style()  # plain names stay plain


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_the_ansi_themes_colour_as_pygments_does_keywords_and_numbers_alike(theme):
    line = highlight(LINE, theme)[0]
    keyword, string, number, comment = (style_of(line, part) for part in PARTS)
    assert len({keyword, string, comment, Style()}) == 4 and number not in (string, comment, Style())
    assert number == keyword  # pygments' ansi_dark and ansi_light give Keyword and Number the same colour


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_text_is_unchanged_for_every_line_of_the_scripts_and_fixtures(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [text.plain for text in highlight("\n".join(lines))] == lines
    for start in range(len(lines)):  # the windows a listing cuts: they start and end anywhere
        window = lines[start:start + WINDOW]
        assert [text.plain for text in highlight("\n".join(window))] == window, f"lines {start + 1}-"


@pytest.mark.parametrize("theme", sorted(THEMES))
@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_colours_are_those_of_rich_syntax_with_pygments(path, theme):
    from rich.syntax import Syntax

    code = path.read_text(encoding="utf-8").rstrip("\n")
    theirs = Syntax(code, "python", theme=theme).highlight(code).split("\n", allow_blank=True)
    for number, (mine, pygments) in enumerate(zip(highlight(code, theme), theirs), start=1):
        for column, (a, b) in enumerate(zip(styles(mine), styles(pygments))):
            if not mine.plain[column].isspace():  # pygments also colours blanks, invisibly
                assert (a.color, a.bold, a.underline, a.dim) == (b.color, b.bold, b.underline, b.dim), \
                    f"{path.name}:{number}:{column + 1} {mine.plain!r}"


@pytest.mark.parametrize("code", [
    "        x = 1\n    return x",  # dedented below the first line
    "total = f(1,\n         2  # the bracket never closes",
    '    """a docstring cut off\n    and its rest',
    "    2.0, 3.0])  # the window starts inside a call",
    "s = 'unterminated",
    "\tif x:\n\t\ty = 1",
])
def test_a_window_the_tokenizer_cannot_read_keeps_its_text_and_later_lines_keep_colour(code):
    code += "\nn = 9  # after"
    texts = highlight(code)
    assert [text.plain for text in texts] == code.split("\n")
    number, comment = (style_of(highlight("n = 9  # after")[0], word) for word in ("9", "# after"))
    assert (style_of(texts[-1], "9"), style_of(texts[-1], "# after")) == (number, comment)


def test_columns_count_characters_not_bytes():
    line = highlight("label = 'x0² + x1²'  # squared")[0]
    assert style_of(line, "'x0² + x1²'") == style_of(highlight("'a'")[0], "'a'")
    assert style_of(line, "# squared") == style_of(highlight("# c")[0], "# c")
