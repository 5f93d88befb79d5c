"""From records to entries: kinds settled list-wide, countries by the list's style, and
the notes only the whole list can give (numbering gaps, countries implied by a name).

Why after reading every line: a list is nearly always of one kind and one style, and a
line alone ("ATTAC Deutschland", "quill") often cannot say which.
"""

from __future__ import annotations

import re
from collections import Counter

from undersigned.imports.parsing.acronyms import abbreviation_shape
from undersigned.imports.parsing.collect import Record
from undersigned.imports.parsing.countries import find_country_mentions, is_region_only
from undersigned.imports.parsing.entry import parse_entry, strip_trailing_punctuation, weak_kind
from undersigned.imports.parsing.notes import note
from undersigned.imports.parsing.organizations import parse_organization
from undersigned.imports.parsing.result import CONFIDENCE_THRESHOLD, Entry, Kind
from undersigned.imports.parsing.tails import take_bare_country

__all__ = ["entries_of"]


def _majority(records: list[Record]) -> tuple[Kind | None, bool]:
    """The kind of three quarters of the certain entries, and whether four fifths of
    five or more agree (a strong majority)."""
    certain = [r for r in records if not r.uncertain and r.parsed]
    orgs = sum(1 for r in certain if r.parsed[0].kind == "organization")
    majority: Kind | None = None
    if len(certain) >= 3 and orgs >= 0.75 * len(certain):
        majority = "organization"
    elif len(certain) >= 3 and len(certain) - orgs >= 0.75 * len(certain):
        majority = "individual"
    strong = len(certain) >= 5 and max(orgs, len(certain) - orgs) >= 0.8 * len(certain)
    return majority, strong


def resolve_kinds(records: list[Record]) -> None:
    """Uncertain kinds follow the clear majority of the list's certain entries.

    A list is nearly always of one kind: when four fifths of its certain entries are
    of one kind, an entry of the other kind with nothing but weak cues for it (a name
    in capitals, a lower-case user name) follows them too.
    """
    majority, strong = _majority(records)
    for record in records:
        if not record.parsed:
            continue
        kind = record.parsed[0].kind
        target = record.hint.kind or majority
        if not record.uncertain:
            if strong and target and target != kind and weak_kind(record.content, kind):
                record.parsed, _ = parse_entry(record.content, record.hint, force=target)
            continue
        if target is None:
            record.notes.append(note(f"kind-guessed-{kind}"))
            record.penalty += 0.25
            continue
        if kind != target:
            record.parsed, _ = parse_entry(record.content, record.hint, force=target)
        record.uncertain = False


def _abbreviations_only(text: str) -> bool:
    """ "KPX", "PC (ML)", "MLKP/TKP": abbreviations and their brackets, nothing else."""
    plain = re.sub(r"\([^()]*\)", " ", text).split()
    return 0 < len(plain) <= 3 and all(abbreviation_shape(t) >= 0.8 for t in plain)


def countries_by_style(records: list[Record]) -> None:
    """A country after a name with no comma ("KPX Estonia", "ABC (ML) Chile").

    Alone, "ATTAC Deutschland" is a name, and so it is in a list that gives countries
    after commas. It is a country when the list writes countries so: after
    abbreviations on two lines or more, or after three fifths of its other names.
    """
    organizations = [r for r in records if r.parsed and r.parsed[0].kind == "organization"]
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


def people_countries_by_style(records: list[Record]) -> None:
    """ "…, former judge of the Supreme Court India": a person's country with no comma.

    Read so only where the list gives the same country after a comma on two other
    lines: alone, the last word of a role may as well be part of it.
    """
    readings = [p for r in records for p in r.parsed if p.kind == "individual"]
    seen = Counter(p.country for p in readings if p.country)
    for reading in readings:
        if reading.country:
            continue
        for name in ("role", "affiliation"):
            value = getattr(reading, name) or ""
            country = next((c for c, n in seen.items() if n >= 2 and value.endswith(" " + c)), None)
            if country is None:
                continue
            setattr(reading, name, value[: -len(country)].rstrip(" ,") or None)
            reading.country = country
            reading.penalize(0.1, note("country-without-comma", country=country))
            break


def build_entries(records: list[Record]) -> list[Entry]:
    entries: list[Entry] = []
    for record in records:
        for parsed in record.parsed:
            notes = list(parsed.notes)
            for extra in record.notes:
                if extra not in notes:
                    notes.append(extra)
            joins = sum(1 for n in record.notes if n.code in {"lines-joined", "split-from-line"})
            confidence = parsed.confidence - record.penalty - 0.1 * joins
            if any(n.code == "undecodable" for n in record.notes):
                confidence -= 0.3
            entries.append(
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
    return entries


def _note_numbering(entries: list[Entry]) -> None:
    previous: int | None = None
    for entry in entries:
        if entry.position is None:
            continue
        if previous is not None and entry.position not in {previous, previous + 1, 1}:
            entry.add_note(note("numbering-jump", previous=previous, number=entry.position))
            entry.confidence -= 0.05
        previous = entry.position


def _note_entry(entry: Entry) -> None:
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


def entries_of(records: list[Record]) -> list[Entry]:
    """The entries of a list's records, kinds and countries settled, notes added."""
    resolve_kinds(records)
    countries_by_style(records)
    people_countries_by_style(records)
    entries = build_entries(records)
    _note_numbering(entries)
    for entry in entries:
        _note_entry(entry)
    return entries
