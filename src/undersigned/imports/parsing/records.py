"""Records that name their fields: CSV with a header row, HTML cards with a class per field.

Why before the lines are cleaned: a CSV row read as a line is "a name, then four more
names" (`Group,Town,E14001507,Jane Roe,Party` is five entries to the inline rules), and
an HTML card spread over six lines is six lines, each a name or a role. Both say which
value is which — the header row's titles, the element's ``class`` — so they are read as
table rows with those titles, and the tables' rules (``tables.header_columns``) decide
which titles name a field of an entry and which columns are left out.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass

from undersigned.imports.parsing.tables import header_columns

__all__ = ["Card", "csv_table", "html_cards", "named_fields", "pipe_row"]

# A CSV header's titles: short words or identifiers ("signatory", "mp_name", "Full name").
# ("Jméno, příjmení" quoted as one title holds a comma of its own.)
_TITLE = re.compile(r"[^\W\d][\w .,()/'’-]{0,39}")
# One field of a card: an element on its own line with a class ("<span class="sig_name">").
_FIELD = re.compile(
    r"^\s*<(?P<tag>[a-z][a-z0-9]*)\b[^>]*\bclass\s*=\s*[\"'](?P<cls>[^\"']+)[\"'][^>]*>"
    r"(?P<value>.*?)</(?P=tag)>\s*$",
    re.IGNORECASE,
)
_OPEN = re.compile(r"^\s*<(div|li|article|section)\b[^>]*>\s*$", re.IGNORECASE)
_TAGS = re.compile(r"<[^<>]+>")


def _cells(line: str, delimiter: str) -> list[str]:
    if not line.strip():
        return []
    return [c.strip() for c in next(csv.reader([line], delimiter=delimiter))]


def _header(line: str) -> tuple[list[str], str] | None:
    """The titles of a CSV header row and its delimiter (a comma, or a semicolon as a
    spreadsheet in German or French writes it), or None."""
    unquoted = re.sub(r'"[^"]*"', '""', line)  # a quoted title may hold ", " itself
    for delimiter in (",", ";"):
        if delimiter not in unquoted or f"{delimiter} " in unquoted:
            continue
        cells = _cells(line, delimiter)
        titles = len(cells) >= 2 and all(_TITLE.fullmatch(c) for c in cells)
        if titles and header_columns(cells) is not None:
            return cells, delimiter
    return None


def pipe_row(cells: list[str]) -> str:
    """Cells as a Markdown table row, which every later rule reads as a row."""
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def csv_table(lines: list[str]) -> tuple[dict[int, list[str]], set[int]]:
    """CSV blocks whose first row is a header: line index -> cells, and the header lines.

    A row is a header when its titles name a table's fields (``tables.header_columns``).
    A block is read as CSV only when its header has no space after its delimiters (a
    line "Name, Institution" of prose has) and four fifths of its rows have as many cells.
    """
    found: dict[int, list[str]] = {}
    headers: set[int] = set()
    i = 0
    while i < len(lines):
        header = _header(lines[i].strip())
        if header is None:
            i += 1
            continue
        cells, delimiter = header
        j = i + 1
        rows: list[tuple[int, list[str]]] = []
        while j < len(lines) and lines[j].strip():
            rows.append((j, _cells(lines[j], delimiter)))
            j += 1
        same = sum(1 for _, row in rows if len(row) == len(cells))
        if len(rows) >= 2 and same >= 0.8 * len(rows):
            headers.add(i)
            found[i] = cells
            found.update((k, row) for k, row in rows if len(row) == len(cells))
        i = max(j, i + 1)
    return found, headers


@dataclass(frozen=True, slots=True)
class Card:
    """An HTML card: its lines (first and last index), field titles and values."""

    last: int
    titles: list[str]
    values: list[str]


def _card_at(lines: list[str], start: int) -> Card | None:
    titles: list[str] = []
    values: list[str] = []
    for j in range(start + 1, min(len(lines), start + 60)):
        line = lines[j].strip()
        if not line:
            continue
        if re.fullmatch(r"</(div|li|article|section)>", line, re.IGNORECASE):
            return Card(j, titles, values) if len(titles) >= 2 else None
        match = _FIELD.match(line)
        if match is None:
            return None
        titles.append(match.group("cls").split()[0])
        values.append(html.unescape(_TAGS.sub(" ", match.group("value"))).strip())
    return None


_INLINE_FIELD = re.compile(
    r"<(?P<tag>[a-z][a-z0-9]*)\b[^>]*\bclass\s*=\s*[\"'](?P<cls>[^\"']+)[\"'][^>]*>"
    r"(?P<value>[^<]*)</(?P=tag)>",
    re.IGNORECASE,
)


def _card_in_line(line: str, index: int) -> Card | None:
    """A card written on one line (minified HTML): two fields or more, each with its class."""
    found = list(_INLINE_FIELD.finditer(line))
    if len(found) < 2:
        return None
    titles = [m.group("cls").split()[0] for m in found]
    values = [html.unescape(m.group("value")).strip() for m in found]
    return Card(index, titles, values)


def html_cards(lines: list[str]) -> dict[int, Card]:
    """HTML cards (a block element holding one element per field, each with its class),
    written over several lines: first line index -> the card, with only the values whose
    class names a field of an entry."""
    cards: dict[int, Card] = {}
    i = 0
    while i < len(lines):
        card = _card_at(lines, i) if _OPEN.match(lines[i]) else _card_in_line(lines[i], i)
        card = named_fields(card) if card is not None else None
        if card is not None:
            cards[i] = card
            i = card.last
        i += 1
    return cards


def named_fields(card: Card) -> Card | None:
    """The card with only the values whose class names a field of an entry (a signing
    time, a comment left out); None when no class names a name."""
    columns = header_columns(card.titles, classes=True)
    if columns is None:
        return None
    pairs = zip(card.titles, card.values, columns.fields, strict=True)
    kept = [(t, v) for t, v, f in pairs if f and v]
    return Card(card.last, [t for t, _ in kept], [v for _, v in kept])
