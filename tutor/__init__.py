"""tutor: debugger-driven tutorials for numerical Python, in the terminal."""

__version__ = "0.1.0"
DISTRIBUTION = "pdb-tutor"  # the name to install: on PyPI, `tutor` is Open edX's Tutor; the import package stays tutor
PLOT_EXTRA = f"pip install '{DISTRIBUTION}[plot]'"
