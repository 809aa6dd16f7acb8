"""Record: typing.NamedTuple's class syntax at collections.namedtuple's price. typing checks every field's type
(and, under `from __future__ import annotations`, compiles each one): in a micro-benchmark a NamedTuple class took
about twice a Record's instructions. 33 of them load before the first screen; as Records, that screen went from
435 to 418 million instructions on 3.11 (bench/instructions.py)."""
from __future__ import annotations

from collections import namedtuple


class _Fields(type):
    """Makes each subclass of Record a namedtuple of its annotated names, with its defaults, methods and docstring."""

    def __new__(cls, name: str, bases: tuple, namespace: dict):
        if not bases:  # Record itself
            return super().__new__(cls, name, bases, namespace)
        fields = tuple(namespace.get("__annotations__", {}))
        defaults = [namespace[field] for field in fields if field in namespace]
        if any(field not in namespace for field in fields[len(fields) - len(defaults):]):
            raise TypeError(f"{name}: a field without a default follows one with a default")
        made = namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
        for key, value in namespace.items():
            if key not in fields and key != "__module__":
                setattr(made, key, value)  # methods, properties, constants, __doc__, __qualname__, __annotations__
        return made


class Record(metaclass=_Fields):
    """Base of an immutable value: `class Stop(Record):` then `name: type = default` lines, as with NamedTuple."""

    __slots__ = ()
