"""The field reference of docs/lessons.md, made from the schema so the two cannot drift apart."""
from __future__ import annotations

from tutor.content import schema
from tutor.content.schema import Field, walk_fields

BEGIN = "<!-- fields: made by docs/fields.py from tutor/content/schema.py; do not edit by hand -->"
END = "<!-- end of fields -->"

_TYPES = {
    schema.TEXT: "text", schema.NAME: "a Python name", schema.NUMBER: "number ≥ 0", schema.TEXTS: "list of text",
    schema.EXPRESSIONS: "expression, or a list of them", schema.TABLE: "table", schema.TABLES: "list of tables",
    schema.LINES: "table of text or `{ file, text }`", schema.LINE: "a name of `[lines]`", schema.VERSION: "integer",
    schema.SOURCE: "text of the script",
}
_PYTHON = {"eval": "an expression", "exec": "statements", "single": "one console line"}


def type_words(spec: Field) -> str:
    """How the reference names a field's type."""
    if spec.type == schema.CHOICE:
        return " or ".join(f"`{choice}`" for choice in spec.choices)
    if spec.type == schema.COUNT:
        return f"whole number, {spec.bounds[0]} to {spec.bounds[1]}"
    return _TYPES[spec.type]


def table(fields: tuple[Field, ...], prefix: str = "") -> list[str]:
    """One row per field, nested fields by their dotted path."""
    rows = []
    for path, spec in walk_fields(fields):
        required = "command" if spec.command else ("yes" if spec.required else "")
        python = _PYTHON.get(spec.compiles, "")
        rows.append(f"| `{prefix}{path}` | {type_words(spec)} | {required} | {'yes' if spec.translatable else ''} "
                    f"| {'yes' if spec.lines else ''} | {python} | {spec.doc} |")
    return rows


def reference() -> str:
    """The whole generated block: the lesson's fields, then a step's (the core's and every feature's)."""
    head = ["| Field | Type | Required | Translatable | `{name}` filled | Python | Meaning |",
            "|---|---|---|---|---|---|---|"]
    lesson = [f for f in schema.LESSON_FIELDS]
    return "\n".join([BEGIN, "", "Top level:", "", *head, *table(tuple(lesson)), "",
                      "In each `[[step]]` (\"command\": exactly one of these is the step's command):", "",
                      *head, *table(schema.step_fields()), "", END])


def replaced(document: str) -> str:
    """The document with its generated block made anew."""
    start, end = document.index(BEGIN), document.index(END) + len(END)
    return document[:start] + reference() + document[end:]
