"""A matplotlib backend for scripts run under tutor: plt.show() saves each figure and says where.

Scripts from the book end with plt.show(), which would open a window and block the lesson. Under
tutor, MPLBACKEND names this module, so show() writes PNG files instead (no display needed).
"""
import os
import tempfile

from matplotlib.backend_bases import FigureManagerBase as FigureManager  # noqa: F401  (the backend API)
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas  # noqa: F401


FOLDERS: dict[str, str] = {}  # the folder made for this process's figures, per temporary folder in use


def folder() -> str:
    """This run's own folder for its figures, made at the first show(): mkdtemp's name no one can guess, readable
    by this user only, so another local user cannot plant it or a symlink inside it first (as they could in a
    fixed $TMPDIR/tutor-figures)."""
    base = tempfile.gettempdir()
    made = FOLDERS.get(base)
    if made is None or not os.path.isdir(made):
        made = FOLDERS[base] = tempfile.mkdtemp(prefix="tutor-figures-", dir=base)
    return made


def show(*args, **kwargs) -> None:
    """Save every open figure as a PNG, print where, and close them: never a window, never a wait."""
    from matplotlib import pyplot

    script = os.path.splitext(os.path.basename(getattr(__import__("__main__"), "__file__", "figure")))[0]
    for number in pyplot.get_fignums():
        path = os.path.join(folder(), f"{script}-{number}.png")
        pyplot.figure(number).savefig(path)
        print(f"figure saved to {path}")
    pyplot.close("all")
