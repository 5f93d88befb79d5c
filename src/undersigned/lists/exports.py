"""The list as text, CSV, JSON and Markdown: generators of text chunks, so a view can
stream them and a command can write them, without holding a long list in memory.

Each renderer takes the header facts (``ExportHeader``) and an iterator of ``ListEntry``
(``selectors.list_entries``). The shapes are documented in docs/exports.md.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from itertools import islice

from undersigned.lists.entries import ExportHeader
from undersigned.signatures.signatory import ListEntry

FORMATS = ("txt", "csv", "json", "md")

CONTENT_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
}

JSON_FORMAT = "undersigned.signatories/1"

CSV_COLUMNS = (
    "position",
    "kind",
    "line",
    "abbreviation",
    "name",
    "name_transliteration",
    "name_translation",
    "role",
    "affiliation",
    "city",
    "country",
    "country_code",
    "organization_id",
    "published_on",
    "withdrawn",
)

# A spreadsheet program takes a cell starting with one of these for a formula (or, for
# tab and carriage return, may shift it into one): such cells get a leading apostrophe,
# which spreadsheets show as text and do not display.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)

# Entries per chunk handed to the web server: large enough that streaming costs little.
LINES_PER_CHUNK = 500


def chunked(lines: Iterable[str]) -> Iterator[str]:
    """``lines`` joined into chunks of ``LINES_PER_CHUNK``, for a streamed response."""
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= LINES_PER_CHUNK:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


# --- Plain text -------------------------------------------------------------------------


def text_lines(status_line: str, entries: Iterable[ListEntry]) -> Iterator[str]:
    """The status line, then ``N. line`` per entry: the seed's own shape, one per line.

    This is the text a published snapshot freezes, so it carries nothing else (the
    snapshot's hash travels in the response's ``X-Snapshot-SHA256`` header).
    """
    yield f"{status_line}\n"
    for entry in entries:
        yield f"{entry.position}. {entry.line}\n"


def text_heading(header: ExportHeader) -> str:
    """What the text export says before the list: the declaration's title and address,
    then an empty line, so a copy that travels alone still says what it is a list of.
    A snapshot freezes only what follows (``text_lines``)."""
    return f"{header.title}\n{header.url}\n\n"


def strip_text_heading(text: str) -> str:
    """``text`` without the heading of a text export, if it starts with one."""
    head, separator, rest = text.partition("\n\n")
    lines = head.split("\n")
    if separator and len(lines) == 2 and lines[1].startswith(("https://", "http://")):
        return rest
    return text


def render_text(header: ExportHeader, entries: Iterable[ListEntry]) -> Iterator[str]:
    yield text_heading(header)
    yield from chunked(text_lines(header.status_line, entries))


# --- CSV --------------------------------------------------------------------------------


def neutralize(value: str) -> str:
    """A cell value a spreadsheet will show as text, never run as a formula."""
    # One set lookup of the first character: called nine times a row.
    return "'" + value if value[:1] in _FORMULA_FIRST else value


def _csv_row(entry: ListEntry) -> list[object]:
    # Only what people typed can start like a formula; numbers, dates and our own words
    # cannot, and skipping them keeps a million rows fast.
    return [
        entry.position,
        entry.kind,
        neutralize(entry.line),
        neutralize(entry.abbreviation),
        neutralize(entry.name),
        neutralize(entry.name_transliteration),
        neutralize(entry.name_translation),
        neutralize(entry.role),
        neutralize(entry.affiliation),
        neutralize(entry.city),
        neutralize(entry.country),
        entry.country_code,
        entry.organization_id or "",
        entry.published_on.isoformat() if entry.published_on else "",
        "yes" if entry.withdrawn else "",
    ]


def render_csv(
    header: ExportHeader, entries: Iterable[ListEntry], *, bom: bool = False
) -> Iterator[str]:
    """One header row, then one row per entry (RFC 4180, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def take() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    writer.writerow(CSV_COLUMNS)
    yield ("\ufeff" if bom else "") + take()
    rows = map(_csv_row, entries)
    while chunk := list(islice(rows, LINES_PER_CHUNK)):
        writer.writerows(chunk)
        yield take()


# --- JSON -------------------------------------------------------------------------------


def entry_dict(entry: ListEntry) -> dict[str, object]:
    def text(value: str) -> str | None:
        return value or None

    return {
        "position": entry.position,
        "kind": entry.kind,
        "line": entry.line,
        "withdrawn": entry.withdrawn,
        "abbreviation": text(entry.abbreviation),
        "name": text(entry.name),
        "name_transliteration": text(entry.name_transliteration),
        "name_translation": text(entry.name_translation),
        "role": text(entry.role),
        "affiliation": text(entry.affiliation),
        "city": text(entry.city),
        "country": text(entry.country),
        "country_code": text(entry.country_code),
        "organization_id": entry.organization_id,
        "published_on": entry.published_on.isoformat() if entry.published_on else None,
    }


def header_dict(header: ExportHeader) -> dict[str, object]:
    snapshot = header.snapshot
    return {
        "format": JSON_FORMAT,
        "declaration": {"slug": header.slug, "title": header.title, "url": header.url},
        "as_of": header.as_of.isoformat() if header.as_of else None,
        "status_line": header.status_line,
        "count": header.count,
        "snapshot": (
            {
                "number": snapshot.number,
                "date": snapshot.status_date.isoformat(),
                "sha256": snapshot.sha256,
                "previous_sha256": snapshot.previous_sha256 or None,
                "url": snapshot.url,
            }
            if snapshot
            else None
        ),
    }


# One encoder for every entry: ``json.dumps(..., ensure_ascii=False)`` builds a new one
# per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def render_json(header: ExportHeader, entries: Iterable[ListEntry]) -> Iterator[str]:
    """One JSON object; ``signatories`` is written entry by entry as it streams."""
    head = json.dumps(header_dict(header), ensure_ascii=False, indent=1)
    # Reopen the object to append the array last: it is the only long part.
    yield head[:-2] + ',\n "signatories": ['

    def items() -> Iterator[str]:
        first = True
        for entry in entries:
            yield ("\n  " if first else ",\n  ") + _ENCODE(entry_dict(entry))
            first = False

    yield from chunked(items())
    yield "\n ]\n}\n"


# --- Markdown ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown_lines(header: ExportHeader, entries: Iterable[ListEntry]) -> Iterator[str]:
    """A heading, the status line and the numbered list.

    Markdown renumbers an ordered list from its first number; where a withdrawal leaves
    a gap the delimiter switches between ``.`` and ``)``, which starts a new list at the
    right number, so every entry keeps its own.
    """
    yield f"# {md_escape(header.title)}\n\n"
    yield f"{md_escape(header.status_line)}\n\n"
    expected: int | None = None
    delimiter = "."
    for entry in entries:
        if expected is not None and entry.position != expected:
            delimiter = ")" if delimiter == "." else "."
        yield f"{entry.position}{delimiter} {md_escape(entry.line)}\n"
        expected = entry.position + 1
    if header.snapshot is not None:
        snapshot = header.snapshot
        yield (
            f"\nPublished snapshot {snapshot.number} of {snapshot.status_date.isoformat()}, "
            f"SHA-256 `{snapshot.sha256}` ({snapshot.url})\n"
        )


def render_markdown(header: ExportHeader, entries: Iterable[ListEntry]) -> Iterator[str]:
    return chunked(markdown_lines(header, entries))


def render(
    fmt: str, header: ExportHeader, entries: Iterable[ListEntry], *, bom: bool = False
) -> Iterator[str]:
    if fmt == "txt":
        return render_text(header, entries)
    if fmt == "csv":
        return render_csv(header, entries, bom=bom)
    if fmt == "json":
        return render_json(header, entries)
    if fmt == "md":
        return render_markdown(header, entries)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
