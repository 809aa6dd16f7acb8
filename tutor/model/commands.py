"""tutor's own console commands, named once: the debugger answers them, the validator and completer know them."""

TUTOR_COMMANDS = ("trace", "watch", "unwatch")  # typed at (Pdb) or in the console, followed by an expression
