"""What the parser returns: entries, skipped lines with their reasons, the status line.

The invariant the rest of the import relies on: every non-blank input line (stripped of
surrounding whitespace) appears in an entry's ``source_line`` (lines joined into one
entry are joined there with ``"\\n"``) or as a skipped line with its reason. Nothing is
dropped silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from undersigned.imports.parsing.notes import Note

__all__ = [
    "CONFIDENCE_THRESHOLD",
    "Entry",
    "Hint",
    "Kind",
    "ParseResult",
    "Reading",
    "SkippedLine",
]

Kind = Literal["organization", "individual"]

CONFIDENCE_THRESHOLD = 0.8
"""Entries below this confidence always carry at least one note."""


@dataclass(slots=True)
class Entry:
    """One signatory as read from one line (or a few joined lines) of the source."""

    position: int | None
    kind: Kind
    name: str
    source_line: str
    abbreviation: str | None = None
    name_transliteration: str | None = None
    name_translation: str | None = None
    country: str | None = None
    affiliation: str | None = None
    role: str | None = None
    confidence: float = 1.0
    notes: list[Note] = field(default_factory=list)
    line_number: int = 0
    """1-based number of the (first) source line; not part of the serialized form."""

    @property
    def issues(self) -> list[str]:
        """The notes in English."""
        return [n.text for n in self.notes]

    def add_note(self, note: Note) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def to_dict(self) -> dict[str, object]:
        return {
            "position": self.position,
            "kind": self.kind,
            "abbreviation": self.abbreviation,
            "name": self.name,
            "name_transliteration": self.name_transliteration,
            "name_translation": self.name_translation,
            "country": self.country,
            "affiliation": self.affiliation,
            "role": self.role,
            "source_line": self.source_line,
            "confidence": self.confidence,
            "issues": self.issues,
            "notes": [n.to_dict() for n in self.notes],
        }


@dataclass(slots=True)
class SkippedLine:
    """A non-blank line that did not become an entry, and why (``notes[0]``)."""

    line: str
    notes: list[Note]
    line_number: int = 0

    @property
    def note(self) -> Note:
        return self.notes[0]

    @property
    def reason(self) -> str:
        """Why, in English: the reason, then any further note ("undecodable bytes")."""
        return "; ".join(n.text for n in self.notes)

    def to_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "reason": self.reason,
            "notes": [n.to_dict() for n in self.notes],
        }


@dataclass(slots=True)
class ParseResult:
    status_line: str | None
    status_date: dt.date | None
    entries: list[Entry]
    skipped: list[SkippedLine]

    def to_dict(self) -> dict[str, object]:
        return {
            "status_line": self.status_line,
            "status_date": self.status_date.isoformat() if self.status_date else None,
            "entries": [e.to_dict() for e in self.entries],
            "skipped": [s.to_dict() for s in self.skipped],
        }


@dataclass(slots=True)
class Reading:
    """One entry's fields as read from its text, before it becomes an ``Entry``."""

    kind: Kind
    name: str
    abbreviation: str | None = None
    transliteration: str | None = None
    translation: str | None = None
    country: str | None = None
    affiliation: str | None = None
    role: str | None = None
    confidence: float = 1.0
    notes: list[Note] = field(default_factory=list)

    def penalize(self, amount: float, note: Note | None = None) -> None:
        """Lower the confidence, with the note that says why."""
        self.confidence -= amount
        if note is not None and note not in self.notes:
            self.notes.append(note)


@dataclass(slots=True)
class Hint:
    """What a group heading above an entry says about it ("Individuals:", "From Chile:")."""

    kind: Kind | None = None
    country: str | None = None
    heading: str | None = None
