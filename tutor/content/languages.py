"""The languages tutor speaks, and which one a learner asked for (--lang, else the locale's variables)."""
from __future__ import annotations

import os
from typing import Mapping

LANGUAGES = ("en", "zh-TW", "nan-TW")
NAMES = {"en": "English", "zh-TW": "華語 (Mandarin, Taiwan)", "nan-TW": "台語 (Taiwanese Hokkien)"}

def pick(option: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """--lang if given, else the first of LC_ALL, LC_MESSAGES, LANG that names a language tutor has; else en."""
    if option:
        return option
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return from_locale(value)
    return "en"


def from_locale(value: str) -> str:
    """zh_TW.UTF-8 → zh-TW, nan_TW → nan-TW, anything else → en (C and POSIX too)."""
    code = value.split(".")[0].split("@")[0].replace("_", "-")
    for language in LANGUAGES:
        if code.lower() == language.lower():
            return language
    return "zh-TW" if code.lower() in ("zh-hant", "zh-hant-tw") else "en"
