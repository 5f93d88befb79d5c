"""A free-text cell of a record's affiliation column: "Role, Organisation & Role, Organisation".

Why apart from the column: a form that asks for an "affiliation" gets what people write
there — "Professor, ETH Zürich", "CEO, ChipFlow", "Senior Researcher, INESC TEC &
Professor, ISEP" — a role and where it is held, sometimes two appointments joined by
"&". Read whole as the affiliation, the role is lost; each appointment is read as a
description after a name is (``descriptions.single_description``), and the roles and the
organisations are joined back with the "&" the cell had.
"""

from __future__ import annotations

import re

from undersigned.imports.parsing.countries import match_country
from undersigned.imports.parsing.descriptions import single_description

__all__ = ["appointments"]

_AND = re.compile(r"\s+&\s+")


def _split(cell: str) -> list[str]:
    """The appointments of a cell: a part after "&" starts one only when it holds a comma
    of its own ("… & Director, FOSSi Foundation"); "ETH Zürich & University Bologna" is
    one organisation list."""
    parts: list[str] = []
    for part in _AND.split(cell):
        if parts and "," not in part:
            parts[-1] += " & " + part
        else:
            parts.append(part)
    return parts


def _without_country(text: str, country: str | None) -> str:
    """ "ISEP, Portugal" beside a country column: the country is said once, in its column."""
    head, comma, tail = text.rpartition(",")
    if comma and country and match_country(tail.strip(), allow_fuzzy=False) is not None:
        return head.strip()
    return text


def appointments(cell: str, country: str | None) -> tuple[str, str]:
    """(role, affiliation) of an affiliation cell: "" for a part it does not hold."""
    roles: list[str] = []
    places: list[str] = []
    for part in _split(cell.strip()):
        role, place = single_description(_without_country(part, country))
        if role:
            roles.append(role)
        if place:
            places.append(place)
    return " & ".join(roles), " & ".join(places)
