"""The shapes view: each operand of a product or a sum as a box of its dimensions, the dimensions that must match marked."""
from __future__ import annotations

from rich.align import Align
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tutor.model.shapes import Operand, Product, Sum, inner
from tutor.ui.words import Words

MOST_ROWS, MOST_COLUMNS = 5, 6  # a box grows with its array up to this many lines and double columns


class ShapesView:
    """One line of boxes per product or sum, and under it whether the dimensions line up, from the live arrays."""

    def __init__(self, items: list[Product | Sum], words: Words | None = None):
        self.words = words or Words()
        self.items = items

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = []
        for item in self.items:
            rows.append(self.product(item) if isinstance(item, Product) else self.summed(item))
        yield Panel(Group(*rows), title=Text(self.words("shapes_title")), title_align="left",
                    border_style="tutor.accent")

    def product(self, item: Product) -> Group:
        """left @ right = result, the pair of inner dimensions marked, and a sentence on whether they match."""
        left, right = item.left.shape, item.right.shape
        pair = inner(left, right) if left and right else None
        marks = (len(left) - 1 if left else None, (0 if len(right) == 1 else len(right) - 2) if right else None)
        good = item.expected is not None
        cells = [operand(item.left, marks[0], good), Text("@", style="bold"), operand(item.right, marks[1], good),
                 Text("="), operand(result_of(item.result, item.expected), None, good)]
        if pair is None:
            words = self.words("shapes_missing")
        elif good:
            words = self.words("shapes_match", left_name=item.left.label, left=pair[0], right_name=item.right.label,
                               right=pair[1], shape=shape_text(item.expected))
        else:
            words = self.words("shapes_differ", left_name=item.left.label, left=pair[0],
                               right_name=item.right.label, right=pair[1])
        return Group(line(cells), self.verdict(words, good, item.result, item.expected))

    def summed(self, item: Sum) -> Group:
        """source summed over an axis = result, and which axis went."""
        shape, good = item.source.shape, item.expected is not None
        cells = [operand(item.source, item.axis if good else None, good),
                 Text(self.words("shapes_sum_sign", axis=item.axis), style="bold"),
                 operand(result_of(item.result, item.expected), None, good)]
        words = self.words("shapes_sum", axis=item.axis, length=shape[item.axis], shape=shape_text(item.expected)) \
            if good else self.words("shapes_missing")
        return Group(line(cells), self.verdict(words, good, item.result, item.expected))

    def verdict(self, words: str, good: bool, result: Operand, expected: tuple[int, ...] | None) -> Text:
        """The sentence under a line of boxes; a live result whose shape is not the expected one is said too."""
        text = Text(("✓ " if good else "✗ ") + words, style="tutor.good" if good else "tutor.bad")
        if good and result.shape is not None and result.shape != expected:
            text.append("  " + self.words("shapes_result_differs", name=result.label, shape=shape_text(result.shape),
                                          expected=shape_text(expected)), style="tutor.bad")
        return text


def result_of(result: Operand, expected: tuple[int, ...] | None) -> Operand:
    """The result as the program holds it, or, before it is computed, the shape it will have (label marked ?)."""
    if result.shape is not None or expected is None:
        return result
    return Operand(f"{result.label} ?", expected)


def line(cells: list) -> Table:
    """Boxes side by side, their labels on one line, the signs between them at mid-height."""
    table = Table.grid(padding=(0, 1))
    for cell in cells:
        table.add_column(vertical="middle" if isinstance(cell, Text) else "top")
    table.add_row(*cells)
    return table


def operand(item: Operand, marked: int | None, good: bool) -> Group:
    """The label and shape above a box as tall as the rows and as wide as the columns (capped), one axis marked."""
    label = Text(item.label + " ", style="tutor.name")
    shape = item.shape
    if shape is None:
        return Group(label, Text("?", style="tutor.dim"))
    label.append_text(shape_marked(shape, marked, "tutor.change underline" if good else "tutor.bad underline"))
    rows = shape[0] if len(shape) == 2 else 1
    columns = shape[-1] if shape else 1
    size = "×".join(map(str, shape)) or "()"
    box = Panel(Align.center(Text(size), vertical="middle"), height=min(rows, MOST_ROWS) + 2,
                width=max(min(columns, MOST_COLUMNS) * 2, len(size) + 2) + 2, border_style="tutor.dim")
    return Group(label, box)


def shape_marked(shape: tuple[int, ...], marked: int | None, style: str) -> Text:
    """A shape as Python prints it, one of its dimensions in a style of its own."""
    text = Text("(")
    for n, dimension in enumerate(shape):
        text.append(str(dimension), style=style if n == marked else "")
        text.append(", " if n < len(shape) - 1 else ("," if len(shape) == 1 else ""))
    text.append(")")
    return text


def shape_text(shape: tuple[int, ...] | None) -> str:
    """A shape as Python prints it."""
    return "?" if shape is None else str(tuple(shape))
