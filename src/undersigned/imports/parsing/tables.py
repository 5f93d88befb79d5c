"""Tables: signatories in columns — a number, a name, a position, a company, a country.

Why read the header: a column's meaning is in its title, in the list's language ("ФИО",
"Должность, компания", "Institution"), and a row is read by it without guessing which
part of a line is a role. Titles are data (``vocab/table_headers.json``); a column whose
title names no field of an entry (a city, a field of research) is left out. Without a
header, a column of numbers is the position and the first column of text the name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from undersigned.core.text.validators import whole_number
from undersigned.imports.parsing import vocab
from undersigned.imports.parsing.appointments import appointments
from undersigned.imports.parsing.countries import match_country
from undersigned.imports.parsing.organizations import parse_organization
from undersigned.imports.parsing.result import Hint, Kind, Reading
from undersigned.imports.parsing.scripts import ascii_digits, fold

__all__ = [
    "KindDecider",
    "TableColumns",
    "delimited_columns",
    "guess_row",
    "header_columns",
    "read_row",
    "space_columns",
]

KindDecider = Callable[[str, Hint], tuple[Kind, bool]]
"""Decides the kind of an entry from its text: (kind, whether that is uncertain)."""


@cache
def _aliases() -> dict[str, str]:
    table: dict[str, list[str]] = vocab.data("table_headers")
    return {_key(alias): field for field, aliases in table.items() for alias in aliases}


def _key(title: str) -> str:
    title = fold(title).strip(" .:*#_|").replace("_", " ")
    return re.sub(r"\s+", " ", title).replace(" ,", ",")


def _class_field(title: str) -> str | None:
    """The field an HTML class names: the whole class, else its last word ("sig_name")."""
    aliases = _aliases()
    key = _key(re.sub(r"[-_]+", " ", title))
    return aliases.get(key) or aliases.get(key.rsplit(" ", 1)[-1])


@dataclass(frozen=True, slots=True)
class TableColumns:
    """What each column of a table holds (a field name, or None to leave it out)."""

    fields: tuple[str | None, ...]
    kind: Kind | None
    """The kind every row is, when the header says so (a name and a company: people)."""


def header_columns(cells: list[str], *, classes: bool = False) -> TableColumns | None:
    """The columns a header row names (``classes``: a card's HTML classes), or None when
    it is no header."""
    aliases = _aliases()
    found = [_class_field(c) if classes else aliases.get(_key(c)) for c in cells]
    known = [f for f in found if f and f != "ignored"]
    if not known or ("name" not in known and "organization" not in known):
        return None
    people = "name" in known and bool({"role", "affiliation", "role+affiliation"} & set(known))
    fields: list[str | None] = []
    for field in found:
        if field == "organization":
            # beside a person's name, "Organisation" is where the person works
            field = "affiliation" if "name" in known else "name"
        fields.append(None if field == "ignored" else field)
    organizations = "organization" in found and "name" not in known
    kind: Kind | None = "individual" if people else "organization" if organizations else None
    return TableColumns(tuple(fields), kind)


def space_columns(texts: list[str]) -> list[list[str]] | None:
    """Columns a table left when it was copied as text: cells apart by runs of spaces.

    Read so only when most lines split into the same number of cells (two or more):
    one double space inside a name ("TACE  Técnicos") makes no table.
    """
    if len(texts) < 3:
        return None
    rows = [
        [c.strip() for c in re.split(r" {3,}| {2}(?=\S)", t.strip()) if c.strip()] for t in texts
    ]
    widths = [len(r) for r in rows]
    common = max(set(widths), key=widths.count)
    if common < 2 or widths.count(common) < 0.6 * len(rows):
        return None
    return rows


_DELIMITERS = (";", "；", " | ", "|")


def delimited_columns(texts: list[str]) -> list[list[str]] | None:
    """Rows of a table written as delimited text ("Jane Roe; Friends of Nature; Ireland").

    Read so only when four fifths of three lines or more hold the same number of the
    same delimiter: a list of names one a line does not, an inline list rarely does.
    """
    if len(texts) < 3:
        return None
    for delimiter in _DELIMITERS:
        counts = [t.count(delimiter) for t in texts]
        common = max(set(counts), key=counts.count)
        if common >= 1 and counts.count(common) >= 0.8 * len(texts):
            return [[c.strip() for c in t.split(delimiter)] for t in texts]
    return None


def _position(value: str) -> int | None:
    digits = ascii_digits(value).strip(" .)(")
    return whole_number(digits, max_digits=5)


def guess_row(cells: list[str]) -> tuple[int | None, str]:
    """A row of a table without a header: its number (a first cell of digits) and the rest
    as one line ("Name, Role, Company"), to be read as a line is."""
    cells = [c for c in cells if c.strip()]
    if cells and _position(cells[0]) is not None and len(cells) > 1:
        return _position(cells[0]), ", ".join(cells[1:])
    return None, ", ".join(cells)


def _description(values: dict[str, list[str]], country: str | None) -> tuple[str, str]:
    """(role, affiliation) of a row; a lone affiliation column's free text ("CEO,
    ChipFlow") read for the role it holds."""
    role = ", ".join(values.get("role", []))
    affiliation = ", ".join(values.get("affiliation", []))
    for combined in values.get("role+affiliation", []):
        head, comma, tail = combined.partition(", ")
        role = ", ".join(p for p in (role, head.strip()) if p)
        if comma:
            affiliation = ", ".join(p for p in (affiliation, tail.strip()) if p)
    if affiliation and not role and "role+affiliation" not in values:
        role, affiliation = appointments(affiliation, country)
    return role, affiliation


def read_row(
    cells: list[str], columns: TableColumns, hint: Hint, decide: KindDecider
) -> tuple[int | None, list[Reading], bool] | None:
    """(position, readings, kind uncertain) of one row, or None when it names nobody."""
    values: dict[str, list[str]] = {}
    for field, cell in zip(columns.fields, cells, strict=False):
        # "Data Analyst ." : a stray full stop or comma a cell was left with
        value = re.sub(r"\s+[.,;]+$", "", cell.strip())
        if field and value:
            values.setdefault(field, []).append(value)
    name = " ".join(values.get("name", []))
    if not name or not any(ch.isalnum() for ch in name):
        return None
    position = _position(values["position"][0]) if "position" in values else None
    country = ", ".join(values.get("country", [])) or None
    role, affiliation = _description(values, country)
    kind = columns.kind or hint.kind
    uncertain = False
    if kind is None:
        line = ", ".join(p for p in (name, role, affiliation, country) if p)
        kind, uncertain = decide(line, hint)
    if kind == "organization":
        reading = parse_organization(name, hint)
        if values.get("abbreviation"):
            reading.abbreviation = values["abbreviation"][0]
        if country:
            reading.country = country
        return position, [reading], uncertain
    if affiliation and not country:
        # "University of Potsdam, Germany": a free-text institution ends with its country
        head, comma, tail = affiliation.rpartition(",")
        found = match_country(tail, allow_fuzzy=False) if comma else None
        if found is not None and found.alpha_2:
            affiliation, country = head.strip(), tail.strip()
    reading = Reading(
        kind="individual",
        name=name,
        role=role or None,
        affiliation=affiliation or None,
        country=country,
    )
    return position, [reading], uncertain
