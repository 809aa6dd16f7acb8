"""A computational graph read from the paused program: each node's forward value and the derivative handed back."""
from __future__ import annotations

import numbers

from tutor.model.record import Record
from tutor.model.values import short

GRADIENT_PREFIX = "d"  # the book's way of naming a derivative: dX is d(output)/dX, as backward hands it back


class Quantity(Record):
    """One value of the graph: its name, its forward value and its derivative (None while not computed)."""

    name: str
    value: object  # a number as the program holds it, a short text for anything else, or None
    derivative: object


class Node(Record):
    """One layer of the graph: which operation, which layer object, its output and its inputs."""

    op: str
    layer: str
    output: Quantity
    inputs: tuple[Quantity, ...]
    here: str  # the method of this layer the program is paused in ("forward", "backward"), else ""


class Graph(Record):
    """The nodes in the lesson's order, with the values the program holds now."""

    nodes: tuple[Node, ...]

    def roots(self) -> tuple[Node, ...]:
        """The nodes whose output feeds no other node: the graph's ends, drawn at the top."""
        fed = {quantity.name for node in self.nodes for quantity in node.inputs}
        return tuple(node for node in self.nodes if node.output.name not in fed)

    def maker(self, name: str) -> Node | None:
        """The node that computes `name`, or None for an input of the whole graph."""
        return next((node for node in self.nodes if node.output.name == name), None)


def take_graph(names: dict[str, object], specs: tuple, here: object = None,
               function: str = "") -> Graph:
    """Copy the graph's values from the script's names (specs: output, op, inputs, layer); `here` is the paused `self`."""
    nodes = []
    for spec in specs:
        layer = names.get(spec.layer) if spec.layer else None
        paused_in = function if layer is not None and here is layer else ""
        nodes.append(Node(op=spec.op, layer=spec.layer, output=quantity(names, spec.output),
                          inputs=tuple(quantity(names, name) for name in spec.inputs), here=paused_in))
    return Graph(tuple(nodes))


def quantity(names: dict[str, object], name: str) -> Quantity:
    """A name's value and its derivative's, as the script holds them now."""
    return Quantity(name, plain(names, name), plain(names, GRADIENT_PREFIX + name))


def plain(names: dict[str, object], name: str) -> object:
    """A number as it is (immutable), anything else as short text, None when the name is not bound yet."""
    if name not in names:
        return None
    value = names[name]
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value
    return short(value, limit=24)
