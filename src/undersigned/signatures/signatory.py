"""What a signatory is: its fields, defined once, and the one composition of its line.

``FIELDS`` names each part of a signatory and where it lives: the signature's own
column for a person, the column holding what an organization's signer typed, and the
organization record's column once a moderator matched it. Everything else derives from
it: the columns the list is read with (``LIST_COLUMNS``, for the page, the exports,
the print view and the snapshots), what a withdrawal erases (``WITHDRAWN_ERASES``), the
lengths an import must respect (``max_length``).

``entry`` composes a list entry from one row of ``LIST_COLUMNS`` in the published lists'
style — organizations ``ABBR Native name (Transliteration) (English name), Country``,
people ``Name, Role, Affiliation, City, Country``, each part only when known — and
``signatory_line`` composes a signature's line through the same function, so the page,
the exports and the sealed contacts' bundle can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries.fields import Country

from undersigned.organizations.models import Organization
from undersigned.signatures.models import Signature


@dataclass(frozen=True)
class Field:
    # The part's name in a list entry, an import row and the exports' columns.
    name: str
    # The Signature column holding it for a person ("" where a person has none).
    person: str = ""
    # The Signature column holding what an organization's signer typed.
    typed: str = ""
    # The Organization column, once the signature is tied to a record.
    record: str = ""
    # Whether the published line shows it.
    listed: bool = True


FIELDS: tuple[Field, ...] = (
    Field("abbreviation", typed="org_abbreviation", record="abbreviation"),
    Field("name", person="name", typed="org_name", record="name"),
    Field(
        "name_transliteration",
        typed="org_name_transliteration",
        record="name_transliteration",
    ),
    Field("name_translation", typed="org_name_translation", record="name_translation"),
    Field("role", person="role"),
    Field("affiliation", person="affiliation"),
    Field("city", person="city"),
    Field("country", person="country", typed="org_country", record="country"),
    Field("website", typed="org_website", record="website", listed=False),
)

_LISTED = [field for field in FIELDS if field.listed]
PERSON_COLUMNS = tuple(field.person for field in _LISTED if field.person)
TYPED_COLUMNS = tuple(field.typed for field in _LISTED if field.typed)
RECORD_COLUMNS = tuple(f"organization__{field.record}" for field in _LISTED if field.record)

# The columns an entry is built from, read as plain rows (``values_list``), not model
# instances, so a list of a million streams in seconds.
LIST_COLUMNS: tuple[str, ...] = (
    "kind",
    "status",
    "position",
    "show_name",
    *PERSON_COLUMNS,
    *TYPED_COLUMNS,
    "published_at",
    "organization_id",
    *RECORD_COLUMNS,
    # As the list it came from wrote it (imports), shown instead of the English name.
    "organization__country_as_written",
)

# What a withdrawal erases: everything the signer typed, and what identified them. The
# position stays taken.
WITHDRAWN_ERASES: tuple[str, ...] = (
    *(field.person for field in FIELDS if field.person),
    *(field.typed for field in FIELDS if field.typed),
    "sealed_email",
    "dedupe_hash",
)


def max_length(name: str, *, organization: bool) -> int:
    """The longest value the part ``name`` may hold, for an organization's record or a
    person's signature (what an import must check before it stores a row)."""
    field = next(field for field in FIELDS if field.name == name)
    model: type[models.Model] = Organization if organization else Signature
    column = field.record if organization else field.person
    if organization and name == "country":
        column = "country_as_written"  # an imported country is kept as written
    if not column:
        raise ValueError(f"{'an organization' if organization else 'a person'} has no {name}")
    model_field = model._meta.get_field(column)
    assert isinstance(model_field, models.Field)
    assert model_field.max_length is not None
    return int(model_field.max_length)


class ListEntry(NamedTuple):
    """One numbered line of the list, with the parts the exports give separately.

    A named tuple: an export builds a million of them, and a frozen dataclass cost a
    field-by-field ``object.__setattr__`` each (docs/benchmarks.md).
    """

    position: int
    kind: str
    line: str
    # Withdrawn since the date the list is shown for: its data is erased, only the
    # number remains.
    withdrawn: bool = False
    abbreviation: str = ""
    name: str = ""
    name_transliteration: str = ""
    name_translation: str = ""
    role: str = ""
    affiliation: str = ""
    city: str = ""
    country: str = ""
    country_code: str = ""
    organization_id: int | None = None
    published_on: dt.date | None = None


# Where each column sits in a row of LIST_COLUMNS.
_AT = {column: index for index, column in enumerate(LIST_COLUMNS)}
_KIND, _STATUS, _POSITION, _SHOW_NAME = (
    _AT[c] for c in ("kind", "status", "position", "show_name")
)
_PUBLISHED_AT, _ORGANIZATION_ID = _AT["published_at"], _AT["organization_id"]
_AS_WRITTEN = _AT["organization__country_as_written"]
_PERSON = slice(_AT[PERSON_COLUMNS[0]], _AT[PERSON_COLUMNS[-1]] + 1)
_TYPED = slice(_AT[TYPED_COLUMNS[0]], _AT[TYPED_COLUMNS[-1]] + 1)
_RECORD = slice(_AT[RECORD_COLUMNS[0]], _AT[RECORD_COLUMNS[-1]] + 1)


def organization_line(
    *, abbreviation: str, name: str, transliteration: str, translation: str, country: str
) -> str:
    line = " ".join(part for part in (abbreviation, name) if part)
    for extra in (transliteration, translation):
        if extra:
            line += f" ({extra})"
    if country:
        line += f", {country}"
    return line


def person_line(*, name: str, role: str, affiliation: str, city: str, country: str) -> str:
    return ", ".join(part for part in (name, role, affiliation, city, country) if part)


def withdrawn_line() -> str:
    return _("A signatory who has since withdrawn")


def hidden_line() -> str:
    return _("A signatory who chose not to be named")


@lru_cache(maxsize=2048)
def _country_name(code: str, language: str | None) -> str:
    # django-countries looks a name up through several layers per call; a list repeats a
    # few dozen countries a million times. Keyed on the language: names are translated.
    return str(Country(code=code).name) if code else ""


def country_name(code: str) -> str:
    """A country's name in the active language, from its ISO code ("" for none)."""
    return _country_name(code or "", get_language())


DayOf = Callable[[dt.datetime | str], dt.date]


@lru_cache(maxsize=64)
def day_in(zone: dt.tzinfo) -> DayOf:
    """A function giving the day a moment falls on in ``zone``. A moment comes as the
    ORM or PostgreSQL's driver gives it (a datetime, UTC), or for an export from SQLite
    as the text it stores (``2025-01-06 12:00:00.123456``, UTC)."""
    if zone is dt.UTC or str(zone) in {"UTC", "Etc/UTC"}:
        # The default zone: the moment's own day, without converting a million of them.
        def utc_day(moment: dt.datetime | str) -> dt.date:
            if isinstance(moment, str):
                return dt.date.fromisoformat(moment[:10])
            return (moment.astimezone(dt.UTC) if moment.tzinfo else moment).date()

        return utc_day

    def local_day(moment: dt.datetime | str) -> dt.date:
        if isinstance(moment, str):
            moment = dt.datetime.fromisoformat(moment)
        aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        return aware.astimezone(zone).date()

    return local_day


def entry(row: tuple[Any, ...], day_of: DayOf, language: str | None) -> ListEntry:
    """How one signature (a row of ``LIST_COLUMNS``) appears in the list and exports.

    The time zone's ``day_of`` and the language are resolved once per list by the
    caller: looked up for each of a million rows they cost a fifth of an export.
    """
    position = row[_POSITION] or 0
    kind = row[_KIND]
    if row[_STATUS] == Signature.Status.WITHDRAWN:
        return ListEntry(position=position, kind=kind, line=withdrawn_line(), withdrawn=True)
    published_at = row[_PUBLISHED_AT]
    published_on = day_of(published_at) if published_at else None
    if kind == Signature.Kind.ORGANIZATION:
        matched = row[_ORGANIZATION_ID] is not None
        # What the signer typed until a moderator ties it to a record; then the record.
        abbreviation, name, transliteration, translation, code = row[_RECORD if matched else _TYPED]
        code = code or ""
        # A record's country as written in the list it came from, when there is one.
        country = (matched and row[_AS_WRITTEN]) or _country_name(code, language)
        return ListEntry(
            position=position,
            kind=kind,
            line=organization_line(
                abbreviation=abbreviation,
                name=name,
                transliteration=transliteration,
                translation=translation,
                country=country,
            ),
            abbreviation=abbreviation,
            name=name,
            name_transliteration=transliteration,
            name_translation=translation,
            country=country,
            country_code=code,
            organization_id=row[_ORGANIZATION_ID],
            published_on=published_on,
        )
    if not row[_SHOW_NAME]:
        # The list does not name them, nor say where they live.
        return ListEntry(
            position=position, kind=kind, line=hidden_line(), published_on=published_on
        )
    name, role, affiliation, city, code = row[_PERSON]
    code = code or ""
    country = _country_name(code, language)
    return ListEntry(
        position=position,
        kind=kind,
        line=person_line(name=name, role=role, affiliation=affiliation, city=city, country=country),
        name=name,
        role=role,
        affiliation=affiliation,
        city=city,
        country=country,
        country_code=code,
        published_on=published_on,
    )


def row_of(signature: Signature) -> tuple[Any, ...]:
    """A signature as a row of ``LIST_COLUMNS``, as the list's query would read it."""
    organization = signature.organization if signature.organization_id else None
    values: list[Any] = []
    for column in LIST_COLUMNS:
        if column.startswith("organization__"):
            value = getattr(organization, column.removeprefix("organization__"), None)
        else:
            value = getattr(signature, column)
        values.append(value.code if isinstance(value, Country) else value)
    return tuple(values)


def signatory_entry(signature: Signature) -> ListEntry:
    """How ``signature`` appears in the list, composed as the list composes every entry."""
    return entry(row_of(signature), day_in(timezone.get_current_timezone()), get_language())


def signatory_line(signature: Signature) -> str:
    """The text of one entry, without its number."""
    return signatory_entry(signature).line
