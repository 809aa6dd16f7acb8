"""Plots under tutor: never a window and never a wait; plt.show() saves PNGs (see tutor.mplsave)."""
from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator

BACKEND = "module://tutor.mplsave"


@contextlib.contextmanager
def saved_plots() -> Iterator[None]:
    """Point matplotlib at the saving backend while a script runs, then put back what was there."""
    before_env = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = BACKEND
    pyplot = sys.modules.get("matplotlib.pyplot")
    before_backend = pyplot.get_backend() if pyplot is not None else None
    if pyplot is not None:
        pyplot.switch_backend(BACKEND)
    try:
        yield
    finally:
        if before_env is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = before_env
        if pyplot is not None:
            pyplot.switch_backend(before_backend)
