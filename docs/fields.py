"""Remake the field reference in docs/lessons.md from the schema: python docs/fields.py (tests check it is current)."""
from pathlib import Path

import tutor.play.features  # noqa: F401  (the features' fields are part of the reference)
from tutor.content.reference import replaced

if __name__ == "__main__":
    path = Path(__file__).with_name("lessons.md")
    path.write_text(replaced(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"rewrote the field reference in {path}")
