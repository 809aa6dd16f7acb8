"""What a user installs, named once for every hint: on PyPI `tutor` is Open edX's Tutor, so ours is pdb-tutor."""

DISTRIBUTION = "pdb-tutor"  # the import package and `python -m tutor` stay tutor
PLOT_EXTRA = f"pip install '{DISTRIBUTION}[plot]'"  # matplotlib, for the book's figures
