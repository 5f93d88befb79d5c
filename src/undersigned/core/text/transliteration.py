"""Suggested Latin transliterations of names written in other scripts.

Only ever a suggestion: the signing form shows it beside the empty transliteration field
and the admin beside the organization's, and neither writes it into what was typed.

anyascii (pinned in pyproject.toml) does the work: it is maintained, has no dependencies,
and covers every script a coalition's list brings (Cyrillic, Greek, Georgian, Armenian,
Arabic, Hebrew, Devanagari, Bengali, CJK…) with one table per code point, where
Unidecode is GPL-licensed, cyrtranslit knows Cyrillic only, and PyICU needs the ICU
library built. Two refinements on top, because lists in the seeds' style show names
that way:

- Ukrainian names (recognized by the letters і, ї, є, ґ) follow Ukraine's official
  romanization of 2010 (Громада → Hromada, not Gromada), which anyascii cannot tell
  from Russian;
- only letters and marks are transliterated: quotation marks, dashes and other
  punctuation stay as typed («Вода» → «Voda», not <<Voda>>).
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

# Cabinet of Ministers of Ukraine, resolution 55 of 27 January 2010. The second form is
# used at the start of a word.
_UKRAINIAN: dict[str, tuple[str, str]] = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("h", "h"), "ґ": ("g", "g"),
    "д": ("d", "d"), "е": ("e", "e"), "є": ("ie", "ye"), "ж": ("zh", "zh"), "з": ("z", "z"),
    "и": ("y", "y"), "і": ("i", "i"), "ї": ("i", "yi"), "й": ("i", "y"), "к": ("k", "k"),
    "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"), "о": ("o", "o"), "п": ("p", "p"),
    "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"), "у": ("u", "u"), "ф": ("f", "f"),
    "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"), "ш": ("sh", "sh"),
    "щ": ("shch", "shch"), "ь": ("", ""), "ю": ("iu", "yu"), "я": ("ia", "ya"),
    "'": ("", ""), "’": ("", ""), "ʼ": ("", ""),
}  # fmt: skip
_UKRAINIAN_ONLY = re.compile("[іїєґІЇЄҐ]")


def is_latin(text: str) -> bool:
    """Whether every letter of ``text`` is a Latin letter (accented ones included)."""
    return all(
        "LATIN" in unicodedata.name(char, "")
        for char in text
        if unicodedata.category(char).startswith("L")
    )


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in {"L", "M"}


def _ukrainian(text: str) -> str:
    out: list[str] = []
    for index, char in enumerate(text):
        lower = char.lower()
        if lower not in _UKRAINIAN:
            out.append(char)
            continue
        previous = text[index - 1] if index else ""
        # "зг" is written "zgh", so it is not read as the digraph "zh".
        if lower == "г" and previous.lower() == "з":
            latin = "gh"
        else:
            inner, initial = _UKRAINIAN[lower]
            latin = inner if previous and _is_word_char(previous) else initial
        if char != lower and latin:
            # Capital letter: capitalize the whole digraph when the next letter is
            # capital too (ЩЕ → SHCHE), else only its first letter (Щука → Shchuka).
            following = text[index + 1] if index + 1 < len(text) else ""
            latin = latin.upper() if following.isupper() else latin.capitalize()
        out.append(latin)
    return "".join(out)


def transliteration_suggestion(name: str) -> str:
    """A Latin transliteration of ``name``, or "" when it is already in Latin script."""
    name = name.strip()
    if not name or is_latin(name):
        return ""
    if _UKRAINIAN_ONLY.search(name):
        name = _ukrainian(name)
    # Runs of foreign letters with their combining marks (Devanagari vowel signs, Hebrew
    # points) go to anyascii whole; Latin letters, digits and punctuation stay as typed.
    out: list[str] = []
    run: list[str] = []
    foreign = False
    for char in name:
        category = unicodedata.category(char)[0]
        if category == "L":
            foreign = "LATIN" not in unicodedata.name(char, "")
        elif category != "M":
            foreign = False
        if foreign:
            run.append(char)
            continue
        if run:
            out.append(anyascii("".join(run)))
            run = []
        out.append(char)
    if run:
        out.append(anyascii("".join(run)))
    return re.sub(r"\s+", " ", "".join(out)).strip()
