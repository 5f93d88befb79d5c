"""Writing systems: which script a text is in, digits of every script, folding for comparison.

Why: a list mixes scripts (a name in Cyrillic, its transliteration in Latin, numbers in
Bengali digits), and many rules depend on it — whether a bracket is a transliteration,
whether capitals can mark an abbreviation, whether words are separated by spaces.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

__all__ = [
    "CASELESS_SCRIPTS",
    "UNSPACED_SCRIPTS",
    "ascii_digits",
    "char_script",
    "compact",
    "dominant_script",
    "fold",
    "is_mixed_script",
    "is_rtl",
    "scripts",
    "skeleton",
    "transliteration_similarity",
]

# Scripts without capital letters: capitals cannot mark an abbreviation or a name there.
CASELESS_SCRIPTS = frozenset(
    {"CJK", "ARABIC", "HEBREW", "BENGALI", "DEVANAGARI", "THAI", "HANGUL", "TAMIL", "GUJARATI",
     "GURMUKHI", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "ETHIOPIC", "KHMER", "LAO",
     "MYANMAR", "GEORGIAN", "TIBETAN", "ORIYA", "SYRIAC", "THAANA"}
)  # fmt: skip

# Scripts written without spaces between words: a whole name is one "word".
UNSPACED_SCRIPTS = frozenset({"CJK", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN"})

_RTL_SCRIPTS = frozenset({"ARABIC", "HEBREW", "SYRIAC", "THAANA", "NKO"})


@lru_cache(maxsize=8192)
def char_script(ch: str) -> str:
    """The script of one character, from its Unicode name ("CJK" for Han and kana)."""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "UNKNOWN"
    script = name.split(" ")[0]
    if script in {"CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH", "IDEOGRAPHIC"}:
        return "CJK"
    if script == "FULLWIDTH":
        return "LATIN"
    return script


def scripts(text: str) -> dict[str, int]:
    """How many letters of ``text`` each script has."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = char_script(ch)
            counts[script] = counts.get(script, 0) + 1
    return counts


def dominant_script(text: str) -> str:
    counts = scripts(text)
    if not counts:
        return "NONE"
    return max(counts.items(), key=lambda item: item[1])[0]


def is_mixed_script(text: str) -> bool:
    counts = scripts(text)
    if len(counts) < 2:
        return False
    total = sum(counts.values())
    return sorted(counts.values())[-2] >= 0.2 * total


def is_rtl(text: str) -> bool:
    return dominant_script(text) in _RTL_SCRIPTS


def ascii_digits(text: str) -> str:
    """Replace any Unicode decimal digit by its ASCII counterpart."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


# Arabic vowel marks and the tatweel: optional in writing, so vocabularies match without.
# The zero-width (non-)joiners only shape letters: words match with or without them.
_ARABIC_MARKS = dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640, 0x200C, 0x200D])


def fold(text: str) -> str:
    """Casefold with typographic apostrophes made plain, for vocabulary look-ups."""
    return text.casefold().replace("’", "'").replace("ʼ", "'").translate(_ARABIC_MARKS)


def compact(text: str) -> str:
    """Letters and digits only, in ASCII (transliterated), lower case."""
    return re.sub(r"[^a-z0-9]", "", anyascii(text).lower())


def skeleton(text: str) -> str:
    """``compact`` without vowels: transliteration systems differ most in vowels."""
    return re.sub(r"[aeiouyw]", "", compact(text))


def transliteration_similarity(original: str, latin: str) -> float:
    """0..100: how well ``latin`` renders the sounds of ``original`` (any script)."""
    a, b = compact(original), compact(latin)
    if not a or not b:
        return 0.0
    return max(fuzz.ratio(a, b), fuzz.ratio(skeleton(original), skeleton(latin)))
