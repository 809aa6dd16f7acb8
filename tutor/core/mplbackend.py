"""A matplotlib backend for scripts run under tutor: plt.show() saves each figure and says where.

Scripts from the book end with plt.show(), which would open a window and block the lesson. Under
tutor, MPLBACKEND names this module, so show() writes PNG files instead (no display needed).
"""
import os
import tempfile

from matplotlib.backend_bases import FigureManagerBase as FigureManager  # noqa: F401  (the backend API)
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas  # noqa: F401

FOLDER = os.path.join(tempfile.gettempdir(), "tutor-figures")


def show(*args, **kwargs) -> None:
    """Save every open figure as a PNG, print where, and close them: never a window, never a wait."""
    from matplotlib import pyplot

    os.makedirs(FOLDER, exist_ok=True)
    script = os.path.splitext(os.path.basename(getattr(__import__("__main__"), "__file__", "figure")))[0]
    for number in pyplot.get_fignums():
        path = os.path.join(FOLDER, f"{script}-{number}.png")
        pyplot.figure(number).savefig(path)
        print(f"figure saved to {path}")
    pyplot.close("all")
