"""Plain, frozen pictures of a paused program, so views never touch a live frame."""
from __future__ import annotations

import reprlib
import sys
import types
from typing import TYPE_CHECKING

from tutor.model.record import Record

if TYPE_CHECKING:
    import numpy as np

EDGE = 3  # how many values an array preview keeps at each end
_repr = reprlib.Repr()
_repr.maxstring, _repr.maxother, _repr.maxlong = 60, 60, 40
_short = reprlib.Repr()  # an attribute inside an object's summary
_short.maxstring, _short.maxother, _short.maxlong = 16, 16, 12
PARTS = 8  # attributes (or keys) an object's summary names


class ArrayInfo(Record):
    """Shape, dtype, range and the two ends of an array, copied at the time of the stop."""

    __eq__, __ne__, __hash__ = object.__eq__, object.__ne__, object.__hash__  # two pictures of a stop are never equal: no array compared

    shape: tuple[int, ...]
    dtype: str
    size: int
    low: object
    high: object
    head: np.ndarray
    tail: np.ndarray

    @property
    def elided(self) -> bool:
        """True when the preview leaves values out."""
        return self.size > 2 * EDGE


class Value(Record):
    """One named variable: a short text, or an ArrayInfo for numpy arrays."""

    __eq__, __ne__, __hash__ = object.__eq__, object.__ne__, object.__hash__  # two pictures of a stop are never equal: no array compared

    name: str
    type_name: str
    text: str
    array: ArrayInfo | None = None


def is_array(value: object) -> bool:
    """An ndarray, asked without importing numpy: none can exist before the program imports it (fast start)."""
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.ndarray)


def short(value: object, limit: int = 70) -> str:
    """One line for any value: small arrays by repr, large ones by shape, numpy scalars as plain numbers."""
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.generic) and value.ndim == 0:
        value = value.item()  # 0.54, not np.float64(0.54): the narration reads as numbers
    try:
        if is_array(value) and value.size > 12:
            return f"an array of shape {value.shape} and dtype {value.dtype}"
        text = repr(value)
    except Exception as exc:
        return f"<repr failed: {type(exc).__name__}>"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def array_info(value: np.ndarray) -> ArrayInfo:
    """Summarise an array without keeping a reference to it (it may change in place)."""
    import numpy as np

    flat = value.reshape(-1)
    low = high = None
    if flat.size and value.dtype.kind in "biuf":
        with np.errstate(all="ignore"):
            low, high = flat.min().item(), flat.max().item()
    return ArrayInfo(shape=tuple(value.shape), dtype=str(value.dtype), size=int(value.size), low=low, high=high,
                     head=flat[:EDGE].copy(), tail=flat[max(EDGE, flat.size - EDGE):].copy())


def describe(name: str, value: object) -> Value:
    """A Value for any object, arrays summarised and everything else shortened."""
    if is_array(value):
        return Value(name, "ndarray", "", array_info(value))
    try:
        text = summarised(value) or _repr.repr(value)
    except Exception as exc:  # a broken __repr__ must not break the view
        text = f"<repr failed: {type(exc).__name__}>"
    return Value(name, type(value).__name__, text)


def summarised(value: object) -> str | None:
    """An object with no repr of its own (a layer, a network), or a dict holding arrays: its parts on one line,
    arrays by shape, instead of `<Affine object at 0x...>` or pages of numbers; None for anything else."""
    if isinstance(value, dict):
        if not any(is_array(item) for item in value.values()):
            return None
        items = list(value.items())
    elif type(value).__repr__ is object.__repr__ and isinstance(getattr(value, "__dict__", None), dict):
        items = list(vars(value).items())
    else:
        return None
    parts = [f"{key} {_part(item)}" for key, item in items[:PARTS]]
    return ", ".join(parts + (["…"] if len(items) > PARTS else [])) or "(no attributes)"


def _part(value: object) -> str:
    """One attribute in a few characters: an array's shape, a container's or an object's type, a short repr."""
    if is_array(value):
        return str(tuple(value.shape))
    if isinstance(value, (dict, list, tuple, set)) or type(value).__repr__ is object.__repr__:
        return f"<{type(value).__name__} of {len(value)}>" if hasattr(value, "__len__") else f"<{type(value).__name__}>"
    return _short.repr(value)


def is_shown(name: str, value: object) -> bool:
    """Leave out modules, functions, classes and dunder names: they are not the program's state."""
    if name.startswith("__") and name != "__return__":
        return False
    return not isinstance(value, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type))


