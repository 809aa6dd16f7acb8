"""Plots under tutor: never a window and never a wait; plt.show() saves PNGs (see tutor.core.mplbackend). What
a script sets in matplotlib's rcParams is undone after it, as its process's end would undo it."""
from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator

BACKEND = "module://tutor.core.mplbackend"


@contextlib.contextmanager
def saved_plots() -> Iterator[None]:
    """Point matplotlib at the saving backend while a script runs, then put back what was there."""
    before_env = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = BACKEND
    pyplot = sys.modules.get("matplotlib.pyplot")
    before_backend = pyplot.get_backend() if pyplot is not None else None
    matplotlib = sys.modules.get("matplotlib")
    before_raw = dict.__getitem__(matplotlib.rcParams, "backend") if matplotlib is not None else None  # unresolved
    before_rc = _settings(matplotlib.rcParams) if matplotlib is not None else None
    if pyplot is not None:
        pyplot.switch_backend(BACKEND)
    elif matplotlib is not None:  # loaded, pyplot not yet: MPLBACKEND is read only when matplotlib loads
        matplotlib.rcParams["backend"] = BACKEND
    try:
        yield
    finally:
        if before_env is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = before_env
        if pyplot is not None:
            pyplot.switch_backend(before_backend)
        elif matplotlib is not None:
            _put_back(matplotlib, before_raw)
        _settings_back(before_rc)


def _settings(rc) -> dict:
    """rcParams as they are, less the backend (which saved_plots puts back on its own)."""
    return {name: value for name, value in dict.items(rc) if name != "backend"}


def _settings_back(before: dict | None) -> None:
    """rcParams as before the run; as a fresh import has them if the script loaded matplotlib itself."""
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        dict.update(matplotlib.rcParams, before if before is not None else _settings(matplotlib.rcParamsOrig))


def _put_back(matplotlib, raw: object) -> None:
    """The host's backend again, whether or not the script loaded pyplot or called matplotlib.use() meanwhile."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.switch_backend(raw)
    else:
        dict.__setitem__(matplotlib.rcParams, "backend", raw)
