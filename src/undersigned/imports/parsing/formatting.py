"""Writing entries back as lines: the inverse of reading the canonical shapes.

Why here: the export of a list and the parser must agree on the line's shape, so that a
list imported and exported again is the same text, byte for byte.
"""

from __future__ import annotations

__all__ = ["format_individual_line", "format_organization_line"]


def format_organization_line(
    abbreviation: str | None,
    name: str,
    transliteration: str | None,
    translation: str | None,
    country: str | None,
) -> str:
    """Render ``ABBR Name (Transliteration) (Translation), Country`` (parts only if present)."""
    parts = [p for p in (abbreviation, name) if p]
    parts += [f"({p})" for p in (transliteration, translation) if p]
    line = " ".join(parts)
    return f"{line}, {country}" if country else line


def format_individual_line(
    name: str, role: str | None, affiliation: str | None, country: str | None
) -> str:
    """Render ``Name, Role, Affiliation, Country`` (parts only if present)."""
    return ", ".join(p for p in (name, role, affiliation, country) if p)
