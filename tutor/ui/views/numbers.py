"""Short, stable text for numbers and array previews, shared by every view."""
from __future__ import annotations

import sys

from tutor.model.values import ArrayInfo


def is_float(value: object) -> bool:
    """A Python or numpy float, asked without importing numpy (tutor starts before the program loads it)."""
    numpy = sys.modules.get("numpy")
    return isinstance(value, float) or (numpy is not None and isinstance(value, numpy.floating))


def number(value: object) -> str:
    """A compact number: integers as they are, floats to six significant digits."""
    if is_float(value):
        return f"{float(value):.6g}"
    return str(value)


def precise(value: object) -> str:
    """A number with enough digits to tell f(x + h) from f(x - h)."""
    if is_float(value):
        return f"{float(value):.12g}"
    return str(value)


def preview(info: ArrayInfo) -> str:
    """The first and last values of an array, with an ellipsis where values are left out."""
    head = " ".join(number(v) for v in info.head.tolist())
    if not info.elided:
        tail = " ".join(number(v) for v in info.tail.tolist())
        return f"[{' '.join(x for x in (head, tail) if x)}]"
    tail = " ".join(number(v) for v in info.tail.tolist())
    return f"[{head} … {tail}]"


def shape_text(shape: tuple[int, ...]) -> str:
    """A shape as Python prints it: (324,) or (2, 324)."""
    return str(tuple(shape))


def summary(info: ArrayInfo) -> str:
    """Shape, dtype and range on one line."""
    span = f"  min {number(info.low)}  max {number(info.high)}" if info.low is not None else ""
    return f"{shape_text(info.shape)} {info.dtype}{span}"
