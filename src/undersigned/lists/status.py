"""The list's dated status line and the state its pages' caching headers are made of.

``Status of the signatories 06.01.2025. Further signing possible.``: one wording for the
page, the exports and the snapshots, in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from undersigned.core.moments import latest
from undersigned.counters import selectors as counters
from undersigned.counters.models import DeclarationCounter
from undersigned.declarations.models import Declaration
from undersigned.lists.models import Snapshot
from undersigned.signatures.models import Signature


def status_date(day: date, day_format: str = "STATUS_DATE_FORMAT") -> str:
    """A day as the status line writes it in the active language: the format module's
    ``STATUS_DATE_FORMAT`` (undersigned/formats/), else the published lists' own
    ``06.01.2025`` (a language without our catalogues reads the English wording).
    A page passes ``DATE_FORMAT``: one form of date per page ("3 December 2026")."""
    fmt = formats.get_format(day_format)
    if fmt == "STATUS_DATE_FORMAT":  # no module of ours for this language
        fmt = "d.m.Y"
    return formats.date_format(day, fmt)


def status_line_text(
    *, day: date | None, signing_open: bool, day_format: str = "STATUS_DATE_FORMAT"
) -> str:
    """``Status of the signatories 06.01.2025. Further signing possible.``, in the active
    language; the one wording of the page, the exports and the snapshots."""
    parts = []
    if day is not None:
        parts.append(
            _("Status of the signatories %(date)s.") % {"date": status_date(day, day_format)}
        )
    parts.append(_("Further signing possible.") if signing_open else _("Signing is closed."))
    return " ".join(parts)


def status_line(*, declaration: Declaration, day_format: str = "STATUS_DATE_FORMAT") -> str:
    """``Status of the signatories 06.01.2025. Further signing possible.``, translated."""
    changed = counters.list_changed_at(declaration=declaration) or declaration.opened_at
    return status_line_text(
        day=timezone.localtime(changed).date() if changed is not None else None,
        signing_open=declaration.status == Declaration.Status.OPEN,
        day_format=day_format,
    )


@dataclass(frozen=True, kw_only=True)
class ListState:
    """What the caching headers of a declaration's public pages are made of."""

    declaration_id: int
    status: str
    updated_at: datetime
    # The counter's folded figures (published, positioned, through_position, withdrawn)
    # and its last publication, withdrawal and update; None before the job has run.
    counter: tuple[int, int, int, int] | None
    counted_published_at: datetime | None
    counted_withdrawn_at: datetime | None
    counted_at: datetime | None
    # The highest position given and when it was published; the latest snapshot.
    top_position: int
    top_published_at: datetime | None
    snapshot_number: int
    # The original's language: the list is written in it (the API's pages of it).
    language: str

    @property
    def changed_at(self) -> datetime:
        """Last-Modified: the declaration's own change, the folded list's last change and
        any publication since (positions follow publishing order, so the top one's is the
        latest). A withdrawal shows once the job has run, as it does in the ETag."""
        tail = self.counter is None or self.top_position > self.counter[2]
        changed = latest(
            self.updated_at,
            self.counted_published_at,
            self.counted_withdrawn_at,
            self.top_published_at if tail else None,
        )
        assert changed is not None  # updated_at always is
        return changed


_LIST_STATE_SQL: dict[str, str] = {}


def _list_state_sql(vendor: str) -> str:
    if vendor not in _LIST_STATE_SQL:
        q = connection.ops.quote_name
        d, c = q(Declaration._meta.db_table), q(DeclarationCounter._meta.db_table)
        s, n = q(Signature._meta.db_table), q(Snapshot._meta.db_table)
        top = (
            f"FROM {s} WHERE {s}.{q('declaration_id')} = {d}.{q('id')} "
            f"AND {s}.{q('position')} IS NOT NULL ORDER BY {s}.{q('position')} DESC LIMIT 1"
        )
        latest = f"FROM {n} WHERE {n}.{q('declaration_id')} = {d}.{q('id')}"
        counter_columns = (
            "published", "positioned", "through_position", "withdrawn",
            "last_published_at", "last_withdrawn_at", "updated_at",
        )  # fmt: skip
        columns = [
            f"{d}.{q('id')}",
            f"{d}.{q('status')}",
            f"{d}.{q('updated_at')}",
            *(f"{c}.{q(column)}" for column in counter_columns),
            f"(SELECT {s}.{q('position')} {top})",
            f"(SELECT {s}.{q('published_at')} {top})",
            f"(SELECT MAX({n}.{q('number')}) {latest})",
            f"{d}.{q('language')}",
        ]
        # Names from the models' metadata only; the slug and statuses are parameters.
        _LIST_STATE_SQL[vendor] = (
            f"SELECT {', '.join(columns)} "  # noqa: S608
            f"FROM {d} LEFT JOIN {c} ON {c}.{q('declaration_id')} = {d}.{q('id')} "
            f"WHERE {d}.{q('slug')} = %s AND {d}.{q('status')} IN (%s, %s)"
        )
    return _LIST_STATE_SQL[vendor]


def _moment(value: Any) -> datetime | None:
    # A raw query's datetimes: aware ones from PostgreSQL, UTC text from SQLite.
    if value is None or value == "":
        return None
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            return None
        value = parsed
    assert isinstance(value, datetime)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def list_state(*, slug: str) -> ListState | None:
    """The ``ListState`` of the open or closed declaration ``slug`` (None for any other).

    One statement, written out rather than built by the ORM: every page view and every
    revalidation runs it, and composing and compiling it through querysets cost ten
    times what SQLite took to answer it.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            _list_state_sql(connection.vendor),
            [slug, Declaration.Status.OPEN, Declaration.Status.CLOSED],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    counted = row[3] is not None
    updated_at = _moment(row[2])
    assert updated_at is not None
    return ListState(
        declaration_id=int(row[0]),
        status=str(row[1]),
        updated_at=updated_at,
        counter=(int(row[3]), int(row[4]), int(row[5]), int(row[6])) if counted else None,
        counted_published_at=_moment(row[7]),
        counted_withdrawn_at=_moment(row[8]),
        counted_at=_moment(row[9]),
        top_position=int(row[10] or 0),
        top_published_at=_moment(row[11]),
        snapshot_number=int(row[12] or 0),
        language=str(row[13]),
    )
