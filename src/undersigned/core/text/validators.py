"""Validators for text that people type and the public list shows."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Bidirectional overrides and isolates can reverse how the rest of a line displays
# ("Trojan Source"); names never need them, dir="auto" does the right thing instead.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def validate_plain_text(value: str) -> None:
    """Refuse control characters, bidi overrides and the replacement character of bad UTF-8."""
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
