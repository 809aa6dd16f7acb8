"""The shapes view: how the shapes of a product (dW = x.T @ dout) or a sum over an axis (db) line up, live."""
from __future__ import annotations

from tutor.content.schema import COUNT, TABLES, TEXT, Field
from tutor.model.record import Record
from tutor.play.feature import Feature, register


class ShapeSpec(Record):
    """One product (left @ right) or one sum (of `sum` over `axis`), and the name of its result."""

    result: str
    left: str = ""
    right: str = ""
    sum: str = ""
    axis: int = 0


def one_kind(item: dict, number: int | None) -> tuple[str, str] | None:
    """A line of the view is a product (left and right) or a sum, not both."""
    product, summed = bool(item["left"] or item["right"]), bool(item["sum"])
    if product == summed or (product and not (item["left"] and item["right"])):
        return "shapes", "each shapes line needs either left and right (a product), or sum"
    return None


class Shapes(Feature):
    """After the step, each product or sum drawn as boxes of the live arrays' dimensions."""

    name = "shapes"
    fields = (Field("shapes", TABLES, default=(), build=ShapeSpec, rule=one_kind,
                    doc="how the shapes of a product or a sum line up",
                    bad="shapes must be a list of tables with result and left and right, or sum", fields=(
                        Field("result", TEXT, required=True, compiles="eval", doc="the result, once computed"),
                        Field("left", TEXT, default="", compiles="eval", doc="a product's left operand"),
                        Field("right", TEXT, default="", compiles="eval", doc="a product's right operand"),
                        Field("sum", TEXT, default="", compiles="eval", doc="or the array summed"),
                        Field("axis", COUNT, default=0, bounds=(0, 31), bad="shapes.axis must be a whole number "
                              "from 0 to 31", doc="the axis the sum takes away"))),)

    def after_step(self, stage, step) -> None:
        if not step.shapes:
            return
        from tutor.model.shapes import Operand, shape_of, take_product, take_sum
        from tutor.ui.views.shapes import ShapesView

        def look(expression: str, required: bool) -> Operand:
            try:
                return Operand(expression, shape_of(stage.evaluate(expression)))
            except Exception as exc:
                if required:
                    stage.miss(step, f"{expression} to be computable", f"{type(exc).__name__}: {exc}")
                return Operand(expression, None)

        items = []
        for spec in step.shapes:
            result = look(spec.result, False)
            items.append(take_product(look(spec.left, True), look(spec.right, True), result) if spec.left
                         else take_sum(look(spec.sum, True), spec.axis, result))
        stage.screen.show(ShapesView(items, stage.words))


register(Shapes())
