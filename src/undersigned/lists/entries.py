"""What the exports state above their entries (the entries themselves are
``signatures.signatory.ListEntry``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
