"""Plain, frozen pictures of a paused program, so views never touch a live frame."""
from __future__ import annotations

import linecache
import reprlib
import sys
import types
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

EDGE = 3  # how many values an array preview keeps at each end
CONTEXT = 5  # source lines kept above and below the current line
_repr = reprlib.Repr()
_repr.maxstring, _repr.maxother, _repr.maxlong = 60, 60, 40


@dataclass(frozen=True, eq=False)
class ArrayInfo:
    """Shape, dtype, range and the two ends of an array, copied at the time of the stop."""

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


@dataclass(frozen=True, eq=False)
class Value:
    """One named variable: a short text, or an ArrayInfo for numpy arrays."""

    name: str
    type_name: str
    text: str
    array: ArrayInfo | None = None


@dataclass(frozen=True)
class SourceLine:
    """One line of the listing around the current line."""

    number: int
    text: str
    is_current: bool
    has_breakpoint: bool


@dataclass(frozen=True, eq=False)
class Stop:
    """Where the program is paused and what its frame holds."""

    filename: str
    lineno: int
    function: str
    event: str
    source: tuple[SourceLine, ...]
    variables: tuple[Value, ...]


@dataclass(frozen=True, eq=False)
class RowSplit:
    """One turn of `for index, item in enumerate(array)`: which row the loop handed over."""

    array_name: str
    index_name: str
    item_name: str
    shape: tuple[int, ...]
    index: int
    rows: tuple[tuple[int, ArrayInfo], ...]  # (row number, row) for the rows worth drawing
    item: ArrayInfo
    item_is_row: bool


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
        text = _repr.repr(value)
    except Exception as exc:  # a broken __repr__ must not break the view
        text = f"<repr failed: {type(exc).__name__}>"
    return Value(name, type(value).__name__, text)


def is_shown(name: str, value: object) -> bool:
    """Leave out modules, functions, classes and dunder names: they are not the program's state."""
    if name.startswith("__") and name != "__return__":
        return False
    return not isinstance(value, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type))


def source_window(filename: str, lineno: int, breakpoints: set[int]) -> tuple[SourceLine, ...]:
    """The lines around lineno, as pdb's `list` would pick them."""
    first = max(1, lineno - CONTEXT)
    lines = []
    for number in range(first, lineno + CONTEXT + 1):
        text = linecache.getline(filename, number)
        if not text:
            break
        lines.append(SourceLine(number, text.rstrip("\n"), number == lineno, number in breakpoints))
    return tuple(lines)


def take_stop(frame: types.FrameType, lineno: int, event: str,
              breakpoints: set[int], names: dict[str, object]) -> Stop:
    """Copy what the views need from a live frame."""
    variables = tuple(describe(k, v) for k, v in names.items() if is_shown(k, v))
    return Stop(filename=frame.f_code.co_filename, lineno=lineno, function=frame.f_code.co_name,
                event=event, source=source_window(frame.f_code.co_filename, lineno, breakpoints),
                variables=variables)


def take_row_split(names: dict[str, object], array: str, index: str, item: str) -> RowSplit | None:
    """Copy one turn of an enumerate loop over a 2-D array, or None if the frame has no such loop."""
    data, position, current = names.get(array), names.get(index), names.get(item)
    if not is_array(data):
        return None
    import numpy as np

    if not (is_array(data) and data.ndim >= 2 and isinstance(position, (int, np.integer))
            and is_array(current)):
        return None
    position = int(position)
    picked = sorted(n for n in {0, 1, position - 1, position, position + 1, len(data) - 1} if 0 <= n < len(data))
    rows = tuple((n, array_info(data[n])) for n in picked)
    is_row = 0 <= position < len(data) and np.shares_memory(current, data[position])
    return RowSplit(array_name=array, index_name=index, item_name=item, shape=tuple(data.shape),
                    index=position, rows=rows, item=array_info(current), item_is_row=bool(is_row))


@dataclass(frozen=True, eq=False)
class Watched:
    """A watched expression at a stop: its value, or the error it raised, and what changed."""

    expression: str
    value: Value | None
    error: str = ""
    change: str = ""  # "new", "rebound", "changed", or "" (unchanged)
    cells: tuple[tuple[int, object, object], ...] = ()  # array cells written since the last stop
    count: int = 0


class Watcher:
    """Remembers each watched value between stops, so in-place writes and rebinding both show."""

    def __init__(self):
        self._last: dict[str, tuple[object, object]] = {}  # expression -> (object, copy or repr)

    def look(self, expression: str, evaluate) -> Watched:
        """Evaluate and compare with the last stop; never raises, whatever the value."""
        try:
            value = evaluate(expression)
        except Exception as exc:
            self._last.pop(expression, None)
            return Watched(expression, None, error=f"{type(exc).__name__}: {exc}")
        try:
            return self._compare(expression, value)
        except Exception as exc:  # a value whose repr or comparison fails is still shown, not fatal
            return Watched(expression, None, error=f"cannot show it: {type(exc).__name__}")

    def _compare(self, expression: str, value: object) -> Watched:
        """The Watched record for a value just evaluated."""
        described = describe(expression, value)
        before = self._last.get(expression)
        if is_array(value):
            kept = value.copy()
            self._last[expression] = (value, kept)
            if before is None:
                return Watched(expression, described, change="new")
            old_object, old_copy = before
            if old_object is not value or not is_array(old_copy) or old_copy.shape != value.shape:
                return Watched(expression, described, change="rebound")
            return _array_change(expression, described, old_copy, kept)
        self._last[expression] = (value, described.text)
        if before is None:
            return Watched(expression, described, change="new")
        return Watched(expression, described, change="" if before[1] == described.text else "changed")

    def forget(self) -> None:
        """Start afresh (a new run of the program)."""
        self._last.clear()


def _array_change(expression: str, described: Value, old: np.ndarray, new: np.ndarray) -> Watched:
    """Cells that differ between two copies of an array (NaN equal to NaN)."""
    from tutor.trace import changed_cells

    write = changed_cells(expression, old.reshape(-1), new.reshape(-1), keep=6)
    if write is None:
        return Watched(expression, described)
    return Watched(expression, described, change="changed", cells=write.cells, count=write.count)


@dataclass(frozen=True, eq=False)
class Comparison:
    """Two arrays cell by cell: how many agree, the largest error, and the first cells of each row."""

    got_name: str
    want_name: str
    shape: tuple[int, ...]
    agree: int
    size: int
    largest: float
    tolerance: float
    cells: tuple[tuple[tuple[int, ...], float, float], ...]  # (index, got, want)
    problem: str = ""


def take_comparison(got_name: str, got: object, want_name: str, want: object, tolerance: float,
                    per_row: int = 4) -> Comparison:
    """Compare two live arrays (copying the few cells shown); a shape mismatch is reported, not raised."""
    import numpy as np

    if np.iscomplexobj(got) or np.iscomplexobj(want):  # casting to float would drop the imaginary parts
        return Comparison(got_name, want_name, (), 0, 0, float("nan"), tolerance, (),
                          problem="complex numbers: compare their .real or abs() instead")
    try:
        got_array, want_array = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    except (TypeError, ValueError) as exc:
        return Comparison(got_name, want_name, (), 0, 0, float("nan"), tolerance, (),
                          problem=f"not arrays of numbers: {type(exc).__name__}: {exc}")
    if got_array.shape != want_array.shape:
        return Comparison(got_name, want_name, tuple(got_array.shape), 0, int(got_array.size), float("nan"),
                          tolerance, (), problem=f"shapes differ: {got_array.shape} and {want_array.shape}")
    with np.errstate(invalid="ignore"):  # inf - inf is NaN, without a warning in the lesson
        error = np.abs(got_array - want_array)
    agree = int(np.count_nonzero((error <= tolerance) | (got_array == want_array)))  # inf agrees with inf
    rows = got_array.reshape(-1, got_array.shape[-1]) if got_array.ndim and got_array.size else got_array.reshape(1, -1)
    wants = want_array.reshape(rows.shape)
    cells = tuple(((r, c), float(rows[r, c]), float(wants[r, c]))
                  for r in range(min(len(rows), 3)) for c in range(min(rows.shape[1], per_row)))
    largest = float(error.max()) if error.size else 0.0
    return Comparison(got_name, want_name, tuple(got_array.shape), agree, int(got_array.size), largest,
                      tolerance, cells)
