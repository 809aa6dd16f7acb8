"""tutor.model.record.Record: what typing.NamedTuple gave the values that load at start, kept."""
from __future__ import annotations

import pickle

import pytest

from tutor.model.record import Record


class Point(Record):
    """A point of the plane."""

    x: float
    y: float = 0.0
    tags: tuple[str, ...] = ()

    LIMIT = 10  # a constant, not a field

    @property
    def norm(self) -> float:
        """Its distance to the origin."""
        return (self.x**2 + self.y**2) ** 0.5

    def moved(self, dx: float) -> Point:
        return self._replace(x=self.x + dx)


def test_fields_defaults_methods_and_the_docstring_are_kept():
    point = Point(3.0, 4.0)
    assert point == (3.0, 4.0, ()) and isinstance(point, tuple)
    assert Point._fields == ("x", "y", "tags") and Point._field_defaults == {"y": 0.0, "tags": ()}
    assert Point(1.0) == Point(x=1.0, y=0.0, tags=())
    assert point.norm == 5.0 and point.moved(1.0) == Point(4.0, 4.0) and Point.LIMIT == 10
    assert Point.__doc__ == "A point of the plane." and Point.__qualname__ == "Point"
    assert Point.__module__ == __name__ and "x" in Point.__annotations__
    with pytest.raises(AttributeError):
        point.x = 1.0  # immutable, as a NamedTuple
    with pytest.raises(AttributeError):
        point.other = 1  # no __dict__: __slots__ = ()


def test_it_pickles_and_equals_by_value_unless_told_otherwise():
    assert pickle.loads(pickle.dumps(Point(1.0, 2.0, ("a",)))) == Point(1.0, 2.0, ("a",))

    class Held(Record):
        array: object
        __eq__, __ne__, __hash__ = object.__eq__, object.__ne__, object.__hash__

    one = Held([1])
    assert one == one and one != Held([1])  # identity, as the values that hold arrays want


def test_a_field_without_a_default_after_one_with_a_default_is_refused():
    with pytest.raises(TypeError, match="without a default follows one with a default"):
        class Wrong(Record):
            a: int = 0
            b: int
