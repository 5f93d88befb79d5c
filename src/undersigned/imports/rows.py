"""What an import works on: rows read from a published text or a CSV file.

Pure Python (the parser's results in, plain dataclasses out), so the command line, the
organizer's preview and the tests share one reading of a file. ``read_upload`` turns
bytes into text without ever failing on them: binary files and wrong encodings become a
clear message, and lines with bytes that are not UTF-8 are read with ``\\ufffd`` and
flagged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from undersigned.core.text.validators import whole_number
from undersigned.imports.parsing import (
    CONFIDENCE_THRESHOLD,
    NOTE_TYPES,
    Entry,
    Note,
    ParseResult,
    SkippedLine,
    find_country_mentions,
    match_country,
    note,
    parse_signatories,
    render,
)

# A file larger than this is refused by the browser form (the command line has no limit).
WEB_MAX_BYTES = 5 * 1024 * 1024

KINDS = ("organization", "individual")


class UnreadableInput(ValueError):
    """Input that is not text at all (binary, empty); the message says what to do."""


@dataclass
class ImportRow:
    """One signatory to import, as parsed or as an organizer corrected it."""

    position: int | None
    kind: str
    name: str
    source_line: str
    abbreviation: str = ""
    name_transliteration: str = ""
    name_translation: str = ""
    country: str = ""
    affiliation: str = ""
    role: str = ""
    city: str = ""
    confidence: float = 1.0
    # The parser's notes as {"code", "params"} (parsing/notes.py); drafts written before
    # notes had codes carry only ``issues``, their English text.
    notes: list[dict[str, Any]] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    line_number: int = 0
    # Filled by matching: "new", or the id of the existing organization to use.
    match: str = "new"
    # A person chose ``match`` in the preview: no automatic matching overrides it.
    decided: bool = False
    candidates: list[dict[str, Any]] = field(default_factory=list)
    include: bool = True
    # ``match`` is an organization already on this declaration's list: left out unless
    # the organizer ticks it (services.flag_already_signed).
    already_signed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportRow:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)

    def add_note(self, added: Note) -> None:
        self.notes.append(added.to_dict())
        self.issues.append(added.text)

    def _note_types(self) -> list[str | None]:
        """The code of each note (None for a legacy issue without one)."""
        if self.notes:
            return [str(n.get("code", "")) for n in self.notes]
        return [None for _ in self.issues]

    @property
    def uncertain(self) -> bool:
        """Needs a person's look: low confidence, a real note, or a fuzzy match offered."""
        return (
            self.confidence < CONFIDENCE_THRESHOLD
            or any(not is_note(code) for code in self._note_types())
            or (self.match == "new" and bool(self.candidates))
        )

    def uncertain_fields(self) -> set[str]:
        """Which cells to highlight: the field each note concerns."""
        found: set[str] = set()
        for code in self._note_types():
            if is_note(code):
                continue
            note_type = NOTE_TYPES.get(code) if code else None
            found.add(note_type.field if note_type and note_type.field else "name")
        if self.confidence < CONFIDENCE_THRESHOLD:
            found.add("name")
        if self.candidates and self.match == "new":
            found.add("match")
        return found

    def keep_informing_notes(self) -> None:
        """After a person corrected the row: only the notes that ask for nothing stay."""
        kept = [n for n in self.notes if is_note(str(n.get("code", "")))]
        self.notes = kept
        self.issues = [render(str(n["code"]), n.get("params", {})) for n in kept]


def is_note(code: str | None) -> bool:
    """Notes that inform without asking for a correction."""
    note_type = NOTE_TYPES.get(code) if code else None
    return note_type is not None and note_type.informs


def suggested_country(row: ImportRow) -> str:
    """An ISO code the organization's names imply ("Socialist Party of Bangladesh"), for
    organizers and statistics only; "" when none or when a country was given."""
    if row.country:
        return ""
    for text in (row.name_translation, row.name, row.name_transliteration):
        for mention in find_country_mentions(text or ""):
            found = match_country(mention, allow_fuzzy=False)
            if found is not None and found.alpha_2:
                return found.alpha_2
    return ""


def row_from_entry(entry: Entry) -> ImportRow:
    return ImportRow(
        position=entry.position,
        kind=entry.kind,
        name=entry.name,
        source_line=entry.source_line,
        abbreviation=entry.abbreviation or "",
        name_transliteration=entry.name_transliteration or "",
        name_translation=entry.name_translation or "",
        country=entry.country or "",
        affiliation=entry.affiliation or "",
        role=entry.role or "",
        confidence=entry.confidence,
        notes=[n.to_dict() for n in entry.notes],
        issues=list(entry.issues),
        line_number=entry.line_number,
    )


@dataclass
class ReadResult:
    """Rows, lines that are not signatories (each with its reason), and the status line."""

    rows: list[ImportRow]
    skipped: list[SkippedLine]
    status_line: str | None = None
    status_date: Any = None
    # Problems with the file as a whole (encoding), shown above the preview.
    warnings: list[str] = field(default_factory=list)
    format: str = "text"


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with BOM. Anything else is
    read as UTF-8 with unreadable bytes replaced by \\ufffd, and a warning says so."""
    if not data.strip():
        raise UnreadableInput(_("The file is empty."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise UnreadableInput(_("The file claims to be UTF-16 but is not.")) from None
    sample = data[:65536]
    if b"\x00" in sample or _control_share(sample) > 0.05:
        raise UnreadableInput(
            _(
                "This looks like a binary file (a PDF, a word-processor document, a "
                "spreadsheet or an image), not text. Save the list as plain text (UTF-8) or "
                "CSV and try again."
            )
        )
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        bad = sum(1 for line in text.splitlines() if "\ufffd" in line)
        if text.count("\ufffd") > max(20, len(text) // 5):
            raise UnreadableInput(
                _(
                    "The file is not UTF-8 text and could not be read. Save it as UTF-8 "
                    "(“Unicode”) text or CSV and try again."
                )
            ) from None
        return text, [
            ngettext(
                "The file is not entirely UTF-8: %(count)d line contains bytes that could "
                "not be read, shown as %(mark)s. Correct it below, or save the file as UTF-8 "
                "and start again.",
                "The file is not entirely UTF-8: %(count)d lines contain bytes that could "
                "not be read, shown as %(mark)s. Correct them below, or save the file as "
                "UTF-8 and start again.",
                bad,
            )
            % {"count": bad, "mark": "\ufffd"}
        ]


def _control_share(sample: bytes) -> float:
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls / max(1, len(sample))


# --- CSV ------------------------------------------------------------------------------

# Header names accepted for each field (case and spacing ignored), the exports' own first.
CSV_HEADERS: dict[str, tuple[str, ...]] = {
    "position": ("position", "no", "no.", "nr", "nr.", "number", "#", "n°", "№"),
    "kind": ("kind", "type"),
    "abbreviation": ("abbreviation", "abbr", "abbr.", "acronym", "short name"),
    "name": ("name", "organization", "organisation", "signatory", "full name"),
    "name_transliteration": ("name_transliteration", "transliteration", "latin"),
    "name_translation": ("name_translation", "translation", "english name", "name (english)"),
    "country": ("country", "land", "pays", "país", "страна", "країна"),
    "role": ("role", "function", "title"),
    "affiliation": ("affiliation", "institution", "organisation affiliation"),
    "city": ("city", "town", "place"),
    "line": ("line", "signatory line", "entry"),
}
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@\t\r])")


def looks_like_csv(text: str, filename: str = "") -> bool:
    if filename.lower().endswith((".csv", ".tsv")):
        return True
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    header = [cell.strip().casefold() for cell in re.split(r"[,;\t]", first)]
    known = {alias for aliases in CSV_HEADERS.values() for alias in aliases}
    return len(header) >= 2 and sum(cell in known for cell in header) >= 2


def _cell(value: str | None) -> str:
    # An export of ours guarded formula-like cells with an apostrophe: take it off again.
    return _FORMULA_GUARD.sub("", (value or "").strip())


def _csv_reader(text: str) -> Iterator[list[str]]:
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect)


def _csv_columns(header: list[str]) -> dict[str, int]:
    """The column of each field the header names (the first column for a field wins)."""
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = " ".join(title.strip().casefold().split())
        for fieldname, aliases in CSV_HEADERS.items():
            if key in aliases and fieldname not in columns:
                columns[fieldname] = index
    if "name" not in columns and "line" not in columns:
        raise UnreadableInput(
            _(
                "The CSV file needs a “name” column (or a “line” column with whole "
                "signatory lines); its header is: %(header)s"
            )
            % {"header": ", ".join(header)[:200]}
        )
    return columns


def _csv_kind(given: str, abbreviation: str, role: str) -> str:
    """The kind a row states, else guessed: an abbreviation or no role, an organization."""
    kind = given.casefold()
    if kind in {"person", "individual", "people"}:
        return "individual"
    if kind in KINDS:
        return kind
    return "organization" if abbreviation or not role else "individual"


def _csv_row(get: Callable[[str], str], raw: str, number: int) -> ImportRow:
    """One signatory as the columns of a row give it."""
    kind = _csv_kind(get("kind"), get("abbreviation"), get("role"))
    position_text = get("position").rstrip(".)")
    row = ImportRow(
        position=whole_number(position_text),
        kind=kind,
        name=get("name"),
        source_line=raw,
        abbreviation=get("abbreviation"),
        name_transliteration=get("name_transliteration"),
        name_translation=get("name_translation"),
        country=get("country"),
        affiliation=get("affiliation"),
        role=get("role"),
        city=get("city"),
        line_number=number,
    )
    if get("kind") and get("kind").casefold() not in {*KINDS, "person", "people"}:
        row.add_note(note(f"kind-unknown-{kind}", kind=get("kind")))
    if "\ufffd" in raw:
        row.add_note(note("undecodable", mark="\ufffd"))
    return row


def _read_line_rows(line_rows: list[tuple[int, str]], result: ReadResult) -> None:
    """Rows of a ``line`` column, read by the text parser, numbered as the file's rows."""
    if not line_rows:
        return
    parsed = parse_signatories("\n".join(line for _, line in line_rows))
    numbers = [number for number, _ in line_rows]
    for entry in parsed.entries:
        row = row_from_entry(entry)
        row.line_number = numbers[entry.line_number - 1] if entry.line_number else 0
        result.rows.append(row)
    for skipped in parsed.skipped:
        line_number = numbers[skipped.line_number - 1] if skipped.line_number else 0
        result.skipped.append(SkippedLine(skipped.line, skipped.notes, line_number))


def _csv_record(
    record: list[str],
    number: int,
    columns: dict[str, int],
    result: ReadResult,
    line_rows: list[tuple[int, str]],
) -> None:
    """One record of the file: a row, a line for the parser, or a skipped line."""
    raw = ",".join(record)
    if not any(cell.strip() for cell in record):
        return

    def get(name: str) -> str:
        index = columns.get(name)
        return _cell(record[index]) if index is not None and index < len(record) else ""

    if "name" not in columns:
        line = get("line")
        if line:
            line_rows.append((number, line))
        else:
            result.skipped.append(SkippedLine(raw, [note("csv-no-line")], number))
    elif not get("name"):
        result.skipped.append(SkippedLine(raw, [note("csv-no-name")], number))
    else:
        result.rows.append(_csv_row(get, raw, number))


def read_csv(text: str) -> ReadResult:
    """Rows from a CSV file with a header row (comma, semicolon or tab separated).

    With a ``name`` column, each row is one signatory as the columns give it; with only a
    ``line`` column, each line is read by the text parser. Rows without a name are
    reported, never dropped silently.
    """
    reader = _csv_reader(text.removeprefix("\ufeff"))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise UnreadableInput(
            _("The CSV file has no header row (%(error)s).") % {"error": error}
        ) from None
    columns = _csv_columns(header)
    result = ReadResult(rows=[], skipped=[], format="csv")
    line_rows: list[tuple[int, str]] = []
    try:
        for number, record in enumerate(reader, start=2):
            _csv_record(record, number, columns, result, line_rows)
    except csv.Error as error:
        result.warnings.append(
            _("The CSV file could not be read to its end: %(error)s") % {"error": error}
        )
    _read_line_rows(line_rows, result)
    return result


def from_parse(parsed: ParseResult) -> ReadResult:
    return ReadResult(
        rows=[row_from_entry(entry) for entry in parsed.entries],
        skipped=list(parsed.skipped),
        status_line=parsed.status_line,
        status_date=parsed.status_date,
    )


def read_text(text: str, *, filename: str = "") -> ReadResult:
    """A published list as text, or a CSV file: rows, skipped lines, the status line."""
    if looks_like_csv(text, filename):
        return read_csv(text)
    return from_parse(parse_signatories(text))


def read_upload(data: bytes, *, filename: str = "") -> ReadResult:
    """Bytes from a file or a form, read as ``read_text`` does; raises UnreadableInput."""
    text, warnings = decode(data)
    result = read_text(text, filename=filename)
    result.warnings[:0] = warnings
    return result
