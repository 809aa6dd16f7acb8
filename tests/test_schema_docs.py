"""docs/lessons.md and the schema cannot drift: the field reference is made from the schema, and each
hand-written table of keys lists exactly the keys the schema declares for that table."""
import re

import pytest

from tests.conftest import ROOT
from tutor.content import schema
from tutor.content.reference import BEGIN, END, reference

DOC = (ROOT / "docs" / "lessons.md").read_text(encoding="utf-8")


def declared(key: str) -> tuple[schema.Field, ...]:
    """The fields of a step field's table."""
    return next(f for f in schema.step_fields() if f.key == key).fields


TABLES = {  # the heading above a hand-written table -> the fields it documents
    "Top-level keys": lambda: (*schema.LESSON_FIELDS, schema.STEP),
    "Steps: `[[step]]`": schema.step_fields,
    "Expectations": lambda: schema.EXPECT.fields,
    "The rows view": lambda: declared("rows"),
    "The graph view": lambda: declared("graph"),
    "The shapes view": lambda: declared("shapes"),
    "The mask view": lambda: declared("mask"),
    "Predictions": lambda: declared("predict"),
    "Comparisons": lambda: declared("compare"),
    "Cases": lambda: declared("cases"),
    "Plots": lambda: declared("plot"),
    "Exercises": lambda: declared("exercise"),
}


def key_tables() -> dict[str, list[tuple[set[str], str]]]:
    """Each `| Key | Type | Default | Meaning |` table under its `##` heading: (keys of a row, its default)."""
    found, heading = {}, None
    for block in re.split(r"\n(?=## )", DOC):
        heading = block.splitlines()[0].removeprefix("## ").strip()
        if "| Key | Type | Default | Meaning |" in block:
            rows = re.findall(r"^\| (`[^|]+) \| [^|]+ \| ([^|]+) \|", block, flags=re.M)
            found[heading] = [({k.strip("[]") for k in re.findall(r"`([^`]+)`", keys)}, default.strip())
                              for keys, default in rows]
    return found


def test_the_field_reference_is_made_from_the_schema():
    block = DOC[DOC.index(BEGIN):DOC.index(END) + len(END)]
    assert block == reference(), "run: python docs/fields.py"


def test_every_table_of_keys_is_documented():
    assert set(key_tables()) == set(TABLES)


@pytest.mark.parametrize("heading", TABLES)
def test_a_table_lists_exactly_the_declared_keys_and_which_are_required(heading):
    rows = key_tables()[heading]
    fields = {f.key: f for f in TABLES[heading]()}
    assert set().union(*(keys for keys, _ in rows)) == set(fields)
    for keys, default in rows:
        for key in keys:
            spec = fields[key]
            if spec.command:
                assert default.startswith("one of"), (key, default)
            elif default.startswith("required for"):
                assert not spec.required, (key, default)  # required only with another key's value
            else:
                assert default.startswith("required") == spec.required, (key, default)
