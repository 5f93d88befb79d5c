"""Homoglyph warnings: names that mix scripts to pass for another ("Аmnesty", Cyrillic А).

A name written wholly in one script is normal, whatever the script; letters of two
or more scripts inside one word is what impersonation looks like. Moderators see the
scripts of such names in the queue before they approve.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "GEORGIAN", "ARABIC", "HEBREW")


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for script in SCRIPTS:
        if name.startswith(script):
            return script.capitalize()
    return None


def mixed_scripts(text: str) -> set[str]:
    """The scripts mixed inside any one word of ``text`` (empty when none are)."""
    found: set[str] = set()
    for word in WORD.findall(text):
        scripts = {s for s in (_script(c) for c in word) if s}
        if len(scripts) > 1:
            found |= scripts
    return found
