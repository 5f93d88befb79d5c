"""Reading what an organizer typed in the preview: one entry, or several to split into.

Why apart from the pipeline: a correction is an entry as typed, not a document — there
is no list to find, no heading, no majority to follow.
"""

from __future__ import annotations

from undersigned.imports.parsing.entry import parse_entry
from undersigned.imports.parsing.inline import find_inline_list
from undersigned.imports.parsing.lines import read_segments
from undersigned.imports.parsing.result import Entry, Hint
from undersigned.imports.parsing.split import split_several

__all__ = ["entry_text", "read_entries"]


def entry_text(source: str) -> str:
    """The text of an entry's source lines without markup, numbers and bullets, joined."""
    return " ".join(s.content for s in read_segments(source) if s.content).strip()


def _pieces(text: str, split: bool) -> list[str]:
    if split and "|" in text:
        return [p.strip() for p in text.split("|") if p.strip()]
    if split:
        found = find_inline_list(text, min_pieces=2, share=0.6, asked=True)
        return found.pieces if found else split_several(text)
    return [text]


def read_entries(text: str, *, split: bool = False) -> list[Entry]:
    """Read ``text`` as one signatory's entry, or (``split``) as several.

    For the organizer's corrections: the text is an entry as typed, not a document.
    With ``split`` it is cut where the organizer typed "|", else at the separators of
    an inline list ("A, B; C", "A、B"), else at semicolons; one piece stays one entry.
    """
    text = text.strip()
    if not text:
        return []
    entries: list[Entry] = []
    for piece in _pieces(text, split):
        readings, _ = parse_entry(piece, Hint())
        for reading in readings:
            entries.append(
                Entry(
                    position=None,
                    kind=reading.kind,
                    name=reading.name,
                    source_line=text,
                    abbreviation=reading.abbreviation,
                    name_transliteration=reading.transliteration,
                    name_translation=reading.translation,
                    country=reading.country,
                    affiliation=reading.affiliation,
                    role=reading.role,
                    confidence=round(min(1.0, max(0.0, reading.confidence)), 2),
                    notes=list(reading.notes),
                )
            )
    return entries
