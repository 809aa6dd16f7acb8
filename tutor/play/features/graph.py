"""The computational-graph view: each node's forward value and the derivative flowing back, at every stop."""
from __future__ import annotations

from tutor.content.schema import NAME, TABLES, TEXT, TEXTS, Field
from tutor.model.record import Record
from tutor.play.feature import Feature, register


class GraphNode(Record):
    """One node as a lesson declares it: `output` is `op` of `inputs`, computed by the object `layer`."""

    output: str
    op: str
    inputs: tuple[str, ...]
    layer: str = ""


def named_inputs(node: dict, number: int | None) -> tuple[str, str] | None:
    """A node has inputs, each a name of the script."""
    inputs = node["inputs"]
    if not inputs or not all(isinstance(name, str) and name.isidentifier() for name in inputs):
        return "inputs", "graph.inputs must be a list of variable names"
    return None


def built(**fields) -> GraphNode:
    """The node, with its inputs as a tuple."""
    return GraphNode(**{**fields, "inputs": tuple(fields["inputs"])})


class Graphing(Feature):
    """From the step that declares the graph on, it is drawn at every new stop, read from the script's own names."""

    name = "graph"
    fields = (Field("graph", TABLES, default=(), build=built, rule=named_inputs,
                    doc="a computational graph drawn at every stop from then on",
                    bad="graph must be a list of tables with output, op and inputs", fields=(
                        Field("output", NAME, required=True, bad="graph.output must be a variable name",
                              doc="the variable the node computes"),
                        Field("op", TEXT, required=True, doc="the operation, drawn between the node's inputs"),
                        Field("inputs", TEXTS, required=True, doc="the variables it computes from"),
                        Field("layer", NAME, default="", bad="graph.layer must be a variable name",
                              doc="the layer object whose forward and backward compute it"))),)

    def at_stop(self, stage, moved: bool) -> None:
        if not moved:
            return
        nodes = declared(stage.lesson.steps[:stage.run.cursor])
        if not nodes:
            return
        from tutor.model.graph import take_graph
        from tutor.ui.views.graph import GraphView

        debugger = stage.debugger
        here = debugger.namespace().get("self")
        graph = take_graph(debugger.script_names(), nodes, here, debugger.where()[2])
        stage.screen.show(GraphView(graph, stage.words))


def declared(steps) -> tuple[GraphNode, ...]:
    """The graph of the last step so far that declares one (a replay finds it again without any state)."""
    return next((step.graph for step in reversed(steps) if step.graph), ())


register(Graphing())
