"""The values the list is read into and the exports are written from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple


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


@dataclass(frozen=True, kw_only=True)
class SnapshotRef:
    number: int
    status_date: dt.date
    sha256: str
    previous_sha256: str
    url: str


@dataclass(frozen=True, kw_only=True)
class ExportHeader:
    slug: str
    title: str
    url: str
    status_line: str
    count: int
    as_of: dt.date | None = None
    snapshot: SnapshotRef | None = None
