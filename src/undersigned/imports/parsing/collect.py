"""Where the parser's readings go: records (entries before kinds are settled) and skipped
lines, each with its reason.

Why one collector: the lines before the list, its body and what follows are read by
different parts (``parse``, ``body``), and every non-blank line must end in exactly one
place — an entry or a skipped line with its reason — whichever part read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from undersigned.imports.parsing.country_groups import country_groups
from undersigned.imports.parsing.entry import parse_entry
from undersigned.imports.parsing.headings import is_salutation
from undersigned.imports.parsing.lines import Segment
from undersigned.imports.parsing.notes import Note, note
from undersigned.imports.parsing.result import Hint, Reading, SkippedLine
from undersigned.imports.parsing.split import split_several
from undersigned.imports.parsing.structure import without_closing_tail

__all__ = ["Collector", "Record", "heading_code", "outside_code"]


@dataclass(slots=True)
class Record:
    """One parsed list item, before kinds are settled list-wide."""

    content: str
    hint: Hint
    source: str
    position: int | None
    line_number: int
    notes: list[Note]
    parsed: list[Reading]
    uncertain: bool
    penalty: float = 0.0
    lines: int = 1
    extra: list[str] = field(default_factory=list)


def heading_code(segment: Segment) -> str:
    return "letter-closing" if is_salutation(segment.content) else "signatories-heading"


# The reason a line of each kind is skipped, wherever it stands.
_KIND_CODES = {
    "separator": "separator",
    "date": "date-line",
    "editorial": "editorial-note",
    "footnote": "footnote-line",
    "navigation": "page-navigation",
}


def outside_code(segment: Segment, before: bool, list_found: bool, status_index: int | None) -> str:
    """Why a line outside the list's body is skipped."""
    if segment.kind == "markup":
        return segment.note or "markup-only"
    if segment.kind == "status":
        return "status-line" if segment.index == status_index else "another-status-line"
    if segment.kind == "heading":
        return heading_code(segment)
    if segment.kind in _KIND_CODES:
        return _KIND_CODES[segment.kind]
    if not list_found:
        if segment.kind == "item" and segment.marker != "none" and segment.sentence >= 1.5:
            return "numbered-sentence"
        return "no-list"
    return "before-list" if before else "after-list"


@dataclass
class Collector:
    """The records and skipped lines of one document, and its status line's index."""

    status_index: int | None = None
    records: list[Record] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)

    def skip(self, segment: Segment, code: str) -> None:
        notes = [note(code)]
        if segment.has_replacement:
            notes.append(note("undecodable", mark="\ufffd"))
        self.skipped.append(SkippedLine(segment.raw, notes, segment.line_no))

    def status_code(self, segment: Segment) -> str:
        return "status-line" if segment.index == self.status_index else "another-status-line"

    def skip_outside(self, segment: Segment, *, before: bool, list_found: bool) -> None:
        self.skip(segment, outside_code(segment, before, list_found, self.status_index))

    def emit(
        self,
        anchor: Segment,
        parts: list[Segment],
        content: str,
        hint: Hint,
        *,
        position: int | None = None,
        extra_note: Note | None = None,
        pieces: list[str] | None = None,
    ) -> None:
        """Read ``content`` (from the lines ``parts``) as one entry, or as ``pieces``."""
        source_lines: list[str] = []
        for part in parts:
            if not source_lines or source_lines[-1] != part.raw:
                source_lines.append(part.raw)
        pieces = pieces or split_several(without_closing_tail(content))
        notes = [extra_note] if extra_note else []
        if len(pieces) >= 2:
            notes.append(note("split-from-line"))
        if any(p.has_replacement for p in parts):
            notes.append(note("undecodable", mark="\ufffd"))
        groups = country_groups(pieces) if len(pieces) >= 2 else None
        for piece, country in groups or [(p, None) for p in pieces]:
            parsed, uncertain = parse_entry(piece, hint)
            for reading in parsed if country else []:
                reading.country = reading.country or country
            self.records.append(
                Record(
                    content=piece,
                    hint=hint,
                    source="\n".join(source_lines),
                    position=position if position is not None else anchor.position,
                    line_number=anchor.line_no,
                    notes=list(notes),
                    parsed=parsed,
                    uncertain=uncertain,
                )
            )

    def relabel_trailing_sentences(self) -> None:
        """Sentences after the last entry are text after the list."""
        if not self.records:
            return
        last_line = max(r.line_number for r in self.records)
        for skipped in self.skipped:
            if skipped.line_number > last_line and skipped.note.code == "sentence":
                skipped.notes[0] = note("after-list")
