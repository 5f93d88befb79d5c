"""The pipeline: lines → structure → entries → fields, with a reason for every other line.

1. ``lines.read_segments``: clean each line of HTML and Markdown, read its number or bullet;
2. ``structure.classify``: status line, headings, closings, separators, body text;
3. ``structure.find_anchor`` / ``find_run``: where the list starts and ends;
4. ``split``: which lines form one entry, which line holds several;
5. ``entry.parse_entry``: organization or person, and the fields;
6. here: kinds left open follow the list's majority, numbering gaps and countries only
   implied by a name are noted, and every line not read as an entry is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.acronyms import abbreviation_shape
from undersigned.imports.parsing.countries import find_country_mentions, is_region_only
from undersigned.imports.parsing.cues import is_vague_category
from undersigned.imports.parsing.dates import parse_status_date
from undersigned.imports.parsing.entry import parse_entry, strip_trailing_punctuation, weak_kind
from undersigned.imports.parsing.inline import find_inline_list
from undersigned.imports.parsing.lines import Segment, read_segments
from undersigned.imports.parsing.notes import Note, note
from undersigned.imports.parsing.organizations import parse_organization
from undersigned.imports.parsing.result import (
    CONFIDENCE_THRESHOLD,
    Entry,
    Hint,
    Kind,
    ParseResult,
    Reading,
    SkippedLine,
)
from undersigned.imports.parsing.split import (
    block_mode,
    collect_continuations,
    looks_like_subheading,
    split_inline,
    split_numbered,
    split_on,
    split_several,
    trailing_separator,
)
from undersigned.imports.parsing.structure import (
    classify,
    entry_like,
    find_anchor,
    find_run,
    group_heading,
    is_salutation,
    list_gaps,
    short_exclamation,
    signatories_heading,
    without_closing_tail,
)
from undersigned.imports.parsing.tables import (
    TableColumns,
    delimited_columns,
    guess_row,
    header_columns,
    read_row,
    space_columns,
)
from undersigned.imports.parsing.tails import take_bare_country

__all__ = ["entry_text", "parse_signatories", "parse_signatories_file", "read_entries"]


@dataclass(slots=True)
class _Record:
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


def _heading_code(segment: Segment) -> str:
    return "letter-closing" if is_salutation(segment.content) else "signatories-heading"


class _DocumentParser:
    def __init__(self, text: str) -> None:
        self.text = text.removeprefix("\ufeff")
        self.segments = read_segments(self.text)
        self.entries: list[Entry] = []
        self.records: list[_Record] = []
        self.skipped: list[SkippedLine] = []
        self.status_line: str | None = None
        self.status_date: dt.date | None = None
        self.status_index: int | None = None

    # ---- output helpers ---------------------------------------------------------------

    def _skip(self, segment: Segment, code: str) -> None:
        notes = [note(code)]
        if segment.has_replacement:
            notes.append(note("undecodable", mark="\ufffd"))
        self.skipped.append(SkippedLine(segment.raw, notes, segment.line_no))

    def _status_code(self, segment: Segment) -> str:
        return "status-line" if segment.index == self.status_index else "another-status-line"

    def _outside_code(self, segment: Segment, before: bool, list_found: bool) -> str:
        if segment.kind == "markup":
            return segment.note or "markup-only"
        if segment.kind == "status":
            return self._status_code(segment)
        if segment.kind == "heading":
            return _heading_code(segment)
        if segment.kind == "separator":
            return "separator"
        if segment.kind == "date":
            return "date-line"
        if segment.kind == "editorial":
            return "editorial-note"
        if segment.kind == "footnote":
            return "footnote-line"
        if segment.kind == "navigation":
            return "page-navigation"
        if not list_found:
            if segment.kind == "item" and segment.marker != "none" and segment.sentence >= 1.5:
                return "numbered-sentence"
            return "no-list"
        return "before-list" if before else "after-list"

    # ---- main -------------------------------------------------------------------------

    def _find_status(self) -> None:
        for segment in self.segments:
            if segment.kind == "status":
                self.status_line = segment.raw
                self.status_date = parse_status_date(segment.text)
                self.status_index = segment.index
                return
        # "Firmantes (al 12 de marzo de 2024):": a dated heading is the status line.
        for segment in self.segments:
            if segment.kind == "heading" and parse_status_date(segment.text) is not None:
                self.status_line = segment.raw
                self.status_date = parse_status_date(segment.text)
                return

    def run(self) -> ParseResult:
        classify(self.segments)
        self._find_status()
        anchor = find_anchor(self.segments)
        if anchor is not None:
            start, end = anchor + 1, len(self.segments) - 1
        else:
            found = find_run(self.segments)
            start, end = found if found else (len(self.segments), -1)
        list_found = start <= end or anchor is not None
        for segment in self.segments[: max(0, min(start, len(self.segments)))]:
            if segment.index == anchor:
                self._handle_anchor(segment)
            else:
                self._skip(segment, self._outside_code(segment, True, list_found))
        self._process_list(start, end, self._anchor_hint(anchor))
        for segment in self.segments[end + 1 :] if end >= start else []:
            self._skip(segment, self._outside_code(segment, False, list_found))
        self._finalize()
        self.skipped.sort(key=lambda s: s.line_number)
        return ParseResult(self.status_line, self.status_date, self.entries, self.skipped)

    def _handle_anchor(self, segment: Segment) -> None:
        if segment.kind == "heading":
            _, inline = signatories_heading(segment.content)
            if inline:
                pieces = split_inline(inline)
                for piece in pieces:
                    extra = note("split-from-line") if len(pieces) > 1 else None
                    self._emit(segment, [segment], piece, Hint(), extra_note=extra)
                return
            self._skip(segment, _heading_code(segment))
        elif segment.kind == "item":
            self._skip(segment, "lead-in")
        else:
            self._skip(segment, self._outside_code(segment, True, True))

    def _anchor_hint(self, anchor: int | None) -> Hint:
        """ "Individual signatories:", "联名人：": the kind a list's own heading announces."""
        if anchor is None or self.segments[anchor].kind != "heading":
            return Hint()
        content = self.segments[anchor].content
        if vocab.pattern("group_kind_organization").search(content):
            return Hint(kind="organization")
        if vocab.pattern("group_kind_individual").search(content):
            return Hint(kind="individual")
        return Hint()

    def _process_list(self, start: int, end: int, hint: Hint) -> None:
        items = self.segments[start : end + 1]
        marked = sum(1 for s in items if s.kind == "item" and s.marker != "none")
        total = sum(1 for s in items if s.kind == "item")
        mostly_marked = total > 0 and marked / total >= 0.6
        in_blocks = block_mode(items)
        line_end = trailing_separator(items)
        self._columns_from_delimiters(items)
        self._columns_from_spaces(items)
        gaps = list_gaps(items)
        for a, b in gaps:
            for segment in items[a:b]:
                self._skip(segment, self._outside_code(segment, False, True))
        items = [s for i, s in enumerate(items) if not any(a <= i < b for a, b in gaps)]
        i = 0
        seen_entry = False
        while i < len(items):
            segment = items[i]
            kind = segment.kind
            if kind == "markup":
                self._skip(segment, segment.note or "markup-only")
            elif kind == "item" and segment.cells and self._table_row(items, i, hint):
                seen_entry = True
            elif kind == "separator":
                self._skip(segment, "separator")
            elif kind == "date":
                self._skip(segment, "date-line")
            elif kind == "editorial":
                self._skip(segment, "editorial-note")
            elif kind == "footnote":
                self._skip(segment, "footnote-line")
            elif kind == "navigation":
                self._skip(segment, "page-navigation")
            elif kind == "status":
                self._skip(segment, self._status_code(segment))
            elif kind == "heading":
                self._skip(segment, _heading_code(segment))
                if vocab.pattern("group_kind_organization").search(segment.content):
                    hint = Hint(kind="organization", heading=segment.content)
                elif vocab.pattern("group_kind_individual").search(segment.content):
                    hint = Hint(kind="individual", heading=segment.content)
                _, inline = signatories_heading(segment.content)
                if inline:
                    self._emit(segment, [segment], inline, hint)
            elif kind == "closing":
                self._skip(segment, "closing-line")
            elif kind == "link":
                self._skip(segment, "link-line")
            elif kind == "number-only":
                following = items[i + 1] if i + 1 < len(items) else None
                if (
                    following is not None
                    and following.kind == "item"
                    and following.marker == "none"
                ):
                    self._emit(following, [segment, following], following.content, hint,
                               position=segment.position)  # fmt: skip
                    seen_entry = True
                    i += 2
                    continue
                self._skip(segment, "number-without-name")
            else:
                group = group_heading(segment, in_list=True)
                if group is not None:
                    hint = group
                    self._skip(segment, "group-heading")
                elif (
                    is_vague_category(without_closing_tail(segment.content)) and not segment.inline
                ):
                    self._skip(segment, "category-line")
                elif not entry_like(segment) and not short_exclamation(segment):
                    last = not seen_entry and i == len(items) - 1
                    self._skip(segment, "after-list" if last else "sentence")
                elif mostly_marked and segment.marker == "none" and looks_like_subheading(items, i):
                    self._skip(segment, "unnumbered-heading")
                elif segment.inline:
                    self._emit(segment, [segment], segment.content, hint, pieces=segment.inline)
                    seen_entry = True
                elif numbered := split_numbered(segment.content, segment.position):
                    for number, piece in numbered:
                        self._emit(segment, [segment], piece, hint, position=number,
                                   extra_note=note("split-from-line"))  # fmt: skip
                    seen_entry = True
                elif line_end and len(pieces := split_on(segment.content, line_end)) > 1:
                    self._emit(segment, [segment], segment.content, hint, pieces=pieces)
                    seen_entry = True
                else:
                    consumed, content = collect_continuations(items, i, in_blocks)
                    parts = [segment, *consumed]
                    joined = (
                        note("lines-joined", first=segment.line_no, last=consumed[-1].line_no)
                        if consumed
                        else None
                    )
                    self._emit(segment, parts, content, hint, extra_note=joined)
                    seen_entry = True
                    i += 1 + len(consumed)
                    continue
            i += 1
        self._relabel_trailing_sentences()

    @staticmethod
    def _columns_from_delimiters(items: list[Segment]) -> None:
        """Rows written as delimited text ("Name; Organisation; Country") are a table's."""
        rows = [s for s in items if s.kind == "item" and not s.cells]
        found = delimited_columns([s.content for s in rows])
        if found is None:
            return
        for segment, cells in zip(rows, found, strict=True):
            if len(cells) >= 2:
                segment.cells, segment.inline = cells, []

    @staticmethod
    def _columns_from_spaces(items: list[Segment]) -> None:
        """A table copied as text (cells apart by runs of spaces) gets its cells back."""
        rows = [s for s in items if s.kind == "item" and not s.cells and not s.inline]
        if sum(1 for s in rows if "  " in s.content) < 0.6 * max(1, len(rows)):
            return
        found = space_columns([s.content for s in rows])
        if found is None:
            return
        for segment, cells in zip(rows, found, strict=True):
            if len(cells) >= 2:
                segment.cells = cells

    def _columns(self, items: list[Segment], i: int) -> TableColumns | None:
        """The columns named by the header of the table ``items[i]`` is a row of."""
        j = items[i].index - 1  # the header may stand before where the list was found
        while j >= 0 and (self.segments[j].cells or _rule_row(self.segments[j])):
            above = self.segments[j]
            if above.note == "table-header" or above.header_cells:
                return header_columns(above.cells)
            j -= 1
        return None

    def _table_row(self, items: list[Segment], i: int, hint: Hint) -> bool:
        """Read a table row by its header; False when it is to be read as a line."""
        segment = items[i]
        if segment.header_cells or (
            header_columns(segment.cells) is not None and (i == 0 or not items[i - 1].cells)
        ):
            self._skip(segment, "table-header")
            return True
        columns = self._columns(items, i)
        if columns is None:
            position, text = guess_row(segment.cells)
            position = segment.position if position is None else position
            self._emit(segment, [segment], text, hint, position=position)
            return True
        row = read_row(segment.cells, columns, hint, _decide_kind)
        if row is None:
            self._skip(segment, "no-name")
            return True
        position, readings, _ = row
        position = segment.position if position is None else position
        notes = [note("undecodable", mark="\ufffd")] if segment.has_replacement else []
        self.records.append(
            _Record(
                content=segment.content,
                hint=hint,
                source=segment.raw,
                position=position,
                line_number=segment.line_no,
                notes=notes,
                parsed=readings,
                uncertain=False,
            )
        )
        return True

    def _relabel_trailing_sentences(self) -> None:
        if not self.records:
            return
        last_line = max(r.line_number for r in self.records)
        for skipped in self.skipped:
            if skipped.line_number > last_line and skipped.note.code == "sentence":
                skipped.notes[0] = note("after-list")

    def _emit(
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
        for piece in pieces:
            parsed, uncertain = parse_entry(piece, hint)
            self.records.append(
                _Record(
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

    def _resolve_kinds(self) -> None:
        """Uncertain kinds follow the clear majority of the list's certain entries.

        A list is nearly always of one kind: when four fifths of its certain entries are
        of one kind, an entry of the other kind with nothing but weak cues for it (a name
        in capitals, a lower-case user name) follows them too.
        """
        certain = [r for r in self.records if not r.uncertain and r.parsed]
        orgs = sum(1 for r in certain if r.parsed[0].kind == "organization")
        majority: Kind | None = None
        if len(certain) >= 3 and orgs >= 0.75 * len(certain):
            majority = "organization"
        elif len(certain) >= 3 and len(certain) - orgs >= 0.75 * len(certain):
            majority = "individual"
        strong = len(certain) >= 5 and max(orgs, len(certain) - orgs) >= 0.8 * len(certain)
        for record in self.records:
            if not record.parsed:
                continue
            kind = record.parsed[0].kind
            if not record.uncertain:
                target = record.hint.kind or majority
                if strong and target and target != kind and weak_kind(record.content, kind):
                    record.parsed, _ = parse_entry(record.content, record.hint, force=target)
                continue
            target = record.hint.kind or majority
            if target is None:
                record.notes.append(note(f"kind-guessed-{kind}"))
                record.penalty += 0.25
                continue
            if kind != target:
                record.parsed, _ = parse_entry(record.content, record.hint, force=target)
            record.uncertain = False

    def _build_entries(self) -> None:
        for record in self.records:
            for parsed in record.parsed:
                notes = list(parsed.notes)
                for extra in record.notes:
                    if extra not in notes:
                        notes.append(extra)
                confidence = (
                    parsed.confidence
                    - record.penalty
                    - 0.1
                    * sum(1 for n in record.notes if n.code in {"lines-joined", "split-from-line"})
                )
                if any(n.code == "undecodable" for n in record.notes):
                    confidence -= 0.3
                self.entries.append(
                    Entry(
                        position=record.position,
                        kind=parsed.kind,
                        name=parsed.name,
                        source_line=record.source,
                        abbreviation=parsed.abbreviation,
                        name_transliteration=parsed.transliteration,
                        name_translation=parsed.translation,
                        country=parsed.country,
                        affiliation=parsed.affiliation,
                        role=parsed.role,
                        confidence=confidence,
                        notes=notes,
                        line_number=record.line_number,
                    )
                )

    def _countries_by_style(self) -> None:
        """A country after a name with no comma ("KPX Estonia", "ABC (ML) Chile").

        Alone, "ATTAC Deutschland" is a name, and so it is in a list that gives countries
        after commas. It is a country when the list writes countries so: after
        abbreviations on two lines or more, or after half of its other names.
        """
        organizations = [r for r in self.records if r.parsed and r.parsed[0].kind == "organization"]
        if len(organizations) < 3:
            return
        bare: dict[int, tuple[str, str]] = {}
        for record in organizations:
            if record.parsed[0].country:
                continue
            rest, found = take_bare_country(strip_trailing_punctuation(record.content))
            if found is not None and not is_region_only(found.text):
                bare[id(record)] = (rest, found.text)
        after_abbreviation = [
            r for r in organizations if id(r) in bare and _abbreviations_only(bare[id(r)][0])
        ]
        # names (not abbreviations) followed by a bare country: the list's own style?
        named = [r for r in organizations if r not in after_abbreviation]
        every_name = len(named) >= 3 and sum(1 for r in named if id(r) in bare) >= 0.6 * len(named)
        abbreviations = len(after_abbreviation) >= 2
        for record in organizations:
            if id(record) not in bare:
                continue
            if not (every_name or (abbreviations and record in after_abbreviation)):
                continue
            rest, country = bare[id(record)]
            reading = parse_organization(rest, record.hint)
            reading.country = country
            reading.penalize(0.1, note("country-without-comma", country=country))
            record.parsed = [reading]

    def _finalize(self) -> None:
        self._resolve_kinds()
        self._countries_by_style()
        self._build_entries()
        previous: int | None = None
        for entry in self.entries:
            if entry.position is not None:
                if previous is not None and entry.position not in {previous, previous + 1, 1}:
                    entry.add_note(note("numbering-jump", previous=previous, number=entry.position))
                    entry.confidence -= 0.05
                previous = entry.position
            if entry.kind == "organization" and entry.country is None:
                mentions = find_country_mentions(
                    " ".join(p for p in (entry.name, entry.name_translation) if p)
                )
                if mentions:
                    entry.add_note(note("country-in-name", country=mentions[0]))
            if entry.country and is_region_only(entry.country):
                entry.add_note(note("country-region", country=entry.country))
            if len(entry.name) > 160:
                entry.add_note(note("long-name"))
                entry.confidence -= 0.2
            entry.confidence = round(min(1.0, max(0.0, entry.confidence)), 2)
            if entry.confidence < CONFIDENCE_THRESHOLD and not entry.notes:
                entry.add_note(note("low-confidence"))


def _rule_row(segment: Segment) -> bool:
    """The "|---|---|" line under a Markdown table's header (nothing left after cleaning)."""
    return segment.note == "markup-only" and "|" in segment.raw and "-" in segment.raw


def _abbreviations_only(text: str) -> bool:
    """ "KPX", "PC (ML)", "MLKP/TKP": abbreviations and their brackets, nothing else."""
    plain = re.sub(r"\([^()]*\)", " ", text).split()
    return 0 < len(plain) <= 3 and all(abbreviation_shape(t) >= 0.8 for t in plain)


def _decide_kind(text: str, hint: Hint) -> tuple[Kind, bool]:
    readings, uncertain = parse_entry(text, hint)
    return readings[0].kind, uncertain


def entry_text(source: str) -> str:
    """The text of an entry's source lines without markup, numbers and bullets, joined."""
    return " ".join(s.content for s in read_segments(source) if s.content).strip()


def read_entries(text: str, *, split: bool = False) -> list[Entry]:
    """Read ``text`` as one signatory's entry, or (``split``) as several.

    For the organizer's corrections: the text is an entry as typed, not a document.
    With ``split`` it is cut where the organizer typed "|", else at the separators of
    an inline list ("A, B; C", "A、B"), else at semicolons; one piece stays one entry.
    """
    text = text.strip()
    if not text:
        return []
    pieces = [text]
    if split and "|" in text:
        pieces = [p.strip() for p in text.split("|") if p.strip()]
    elif split:
        found = find_inline_list(text, min_pieces=2, share=0.6, asked=True)
        pieces = found.pieces if found else split_several(text)
    entries: list[Entry] = []
    for piece in pieces:
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


def parse_signatories(text: str) -> ParseResult:
    """Parse a published text (declaration + signatory list, or only a list)."""
    return _DocumentParser(text).run()


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
