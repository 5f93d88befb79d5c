"""Reading one individual's entry: name, role, affiliation, country.

The shapes, and what each part becomes:

- ``Name (X)``: X is the affiliation, as written, when it names or contains an
  organization ("Segretario generale CGIL", "Debian Developer"); the role when it is only
  a function ("Gewerkschaftssekretär"). A bracket that only holds a handle, an e-mail, a
  link or a place of residence is left out of every field.
- ``Name – description`` or ``Name, description`` with one description: the role as
  written ("Vorsitzender des BUND"), the affiliation when it only names an institution
  ("Universität Hamburg", "Attac"), both when it reads "Role, Institution".
- ``Name, A, B, C, Country`` (academics): each part is a role or an affiliation by its
  words, joined in their order; a country at the end is the country.

Titles and post-nominals stay in the name ("Prof. Dr. Anna Keller", "Jane Doe, PhD").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from undersigned.imports.parsing.countries import CountryMatch, match_country
from undersigned.imports.parsing.descriptions import (
    attach_codes,
    bracket_fields,
    classify_part,
    join_parts,
    segments_of,
    single_description,
)
from undersigned.imports.parsing.notes import Note, note
from undersigned.imports.parsing.people import (
    cjk_name_and_description,
    country_notes,
    person_score,
    surname_first,
    two_people,
)
from undersigned.imports.parsing.result import Hint, Reading
from undersigned.imports.parsing.scripts import dominant_script, transliteration_similarity
from undersigned.imports.parsing.tails import take_contacts, take_trailing_country
from undersigned.imports.parsing.text import trailing_groups
from undersigned.imports.parsing.unmarked import name_and_description

__all__ = ["parse_individual"]

_POSTNOMINAL = re.compile(
    r"^(?:ph\.?\s?d\.?|m\.?d\.?|m\.?a\.?|m\.?sc\.?|b\.?a\.?|b\.?sc\.?|ll\.?\s?m\.?|jr\.?|sr\.?|"
    r"iii|ii|iv|mbe|obe|cbe|frs|fba|esq\.?|dphil|d\.phil\.?|mba|mph|rn|dds)$",
    re.IGNORECASE,
)
_DASH = re.compile(r"\s+[-–—]\s+|\s+[-–—](?=[^\W\d_])|(?<=[^\W\d_])[-–—]\s+")


@dataclass(slots=True)
class _Fields:
    """What a person's entry is read into, part by part."""

    name: str
    country: CountryMatch | None
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    transliteration: str | None = None

    def add(self, role: str, affiliation: str) -> None:
        self.roles += [role] if role else []
        self.affiliations += [affiliation] if affiliation else []


@dataclass(slots=True)
class _Split:
    """Where the name ends: the name's part, the parts after it, a description after a
    dash or a space (Chinese, Japanese), and where the name's own text ends."""

    head: str
    rest: list[tuple[int, int]]
    description: str
    first_start: int
    first_end: int
    name_end: int


def _split(text: str) -> _Split:
    spans = segments_of(text)
    first_start, first_end = spans[0] if spans else (0, len(text))
    head = text[first_start:first_end].strip()
    rest = spans[1:]
    description = ""
    dash = _DASH.search(head)
    spaced = cjk_name_and_description(head) or name_and_description(head)
    if dash and person_score(head[: dash.start()]) >= 0.4:
        description = (head[dash.end() :] + text[first_end:]).strip()
        head, rest = head[: dash.start()].strip(), []
    elif spaced is not None:
        description = (spaced[1] + text[first_end:]).strip()
        head, rest = spaced[0], []
    # post-nominals right after the name stay in it, as written ("John Cairns,Jr.")
    name_end = first_end
    while rest and _POSTNOMINAL.match(text[rest[0][0] : rest[0][1]].strip()):
        name_end = rest[0][1]
        rest = rest[1:]
    return _Split(head, rest, description, first_start, first_end, name_end)


def _read_brackets(head: str, fields: _Fields) -> None:
    """ "Jane Roe (Debian, GNOME)", "Иван Петров (Ivan Petrov)": brackets after a name."""
    groups = trailing_groups(head)
    if not groups:
        return
    fields.name = head[: groups[0][0]].strip()
    for a, b in groups:
        inner = head[a + 1 : b - 1].strip()
        if (
            fields.transliteration is None
            and dominant_script(fields.name) not in {"LATIN", "NONE"}
            and dominant_script(inner) == "LATIN"
            and transliteration_similarity(fields.name, inner) >= 70
        ):
            fields.transliteration = inner
            continue
        role, affiliation, fields.country = bracket_fields(inner, fields.country)
        fields.add(role, affiliation)


def _read_parts(text: str, rest: list[tuple[int, int]], fields: _Fields) -> None:
    """ "Name, A, B, C, Country" (academics): each part a role or an affiliation."""
    rest = attach_codes(text, rest)
    if fields.country is None:
        # "…, Utrecht University, the Netherlands, Nobel Prize 1999": a country between
        for position, (a, b) in enumerate(rest):
            found = match_country(text[a:b].strip(), allow_fuzzy=False)
            if found is not None and found.alpha_2:
                fields.country = found
                rest = rest[:position] + rest[position + 1 :]
                break
    kinds = [classify_part(text[a:b].strip()) for a, b in rest]
    fields.roles.append(
        join_parts(text, [s for s, k in zip(rest, kinds, strict=True) if k == "role"])
    )
    fields.affiliations.append(
        join_parts(text, [s for s, k in zip(rest, kinds, strict=True) if k == "affiliation"])
    )


def _contact_notes(contacts: list[str]) -> list[Note]:
    links = [note("link-left-out", link=c) for c in contacts if "://" in c or c.startswith("www")]
    return links + [note("handle-left-out", handle=c) for c in contacts if "://" not in c]


def parse_individual(content: str, hint: Hint) -> list[Reading]:
    """Read an individual's entry (see the module's docstring) as one or two people."""
    text, contacts = take_contacts(content)
    text, country, how = take_trailing_country(text)
    if surname_first(text):
        # "Doe, Jane": the name as written, surname first
        reading = Reading(
            kind="individual", name=text.strip(), country=country.text if country else None
        )
        country_notes(reading, country, how, hint)
        return [reading]
    split = _split(text)
    name = split.head if split.description else text[split.first_start : split.name_end].strip()
    fields = _Fields(name, country)
    if not split.description and split.name_end == split.first_end:
        _read_brackets(split.head, fields)
    description = split.description
    if not description and len(split.rest) == 1:
        description = text[split.rest[0][0] : split.rest[0][1]]
    if description:
        fields.add(*single_description(description))
    elif len(split.rest) > 1:
        _read_parts(text, split.rest, fields)
    reading = Reading(
        kind="individual",
        name=fields.name,
        transliteration=fields.transliteration,
        country=fields.country.text if fields.country else None,
        role=", ".join(p for p in fields.roles if p) or None,
        affiliation=", ".join(p for p in fields.affiliations if p) or None,
    )
    for extra in _contact_notes(contacts):
        reading.penalize(0.0, extra)
    country_notes(reading, fields.country, how, hint)
    return two_people(reading, fields.name)
