"""tutor's own console commands, named once: the debugger hooks them, the keyboard completes them."""
from __future__ import annotations

# Commands tutor adds to pdb: typed at (Pdb) as do_trace/do_watch/do_unwatch, and inside `interact`
# too, where they are not Python (a line that parses as Python stays Python).
TUTOR_COMMANDS = ("trace", "watch", "unwatch")
# Typed at (Pdb) only: a fresh run replayed to where the lesson is (the debugger's do_replay ends the run for it).
REPLAY = "replay"
