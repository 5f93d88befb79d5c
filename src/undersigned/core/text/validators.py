"""Validators for text that people type and the public list shows."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Bidirectional overrides and isolates can reverse how the rest of a line displays
# ("Trojan Source"); names never need them, dir="auto" does the right thing instead.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# Joiners that scripts need: the zero-width non-joiner and joiner shape Persian, Arabic
# and Indic words ("می‌خواهم", "क्‍ष"), and the joiner builds emoji sequences
# ("👩‍🔬"). Between letters of those scripts, or (the joiner) between emoji, they are
# kept; anywhere else they carry no meaning.
ZWNJ, ZWJ = "\u200c", "\u200d"
JOINING_SCRIPTS = (
    "ARABIC", "SYRIAC", "NKO", "MANDAIC", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI",
    "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "MYANMAR",
    "KHMER", "TIBETAN", "LAO", "THAI", "JAVANESE", "BALINESE",
)  # fmt: skip
# Letters that show nothing and are used to fake an empty or a different name.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u034f")
BLACK_FLAG = "\U0001f3f4"  # starts the subdivision flags, written with tag characters
TAGS = range(0xE0020, 0xE0080)
EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)
VARIATION_SELECTOR_16 = "\ufe0f"


def _in_joining_script(char: str) -> bool:
    if unicodedata.category(char)[0] not in "LM":
        return False
    return unicodedata.name(char, "").startswith(JOINING_SCRIPTS)


def _emoji_side(char: str) -> bool:
    return (
        unicodedata.category(char) == "So"
        or char == VARIATION_SELECTOR_16
        or ord(char) in EMOJI_MODIFIERS
    )


def _joiner_kept(value: str, index: int) -> bool:
    if index == 0:
        return False
    before = value[index - 1]
    after = value[index + 1] if index + 1 < len(value) else " "
    if _in_joining_script(before):
        # Between two letters of the script, or after a virama at the end of a word
        # (Malayalam's chillu letters written as virama and joiner: "നായര്‍").
        return _in_joining_script(after) or (
            unicodedata.category(before) == "Mn" and not after.isalnum()
        )
    return value[index] == ZWJ and _emoji_side(before) and unicodedata.category(after) == "So"


def _tag_kept(value: str, index: int) -> bool:
    # A subdivision flag: the black flag, tag letters, then the cancel tag.
    start = index
    while start > 0 and ord(value[start - 1]) in TAGS:
        start -= 1
    return start > 0 and value[start - 1] == BLACK_FLAG


def invisible_characters(value: str) -> list[str]:
    """The characters of ``value`` that show nothing and mean nothing where they stand:
    format characters (zero-width space, word joiner, byte order mark, soft hyphen,
    direction marks, tags), line and paragraph separators and blank letters; not the
    joiners and tags that a script or an emoji needs there."""
    found = []
    for index, char in enumerate(value):
        category = unicodedata.category(char)
        if char in BLANK_LETTERS or category in ("Zl", "Zp"):
            found.append(char)
        elif category != "Cf":
            continue
        elif char in (ZWNJ, ZWJ):
            if not _joiner_kept(value, index):
                found.append(char)
        elif ord(char) in TAGS:
            if not _tag_kept(value, index):
                found.append(char)
        else:
            found.append(char)
    return found


def validate_plain_text(value: str) -> None:
    """Refuse control characters, bidi overrides, invisible characters that mean
    nothing where they stand, and the replacement character of bad UTF-8.

    The one check of every name, title and short text a person types or an import
    brings: the public forms, the models (so the admin and organizers' forms) and the
    import of lists all call it.
    """
    if value.isprintable() and "\ufffd" not in value and BLANK_LETTERS.isdisjoint(value):
        # Most text, checked at C speed: ``isprintable`` is false for every control,
        # format (direction marks, joiners, tags) and separator character but the space,
        # so nothing below could refuse it.
        return
    for char in value:
        if char in BIDI_CONTROLS:
            raise ValidationError(
                _("Please remove the invisible direction-control characters."), code="bidi"
            )
        if char == "\ufffd":
            raise ValidationError(
                _("This text contains characters that could not be read; please type it again."),
                code="encoding",
            )
        if unicodedata.category(char) == "Cc":
            raise ValidationError(
                _("Control characters (such as tabs or line breaks) are not allowed here."),
                code="control",
            )
    invisible = invisible_characters(value)
    if invisible:
        raise ValidationError(
            _(
                "Please remove the invisible characters (%(characters)s): they show "
                "nothing and would be published as they are."
            ),
            code="invisible",
            params={"characters": ", ".join(sorted({f"U+{ord(c):04X}" for c in invisible}))},
        )


def whole_number(text: str, *, max_digits: int = 9) -> int | None:
    """``text`` as a whole number if it is one written in ASCII digits, at most
    ``max_digits`` of them; otherwise None.

    ``str.isdigit()`` is no guard for ``int()``: it accepts "²" and other digits that
    ``int()`` refuses, and ``int()`` refuses a number of more than 4,300 digits (nor
    would a database take one as an id).
    """
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def default_language() -> str:
    """The site's default language, read when a row is made (not when models load)."""
    return str(settings.LANGUAGE_CODE)
