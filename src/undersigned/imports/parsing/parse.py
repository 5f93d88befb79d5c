"""The pipeline: lines → structure → entries → fields, with a reason for every other line.

1. ``lines.read_segments``: clean each line of HTML and Markdown, read its number or bullet;
2. ``structure.classify``: status line, headings, closings, separators, body text;
3. ``anchor.find_anchor`` / ``find_run``: where the list starts and ends;
4. ``body.read_body`` with ``split``: which lines form one entry, which line holds several;
5. ``entry.parse_entry``: organization or person, and the fields;
6. ``finalize.entries_of``: kinds left open follow the list's majority, numbering gaps
   and countries only implied by a name are noted; ``collect`` holds every line not read
   as an entry, with its reason.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.anchor import find_anchor, find_run
from undersigned.imports.parsing.body import read_body
from undersigned.imports.parsing.collect import Collector, heading_code
from undersigned.imports.parsing.corrections import entry_text, read_entries
from undersigned.imports.parsing.dates import parse_status_date
from undersigned.imports.parsing.finalize import entries_of
from undersigned.imports.parsing.lines import Segment, read_segments
from undersigned.imports.parsing.notes import note
from undersigned.imports.parsing.result import Hint, ParseResult
from undersigned.imports.parsing.slashes import read_slash_fields
from undersigned.imports.parsing.split import split_inline
from undersigned.imports.parsing.structure import classify, signatories_heading

__all__ = ["entry_text", "parse_signatories", "parse_signatories_file", "read_entries"]


def _status(segments: list[Segment]) -> tuple[str | None, dt.date | None, int | None]:
    """(status line, its date, its index): the first status line, else a dated heading."""
    for segment in segments:
        if segment.kind == "status":
            return segment.raw, parse_status_date(segment.text), segment.index
    # "Firmantes (al 12 de marzo de 2024):": a dated heading is the status line.
    for segment in segments:
        if segment.kind == "heading" and parse_status_date(segment.text) is not None:
            return segment.raw, parse_status_date(segment.text), None
    return None, None, None


def _anchor_hint(segments: list[Segment], anchor: int | None) -> Hint:
    """ "Individual signatories:", "联名人：": the kind a list's own heading announces."""
    if anchor is None or segments[anchor].kind != "heading":
        return Hint()
    content = segments[anchor].content
    if vocab.pattern("group_kind_organization").search(content):
        return Hint(kind="organization")
    if vocab.pattern("group_kind_individual").search(content):
        return Hint(kind="individual")
    return Hint()


def _handle_anchor(segment: Segment, out: Collector) -> None:
    """The line after which the list starts: a heading (perhaps with entries after its
    colon), a lead-in, or a status line."""
    if segment.kind == "heading":
        _, inline = signatories_heading(segment.content)
        if inline:
            pieces = split_inline(inline)
            for piece in pieces:
                extra = note("split-from-line") if len(pieces) > 1 else None
                out.emit(segment, [segment], piece, Hint(), extra_note=extra)
            return
        out.skip(segment, heading_code(segment))
    elif segment.kind == "item":
        out.skip(segment, "lead-in")
    else:
        out.skip_outside(segment, before=True, list_found=True)


def _bounds(segments: list[Segment], anchor: int | None) -> tuple[int, int]:
    """(start, end) of the list's body, inclusive; start > end when there is none."""
    if anchor is not None:
        return anchor + 1, len(segments) - 1
    found = find_run(segments)
    return found if found else (len(segments), -1)


def parse_signatories(text: str) -> ParseResult:
    """Parse a published text (declaration + signatory list, or only a list)."""
    segments = read_segments(text.removeprefix("\ufeff"))
    read_slash_fields(segments)
    classify(segments)
    status_line, status_date, status_index = _status(segments)
    out = Collector(status_index=status_index)
    anchor = find_anchor(segments)
    start, end = _bounds(segments, anchor)
    list_found = start <= end or anchor is not None
    for segment in segments[: max(0, min(start, len(segments)))]:
        if segment.index == anchor:
            _handle_anchor(segment, out)
        else:
            out.skip_outside(segment, before=True, list_found=list_found)
    read_body(segments, start, end, _anchor_hint(segments, anchor), out)
    for segment in segments[end + 1 :] if end >= start else []:
        out.skip_outside(segment, before=False, list_found=list_found)
    entries = entries_of(out.records)
    out.skipped.sort(key=lambda s: s.line_number)
    return ParseResult(status_line, status_date, entries, out.skipped)


def parse_signatories_file(path: str | Path) -> ParseResult:
    """Read ``path`` as UTF-8 (BOM tolerated; UTF-16 with BOM too) and parse it.

    Decoding never raises: invalid bytes become U+FFFD, entries from such lines get a note
    and skipped lines a second note.
    """
    data = Path(path).read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.decode("utf-8-sig", errors="replace")
    return parse_signatories(text)
