"""The computational graph as a tree: the output at the top, each node's inputs below it, values and derivatives beside."""
from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.text import Text
from rich.tree import Tree

from tutor.model.graph import GRADIENT_PREFIX, Graph, Node, Quantity
from tutor.ui.views.numbers import number
from tutor.ui.words import Words

INDENT = 4  # columns per level of the tree (a value and its operation are a level apart)
OPS = {"*": "×", "+": "+", "-": "−", "/": "÷"}  # how an operation is drawn


class GraphView:
    """Forward values flow up the tree to the output; the derivatives backward hands out flow down to the inputs."""

    def __init__(self, graph: Graph, words: Words | None = None):
        self.words = words or Words()
        self.graph = graph
        self.columns = (0, 0, 0)  # where names, values and derivatives line up; none until it fits

    def label(self, quantity: Quantity, depth: int) -> Text:
        """`name = value   dname = derivative`, with ? for what the program has not computed yet."""
        names, values, deepest = self.columns
        equals, gap = (" = ", "   ") if names else ("=", "  ")  # in columns when they fit, else tight
        text = Text.assemble((quantity.name.ljust(names + INDENT * (deepest - depth)), "tutor.name"), equals,
                             shown(quantity.value, "bold", values))
        text.append(gap)
        text.append(GRADIENT_PREFIX + quantity.name, "tutor.change" if quantity.derivative is not None else "tutor.dim")
        text.append(equals)
        text.append_text(shown(quantity.derivative, "tutor.change"))
        return text

    def operation(self, node: Node) -> Text:
        """The node itself: its operation and layer, and a mark when the program is paused inside it."""
        text = Text.assemble((OPS.get(node.op, node.op), "tutor.accent"), " ", (node.layer, "tutor.dim"))
        if node.here:
            text.append("  ")
            text.append(self.words("graph_here", function=node.here), "tutor.highlight")
        return text

    def grow(self, tree: Tree, quantity: Quantity, depth: int, seen: frozenset[str]) -> None:
        """Add a quantity and, if a node computes it, that node with its inputs below (each name once per path)."""
        branch = tree.add(self.label(quantity, depth))
        node = self.graph.maker(quantity.name)
        if node is None or quantity.name in seen:
            return
        below = branch.add(self.operation(node))
        for item in node.inputs:
            self.grow(below, item, depth + 2, seen | {quantity.name})

    def align(self, room: int) -> None:
        """Line the values and derivatives up in columns, when the widest line still fits the room."""
        placed = list(self.placed(self.graph.roots()))
        if not placed:
            return
        deepest = max(depth for depth, _ in placed)
        names = max(len(q.name) for _, q in placed)
        values = max(len(shown(q.value, "").plain) for _, q in placed)
        derivatives = max(len(GRADIENT_PREFIX + q.name) + 3 + len(shown(q.derivative, "").plain) for _, q in placed)
        widest = INDENT * deepest + names + 3 + values + 3 + derivatives
        self.columns = (names, values, deepest) if widest <= room else (0, 0, 0)

    def placed(self, nodes, depth: int = 0, seen: frozenset[str] = frozenset()):
        """Each quantity drawn, with its level in the tree (its operation is the level between it and its inputs)."""
        for node in nodes:
            if node.output.name in seen:
                continue
            yield depth, node.output
            for item in node.inputs:
                maker = self.graph.maker(item.name)
                if maker is None:
                    yield depth + 2, item
                else:
                    yield from self.placed((maker,), depth + 2, seen | {node.output.name})

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.align(options.max_width - 4)  # the panel's borders and padding
        trees = []
        for root in self.graph.roots():
            tree = Tree(self.label(root.output, 0), guide_style="tutor.dim")
            below = tree.add(self.operation(root))
            for item in root.inputs:
                self.grow(below, item, 2, frozenset({root.output.name}))
            trees.append(tree)
        legend = Text(self.words("graph_legend", prefix=GRADIENT_PREFIX), style="tutor.dim")
        yield Panel(Group(*trees, legend), title=Text(self.words("graph_title")), title_align="left",
                    border_style="tutor.accent")


def shown(value: object, style: str, width: int = 0) -> Text:
    """A value compactly (padded to width), or a dim ? while the program has not computed it."""
    if value is None:
        return Text("?".ljust(width), style="tutor.dim")
    return Text((number(value) if not isinstance(value, str) else value).ljust(width), style=style)
