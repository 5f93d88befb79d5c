"""The body of a list: each line after where it starts becomes entries or a skipped line.

Why a reader with a state: a group heading ("Individuals:", "Germany") changes the kind
and country of the lines after it, a number alone on its line belongs to the name on
the next, and whether the list is mostly numbered decides what an unnumbered line is.
"""

from __future__ import annotations

from dataclasses import dataclass

from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.anchor import list_gaps
from undersigned.imports.parsing.collect import Collector, Record, heading_code
from undersigned.imports.parsing.cues import is_vague_category, reads_as_message
from undersigned.imports.parsing.entry import parse_entry
from undersigned.imports.parsing.headings import group_heading, signatories_heading
from undersigned.imports.parsing.lines import Segment
from undersigned.imports.parsing.notes import note
from undersigned.imports.parsing.preamble import above_group_heading, above_line_ends, numbered_on
from undersigned.imports.parsing.result import Hint, Kind
from undersigned.imports.parsing.split import (
    block_mode,
    collect_continuations,
    looks_like_subheading,
    split_numbered,
    split_on,
    trailing_separator,
)
from undersigned.imports.parsing.structure import (
    entry_like,
    short_exclamation,
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

__all__ = ["decide_kind", "read_body"]

# Lines of these kinds inside the list are skipped with this reason.
_SKIPPED_KINDS = {
    "separator": "separator",
    "date": "date-line",
    "editorial": "editorial-note",
    "footnote": "footnote-line",
    "navigation": "page-navigation",
    "closing": "closing-line",
    "link": "link-line",
}


def decide_kind(text: str, hint: Hint) -> tuple[Kind, bool]:
    readings, uncertain = parse_entry(text, hint)
    return readings[0].kind, uncertain


def heading_hint(content: str, hint: Hint) -> Hint:
    """The kind a heading announces for the lines after it (else the hint so far)."""
    if vocab.pattern("group_kind_organization").search(content):
        return Hint(kind="organization", heading=content)
    if vocab.pattern("group_kind_individual").search(content):
        return Hint(kind="individual", heading=content)
    return hint


def _rule_row(segment: Segment) -> bool:
    """The "|---|---|" line under a Markdown table's header (nothing left after cleaning)."""
    return segment.note == "markup-only" and "|" in segment.raw and "-" in segment.raw


def _columns_from_delimiters(items: list[Segment]) -> None:
    """Rows written as delimited text ("Name; Organisation; Country") are a table's."""
    rows = [s for s in items if s.kind == "item" and not s.cells]
    found = delimited_columns([s.content for s in rows])
    if found is None:
        return
    for segment, cells in zip(rows, found, strict=True):
        if len(cells) >= 2:
            segment.cells, segment.inline = cells, []


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


@dataclass
class _BodyReader:
    segments: list[Segment]
    items: list[Segment]
    out: Collector
    hint: Hint
    mostly_marked: bool = False
    in_blocks: bool = False
    line_end: str | None = None
    seen_entry: bool = False
    first_marked: int = 0
    """Where the first numbered or bulleted entry is (titles above it are no entries)."""
    first_mark: int = 0
    """Where the first numbered or bulleted line is, whatever follows it."""

    def run(self) -> None:
        lines = [(i, s.marker != "none") for i, s in enumerate(self.items) if s.kind == "item"]
        first = next((i for i, is_marked in lines if is_marked), 0)
        # only where every entry after it is marked: a list that marks some and not
        # others ("- A", "B", "• C") has unmarked entries anywhere
        consistent = all(is_marked for i, is_marked in lines if i > first)
        self.first_marked = first if consistent else 0
        self.first_mark = first
        i = 0
        while i < len(self.items):
            i += self._item(i)
        self.out.relabel_trailing_sentences()

    def _item(self, i: int) -> int:
        """Read ``items[i]``; returns how many lines it took."""
        segment = self.items[i]
        kind = segment.kind
        if kind == "markup":
            self.out.skip(segment, segment.note or "markup-only")
        elif kind == "item" and segment.cells and self._table_row(i):
            self.seen_entry = True
        elif kind in _SKIPPED_KINDS:
            self.out.skip(segment, _SKIPPED_KINDS[kind])
        elif kind == "status":
            self.out.skip(segment, self.out.status_code(segment))
        elif kind == "heading":
            self._heading(segment)
        elif kind == "number-only":
            return self._number_only(i)
        else:
            return self._text(i)
        return 1

    def _heading(self, segment: Segment) -> None:
        self.out.skip(segment, heading_code(segment))
        self.hint = heading_hint(segment.content, self.hint)
        _, inline = signatories_heading(segment.content)
        if inline:
            self.out.emit(segment, [segment], inline, self.hint)

    def _number_only(self, i: int) -> int:
        """A number alone on its line: the name is on the next."""
        segment = self.items[i]
        following = self.items[i + 1] if i + 1 < len(self.items) else None
        if following is not None and following.kind == "item" and following.marker == "none":
            self.out.emit(following, [segment, following], following.content, self.hint,
                          position=segment.position)  # fmt: skip
            self.seen_entry = True
            return 2
        self.out.skip(segment, "number-without-name")
        return 1

    def _no_entry_reason(self, i: int) -> str | None:
        """Why a line of text inside the list is no entry (None: it is one)."""
        segment = self.items[i]
        group = group_heading(segment, in_list=True)
        if group is not None:
            self.hint = group
            return "group-heading"
        if is_vague_category(without_closing_tail(segment.content)) and not segment.inline:
            return "category-line"
        wordy = not entry_like(segment) and not short_exclamation(segment)
        if wordy and not numbered_on(self.items, i):
            last = not self.seen_entry and i == len(self.items) - 1
            return "after-list" if last else "sentence"
        if self.mostly_marked and segment.marker == "none" and i < self.first_marked:
            # a title or a salutation above the first numbered entry; a short name
            # whose bullet was forgotten stays an entry
            title = len(segment.content.split()) >= 6 or segment.content.endswith((",", ":"))
            if title:
                return "before-list"
        unmarked = self.mostly_marked and segment.marker == "none"
        if unmarked and above_group_heading(self.items, i, self.first_mark):
            return "before-list"
        if not segment.cells and any(s.header_cells for s in self.items[i + 1 :]):
            return "before-list"  # a title above a table's header row
        if above_line_ends(self.items, i):
            return "before-list"  # titles above "Adalah |", "B’Tselem |", …
        if self.mostly_marked and segment.marker == "none" and reads_as_message(segment.content):
            return "sentence"  # a signer's message under their entry
        if self.mostly_marked and segment.marker == "none" and looks_like_subheading(self.items, i):
            return "unnumbered-heading"
        return None

    def _text(self, i: int) -> int:
        segment = self.items[i]
        reason = self._no_entry_reason(i)
        if reason is not None:
            self.out.skip(segment, reason)
            return 1
        self.seen_entry = True
        if segment.inline:
            self.out.emit(segment, [segment], segment.content, self.hint, pieces=segment.inline)
            return 1
        if numbered := split_numbered(segment.content, segment.position):
            for number, piece in numbered:
                self.out.emit(segment, [segment], piece, self.hint, position=number,
                              extra_note=note("split-from-line"))  # fmt: skip
            return 1
        if self.line_end and len(pieces := split_on(segment.content, self.line_end)) > 1:
            self.out.emit(segment, [segment], segment.content, self.hint, pieces=pieces)
            return 1
        consumed, content = collect_continuations(self.items, i, self.in_blocks)
        joined = (
            note("lines-joined", first=segment.line_no, last=consumed[-1].line_no)
            if consumed
            else None
        )
        self.out.emit(segment, [segment, *consumed], content, self.hint, extra_note=joined)
        return 1 + len(consumed)

    def _columns(self, i: int) -> TableColumns | None:
        """The columns named by the header of the table ``items[i]`` is a row of (or by
        the row itself: an HTML card's classes)."""
        if self.items[i].cell_titles:
            return header_columns(self.items[i].cell_titles, classes=True)
        j = self.items[i].index - 1  # the header may stand before where the list was found
        while j >= 0 and (self.segments[j].cells or _rule_row(self.segments[j])):
            above = self.segments[j]
            if above.note == "table-header" or above.header_cells:
                return header_columns(above.cells)
            j -= 1
        return None

    def _table_row(self, i: int) -> bool:
        """Read a table row by its header; False when it is to be read as a line."""
        segment = self.items[i]
        if segment.header_cells or (
            not segment.cell_titles
            and header_columns(segment.cells) is not None
            and (i == 0 or not self.items[i - 1].cells)
        ):
            self.out.skip(segment, "table-header")
            return True
        columns = self._columns(i)
        if columns is None:
            position, text = guess_row(segment.cells)
            position = segment.position if position is None else position
            self.out.emit(segment, [segment], text, self.hint, position=position)
            return True
        row = read_row(segment.cells, columns, self.hint, decide_kind)
        if row is None:
            self.out.skip(segment, "no-name")
            return True
        position, readings, _ = row
        notes = [note("undecodable", mark="\ufffd")] if segment.has_replacement else []
        self.out.records.append(
            Record(
                content=segment.content,
                hint=self.hint,
                source=segment.raw,
                position=segment.position if position is None else position,
                line_number=segment.line_no,
                notes=notes,
                parsed=readings,
                uncertain=False,
            )
        )
        return True


def read_body(segments: list[Segment], start: int, end: int, hint: Hint, out: Collector) -> None:
    """Read ``segments[start : end + 1]``, the list's body, into ``out``."""
    items = segments[start : end + 1]
    marked = sum(1 for s in items if s.kind == "item" and s.marker != "none")
    total = sum(1 for s in items if s.kind == "item")
    reader = _BodyReader(
        segments,
        items,
        out,
        hint,
        mostly_marked=total > 0 and marked / total >= 0.6,
        in_blocks=block_mode(items),
        line_end=trailing_separator(items),
    )
    _columns_from_delimiters(items)
    _columns_from_spaces(items)
    gaps = list_gaps(items)
    for a, b in gaps:
        for segment in items[a:b]:
            out.skip_outside(segment, before=False, list_found=True)
    reader.items = [s for i, s in enumerate(items) if not any(a <= i < b for a, b in gaps)]
    reader.run()
