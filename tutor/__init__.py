"""tutor: debugger-driven tutorials for numerical Python, in the terminal."""

__version__ = "0.1.0"
