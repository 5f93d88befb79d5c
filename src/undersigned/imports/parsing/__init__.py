"""Reading published signatory lists: a declaration's text in, signatories out.

Pure Python (no Django), so it runs alike in the commands, the organizer's preview, the
bench scripts and a notebook. The package's parts, in the order a text goes through them:

- ``lines``: text → lines cleaned of HTML and Markdown, numbers and bullets read;
- ``structure``: headings, status line, body text; where the list starts and ends;
- ``split``: which lines form one entry, which line holds several;
- ``entry`` with ``organizations`` and ``people``: one entry's kind and fields;
- ``tails``, ``countries``, ``acronyms``, ``lexicon``, ``scripts``, ``dates``, ``text``:
  the cues those rules use, with their words in ``vocab/`` (data files);
- ``notes``: what the parser says about a line, as codes with parameters;
- ``result``: ``Entry``, ``SkippedLine``, ``ParseResult``;
- ``parse``: the pipeline.
"""

from __future__ import annotations

from undersigned.imports.parsing.acronyms import acronym_score
from undersigned.imports.parsing.countries import (
    CountryMatch,
    find_country_mentions,
    match_country,
    normalize_key,
)
from undersigned.imports.parsing.dates import parse_status_date
from undersigned.imports.parsing.formatting import format_individual_line, format_organization_line
from undersigned.imports.parsing.notes import NOTE_TYPES, Note, NoteType, note, render
from undersigned.imports.parsing.parse import (
    entry_text,
    parse_signatories,
    parse_signatories_file,
    read_entries,
)
from undersigned.imports.parsing.result import (
    CONFIDENCE_THRESHOLD,
    Entry,
    Kind,
    ParseResult,
    SkippedLine,
)
from undersigned.imports.parsing.structure import status_signing_open

__all__ = [
    "CONFIDENCE_THRESHOLD",
    "NOTE_TYPES",
    "CountryMatch",
    "Entry",
    "Kind",
    "Note",
    "NoteType",
    "ParseResult",
    "SkippedLine",
    "acronym_score",
    "entry_text",
    "find_country_mentions",
    "format_individual_line",
    "format_organization_line",
    "match_country",
    "normalize_key",
    "note",
    "parse_signatories",
    "parse_signatories_file",
    "parse_status_date",
    "read_entries",
    "render",
    "status_signing_open",
]
